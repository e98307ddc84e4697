"""The session engine, driven by a fake clock: hours of practice in milliseconds."""

from __future__ import annotations

import logging
import random

import pytest

from painpath.engine import ADD_MINUTE_SECONDS, FakeClock, Session
from painpath.engine.events import (
    Bell,
    EntrySubmitted,
    Event,
    Finished,
    ItemMarked,
    Paused,
    PhaseChanged,
    RatingAsked,
    RatingGiven,
    Resumed,
    SessionStarted,
    StepStarted,
    Stopped,
)
from painpath.format.models import Breath, Exercise, Step


def ex(*steps: Step, **kw: object) -> Exercise:
    return Exercise(id="x", title="X", kind="other", pack="test", steps=steps, **kw)  # type: ignore[arg-type]


class Recorder:
    def __init__(self) -> None:
        self.events: list[Event] = []

    def __call__(self, event: Event) -> None:
        self.events.append(event)

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]

    def clear(self) -> None:
        self.events.clear()


def make(exercise: Exercise, speed: float = 1.0) -> tuple[Session, FakeClock, Recorder]:
    clock = FakeClock(1000.0)  # not zero: nothing may assume the clock starts at 0
    rec = Recorder()
    return Session(exercise, clock=clock, speed=speed, listeners=[rec]), clock, rec


def step_starts(rec: Recorder) -> list[tuple[int, float]]:
    return [(e.index, e.at) for e in rec.of(StepStarted)]


# ------------------------------------------------------------------ the clock
def test_fake_clock_moves_only_forwards() -> None:
    clock = FakeClock()
    clock.advance(2.5)
    clock.set(10)
    assert clock.now() == 10
    with pytest.raises(ValueError, match="cannot go back"):
        clock.advance(-1)
    with pytest.raises(ValueError, match="cannot go back"):
        clock.set(3)


# ----------------------------------------------------------- long sessions
def forty_five_minutes() -> Exercise:
    """Many steps of every timed kind, 2700 s in all."""
    steps = [Step(text="arrive", duration=60)]
    steps += [Step(text=f"part {i}", duration=45, region="feet") for i in range(40)]  # 1800
    steps.append(Step(text="breathe", breath=Breath(4, 2, 6, 0), cycles=10))  # 120
    steps.append(Step(text="sit", duration=600, bells_every=120))
    steps.append(Step(text="breathe", breath=Breath(4, 0, 4, 2), cycles=12))  # 120
    assert sum(s.limit_seconds or 0 for s in steps) == 2700
    return ex(*steps)


def test_forty_five_minutes_end_on_schedule_however_late_the_ticks() -> None:
    session, clock, rec = make(forty_five_minutes())
    rng = random.Random(7)
    session.start()
    while session.state == "running":
        clock.advance(rng.uniform(0.01, 180.0))  # irregular, sometimes minutes late
        session.tick()
    assert session.state == "finished"
    (done,) = rec.of(Finished)
    assert done.practiced_seconds == pytest.approx(2700, abs=0.05)
    assert done.furthest_step == len(session.exercise.steps) - 1
    # Every step started exactly on its schedule, not when a tick noticed.
    expected, t = [], 0.0
    for i, step in enumerate(session.exercise.steps):
        expected.append((i, pytest.approx(t, abs=1e-6)))
        t += step.limit_seconds or 0
    assert step_starts(rec) == expected
    # Events come out in time order even when one tick processes many.
    ats = [e.at for e in rec.events if hasattr(e, "at")]
    assert ats == sorted(ats)
    assert session.elapsed == pytest.approx(2700, abs=0.05)


def run_by_next_due(session: Session, clock: FakeClock, limit: int = 10_000) -> int:
    """Sleep exactly `next_due()` and tick, like a UI; bounded so a regression fails."""
    for wakeups in range(limit):
        if session.state != "running":
            return wakeups
        due = session.next_due()
        assert due is not None
        clock.advance(due)
        session.tick()
    raise AssertionError("the session never finished: next_due() kept it spinning")


def test_a_ui_sleeping_exactly_next_due_finishes_on_time() -> None:
    session, clock, rec = make(forty_five_minutes())
    session.start()
    wakeups = run_by_next_due(session, clock)
    assert session.state == "finished"
    assert clock.now() - 1000.0 == pytest.approx(2700, abs=0.05)
    # One wake-up per scheduled event, no polling.
    timed_events = [e for e in rec.events if isinstance(e, PhaseChanged | Bell | StepStarted)]
    assert wakeups <= len(timed_events)


