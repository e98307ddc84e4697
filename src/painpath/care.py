"""The gentle offer when distress is high: when to make it, its words, and asking it.

When a person rates distress at 7 or more (of 10), rates a pack's
distress-like scale in the top three tenths of its range, or their pain rises
by 3 or more from before a practice to after it, painpath makes one calm
offer: ground now, see your safety plan, or carry on. It is never automatic,
and after "carry on" it is not made again in the same sitting: while the app
stays open, for the rest of one plain-mode run, within one check-in command.

The ratings of "ground me now" itself never bring the offer: grounding is
what it offers, and the screen after grounding has the same choices.

This module decides and words the offer for every front end; `ask` is the
question as lines of text (plain mode and `painpath check-in`). Free of
textual, like the rest of the core.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from painpath.format.models import Scale
from painpath.safety import EMERGENCY_SHORT
from painpath.scale_names import scale_words

if TYPE_CHECKING:
    from painpath.engine.events import Listener
    from painpath.format.models import Exercise

# painpath.library.GROUND_ME_NOW (not imported: the library's loader is heavy,
# and plain mode's first line should not wait for it; a test keeps them equal).
GROUND_ME_NOW = "painpath/feet-on-floor"
GROUND_COMMAND = "painpath run feet-on-floor"
PLAN_COMMAND = "painpath safety"

DISTRESS_AT = 7  # of 10: for the built-in distress scale
TOP_TENTHS = 3  # a distress-like scale: its top three tenths (7 of 10, 70 of 100)
PAIN_RISE = 3  # points on the 0 to 10 pain scale, from before to after a practice

HEADING = "A moment for you"
INVITATION = ("If it would help, you could ground yourself now, or look at your safety "
              "plan. Or carry on: whatever feels right is fine.")
CHOICES = ("Ground me now", "See my safety plan", "Carry on")

Choice = Literal["ground", "carry-on"]
ScaleLookup = Callable[[str], "Scale | None"]


def offer_at(scale: Scale) -> int | None:
    """The rating at or above which this scale brings the offer; None if it never does.

    The built-in distress scale: 7. A pack's scale marked `distress_like = true`:
    the top three tenths of its range, rounded up to a whole number, so 7 on
    0 to 10, 70 on 0 to 100, 4 on 1 to 5.
    """
    if scale.builtin and scale.id == "distress":
        return DISTRESS_AT
    if scale.distress_like and not scale.builtin:
        span = scale.max - scale.min
        return scale.max - (span * TOP_TENTHS) // 10
    return None


@dataclass(frozen=True)
class Reason:
    """Why the offer is made: a high distress rating, or pain that rose."""

    kind: Literal["distress", "pain-rise"]
    scale: Scale
    value: int
    before: int | None = None  # for a pain rise: the rating before the practice

    def words(self) -> str:
        """The first sentence of the offer: what the person told painpath, kindly."""
        if self.kind == "pain-rise":
            return (f"Your pain went from {self.before} before the practice to {self.value} "
                    "now. Sometimes a practice stirs things up; you have done nothing wrong.")
        name = scale_words(self.scale.id) or "distress"
        return (f"You rated {name} {self.value} out of {self.scale.max}. "
                "That is a lot to hold.")


def reason(ratings: Mapping[str, int | None], scales: ScaleLookup,
           before: Mapping[str, int | None] | None = None) -> Reason | None:
    """The first reason these ratings give for the offer, or None.

    `scales` looks a scale up by id (an exercise's `scale`, or a dict's
    `get`); a scale it does not know never brings the offer. `before` is given
    for the ratings after a practice, to see whether pain rose.
    """
    for scale_id, value in ratings.items():
        if value is None:
            continue
        scale = _lookup(scales, scale_id)
        at = offer_at(scale) if scale is not None else None
        if scale is not None and at is not None and value >= at:
            return Reason("distress", scale, value)
    if before is not None:
        was, now = before.get("pain"), ratings.get("pain")
        pain = _lookup(scales, "pain")
        if (was is not None and now is not None and pain is not None and pain.builtin
                and now - was >= PAIN_RISE):
            return Reason("pain-rise", pain, now, was)
    return None


def _lookup(scales: ScaleLookup, scale_id: str) -> Scale | None:
    try:
        return scales(scale_id)
    except KeyError:  # Exercise.scale raises for an id it does not know
        return None


class Sitting:
    """One sitting's memory of the offer: after "carry on" it is not made again.

    A sitting is the app while it stays open, one plain-mode run, or one
    `painpath check-in` command.
    """

    def __init__(self) -> None:
        self.declined = False

    def offer(self, ratings: Mapping[str, int | None], scales: ScaleLookup,
              before: Mapping[str, int | None] | None = None, *,
              grounding: bool = False) -> Reason | None:
        """The reason to make the offer now, or None (declined already, or grounding)."""
        if self.declined or grounding:
            return None
        return reason(ratings, scales, before)

    def carry_on(self) -> None:
        self.declined = True


# ------------------------------------------------------------------ as lines
def lines(why: Reason) -> list[str]:
    """The offer's words, one sentence group a line, for plain mode and the CLI."""
    return [why.words(), INVITATION]


