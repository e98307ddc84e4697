"""Folders painpath creates are its owner's alone; folders it finds are left as they are.

And `forget --all` removes everything painpath keeps, wherever it keeps it
(rescue files in the home folder, temporary files a cut-short write left, the
cache, the safety plan), and says what it removed.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from painpath import settings
from painpath.cli import main
from painpath.paths import RESCUE_PREFIX, Paths, resolve


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """Run with umask 000 (as some shared machines do), restored after."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def platform_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """painpath's own folders (no --data-dir), under a private XDG home."""
    monkeypatch.delenv("PAINPATH_DATA_DIR", raising=False)
    for name in ("DATA", "CONFIG", "CACHE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / "xdg" / name.lower()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    return tmp_path / "xdg"


def test_an_existing_shared_folder_keeps_its_permissions(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    assert main(["--data-dir", str(shared), "check-in", "--pain", "3"]) == 0
    assert mode(shared) == 0o1777  # like /tmp: never made private by painpath
    assert mode(shared / "painpath.db") == 0o600


@pytest.mark.usefixtures("umask")
def test_every_folder_painpath_creates_is_0700_whatever_the_umask(tmp_path: Path) -> None:
    data = tmp_path / "a" / "b" / "data"
    assert main(["--data-dir", str(data), "check-in", "--pain", "3"]) == 0
    for folder in (tmp_path / "a", tmp_path / "a" / "b", data):
        assert mode(folder) == 0o700, folder
    assert main(["--data-dir", str(data), "pack", "install",
                 str(Path(__file__).parent / "fixtures" / "packs" / "steady-ground")]) == 0
    for folder in (data / "packs", data / "packs" / "steady-ground"):
        assert mode(folder) == 0o700, folder
    new_pack = tmp_path / "drafts" / "my-pack"
    assert main(["--data-dir", str(data), "pack", "new", str(new_pack)]) == 0
    for folder in (tmp_path / "drafts", new_pack, new_pack / "exercises"):
        assert mode(folder) == 0o700, folder


def test_the_config_folder_is_0700_with_the_usual_umask(platform_dirs: Path) -> None:
    old = os.umask(0o022)
    try:
        paths = resolve()
        settings.save(settings.Settings(), paths.settings_file)
    finally:
        os.umask(old)
    assert paths.config_dir.is_relative_to(platform_dirs)
    assert mode(paths.config_dir) == 0o700
    assert mode(platform_dirs / "config") == 0o700  # the parent painpath made too


def _keep_everything(paths: Paths, home: Path) -> list[Path]:
    """One of each thing painpath keeps, in a --data-dir folder and the home folder."""
    assert main(["--data-dir", str(paths.data_dir), "check-in", "--pain", "3"]) == 0
    made = [paths.database, paths.plan_file, paths.safety_plan_file, paths.settings_file]
    for path in made[1:]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    leftover = paths.data_dir / ".plan.json.k2j4h1.tmp"  # a plan write cut short
    leftover.write_text("{")
    speech = paths.cache_dir / "speech" / "ab12.npy"
    speech.parent.mkdir(parents=True)
    speech.write_bytes(b"\x93NUMPY")
    rescue = home / f"{RESCUE_PREFIX}20261123-090000.json"
    rescue.write_text("{}")
    return [*made, leftover, paths.cache_dir, rescue]


def test_forget_all_removes_everything_painpath_keeps_and_says_what(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("COLUMNS", "400")
    data = tmp_path / "data"
    paths = Paths(data, data)
    made = _keep_everything(paths, home)
    mine = [data / "my-notes.txt", home / "painpath-notes-of-mine.json"]
    for path in mine:
        path.write_text("keep me")
    capsys.readouterr()
    assert main(["--data-dir", str(data), "forget", "--all", "--yes"]) == 0
    out = capsys.readouterr().out
    for path in made:
        assert not path.exists(), path
        assert f"  {path}\n" in out, f"{path} was removed without saying so"
    assert all(path.read_text() == "keep me" for path in mine)


def test_forget_all_in_painpaths_own_folders_removes_the_cache_folder_too(
        platform_dirs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = resolve()
    assert paths.dedicated
    made = _keep_everything(paths, Path.home())
    assert main(["forget", "--all", "--yes"]) == 0
    for path in (*made, paths.data_dir, paths.config_dir, paths.cache_dir):
        assert not path.exists(), path
    assert sorted(p.name for p in platform_dirs.iterdir()) == ["cache", "config", "data"]
