"""Plain mode: lines of text in, lines of text out, with a fake clock and sleep."""

from __future__ import annotations

import io
import os
from collections.abc import Callable

import pytest

from painpath.engine import FakeClock
from painpath.engine.events import (
    EntrySubmitted,
    Event,
    Finished,
    ItemMarked,
    RatingGiven,
    SessionStarted,
    Stopped,
)
from painpath.format.models import Breath, Exercise, Scale, Step
from painpath.plain import BELL_LINE, PREVIEW_END, PlainResult, run_plain
from painpath.plain_input import Signal as _Signal
from painpath.plain_input import ThreadedLines as _ThreadedLines
from painpath.plain_words import STOP_HINT, minutes_phrase, rating_prompt, span, step_heading

PAIN_PROMPT = ("How strong is your pain right now? 0 means no pain, 10 means worst pain "
               "imaginable. Type a number, or press Enter to skip.")
TENSION_PROMPT = ("How much muscle tension do you notice right now? 0 means fully relaxed, "
                  "10 means as tense as can be. Type a number, or press Enter to skip.")


def ex(*steps: Step, **kw: object) -> Exercise:
    kw.setdefault("title", "Calm feet")
    kw.setdefault("ratings_before", ())
    kw.setdefault("ratings_after", ())
    return Exercise(id="x", kind="other", pack="test", steps=steps,
                    **kw)  # type: ignore[arg-type]


class TtyStringIO(io.StringIO):
    def isatty(self) -> bool:
        return True


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)


def run(exercise: Exercise, text: str = "", *, tty: bool = False, bell: bool = True,
        speed: float = 1.0, sleep: Callable[[FakeClock], Callable[[float], None]] | None = None,
        stdin: io.StringIO | None = None, listeners: tuple = (),
        threaded: bool = False, saved: bool = True) -> tuple[PlainResult, str, FakeClock]:
    clock = FakeClock()
    out = TtyStringIO() if tty else io.StringIO()
    result = run_plain(exercise, stdin=stdin if stdin is not None else io.StringIO(text),
                       stdout=out, clock=clock,
                       sleep=sleep(clock) if sleep else clock.advance, speed=speed,
                       listeners=listeners, bell=bell, threaded_input=threaded, saved=saved)
    return result, out.getvalue(), clock


def before(output: str, first: str, second: str) -> bool:
    return output.index(first) < output.index(second)


# ------------------------------------------------------------- a whole run
TWO_STEPS = ex(Step(title="Arriving", text="Settle in.\n\nYou might close your eyes.",
                    duration=60),
               Step(title="Feet", text="Rest your attention on your feet.", duration=45,
                    bell=False),
               content_note="Brings attention to areas of pain.",
               ratings_before=("pain", "tension"), ratings_after=("pain", "tension"))


def test_a_whole_run_reads_like_a_script() -> None:
    result, out, clock = run(TWO_STEPS, "6\n5\n4\n3\nfelt calmer\n")
    lines = out.splitlines()
    assert lines[0] == "Calm feet"
    assert lines[1] == "About 1 minute 45 seconds, 2 steps."
    # The content note and the way out come before anything is asked or started.
    assert before(out, "Brings attention to areas of pain.", PAIN_PROMPT)
    assert before(out, STOP_HINT, PAIN_PROMPT)
    assert before(out, PAIN_PROMPT, TENSION_PROMPT)
    assert before(out, TENSION_PROMPT, "Step 1 of 2: Arriving. 1 minute.")
    i = lines.index("Step 1 of 2: Arriving. 1 minute.")
    # The opening bell is not said (piped): the heading says a step begins.
    assert lines[i + 1:i + 4] == ["Settle in.", "", "You might close your eyes."]
    assert "Step 2 of 2: Feet. 45 seconds." in lines
    assert lines[-4:] == ["", "Summary: 2 minutes practised.", "pain 6, then 4",
                          "tension 5, then 3"]
    assert BELL_LINE not in out
    assert result == PlainResult(
        status="completed", practiced_seconds=105.0, furthest_step=1, started=True,
        before={"pain": 6, "tension": 5}, after={"pain": 4, "tension": 3},
        note="felt calmer")
    assert clock.now() == 105.0  # timed steps ran their full length