def choice_lines() -> list[str]:
    """The numbered choices, each a whole sentence a screen reader reads well."""
    return [
        "What would help now? Type a number and press Enter.",
        "1. Ground me now: two minutes with your eyes open and your feet on the floor.",
        "2. See my safety plan.",
        "3. Carry on. Pressing Enter alone carries on too.",
    ]


def command_lines() -> list[str]:
    """Without a person to ask (input is not a terminal): the commands, in words."""
    return [f"To ground yourself now: {GROUND_COMMAND}",
            f"To see your safety plan: {PLAN_COMMAND}",
            "Or carry on; nothing else is needed."]


_ANSWERS: dict[str, str] = {
    "1": "ground", "ground": "ground", "ground me now": "ground", "g": "ground",
    "2": "plan", "plan": "plan", "safety plan": "plan", "see my safety plan": "plan",
    "3": "carry-on", "carry on": "carry-on", "": "carry-on",
}


def ask(say: Callable[[str], None], read: Callable[[], str | None], *,
        ground: Callable[[], None], show_plan: Callable[[], None]) -> Choice:
    """Ask the choices as lines until one is made; the end of input is "carry on".

    "See my safety plan" shows it and asks again (grounding may still help);
    "ground" calls `ground` and ends the offer. An answer that is none of the
    choices is asked again, gently.
    """
    say("")
    for line in choice_lines():
        say(line)
    while True:
        got = read()
        if got is None:
            return "carry-on"
        answer = _ANSWERS.get(" ".join(got.strip().lower().rstrip(".").split()))
        if answer == "ground":
            ground()
            return "ground"
        if answer == "carry-on":
            return "carry-on"
        if answer == "plan":
            show_plan()
            say("")
            say("Would anything else help? Type 1 to ground yourself now, 2 to see your "
                "safety plan again, or 3 (or Enter alone) to carry on.")
            continue
        say("Please type 1, 2 or 3, or press Enter alone to carry on.")


def offer_as_lines(why: Reason, say: Callable[[str], None],
                   read: Callable[[], str | None] | None, *, ground: Callable[[], None],
                   show_plan: Callable[[], None]) -> Choice:
    """The whole offer in lines: the words, then the question, or, with nobody to ask
    (`read` is None), the commands that do the same."""
    say("")
    say(HEADING + ".")
    for line in lines(why):
        say(line)
    say(EMERGENCY_SHORT)  # as the app's offer says it, whether or not anyone answers
    if read is None:
        for line in command_lines():
            say(line)
        return "carry-on"
    choice = ask(say, read, ground=ground, show_plan=show_plan)
    if choice == "carry-on":
        say("Carrying on.")
    return choice


@dataclass
class PlainCare:
    """What plain mode needs to make the offer (`painpath.plain.run_plain`'s `care`).

    `grounding` is the "ground me now" practice (None: painpath cannot find it,
    and the offer names the command instead); `listeners` record a practice in
    the log and `finished(exercise, note)` closes its record; `show_plan` writes
    the person's safety plan, a line at a time, through the function it is given.
    """

    grounding: Exercise | None
    show_plan: Callable[[Callable[[str], None]], None]
    listeners: Callable[[Exercise], Iterable[Listener]] = lambda exercise: ()
    finished: Callable[[Exercise, str | None], None] = lambda exercise, note: None
    sitting: Sitting = field(default_factory=Sitting)
