"""Where a pack's files come from: a folder on disk or a `.zip`, read the same way.

A zip is checked entry by entry before anything is read or written: entries
that would land outside the pack, absolute paths, links, more than 500 files
or more than 200 MiB unpacked are refused (FORMAT.md, "Limits").
"""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:  # imported when a zip is opened: `painpath list` need not pay for it
    import zipfile

MAX_FILE_BYTES = 1024 * 1024
MAX_PACK_FILES = 500
MAX_PACK_BYTES = 200 * 1024 * 1024
# Entries of any kind in a .zip, ignored ones included (a Mac's `__MACOSX` copies
# double a pack's count): enough for any real pack, bounded for a hostile one.
MAX_ZIP_ENTRIES = 4 * MAX_PACK_FILES
# The zip's list of its files (central directory), which zipfile reads whole and
# parses entry by entry: 2,000 entries with long names fit many times over.
MAX_ZIP_DIRECTORY_BYTES = 2 * 1024 * 1024


class SourceRefused(Exception):
    """The whole source is refused; the message says why, in plain words."""


@dataclass(frozen=True)
class PackFile:
    """One file of a pack: its path inside the pack and how to name it to people."""

    relpath: str  # posix path inside the pack, e.g. "exercises/feet.toml"
    label: str  # how messages name it
    size: int


class PackSource:
    """A pack's files, listed and read without caring whether it is a folder or a zip."""

    label: str

    def files(self) -> list[PackFile]:
        raise NotImplementedError

    def read(self, item: PackFile) -> bytes:
        raise NotImplementedError

    def has(self, relpath: str) -> bool:
        return any(f.relpath == relpath for f in self.files())

    def open(self, item: PackFile) -> BinaryIO:
        """A stream of the whole file, for copying without holding it in memory."""
        raise NotImplementedError


class FolderSource(PackSource):
    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        self._files: list[PackFile] | None = None
        # Links found and left out (paths inside the pack), so they can be named:
        # a pack holds its own files only, the same on every computer.
        self.links: list[str] = []
        # Named pipes, devices and sockets: left out unread (a pipe never ends).
        self.not_files: list[tuple[str, str]] = []

    def files(self) -> list[PackFile]:
        if self._files is None:
            found: list[PackFile] = []
            for path in sorted(self._walk(self.root)):
                rel = path.relative_to(self.root).as_posix()
                found.append(PackFile(rel, str(path), path.lstat().st_size))
            self._files = found
        return self._files

    def _walk(self, root: Path) -> Iterator[Path]:
        links: list[str] = []
        odd: list[tuple[str, str]] = []
        for path in root.rglob("*"):
            if any(part.startswith(".") for part in path.relative_to(root).parts):
                continue
            if path.is_symlink():  # rglob does not enter linked folders either
                links.append(path.relative_to(root).as_posix())
            elif path.is_file():
                yield path
            elif not path.is_dir():
                from painpath.reading import kind_of

                odd.append((path.relative_to(root).as_posix(), kind_of(path.lstat().st_mode)))
        self.links = sorted(links)
        self.not_files = sorted(odd)

    def read(self, item: PackFile) -> bytes:
        """At most 1 MiB and a byte, as from a zip: the loader refuses more, unread."""
        from painpath.reading import read_head

        return read_head(self.root / item.relpath, MAX_FILE_BYTES)

    def open(self, item: PackFile) -> BinaryIO:
        return (self.root / item.relpath).open("rb")