def test_skipped_ratings_and_no_note() -> None:
    result, out, _ = run(TWO_STEPS, "\n\n\n\n\n")
    assert result.before == {"pain": None, "tension": None}
    assert result.after == {"pain": None, "tension": None} and result.note is None
    assert out.rstrip().endswith("Summary: 2 minutes practised.")


def test_summary_words_when_one_side_is_missing() -> None:
    exercise = ex(Step(text="a", duration=30), ratings_before=("pain", "tension"),
                  ratings_after=("pain", "distress"))
    _, out, _ = run(exercise, "6\n\n\n2\n\n")
    assert out.splitlines()[-2:] == ["pain 6, then not given", "distress 2"]
    assert "Summary: less than a minute practised." in out


HINT = "That isn't a whole number from 0 to 10. You can type one, or press Enter to skip."


def test_an_invalid_rating_is_asked_again_until_a_number() -> None:
    """Before: a second mistake dropped the rating ("Let's leave that one out")."""
    result, out, _ = run(TWO_STEPS, "eleven\nsix\n-1\n7\nx\n 4 \n\n\n")
    assert result.before == {"pain": 7, "tension": 4}
    assert out.count(HINT) == 4
    assert "leave that one out" not in out
    assert out.count(PAIN_PROMPT) == 2  # once before, once after; not repeated on re-ask


def test_an_empty_line_after_a_mistake_skips() -> None:
    result, out, _ = run(TWO_STEPS, "ten\n\n5\n")
    assert result.before == {"pain": None, "tension": 5}
    assert out.count(HINT) == 1


def test_input_ending_after_mistakes_skips_the_rest() -> None:
    result, out, _ = run(TWO_STEPS, "ten\n11\n")
    assert result.before == {"pain": None, "tension": None}
    assert out.count(HINT) == 2 and TENSION_PROMPT not in out


def test_a_pack_scale_is_asked_in_its_own_words() -> None:
    sleep_scale = Scale("sleep", "How well did you sleep last night?", 1, 5, "badly", "very well")
    exercise = ex(Step(text="a", duration=5), scales=(sleep_scale,), ratings_before=("sleep",))
    result, out, _ = run(exercise, "0\n5\n")
    assert ("How well did you sleep last night? 1 means badly, 5 means very well. "
            "Type a number, or press Enter to skip." in out)
    assert "That isn't a whole number from 1 to 5." in out
    assert result.before == {"sleep": 5}


# ----------------------------------------------------------------- input ends
EVERY_KIND = ex(Step(title="See", text="Look around.", count=3, duration=40),
                Step(title="Name", text="Name one thing.", count=2),
                Step(title="Write", text="What went through your mind?", entry=True,
                     duration=300),
                Step(title="Breathe", text="Breathe.", breath=Breath(4, 0, 6, 0), cycles=2),
                Step(title="Jaw", text="Notice your jaw.", duration=30, region="jaw",
                     rate="tension"),
                ratings_before=("pain", "tension"), ratings_after=("pain",))


def test_when_input_ends_questions_are_skipped_and_timed_steps_still_run() -> None:
    rec = Recorder()
    result, out, clock = run(EVERY_KIND, "", listeners=(rec,))
    assert out.count(PAIN_PROMPT) == 1  # asked once, found the end, asked nothing more
    assert TENSION_PROMPT not in out and "note" not in out
    assert result.status == "completed"
    assert result.before == {"pain": None, "tension": None} and result.after == {"pain": None}
    # The count with a limit runs out its 40 s, the untimed count and the entry
    # end at once, the breath (20 s) and the timed step (30 s) run in full.
    assert clock.now() == 40 + 20 + 30
    assert result.practiced_seconds == 90
    assert result.entries == [EntrySubmitted(2, None, 40.0)]
    assert result.during == [RatingGiven("during", "tension", None, 4, "jaw")]
    assert rec.events[-2] == Finished(90.0, 4)  # then the skipped after-rating


