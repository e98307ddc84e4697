"""Writing a file so it appears whole or not at all, readable by its owner alone.

A crash, a closed terminal or a full disk in the middle of a write must never
leave a half-written settings file, plan or export: everything is written to a
temporary file beside the target (mode 0600, from mkstemp), synced, then
renamed over it.

`open_output` is the other half: the file a person names with `-o`, written
like the shell's `>` would (FIFOs and devices written directly, links
followed, read-only files and painpath's own files refused), atomically when
it is a regular file. Every `-o` uses it.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from painpath.errors import NotFoundError, PainpathError

if TYPE_CHECKING:
    from painpath.paths import Paths


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


# --- output files (`-o`): like the shell's `>`, but whole or not at all ----------------

class OutputRefused(PainpathError):
    """An output file painpath will not write over; the message says why and what to do."""

    title = "That file was left as it is"


@contextmanager
def open_output(path: str | os.PathLike[str], *,
                own: Paths | None = None) -> Iterator[BinaryIO]:
    """The file every `-o FILE` writes to (`export -o`, `render -o`, `pack build -o`).

    Use it for any file a person names on the command line; painpath's own
    files use `open_atomic`. It behaves like the shell's `>`, with two safeties:

    - a regular file (new or existing) is replaced atomically: written beside
      it (mode 0600) and renamed over it when the block ends without an error;
      on an error it is as it was. (A file in a folder painpath may not create
      files in, but that the person may write, is written in place, as `>` would.)
    - a symlink is followed: its target is replaced, the link kept;
    - a FIFO, a character device (`/dev/null`, a terminal) or any other file
      that is not regular is opened and written directly, never replaced;
    - a folder, a file the person could not write with `>`, and painpath's own
      files (the log, its journal, settings, plan, packs: pass `own=ctx.paths`)
      are refused with an `OutputRefused` before anything is written.
    A missing folder raises `NotFoundError`; a failed write a `PainpathError`
    in plain words. Run as root, whom the system lets write any file, a file
    with no write permission for anyone is still refused (see `may_write`).
    """
    given = Path(path)
    target = Path(os.path.realpath(given))  # follows links, dangling ones too
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as err:
        raise PainpathError(f"{given} could not be written: {err.strerror}.") from None
    if own is not None and own.keeps(target):
        raise OutputRefused(
            f"{given} is one of the files painpath keeps for you (your log, settings, plan "
            "or packs), so painpath will not write over it.",
            hint="Choose another file name, for example my-log.json in your home folder.")
    if st is None or stat.S_ISREG(st.st_mode):
        if st is not None and not may_write(target, st):
            raise OutputRefused(
                f"{given} is read-only, so painpath left it as it is.",
                hint="Choose another file name, or make the file writable first.")
        if not target.parent.is_dir():
            raise NotFoundError(f"The folder {given.parent} does not exist.",
                                hint="Create it first, or choose a file in another folder.")
        with _regular(given, target, exists=st is not None) as fh:
            yield fh
    elif stat.S_ISDIR(st.st_mode):
        raise OutputRefused(f"{given} is a folder, not a file.",
                            hint=f"Give a file name inside it, like {given / 'my-file'}.")
    else:
        with _direct(given, target) as fh:
            yield fh


def may_write(path: Path, st: os.stat_result) -> bool:
    """Whether the person could write `path` with the shell's `>`.

    `os.access` answers for everyone but root, whom it always lets write. So
    the permission bits are checked as well: a file nobody may write (mode
    0444, say) is read-only on purpose, and painpath leaves it alone even then.
    """
    return os.access(path, os.W_OK) and bool(st.st_mode & 0o222)


def _failed(given: Path, err: OSError, *, unchanged: bool) -> PainpathError:
    words = err.strerror or str(err)
    if err.errno == errno.ENOSPC:
        words = "the disk is full"
    return PainpathError(f"{given} could not be written: {words}."
                         + (" Nothing was changed." if unchanged else ""))


@contextmanager
def _regular(given: Path, target: Path, *, exists: bool) -> Iterator[BinaryIO]:
    """Temporary file beside `target`, renamed over it; in place if no file can be made there."""
    try:
        fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except PermissionError:
        if not exists:
            raise PainpathError(f"{given} could not be written: painpath may not create files "
                                f"in {given.parent}.") from None
        with _direct(given, target, truncate=True) as fh:
            yield fh
        return
    except OSError as err:
        raise _failed(given, err, unchanged=True) from None
    try:
        with os.fdopen(fd, "wb", buffering=1 << 20) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, target)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise _failed(given, err, unchanged=True) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def _direct(given: Path, target: Path, *, truncate: bool = False) -> Iterator[BinaryIO]:
    """A FIFO, device or unreplaceable file, opened and written as `>` would."""
    try:
        fd = os.open(target, os.O_WRONLY | (os.O_TRUNC if truncate else 0))
    except OSError as err:
        raise _failed(given, err, unchanged=True) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
    except OSError as err:
        raise _failed(given, err, unchanged=False) from None


@contextmanager
def open_output_text(path: str | os.PathLike[str], *, encoding: str = "utf-8",
                     own: Paths | None = None) -> Iterator[TextIO]:
    """`open_output` as text: lines are written as given (no newline translation)."""
    with open_output(path, own=own) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")  # type: ignore[arg-type]
        try:
            yield text
            text.flush()
        finally:
            text.detach()


def write_output(path: str | os.PathLike[str], data: str | bytes, *,
                 encoding: str = "utf-8", own: Paths | None = None) -> Path:
    """Write all of `data` through `open_output`; returns the path as given."""
    with open_output(path, own=own) as fh:
        fh.write(data.encode(encoding) if isinstance(data, str) else data)
    return Path(path)