class ZipSource(PackSource):
    """A zip checked for safety on opening; a single top folder is looked through."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.label = str(path)
        import zipfile

        try:
            fh = _open_regular(path)
        except OSError as err:
            raise SourceRefused(f"this .zip could not be read ({err.strerror or err})") from err
        try:
            _check_directory(fh)
            self._zip = zipfile.ZipFile(fh)
            self._fh = fh
        except (zipfile.BadZipFile, OSError) as err:
            fh.close()
            raise SourceRefused(f"this is not a readable .zip file ({err})") from err
        except SourceRefused:
            fh.close()
            raise
        infos = [i for i in self._zip.infolist() if not i.is_dir()]
        self._check(infos)
        # Some Windows tools write `exercises\feet.toml`: the zip's own separator is
        # "/", so the pack reads the same however it was zipped.
        named = {_entry_name(i): i for i in infos}
        # Like a folder, hidden files are ignored: also the `__MACOSX/` copies a
        # Mac adds when it zips a folder, which would otherwise hide the pack.
        named = {name: i for name, i in named.items() if not any(
            part.startswith(".") or part == "__MACOSX" for part in name.split("/"))}
        if len(named) > MAX_PACK_FILES:
            raise SourceRefused(f"this .zip holds {len(named)} files; a pack may hold "
                                f"at most {MAX_PACK_FILES}")
        self.prefix = self._common_prefix(list(named))
        self._infos = {name[len(self.prefix):]: i for name, i in named.items()}

    def _check(self, infos: list[zipfile.ZipInfo]) -> None:
        if len(infos) > MAX_ZIP_ENTRIES:
            raise SourceRefused(f"this .zip holds {len(infos)} files; a pack may hold "
                                f"at most {MAX_PACK_FILES}")
        total = 0
        for info in infos:
            name = info.filename
            posix = PurePosixPath(name.replace("\\", "/"))
            if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
                raise SourceRefused(f"the entry \"{name}\" has an absolute "
                                    "path, so the whole pack is refused")
            if ".." in posix.parts:
                raise SourceRefused(f"the entry \"{name}\" would land outside "
                                    "the pack, so the whole pack is refused")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise SourceRefused(f"the entry \"{name}\" is a link; packs "
                                    "may not contain links")
            if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
                raise SourceRefused(f"the entry \"{name}\" is not an "
                                    "ordinary file; packs hold only ordinary files")
            total += info.file_size
        if total > MAX_PACK_BYTES:
            raise SourceRefused(f"this .zip unpacks to {total / 2**20:.0f} MiB; a pack "
                                "may be at most 200 MiB")

    @staticmethod
    def _common_prefix(names: list[str]) -> str:
        if "pack.toml" in names or not names:
            return ""
        tops = {n.split("/", 1)[0] for n in names}
        if len(tops) == 1 and all("/" in n for n in names):
            top = tops.pop() + "/"
            if top + "pack.toml" in names:
                return top
        return ""

    def files(self) -> list[PackFile]:
        return [PackFile(rel, f"{self.path.name}:{rel}", i.file_size)
                for rel, i in sorted(self._infos.items())]

    def read(self, item: PackFile) -> bytes:
        info = self._infos[item.relpath]
        with self._zip.open(info) as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        return data

    def open(self, item: PackFile) -> BinaryIO:
        return self._zip.open(self._infos[item.relpath])

    def close(self) -> None:
        self._zip.close()
        self._fh.close()  # zipfile leaves a file it was given open


def _entry_name(info: zipfile.ZipInfo) -> str:
    """An entry's path inside the pack, with "/" between folders however it was zipped."""
    return info.filename.replace("\\", "/")


def _open_regular(path: Path) -> BinaryIO:
    """The .zip opened for reading, if it is an ordinary file (a pipe would never end)."""
    from painpath.reading import kind_of

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise SourceRefused(f"this is {kind_of(mode)}, not an ordinary file, so painpath "
                            "did not read it")
    return os.fdopen(fd, "rb")


_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record (22 bytes)
_EOCD64_LOCATOR = struct.Struct("<4sLQL")  # 20 bytes, just before the record above
_EOCD64 = struct.Struct("<4sQ2H2L4Q")  # zip64 end of central directory record (56 bytes)


def _check_directory(fh: BinaryIO) -> None:
    """Refuse a zip whose own directory says it is too big, before zipfile reads it.

    zipfile reads the whole central directory and builds an object per entry
    (3 million entries: 26 s and 1.5 GB) before its list can be counted. The
    end records say how many entries there are and how many bytes the
    directory holds; both are found the way zipfile finds them, and bounded.
    """
    size = fh.seek(0, os.SEEK_END)
    tail_len = min(size, _EOCD.size + 0xFFFF + _EOCD64_LOCATOR.size)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    at = len(tail) - _EOCD.size
    if not (at >= 0 and tail[at:at + 4] == b"PK\x05\x06" and tail[-2:] == b"\0\0"):
        at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _EOCD.size > len(tail):
        return  # not a zip: zipfile says so
    *_, entries, directory, _, _ = _EOCD.unpack_from(tail, at)
    locator = at - _EOCD64_LOCATOR.size
    if locator >= 0 and tail[locator:locator + 4] == b"PK\x06\x07":
        _, _, offset, _ = _EOCD64_LOCATOR.unpack_from(tail, locator)
        if offset + _EOCD64.size <= size:
            fh.seek(offset)
            record = fh.read(_EOCD64.size)
            if record[:4] == b"PK\x06\x06":
                *_, entries, directory, _ = _EOCD64.unpack(record)
    if entries > MAX_ZIP_ENTRIES:
        raise SourceRefused(f"this .zip holds {entries:,} files; a pack may hold at most "
                            f"{MAX_PACK_FILES}")
    if directory > MAX_ZIP_DIRECTORY_BYTES:
        raise SourceRefused(f"this .zip's list of its files takes {directory / 2**20:,.0f} MiB, "
                            "far more than any pack needs, so it was not read")
    fh.seek(0)
