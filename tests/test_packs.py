"""Packs: install (folder and zip), every refusal in words, list, remove, new, build."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import struct
import zipfile
from pathlib import Path

import pytest
from pack_helpers import FIXTURE, PACK_ID, cli, flat

from painpath import packs, plans
from painpath.cli import main
from painpath.errors import InvalidFileError, NotFoundError, PainpathError, UsageError
from painpath.format import packload
from painpath.format.loader import load_path
from painpath.format.models import BUILTIN_SCALES
from painpath.library import Library
from painpath.paths import Paths

# --- helpers ----------------------------------------------------------------------


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return Paths(data_dir=tmp_path / "data", config_dir=tmp_path / "data")


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps panels at the terminal width; a wide one keeps messages on one line."""
    monkeypatch.setenv("COLUMNS", "400")


def copy_pack(tmp_path: Path, name: str = "steady-ground") -> Path:
    dest = tmp_path / "work" / name
    shutil.copytree(FIXTURE, dest)
    return dest


def set_version(root: Path, version: str) -> None:
    meta = root / "pack.toml"
    meta.write_text(re.sub(r'^version = ".*"$', f'version = "{version}"',
                           meta.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")


def pack_entries(root: Path = FIXTURE) -> list[tuple[str, bytes]]:
    return [(p.relative_to(root).as_posix(), p.read_bytes())
            for p in sorted(root.rglob("*")) if p.is_file()]


def make_zip(out: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return out


def patch_declared_size(zip_path: Path, entry: str, size: int) -> None:
    """Rewrite the size an entry's central-directory header declares (headers can lie)."""
    raw = bytearray(zip_path.read_bytes())
    at = raw.find(b"PK\x01\x02" + b"\x00" * 0, 0)
    while at != -1:
        name_len = struct.unpack_from("<H", raw, at + 28)[0]
        name = bytes(raw[at + 46:at + 46 + name_len]).decode()
        if name == entry:
            struct.pack_into("<I", raw, at + 24, size)
            zip_path.write_bytes(bytes(raw))
            return
        at = raw.find(b"PK\x01\x02", at + 4)
    raise AssertionError(f"{entry} not in {zip_path}")


def snapshot(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def refused_install(paths: Paths, source: Path) -> str:
    """Install must refuse; nothing may appear in packs_dir. Returns the message."""
    before = snapshot(paths.packs_dir)
    with pytest.raises(PainpathError) as caught:
        packs.install(paths, source)
    assert snapshot(paths.packs_dir) == before
    err = caught.value
    if isinstance(err, packs.PackInvalid):
        return " ".join(p.render() for p in err.loaded.errors)
    return err.message


# --- zip refusals -----------------------------------------------------------------

def test_zip_entry_escaping_the_pack_is_refused(paths: Paths, tmp_path: Path) -> None:
    bad = make_zip(tmp_path / "evil.zip", [*pack_entries(), ("../evil.toml", b"x")])
    message = refused_install(paths, bad)
    assert 'the entry "../evil.toml" would land outside the pack, so the whole pack is refused' \
        in message


def test_zip_entry_escaping_from_a_subfolder_is_refused(paths: Paths, tmp_path: Path) -> None:
    bad = make_zip(tmp_path / "evil.zip", [*pack_entries(), ("exercises/../../x.toml", b"x")])
    assert "would land outside the pack" in refused_install(paths, bad)


def test_zip_entry_with_an_absolute_path_is_refused(paths: Paths, tmp_path: Path) -> None:
    bad = make_zip(tmp_path / "abs.zip", [*pack_entries(), ("/etc/evil.toml", b"x")])
    assert 'the entry "/etc/evil.toml" has an absolute path, so the whole pack is refused' \
        in refused_install(paths, bad)


def test_zip_entry_that_is_a_link_is_refused(paths: Paths, tmp_path: Path) -> None:
    link = zipfile.ZipInfo("exercises/link.toml")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    bad = make_zip(tmp_path / "link.zip", [*pack_entries(), (link, b"/etc/passwd")])
    assert 'the entry "exercises/link.toml" is a link; packs may not contain links' \
        in refused_install(paths, bad)


def test_zip_entry_that_is_a_device_or_pipe_is_refused(paths: Paths, tmp_path: Path) -> None:
    fifo = zipfile.ZipInfo("exercises/pipe")
    fifo.create_system = 3
    fifo.external_attr = (stat.S_IFIFO | 0o644) << 16
    bad = make_zip(tmp_path / "fifo.zip", [*pack_entries(), (fifo, b"")])
    assert "is not an ordinary file" in refused_install(paths, bad)


def test_zip_with_too_many_files_is_refused(paths: Paths, tmp_path: Path) -> None:
    extra = [(f"audio/{n}.txt", b"") for n in range(501 - len(pack_entries()))]
    bad = make_zip(tmp_path / "many.zip", [*pack_entries(), *extra])
    assert "this .zip holds 501 files; a pack may hold at most 500" \
        in refused_install(paths, bad)


def test_zip_whose_header_says_over_200_mib_is_refused(paths: Paths, tmp_path: Path) -> None:
    bad = make_zip(tmp_path / "huge.zip", [*pack_entries(), ("audio/notes.txt", b"small")])
    patch_declared_size(bad, "audio/notes.txt", 201 * 2**20)
    assert "this .zip unpacks to 201 MiB; a pack may be at most 200 MiB" \
        in refused_install(paths, bad)


def test_zip_whose_header_understates_a_size_is_refused(paths: Paths, tmp_path: Path) -> None:
    # The header claims 4 bytes, the entry holds 10,000: the copy must not trust it.
    bad = make_zip(tmp_path / "liar.zip", [*pack_entries(), ("audio/notes.txt", b"x" * 10_000)])
    patch_declared_size(bad, "audio/notes.txt", 4)
    message = refused_install(paths, bad)
    assert '"audio/notes.txt"' in message
    assert "nothing was installed" in message


def test_extraction_stops_at_the_write_limit(paths: Paths, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    good = make_zip(tmp_path / "big.zip", [*pack_entries(), ("audio/a.txt", b"a" * 5000)])
    monkeypatch.setattr(packs, "WRITE_LIMIT", 3000)
    message = refused_install(paths, good)
    assert "more than the 200 MiB a pack may hold" in message
    assert not [p for p in paths.packs_dir.iterdir() if p.name.startswith(".")]


def test_a_file_that_is_not_a_zip_is_refused(paths: Paths, tmp_path: Path) -> None:
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"this is not a zip")
    assert "this is not a readable .zip file" in refused_install(paths, bad)


def test_other_files_are_not_packs(paths: Paths, tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    with pytest.raises(UsageError, match=r"notes\.txt is not a pack"):
        packs.install(paths, other)


def test_a_missing_path_is_not_found(paths: Paths, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="There is no file or folder"):
        packs.install(paths, tmp_path / "nowhere.zip")


# --- content refusals (the loader's rules, nothing installed) ----------------------

def test_folder_with_too_many_files_is_refused(paths: Paths, tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    (root / "audio").mkdir()
    for n in range(501 - len(pack_entries())):
        (root / "audio" / f"{n}.txt").write_bytes(b"")
    assert "this pack holds 501 files; a pack may hold at most 500" \
        in refused_install(paths, root)


def test_folder_over_the_size_limit_is_refused(paths: Paths, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_pack(tmp_path)
    (root / "audio.txt").write_bytes(b"a" * 2000)
    monkeypatch.setattr(packload, "MAX_PACK_BYTES", 1000)
    assert "a pack may be at most 200 MiB" in refused_install(paths, root)


def test_duplicate_exercise_ids_are_refused(paths: Paths, tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    shutil.copy(root / "exercises" / "feet.toml", root / "exercises" / "feet-copy.toml")
    message = refused_install(paths, root)
    assert re.search(r'the id "feet" is already used by feet(-copy)?\.toml; each exercise in '
                     "a pack needs its own id", message)


def test_plan_naming_a_missing_exercise_is_refused(paths: Paths, tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    plan = root / "plan.toml"
    plan.write_text(plan.read_text().replace('exercise = "feet"', 'exercise = "fete"'))
    assert 'there is no exercise "fete" in this pack; did you mean "feet"?' \
        in refused_install(paths, root)


def test_plan_week_outside_its_length_is_refused(paths: Paths, tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    plan = root / "plan.toml"
    plan.write_text(plan.read_text().replace('weeks = "2"', 'weeks = "2-5"'))
    assert "week 4 is outside this plan, which is 3 weeks long" in refused_install(paths, root)


def test_scale_redefining_a_builtin_is_refused(paths: Paths, tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    meta = root / "pack.toml"
    meta.write_text(meta.read_text().replace('id = "sleep"', 'id = "pain"'))
    assert '"pain" is a built-in scale and cannot be redefined' in refused_install(paths, root)


def test_one_bad_file_installs_nothing_and_keeps_the_old_version(paths: Paths,
                                                                 tmp_path: Path) -> None:
    packs.install(paths, FIXTURE)
    before = {p: p.read_bytes() for p in (paths.packs_dir / PACK_ID).rglob("*") if p.is_file()}
    root = copy_pack(tmp_path)
    set_version(root, "2.0.0")
    (root / "exercises" / "broken.toml").write_text('format = 1\nid = "broken"\n')
    message = refused_install(paths, root)
    assert "broken.toml" in message and "`title` is missing" in message
    after = {p: p.read_bytes() for p in (paths.packs_dir / PACK_ID).rglob("*") if p.is_file()}
    assert after == before


def test_a_pack_called_painpath_is_refused(paths: Paths, tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    meta = root / "pack.toml"
    meta.write_text(meta.read_text().replace(f'id = "{PACK_ID}"', 'id = "painpath"'))
    assert 'calls itself "painpath", the name of the practices that come with painpath' \
        in refused_install(paths, root)


# --- installing --------------------------------------------------------------------

def test_install_a_folder(paths: Paths) -> None:
    result = packs.install(paths, FIXTURE)
    target = paths.packs_dir / PACK_ID
    assert result.action == "installed" and result.folder == target
    assert snapshot(target) == snapshot(FIXTURE)
    for folder in (paths.packs_dir, target, target / "exercises"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((target / "pack.toml").stat().st_mode) == 0o600
    lib = Library.load(paths)
    assert f"{PACK_ID}/settle" in lib.exercises
    assert lib.packs[PACK_ID].version == "1.0.0"


def test_install_a_zip_with_a_top_folder(paths: Paths, tmp_path: Path) -> None:
    entries = [(f"steady-ground/{name}", data) for name, data in pack_entries()]
    archive = make_zip(tmp_path / "steady.zip", entries)
    result = packs.install(paths, archive)
    assert result.pack.id == PACK_ID
    assert (paths.packs_dir / PACK_ID / "exercises" / "feet.toml").read_bytes() == \
        (FIXTURE / "exercises" / "feet.toml").read_bytes()
    assert not [p for p in paths.packs_dir.iterdir() if p.name.startswith(".")]


def test_a_newer_version_replaces_the_older(paths: Paths, tmp_path: Path) -> None:
    packs.install(paths, FIXTURE)
    root = copy_pack(tmp_path)
    set_version(root, "1.1.0")
    (root / "exercises" / "feet.toml").unlink()
    plan = root / "plan.toml"
    plan.write_text(plan.read_text().replace('exercise = "feet"', 'exercise = "settle"'))
    result = packs.install(paths, root)
    assert (result.action, result.previous) == ("updated", "1.0.0")
    assert not (paths.packs_dir / PACK_ID / "exercises" / "feet.toml").exists()
    lib = Library.load(paths)
    assert lib.packs[PACK_ID].version == "1.1.0"
    assert f"{PACK_ID}/feet" not in lib.exercises


def test_versions_compare_as_numbers(paths: Paths, tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    set_version(root, "1.9.0")
    packs.install(paths, root)
    set_version(root, "1.10.0")
    assert packs.install(paths, root).action == "updated"


def test_the_same_version_reinstalls(paths: Paths) -> None:
    packs.install(paths, FIXTURE)
    result = packs.install(paths, FIXTURE)
    assert result.action == "reinstalled"


def test_an_older_version_needs_force(paths: Paths, tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    set_version(root, "2.0.0")
    packs.install(paths, root)
    with pytest.raises(PainpathError) as caught:
        packs.install(paths, FIXTURE)
    assert caught.value.message == ('Version 2.0.0 of "steady-ground" is installed; this file '
                                    "holds the older version 1.0.0, so nothing was changed.")
    assert "--force" in (caught.value.hint or "")
    assert Library.load(paths).packs[PACK_ID].version == "2.0.0"
    result = packs.install(paths, FIXTURE, force=True)
    assert result.action == "downgraded"
    assert Library.load(paths).packs[PACK_ID].version == "1.0.0"


def test_a_pack_in_a_folder_of_another_name_is_replaced(paths: Paths) -> None:
    shutil.copytree(FIXTURE, paths.packs_dir / "copied-by-hand")
    packs.install(paths, FIXTURE)
    assert [p.name for p in paths.packs_dir.iterdir()] == [PACK_ID]


def test_leftovers_of_an_interrupted_install_are_ignored_then_cleaned(paths: Paths) -> None:
    leftover = paths.packs_dir / ".install-crashed"
    shutil.copytree(FIXTURE, leftover)
    assert PACK_ID not in Library.load(paths).packs
    packs.install(paths, FIXTURE)
    assert not leftover.exists()


def test_pack_scales_reach_exercises_and_the_library(paths: Paths) -> None:
    packs.install(paths, FIXTURE)
    lib = Library.load(paths)
    scales = lib.scales()
    assert scales["sleep"].question == "How well did you sleep last night?"
    assert set(BUILTIN_SCALES) <= set(scales)
    settle = lib.exercises[f"{PACK_ID}/settle"]
    assert settle.ratings_before == ("sleep", "distress")
    assert settle.scale("sleep").high == "very well"
    assert settle.scale("pain") is BUILTIN_SCALES["pain"]
    assert lib.packs[PACK_ID].crisis == "Riverside crisis line: 0123 456 789"


# --- remove -------------------------------------------------------------------------

def test_remove_deletes_the_folder(paths: Paths) -> None:
    packs.install(paths, FIXTURE)
    result = packs.remove(paths, PACK_ID)
    assert result.removed.pack.id == PACK_ID and result.stopped_plan is None
    assert snapshot(paths.packs_dir) == []


def test_remove_unknown_says_did_you_mean(paths: Paths) -> None:
    packs.install(paths, FIXTURE)
    with pytest.raises(NotFoundError) as caught:
        packs.remove(paths, "steady-groud")
    assert caught.value.message == 'No pack called "steady-groud" is installed.'
    assert 'Did you mean "steady-ground"?' in (caught.value.hint or "")


def test_remove_the_bundled_pack_is_refused(paths: Paths) -> None:
    with pytest.raises(UsageError, match="cannot be removed"):
        packs.remove(paths, "painpath")


def test_remove_the_pack_of_the_active_plan_stops_the_plan(paths: Paths) -> None:
    from datetime import date

    packs.install(paths, FIXTURE)
    plans.start(paths, Library.load(paths), PACK_ID, date(2026, 11, 23))
    result = packs.remove(paths, PACK_ID)
    assert result.stopped_plan is not None and result.stopped_plan.plan == "three-weeks"
    assert plans.read_active(paths) is None


def test_a_broken_installed_folder_can_be_removed_by_name(paths: Paths) -> None:
    broken = paths.packs_dir / "half"
    broken.mkdir(parents=True)
    (broken / "pack.toml").write_text("not toml [")
    packs.remove(paths, "half")
    assert not broken.exists()


# --- new and build ------------------------------------------------------------------

def test_pack_new_validates_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "My Practice Pack"
    written = packs.scaffold(folder)
    assert sorted(p.relative_to(folder).as_posix() for p in written) == \
        ["exercises/arriving.toml", "pack.toml", "plan.toml"]
    loaded = load_path(folder)
    assert loaded.problems == []
    pack = loaded.packs[0]
    assert pack.id == "my-practice-pack"
    assert len(pack.exercises) == 1 and len(pack.plans) == 1
    assert "# crisis = " in (folder / "pack.toml").read_text()


def test_pack_new_commented_examples_are_valid_when_uncommented(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    packs.scaffold(folder)
    meta = folder / "pack.toml"
    text = meta.read_text()
    for key in ("crisis", "[[scales]]", "id = \"sleep\"", "question", "min", "max", "low",
                "high"):
        text = re.sub(rf"^# ({re.escape(key)})", r"\1", text, flags=re.M)
    meta.write_text(text)
    loaded = load_path(folder)
    assert loaded.problems == []
    assert loaded.packs[0].crisis.startswith("Between sessions")
    assert [s.id for s in loaded.packs[0].scales] == ["sleep"]


def test_pack_new_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    with pytest.raises(UsageError, match="already has files in it"):
        packs.scaffold(folder)
    assert (folder / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]


def test_pack_new_accepts_an_empty_folder(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    packs.scaffold(folder)
    assert (folder / "pack.toml").is_file()


def test_build_is_deterministic_and_round_trips(paths: Paths, tmp_path: Path) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    pack, _, count = packs.build(FIXTURE, first)
    packs.build(FIXTURE, second)
    assert (pack.id, count) == (PACK_ID, 4)
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        names = zf.namelist()
        assert names == sorted(names)
        assert "pack.toml" in names  # files at the root of the zip
        assert {i.date_time for i in zf.infolist()} == {packs.ZIP_TIME}
    packs.install(paths, first)
    assert snapshot(paths.packs_dir / PACK_ID) == snapshot(FIXTURE)
    for name, data in pack_entries():
        assert (paths.packs_dir / PACK_ID / name).read_bytes() == data


def test_build_refuses_a_pack_with_errors(tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    (root / "exercises" / "broken.toml").write_text('format = 1\nid = "broken"\n')
    out = tmp_path / "out.zip"
    with pytest.raises(packs.PackInvalid) as caught:
        packs.build(root, out)
    assert "no .zip was written" in caught.value.message
    assert not out.exists()
    assert not list(tmp_path.glob(".painpath-*"))


def test_build_refuses_output_inside_the_pack(tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    with pytest.raises(UsageError, match="outside the pack folder"):
        packs.build(root, root / "pack.zip")


def test_build_wants_a_zip_name(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"should end in \.zip"):
        packs.build(FIXTURE, tmp_path / "pack.tar")


def test_build_leaves_out_hidden_files(tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    (root / ".DS_Store").write_bytes(b"junk")
    out = tmp_path / "p.zip"
    packs.build(root, out)
    with zipfile.ZipFile(out) as zf:
        assert ".DS_Store" not in zf.namelist()


# --- the CLI -------------------------------------------------------------------------

def test_cli_install_list_remove(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, out, _ = cli(capsys, data, "pack", "install", str(FIXTURE))
    assert code == 0
    assert 'Installed "Steady Ground: practices for pain and stress" (steady-ground, ' \
        "version 1.0.0): 2 practices." in out
    assert "`painpath plan start steady-ground` starts following it." in out

    code, out, _ = cli(capsys, data, "pack", "list", "--json")
    assert code == 0
    listed = {p["id"]: p for p in json.loads(out)}
    assert listed[PACK_ID] == {
        "id": PACK_ID, "title": "Steady Ground: practices for pain and stress",
        "version": "1.0.0", "author": "A. Therapist", "contact": "Riverside Practice",
        "exercises": 2, "plans": ["three-weeks"], "bundled": False,
        "folder": str(data / "packs" / PACK_ID)}
    assert listed["painpath"]["bundled"] is True

    # In words, a line a pack, so the ids people type are never split (a table's
    # narrow columns printed "steady-grou" / "nd" at 80 columns and when piped).
    code, out, _ = cli(capsys, data, "pack", "list")
    assert code == 0
    assert "- steady-ground: Steady Ground: practices for pain and stress (version 1.0.0, " \
        "by A. Therapist). 2 practices; plan: three-weeks." in " ".join(out.split())
    assert all("steady-ground" in line for line in out.splitlines() if "steady-" in line)

    code, out, _ = cli(capsys, data, "pack", "list")
    assert code == 0 and "steady-ground" in out and "A. Therapist" in out

    code, out, _ = cli(capsys, data, "pack", "remove", PACK_ID)
    assert code == 0
    assert flat(out) == ('Removed the pack "Steady Ground: practices for pain and stress" '
                         "(steady-ground, version 1.0.0). Your log keeps every session you "
                         "practised with it.")
    assert not (data / "packs" / PACK_ID).exists()


def test_cli_install_update_message(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    cli(capsys, data, "pack", "install", str(FIXTURE))
    root = copy_pack(tmp_path)
    set_version(root, "1.2.0")
    code, out, _ = cli(capsys, data, "pack", "install", str(root))
    assert code == 0
    assert "from version 1.0.0 to 1.2.0" in out
    assert "Your log still shows every session you practised with the earlier version." in out


def test_cli_install_older_needs_force(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    data = tmp_path / "data"
    root = copy_pack(tmp_path)
    set_version(root, "3.0.0")
    cli(capsys, data, "pack", "install", str(root))
    code, _, err = cli(capsys, data, "pack", "install", str(FIXTURE))
    assert code == 1 and "older version 1.0.0" in flat(err) and "--force" in flat(err)
    code, out, _ = cli(capsys, data, "pack", "install", str(FIXTURE), "--force")
    assert code == 0 and "Went back from version 3.0.0 to 1.0.0" in out


def test_cli_install_bad_pack_prints_problems_like_validate(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    root = copy_pack(tmp_path)
    plan = root / "plan.toml"
    plan.write_text(plan.read_text().replace('exercise = "feet"', 'exercise = "nope"'))
    code, out, err = cli(capsys, data, "pack", "install", str(root))
    assert code == 1
    assert re.search(r'error\s+\S*plan\.toml:\d+: assign\[2\]\.exercise: there is no exercise '
                     r'"nope" in this pack', out)
    assert "1 error" in out
    assert "has problems, so nothing was installed" in flat(err)
    assert not (data / "packs").exists() or snapshot(data / "packs") == []


def test_cli_install_evil_zip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = make_zip(tmp_path / "evil.zip", [*pack_entries(), ("../evil.toml", b"x")])
    code, _, err = cli(capsys, tmp_path / "data", "pack", "install", str(bad))
    assert code == 1
    assert 'evil.zip: the entry "../evil.toml" would land outside the pack, so the whole ' \
        "pack is refused" in flat(err)


def test_cli_remove_unknown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    cli(capsys, data, "pack", "install", str(FIXTURE))
    code, _, err = cli(capsys, data, "pack", "remove", "steady")
    assert code == 3
    assert 'No pack called "steady" is installed.' in flat(err)
    assert 'Did you mean "steady-ground"?' in flat(err)


def test_cli_remove_active_plan_pack_warns(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    data = tmp_path / "data"
    cli(capsys, data, "pack", "install", str(FIXTURE))
    assert cli(capsys, data, "plan", "start", PACK_ID)[0] == 0
    code, _, err = cli(capsys, data, "pack", "remove", PACK_ID)
    assert code == 0
    assert 'You were following the plan "three-weeks" from this pack, so it has been ' \
        "stopped." in flat(err)
    assert not (data / "plan.json").exists()


def test_cli_new_then_build_then_install(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    data, folder, archive = tmp_path / "data", tmp_path / "river", tmp_path / "river.zip"
    code, out, _ = cli(capsys, data, "pack", "new", str(folder))
    assert code == 0 and "Wrote a new pack in" in out and "painpath validate" in out
    assert main(["validate", str(folder)]) == 0
    capsys.readouterr()
    code, out, _ = cli(capsys, data, "pack", "build", str(folder), "-o", str(archive))
    assert code == 0 and f"painpath pack install {archive.name}" in flat(out)
    code, out, _ = cli(capsys, data, "pack", "install", str(archive))
    assert code == 0 and "(river, version 1.0.0)" in out
    code, out, _ = cli(capsys, data, "list", "--json")
    assert "river/arriving" in [e["id"] for e in json.loads(out)]


def test_cli_new_refuses_non_empty(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "a").write_text("a")
    code, _, err = cli(capsys, tmp_path / "data", "pack", "new", str(folder))
    assert code == 2 and "already has files in it" in flat(err)


def test_cli_build_refuses_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    meta = root / "pack.toml"
    meta.write_text(meta.read_text().replace('version = "1.0.0"', 'version = "one"'))
    out_zip = tmp_path / "out.zip"
    code, out, err = cli(capsys, tmp_path / "data", "pack", "build", str(root), "-o",
                         str(out_zip))
    assert code == 1
    assert 'expected a version like "1.2.0"' in out
    assert "no .zip was written" in flat(err)
    assert not out_zip.exists()


def test_cli_pack_without_action_shows_the_actions(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    code, out, _ = cli(capsys, tmp_path / "data", "pack")
    assert code == 0 and "install PATH" in out and "build DIR -o FILE.zip" in out


def test_untrusted_titles_are_printed_as_text(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    root = copy_pack(tmp_path)
    meta = root / "pack.toml"
    meta.write_text(meta.read_text().replace(
        'title = "Steady Ground: practices for pain and stress"',
        'title = "[bold red]Loud[/] \\u001b[31mred"'))
    code, out, _ = cli(capsys, tmp_path / "data", "pack", "install", str(root))
    assert code == 0
    assert '"[bold red]Loud[/] [31mred"' in out
    assert "\x1b" not in out


def test_installed_pack_files_are_not_group_readable(paths: Paths) -> None:
    packs.install(paths, FIXTURE)
    for path in (paths.packs_dir / PACK_ID).rglob("*"):
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o077 == 0, (path, oct(mode))
    assert os.access(paths.packs_dir / PACK_ID / "pack.toml", os.R_OK)


def test_invalid_file_error_is_the_refusal_type(paths: Paths, tmp_path: Path) -> None:
    bad = make_zip(tmp_path / "evil.zip", [*pack_entries(), ("../evil.toml", b"x")])
    with pytest.raises(InvalidFileError):
        packs.install(paths, bad)


def test_the_example_pack_in_the_therapists_guide_validates(tmp_path: Path) -> None:
    guide = Path(__file__).parents[1] / "docs" / "therapists.md"
    blocks = re.findall(r"```toml\n# (steady-ground/\S+)\n(.*?)```", guide.read_text(), re.S)
    assert sorted(name for name, _ in blocks) == [
        "steady-ground/exercises/feet.toml", "steady-ground/exercises/settle.toml",
        "steady-ground/pack.toml", "steady-ground/plan.toml"]
    for name, text in blocks:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    loaded = load_path(tmp_path / "steady-ground")
    assert loaded.problems == []
    assert [p.id for p in loaded.packs[0].plans] == ["three-weeks"]
