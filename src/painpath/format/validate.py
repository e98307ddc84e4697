"""Turning parsed TOML into checked models, one kind of file at a time.

Every function here takes a `Checker` and returns a model or None; it never
raises on content, however odd. Rules follow /shared/FORMAT.md version 1;
decisions where it is silent are written in docs/format.md.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from painpath.format import values as v
from painpath.format.checker import Checker, did_you_mean
from painpath.format.models import (
    BUILTIN_SCALES,
    FORMAT_VERSION,
    KINDS,
    REGIONS,
    Breath,
    Exercise,
    Scale,
    Step,
)
from painpath.text import clean, clean_line
from painpath.timefmt import length

EXERCISE_KEYS = ("format", "id", "title", "kind", "summary", "description", "content_note",
                 "tags", "author", "license", "language", "ratings", "steps", "replaces")
STEP_KEYS = ("text", "title", "duration", "breath", "cycles", "count", "entry", "region",
             "rate", "bell", "bells_every", "audio", "recall")
BREATH_KEYS = ("inhale", "hold", "exhale", "rest")
AUDIO_SUFFIXES = (".wav", ".mp3", ".flac", ".ogg")
MAX_STEPS = 500
_DRIVE = re.compile(r"[A-Za-z]:")  # "C:\\sounds\\x.ogg", "C:x.ogg": another disk


def format_ok(c: Checker, data: dict[str, Any]) -> bool:
    if not data:
        c.add("", "this file is empty; start it with the line: format = 1 (see the format "
              "guide for a complete example)")
        return False
    fmt = data.get("format")
    if fmt is None:
        c.add("format", "`format` is missing; start the file with the line: format = 1")
        return False
    if isinstance(fmt, str) and fmt.strip() == str(FORMAT_VERSION):
        c.add("format", f'write the format as a number, without quotes: format = 1; found '
              f'"{fmt}"')
        return False
    if isinstance(fmt, float) and fmt == FORMAT_VERSION:
        c.add("format", f"write the format as a whole number: format = 1; found {fmt}")
        return False
    if fmt != FORMAT_VERSION or isinstance(fmt, bool):
        c.add("format", f"this file says format = {fmt!r}, but painpath reads format 1; "
              "if it was made for a newer painpath, please update painpath")
        return False
    return True


def required_title(c: Checker, data: dict[str, Any], path: str = "") -> str:
    got = c.get(data, "title", path, lambda x: v.text(x, max_len=80, min_len=1,
                                                       example='"Evening body scan"'),
                required=True, example='title = "Evening body scan"')
    return clean_line(got or "")


def optional_text(c: Checker, data: dict[str, Any], key: str, max_len: int,
                  path: str = "") -> str:
    return clean(c.get(data, key, path, lambda x: v.text(x, max_len=max_len)) or "")


def _scale_ref(c: Checker, value: Any, key: str, scales: dict[str, Scale]) -> str | None:
    if not isinstance(value, str):
        c.add(key, f"expected a scale id in quotes, like \"pain\"; found {v.describe(value)}")
        return None
    if value not in scales and c.scales_cause:
        c.add(key, f'"{v.shown(value)}" is not a built-in scale, and the pack\'s own scales '
              "could not be read because pack.toml has an error", cause=c.scales_cause)
        return None
    if value not in scales:
        guess = did_you_mean(value, scales)
        hint = f"; did you mean \"{guess}\"?" if guess else \
            f"; the scales here are {', '.join(sorted(scales))}"
        c.add(key, f'"{v.shown(value)}" is not a known rating scale{hint}')
        return None
    return value


def _ratings(c: Checker, data: dict[str, Any], scales: dict[str, Scale]
             ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    default = ("pain", "tension")
    table = data.get("ratings")
    if table is None:
        return default, default
    if not isinstance(table, dict):
        c.add("ratings", "expected a [ratings] table with `before` and `after` lists; "
              f"found {v.describe(table)}")
        return default, default
    c.unknown_keys(table, ("before", "after"), "ratings", top=EXERCISE_KEYS)
    out: list[tuple[str, ...]] = []
    for when in ("before", "after"):
        items = table.get(when)
        if items is None:
            out.append(default)
            continue
        if not isinstance(items, list):
            c.add(f"ratings.{when}", f'expected a list of scale ids, like ["pain", "tension"]; '
                  f"found {v.describe(items)}")
            out.append(default)
            continue
        refs = [_scale_ref(c, x, f"ratings.{when}", scales) for x in items]
        out.append(tuple(dict.fromkeys(r for r in refs if r)))
    return out[0], out[1]


def _breath(c: Checker, value: Any, path: str) -> Breath | None:
    if not isinstance(value, dict):
        c.add(path, "expected a table like { inhale = 4, hold = 2, exhale = 6, rest = 0 }; "
              f"found {v.describe(value)}")
        return None
    c.unknown_keys(value, BREATH_KEYS, path)
    phases = {}
    for key in BREATH_KEYS:
        required = key in ("inhale", "exhale")
        phases[key] = c.get(value, key, path, lambda x, r=required: v.number(
            x, low=0, high=60, above_low=r), required=required, default=0.0)
    if phases["inhale"] is None or phases["exhale"] is None:
        return None
    return Breath(**{k: float(x or 0) for k, x in phases.items()})


def _audio(c: Checker, value: Any, path: str) -> str | None:
    if not isinstance(value, str):
        c.add(path, f'expected a file path in quotes, like "audio/feet.ogg"; found '
              f"{v.describe(value)}")
        return None
    posix = PurePosixPath(value.replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or _DRIVE.match(value):
        c.add(path, f'"{v.shown(value)}" points outside the pack; audio files must be inside the '
              "pack folder, given relative to it")
        return None
    if posix.suffix.lower() not in AUDIO_SUFFIXES:
        c.add(path, f'"{v.shown(value)}" is not a sound file painpath knows; use .wav, .mp3, .flac '
              "or .ogg")
        return None
    return str(posix)


def _step(c: Checker, raw: Any, n: int, scales: dict[str, Scale]) -> Step | None:
    path = f"steps[{n}]"
    if not isinstance(raw, dict):
        c.add(path, f"each step should be a [[steps]] table; found {v.describe(raw)}")
        return None
    errors_before = len([p for p in c.problems if p.is_error])
    c.unknown_keys(raw, STEP_KEYS, path, top=EXERCISE_KEYS)
    text = c.get(raw, "text", path, lambda x: v.text(x, max_len=20_000, min_len=1,
                                                      example='"Let your attention rest..."'),
                 required=True, example='text = "Let your attention rest on your feet."')
    title = c.get(raw, "title", path, lambda x: v.text(x, max_len=80)) or ""
    duration = c.get(raw, "duration", path, v.duration)
    breath = _breath(c, raw["breath"], f"{path}.breath") if "breath" in raw else None
    cycles = c.get(raw, "cycles", path, lambda x: v.integer(x, low=1, high=500))
    count = c.get(raw, "count", path, lambda x: v.integer(x, low=1, high=20))
    entry = c.get(raw, "entry", path, v.boolean, default=False)
    region = c.get(raw, "region", path, lambda x: _region(x))
    rate = _scale_ref(c, raw["rate"], f"{path}.rate", scales) if "rate" in raw else None
    bell = c.get(raw, "bell", path, v.boolean, default=True)
    bells_every = c.get(raw, "bells_every", path, v.duration)
    audio = _audio(c, raw["audio"], f"{path}.audio") if "audio" in raw else None
    recall = c.get(raw, "recall", path, v.boolean, default=False)

    _timing(c, raw, path, duration, bells_every)
    if "entry" in raw and entry is False and "count" not in raw and "breath" not in raw \
            and "duration" not in raw:
        pass  # `entry = false` with nothing else is reported by _timing
    if len([p for p in c.problems if p.is_error]) > errors_before:
        return None
    return Step(text=clean(text or ""), title=clean_line(title), duration=duration,
                breath=breath, cycles=cycles if breath else None, count=count,
                entry=bool(entry), region=region, rate=rate, bell=bool(bell),
                bells_every=bells_every, audio=audio, recall=bool(recall))


def _region(value: Any) -> str:
    if not isinstance(value, str):
        raise v.Invalid(f'expected a body region in quotes, like "feet"; found {v.describe(value)}')
    if value not in REGIONS:
        guess = did_you_mean(value, REGIONS)
        hint = f'; did you mean "{guess}"?' if guess else "; see the list of body regions " \
            "in the format guide"
        raise v.Invalid(f'"{v.shown(value)}" is not a body region painpath knows{hint}')
    return value


_TIMING_HELP = ("give a step exactly one of: `duration` alone; `breath` with `cycles`; "
                "`count` (with an optional `duration` as its limit); or `entry = true` "
                "(with an optional `duration` as its limit)")


def _timing(c: Checker, raw: dict[str, Any], path: str, duration: int | None,
            bells_every: int | None) -> None:
    """Each step is timed exactly one way (FORMAT.md, "A step")."""
    has = {k for k in ("duration", "breath", "cycles", "count") if k in raw}
    if raw.get("entry") is True:
        has.add("entry")
    ways = has - {"duration", "cycles"}
    if len(ways) > 1:
        names = " and ".join(f"`{w}`" for w in sorted(ways))
        c.add(path, f"this step has both {names}; {_TIMING_HELP}")
    elif "breath" in has:
        if "cycles" not in raw:
            c.add(path, "a `breath` step also needs `cycles`: how many breaths, like cycles = 6")
        if "duration" in raw:
            c.add(f"{path}.duration", "a `breath` step is timed by its `cycles`, so it cannot "
                  "also have a `duration`; remove one of them")
    elif "cycles" in raw:
        c.add(f"{path}.cycles", "`cycles` only goes with `breath`; add a `breath` table or "
              "remove `cycles`")
    elif not ways and "duration" not in raw and not (
            "entry" in raw and not isinstance(raw["entry"], bool)):
        # (`entry = "yes"` is reported on its own line by the reader.)
        c.add(path, f"this step has no timing; {_TIMING_HELP}")
    if "bells_every" in raw:
        if ways:
            c.add(f"{path}.bells_every", "`bells_every` only works in a step timed by "
                  "`duration` alone")
        elif duration is not None and bells_every is not None and bells_every >= duration:
            c.add(f"{path}.bells_every", f"`bells_every` ({length(bells_every)}) must be "
                  f"shorter than the step's `duration` ({length(duration)})")


def exercise(c: Checker, data: dict[str, Any], *, pack: str = "local",
             pack_scales: tuple[Scale, ...] = (), content_hash: str = "",
             pack_version: str = "") -> Exercise | None:
    """Check one exercise table; None when it has any error."""
    if not format_ok(c, data):
        return None
    c.unknown_keys(data, EXERCISE_KEYS, "")
    scales = {**BUILTIN_SCALES, **{s.id: s for s in pack_scales}}
    ident = c.get(data, "id", "", v.identifier, required=True, example='id = "body-scan-10"')
    title = required_title(c, data)
    kind = c.get(data, "kind", "", lambda x: _choice(x, KINDS, "kind"), required=True,
                 example=f'kind = "body-scan" (or one of: {", ".join(KINDS[1:])})')
    summary = optional_text(c, data, "summary", 200)
    description = optional_text(c, data, "description", 20_000)
    content_note = optional_text(c, data, "content_note", 1_000)
    tags = c.get(data, "tags", "", _tags, default=[]) or []
    author = clean_line(c.get(data, "author", "", lambda x: v.text(x, max_len=200)) or "")
    license_ = clean_line(c.get(data, "license", "", lambda x: v.text(x, max_len=200)) or "")
    language = c.get(data, "language", "", _language, default="en") or "en"
    replaces = c.get(data, "replaces", "", lambda x: _replaces(x, ident), default=()) or ()
    before, after = _ratings(c, data, scales)
    raw_steps = data.get("steps")
    steps: list[Step] = []
    if raw_steps is None:
        c.add("steps", "this exercise has no steps; add at least one [[steps]] table with a "
              "`text` and a `duration`")
    elif isinstance(raw_steps, dict):
        c.add("steps", "write each step under [[steps]], with two square brackets on each "
              "side; found [steps] with one. Use double brackets: [[steps]]")
    elif not isinstance(raw_steps, list) or not raw_steps:
        c.add("steps", "expected one or more [[steps]] tables; found "
              f"{'none' if raw_steps == [] else v.describe(raw_steps)}")
    elif len(raw_steps) > MAX_STEPS:
        c.add("steps", f"this exercise has {len(raw_steps)} steps; at most {MAX_STEPS} are "
              "allowed")
    else:
        for n, raw in enumerate(raw_steps, start=1):
            step = _step(c, raw, n, scales)
            if step:
                if step.recall and not any(s.entry for s in steps):
                    c.add(f"steps[{n}].recall", "`recall = true` shows the answer of an "
                          "earlier writing step, and no step before this one has "
                          "`entry = true`; add one before it, or remove `recall`")
                steps.append(step)
    if c.failed:
        return None
    return Exercise(id=ident or "", title=title, kind=kind or "other", steps=tuple(steps),
                    pack=pack, summary=summary, description=description,
                    content_note=content_note, tags=tuple(clean_line(t) for t in tags),
                    author=author, license=license_, language=language,
                    ratings_before=before, ratings_after=after, source=c.file,
                    content_hash=content_hash, pack_version=pack_version,
                    scales=pack_scales, replaces=replaces)


def _choice(value: Any, choices: tuple[str, ...], what: str) -> str:
    if isinstance(value, str) and value in choices:
        return value
    guess = did_you_mean(value, choices) if isinstance(value, str) else None
    hint = f'did you mean "{guess}"? ' if guess else ""
    shown = f'"{v.shown(value)}"' if isinstance(value, str) else v.describe(value)
    raise v.Invalid(f"{shown} is not a {what} painpath knows; {hint}"
                    f"choose one of: {', '.join(choices)}")


def _tags(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise v.Invalid(f'expected a list of words, like ["beginner", "seated"]; found '
                        f"{v.describe(value)}")
    for tag in value:
        if not isinstance(tag, str) or not clean_line(tag) or len(tag) > 32:
            raise v.Invalid(f"each tag must be text of 1 to 32 characters; found {v.describe(tag)}")
    return value


def _replaces(value: Any, own: str | None) -> tuple[str, ...]:
    """`replaces = ["body-scan"]`: the ids this practice had in earlier versions."""
    if not isinstance(value, list) or not value or len(value) > 20:
        raise v.Invalid('expected a list of 1 to 20 earlier ids of this practice, like '
                        f'replaces = ["body-scan"]; found {v.describe(value)}')
    for old in value:
        if isinstance(old, str) and "/" in old:
            raise v.Invalid(f'"{v.shown(old)}": name the earlier id without its pack; a '
                            "practice can only replace one of its own pack")
        v.identifier(old, "an earlier id")
        if old == own:
            raise v.Invalid(f'"{old}" is this practice\'s own id; `replaces` names the ids '
                            "it had before")
    return tuple(dict.fromkeys(value))


def _language(value: Any) -> str:
    if not isinstance(value, str) or not v.LANGUAGE_RULE.match(value):
        raise v.Invalid(f'expected a language tag like "en" or "pt-BR"; found {v.describe(value)}')
    return value