def test_every_step_kind_answered_line_by_line() -> None:
    rec = Recorder()
    text = "3\n2\n" + "tree\ncup\nlamp\n" + "a\nb\n" + "I can't cope\n" + "5\n" + "1\n" + "ok\n"
    result, out, clock = run(EVERY_KIND, text, listeners=(rec,))
    marks = [(e.index, e.marked, e.count) for e in rec.events if isinstance(e, ItemMarked)]
    assert marks == [(0, 1, 3), (0, 2, 3), (0, 3, 3), (1, 1, 2), (1, 2, 2)]
    assert "1 of 3.\n2 of 3.\n3 of 3.\n" in out
    assert "Press Enter once for each one (3 in all)." in out
    assert "Step 1 of 5: See. 3 to mark, up to 40 seconds." in out
    assert "Step 2 of 5: Name. 2 to mark." in out
    assert "Step 3 of 5: Write. A written answer, up to 5 minutes." in out
    assert "Type your answer and press Enter, or press Enter alone to skip." in out
    assert "Noted." in out
    assert result.entries == [EntrySubmitted(2, "I can't cope", 0.0)]
    # Marking and writing took no time on this clock; only breath and jaw ran.
    assert clock.now() == 20 + 30
    assert ("How much muscle tension do you notice right now, in your jaw? 0 means fully "
            "relaxed, 10 means as tense as can be. Type a number, or press Enter to skip.") in out
    assert result.during == [RatingGiven("during", "tension", 5, 4, "jaw")]
    assert result.after == {"pain": 1} and result.note == "ok"
    assert out.splitlines()[-2:] == ["pain 3, then 1", "tension 2"]


def test_an_empty_entry_line_skips() -> None:
    result, out, _ = run(ex(Step(text="Write.", entry=True)), "\n")
    assert result.entries == [EntrySubmitted(0, None, 0.0)]
    assert "Skipped." in out


def test_breath_phases_one_line_each() -> None:
    exercise = ex(Step(title="Pacer", text="Follow the count.", breath=Breath(4, 2, 6, 0),
                       cycles=2))
    _, out, clock = run(exercise)
    assert "Step 1 of 1: Pacer. 2 breaths, 24 seconds." in out
    phases = [ln for ln in out.splitlines()
              if ln.startswith(("Breath", "Hold", "Rest"))]
    assert phases == ["Breath 1 of 2. Breathe in for 4 seconds.", "Hold for 2 seconds.",
                      "Breathe out for 6 seconds.",
                      "Breath 2 of 2. Breathe in for 4 seconds.", "Hold for 2 seconds.",
                      "Breathe out for 6 seconds."]
    assert clock.now() == 24


def test_speed_previews_faster() -> None:
    result, out, clock = run(TWO_STEPS, "", speed=10, saved=False)
    assert "A preview at 10 times the usual speed. Nothing from it is saved." in out
    assert out.splitlines()[-1] == PREVIEW_END
    assert clock.now() == pytest.approx(10.5)
    assert result.practiced_seconds == pytest.approx(105)


def test_a_preview_kept_with_log_says_so_and_not_that_nothing_is_saved() -> None:
    _, out, _ = run(TWO_STEPS, "", speed=10, saved=True)
    assert "A preview at 10 times the usual speed. It is kept in your log." in out
    assert PREVIEW_END not in out and "Nothing from it" not in out


# --------------------------------------------------------------- safe text
def test_file_text_is_only_ever_text() -> None:
    nasty = "[bold]x[/bold] \x1b[31mred\x1b[0m \x1b]8;;http://x\x07link\x1b]8;;\x07 \x9b2J"
    scale = Scale("mood", "[red]Mood?[/red]\x1b[2J", 0, 3, "low\x07", "high\x1b[5m")
    exercise = ex(Step(title="[b]T[/b]\x1b[1m", text=nasty, duration=5, rate="mood"),
                  title="\x1b]0;pwned\x07Title [i]", content_note="Note \x1b[8mhidden",
                  scales=(scale,), ratings_before=("mood",))
    _, out, _ = run(exercise, "1\n2\n")
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "[bold]x[/bold] [31mred[0m ]8;;http://xlink]8;; 2J" in out
    assert out.startswith("]0;pwnedTitle [i]\n")
    assert "Step 1 of 1: [b]T[/b][1m. 5 seconds." in out
    assert "Note [8mhidden" in out
    assert "[red]Mood?[/red][2J. 0 means low, 3 means high[5m. Type a number" in out


