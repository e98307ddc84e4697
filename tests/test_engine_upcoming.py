"""The engine's look ahead (`upcoming`) and the one-more-minute event (`StepExtended`).

The live sound schedules bells and breath tones before they are due, from
`upcoming()`; a prediction that did not come true would ring a bell at the
wrong moment, so these tests hold every prediction against what the engine
then really emitted.
"""

from __future__ import annotations

from painpath.engine import FakeClock, Session
from painpath.engine.events import (
    Bell,
    Event,
    Finished,
    PhaseChanged,
    StepExtended,
    StepStarted,
)
from painpath.format.models import Breath, Exercise, Step

SCHEDULED = (Bell, PhaseChanged, StepStarted, Finished)


def ex(*steps: Step) -> Exercise:
    return Exercise(id="x", title="X", kind="other", pack="test", steps=steps)


def run_with_predictions(exercise: Exercise, step: float = 0.5) -> tuple[list[Event], set]:
    clock = FakeClock()
    events: list[Event] = []
    session = Session(exercise, clock=clock, listeners=[events.append])
    predicted: set = set()
    session.start()
    while session.state == "running":
        predicted.update(session.upcoming(within=3.0))
        clock.advance(step)
        session.tick()
    return events, predicted


def test_every_scheduled_event_was_predicted_before_it_came() -> None:
    exercise = ex(Step(text="arrive", duration=20, bells_every=7),
                  Step(text="breathe", breath=Breath(4, 2, 6, 1), cycles=3, bells_every=10),
                  Step(text="rest", duration=15, bell=False),
                  Step(text="last", duration=5))
    events, predicted = run_with_predictions(exercise)
    scheduled = [e for e in events if isinstance(e, SCHEDULED) and getattr(e, "at", 1) != 0]
    assert scheduled  # the session really ran
    missing = [e for e in scheduled if e not in predicted]
    assert missing == []
    # and no prediction was wrong: everything predicted really happened
    assert predicted <= set(events)


def test_the_next_moment_is_predicted_however_far_off() -> None:
    clock = FakeClock()
    session = Session(ex(Step(text="long", duration=600, bells_every=300), Step(text="b",
                                                                                  duration=5)),
                      clock=clock)
    session.start()
    assert session.upcoming() == [Bell(0, 300.0)]
    assert session.upcoming(within=400) == [Bell(0, 300.0)]
    clock.advance(300)
    session.tick()
    assert session.upcoming() == [StepStarted(1, 600.0), Bell(1, 600.0)]


def test_a_breath_step_that_follows_is_predicted_with_its_first_phase() -> None:
    clock = FakeClock()
    session = Session(ex(Step(text="a", duration=10, bell=False),
                         Step(text="b", breath=Breath(4, 0, 4, 0), cycles=2)), clock=clock)
    session.start()
    assert session.upcoming() == [StepStarted(1, 10.0), Bell(1, 10.0),
                                  PhaseChanged(1, "inhale", 1, 4.0, 10.0)]


def test_a_rating_at_the_step_end_stops_the_look_and_the_last_step_finishes() -> None:
    clock = FakeClock()
    session = Session(ex(Step(text="a", duration=10, rate="pain"), Step(text="b", duration=5)),
                      clock=clock)
    session.start()
    assert session.upcoming() == []
    clock.advance(10)
    session.tick()
    session.give_rating(3)
    assert session.upcoming() == [Finished(15.0, 1)]


def test_nothing_is_predicted_for_an_untimed_step_or_a_session_not_running() -> None:
    clock = FakeClock()
    session = Session(ex(Step(text="see", count=3)), clock=clock)
    assert session.upcoming() == []
    session.start()
    assert session.upcoming() == []
    session.stop()
    assert session.upcoming() == []


def test_one_more_minute_is_an_event_with_the_new_length() -> None:
    clock = FakeClock()
    events: list[Event] = []
    session = Session(ex(Step(text="a", duration=60)), clock=clock, listeners=[events.append])
    session.start()
    clock.advance(20)
    assert session.add_minute()
    assert events[-1] == StepExtended(0, 120.0, 20.0)
    assert session.upcoming() == [Finished(120.0, 0)]
