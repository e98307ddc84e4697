"""Reading a file someone gave painpath: bounded, and only what can be read to its end.

A file named `x.toml` may be a named pipe (reading it waits forever), a device
(`/dev/zero` never ends) or a 3 GiB sparse file (read whole, it exhausts
memory before any size check). So the file is opened without waiting, its
kind and size are checked on the open file (no race with a rename), and at
most `limit + 1` bytes are ever read, whatever `stat` said.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_CHUNK = 1 << 20


class NotRegularFile(OSError):
    """The path is a named pipe, a device or a socket: skipped, never read."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is {kind}, not an ordinary file")
        self.kind = kind


class FileTooLarge(OSError):
    """The file holds more than the limit; `size` is what it holds (at least limit + 1)."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        super().__init__(f"{path} holds {size:,} bytes, more than {limit:,}")
        self.size = size
        self.limit = limit


def kind_of(mode: int) -> str:
    """A file's kind in words, for a message."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not an ordinary file"


def read_head(path: Path, limit: int) -> bytes:
    """At most `limit + 1` bytes of an ordinary file (more means: too large, say so).

    For a pack's files, whose sizes were listed already: a pipe or device that
    took a file's place since is refused (`NotRegularFile`), never waited on.
    """
    try:
        return read_bounded(path, limit)
    except FileTooLarge:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise NotRegularFile(path, kind_of(os.fstat(fd).st_mode)) from None
            return os.read(fd, limit + 1)
        finally:
            os.close(fd)


def read_bounded(path: Path, limit: int, *, streams: bool = False) -> bytes:
    """The whole file, if it is an ordinary file of at most `limit` bytes.

    Raises `NotRegularFile` for a pipe, device or socket (unless `streams`,
    for `painpath import <(...)`: then a pipe is read, still at most
    `limit + 1` bytes), `IsADirectoryError` for a folder, `FileTooLarge`
    past the limit, and the usual OSError (missing, no permission).
    """
    flags = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)
    if not streams:
        flags |= getattr(os, "O_NONBLOCK", 0)  # a pipe's open must not wait for a writer
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(21, "Is a directory", str(path))
        regular = stat.S_ISREG(st.st_mode)
        if not regular and not streams:
            raise NotRegularFile(path, kind_of(st.st_mode))
        if regular and st.st_size > limit:
            raise FileTooLarge(path, st.st_size, limit)
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:  # it grew, or a stream: how much more is not known
            raise FileTooLarge(path, max(got, st.st_size), limit)
        return b"".join(chunks)
    finally:
        os.close(fd)
