"""Writing files privately: owner-only, whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from painpath.atomic import write_atomic
from painpath.errors import NotFoundError, PainpathError


@contextmanager
def open_private(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """A text file to write, readable by its owner alone, that appears whole or not at all.

    It is written next to `path` under a temporary name and renamed over `path`
    only when the block ends without an error; otherwise it is removed and
    `path` is as it was. Lines are written as given (no newline translation).
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:  # mkstemp creates the file with mode 0600
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except FileNotFoundError:
        raise NotFoundError(f"The folder {directory} does not exist.") from None
    except OSError as err:
        raise PainpathError(f"{target} could not be written: {err.strerror}.") from None
    try:
        with open(fd, "w", encoding=encoding, newline="", buffering=1 << 20) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise PainpathError(f"{target} could not be written: {err.strerror}. "
                            "Nothing was changed.") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_private(path: str | os.PathLike[str], data: str | bytes, *,
                  encoding: str = "utf-8") -> Path:
    """Write a file atomically (temp file + rename), readable by its owner alone."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise NotFoundError(f"The folder {directory} does not exist.")
    try:
        return write_atomic(target, data, encoding=encoding)
    except OSError as err:
        raise PainpathError(f"{target} could not be written: {err.strerror}. "
                            "Nothing was changed.") from None