def test_bell_character_only_on_a_terminal_and_only_when_wanted() -> None:
    """Interval bells are said (they mark time in a silence); the opening one only rings."""
    exercise = ex(Step(title="Sit", text="sit", duration=120, bells_every=60))
    heading = "Step 1 of 1: Sit. 2 minutes."
    _, piped, _ = run(exercise)
    assert piped.count(BELL_LINE + "\n") == 1 and "\a" not in piped  # the one at 1 minute
    assert heading + "\n" in piped
    _, tty, _ = run(exercise, tty=True)
    assert tty.count(BELL_LINE + "\a\n") == 1 and heading + "\a\n" in tty
    _, quiet, _ = run(exercise, tty=True, bell=False)
    assert quiet.count(BELL_LINE + "\n") == 1 and "\a" not in quiet


def test_an_ascii_only_log_still_gets_every_line() -> None:
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", write_through=True)
    exercise = ex(Step(text="b", breath=Breath(1, 0, 1, 0), cycles=1),
                  ratings_before=("pain",), ratings_after=("pain",))
    clock = FakeClock()
    run_plain(exercise, stdin=io.StringIO("6\n4\n\n"), stdout=stream, clock=clock,
              sleep=clock.advance, threaded_input=False)
    text = raw.getvalue().decode("ascii")
    assert "Breath 1 of 1. Breathe in for 1 second." in text
    assert "pain 6, then 4" in text


# ------------------------------------------------------------------ Ctrl+C
def interrupt_at(when: float) -> Callable[[FakeClock], Callable[[float], None]]:
    """A sleep that lets the clock reach `when`, then the person presses Ctrl+C."""

    def make(clock: FakeClock) -> Callable[[float], None]:
        def sleep(seconds: float) -> None:
            clock.advance(min(seconds, max(0.0, when - clock.now())))
            if clock.now() >= when:
                raise KeyboardInterrupt

        return sleep

    return make


def test_ctrl_c_stops_kindly_and_still_offers_the_after_ratings() -> None:
    exercise = ex(*(Step(title=f"Part {i}", text="...", duration=100) for i in range(3)),
                  ratings_before=("pain",), ratings_after=("pain",))
    rec = Recorder()
    result, out, _ = run(exercise, "5\n3\nstopped early, fine\n", sleep=interrupt_at(240),
                         listeners=(rec,))
    assert "Stopped. That's fine. You practised for 4 minutes." in out
    assert out.count(PAIN_PROMPT) == 2  # the after-rating is still offered
    assert out.index("Stopped. That's fine") < out.rindex(PAIN_PROMPT)
    assert "Traceback" not in out
    assert result.status == "stopped" and result.started
    assert result.practiced_seconds == 240 and result.furthest_step == 2
    assert result.after == {"pain": 3} and result.note == "stopped early, fine"
    assert Stopped(240.0, 2, False) in rec.events
    assert out.splitlines()[-1] == "pain 5, then 3"


def test_ctrl_c_while_a_rating_is_pending_records_the_skip() -> None:
    class Interrupting(io.StringIO):
        def readline(self, size: int = -1) -> str:  # type: ignore[override]
            raise KeyboardInterrupt

    exercise = ex(Step(text="a", duration=10, rate="pain"), Step(text="b", duration=10))
    result, out, _ = run(exercise, stdin=Interrupting())
    assert result.status == "stopped" and result.practiced_seconds == 10
    assert result.during == [RatingGiven("during", "pain", None, 0, None)]
    assert "Stopped. That's fine. You practised for less than a minute." in out


def test_ctrl_c_during_the_before_ratings() -> None:
    class Interrupting(io.StringIO):
        def readline(self, size: int = -1) -> str:  # type: ignore[override]
            raise KeyboardInterrupt

    rec = Recorder()
    result, out, clock = run(TWO_STEPS, stdin=Interrupting(), listeners=(rec,))
    assert result == PlainResult("stopped", 0.0, 0, False)
    assert "Stopped before starting. That's fine." in out
    assert "Step 1" not in out and clock.now() == 0
    assert rec.events == []