def test_one_very_late_tick_emits_every_transition_in_order() -> None:
    session, clock, rec = make(ex(Step(text="a", duration=10, bell=False),
                                  Step(text="b", breath=Breath(2, 0, 2, 0), cycles=2, bell=False),
                                  Step(text="c", duration=10)))
    session.start()
    clock.advance(10_000)
    session.tick()
    kinds = [(type(e).__name__, getattr(e, "at", None)) for e in rec.events]
    assert kinds == [
        ("SessionStarted", None), ("StepStarted", 0.0),
        ("StepStarted", 10.0),
        ("PhaseChanged", 10.0), ("PhaseChanged", 12.0), ("PhaseChanged", 14.0),
        ("PhaseChanged", 16.0),
        ("StepStarted", 18.0), ("Bell", 18.0),
        ("Finished", None),
    ]
    assert rec.of(Finished)[0].practiced_seconds == 28.0


# ----------------------------------------------------------- pause / resume
def test_pause_shifts_the_end_by_exactly_the_pause() -> None:
    session, clock, rec = make(ex(Step(text="a", duration=300), Step(text="b", duration=300)))
    session.start()
    clock.advance(100)
    assert session.pause()
    assert session.state == "paused"
    assert session.next_due() is None
    clock.advance(500)
    session.tick()
    assert session.elapsed == 100
    assert session.step_remaining == 200
    assert session.resume()
    assert rec.of(Paused) == [Paused(100.0)]
    assert rec.of(Resumed) == [Resumed(100.0)]
    assert session.next_due() == 200
    clock.advance(199.9)
    session.tick()
    assert session.index == 0
    clock.advance(0.1)
    session.tick()
    assert step_starts(rec)[-1] == (1, pytest.approx(300))
    clock.advance(300)
    session.tick()
    assert session.state == "finished"
    assert clock.now() - 1000 == pytest.approx(1100)  # 600 practised + 500 paused
    assert rec.of(Finished)[0].practiced_seconds == pytest.approx(600)


def test_pause_and_resume_only_where_they_make_sense() -> None:
    session, clock, _ = make(ex(Step(text="a", duration=10, rate="pain")))
    assert not session.pause() and not session.resume()  # not started
    session.start()
    assert not session.resume()
    assert session.toggle_pause() and session.state == "paused"
    assert not session.pause()
    assert session.toggle_pause() and session.state == "running"
    clock.advance(10)
    assert not session.pause()  # the tick inside reaches the rating question
    assert session.state == "awaiting_rating"


def test_a_pause_asked_for_after_the_end_passed_processes_the_end_first() -> None:
    session, clock, rec = make(ex(Step(text="a", duration=10), Step(text="b", duration=10)))
    session.start()
    clock.advance(15)
    session.pause()
    assert step_starts(rec)[-1] == (1, 10.0)
    assert rec.of(Paused) == [Paused(15.0)]


# ------------------------------------------------------------------- speed
@pytest.mark.parametrize("speed", [10.0, 60.0, 7.3])
def test_speed_runs_everything_faster_in_session_time(speed: float) -> None:
    session, clock, rec = make(forty_five_minutes(), speed=speed)
    session.start()
    run_by_next_due(session, clock)
    assert clock.now() - 1000 == pytest.approx(2700 / speed, abs=0.05)
    assert rec.of(Finished)[0].practiced_seconds == pytest.approx(2700, abs=0.05)
    assert step_starts(rec)[1] == (1, pytest.approx(60))


def test_float_slivers_never_stall_a_far_off_clock() -> None:
    clock = FakeClock(987_654.321)  # large clock values have coarse floats
    session = Session(forty_five_minutes(), clock=clock, speed=3.7)
    session.start()
    run_by_next_due(session, clock)
    assert session.elapsed == pytest.approx(2700, abs=0.05)


def test_speed_scales_pause_free_time_only() -> None:
    session, clock, _ = make(ex(Step(text="a", duration=600)), speed=10)
    session.start()
    clock.advance(6)
    assert session.elapsed == pytest.approx(60)
    session.pause()
    clock.advance(1000)
    session.resume()
    assert session.elapsed == pytest.approx(60)
    assert session.next_due() == pytest.approx(54)


