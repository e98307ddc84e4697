"""Loading people's files: never raises on content, returns what loaded plus problems.

A broken file never hides the good files beside it: each file is checked on
its own, and its problems are collected with the file's name, the line and
the key path. Only the I/O of the caller's own mistakes (a path that is not
there) is reported as a problem too, so `validate` can list everything.
"""

from __future__ import annotations

from pathlib import Path

from painpath.format import packmeta
from painpath.format.checker import Checker
from painpath.format.models import Scale
from painpath.format.packload import (
    LOOSE_PACK,
    Loaded,
    check_exercise,
    check_plan,
    exercise_from_bytes,
    guess_id,
    load_pack,
)
from painpath.format.planfile import PlanContext
from painpath.format.problems import Problem
from painpath.format.sources import MAX_FILE_BYTES, FolderSource, SourceRefused, ZipSource
from painpath.format.tomlread import parse_toml
from painpath.reading import FileTooLarge, NotRegularFile, read_bounded

__all__ = ["LOOSE_PACK", "Loaded", "exercise_from_bytes", "load_file", "load_folder",
           "load_pack", "load_path", "load_zip"]

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


# pack id, its scales, its version, and pack.toml's label when its scales are unknown
PackContext = tuple[str, tuple[Scale, ...], str, str]
_LOOSE: PackContext = (LOOSE_PACK, (), "", "")


def _pack_context(root: Path | None) -> PackContext:
    """What a file inside the pack folder `root` is checked with (loose if no pack)."""
    if root is None:
        return _LOOSE
    label = str(root / "pack.toml")
    meta_raw, _ = read_file(root / "pack.toml")
    if meta_raw is None:
        return _LOOSE
    data, text, _ = parse_toml(meta_raw, label)
    if data is None:
        return (LOOSE_PACK, (), "", label)
    meta = packmeta.pack_meta(Checker(label, text), data)
    if meta:
        return (meta["id"], meta["scales"], meta["version"], "")
    scales, complete = packmeta.scales_in(data)
    return (guess_id(data) or LOOSE_PACK, scales, "", "" if complete else label)


def read_file(path: Path) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, or the problem in words: a pipe or device is skipped unread,
    a file over 1 MiB is refused before it is read (`painpath.reading`)."""
    label = str(path)
    try:
        return read_bounded(path, MAX_FILE_BYTES), []
    except NotRegularFile as err:
        return None, [Problem(label, f"this is {err.kind}, not an ordinary file, so painpath "
                              "skipped it without reading it")]
    except FileTooLarge as err:
        return None, [Problem(label, f"this file is {err.size / 2**20:.1f} MiB; a painpath "
                              "file may be at most 1 MiB")]
    except OSError as err:
        return None, [Problem(label, f"could not be read ({err.strerror or err})")]


def load_file(path: Path, *, context: PackContext | None = None) -> Loaded:
    """One exercise file; a file inside a pack folder uses that pack's id and scales.

    `context` is passed by `load_folder`, which works it out once per folder
    rather than once per file (1,000 drafts need not read pack.toml 1,000 times).
    """
    out = Loaded()
    label = str(path)
    pack_id, scales, version, cause = (context if context is not None
                                       else _pack_context(find_pack_root(path)))
    raw, problems = read_file(path)
    if raw is None:
        out.problems.extend(problems)
        return out
    done = check_exercise(raw, label, pack=pack_id, scales=scales, pack_version=version,
                          scales_cause=cause)
    out.problems.extend(done.problems)
    if done.exercise:
        out.exercises.append(done.exercise)
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
    """What `validate` reads: an exercise or plan file, a folder, a pack folder or a .zip."""
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
    if is_plan_file(path):
        return load_plan_file(path)
    return load_file(path)


def plan_pack_root(path: Path) -> Path | None:
    """The pack folder of a plan file: beside `pack.toml`, or in its `plans/` folder."""
    folder = path.parent
    if path.name == "plan.toml" and (folder / "pack.toml").is_file():
        return folder
    if folder.name == "plans" and (folder.parent / "pack.toml").is_file():
        return folder.parent
    return None


def is_plan_file(path: Path) -> bool:
    """A plan by its place in a pack, or (outside one) by what it holds: [[assign]], no steps."""
    if path.name == "plan.toml" or plan_pack_root(path) is not None:
        return True
    raw, _ = read_file(path)
    if raw is None:
        return False  # load_file says why
    data, _, _ = parse_toml(raw, str(path))
    return data is not None and "assign" in data and "steps" not in data


def load_plan_file(path: Path) -> Loaded:
    """A plan file checked against its pack: its own problems, and the mistakes they follow."""
    root = plan_pack_root(path)
    if root is None:
        raw, unread = read_file(path)
        if raw is None:
            return Loaded(problems=unread)
        found, problems = check_plan(raw, str(path), PlanContext(LOOSE_PACK, checked=False))
        note = Problem(str(path), "this plan is not in a pack folder (beside a pack.toml), so "
                       "the practices it names could not be checked", severity="warning")
        return Loaded(problems=[*problems, note], plans=[found] if found else [])
    whole = load_pack(FolderSource(root))
    mine = path.resolve()
    out = Loaded(plans=[p for p in whole.plans if Path(p.source).resolve() == mine])
    out.problems = [p for p in whole.problems if Path(p.file).resolve() == mine]
    causes = {p.cause for p in out.problems if p.derived}
    # The mistakes this plan's problems follow from are shown too, so they are said once.
    out.problems += [p for p in whole.problems if p.file in causes and not p.derived
                     and p.is_error]
    return out
