"""Writing a file so it appears whole or not at all, readable by its owner alone.

A crash, a closed terminal or a full disk in the middle of a write must never
leave a half-written settings file, plan or export: everything is written to a
temporary file beside the target (mode 0600, from mkstemp), synced, then
renamed over it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike[str], data: str | bytes, *,
                 encoding: str = "utf-8") -> Path:
    """Replace `path` with `data` atomically; on any failure `path` is as it was."""
    target = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    directory = target.parent if str(target.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return target