def test_bad_construction_is_refused() -> None:
    with pytest.raises(ValueError, match="speed"):
        Session(ex(Step(text="a", duration=1)), speed=0)
    with pytest.raises(ValueError, match="no steps"):
        Session(ex())


# --------------------------------------------------------------- step kinds
def test_timed_steps_and_start_bells() -> None:
    session, clock, rec = make(ex(Step(text="a", duration=30), Step(text="b", duration=30,
                                                                    bell=False)))
    assert session.state == "ready" and session.elapsed == 0
    session.start()
    assert rec.events[:3] == [SessionStarted("test/x", 60.0), StepStarted(0, 0.0), Bell(0, 0.0)]
    clock.advance(12)
    assert session.step_elapsed == 12 and session.step_remaining == 18
    assert session.remaining == 48 and session.progress == pytest.approx(0.2)
    clock.advance(18)
    session.tick()
    assert session.index == 1
    assert rec.of(Bell) == [Bell(0, 0.0)]  # step b has bell = false


def test_breath_phases_skip_zero_lengths_and_count_cycles() -> None:
    session, clock, rec = make(ex(Step(text="b", breath=Breath(4, 0, 6, 2), cycles=2, bell=False),
                                  Step(text="after", duration=5, bell=False)))
    session.start()
    clock.advance(100)
    session.tick()
    assert rec.of(PhaseChanged) == [
        PhaseChanged(0, "inhale", 1, 4, 0.0), PhaseChanged(0, "exhale", 1, 6, 4.0),
        PhaseChanged(0, "rest", 1, 2, 10.0),
        PhaseChanged(0, "inhale", 2, 4, 12.0), PhaseChanged(0, "exhale", 2, 6, 16.0),
        PhaseChanged(0, "rest", 2, 2, 22.0),
    ]
    assert step_starts(rec)[1] == (1, 24.0)


def test_breath_state_for_the_pacer() -> None:
    session, clock, _ = make(ex(Step(text="b", breath=Breath(4, 2, 4, 2), cycles=3)))
    session.start()
    b = session.breath
    assert b is not None and (b.phase, b.cycle, b.cycles, b.fill) == ("inhale", 1, 3, 0.0)
    clock.advance(1)
    b = session.breath
    assert b is not None and (b.phase, b.phase_elapsed, b.phase_seconds) == ("inhale", 1, 4)
    assert b.fill == pytest.approx(0.25)
    clock.advance(4)
    b = session.breath
    assert b is not None and (b.phase, b.fill) == ("hold", 1.0)
    clock.advance(2)
    b = session.breath
    assert b is not None and b.phase == "exhale" and b.fill == pytest.approx(0.75)
    clock.advance(4)
    b = session.breath
    assert b is not None and (b.phase, b.fill) == ("rest", 0.0)
    clock.advance(2)
    b = session.breath
    assert b is not None and (b.phase, b.cycle) == ("inhale", 2)
    session.pause()
    assert session.breath is not None  # a paused pacer still shows where it stopped


def test_breath_state_is_none_off_breath_steps() -> None:
    session, _, _ = make(ex(Step(text="a", duration=5)))
    session.start()
    assert session.breath is None


def test_count_marked_fully_ends_the_step_now() -> None:
    session, clock, rec = make(ex(Step(text="see", count=3, duration=120),
                                  Step(text="next", duration=10)))
    session.start()
    for t in (5, 9, 20):
        clock.set(1000 + t)
        assert session.mark_item()
    assert rec.of(ItemMarked) == [ItemMarked(0, 1, 3, 5.0), ItemMarked(0, 2, 3, 9.0),
                                  ItemMarked(0, 3, 3, 20.0)]
    assert step_starts(rec) == [(0, 0.0), (1, 20.0)]
    assert session.marked == 0  # the new step starts fresh
    assert not session.mark_item()  # not a count step


def test_count_limit_running_out_ends_the_step() -> None:
    session, clock, rec = make(ex(Step(text="see", count=5, duration=60),
                                  Step(text="next", duration=10)))
    session.start()
    clock.advance(10)
    session.mark_item()
    assert session.marked == 1
    clock.advance(70)
    session.tick()
    assert step_starts(rec) == [(0, 0.0), (1, 60.0)]
    assert len(rec.of(ItemMarked)) == 1


def test_a_mark_after_the_limit_passed_does_not_count() -> None:
    session, clock, rec = make(ex(Step(text="see", count=5, duration=60),
                                  Step(text="next", count=2)))
    session.start()
    clock.advance(61)
    assert not session.mark_item()  # the step the person saw is over
    assert rec.of(ItemMarked) == []
    assert session.index == 1


