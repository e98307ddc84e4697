"""Where painpath keeps things: `--data-dir`, then `PAINPATH_DATA_DIR`, then platformdirs."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from painpath.cli import main
from painpath.paths import resolve


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start each test without the environment variables painpath reads."""
    monkeypatch.delenv("PAINPATH_DATA_DIR", raising=False)
    monkeypatch.delenv("PAINPATH_LIBRARY", raising=False)


def _os_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, object]]:
    """platformdirs answers with folders under tmp_path; returns the questions it was asked."""
    asked: list[tuple[str, object]] = []

    def data_dir(appname: str, appauthor: object = None, *a: object, **kw: object) -> str:
        asked.append((appname, appauthor))
        return str(tmp_path / "os-data" / appname)

    def config_dir(appname: str, appauthor: object = None, *a: object, **kw: object) -> str:
        asked.append((appname, appauthor))
        return str(tmp_path / "os-config" / appname)

    monkeypatch.setattr(platformdirs, "user_data_dir", data_dir)
    monkeypatch.setattr(platformdirs, "user_config_dir", config_dir)
    return asked


def test_the_environment_variable_holds_data_and_settings(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _os_folders(tmp_path, monkeypatch)
    monkeypatch.setenv("PAINPATH_DATA_DIR", str(tmp_path / "portable"))
    paths = resolve()
    assert paths.data_dir == tmp_path / "portable"
    assert paths.database == tmp_path / "portable" / "painpath.db"
    # Everything lives under that one folder, the settings too.
    assert paths.settings_file.is_relative_to(tmp_path / "portable")

    assert main(["check-in", "--pain", "3"]) == 0  # the CLI follows it too
    assert (tmp_path / "portable" / "painpath.db").is_file()
    assert not (tmp_path / "os-data").exists()


def test_the_environment_variable_expands_a_home_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PAINPATH_DATA_DIR", "~/painpath-data")
    assert resolve().data_dir == tmp_path / "painpath-data"


def test_data_dir_flag_wins_over_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _os_folders(tmp_path, monkeypatch)
    monkeypatch.setenv("PAINPATH_DATA_DIR", str(tmp_path / "from-env"))
    paths = resolve(tmp_path / "from-flag")
    assert paths.data_dir == tmp_path / "from-flag"
    assert paths.settings_file.is_relative_to(tmp_path / "from-flag")

    assert main(["--data-dir", str(tmp_path / "from-flag"), "check-in", "--pain", "3"]) == 0
    assert (tmp_path / "from-flag" / "painpath.db").is_file()
    assert not (tmp_path / "from-env").exists()


def test_without_either_the_folders_come_from_platformdirs(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _os_folders(tmp_path, monkeypatch)
    paths = resolve()
    assert paths.data_dir == tmp_path / "os-data" / "painpath"
    assert paths.config_dir == tmp_path / "os-config" / "painpath"
    assert paths.settings_file == tmp_path / "os-config" / "painpath" / "settings.toml"
    assert asked == [("painpath", False), ("painpath", False)]

    assert main(["check-in", "--pain", "3"]) == 0
    assert (tmp_path / "os-data" / "painpath" / "painpath.db").is_file()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_without_either_the_xdg_folders_are_used_on_linux(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    paths = resolve()
    assert paths.data_dir == tmp_path / "share" / "painpath"
    assert paths.config_dir == tmp_path / "config" / "painpath"
