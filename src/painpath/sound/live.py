"""Live sound: an engine listener that plays the practice as it happens.

`LiveSound` hears the engine's events (like the log's recorder) and turns
each into cues with the same `timeline.cues_for` the renderer uses, and each
cue into samples with `timeline.clip_for`: what is heard live and what
`painpath render` writes are one timeline.

On time, not after a late tick: after every event it asks the engine what
comes next (`Session.upcoming`) and schedules those cues ahead, at the exact
frame their session time maps to. When the event itself arrives it is already
playing. Session time maps to the mixer's timeline frames through an
`origin`, set when the practice starts and again whenever the person resumes
(the timeline is held while the practice is paused or waits for a rating).

What the person does is heard at once: pause holds the timeline (a 20 ms
fade), resume lets it go on from the same sample, next/back/ground/stop fade
out what plays within `STOP_FADE` and drop what was scheduled, one more minute
lets the step's recording or words run into the extra minute.

Clips are made on a worker thread (speech, decoding a recording), so the
screen never waits for them; `threaded=False` makes them at once, for tests.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import replace

from painpath.engine.events import (
    Bell,
    Event,
    Finished,
    Paused,
    PhaseChanged,
    RatingAsked,
    RatingGiven,
    Resumed,
    SessionStarted,
    StepExtended,
    StepStarted,
    Stopped,
)
from painpath.engine.session import Session
from painpath.errors import PainpathError
from painpath.format.models import Exercise
from painpath.sound.clips import SAMPLE_RATE
from painpath.sound.playback import STOP_FADE, Mixer
from painpath.sound.timeline import (
    Cue,
    SoundOptions,
    Speech,
    VoiceLane,
    breath_word,
    clip_for,
    cues_for,
    spoken_parts,
    spoken_text,
)

logger = logging.getLogger(__name__)

# How far ahead (session seconds) cues are scheduled, beyond the next due moment.
LOOKAHEAD = 2.0
# A cue this late or less still plays whole (a little late); later, it keeps its place.
LATE_WHOLE = 0.5
_SCHEDULED = (StepStarted, Bell, PhaseChanged, Finished)


class LiveSound:
    """Plays one session's timeline on a mixer (see the module notes)."""

    def __init__(self, exercise: Exercise, options: SoundOptions, mixer: Mixer, *,
                 speech: Speech | None = None, speed: float = 1.0, threaded: bool = True,
                 prepare: Callable[[list[str]], None] | None = None,
                 on_problem: Callable[[str], None] | None = None) -> None:
        self.exercise = exercise
        self.options = options
        self.mixer = mixer
        self.speech = speech
        self.speed = speed
        self.prepare = prepare
        self.on_problem = on_problem
        self.session: Session | None = None
        self.track = mixer.track()  # this practice's own timeline
        self._origin = 0  # timeline frame of session time 0
        self._planned: set[Event] = set()
        self._lane = VoiceLane()
        self._generation = 0
        self._lock = threading.Lock()
        self._problems: set[str] = set()
        self._step_tag: tuple[int, float] | None = None
        self._jobs: queue.Queue[tuple[int, Cue, object] | None] | None = None
        self._worker: threading.Thread | None = None
        if threaded:
            self._jobs = queue.Queue()
            self._worker = threading.Thread(target=self._work, name="painpath-sound",
                                            daemon=True)
            self._worker.start()

    # ----------------------------------------------------------- wiring
    def attach(self, session: Session) -> LiveSound:
        """Listen to `session` (before it starts)."""
        self.session = session
        session.add_listener(self)
        return self

    def close(self) -> None:
        """Stop listening and let the worker end; what plays fades out."""
        if self.session is not None:
            with contextlib.suppress(ValueError):
                self.session.remove_listener(self)
        self._interrupt()
        self.mixer.release(self.track)
        self.mixer.close_track(self.track)
        if self._jobs is not None:
            self._jobs.put(None)

    def wait_idle(self) -> None:
        """Block until every clip asked for so far has been made (tests, benchmarks)."""
        if self._jobs is not None:
            self._jobs.join()

    # ------------------------------------------------------------ events
    def __call__(self, event: Event) -> None:
        if isinstance(event, SessionStarted):
            self._origin = self.mixer.timeline_now(self.track)
            self._prepare_speech()
            return  # the first step's events come next, in order: nothing to plan yet
        if isinstance(event, StepStarted):
            if event not in self._planned:
                if event.index or event.at:
                    self._interrupt()  # the person moved: what played gives way
                self._anchor(event.at)
                self._cue(event)
            self._step_tag = (event.index, event.at)
        elif isinstance(event, _SCHEDULED):
            if event not in self._planned:
                self._cue(event)
        elif isinstance(event, (Paused, RatingAsked)) and not (
                isinstance(event, RatingAsked) and event.phase != "during"):
            self.mixer.hold(self.track)
        elif isinstance(event, Resumed) or (
                isinstance(event, RatingGiven) and event.phase == "during"):
            self._anchor(self._elapsed())
            self.mixer.release(self.track)
        elif isinstance(event, StepExtended):
            self._extend(event)
        elif isinstance(event, Stopped):
            self._interrupt()
            self.mixer.release(self.track)
            return
        self._plan_ahead()

    def _elapsed(self) -> float:
        return self.session.elapsed if self.session is not None else 0.0

    def _frames(self, seconds: float) -> int:
        return round(seconds / self.speed * SAMPLE_RATE)

    def _anchor(self, at: float) -> None:
        """Session time `at` is now: map it to the frame the mixer is at."""
        self._origin = self.mixer.timeline_now(self.track) - self._frames(at)

    def _plan_ahead(self) -> None:
        if self.session is None:
            return
        for event in self.session.upcoming(within=LOOKAHEAD):
            if event not in self._planned:
                self._planned.add(event)
                self._cue(event)

    def _interrupt(self) -> None:
        """Fade out what plays, forget what was planned (the schedule changed)."""
        with self._lock:
            self._generation += 1
            self.mixer.stop(fade=STOP_FADE, track=self.track)
            self.mixer.cancel_pending(self.track)
            self._lane.clear()
        self._planned.clear()

    def _extend(self, event: StepExtended) -> None:
        """One more minute: the step's end moved, so its sound may run longer."""
        with self._lock:
            self._generation += 1
            self.mixer.cancel_pending(self.track)
        self._planned.clear()
        if self._step_tag is None:
            return
        index, started = self._step_tag
        for cue in cues_for(StepStarted(index, started), self.exercise, self.options):
            if cue.channel in ("voice", "recordings"):
                longer = replace(cue, until=started + event.limit)
                self._submit(longer, ("extend", self._step_tag))

    # -------------------------------------------------------------- cues
    def _cue(self, event: Event) -> None:
        tag = (event.index, event.at) if isinstance(event, StepStarted) else None
        cues = cues_for(event, self.exercise, self.options)
        # Quick sounds first: a bell never waits behind words being made.
        for cue in sorted(cues, key=lambda c: c.channel == "voice"):
            self._submit(cue, ("step", tag, id(self))
                         if tag and cue.channel in ("voice", "recordings") else None)

    def _submit(self, cue: Cue, tag: object) -> None:
        job = (self._generation, cue, tag)
        if self._jobs is None:
            self._make(*job)
        else:
            self._jobs.put(job)

    def _work(self) -> None:
        assert self._jobs is not None
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                self._make(*job)
            except Exception:  # a bug in one cue must not silence the rest of the practice
                logger.exception("a sound could not be made; the practice goes on")
            finally:
                self._jobs.task_done()

    def _make(self, generation: int, cue: Cue, tag: object) -> None:
        if generation != self._generation:
            return
        try:
            clip = clip_for(cue, self.options, self.speech)
        except PainpathError as err:
            self._problem(err.message)
            return
        with self._lock:
            if generation != self._generation:
                return
            if isinstance(tag, tuple) and tag[0] == "extend":
                self.mixer.replace(("step", tag[1], id(self)), clip)
                return
            if not len(clip):
                return
            start = self._lane.place(cue, len(clip) / SAMPLE_RATE)
            if start is None:
                return
            frame = self._origin + self._frames(start)
            now = self.mixer.timeline_now(self.track)
            if frame < now <= frame + LATE_WHOLE * SAMPLE_RATE:
                frame = now  # a moment late: play it whole rather than clipped
            self.mixer.play(clip, cue.channel, at=frame, track=self.track, tag=tag)

    def _problem(self, message: str) -> None:
        if message not in self._problems:
            self._problems.add(message)
            if self.on_problem is not None:
                self.on_problem(message)

    def _prepare_speech(self) -> None:
        """Ask for every step's words now, in order, so each is ready before its step."""
        if self.prepare is None or not self.options.sound or not self.options.voice:
            return
        texts: list[str] = []
        language = self.exercise.language
        for step in self.exercise.steps:
            texts.extend(spoken_parts(spoken_text(step)))
        if self.options.breath_cue == "words":
            for phase in ("inhale", "hold", "exhale"):
                word = breath_word(phase, language)  # type: ignore[arg-type]
                if word:
                    texts.append(word)
        self.prepare(texts)
