"""Writing a file so it appears whole or not at all, readable by its owner alone.

A crash, a closed terminal or a full disk in the middle of a write must never
leave a half-written settings file, plan or export: everything is written to a
temporary file beside the target (mode 0600, from mkstemp), synced, then
renamed over it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def open_atomic(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file that replaces `path` when the block ends without an error.

    On any failure the temporary file is removed and `path` is as it was.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *,
                 encoding: str = "utf-8") -> Path:
    """Replace `path` with `data` atomically; on any failure `path` is as it was."""
    with open_atomic(path) as fh:
        fh.write(data.encode(encoding) if isinstance(data, str) else data)
    return Path(path)
