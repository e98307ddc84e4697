"""The person's private log of sessions, check-ins and ratings (headless).

`Store` is the database, `SessionRecorder` writes a running session into it,
`painpath.store.exchange` reads and writes exports, and `painpath.stats` turns
entries into numbers. Nothing here imports textual or opens a network connection.
"""

from __future__ import annotations

from painpath.store.db import Store
from painpath.store.errors import (
    StoreCorruptError,
    StoreFullError,
    StoreLockedError,
    StoreNewerError,
    StoreReadOnlyError,
    StoreUnavailableError,
)
from painpath.store.records import Answer, Entry, Rating

__all__ = [
    "Answer",
    "Entry",
    "Rating",
    "Store",
    "StoreCorruptError",
    "StoreFullError",
    "StoreLockedError",
    "StoreNewerError",
    "StoreReadOnlyError",
    "StoreUnavailableError",
]
