"""Moments the core announces to whichever front end is running, without importing it.

A long log written by an older painpath is moved to the current layout the first
time it is opened (`painpath.store.db`): on 100,000 sessions that takes several
seconds, during which a person would otherwise see nothing. The CLI and the app
each set `migration` to say so in their own way; this module imports nothing, so
setting it costs the CLI's fast commands no start-up time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# Called with the log's file just before an existing log is moved to a newer layout.
migration: Callable[[Path | None], None] | None = None

MIGRATION_WORDS = ("Updating your log to painpath's new, smaller layout. This happens once "
                   "and can take a minute for a long log; nothing in it changes.")
