"""A full disk says so and costs no practice; a read-only log can still be read."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from painpath.cli import main
from painpath.engine.events import Finished, SessionStarted, StepStarted
from painpath.paths import Paths
from painpath.sessionlog import SessionLog
from painpath.store import Entry, Store, StoreFullError
from painpath.store import db as store_db
from painpath.store import errors as store_errors
from painpath.store.errors import translate


def _no_space(monkeypatch: pytest.MonkeyPatch) -> None:
    usage = shutil.disk_usage("/")
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda path: type(usage)(usage.total, usage.total, 0))


def test_an_io_error_on_a_full_disk_says_the_disk_is_full(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    err = sqlite3.OperationalError("disk I/O error")
    plain = translate(err, tmp_path / "painpath.db")
    assert plain is not None and "check the disk" in (plain.hint or "")
    _no_space(monkeypatch)
    full = translate(err, tmp_path / "painpath.db")
    assert isinstance(full, StoreFullError)
    assert str(full).startswith("The disk is full")
    assert store_errors.FULL_BELOW > 0


def _refuse_writing(monkeypatch: pytest.MonkeyPatch, error: type[Exception] = StoreFullError,
                    also_ro: bool = False) -> list[str]:
    """SQLite cannot open the log for writing (and, with also_ro, not even read it
    the usual way: no `-shm` can be made); the URIs it was asked for are listed."""
    real = sqlite3.connect
    asked: list[str] = []

    def connect(database: str, *a: Any, **kw: Any) -> sqlite3.Connection:
        uri = str(database)
        asked.append(uri)
        if "mode=rw" in uri:
            raise sqlite3.OperationalError("database or disk is full")
        if also_ro and "immutable" not in uri and "painpath-read-" not in uri:
            raise sqlite3.OperationalError("unable to open database file")
        return real(database, *a, **kw)

    monkeypatch.setattr(store_db.sqlite3, "connect", connect)
    return asked


def _log_with(paths: Paths, entry: Entry) -> None:
    with Store.for_paths(paths) as store:
        store.save_entry(entry)


def test_reading_still_works_on_a_full_disk(
        monkeypatch: pytest.MonkeyPatch, paths: Paths,
        session_entry: Callable[..., Entry]) -> None:
    e = session_entry(before={"pain": 5})
    _log_with(paths, e)
    _refuse_writing(monkeypatch)
    with Store.for_paths(paths) as store:
        assert store.read_only and [x.id for x in store.entries()] == [e.id]


def test_a_read_only_log_without_its_shm_is_read_as_an_immutable_file(
        monkeypatch: pytest.MonkeyPatch, paths: Paths,
        session_entry: Callable[..., Entry]) -> None:
    e = session_entry(before={"pain": 5})
    _log_with(paths, e)
    asked = _refuse_writing(monkeypatch, also_ro=True)
    with Store.for_paths(paths) as store:
        assert store.read_only and store.count() == 1
    assert any("immutable=1" in uri for uri in asked)


def test_a_read_only_log_with_writes_still_in_its_wal_is_read_from_a_copy(
        monkeypatch: pytest.MonkeyPatch, paths: Paths,
        session_entry: Callable[..., Entry]) -> None:
    first, second = session_entry(), session_entry(note="only in the wal")
    with Store.for_paths(paths) as holder:  # kept open: its writes stay in the -wal
        holder.save_entry(first)
        holder._conn.execute("PRAGMA wal_autocheckpoint = 0")
        holder.save_entry(second)
        assert Path(f"{paths.database}-wal").stat().st_size > 0
        _refuse_writing(monkeypatch, also_ro=True)
        store = Store.for_paths(paths)
        assert store.read_only and store.count() == 2
        copy = store._copy_folder
        assert copy is not None and copy.exists()
        store.close()
        assert not copy.exists()  # the private copy is removed with the store


def test_a_read_only_data_folder_still_lets_log_stats_and_export_work(
        monkeypatch: pytest.MonkeyPatch, paths: Paths, tmp_path: Path,
        capsys: pytest.CaptureFixture[str], session_entry: Callable[..., Entry]) -> None:
    _log_with(paths, session_entry(before={"pain": 6}, after={"pain": 3}))

    def read_only_folder(self: Paths) -> Path:
        raise PermissionError(13, "Permission denied", str(self.data_dir))

    monkeypatch.setattr(Paths, "ensure_data_dir", read_only_folder)
    _refuse_writing(monkeypatch, also_ro=True)
    data = str(paths.data_dir)
    assert main(["--data-dir", data, "log", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 1
    assert main(["--data-dir", data, "stats"]) == 0
    assert "pain" in capsys.readouterr().out
    assert main(["--data-dir", data, "export", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["entries"]) == 1


def test_a_practice_runs_on_a_full_disk_and_is_kept_in_a_rescue_file_at_once(
        monkeypatch: pytest.MonkeyPatch, paths: Paths, tmp_path: Path) -> None:
    from types import SimpleNamespace

    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))

    def full(cls: type[Store], paths: Paths, **kw: Any) -> Store:
        raise StoreFullError("The disk is full, so painpath could not create your log.")

    monkeypatch.setattr(Store, "for_paths", classmethod(full))
    log = SessionLog(paths)
    exercise = SimpleNamespace(qualified_id="painpath/tiny", content_hash=None,
                               pack_version=None, total_seconds=60)
    [listener] = log.listeners(exercise)  # type: ignore[arg-type]
    listener(SessionStarted("painpath/tiny", 60.0))
    [early] = tmp_path.glob("painpath-unsaved-session-*.json")  # kept from the first save
    listener(StepStarted(0, 0.0))
    listener(Finished(practiced_seconds=60.0, furthest_step=0))
    rescued = log.finish("painpath/tiny", "calmer")
    assert rescued == early
    [entry] = json.loads(rescued.read_text())["entries"]
    assert entry["status"] == "completed" and entry["note"] == "calmer"


def test_plain_mode_lets_a_practice_run_when_the_log_cannot_be_opened(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        fake_time: object) -> None:
    import io
    import sys

    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path))

    def full(cls: type[Store], paths: Paths, **kw: Any) -> Store:
        raise StoreFullError("The disk is full, so painpath could not create your log.")

    monkeypatch.setattr(Store, "for_paths", classmethod(full))
    monkeypatch.setattr(sys, "stdin", io.StringIO("5\n"))
    code = main(["--data-dir", str(tmp_path / "data"), "run", "feet-on-floor", "--plain"])
    err = capsys.readouterr().err
    assert code == 4 and "kept safe in" in err
    [rescue] = tmp_path.glob("painpath-unsaved-session-*.json")
    [entry] = json.loads(rescue.read_text())["entries"]
    assert entry["status"] == "completed"
