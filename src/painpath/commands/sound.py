"""`painpath render`: a practice as one audio file, to take to a phone or on a walk.

The work is in painpath.sound.render; this module picks the voice, shows a
progress bar when rendering takes more than a moment, and says what it wrote.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text

from painpath.context import Context
from painpath.errors import PainpathError
from painpath.render import console

if TYPE_CHECKING:
    import numpy as np

    from painpath.format.packload import Loaded
    from painpath.sound.timeline import SoundOptions, Speech

PROGRESS_AFTER = 0.5  # seconds: quicker renders show no bar at all


def cmd_render(args: argparse.Namespace, ctx: Context) -> int:
    from painpath.sound import render as renderer

    output = Path(args.output)
    renderer.check_output(output)
    exercise = ctx.library.resolve(args.target)
    options = render_options(ctx, args)
    speech, voice_words = ((None, "no voice") if not options.voice
                           else speech_for(ctx, args.voice, exercise.language,
                                           engine=options.engine, voice=options.voice_name,
                                           rate=options.rate))
    with _progress(f"Rendering {exercise.title}") as tick:
        seconds = renderer.render(exercise, output, options, speech, tick, own=ctx.paths)
    from painpath.timefmt import length

    console().print(Text(f"Wrote {output}: {exercise.title}, {length(seconds)}, {voice_words}."))
    return 0


def render_options(ctx: Context, args: argparse.Namespace) -> SoundOptions:
    """How `render` sounds: the person's saved sound settings (as the app plays them:
    voice, bell, volumes, speaking rate), with the command's flags over them.

    Rendering is asked for, so it is never silent: "sound off" in the app does not
    apply. The voice is on unless the settings turn it off (then `--voice` turns it
    back on) or `--no-voice`; `--bell` also brings back bells the settings muted.
    """
    import dataclasses

    from painpath.settings import load as load_settings
    from painpath.sound.system import options_from

    loaded = load_settings(ctx.paths.settings_file)
    for note in loaded.notes:
        console(stderr=True).print(Text(note))
    settings = loaded.settings
    options = options_from(settings, sound=True,
                           voice=not args.no_voice and (settings.voice or bool(args.voice)))
    if args.bell:
        options = dataclasses.replace(options, bell=args.bell,
                                      bells_volume=max(0, min(100, settings.volume_bells)) / 100)
    return options


def speech_for(ctx: Context, name: str | None, language: str | None, *, note: bool = True,
               engine: str | None = None, voice: str | None = None, rate: int | None = None
               ) -> tuple[Speech | None, str]:
    """The voice to speak with (None if there is none here), and how to name it to the person.

    `name` is an engine ("espeak-ng") or one of its voices; None or "auto"
    takes `engine` and `voice` (the person's settings), else the first engine
    that works. With no engine at all, the calm note on how to get one is said
    once, on stderr.
    """
    from painpath.sound import voices

    if name is None:
        name = voice or engine
    engine_name = name if name in voices.engine_names() else None
    if engine_name is None and engine in voices.engine_names():
        engine_name = engine
    voice_name = None if name in (None, "auto") or name == engine_name else name
    engine = voices.find_engine(engine_name, language=language)
    if engine is None:
        if note:
            console(stderr=True).print(Text(voices.no_voice_note()))
        return None, "no voice (none was found on this computer)"
    if engine_name and engine.name != engine_name:
        console(stderr=True).print(Text(
            f"The voice {engine_name} is not on this computer; {engine.name} speaks instead."))
    cache = voices.SpeechCache(ctx.paths.cache_dir)
    rate = voices.DEFAULT_RATE if rate is None else rate

    def speech(text: str, language: str) -> np.ndarray:
        try:
            return cache.speech(engine, text, language, voice_name, rate)
        except voices.VoiceError as err:
            raise PainpathError(
                f"The voice could not speak this practice: {err}",
                hint="Leave out --voice to use the usual voice, or --no-voice for bells and "
                     "silence only. docs/sound.md lists the voices.") from None

    return speech, f"spoken by {engine.name}" + (f" ({voice_name})" if voice_name else "")


@contextmanager
def _progress(label: str) -> Iterator[Callable[[float], None]]:
    """A progress bar on stderr, shown only once the work has taken more than a moment."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    err = console(stderr=True)
    started = time.monotonic()
    bar: Progress | None = None
    task = None

    def tick(fraction: float) -> None:
        nonlocal bar, task
        if bar is None:
            if not err.is_terminal or time.monotonic() - started < PROGRESS_AFTER:
                return
            bar = Progress(TextColumn("{task.description}", markup=False), BarColumn(),
                           TaskProgressColumn(), console=err, transient=True)
            bar.start()
            task = bar.add_task(Text(label).plain, total=1.0)
        bar.update(task, completed=fraction)  # type: ignore[arg-type]

    try:
        yield tick
    finally:
        if bar is not None:
            bar.stop()


class VoiceBuild:
    """`pack build --voice`: called by packs.build with the checked pack, gives the voice files.

    The voice is found only once the pack is known to be valid, so a pack with
    mistakes is refused before any speaking starts.
    """

    def __init__(self, ctx: Context, name: str, directory: Path) -> None:
        self.ctx, self.name, self.directory = ctx, name, directory
        self.notes: list[str] = []
        self.summary = ""

    def __call__(self, loaded: Loaded, file_count: int) -> dict[str, bytes]:
        from painpath.sound.packvoice import voice_files
        from painpath.sound.timeline import SoundOptions

        languages = {ex.language for ex in loaded.exercises}
        speech, words = speech_for(self.ctx, self.name,
                                   next(iter(languages)) if len(languages) == 1 else None,
                                   note=False)
        if speech is None:
            raise PainpathError("No voice was found on this computer, so the pack was not built "
                                "with --voice.", hint="Build it without --voice (clients then "
                                "hear their own computer's voice), or install a voice: see "
                                "docs/sound.md.")
        with _progress("Speaking the steps") as tick:
            made = voice_files(loaded, self.directory, speech, SoundOptions(), file_count, tick)
        self.notes = made.notes
        self.summary = (f", with {made.spoken} spoken step{'s' if made.spoken != 1 else ''} "
                        f"({words})")
        return made.files
