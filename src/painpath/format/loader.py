"""Loading people's files: never raises on content, returns what loaded plus problems.

A broken file never hides the good files beside it: each file is checked on
its own, and its problems are collected with the file's name, the line and
the key path. Only the I/O of the caller's own mistakes (a path that is not
there) is reported as a problem too, so `validate` can list everything.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from painpath.format import validate
from painpath.format.checker import Checker
from painpath.format.models import Exercise, Pack, Plan, Scale
from painpath.format.problems import Problem
from painpath.format.sources import (
    MAX_FILE_BYTES,
    MAX_PACK_BYTES,
    MAX_PACK_FILES,
    FolderSource,
    PackFile,
    PackSource,
    SourceRefused,
    ZipSource,
)

# tomli is the same parser as the standard library's tomllib, but its wheels are
# compiled: loading a library of 1,000 files is 3-4x faster (docs/performance.md).
try:
    import tomli as tomllib
except ImportError:  # pragma: no cover - a source install without the compiled wheel
    import tomllib

LOOSE_PACK = "local"
TOO_LONG_NUMBER = ("a number in this file is thousands of digits long, too long to read; "
                   "the numbers in a practice need only a few digits")
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class Loaded:
    """Everything that loaded from some paths, and every problem found on the way."""

    packs: list[Pack] = field(default_factory=list)
    exercises: list[Exercise] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def extend(self, other: Loaded) -> None:
        self.packs.extend(other.packs)
        self.exercises.extend(other.exercises)
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def parse_toml(raw: bytes, label: str) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Bytes to a TOML table, or a problem saying in words why not."""
    if len(raw) > MAX_FILE_BYTES:
        return None, "", [Problem(label, f"this file is {len(raw) / 2**20:.1f} MiB; a painpath "
                                  "file may be at most 1 MiB")]
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return None, "", [Problem(label, "this file is not UTF-8 text; save it from your "
                                  "editor as UTF-8 (plain text)", line=line)]
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as err:
        text = str(err)
        found = _TOML_LINE.search(text)
        line = int(found.group(1)) if found else None
        reason = _TOML_LINE.sub("", text).replace("(at end of document)", "").strip()
        lines = source.split("\n")  # TOML's own line ends, as the parser counts them
        said = lines[line - 1] if line and line <= len(lines) else ""
        return None, source, [Problem(label, _toml_words(reason.rstrip("."), said), line=line)]
    except ValueError:  # Python's own limit: a number of more than 4,300 digits
        return None, source, [Problem(label, TOO_LONG_NUMBER)]
    return data, source, []


# The TOML reader's messages, in words for people who do not write code.
_TOML_WORDS = (
    ("Illegal character '\\n'", "a text in quotes is not closed before the end of the line; "
     'add the closing quote, or use triple quotes """ for text over several lines'),
    ("Illegal character", "this line holds an invisible control character that TOML does not "
     "allow (often pasted in); delete and retype the text around it"),
    ("Unterminated string", "a text in quotes is never closed; add the closing quote"),
    ('Expected "\'"', "a text in single quotes is never closed; add the closing quote"),
    ("Unclosed array", "a list in [ ] is never closed; add the closing ]"),
    ("Unclosed inline table", "a table in { } is not closed on its line; add the closing }"),
    ("Cannot overwrite a value", "a key is given twice; keep only one of them"),
    ("Cannot declare", "a [table] heading is given twice; keep only one of them"),
    ("Expected '=' after a key", "a key has no = sign; write key = value, like "
     'duration = "1m"'),
    ("Expected newline or end of document", "there is more on this line after its value; a "
     'text with " inside needs \\" or single quotes around the whole text, and a duration '
     'needs quotes, like duration = "1m"'),
    ("Expected ']'", "a [table] heading is not closed; add the closing ]"),
    ("Invalid value", "the value after = is not one TOML understands; text goes in straight "
     'quotes, like title = "Evening body scan", numbers and true/false go without'),
)


def _toml_words(reason: str, line: str) -> str:
    """A TOML syntax error in plain words; curly quotes (from word processors) named."""
    if reason.startswith("Invalid value") and any(q in line for q in "\u201c\u201d\u2018\u2019"):
        return ("this file could not be read: this line uses curly quotes (\u201c \u201d), "
                'and TOML needs straight quotes ("); your editor may have changed them')
    for start, words in _TOML_WORDS:
        if reason.startswith(start):
            return f"this file could not be read: {words}"
    return (f"this file could not be read as TOML ({reason[:1].lower() + reason[1:]}); check "
            "the quotes, brackets and = signs on this line or the one before")


