"""All the exercises a person can practise: bundled, installed and extra folders.

Loading never fails as a whole; files with problems are listed in `problems`
so the app can show them instead of silently missing them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from painpath.errors import NotFoundError, PainpathError
from painpath.format.checker import did_you_mean
from painpath.format.loader import Loaded, load_file, load_folder, load_path
from painpath.format.models import BUILTIN_SCALES, Exercise, Pack, Scale
from painpath.format.problems import Problem
from painpath.paths import Paths, bundled_pack_dir
from painpath.text import clean_line

BUNDLED_PACK = "painpath"
GROUND_ME_NOW = f"{BUNDLED_PACK}/feet-on-floor"


@dataclass
class Library:
    """Exercises by `PACK/EXERCISE`, the packs they came from, and any problems."""

    exercises: dict[str, Exercise] = field(default_factory=dict)
    packs: dict[str, Pack] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @classmethod
    def load(cls, paths: Paths) -> Library:
        lib = cls()
        lib.add(load_folder(bundled_pack_dir()))
        if paths.packs_dir.is_dir():
            # Dot-folders are installs in progress or removals not yet finished.
            for folder in sorted(p for p in paths.packs_dir.iterdir()
                                 if p.is_dir() and not p.name.startswith(".")):
                lib.add(load_folder(folder))
        for extra in paths.libraries:
            lib.add(load_path(extra))
        return lib

    def add(self, loaded: Loaded) -> None:
        """Merge loaded files in; the first of two same-named exercises wins."""
        self.problems.extend(loaded.problems)
        for pack in loaded.packs:
            self.packs.setdefault(pack.id, pack)
        for ex in loaded.exercises:
            if ex.qualified_id in self.exercises:
                self.problems.append(Problem(
                    ex.source, f'"{ex.qualified_id}" is also in '
                    f"{self.exercises[ex.qualified_id].source}; this copy is not used", "id",
                    severity="warning"))
                continue
            self.exercises[ex.qualified_id] = ex

    def scales(self) -> dict[str, Scale]:
        """Every rating scale by id: the built-ins, then each pack's own (first wins)."""
        found = dict(BUILTIN_SCALES)
        for pack in self.packs.values():
            for scale in pack.scales:
                found.setdefault(scale.id, scale)
        return found

    def renamed(self) -> dict[str, str]:
        """Earlier `PACK/EXERCISE` ids → the practice that `replaces` each, in every pack."""
        found: dict[str, str] = {}
        for pack in self.packs.values():
            for old, new in pack.renamed().items():
                found.setdefault(old, new)
        return found

    def titles(self, ids: Iterable[str | None]) -> dict[str, str]:
        """Titles of the installed exercises among `ids` (`PACK/EXERCISE`), as plain lines.

        For the words people read (the log, reports): a title where the exercise is
        installed; callers fall back to the id the log keeps for the others.
        """
        found = {}
        for ident in ids:
            exercise = self.exercises.get(ident or "")
            if exercise is not None:
                found[exercise.qualified_id] = clean_line(exercise.title)
        return found

    def by_kind(self, kind: str | None = None) -> list[Exercise]:
        items = sorted(self.exercises.values(), key=lambda e: (e.pack != BUNDLED_PACK, e.pack,
                                                               e.kind, e.title.lower()))
        return [e for e in items if kind is None or e.kind == kind]

    def get(self, ident: str) -> Exercise:
        """`PACK/EXERCISE`, or the short `EXERCISE` when only one has that id."""
        if ident in self.exercises:
            return self.exercises[ident]
        renamed = self.renamed()  # an earlier id opens the practice that replaces it
        if renamed.get(ident) in self.exercises:
            return self.exercises[renamed[ident]]
        matches = [e for e in self.exercises.values() if e.id == ident]
        if not matches:
            matches = [self.exercises[new] for old, new in renamed.items()
                       if old.partition("/")[2] == ident and new in self.exercises]
        if len(matches) == 1:
            return matches[0]
        if matches:
            names = ", ".join(sorted(e.qualified_id for e in matches))
            raise PainpathError(f'More than one exercise is called "{ident}": {names}.',
                                hint="Name it with its pack, like PACK/EXERCISE.",
                                exit_code=2)
        names = [*self.exercises, *{e.id for e in self.exercises.values()}]
        guess = did_you_mean(ident, names)
        raise NotFoundError(f'There is no exercise "{ident}".',
                            hint=(f'Did you mean "{guess}"? ' if guess else "")
                            + "`painpath list` shows them all.")

    def resolve(self, target: str) -> Exercise:
        """An id, or the path of an exercise file (a therapist trying a draft)."""
        path = Path(target)
        if target.endswith(".toml") or (path.exists() and path.is_file()):
            if not path.is_file():
                raise NotFoundError(f"There is no file {target}.")
            loaded = load_file(path)
            if not loaded.exercises:
                from painpath.errors import InvalidFileError

                details = "\n".join(p.render() for p in loaded.problems if p.is_error)
                raise InvalidFileError(f"{target} has problems, so it cannot be opened:\n"
                                       f"{details}",
                                       hint=f"`painpath validate {target}` lists them.")
            return loaded.exercises[0]
        return self.get(target)

    def ground(self) -> Exercise:
        """The bundled `feet-on-floor`, the target of "ground me now"."""
        return self.exercises[GROUND_ME_NOW]


def bundled_clashes(packs: Iterable[Pack]) -> list[Problem]:
    """Warnings for practice ids a pack shares with painpath's own practices.

    `painpath run pendulation` works only while one installed practice has
    that id; a pack's `pendulation` beside the bundled one makes the person
    type `PACK/pendulation`. Said when the pack is checked or built, so its
    author can choose another id before handing it over.
    """
    mine = [p for p in packs if p.id != BUNDLED_PACK]
    if not mine:
        return []
    from painpath.format.locate import LineIndex

    bundled = {ex.id for ex in load_folder(bundled_pack_dir()).exercises}
    found = []
    for pack in mine:
        for ex in pack.exercises:
            if ex.id not in bundled:
                continue
            try:
                line = LineIndex(Path(ex.source).read_text(encoding="utf-8-sig")).line("id")
            except (OSError, UnicodeDecodeError):
                line = None  # (a practice inside a .zip: the key is enough)
            found.append(Problem(
                ex.source, f'"{ex.id}" is also the id of a practice that comes with painpath, '
                f'so for your client the short name "{ex.id}" would be ambiguous: they would '
                f'need to type "{ex.qualified_id}". Another id avoids this', "id", line,
                "warning"))
    return found
