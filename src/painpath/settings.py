"""The person's preferences for the app: bell, motion, theme, breath seconds, sound.

Kept as a small TOML file the person may edit by hand, so reading it must
never fail: a broken file, a wrong type or an unknown key falls back to the
default for that setting, with a note in words the app can show. Writing is
atomic (a temporary file renamed over the old one), so a crash mid-save never
leaves a half-written file behind. This module is headless: the app decides
which theme names exist; here a theme is just a name.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from painpath.atomic import write_atomic
from painpath.paths import make_private_dirs

DEFAULT_THEME = "textual-dark"
# Named here, not imported from painpath.sound (which loads numpy): settings are read
# before home's first frame. A test holds these equal to the sound package's own.
BELL_PRESETS = ("soft", "low", "double", "wood")
BREATH_CUES = ("tone", "words", "off")
VOICE_ENGINES = ("auto", "piper", "espeak-ng", "say", "windows")
RATE_RANGE = (80, 260)  # espeak-ng words per minute (painpath.sound.voices)
VOLUMES = ("volume_master", "volume_voice", "volume_bells", "volume_recordings",
           "volume_breath")


@dataclass(frozen=True, slots=True)
class Settings:
    """What the app remembers between runs."""

    bell: bool = True
    reduced_motion: bool = False
    theme: str = DEFAULT_THEME
    show_breath_seconds: bool = True
    # Sound (docs/sound.md). Volumes are percentages, 0 to 100.
    sound: bool = True
    voice: bool = True
    voice_engine: str = "auto"
    voice_name: str = ""  # empty: the engine's voice for the practice's language
    speaking_rate: int = 120
    bell_preset: str = "soft"
    breath_cue: str = "tone"
    volume_master: int = 80
    volume_voice: int = 100
    volume_bells: int = 70
    volume_recordings: int = 100
    volume_breath: int = 50

    def with_(self, **changes: object) -> Settings:
        """A copy with some settings changed (the dataclass is frozen)."""
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    """Settings read from disk, and what had to be ignored to read them."""

    settings: Settings
    notes: tuple[str, ...] = ()


MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file is a few hundred bytes
_TYPES: dict[str, type] = {f.name: type(getattr(Settings(), f.name)) for f in fields(Settings)}


def load(path: Path) -> LoadedSettings:
    """Read settings; anything unreadable becomes its default, with a note."""
    from painpath.reading import read_bounded

    try:  # a pipe or a device is not read (the app would wait forever), nor a huge file
        raw = read_bounded(path, MAX_SETTINGS_BYTES).decode("utf-8")
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except (OSError, UnicodeDecodeError) as err:
        return LoadedSettings(Settings(), (
            f"Your settings file {path} could not be read ({_reason(err)}); "
            "the defaults are used for now.",))
    # Imported here, read by the app before its first frame: only a file that exists
    # pays for the parser. The same compiled tomli as the exercise loader.
    try:
        import tomli as tomllib
    except ImportError:  # pragma: no cover - a source install without the compiled wheel
        import tomllib  # type: ignore[no-redef]
    try:
        data = tomllib.loads(raw)
    except ValueError as err:  # TOMLDecodeError, or a number too long to read
        return LoadedSettings(Settings(), (
            f"Your settings file {path} is not valid TOML ({err}); "
            "the defaults are used until you change a setting.",))
    except RecursionError:  # lists nested hundreds deep
        return LoadedSettings(Settings(), (
            f"Your settings file {path} holds lists nested hundreds of levels deep, so it "
            "could not be read; the defaults are used until you change a setting.",))
    values: dict[str, object] = {}
    notes: list[str] = []
    for key, value in data.items():
        expected = _TYPES.get(key)
        if expected is None:
            notes.append(f"The setting `{key}` in {path} is not one painpath knows; "
                         "it is ignored.")
        elif type(value) is not expected:
            default = getattr(Settings(), key)
            notes.append(f"The setting `{key}` in {path} should be "
                         f"{_describe(expected)}; the default ({_toml(default)}) is used.")
        elif expected is str and not str(value).strip() and getattr(Settings(), key):
            notes.append(f"The setting `{key}` in {path} is empty; the default is used.")
        elif (problem := _out_of_range(key, value)) is not None:
            notes.append(f"The setting `{key}` in {path} {problem}; the default "
                         f"({_toml(getattr(Settings(), key))}) is used.")
        else:
            values[key] = value
    return LoadedSettings(Settings(**values), tuple(notes))  # type: ignore[arg-type]


def save(settings: Settings, path: Path) -> None:
    """Write settings atomically; raises OSError if the folder is not writable."""
    make_private_dirs(path.parent)
    lines = ["# painpath settings. You may edit this file; painpath rewrites it when you",
             "# change a setting in the app.",
             *(f"{f.name} = {_toml(getattr(settings, f.name))}" for f in fields(Settings))]
    write_atomic(path, "\n".join(lines) + "\n")


def _out_of_range(key: str, value: object) -> str | None:
    """What is wrong with a value of the right type, in words; None when it is fine."""
    choices = {"bell_preset": BELL_PRESETS, "breath_cue": BREATH_CUES,
               "voice_engine": VOICE_ENGINES}.get(key)
    if choices is not None and value not in choices:
        return "should be one of " + ", ".join(f'"{c}"' for c in choices)
    if key == "speaking_rate" and not RATE_RANGE[0] <= int(value) <= RATE_RANGE[1]:  # type: ignore[call-overload]
        return f"should be from {RATE_RANGE[0]} to {RATE_RANGE[1]}"
    if key in VOLUMES and not 0 <= int(value) <= 100:  # type: ignore[call-overload]
        return "should be from 0 to 100"
    return None


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    import json

    # A JSON string with ASCII escapes is a valid TOML basic string.
    return json.dumps(str(value), ensure_ascii=True)


def _describe(kind: type) -> str:
    if kind is int:
        return "a whole number"
    return "true or false" if kind is bool else "text in quotes"


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return "it is not UTF-8 text" if isinstance(err, UnicodeDecodeError) else str(err)
