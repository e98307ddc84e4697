"""Installing, listing, removing, starting and sharing packs, without any screen.

A pack comes from someone else, so it is untrusted: it is checked by the
loader (the one source of truth for the format) before a single byte is
written, then copied entry by entry with a hard cap on the bytes actually
written (zip headers can lie), into a hidden temporary folder under
`packs_dir`, and only then renamed into place. An interrupted install leaves
the old version untouched and at most a hidden folder that the next install
cleans up.

Version rule (also in docs/therapists.md): a newer version replaces the
installed one; the same version is reinstalled (a therapist fixing a typo
without bumping the version); an older version is refused unless `force`.
The log stores exercise ids, content hashes and pack versions, so replacing
or removing a pack never changes what the log says was practised.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from painpath.atomic import open_output
from painpath.errors import InvalidFileError, NotFoundError, PainpathError, UsageError
from painpath.format.loader import Loaded, load_pack
from painpath.format.models import Pack
from painpath.format.problems import Problem
from painpath.format.sources import (
    MAX_PACK_BYTES,
    FolderSource,
    PackSource,
    SourceRefused,
    ZipSource,
)
from painpath.library import BUNDLED_PACK, bundled_clashes
from painpath.paths import Paths, make_private_dirs
from painpath.plans import ActivePlan, PlanFileError, clear_active, read_active
from painpath.suggest import suggest_id

# Bytes an install may write in all; a separate name so tests can lower it
# without weakening the zip checks that run before it.
WRITE_LIMIT = MAX_PACK_BYTES
_CHUNK = 64 * 1024
_TEMP_PREFIX = ".install-"
_OLD_PREFIX = ".old-"
# A fixed time for every entry of a built zip, so the same pack gives the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class PackInvalid(InvalidFileError):
    """A pack with errors; `loaded` holds its problems, for printing as `validate` does."""

    def __init__(self, message: str, loaded: Loaded, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.loaded = loaded


@dataclass(frozen=True)
class InstalledPack:
    """An installed pack and the folder it lives in."""

    pack: Pack
    folder: Path


@dataclass(frozen=True)
class InstallResult:
    """What `install` did: `previous` is the version it replaced, if any."""

    pack: Pack
    folder: Path
    previous: str | None = None
    warnings: list[Problem] = field(default_factory=list)
    previous_pack: Pack | None = None  # the version it replaced, to say what changed

    @property
    def action(self) -> str:
        """`installed`, `updated`, `reinstalled` or `downgraded`, for the message."""
        if self.previous is None:
            return "installed"
        new, old = version_key(self.pack.version), version_key(self.previous)
        if new > old:
            return "updated"
        return "reinstalled" if new == old else "downgraded"


def version_key(version: str) -> tuple[int, ...]:
    """`"1.10.0"` → (1, 10, 0), so versions compare as numbers, not text."""
    return tuple(int(part) for part in version.split(".")) if version else ()


# --- reading what is installed -------------------------------------------------

def scan(paths: Paths) -> tuple[list[InstalledPack], list[Path]]:
    """The installed packs that load, sorted by id, and the folders that do not."""
    found: list[InstalledPack] = []
    broken: list[Path] = []
    for folder in _pack_folders(paths):
        loaded = load_pack(FolderSource(folder))
        if loaded.packs:
            found.append(InstalledPack(loaded.packs[0], folder))
        else:
            broken.append(folder)
    return sorted(found, key=lambda item: item.pack.id), broken


def installed(paths: Paths) -> list[InstalledPack]:
    """The installed packs that load, sorted by id; broken folders are left out."""
    return scan(paths)[0]


def _pack_folders(paths: Paths) -> list[Path]:
    if not paths.packs_dir.is_dir():
        return []
    return sorted(p for p in paths.packs_dir.iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith("."))


def find_installed(paths: Paths, pack_id: str) -> InstalledPack | None:
    return next((item for item in installed(paths) if item.pack.id == pack_id), None)


# --- install ---------------------------------------------------------------------

@contextmanager
def open_source(path: Path) -> Iterator[PackSource]:
    """The pack at `path` (a folder or a .zip), refused in words if it is neither."""
    if not path.exists():
        raise NotFoundError(f"There is no file or folder {path}.",
                            hint="Check the name, or drag the file into this window to "
                                 "paste its full path.")
    if path.is_dir():
        yield FolderSource(path)
        return
    if path.suffix.lower() != ".zip":
        raise UsageError(f"{path.name} is not a pack. painpath installs a pack folder (one "
                         "with a pack.toml inside) or a .zip of one.")
    try:
        source = ZipSource(path)
    except SourceRefused as err:
        raise InvalidFileError(f"{path.name}: {err}.", hint="Nothing was installed.") from err
    try:
        yield source
    finally:
        source.close()


def check(source: PackSource) -> tuple[Pack, Loaded]:
    """Load and check a pack; PackInvalid (with every problem) when it has any error."""
    loaded = load_pack(source)
    if loaded.errors or not loaded.packs:
        raise PackInvalid(f"{Path(source.label).name} has problems, so nothing was installed.",
                          loaded, hint=f"`painpath validate {source.label}` lists them; "
                          "the pack's author can fix them.")
    return loaded.packs[0], loaded


def install(paths: Paths, path: Path, *, force: bool = False) -> InstallResult:
    """Check the pack at `path`, then copy it into `packs_dir/<id>/`, atomically."""
    with open_source(path) as source:
        pack, loaded = check(source)
        if pack.id == BUNDLED_PACK:
            raise InvalidFileError(f'This pack calls itself "{BUNDLED_PACK}", the name of the '
                                   "practices that come with painpath, so it cannot be "
                                   "installed.", hint="Its author can give it another id in "
                                   "pack.toml.")
        old = find_installed(paths, pack.id)
        if old and not force and version_key(pack.version) < version_key(old.pack.version):
            raise PainpathError(
                f'Version {old.pack.version} of "{pack.id}" is installed; this file holds the '
                f"older version {pack.version}, so nothing was changed.",
                hint="To go back to the older version on purpose, run the same command "
                     "with --force.")
        packs_dir = paths.packs_dir
        make_private_dirs(packs_dir)
        _clean_leftovers(packs_dir)
        target = packs_dir / pack.id
        temp = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX, dir=packs_dir))
        try:
            _copy(source, temp)
            again = load_pack(FolderSource(temp))  # what was written is what was checked
            if again.errors or not again.packs:
                raise PackInvalid(f"{path.name} changed while it was being installed; nothing "
                                  "was installed.", again)
            _swap_into_place(temp, target)
        except BaseException:
            shutil.rmtree(temp, ignore_errors=True)
            raise
    if old and old.folder != target:  # it had been put in a folder of another name
        shutil.rmtree(old.folder, ignore_errors=True)
    final = load_pack(FolderSource(target)).packs[0]
    return InstallResult(final, target, old.pack.version if old else None, loaded.warnings,
                         old.pack if old else None)


def _clean_leftovers(packs_dir: Path) -> None:
    """Hidden folders left by an install or removal that was cut short."""
    for leftover in packs_dir.iterdir():
        if leftover.name.startswith((_TEMP_PREFIX, _OLD_PREFIX)) and leftover.is_dir() \
                and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def _copy(source: PackSource, dest: Path) -> None:
    """Stream every file of the pack into `dest`, never writing more than WRITE_LIMIT."""
    budget = WRITE_LIMIT
    root = dest.resolve()
    for item in source.files():
        rel = PurePosixPath(item.relpath)
        if rel.is_absolute() or any(part in ("", ".", "..") for part in rel.parts):
            raise InvalidFileError(f'The entry "{item.relpath}" would land outside the pack; '
                                   "nothing was installed.")
        target = dest.joinpath(*rel.parts)
        if root not in target.resolve().parents:
            raise InvalidFileError(f'The entry "{item.relpath}" would land outside the pack; '
                                   "nothing was installed.")
        _make_dirs(dest, target.parent)
        # A file is allowed its declared size, and never more than what is left overall.
        allowed = min(item.size, budget)
        try:
            with source.open(item) as src:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as out:
                    written = 0
                    while chunk := src.read(_CHUNK):
                        written += len(chunk)
                        if written > allowed:
                            raise InvalidFileError(_too_big(item.relpath, allowed < item.size))
                        out.write(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError) as err:
            raise InvalidFileError(f'"{item.relpath}" in the pack is damaged ({err}); nothing '
                                   "was installed.", hint="Ask for a fresh copy of the pack.") \
                from err
        except OSError as err:
            raise InvalidFileError(f'"{item.relpath}" could not be written '
                                   f"({err.strerror or err}); nothing was installed.") from err
        budget -= written


def _too_big(relpath: str, over_pack_limit: bool) -> str:
    why = ("the pack unpacks to more than the 200 MiB a pack may hold" if over_pack_limit
           else "it unpacks to more than the size its zip entry declares")
    return (f'"{relpath}" was refused: {why}. The pack is damaged or unsafe, and nothing '
            "was installed.")


def _make_dirs(top: Path, folder: Path) -> None:
    """Create `folder` and its parents below `top`, each readable by its owner alone."""
    missing: list[Path] = []
    while folder != top and not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700)
        os.chmod(path, 0o700)


def _swap_into_place(new: Path, target: Path) -> None:
    """Rename `new` to `target`; an old `target` is moved aside first and removed after."""
    os.chmod(new, 0o700)
    if not target.exists() and not target.is_symlink():
        os.rename(new, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=_OLD_PREFIX, dir=target.parent))
    old = aside / "pack"
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)  # put the old version back as it was
        shutil.rmtree(aside, ignore_errors=True)
        raise
    shutil.rmtree(aside, ignore_errors=True)


# --- remove ------------------------------------------------------------------------

@dataclass(frozen=True)
class RemoveResult:
    """The pack removed, and the plan that was stopped with it, if it was the active one."""

    removed: InstalledPack
    stopped_plan: ActivePlan | None = None


def remove(paths: Paths, pack_id: str) -> RemoveResult:
    """Delete an installed pack; its plan stops if it was active; the log is untouched."""
    removed = _remove_folder(paths, pack_id)
    try:
        active = read_active(paths)
    except PlanFileError:
        active = None
    if active is not None and active.pack == removed.pack.id:
        clear_active(paths)
        return RemoveResult(removed, active)
    return RemoveResult(removed)


def _remove_folder(paths: Paths, pack_id: str) -> InstalledPack:
    if pack_id == BUNDLED_PACK:
        raise UsageError(f'"{BUNDLED_PACK}" holds the practices that come with painpath; it '
                         "cannot be removed.")
    found = installed(paths)
    match = next((item for item in found if item.pack.id == pack_id), None)
    if match is None:
        # A folder whose pack.toml is broken can still be removed by its folder name.
        folder = paths.packs_dir / pack_id
        if pack_id and "/" not in pack_id and not pack_id.startswith(".") and folder.is_dir() \
                and not folder.is_symlink():
            _delete(folder)
            return InstalledPack(Pack(id=pack_id, title=pack_id, version=""), folder)
        guess = suggest_id(pack_id, [item.pack.id for item in found])
        raise NotFoundError(f'No pack called "{pack_id}" is installed.',
                            hint=(f'Did you mean "{guess}"? ' if guess else "")
                            + "`painpath pack list` shows the installed packs.")
    _delete(match.folder)
    return match


def _delete(folder: Path) -> None:
    """Move aside, then delete, so a half-deleted pack is never loaded."""
    aside = folder.parent / f"{_OLD_PREFIX}{folder.name}"
    if aside.exists():
        shutil.rmtree(aside, ignore_errors=True)
    os.rename(folder, aside)
    shutil.rmtree(aside)


# --- new and build -------------------------------------------------------------------

def pack_id_for(folder: Path) -> str:
    """A valid pack id from a folder name: `My Pack` → `my-pack`."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-")[:64].strip("-")
    return slug or "my-pack"


