"""The person's preferences for the app: bell, motion, theme, breath seconds.

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


@dataclass(frozen=True, slots=True)
class Settings:
    """What the app remembers between runs."""

    bell: bool = True
    reduced_motion: bool = False
    theme: str = DEFAULT_THEME
    show_breath_seconds: bool = True

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
        elif expected is str and not str(value).strip():
            notes.append(f"The setting `{key}` in {path} is empty; the default is used.")
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


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    import json

    # A JSON string with ASCII escapes is a valid TOML basic string.
    return json.dumps(str(value), ensure_ascii=True)


def _describe(kind: type) -> str:
    return "true or false" if kind is bool else "text in quotes"


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror.lower()
    return "it is not UTF-8 text" if isinstance(err, UnicodeDecodeError) else str(err)
