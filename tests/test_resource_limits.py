"""Files that never end, are huge, or nest without end are bounded before they are read.

A named pipe called `x.toml` (reading waits forever), a 3 GiB sparse `.toml`
(read whole: MemoryError), a .zip whose directory claims 3 million entries
(26 s and 1.5 GB inside zipfile), TOML nested past the parser's recursion
limit, and an export fed through a pipe past the 200 MB cap: each gets a
plain message, quickly, with little memory.
"""

from __future__ import annotations

import json
import os
import struct
import threading
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pack_helpers import flat

from painpath import settings
from painpath.cli import main
from painpath.format import sources
from painpath.format.loader import load_path
from painpath.format.tomlread import TOO_DEEP

EXERCISE = ('format = 1\nid = "calm"\ntitle = "Calm"\nkind = "other"\n\n'
            '[[steps]]\ntext = "Rest."\nduration = "1m"\n')
PACK = 'format = 1\nid = "steady"\ntitle = "Steady"\nversion = "1.0.0"\n'
DEEP = "x = " + "[" * 2000 + "]" * 2000 + "\n"


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")


def finishes(run: Callable[[], Any], *fifos: Path) -> Any:
    """`run()`'s result; if it waits on a pipe, the pipe is ended and the test fails."""
    result: list[Any] = []
    thread = threading.Thread(target=lambda: result.append(run()), daemon=True)
    thread.start()
    thread.join(timeout=30)
    if thread.is_alive():  # blocked opening a FIFO: give it a writer, so it ends
        for fifo in fifos:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        thread.join(timeout=30)
        pytest.fail("painpath waited on a named pipe")
    return result[0]


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str,
        fifos: tuple[Path, ...] = ()) -> tuple[int, str]:
    code = finishes(lambda: main(["--data-dir", str(data), *args]), *fifos)
    out, err = capsys.readouterr()
    return code, flat(out + err)


# --- named pipes and devices -----------------------------------------------------------

def test_a_named_pipe_in_a_library_is_skipped_not_waited_on(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "calm.toml").write_text(EXERCISE)
    fifo = library / "x.toml"
    os.mkfifo(fifo)
    data = tmp_path / "data"
    code, out = cli(capsys, data, "validate", str(library), fifos=(fifo,))
    assert code == 1
    assert (f"{fifo}: this is a named pipe (FIFO), not an ordinary file, so painpath "
            "skipped it without reading it") in out
    code, out = cli(capsys, data, "validate", str(fifo), fifos=(fifo,))
    assert code == 1 and "a named pipe (FIFO), not an ordinary file" in out
    code, out = cli(capsys, data, "--library", str(library), "list", fifos=(fifo,))
    assert code == 0 and "local/calm" in out and "1 file could not be loaded" in out


def test_a_named_pipe_in_a_pack_folder_is_left_out_with_a_word(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = tmp_path / "pack"
    (pack / "exercises").mkdir(parents=True)
    (pack / "pack.toml").write_text(PACK)
    (pack / "exercises" / "calm.toml").write_text(EXERCISE)
    fifo = pack / "exercises" / "x.toml"
    os.mkfifo(fifo)
    code, out = cli(capsys, tmp_path / "data", "pack", "install", str(pack), fifos=(fifo,))
    assert code == 0 and 'Installed "Steady"' in out
    assert (f"warning {fifo}: this is a named pipe (FIFO), not an ordinary file, so it was "
            "left out of the pack unread") in out


def test_a_named_pipe_named_like_a_zip_is_refused_unread(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pack.zip"
    os.mkfifo(fifo)
    code, out = cli(capsys, tmp_path / "data", "pack", "install", str(fifo), fifos=(fifo,))
    assert code == 1 and "this is a named pipe (FIFO), not an ordinary file" in out


def test_a_named_pipe_as_the_settings_file_does_not_stop_the_app(tmp_path: Path) -> None:
    fifo = tmp_path / "settings.toml"
    os.mkfifo(fifo)
    loaded = finishes(lambda: settings.load(fifo), fifo)
    assert loaded.settings == settings.Settings()
    assert "is a named pipe (FIFO), not an ordinary file" in loaded.notes[0]


# --- sizes -----------------------------------------------------------------------------

def test_a_huge_sparse_toml_is_refused_without_being_read(tmp_path: Path) -> None:
    library = tmp_path / "library"
    library.mkdir()
    huge = library / "huge.toml"
    with huge.open("wb") as fh:
        fh.truncate(3 * 2**30)  # 3 GiB, sparse: nothing on disk
    pack = tmp_path / "pack"
    (pack / "exercises").mkdir(parents=True)
    (pack / "pack.toml").write_text(PACK)
    with (pack / "exercises" / "big.toml").open("wb") as fh:
        fh.truncate(100 * 2**20)  # under the pack's 200 MiB: checked file by file
    tracemalloc.start()
    try:
        alone, in_pack = load_path(library), load_path(pack)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [p.message for p in alone.problems] == [
        "this file is 3072.0 MiB; a painpath file may be at most 1 MiB"]
    assert [p.message for p in in_pack.problems] == [
        "this file is more than 1 MiB; a painpath file may be at most 1 MiB"]
    assert peak < 8 * 2**20, f"{peak / 2**20:.0f} MiB held to refuse them"


def test_an_export_through_a_pipe_is_held_to_the_cap(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """`painpath import <(...)` works, and a pipe cannot pass more than the cap."""
    monkeypatch.setattr("painpath.store.import_file.MAX_IMPORT_BYTES", 4000)
    fifo = tmp_path / "export"
    os.mkfifo(fifo)
    small = {"format": 1, "exported": "2026-11-23T09:00:00+00:00", "entries": []}

    def feed(payload: bytes) -> threading.Thread:
        def write() -> None:
            try:
                with fifo.open("wb") as fh:
                    fh.write(payload)
            except BrokenPipeError:  # painpath stopped reading at the cap, as it should
                pass
        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        return thread

    writer = feed(json.dumps(small).encode())
    code, out = cli(capsys, tmp_path / "data", "import", str(fifo), fifos=(fifo,))
    writer.join(timeout=30)
    assert code == 0 and "Added 0 entries" in out
    writer = feed(b" " * 50_000 + json.dumps(small).encode())
    code, out = cli(capsys, tmp_path / "data", "import", str(fifo), fifos=(fifo,))
    writer.join(timeout=30)
    assert code == 1
    assert f"{fifo} is too large to be a painpath export (more than 4,001 bytes)" in out


# --- zips whose directory is too big to read ---------------------------------------------

def _zip64_claiming(path: Path, entries: int, directory: int) -> Path:
    """Only the end records of a zip64 file, claiming `entries` in `directory` bytes."""
    record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0,
                         entries, entries, directory, 0)
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, 0, 1)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF,
                      0xFFFFFFFF, 0)
    path.write_bytes(record + locator + end)
    return path


