"""Every `-o FILE` behaves like the shell's `>`, and a regular file is replaced atomically.

A FIFO's reader gets the export, a character device stays a device, a symlink
stays a link (its target replaced), a read-only file and painpath's own files
(the log above all) are refused and left as they were. `export`, `pack build`
(and sound-core's `render`) all write through `painpath.atomic.open_output`.

Run as root, `os.access` lets anyone write anything; `may_write` also checks
the permission bits, so the read-only tests mean the same for root and for a
person, and they run either way.
"""

from __future__ import annotations

import json
import os
import stat
import threading
import zipfile
from pathlib import Path

import pytest
from pack_helpers import FIXTURE, flat

from painpath.atomic import OutputRefused, open_output, write_output
from painpath.cli import main
from painpath.paths import Paths
from painpath.store import Store


@pytest.fixture(autouse=True)
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # long temporary paths on one line


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    code = main(["--data-dir", str(data), "check-in", "--pain", "3", "--note", "kept"])
    assert code == 0
    return data


def export(data: Path, output: Path | str, fmt: str = "json") -> int:
    return main(["--data-dir", str(data), "export", "--format", fmt, "-o", str(output)])


def entries_in_log(data: Path) -> int:
    with Store.for_paths(Paths(data, data)) as store:
        return len(store.entries(None, None))


def read_fifo(fifo: Path) -> tuple[threading.Thread, list[bytes]]:
    """A reader on the FIFO, as `cat fifo` would be (opening blocks until a writer comes)."""
    got: list[bytes] = []

    def read() -> None:
        with fifo.open("rb") as fh:
            got.append(fh.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread, got


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_a_fifo_is_written_not_replaced(data: Path, tmp_path: Path, fmt: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    thread, got = read_fifo(fifo)
    assert export(data, fifo, fmt) == 0
    thread.join(timeout=30)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert got and b"pain" in got[0]
    assert "Wrote 1 entry to" in capsys.readouterr().out


def test_a_character_device_stays_a_device(data: Path, tmp_path: Path) -> None:
    """`export -o /dev/null`, on a copy of /dev/null (replacing the real one breaks a machine)."""
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, OSError):
        pytest.skip("this system does not let the tests make a device node")
    assert export(data, null) == 0
    assert stat.S_ISCHR(null.stat().st_mode)


def test_a_symlink_is_followed_and_kept(data: Path, tmp_path: Path) -> None:
    target = tmp_path / "exports" / "log.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert export(data, link) == 0
    assert link.is_symlink() and link.readlink() == target
    assert json.loads(target.read_text())["entries"][0]["note"] == "kept"
    dangling = tmp_path / "next.json"
    dangling.symlink_to(tmp_path / "exports" / "new.json")
    assert export(data, dangling) == 0
    assert dangling.is_symlink() and (tmp_path / "exports" / "new.json").is_file()


def test_a_read_only_file_is_refused_and_left_alone(
        data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kept = tmp_path / "mine.json"
    kept.write_text("my own words")
    kept.chmod(0o444)
    assert export(data, kept) == 1
    assert kept.read_text() == "my own words"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o444
    err = flat(capsys.readouterr().err)
    assert "is read-only, so painpath left it as it is" in err
    assert not list(tmp_path.glob(".mine.json.*"))  # no temporary file left behind


@pytest.mark.parametrize("which", ["database", "wal", "settings", "plan", "pack file"])
def test_painpaths_own_files_are_refused(data: Path, which: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    paths = Paths(data, data)
    target = {"database": paths.database, "wal": Path(f"{paths.database}-wal"),
              "settings": paths.settings_file, "plan": paths.plan_file,
              "pack file": paths.packs_dir / "some-pack" / "pack.toml"}[which]
    before = target.read_bytes() if target.exists() else None
    assert export(data, target) == 1
    assert (target.read_bytes() if target.exists() else None) == before
    assert entries_in_log(data) == 1
    assert "one of the files painpath keeps for you" in flat(capsys.readouterr().err)


def test_the_log_is_refused_under_any_other_name(data: Path, tmp_path: Path) -> None:
    db = Paths(data, data).database
    link = tmp_path / "log-link.db"
    link.symlink_to(db)
    hard = tmp_path / "log-hard.db"
    os.link(db, hard)
    relative = data / ".." / data.name / "painpath.db"
    for other in (link, hard, relative):
        assert export(data, other, "csv") == 1
    assert entries_in_log(data) == 1


def test_a_folder_is_refused(data: Path, tmp_path: Path,
                             capsys: pytest.CaptureFixture[str]) -> None:
    assert export(data, tmp_path) == 1
    assert "is a folder, not a file" in flat(capsys.readouterr().err)


def test_a_regular_file_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("before")
    with pytest.raises(RuntimeError), open_output(target) as fh:
        fh.write(b"half")
        raise RuntimeError("the disk went away")
    assert target.read_text() == "before"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
    write_output(target, "after")
    assert target.read_text() == "after"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_writable_file_in_a_folder_painpath_may_not_add_to_is_written_in_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`>` needs only the file to be writable; a temporary file beside it needs the folder."""
    target = tmp_path / "out.txt"
    target.write_text("before, and longer")

    def no_new_files(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("painpath.atomic.tempfile.mkstemp", no_new_files)
    write_output(target, "after")
    assert target.read_text() == "after"
    with pytest.raises(OutputRefused.__mro__[1]):  # a new file there: a plain error
        write_output(tmp_path / "new.txt", "x")


def test_pack_build_writes_into_a_fifo_and_refuses_a_read_only_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    fifo = tmp_path / "pack.zip"
    os.mkfifo(fifo)
    thread, got = read_fifo(fifo)
    assert main(["--data-dir", str(data), "pack", "build", str(FIXTURE), "-o", str(fifo)]) == 0
    thread.join(timeout=30)
    (tmp_path / "copy.zip").write_bytes(got[0])
    assert "pack.toml" in zipfile.ZipFile(tmp_path / "copy.zip").namelist()
    kept = tmp_path / "kept.zip"
    kept.write_bytes(b"PK")
    kept.chmod(0o400)
    assert main(["--data-dir", str(data), "pack", "build", str(FIXTURE), "-o", str(kept)]) == 1
    assert kept.read_bytes() == b"PK"
