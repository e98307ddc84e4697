"""Loading one pack: `pack.toml`, its practices and its plans, checked together.

One slip should read as one mistake. When `pack.toml` has an error, its
practices are still checked (a therapist wants every problem at once), but
against the scales `pack.toml` still names, so its scales are not reported
missing at every use; what cannot be told apart is marked as following from
`pack.toml` (`Problem.cause`) and said once with it. A plan line naming a
practice whose own file has an error says so, and follows from that file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from painpath.format import packmeta, validate
from painpath.format.checker import Checker
from painpath.format.models import Exercise, Pack, Plan, Scale
from painpath.format.planfile import PlanContext, plan
from painpath.format.problems import Problem
from painpath.format.sources import (
    MAX_PACK_BYTES,
    MAX_PACK_FILES,
    PackFile,
    PackSource,
    ZipSource,
)
from painpath.format.tomlread import parse_toml

LOOSE_PACK = "local"
LINK_LEFT_OUT = ("this is a link (a shortcut to a file or folder elsewhere), so it is left out "
                 "of the pack: a pack holds only its own files, so that it is the same on "
                 "every computer. Copy the file itself into the pack folder instead")


@dataclass
class Loaded:
    """Everything that loaded from some paths, and every problem found on the way."""

    packs: list[Pack] = field(default_factory=list)
    exercises: list[Exercise] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)  # a plan file checked on its own

    def extend(self, other: Loaded) -> None:
        self.packs.extend(other.packs)
        self.exercises.extend(other.exercises)
        self.problems.extend(other.problems)
        self.plans.extend(other.plans)

    @property
    def errors(self) -> list[Problem]:
        """The mistakes to fix; problems that only follow from one of them are `derived`."""
        return [p for p in self.problems if p.is_error and not p.derived]

    @property
    def derived(self) -> list[Problem]:
        return [p for p in self.problems if p.derived]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def _hash(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class ExerciseCheck:
    """One practice file checked: the exercise if it loaded, its problems, its likely id."""

    exercise: Exercise | None
    problems: list[Problem]
    ident: str | None  # from its `id`, or its file name when it could not be read


def check_exercise(raw: bytes, label: str, *, pack: str = LOOSE_PACK,
                   scales: tuple[Scale, ...] = (), pack_version: str = "",
                   scales_cause: str = "") -> ExerciseCheck:
    data, source, problems = parse_toml(raw, label)
    if data is None:
        return ExerciseCheck(None, problems, PurePosixPath(label).stem or None)
    checker = Checker(label, source)
    checker.scales_cause = scales_cause
    ex = validate.exercise(checker, data, pack=pack, pack_scales=scales,
                           content_hash=_hash(raw), pack_version=pack_version)
    return ExerciseCheck(ex, checker.problems, guess_id(data))


def exercise_from_bytes(raw: bytes, label: str, *, pack: str = LOOSE_PACK,
                        scales: tuple[Scale, ...] = (), pack_version: str = ""
                        ) -> tuple[Exercise | None, list[Problem]]:
    done = check_exercise(raw, label, pack=pack, scales=scales, pack_version=pack_version)
    return done.exercise, done.problems


def guess_id(data: dict[str, Any] | None) -> str | None:
    ident = (data or {}).get("id")
    return ident if isinstance(ident, str) and validate.v.ID_RULE.match(ident) else None


def _refused(source: PackSource, files: list[PackFile]) -> Problem | None:
    """A reason the whole source is not a pack painpath reads, if there is one."""
    if not any(f.relpath == "pack.toml" for f in files):
        if isinstance(source, ZipSource):
            return Problem(source.label, "this .zip has no pack.toml at its top (or inside "
                           "one top folder), so it is not a pack")
        return Problem(source.label, "this folder has no pack.toml, so it is not a pack; add "
                       "a pack.toml (see `painpath pack new`)")
    if len(files) > MAX_PACK_FILES:
        return Problem(source.label, f"this pack holds {len(files)} files; a pack may hold at "
                       f"most {MAX_PACK_FILES}")
    total = sum(f.size for f in files)
    if total > MAX_PACK_BYTES:
        return Problem(source.label, f"this pack holds {total / 2**20:.0f} MiB of files; a "
                       "pack may be at most 200 MiB")
    return None


@dataclass
class _Meta:
    """What pack.toml gave: its fields when it has no error, and what its practices need."""

    fields: dict[str, Any] | None
    pack_id: str
    scales: tuple[Scale, ...]
    version: str
    scales_cause: str  # pack.toml's label when its scales could not all be read


def read_meta(source: PackSource, meta_file: PackFile, out: Loaded) -> _Meta:
    data, text, problems = parse_toml(source.read(meta_file), meta_file.label)
    out.problems.extend(problems)
    if data is None:
        return _Meta(None, LOOSE_PACK, (), "", meta_file.label)
    checker = Checker(meta_file.label, text)
    meta = packmeta.pack_meta(checker, data)
    out.problems.extend(checker.problems)
    if meta is not None:
        return _Meta(meta, meta["id"], meta["scales"], meta["version"], "")
    scales, complete = packmeta.scales_in(data)
    version = data.get("version")
    return _Meta(None, guess_id(data) or LOOSE_PACK, scales,
                 version if isinstance(version, str) else "",
                 "" if complete else meta_file.label)


def load_pack(source: PackSource) -> Loaded:
    """Load a pack: `pack.toml`, `exercises/**.toml`, `plan.toml` and `plans/*.toml`."""
    out = Loaded()
    files = source.files()
    refused = _refused(source, files)
    if refused is not None:
        out.problems.append(refused)
        return out
    by_path = {f.relpath: f for f in files}
    meta = read_meta(source, by_path["pack.toml"], out)
    ctx = PlanContext(meta.pack_id)
    for rel in getattr(source, "links", ()):
        out.problems.append(Problem(str(Path(source.label) / rel), LINK_LEFT_OUT,
                                    severity="warning"))
        if PurePosixPath(rel).parts[:1] == ("exercises",):
            ctx.linked.setdefault(PurePosixPath(rel).stem, rel)
    for rel, kind in getattr(source, "not_files", ()):
        out.problems.append(Problem(str(Path(source.label) / rel), f"this is {kind}, not an "
                                    "ordinary file, so it was left out of the pack unread",
                                    severity="warning"))
    exercises: dict[str, Exercise] = {}
    for item in files:
        rel = PurePosixPath(item.relpath)
        if rel.parts[:1] != ("exercises",) or rel.suffix != ".toml":  # (zip entry "." has no parts)
            continue
        done = check_exercise(source.read(item), item.label, pack=meta.pack_id,
                              scales=meta.scales, pack_version=meta.version,
                              scales_cause=meta.scales_cause)
        out.problems.extend(done.problems)
        ex = done.exercise
        if ex is None:
            if done.ident:
                ctx.broken.setdefault(done.ident, (item.relpath, _root_of(done.problems,
                                                                          item.label)))
            continue
        if ex.id in exercises:
            first = Path(exercises[ex.id].source).name
            out.problems.append(Problem(item.label, f'the id "{ex.id}" is already used by '
                                        f"{first}; each exercise in a pack needs its own id",
                                        "id", _line_of(source, item, "id")))
            continue
        exercises[ex.id] = ex
    ctx.ids = set(exercises)
    ctx.seconds = {ident: ex.total_seconds for ident, ex in exercises.items()}
    ctx.replaced = _check_replaces(exercises, out)
    renamed = tuple((f"{meta.pack_id}/{old}", f"{meta.pack_id}/{new}")
                    for old, new in ctx.replaced.items())
    plans = [replace(p, renamed=renamed) for p in _load_plans(source, files, ctx, out)]
    _check_audio(by_path, exercises.values(), out)
    if meta.fields is not None:
        out.packs.append(Pack(exercises=tuple(exercises.values()), plans=tuple(plans),
                              root=getattr(source, "root", None), source=source.label,
                              **meta.fields))
        out.exercises.extend(exercises.values())
        out.plans.extend(plans)
    return out


def _check_replaces(exercises: dict[str, Exercise], out: Loaded) -> dict[str, str]:
    """Earlier ids (`replaces`) → the practice now.

    An earlier id still in use, or claimed by two practices, is an error.
    """
    found: dict[str, str] = {}
    for ex in exercises.values():
        for old in ex.replaces:
            if old in exercises:
                out.problems.append(Problem(ex.source, f'"{old}" is still a practice in this '
                                            f"pack ({Path(exercises[old].source).name}), so "
                                            "this one cannot replace it; remove it from "
                                            "`replaces`, or that practice from the pack",
                                            "replaces"))
            elif old in found:
                out.problems.append(Problem(ex.source, f'"{old}" is replaced by "{found[old]}" '
                                            "already; an earlier id can be replaced by one "
                                            "practice only", "replaces"))
            else:
                found[old] = ex.id
    return found


def _root_of(problems: list[Problem], label: str) -> str:
    """The file whose mistake a failed practice comes down to: its own, or the one it follows."""
    if any(p.is_error and not p.derived for p in problems):
        return label
    return next((p.cause for p in problems if p.derived), label)


def _line_of(source: PackSource, item: PackFile, key: str) -> int | None:
    from painpath.format.locate import LineIndex

    try:
        return LineIndex(source.read(item).decode("utf-8-sig")).line(key)
    except UnicodeDecodeError:
        return None


def is_plan_path(relpath: str) -> bool:
    """`plan.toml` at the top of a pack, or `plans/NAME.toml`."""
    rel = PurePosixPath(relpath)
    return relpath == "plan.toml" or (rel.parts[:1] == ("plans",) and rel.suffix == ".toml")


def check_plan(raw: bytes, label: str, ctx: PlanContext) -> tuple[Plan | None, list[Problem]]:
    data, text, problems = parse_toml(raw, label)
    if data is None:
        return None, problems
    checker = Checker(label, text)
    return plan(checker, data, ctx), checker.problems


def _load_plans(source: PackSource, files: list[PackFile], ctx: PlanContext,
                out: Loaded) -> list[Plan]:
    plans: list[Plan] = []
    for item in files:
        if not is_plan_path(item.relpath):
            continue
        found, problems = check_plan(source.read(item), item.label, ctx)
        out.problems.extend(problems)
        if found and any(p.id == found.id for p in plans):
            out.problems.append(Problem(item.label, f'the plan id "{found.id}" is used twice',
                                        "id"))
        elif found:
            plans.append(found)
    return plans


def _check_audio(by_path: dict[str, PackFile], exercises: Any, out: Loaded) -> None:
    for ex in exercises:
        for n, step in enumerate(ex.steps, start=1):
            if step.audio and step.audio not in by_path:
                out.problems.append(Problem(
                    ex.source, f'the audio file "{step.audio}" is not in the pack; the step '
                    "will run without it", f"steps[{n}].audio", None, "warning"))