def test_ctrl_c_during_the_after_ratings_keeps_the_completed_session() -> None:
    class LateInterrupt(io.StringIO):
        def readline(self, size: int = -1) -> str:  # type: ignore[override]
            line = super().readline(size)
            if not line:
                raise KeyboardInterrupt
            return line

    result, out, _ = run(TWO_STEPS, stdin=LateInterrupt("6\n5\n4\n"))
    assert result.status == "completed" and result.after == {"pain": 4}
    assert result.note is None
    assert "Leaving the questions there." in out
    assert out.splitlines()[-2:] == ["pain 6, then 4", "tension 5"]


# ---------------------------------------------------------------- listeners
def test_listeners_hear_before_and_after_ratings_around_the_session() -> None:
    rec = Recorder()
    run(TWO_STEPS, "6\n\n4\n3\n\n", listeners=(rec,))
    names = [type(e).__name__ for e in rec.events]
    assert rec.events[:2] == [RatingGiven("before", "pain", 6),
                              RatingGiven("before", "tension", None)]
    assert isinstance(rec.events[2], SessionStarted)
    assert names[-3:] == ["Finished", "RatingGiven", "RatingGiven"]
    assert rec.events[-2:] == [RatingGiven("after", "pain", 4), RatingGiven("after", "tension", 3)]


# ----------------------------------------------------------------- wording
@pytest.mark.parametrize(("seconds", "words"), [
    (4.5, "4.5 seconds"), (1, "1 second"), (45, "45 seconds"), (60, "1 minute"),
    (90, "1 minute 30 seconds"), (120, "2 minutes"), (3600, "1 hour"),
    (3900, "1 hour 5 minutes"),
])
def test_span(seconds: float, words: str) -> None:
    assert span(seconds) == words


@pytest.mark.parametrize(("seconds", "words"), [
    (0, "less than a minute"), (59, "less than a minute"), (60, "1 minute"),
    (89, "1 minute"), (90, "2 minutes"), (2700, "45 minutes"),
])
def test_minutes_phrase(seconds: float, words: str) -> None:
    assert minutes_phrase(seconds) == words


def test_step_headings_and_prompts() -> None:
    assert step_heading(0, 1, Step(text="x", duration=45)) == "Step 1 of 1. 45 seconds."
    assert step_heading(2, 4, Step(text="x", title="Look", count=5, duration=120)) == \
        "Step 3 of 4: Look. 5 to mark, up to 2 minutes."
    assert step_heading(0, 1, Step(text="x", breath=Breath(5, 0, 5, 0), cycles=1)) == \
        "Step 1 of 1. 1 breath, 10 seconds."
    assert rating_prompt(Scale("p", "How strong is your pain right now?", 0, 10, "no pain",
                               "worst pain imaginable")) == PAIN_PROMPT
    assert rating_prompt(Scale("t", "Tension", 0, 10), "whole-body") == \
        "Tension, in your whole body. A number from 0 to 10. Type a number, or press Enter to skip."


# ------------------------------------------------------------ terminal input
def test_threaded_lines_read_queue_and_end() -> None:
    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, "r") as reader:
        lines = _ThreadedLines(reader)  # type: ignore[arg-type]
        assert lines.wait(0) is _Signal.TIMEOUT  # nothing typed yet; no waiting either
        os.write(write_fd, b"first\r\nsecond\n")
        assert lines.wait(10) == "first"
        assert lines.wait(10) == "second"
        os.write(write_fd, b"stale\n")
        os.close(write_fd)
        assert lines.wait(10) == "stale"
        assert lines.wait(10) is _Signal.EOF
        assert lines.wait(None) is _Signal.EOF  # stays ended


def test_threaded_lines_drop_what_was_typed_before_the_question() -> None:
    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, "r") as reader:
        lines = _ThreadedLines(reader)  # type: ignore[arg-type]
        os.write(write_fd, b"typed during a timed step\n")
        os.close(write_fd)
        # Wait until the reader thread has seen everything, then drop it.
        assert lines.wait(10) == "typed during a timed step"
        lines.discard_pending()
        assert lines.wait(10) is _Signal.EOF


def test_a_threaded_run_with_no_input_still_practises() -> None:
    result, out, clock = run(EVERY_KIND, "", threaded=True)
    assert result.status == "completed" and clock.now() == 90
    assert "Step 5 of 5: Jaw. 30 seconds." in out
