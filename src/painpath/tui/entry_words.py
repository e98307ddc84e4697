"""Log entries in the words History and the entry page show: plain, short, no judgement.

Pure functions over `Entry` (no textual), so the same wording is tested once
and used by the list and the detail page alike. Everything that came from a
file or a person (exercise ids, notes, answers) goes through `clean_line` or
`clean` here and is shown by the screens as literal text.
"""

from __future__ import annotations

from collections.abc import Mapping

from painpath.format.models import Exercise
from painpath.scale_names import scale_words as core_scale_words
from painpath.stats import scale_order
from painpath.store.records import Entry, Rating
from painpath.text import clean_line
from painpath.timefmt import length, whole_minutes

STATUS_WORDS = {
    "completed": "completed",
    "stopped": "stopped",
    "interrupted": "interrupted",
    "in-progress": "in progress",
}
PHASE_WORDS = {"before": "Before", "during": "During", "after": "After", "check-in": "Check-in"}


def when(entry: Entry, this_year: int | None = None) -> str:
    """`23 Nov 2026 21:34` (the year left out when it is `this_year`), on the clock
    where it was recorded."""
    moment = entry.started
    year = "" if moment.year == this_year else f" {moment.year}"
    return f"{moment.day} {moment.strftime('%b')}{year} {moment.strftime('%H:%M')}"


def long_when(entry: Entry) -> str:
    """`Monday 23 November 2026, 21:34` for the entry's own page."""
    moment = entry.started
    return f"{moment.strftime('%A')} {moment.day} {moment.strftime('%B %Y, %H:%M')}"


def title_of(entry: Entry, exercises: Mapping[str, Exercise]) -> str:
    """The exercise's title when it is installed, else its id; check-ins by their kind."""
    if entry.type != "session":
        return "PEG check-in" if entry.peg else "Check-in"
    ident = entry.exercise or ""
    found = exercises.get(ident)
    return clean_line(found.title if found is not None else ident or "A practice")


def status_words(entry: Entry) -> str:
    """`completed`, `stopped`, `interrupted`, `in progress`; nothing for a check-in."""
    if entry.type != "session":
        return ""
    return STATUS_WORDS.get(entry.status, clean_line(entry.status))


def practised(entry: Entry) -> str:
    """Time practised for a list, to the minute (`10 min`; `40 s` under a minute), or
    nothing when unknown or a check-in. The entry's page gives it to the second."""
    if entry.type != "session" or entry.practiced_s is None:
        return ""
    seconds = entry.practiced_s
    return length(seconds if seconds < 60 else whole_minutes(seconds) * 60)


def scale_words(scale: str) -> str:
    """A scale (or region) id as a person reads it: `sleep-quality` → `sleep quality`;
    the PEG's `enjoyment` → `interference with enjoyment of life` (`scale_names`)."""
    return core_scale_words(scale)


def ratings_summary(entry: Entry, sep: str = ", ") -> str:
    """`pain 6 then 4, tension 5 then 3` for a session (`pain 7 before` when no after
    was given, `pain 4 after` when no before), `pain 5, distress 2` for a check-in,
    `PEG score 5.0` for a complete PEG check-in (its items are on its page).

    Words, not "6→4" or "–": History's table has no other way to say these numbers
    to a screen reader, which reads a symbol as "right arrow" or not at all (as
    plain mode and `painpath log`, docs/app.md)."""
    if entry.type != "session":
        if entry.peg_score is not None:
            return f"PEG score {entry.peg_score:.1f}"
        return sep.join(f"{scale_words(r.scale)} {r.value}" for r in entry.ratings
                        if r.phase == "check-in")
    parts = []
    rated = {*entry.scales("before"), *entry.scales("after")}
    for scale in sorted(rated, key=scale_order):
        before, after = entry.rating("before", scale), entry.rating("after", scale)
        if before is not None and after is not None:
            parts.append(f"{scale_words(scale)} {before} then {after}")
        else:  # one of the two: say which (an interrupted practice asked no after)
            parts.append(f"{scale_words(scale)} {before if after is None else after} "
                         f"{'before' if after is None else 'after'}")
    return sep.join(parts)


def rating_line(rating: Rating) -> str:
    """One rating on the entry page: `tension 3 (feet)` or `pain 6`."""
    where = f" ({scale_words(rating.region)})" if rating.region else ""
    return f"{scale_words(rating.scale)} {rating.value}{where}"


def ratings_by_phase(entry: Entry) -> list[tuple[str, list[str]]]:
    """Each phase that has ratings, in the order a session lives them, with its lines."""
    out = []
    for phase in ("before", "during", "after", "check-in"):
        lines = [rating_line(r) for r in entry.ratings if r.phase == phase]
        if lines:
            out.append((PHASE_WORDS[phase], lines))
    return out


def length_line(entry: Entry) -> str:
    """`Completed. Practised 10 min of 12 min planned.` (sessions only)."""
    if entry.type != "session":
        return ""
    status = status_words(entry)
    text = status[:1].upper() + status[1:] + "."
    if entry.practiced_s is not None:
        text += f" Practised {length(entry.practiced_s)}"
        if entry.planned_s:
            text += f" of {length(entry.planned_s)} planned"
        text += "."
    if entry.status == "stopped" and entry.furthest_step is not None:
        text += f" Stopped at step {entry.furthest_step + 1}."
    return text


def step_title(entry: Entry, step: int, exercises: Mapping[str, Exercise]) -> str:
    """`Step 3, A thought` when the exercise is installed, else `Step 3`."""
    found = exercises.get(entry.exercise or "")
    if found is not None and 0 <= step < len(found.steps) and found.steps[step].title.strip():
        return f"Step {step + 1}, {clean_line(found.steps[step].title)}"
    return f"Step {step + 1}"
