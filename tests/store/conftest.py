"""Shared pieces for the log's tests: a private data folder, a store, entry builders."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from painpath.paths import Paths, resolve
from painpath.store import Entry, Rating, Store

CET = timezone(timedelta(hours=1))


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return resolve(tmp_path / "data")


@pytest.fixture
def store(paths: Paths) -> Iterator[Store]:
    s = Store.for_paths(paths)
    yield s
    s.close()


def when(day: int, hour: int = 9, minute: int = 0, month: int = 11) -> datetime:
    """A time in November 2026 on a +01:00 clock."""
    return datetime(2026, month, day, hour, minute, tzinfo=CET)


@pytest.fixture
def at() -> Callable[..., datetime]:
    return when


def _session(exercise: str = "painpath/body-scan", started: datetime | None = None,
             before: dict[str, int] | None = None, after: dict[str, int] | None = None,
             status: str = "completed", practiced_s: float = 600.0, **kw: Any) -> Entry:
    start = started or when(20)
    ratings = [Rating(scale=s, value=v, phase="before", at=start)
               for s, v in (before or {}).items()]
    ratings += [Rating(scale=s, value=v, phase="after", at=start + timedelta(minutes=10))
                for s, v in (after or {}).items()]
    return Entry(type="session", exercise=exercise, started=start,
                 ended=start + timedelta(minutes=10), status=status, planned_s=600.0,
                 practiced_s=practiced_s, furthest_step=5, ratings=tuple(ratings),
                 updated=start + timedelta(minutes=10), **kw)


def _check_in(started: datetime | None = None, peg: bool = False, note: str | None = None,
              **values: int) -> Entry:
    start = started or when(20)
    return Entry(type="check-in", started=start, ended=start, status="completed", peg=peg,
                 note=note, updated=start,
                 ratings=tuple(Rating(scale=s, value=v, phase="check-in", at=start)
                               for s, v in values.items()))


@pytest.fixture
def session_entry() -> Callable[..., Entry]:
    return _session


@pytest.fixture
def check_in_entry() -> Callable[..., Entry]:
    return _check_in


class FailingConnection:
    """Wraps a real connection; writes fail with the given SQLite error (a full disk)."""

    def __init__(self, conn: sqlite3.Connection, message: str = "database or disk is full"):
        self._conn = conn
        self.message = message
        self.failing = True

    def execute(self, sql: str, *args: Any) -> Any:
        if self.failing and sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError(self.message)
        return self._conn.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> Any:
        if self.failing:
            raise sqlite3.OperationalError(self.message)
        return self._conn.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.fixture
def failing() -> Callable[[Store], FailingConnection]:
    """Make a store's writes fail like a full disk; returns the switch."""
    def install(s: Store, message: str = "database or disk is full") -> FailingConnection:
        wrapper = FailingConnection(s._conn, message)
        s._conn = wrapper  # type: ignore[assignment]
        return wrapper

    return install
