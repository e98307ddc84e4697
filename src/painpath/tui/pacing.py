"""When the player should next wake up, so a calm screen costs almost no CPU.

The engine keeps time from its clock; the screen only needs to wake when
something it shows will change: the next whole second of the countdown, the
next scheduled event (a bell, a breath phase, a step's end), or the next frame
of the breath pacer. Kept free of textual so it can be tested on its own.
"""

from __future__ import annotations

from painpath.engine import Session

BREATH_FRAME_S = 0.1  # the pacer's bar redraws at about 10 Hz
MIN_DELAY_S = 0.02  # never busy-loop, whatever the arithmetic says
FAST_PREVIEW_FLOOR_S = 0.1  # at --speed N, the countdown redraws at most ~10 times a second
_PAST_BOUNDARY_S = 0.005  # wake just after a boundary, so it has been crossed


def refresh_delay(session: Session, *, animate_breath: bool) -> float | None:
    """Real seconds until the screen should next redraw; None while nothing moves.

    Nothing moves unless the session is running (paused, waiting for a
    rating, or over: the screen redraws when the person acts instead).
    """
    if session.state != "running":
        return None
    due = session.next_due()
    if animate_breath and session.step.kind == "breath":
        wanted = BREATH_FRAME_S
    else:
        wanted = _to_next_second(session) / session.speed
        if session.speed > 1:
            wanted = max(wanted, FAST_PREVIEW_FLOOR_S)
        wanted += _PAST_BOUNDARY_S
    if due is not None:
        wanted = min(wanted, due + _PAST_BOUNDARY_S)
    return max(MIN_DELAY_S, wanted)


def _to_next_second(session: Session) -> float:
    """Session seconds until the shown countdown (or, untimed, the elapsed time) changes."""
    remaining = session.step_remaining
    if remaining is not None:
        # The countdown shows whole seconds rounded up: it changes when
        # `remaining` crosses the next whole number below it.
        frac = remaining % 1.0
        return frac if frac > 1e-6 else 1.0
    frac = session.elapsed % 1.0
    return 1.0 - frac if frac > 1e-6 else 1.0