def test_untimed_count_waits_for_the_person() -> None:
    session, clock, rec = make(ex(Step(text="see", count=2), Step(text="next", duration=10)))
    session.start()
    assert session.next_due() is None and session.step_remaining is None
    assert session.remaining == 2 * 10 + 10  # planned estimate for the untimed step
    clock.advance(86_400)
    session.tick()
    assert session.index == 0 and session.state == "running"
    session.mark_item()
    session.mark_item()
    assert step_starts(rec)[-1] == (1, 86_400.0)


def test_entry_submit_skip_and_blank() -> None:
    session, clock, rec = make(ex(Step(text="q1", entry=True), Step(text="q2", entry=True),
                                  Step(text="q3", entry=True)))
    session.start()
    clock.advance(30)
    assert session.submit_entry("  the thought was \x1b[31mloud\n")
    session.submit_entry(None)
    session.submit_entry("   ")
    assert rec.of(EntrySubmitted) == [EntrySubmitted(0, "the thought was [31mloud", 30.0),
                                      EntrySubmitted(1, None, 30.0),
                                      EntrySubmitted(2, None, 30.0)]
    assert session.state == "finished"
    assert not session.submit_entry("late")


def test_entry_limit_running_out() -> None:
    session, clock, rec = make(ex(Step(text="q", entry=True, duration=90),
                                  Step(text="n", duration=5)))
    session.start()
    assert session.next_due() == 90
    clock.advance(95)
    session.tick()
    assert rec.of(EntrySubmitted) == []
    assert step_starts(rec)[-1] == (1, 90.0)
    assert not session.submit_entry("late")  # entry step is gone


def test_bells_every_inside_the_step_not_at_its_end() -> None:
    session, clock, rec = make(ex(Step(text="sit", duration=300, bells_every=60),
                                  Step(text="end", duration=10)))
    session.start()
    clock.advance(1000)
    session.tick()
    assert rec.of(Bell) == [Bell(0, 0.0), Bell(0, 60.0), Bell(0, 120.0), Bell(0, 180.0),
                            Bell(0, 240.0), Bell(1, 300.0)]


def test_bells_every_not_dividing_the_duration() -> None:
    session, clock, rec = make(ex(Step(text="sit", duration=100, bells_every=30, bell=False)))
    session.start()
    clock.advance(1000)
    session.tick()
    assert [b.at for b in rec.of(Bell)] == [30.0, 60.0, 90.0]


# ------------------------------------------------------------------ ratings
def test_rate_step_asks_and_waits_without_counting_the_wait() -> None:
    session, clock, rec = make(ex(Step(text="feet", duration=45, region="feet", rate="tension"),
                                  Step(text="legs", duration=45)))
    session.start()
    clock.advance(50)  # the tick comes late
    session.tick()
    asked = RatingAsked("during", "tension", 0, "feet")
    assert session.state == "awaiting_rating" and session.pending_rating == asked
    assert rec.events[-1] == asked
    assert session.elapsed == 45  # frozen at the step's scheduled end
    assert session.next_due() is None and session.step_remaining == 0
    clock.advance(300)  # the person takes their time
    session.tick()
    assert session.elapsed == 45
    assert session.give_rating(3)
    assert rec.events[-3:] == [RatingGiven("during", "tension", 3, 0, "feet"),
                               StepStarted(1, 45.0), Bell(1, 45.0)]
    assert session.pending_rating is None
    assert session.next_due() == 45
    clock.advance(45)
    session.tick()
    assert rec.of(Finished) == [Finished(90.0, 1)]


def test_rate_step_ended_by_next_step() -> None:
    session, clock, rec = make(ex(Step(text="a", duration=45, rate="pain"),
                                  Step(text="b", duration=45)))
    session.start()
    clock.advance(20)
    session.next_step()
    assert session.state == "awaiting_rating" and session.elapsed == 20
    session.give_rating(None)
    assert rec.of(RatingGiven) == [RatingGiven("during", "pain", None, 0, None)]
    assert step_starts(rec)[-1] == (1, 20.0)


def test_rating_on_the_last_step_then_finished() -> None:
    session, clock, rec = make(ex(Step(text="a", count=1, rate="distress")))
    session.start()
    clock.advance(7)
    session.mark_item()
    assert session.state == "awaiting_rating"
    session.give_rating(2)
    assert session.state == "finished"
    assert rec.of(Finished) == [Finished(7.0, 0)]


