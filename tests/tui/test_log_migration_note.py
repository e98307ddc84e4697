"""A log from an older painpath is moved to the new layout once; the app says so meanwhile."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from log_helpers import LogHarness, press, table_rows
from textual.pilot import Pilot

from painpath import notices
from painpath.store import schema
from painpath.tui.screens.history import HistoryScreen


def _layout4_log(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(db, isolation_level=None)
    schema.migrate(conn, schema.MIGRATIONS[:4])
    conn.execute(
        "INSERT INTO entries (id, type, started, started_utc, status, updated, day) VALUES "
        "('7f1e1c9e-3c1f-4e51-9d7a-0d5c8f7b2a10', 'check-in', '2026-11-20T09:00:00+01:00', "
        "'2026-11-20T08:00:00Z', 'completed', '2026-11-20T09:00:00+01:00', '2026-11-20')")
    conn.execute(
        "INSERT INTO ratings (id, entry_id, seq, scale, value, phase, day, started_utc) VALUES "
        "('0b5a0d39-0b0e-4f4e-8a55-8d5b8f4a7c21', '7f1e1c9e-3c1f-4e51-9d7a-0d5c8f7b2a10', 0, "
        "'pain', 5, 'check-in', '2026-11-20', '2026-11-20T08:00:00Z')")
    conn.close()


def test_the_app_says_it_is_updating_an_older_log(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)
    _layout4_log(h.database)

    async def scenario(pilot: Pilot) -> None:
        assert notices.migration == pilot.app._say_migration  # not the CLI's stderr line
        await press(pilot, "h")
        assert isinstance(pilot.app.screen, HistoryScreen)
        assert table_rows(pilot)[0][1:] == ["Check-in", "", "", "pain 5"]
        said = [n.message for n in pilot.app._notifications]
        assert notices.MIGRATION_WORDS in said

    h.run(scenario)
    with h.stored() as store:
        assert schema.version(store._conn) == schema.latest()


def test_a_closed_app_says_nothing_when_another_log_is_moved(tmp_path: Path) -> None:
    h = LogHarness(tmp_path)

    async def scenario(pilot: Pilot) -> None:
        return None

    h.run(scenario)
    assert notices.migration == h.app._say_migration
    h.app._say_migration(None)  # the hook outlives the app: it must not raise