@pytest.fixture
def no_zipfile(monkeypatch: pytest.MonkeyPatch) -> None:
    """zipfile must never be asked to read these: that is where the time and memory go."""
    def refuse(*args: object, **kwargs: object) -> None:
        pytest.fail("zipfile was asked to read a directory painpath should have refused")

    monkeypatch.setattr(zipfile, "ZipFile", refuse)


@pytest.mark.usefixtures("no_zipfile")
def test_a_zip_claiming_three_million_entries_is_refused_from_its_end_record(
        tmp_path: Path) -> None:
    path = _zip64_claiming(tmp_path / "flood.zip", 3_000_000, 3_000_000 * 46)
    (problem,) = load_path(path).problems
    assert problem.message == "this .zip holds 3,000,000 files; a pack may hold at most 500"


@pytest.mark.usefixtures("no_zipfile")
def test_a_zip_with_a_huge_directory_is_refused_whatever_it_counts(tmp_path: Path) -> None:
    path = tmp_path / "big-directory.zip"
    size = 100 * 2**20
    with path.open("wb") as fh:
        fh.truncate(size)  # sparse: the "directory" is 100 MiB of nothing
        fh.seek(size)
        fh.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, 10, 10, size, 0, 0))
    (problem,) = load_path(path).problems
    assert problem.message == ("this .zip's list of its files takes 100 MiB, far more than "
                               "any pack needs, so it was not read")


def test_an_ordinary_zip_still_opens(tmp_path: Path) -> None:
    path = tmp_path / "steady.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("pack.toml", PACK)
        zf.writestr("exercises/calm.toml", EXERCISE)
        zf.comment = b"a comment, so the end record is not the last 22 bytes"
    loaded = load_path(path)
    assert loaded.problems == [] and [e.qualified_id for e in loaded.exercises] == ["steady/calm"]
    assert sources.MAX_ZIP_ENTRIES >= 4 * sources.MAX_PACK_FILES


# --- nesting ---------------------------------------------------------------------------

def test_deep_nesting_is_a_plain_problem_everywhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "library"
    library.mkdir()
    (library / "deep.toml").write_text(DEEP)
    pack = tmp_path / "pack"
    (pack / "exercises").mkdir(parents=True)
    (pack / "pack.toml").write_text(PACK)
    (pack / "exercises" / "calm.toml").write_text(EXERCISE + DEEP)
    data = tmp_path / "data"
    said = flat(TOO_DEEP)
    code, out = cli(capsys, data, "validate", str(library / "deep.toml"))
    assert code == 1 and said in out
    code, out = cli(capsys, data, "pack", "install", str(pack))
    assert code == 1 and said in out
    code, out = cli(capsys, data, "--library", str(library), "list")
    assert code == 0 and "1 file could not be loaded" in out
    data.mkdir(exist_ok=True)
    (data / "settings.toml").write_text(DEEP)
    loaded = settings.load(data / "settings.toml")
    assert loaded.settings == settings.Settings()
    assert "nested hundreds of levels deep" in loaded.notes[0]