def test_give_rating_checks_the_value() -> None:
    session, clock, _ = make(ex(Step(text="a", duration=5, rate="pain")))
    assert not session.give_rating(3)  # nothing pending
    session.start()
    clock.advance(5)
    session.tick()
    with pytest.raises(ValueError, match="from 0 to 10, not 11"):
        session.give_rating(11)
    with pytest.raises(ValueError, match="whole number"):
        session.give_rating(True)  # type: ignore[arg-type]
    assert session.state == "awaiting_rating"


def test_record_rating_for_before_and_after() -> None:
    session, _, rec = make(ex(Step(text="a", duration=5)))
    session.record_rating("before", "pain", 6)
    assert rec.events == [RatingGiven("before", "pain", 6)]
    with pytest.raises(ValueError, match="no scale 'nope'"):
        session.record_rating("after", "nope", 1)
    with pytest.raises(ValueError, match="'before' or 'after'"):
        session.record_rating("during", "pain", 1)  # type: ignore[arg-type]


# ------------------------------------------------- navigation at every position
NAV = ex(Step(text="s0", duration=60, rate="tension", region="jaw"),
         Step(text="s1", count=3),
         Step(text="s2", entry=True, duration=30),
         Step(text="s3", breath=Breath(4, 0, 4, 0), cycles=2))
POSITIONS = ["ready", "s0", "s0-paused", "s0-awaiting", "s1", "s2", "s3", "s3-paused",
             "finished", "stopped"]


def at_position(pos: str) -> tuple[Session, FakeClock, Recorder]:
    session, clock, rec = make(NAV)
    if pos == "ready":
        return session, clock, rec
    session.start()
    clock.advance(10)
    session.tick()
    if pos == "s0-awaiting":
        session.next_step()
    elif pos in ("s1", "s2", "s3", "s3-paused", "finished"):
        session.next_step()
        session.give_rating(4)
        for _ in range(int(pos[1]) - 1 if pos[0] == "s" else 3):
            clock.advance(1)
            session.next_step()
        if pos == "finished":
            clock.advance(1)
            session.next_step()
    elif pos == "stopped":
        session.stop()
    if pos.endswith("-paused"):
        clock.advance(1)
        session.pause()
    clock.advance(2)
    rec.clear()
    return session, clock, rec


def test_positions_are_what_they_say() -> None:
    expect = {"ready": ("ready", 0), "s0": ("running", 0), "s0-paused": ("paused", 0),
              "s0-awaiting": ("awaiting_rating", 0), "s1": ("running", 1),
              "s2": ("running", 2), "s3": ("running", 3), "s3-paused": ("paused", 3),
              "finished": ("finished", 3), "stopped": ("stopped", 0)}
    for pos, want in expect.items():
        session = at_position(pos)[0]
        assert (session.state, session.index) == want, pos


@pytest.mark.parametrize("pos", POSITIONS)
@pytest.mark.parametrize("grounded", [False, True])
def test_stop_everywhere(pos: str, grounded: bool) -> None:
    session, _, rec = at_position(pos)
    was, elapsed = session.state, session.elapsed
    stopped = session.stop(grounded=grounded)
    if was in ("finished", "stopped"):
        assert not stopped and rec.events == []
        return
    assert stopped and session.state == "stopped"
    last = rec.events[-1]
    assert isinstance(last, Stopped) and last.grounded is grounded
    assert last.furthest_step == session.furthest_step
    assert last.practiced_seconds == pytest.approx(elapsed)
    if was == "awaiting_rating":  # the unanswered question is recorded as skipped
        assert rec.events[0] == RatingGiven("during", "tension", None, 0, "jaw")
    else:
        assert len(rec.events) == 1
    # Over is over: nothing moves a stopped session.
    assert not session.next_step() and not session.previous_step()
    assert not session.stop() and not session.resume() and not session.add_minute()
    assert session.next_due() is None and session.remaining == 0