def _hash(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def exercise_from_bytes(raw: bytes, label: str, *, pack: str = LOOSE_PACK,
                        scales: tuple[Scale, ...] = (), pack_version: str = ""
                        ) -> tuple[Exercise | None, list[Problem]]:
    data, source, problems = parse_toml(raw, label)
    if data is None:
        return None, problems
    checker = Checker(label, source)
    ex = validate.exercise(checker, data, pack=pack, pack_scales=scales,
                           content_hash=_hash(raw), pack_version=pack_version)
    return ex, checker.problems


def load_pack(source: PackSource) -> Loaded:
    """Load a pack: `pack.toml`, `exercises/**.toml`, `plan.toml` and `plans/*.toml`."""
    out = Loaded()
    files = source.files()
    by_path = {f.relpath: f for f in files}
    meta_file = by_path.get("pack.toml")
    if meta_file is None:
        if isinstance(source, ZipSource):
            out.problems.append(Problem(source.label, "this .zip has no pack.toml at its top "
                                        "(or inside one top folder), so it is not a pack"))
            return out
        out.problems.append(Problem(source.label, "this folder has no pack.toml, so it is not "
                                    "a pack; add a pack.toml (see `painpath pack new`)"))
        return out
    if len(files) > MAX_PACK_FILES:
        out.problems.append(Problem(source.label, f"this pack holds {len(files)} files; a pack "
                                    f"may hold at most {MAX_PACK_FILES}"))
        return out
    total = sum(f.size for f in files)
    if total > MAX_PACK_BYTES:
        out.problems.append(Problem(source.label, f"this pack holds {total / 2**20:.0f} MiB of "
                                    "files; a pack may be at most 200 MiB"))
        return out
    data, text, problems = parse_toml(source.read(meta_file), meta_file.label)
    out.problems.extend(problems)
    meta = None
    if data is not None:
        checker = Checker(meta_file.label, text)
        meta = validate.pack_meta(checker, data)
        out.problems.extend(checker.problems)
    pack_id = (meta or {}).get("id") or _guess_id(data) or LOOSE_PACK
    scales: tuple[Scale, ...] = (meta or {}).get("scales", ())
    version = (meta or {}).get("version") or ""
    exercises: dict[str, Exercise] = {}
    for item in files:
        rel = PurePosixPath(item.relpath)
        if rel.parts[:1] != ("exercises",) or rel.suffix != ".toml":  # (zip entry "." has no parts)
            continue
        ex, problems = exercise_from_bytes(source.read(item), item.label, pack=pack_id,
                                           scales=scales, pack_version=version)
        out.problems.extend(problems)
        if ex is None:
            continue
        if ex.id in exercises:
            first = Path(exercises[ex.id].source).name
            out.problems.append(Problem(item.label, f'the id "{ex.id}" is already used by '
                                        f"{first}; each exercise in a pack needs its own id",
                                        "id", _line_of(source, item, "id")))
            continue
        exercises[ex.id] = ex
    plans = _load_plans(source, files, pack_id, set(exercises), out)
    _check_audio(source, by_path, exercises.values(), out)
    if meta is not None:
        out.packs.append(Pack(exercises=tuple(exercises.values()), plans=tuple(plans),
                              root=getattr(source, "root", None), source=source.label,
                              **meta))
        out.exercises.extend(exercises.values())
    return out


def _guess_id(data: dict[str, Any] | None) -> str | None:
    ident = (data or {}).get("id")
    return ident if isinstance(ident, str) and validate.v.ID_RULE.match(ident) else None


def _line_of(source: PackSource, item: PackFile, key: str) -> int | None:
    from painpath.format.locate import LineIndex

    try:
        return LineIndex(source.read(item).decode("utf-8-sig")).line(key)
    except UnicodeDecodeError:
        return None


def _load_plans(source: PackSource, files: list[PackFile], pack_id: str, ids: set[str],
                out: Loaded) -> list[Plan]:
    plans: list[Plan] = []
    for item in files:
        rel = PurePosixPath(item.relpath)
        is_plan = item.relpath == "plan.toml" or (rel.parts[:1] == ("plans",)
                                                  and rel.suffix == ".toml")
        if not is_plan:
            continue
        data, text, problems = parse_toml(source.read(item), item.label)
        out.problems.extend(problems)
        if data is None:
            continue
        checker = Checker(item.label, text)
        plan = validate.plan(checker, data, pack=pack_id, exercise_ids=ids)
        out.problems.extend(checker.problems)
        if plan and any(p.id == plan.id for p in plans):
            out.problems.append(Problem(item.label, f'the plan id "{plan.id}" is used twice',
                                        "id"))
        elif plan:
            plans.append(plan)
    return plans


def _check_audio(source: PackSource, by_path: dict[str, PackFile], exercises: Any,
                 out: Loaded) -> None:
    for ex in exercises:
        for n, step in enumerate(ex.steps, start=1):
            if step.audio and step.audio not in by_path:
                out.problems.append(Problem(
                    ex.source, f'the audio file "{step.audio}" is not in the pack; the step '
                    "will run without it", f"steps[{n}].audio", None, "warning"))


def find_pack_root(file: Path) -> Path | None:
    """The pack folder a file sits in (`PACK/exercises/.../file.toml`), if any."""
    for parent in file.resolve().parents:
        if (parent / "pack.toml").is_file():
            try:
                rel = file.resolve().relative_to(parent)
            except ValueError:
                return None
            return parent if rel.parts[0] == "exercises" else None
    return None


PackContext = tuple[str, tuple[Scale, ...], str]  # pack id, its scales, its version
_LOOSE: PackContext = (LOOSE_PACK, (), "")


def _pack_context(root: Path | None) -> PackContext:
    """What a file inside the pack folder `root` is checked with (loose if no good pack)."""
    if root is None:
        return _LOOSE
    try:
        meta_raw = (root / "pack.toml").read_bytes()
    except OSError:
        return _LOOSE
    data, text, _ = parse_toml(meta_raw, str(root / "pack.toml"))
    if data is None:
        return _LOOSE
    meta = validate.pack_meta(Checker(str(root / "pack.toml"), text), data)
    return (meta["id"], meta["scales"], meta["version"]) if meta else _LOOSE


def load_file(path: Path, *, context: PackContext | None = None) -> Loaded:
    """One exercise file; a file inside a pack folder uses that pack's id and scales.

    `context` is passed by `load_folder`, which works it out once per folder
    rather than once per file (1,000 drafts need not read pack.toml 1,000 times).
    """
    out = Loaded()
    label = str(path)
    pack_id, scales, version = (context if context is not None
                                else _pack_context(find_pack_root(path)))
    try:
        raw = path.read_bytes()
    except OSError as err:
        out.problems.append(Problem(label, f"could not be read ({err.strerror or err})"))
        return out
    ex, problems = exercise_from_bytes(raw, label, pack=pack_id, scales=scales,
                                       pack_version=version)
    out.problems.extend(problems)
    if ex:
        out.exercises.append(ex)
    return out


def load_folder(path: Path) -> Loaded:
    """A pack folder (has pack.toml), or a folder of drafts: packs below, and every .toml."""
    if (path / "pack.toml").is_file():
        return load_pack(FolderSource(path))
    out = Loaded()
    visible = [f for f in sorted(path.rglob("*.toml"))
               if not any(p.startswith(".") for p in f.relative_to(path).parts)]
    roots = [f.parent for f in visible if f.name == "pack.toml"]
    for root in roots:
        out.extend(load_pack(FolderSource(root)))
    seen: dict[str, str] = {}
    contexts: dict[Path, PackContext] = {}  # files in one folder share their pack
    for file in visible:
        if any(root in file.parents for root in roots):
            continue
        if file.parent not in contexts:
            contexts[file.parent] = _pack_context(find_pack_root(file))
        part = load_file(file, context=contexts[file.parent])
        for ex in list(part.exercises):
            if ex.qualified_id in seen:
                part.problems.append(Problem(str(file), f'the id "{ex.id}" is already used by '
                                             f"{seen[ex.qualified_id]}", "id"))
                part.exercises.remove(ex)
            else:
                seen[ex.qualified_id] = str(file)
        out.extend(part)
    return out


def load_zip(path: Path) -> Loaded:
    try:
        source = ZipSource(path)
    except SourceRefused as err:
        return Loaded(problems=[Problem(str(path), str(err))])
    try:
        return load_pack(source)
    finally:
        source.close()


def load_path(path: Path) -> Loaded:
    """What `validate` reads: an exercise file, a folder, a pack folder or a .zip."""
    if not path.exists():
        return Loaded(problems=[Problem(str(path), "there is no file or folder with this name")])
    if path.is_dir():
        return load_folder(path)
    if path.suffix.lower() == ".zip":
        return load_zip(path)
    if path.name == "pack.toml":
        return load_pack(FolderSource(path.parent))
    if path.suffix.lower() != ".toml":
        return Loaded(problems=[Problem(str(path), "painpath reads .toml exercise files, pack "
                                        "folders and .zip packs; this is none of those")])
    return load_file(path)