def scaffold(directory: Path) -> list[Path]:
    """Write a small pack that validates as it is; refuses a non-empty folder."""
    from painpath import pack_template

    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file; choose a new folder name for the pack.")
    if directory.is_dir() and any(directory.iterdir()):
        raise UsageError(f"{directory} already has files in it, so painpath will not write "
                         "there.", hint="Choose a new folder name, or an empty folder.")
    files = pack_template.files(pack_id_for(directory.resolve()))
    written: list[Path] = []
    for rel, text in files.items():
        path = directory / rel
        make_private_dirs(path.parent)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def build(directory: Path, output: Path, *, own: Paths | None = None,
          extra: Callable[[Loaded, int], Mapping[str, bytes]] | None = None
          ) -> tuple[Pack, Loaded, int]:
    """Check the pack folder, then zip it (sorted, fixed times) to `output`.

    `output` is written by `open_output`, like every `-o` (atomically when it is
    a regular file); `own` names painpath's folders, whose files it refuses.
    `extra(loaded, file_count)` may give files to add to the zip, or to put in
    place of the folder's own (by path inside the pack): `--voice` adds the
    spoken steps. The folder itself is never changed.
    """
    if not directory.is_dir():
        raise NotFoundError(f"There is no folder {directory}.")
    if output.suffix.lower() != ".zip":
        raise UsageError(f"The output file should end in .zip, like {output.stem or 'pack'}.zip.")
    if directory.resolve() in output.resolve().parents:
        raise UsageError("Save the .zip outside the pack folder; otherwise it would end up "
                         "inside the next build.")
    source = FolderSource(directory)
    loaded = load_pack(source)
    if loaded.errors or not loaded.packs:
        raise PackInvalid(f"{directory} has problems, so no .zip was written.", loaded,
                          hint="Fix them and build again.")
    loaded.problems.extend(bundled_clashes(loaded.packs))
    files = source.files()
    added = dict(extra(loaded, len(files))) if extra is not None else {}
    names = sorted({f.relpath for f in files} | set(added))
    by_path = {f.relpath: f for f in files}
    with open_output(output, own=own) as raw, zipfile.ZipFile(raw, "w") as zf:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            # Compressed audio does not shrink further; storing it saves the work.
            info.compress_type = (zipfile.ZIP_STORED if name.endswith(".ogg") and name in added
                                  else zipfile.ZIP_DEFLATED)
            info.create_system = 3  # Unix, so the permission bits below are read
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            if name in added:
                zf.writestr(info, added[name])
                continue
            with source.open(by_path[name]) as src, zf.open(info, "w") as dst:
                shutil.copyfileobj(src, dst, _CHUNK)
    return loaded.packs[0], loaded, len(names)