@pytest.mark.parametrize("pos", POSITIONS)
def test_next_step_everywhere(pos: str) -> None:
    session, _, rec = at_position(pos)
    was, index, t = session.state, session.index, session.elapsed
    moved = session.next_step()
    if was in ("ready", "finished", "stopped"):
        assert not moved and rec.events == []
        return
    assert moved
    if was == "awaiting_rating":
        assert rec.events[0] == RatingGiven("during", "tension", None, 0, "jaw")
        assert rec.of(StepStarted) == [StepStarted(1, t)]
    elif index == 0:  # s0 has a rating: ending it asks
        assert session.state == "awaiting_rating"
        assert rec.of(RatingAsked) == [RatingAsked("during", "tension", 0, "jaw")]
    elif index == 3:
        assert session.state == "finished" and rec.of(Finished)[0].furthest_step == 3
    else:
        assert session.state == "running" and session.index == index + 1
        assert rec.of(StepStarted) == [StepStarted(index + 1, t)]
    if was == "paused":
        assert isinstance(rec.events[0], Resumed)


@pytest.mark.parametrize("pos", POSITIONS)
def test_previous_step_everywhere(pos: str) -> None:
    session, _, rec = at_position(pos)
    was, index, t = session.state, session.index, session.elapsed
    moved = session.previous_step()
    if was in ("ready", "finished", "stopped"):
        assert not moved and rec.events == []
        return
    assert moved and session.state == "running"
    # Back from a pending question redoes the step it asked about; otherwise one back.
    target = index if was == "awaiting_rating" else max(0, index - 1)
    assert session.index == target
    assert rec.of(StepStarted) == [StepStarted(target, t)]
    assert session.step_elapsed == 0 and session.pending_rating is None
    assert rec.of(RatingGiven) == [] and rec.of(RatingAsked) == []
    assert session.furthest_step >= index


def test_previous_step_restarts_a_breath_step_from_its_first_phase() -> None:
    session, clock, rec = make(ex(Step(text="b", breath=Breath(4, 0, 4, 0), cycles=3)))
    session.start()
    clock.advance(10)
    session.tick()
    rec.clear()
    session.previous_step()
    assert rec.of(PhaseChanged) == [PhaseChanged(0, "inhale", 1, 4, 10.0)]
    assert session.next_due() == 4


def test_next_step_after_an_unprocessed_end_does_not_skip_the_following_step() -> None:
    session, clock, rec = make(ex(Step(text="a", duration=10), Step(text="b", duration=10),
                                  Step(text="c", duration=10)))
    session.start()
    clock.advance(12)  # "a" ended at 10 but nobody ticked
    session.next_step()
    assert session.index == 1 and step_starts(rec)[-1] == (1, 10.0)


def test_previous_step_after_an_unprocessed_end_goes_back_from_what_was_seen() -> None:
    session, clock, _ = make(ex(Step(text="a", duration=10), Step(text="b", duration=10),
                                Step(text="c", duration=10)))
    session.start()
    clock.advance(10)
    session.tick()
    clock.advance(12)  # "b" ended unseen at 20
    session.previous_step()
    assert session.index == 0


def test_furthest_step_remembers_the_way_forward() -> None:
    session, _, rec = make(ex(*(Step(text=str(i), duration=10) for i in range(4))))
    session.start()
    session.next_step()
    session.next_step()
    session.previous_step()
    session.previous_step()
    assert session.index == 0 and session.furthest_step == 2
    session.stop()
    assert rec.of(Stopped) == [Stopped(0.0, 2, False)]


# ---------------------------------------------------------------- add_minute
def test_add_minute_extends_the_step_and_shifts_the_rest() -> None:
    session, clock, rec = make(ex(Step(text="a", duration=60, bells_every=50, bell=False),
                                  Step(text="b", duration=60)))
    session.start()
    clock.advance(30)
    assert session.add_minute()
    assert session.step_remaining == 90 and session.step_limit == 120
    assert session.next_due() == 20  # the interval bell at 50 still rings
    clock.advance(100)
    session.tick()
    assert [b.at for b in rec.of(Bell) if b.index == 0] == [50.0, 100.0]  # and in the extension
    assert step_starts(rec) == [(0, 0.0), (1, 120.0)]
    assert session.step_limit == 60  # the next step is not extended
    assert ADD_MINUTE_SECONDS == 60


def test_add_minute_while_paused_and_on_breath() -> None:
    session, clock, rec = make(ex(Step(text="b", breath=Breath(10, 0, 10, 0), cycles=1)))
    session.start()
    session.pause()
    assert session.add_minute() and session.state == "paused"
    session.resume()
    clock.advance(80)
    session.tick()
    cycles = [(p.phase, p.cycle) for p in rec.of(PhaseChanged)]
    assert cycles == [("inhale", 1), ("exhale", 1), ("inhale", 2), ("exhale", 2),
                      ("inhale", 3), ("exhale", 3), ("inhale", 4), ("exhale", 4)]
    assert rec.of(Finished) == [Finished(80.0, 0)]


