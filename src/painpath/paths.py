"""The one place that decides where painpath keeps and finds things.

Data (the log, installed packs) and config (settings) live in the platformdirs
folders, unless `PAINPATH_DATA_DIR` or `--data-dir` points elsewhere (tests,
portable use: everything then lives under that one folder). The cache (speech
rendered by a voice engine, which can always be made again) lives in the OS's
cache folder, or in `cache/` under that one folder. Extra exercise
folders come from `PAINPATH_LIBRARY` (os.pathsep-separated) and `--library`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

APP_NAME = "painpath"
DATA_ENV = "PAINPATH_DATA_DIR"
LIBRARY_ENV = "PAINPATH_LIBRARY"
# A session the log could not take is kept in a file named like this (see
# `rescue_folders`), until `painpath import` brings it back.
RESCUE_PREFIX = "painpath-unsaved-session-"


def rescue_folders() -> tuple[Path, ...]:
    """Where rescue files go: the home folder, else the current folder, else the
    temporary folder (a full or read-only home must not cost a practice)."""
    import tempfile

    return (Path.home(), Path.cwd(), Path(tempfile.gettempdir()))


def make_private_dirs(folder: Path) -> list[Path]:
    """Create `folder` and any missing parents, each readable by its owner alone (0700).

    Only the folders created here are given 0700, whatever the umask (a
    umask of 000 must not leave them open to all); a folder that is already
    there keeps its permissions: a shared folder such as /tmp is never
    changed. Returns the folders created, outermost first.
    """
    missing: list[Path] = []
    probe = Path(os.path.abspath(folder))
    while not probe.exists() and not probe.is_symlink() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    created: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir(mode=0o700)
        except FileExistsError:  # made by another painpath at the same moment
            continue
        os.chmod(path, 0o700)
        created.append(path)
    if not folder.is_dir():
        raise NotADirectoryError(20, "Not a folder", str(folder))
    return created


def bundled_pack_dir() -> Path:
    """The folder of the bundled `painpath` pack, installed or in a checkout."""
    installed = Path(__file__).parent / "_bundled"
    if (installed / "pack.toml").is_file():
        return installed
    return Path(__file__).resolve().parents[2] / "exercises"


@dataclass(frozen=True)
class Paths:
    """Resolved folders for one run of painpath."""

    data_dir: Path
    config_dir: Path
    libraries: tuple[Path, ...] = field(default=())
    # None: a `cache` folder inside the data folder (tests, portable use).
    cache: Path | None = None
    # True when the folders are painpath's own (the platformdirs ones): all they
    # hold is painpath's. A --data-dir folder may hold other things too.
    dedicated: bool = False

    @property
    def database(self) -> Path:
        return self.data_dir / "painpath.db"

    @property
    def packs_dir(self) -> Path:
        return self.data_dir / "packs"

    @property
    def plan_file(self) -> Path:
        return self.data_dir / "plan.json"

    @property
    def safety_plan_file(self) -> Path:
        """The person's own safety plan (painpath.safety_plan), kept with their data."""
        return self.data_dir / "safety-plan.toml"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.toml"

    @property
    def cache_dir(self) -> Path:
        """Things painpath can make again (rendered speech): safe to delete at any time."""
        return self.cache if self.cache is not None else self.data_dir / "cache"

    def is_dedicated(self) -> bool:
        """Whether the data folder is painpath's own: the platformdirs one, however named."""
        if self.dedicated:
            return True
        import platformdirs

        default = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        return self.data_dir.absolute() == default.absolute()

    def kept_files(self) -> list[Path]:
        """The files painpath keeps in its folders (whether they exist now or not)."""
        db = self.database
        return [db, *(Path(f"{db}{end}") for end in ("-wal", "-shm", "-journal")),
                self.plan_file, self.safety_plan_file, self.settings_file]

    def kept_folders(self) -> list[Path]:
        """Folders whose every file is painpath's (the whole data folder when dedicated)."""
        folders = [self.packs_dir, self.cache_dir]
        if self.is_dedicated():
            folders += [self.data_dir, self.config_dir]
        return folders

    def keeps(self, path: Path) -> bool:
        """Whether `path` is one of painpath's own files, which no `-o` may write over.

        Compared after following links, and by identity for hard links, so no
        other name for the log reaches it either.
        """
        real = Path(os.path.realpath(path))
        files = self.kept_files()
        if real in {Path(os.path.realpath(f)) for f in files}:
            return True
        if real.parent == Path(os.path.realpath(self.data_dir)) and \
                real.name.startswith(f"{self.database.name}.corrupt-"):
            return True
        if any(real.is_relative_to(os.path.realpath(d)) for d in self.kept_folders()):
            return True
        try:
            st = os.stat(real)
        except OSError:
            return False
        for f in files:
            try:
                other = os.stat(f)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                return True
        return False

    def forget_targets(self) -> list[Path]:
        """Everything painpath keeps for this person that exists now, for `forget --all`.

        In painpath's own folders that is the folders themselves (data, config,
        cache); in a folder chosen with --data-dir (which may hold other things)
        only what painpath puts there: the log and its companions, set-aside
        logs, settings, plan, safety plan, packs, the cache, and the temporary
        files a write cut short may have left. Rescue files too, wherever they are.
        """
        if self.is_dedicated():
            found = [self.data_dir, self.config_dir, self.cache_dir]
        else:
            db = self.database
            found = [*self.kept_files(), *sorted(db.parent.glob(f"{db.name}.corrupt-*")),
                     self.packs_dir, self.cache_dir]
            for kept in self.kept_files():
                found += sorted(kept.parent.glob(f".{kept.name}.*.tmp"))
        for folder in rescue_folders():
            found += sorted(folder.glob(f"{RESCUE_PREFIX}*.json"))
        unique: dict[Path, None] = {}
        for path in found:
            if path.exists() or path.is_symlink():
                unique.setdefault(path)
        return list(unique)

    def ensure_data_dir(self) -> Path:
        """The data folder, created readable by its owner alone (0700) if it is not there."""
        make_private_dirs(self.data_dir)
        return self.data_dir


def resolve(data_dir: str | os.PathLike[str] | None = None,
            libraries: list[str] | tuple[str, ...] = ()) -> Paths:
    """Work out the folders from flags first, then the environment, then the OS."""
    chosen = data_dir or os.environ.get(DATA_ENV)
    if chosen:
        base = Path(chosen).expanduser()
        data, config, cache = base, base, base / "cache"
    else:
        import platformdirs

        data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
        config = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
        cache = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    extra: list[Path] = []
    env_libs = os.environ.get(LIBRARY_ENV, "")
    extra.extend(Path(p).expanduser() for p in env_libs.split(os.pathsep) if p.strip())
    extra.extend(Path(p).expanduser() for p in libraries)
    return Paths(data_dir=data, config_dir=config, libraries=tuple(extra), cache=cache,
                 dedicated=not chosen)
