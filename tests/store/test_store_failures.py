"""When the log cannot be used: plain words, exit code 4, no traceback, nothing lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from painpath.cli import main
from painpath.paths import Paths
from painpath.store import (
    Store,
    StoreCorruptError,
    StoreFullError,
    StoreLockedError,
    StoreReadOnlyError,
    StoreUnavailableError,
)
from painpath.store import db as store_db
from painpath.store.errors import translate


def _cli(paths: Paths, *argv: str) -> int:
    return main(["--data-dir", str(paths.data_dir), *argv])


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "Sorry" not in err


# --- read-only ---------------------------------------------------------------------

def test_read_only_log_can_be_read_but_not_written(paths: Paths) -> None:
    with Store.for_paths(paths) as s:
        s.add_check_in({"pain": 4})
    with Store.open(paths.database, read_only=True) as ro:
        assert ro.read_only and ro.count() == 1
        with pytest.raises(StoreReadOnlyError, match=r"read-only\. Nothing was changed"):
            ro.add_check_in({"pain": 5})
        assert ro.count() == 1


def test_unwritable_log_is_opened_for_reading(paths: Paths, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    with Store.for_paths(paths) as s:
        s.add_check_in({"pain": 4})
    real = Store._open.__func__  # type: ignore[attr-defined]

    def refuse_writing(cls: type[Store], file: Path, timeout: float, *, read_only: bool
                       ) -> Store:
        if not read_only:
            raise translate(sqlite3.OperationalError("attempt to write a readonly database"),
                            file) or AssertionError()
        return real(cls, file, timeout, read_only=read_only)

    monkeypatch.setattr(Store, "_open", classmethod(refuse_writing))
    with Store.open(paths.database) as s:
        assert s.read_only and s.count() == 1


def test_cli_on_a_read_only_disk(paths: Paths, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    with Store.for_paths(paths) as s:
        s.add_check_in({"pain": 4})
    real = Store.open.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Store, "open", classmethod(
        lambda cls, path, **kw: real(cls, path, **{**kw, "read_only": True})))
    assert _cli(paths, "log", "--json") == 0
    capsys.readouterr()
    assert _cli(paths, "check-in", "--pain", "3") == 4
    err = capsys.readouterr().err
    assert "cannot write to your log" in err and "read-only" in err
    _no_traceback(err)


def test_a_data_folder_that_cannot_be_made(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["--data-dir", str(blocker / "data"), "check-in", "--pain", "3"]) == 4
    err = capsys.readouterr().err
    assert "could not open your log" in err or "cannot write" in err
    _no_traceback(err)


# --- full disk -------------------------------------------------------------------

def test_full_disk_is_a_store_error_and_the_log_is_unchanged(
        store: Store, failing: Callable[..., Any]) -> None:
    store.add_check_in({"pain": 4})
    switch = failing(store)
    with pytest.raises(StoreFullError, match="The disk is full") as info:
        store.add_check_in({"pain": 5})
    assert info.value.exit_code == 4
    assert not store._conn.in_transaction
    switch.failing = False
    assert store.count() == 1


def test_cli_on_a_full_disk(paths: Paths, monkeypatch: pytest.MonkeyPatch,
                            failing: Callable[..., Any],
                            capsys: pytest.CaptureFixture[str]) -> None:
    real = Store.for_paths.__func__  # type: ignore[attr-defined]

    def full(cls: type[Store], p: Paths, **kw: Any) -> Store:
        s = real(cls, p, **kw)
        failing(s)
        return s

    monkeypatch.setattr(Store, "for_paths", classmethod(full))
    assert _cli(paths, "check-in", "--pain", "3") == 4
    err = capsys.readouterr().err
    assert "The disk is full" in err and "Free some space" in err
    _no_traceback(err)


# --- locked ----------------------------------------------------------------------

def test_log_held_by_another_painpath_times_out_as_busy(paths: Paths) -> None:
    Store.for_paths(paths).close()
    other = sqlite3.connect(paths.database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(paths.database, timeout=0.05) as s:
            assert s.count() == 0  # reading goes on (WAL)
            with pytest.raises(StoreLockedError, match="another painpath seems to be using it"):
                s.add_check_in({"pain": 3})
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store.for_paths(paths) as s:
        s.add_check_in({"pain": 3})
        assert s.count() == 1


def test_cli_when_the_log_is_busy(paths: Paths, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    Store.for_paths(paths).close()
    monkeypatch.setattr(store_db, "DEFAULT_TIMEOUT", 0.05)
    other = sqlite3.connect(paths.database, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert _cli(paths, "check-in", "--pain", "3") == 4
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert "Your log is busy" in err and "0.05 seconds" in err
    _no_traceback(err)


# --- damaged ---------------------------------------------------------------------

def _garbage(paths: Paths) -> bytes:
    paths.ensure_data_dir()
    junk = b"this is not a database, just some bytes\n" * 200
    paths.database.write_bytes(junk)
    return junk


def test_a_file_that_is_not_a_database_is_refused_and_never_overwritten(paths: Paths) -> None:
    junk = _garbage(paths)
    with pytest.raises(StoreCorruptError) as info:
        Store.for_paths(paths)
    assert info.value.path == paths.database
    assert "looks damaged" in info.value.message
    assert "painpath log --set-aside" in (info.value.hint or "")
    assert paths.database.read_bytes() == junk


@pytest.mark.parametrize("argv", [["log"], ["check-in", "--pain", "3"], ["stats"],
                                  ["export", "--format", "json"]])
def test_cli_on_a_damaged_log_says_how_to_set_it_aside(
        paths: Paths, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    junk = _garbage(paths)
    assert _cli(paths, *argv) == 4
    err = capsys.readouterr().err
    assert "Your log file looks damaged" in err and "painpath log --set-aside" in err
    _no_traceback(err)
    assert paths.database.read_bytes() == junk


def test_damaged_pages_deep_in_the_file(paths: Paths, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    with Store.for_paths(paths) as s:
        for i in range(300):
            s.add_check_in({"pain": i % 11}, note="x" * 200)
    data = bytearray(paths.database.read_bytes())
    for offset in range(len(data) - 20 * 4096, len(data), 4096):
        data[offset:offset + 100] = b"\xff" * 100
    paths.database.write_bytes(bytes(data))
    try:
        with Store.for_paths(paths) as s, pytest.raises(StoreCorruptError):
            s.check()
    except StoreCorruptError:
        pass  # damage found already on opening: just as good
    assert _cli(paths, "log") == 4
    assert "looks damaged" in capsys.readouterr().err
    assert paths.database.read_bytes() == bytes(data)


def test_set_aside_keeps_the_damaged_file_and_starts_a_new_log(
        paths: Paths, capsys: pytest.CaptureFixture[str]) -> None:
    junk = _garbage(paths)
    Path(f"{paths.database}-wal").write_bytes(b"wal bytes")
    assert _cli(paths, "log", "--set-aside") == 0
    out = capsys.readouterr().out
    [kept] = paths.data_dir.glob("painpath.db.corrupt-*[0-9]")
    assert kept.read_bytes() == junk
    assert Path(f"{kept}-wal").read_bytes() == b"wal bytes"
    assert "kept, unchanged" in out and kept.name in out.replace("\n", "")
    assert _cli(paths, "check-in", "--pain", "2") == 0
    with Store.for_paths(paths) as s:
        assert s.count() == 1


def test_set_aside_refuses_a_healthy_log(paths: Paths, capsys: pytest.CaptureFixture[str]
                                         ) -> None:
    assert _cli(paths, "check-in", "--pain", "2") == 0
    assert _cli(paths, "log", "--set-aside") == 0
    assert "not damaged, so nothing was set aside" in capsys.readouterr().out
    assert not list(paths.data_dir.glob("*.corrupt-*"))
    with Store.for_paths(paths) as s:
        assert s.count() == 1


def test_set_aside_corrupt_from_an_open_store_and_name_clashes(paths: Paths) -> None:
    from datetime import datetime

    with Store.for_paths(paths) as s:
        s.add_check_in({"pain": 2})
        first = s.set_aside_corrupt()
        assert s.count() == 0
        s.add_check_in({"pain": 3})
        assert s.count() == 1
    assert first.exists() and first.name.startswith("painpath.db.corrupt-")
    same = datetime(2026, 1, 2, 3, 4, 5)
    a = Store.set_aside(paths.database, same)
    paths.database.write_bytes(b"again")
    b = Store.set_aside(paths.database, same)
    assert a.name == "painpath.db.corrupt-20260102-030405"
    assert b.name == "painpath.db.corrupt-20260102-030405-1"
    assert b.read_bytes() == b"again"


def test_unknown_sqlite_failures_are_store_errors_but_bugs_are_not() -> None:
    io = translate(sqlite3.OperationalError("disk I/O error"), Path("x.db"))
    assert isinstance(io, StoreUnavailableError) and "disk I/O error" in io.message
    assert translate(sqlite3.IntegrityError("UNIQUE constraint failed"), None) is None
    assert translate(sqlite3.ProgrammingError("closed"), None) is None