def test_add_minute_does_nothing_on_untimed_steps() -> None:
    session, _, _ = make(ex(Step(text="see", count=2), Step(text="q", entry=True)))
    assert not session.add_minute()  # not started
    session.start()
    assert not session.add_minute()
    assert session.step_remaining is None and session.next_due() is None
    session.mark_item()
    session.mark_item()
    assert not session.add_minute()


def test_add_minute_on_a_count_limit() -> None:
    session, clock, _ = make(ex(Step(text="see", count=5, duration=30)))
    session.start()
    assert session.add_minute()
    clock.advance(60)
    session.tick()
    assert session.state == "running" and session.step_remaining == 30


# -------------------------------------------------------------- events order
def test_events_of_a_whole_session_in_order() -> None:
    session, clock, rec = make(ex(
        Step(text="arrive", duration=10),
        Step(text="breathe", breath=Breath(2, 1, 2, 0), cycles=1, bell=False),
        Step(text="see", count=2, rate="distress"),
        Step(text="write", entry=True),
    ), speed=2)
    session.start()
    clock.advance(5)
    session.tick()
    clock.advance(2.5)
    session.tick()
    clock.advance(1)
    session.mark_item()
    session.pause()
    clock.advance(9)
    session.resume()
    session.mark_item()
    clock.advance(30)
    session.give_rating(1)
    session.submit_entry("ok")
    assert rec.events == [
        SessionStarted("test/x", 10 + 5 + 20 + 60),
        StepStarted(0, 0.0), Bell(0, 0.0),
        StepStarted(1, 10.0),
        PhaseChanged(1, "inhale", 1, 2, 10.0), PhaseChanged(1, "hold", 1, 1, 12.0),
        PhaseChanged(1, "exhale", 1, 2, 13.0),
        StepStarted(2, 15.0), Bell(2, 15.0),
        ItemMarked(2, 1, 2, 17.0),
        Paused(17.0), Resumed(17.0),
        ItemMarked(2, 2, 2, 17.0),
        RatingAsked("during", "distress", 2, None),
        RatingGiven("during", "distress", 1, 2, None),
        StepStarted(3, 17.0), Bell(3, 17.0),
        EntrySubmitted(3, "ok", 17.0),
        Finished(17.0, 3),
    ]
    assert session.progress == 1.0 and session.remaining == 0


# ---------------------------------------------------------------- listeners
def test_a_failing_listener_is_logged_and_the_session_goes_on(
        caplog: pytest.LogCaptureFixture) -> None:
    def broken(event: Event) -> None:
        raise RuntimeError("listener bug")

    session, clock, rec = make(ex(Step(text="a", duration=10), Step(text="b", duration=10)))
    session.add_listener(broken)
    with caplog.at_level(logging.ERROR, logger="painpath.engine.core"):
        session.start()
        clock.advance(20)
        session.tick()
    assert session.state == "finished"
    assert len(rec.of(StepStarted)) == 2  # later listeners still heard everything
    assert "listener failed on SessionStarted" in caplog.text
    assert "listener bug" in caplog.text


def test_a_listener_may_not_drive_the_session_mid_event(caplog: pytest.LogCaptureFixture) -> None:
    session, _, _ = make(ex(Step(text="a", duration=10), Step(text="b", duration=10)))

    def pushy(event: Event) -> None:
        if isinstance(event, StepStarted):
            session.next_step()

    session.add_listener(pushy)
    with caplog.at_level(logging.ERROR):
        session.start()
    assert session.index == 0
    assert "may not drive the session" in caplog.text
    session.remove_listener(pushy)
    assert session.next_step() and session.index == 1


def test_progress_and_remaining_move_with_time() -> None:
    session, clock, _ = make(ex(Step(text="a", duration=100), Step(text="b", entry=True)))
    assert session.progress == 0 and session.remaining == 160
    session.start()
    clock.advance(50)
    assert session.progress == pytest.approx(50 / 160)
    clock.advance(50)
    session.tick()
    clock.advance(100)  # past the entry's estimate: it never goes negative
    assert session.remaining == 0 and session.progress == 1.0
