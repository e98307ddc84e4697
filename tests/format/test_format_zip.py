"""Zip packs: good ones load; unsafe ones are refused whole, with the reason in words."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from painpath.format import sources
from painpath.format.loader import load_path, load_zip

PACK = 'format = 1\nid = "steady"\ntitle = "Steady Ground"\nversion = "1.0.0"\n'
EXERCISE = ('format = 1\nid = "calm"\ntitle = "Calm"\nkind = "other"\n\n'
            '[[steps]]\ntext = "Arrive."\nduration = "1m"\n')


def make_zip(path: Path, entries: dict[str, str], *, link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in entries.items():
            zf.writestr(name, text)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = 0o120777 << 16  # a symbolic link, as `zip -y` stores it
            zf.writestr(info, "../../etc/passwd")
    return path


def test_good_zip_loads(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "steady.zip", {"pack.toml": PACK, "exercises/calm.toml": EXERCISE})
    loaded = load_path(path)
    assert loaded.problems == []
    assert [e.qualified_id for e in loaded.exercises] == ["steady/calm"]
    assert loaded.packs[0].source == str(path)


def test_zip_with_one_top_folder_loads(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "steady.zip", {"steady-ground/pack.toml": PACK,
                                              "steady-ground/exercises/calm.toml": EXERCISE})
    loaded = load_zip(path)
    assert loaded.problems == []
    assert [e.qualified_id for e in loaded.exercises] == ["steady/calm"]


def test_problems_inside_a_zip_name_the_zip_and_the_entry(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "steady.zip", {
        "pack.toml": PACK, "exercises/calm.toml": EXERCISE.replace('"1m"', '"ten"')})
    (problem,) = load_zip(path).problems
    assert problem.file == "steady.zip:exercises/calm.toml"
    assert (problem.key, problem.line) == ("steps[1].duration", 8)


@pytest.mark.parametrize("entries, link, message", [
    ({"pack.toml": PACK, "../evil.toml": EXERCISE}, None,
     'the entry "../evil.toml" would land outside the pack, so the whole pack is refused'),
    ({"pack.toml": PACK, "exercises/../../evil.toml": EXERCISE}, None,
     'the entry "exercises/../../evil.toml" would land outside the pack, so the '
     "whole pack is refused"),
    ({"pack.toml": PACK, "/abs.toml": EXERCISE}, None,
     'the entry "/abs.toml" has an absolute path, so the whole pack is refused'),
    ({"pack.toml": PACK, "\\abs.toml": EXERCISE}, None,
     'the entry "\\abs.toml" has an absolute path, so the whole pack is refused'),
    ({"pack.toml": PACK, "C:/Users/evil.toml": EXERCISE}, None,
     'the entry "C:/Users/evil.toml" has an absolute path, so the whole pack is refused'),
    ({"pack.toml": PACK, "exercises\\..\\..\\evil.toml": EXERCISE}, None,
     'the entry "exercises\\..\\..\\evil.toml" would land outside the pack, so the '
     "whole pack is refused"),
    ({"pack.toml": PACK}, "exercises/link.toml",
     'the entry "exercises/link.toml" is a link; packs may not contain links'),
    ({"pack.toml": PACK, **{f"audio/{n}.ogg": "" for n in range(500)}}, None,
     "this .zip holds 501 files; a pack may hold at most 500"),
], ids=["parent", "nested-parent", "absolute", "backslash-absolute", "drive-letter",
        "backslash-parent", "symlink", "501-entries"])
def test_unsafe_zips_are_refused_whole(tmp_path: Path, entries: dict[str, str],
                                       link: str | None, message: str) -> None:
    path = make_zip(tmp_path / "bad.zip", entries, link=link)
    loaded = load_path(path)
    assert [(p.file, p.message, p.severity) for p in loaded.problems] == [
        (str(path), message, "error")]
    assert loaded.packs == [] and loaded.exercises == []


def test_zip_over_the_size_limit_is_refused_from_its_headers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = make_zip(tmp_path / "big.zip", {"pack.toml": PACK, "exercises/calm.toml": EXERCISE,
                                           "audio/long.ogg": "x" * 4096})
    monkeypatch.setattr(sources, "MAX_PACK_BYTES", 2048)
    loaded = load_path(path)
    assert [p.message for p in loaded.problems] == [
        "this .zip unpacks to 0 MiB; a pack may be at most 200 MiB"]
    assert loaded.exercises == []


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "steady.zip"
    path.write_text("this is a letter, not a zip")
    loaded = load_path(path)
    assert [p.message for p in loaded.problems] == [
        "this is not a readable .zip file (File is not a zip file)"]


def test_zip_without_pack_toml(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "loose.zip", {"calm.toml": EXERCISE})
    (problem,) = load_path(path).problems
    assert problem.message == ("this .zip has no pack.toml at its top (or inside one top "
                               "folder), so it is not a pack")


def test_zip_entry_named_dot_does_not_crash_the_loader(tmp_path: Path) -> None:
    # Found by the property tests: "." has no path parts at all.
    path = make_zip(tmp_path / "odd.zip", {"pack.toml": PACK, ".": "",
                                           "exercises/calm.toml": EXERCISE})
    loaded = load_path(path)
    assert loaded.problems == []
    assert [e.id for e in loaded.exercises] == ["calm"]


def test_zip_made_by_a_mac_loads(tmp_path: Path) -> None:
    # Finder's "Compress" adds __MACOSX/ resource copies and .DS_Store files.
    path = make_zip(tmp_path / "steady.zip", {
        "steady/pack.toml": PACK, "steady/exercises/calm.toml": EXERCISE,
        "steady/.DS_Store": "\x00\x01", "__MACOSX/steady/._pack.toml": "\x00\x05",
        "__MACOSX/steady/exercises/._calm.toml": "\x00\x05"})
    loaded = load_path(path)
    assert loaded.problems == []
    assert [e.qualified_id for e in loaded.exercises] == ["steady/calm"]


def test_zip_made_with_windows_separators_loads(tmp_path: Path) -> None:
    # Some Windows tools (PowerShell 5's Compress-Archive) write "exercises\calm.toml".
    path = make_zip(tmp_path / "steady.zip", {
        "steady\\pack.toml": PACK, "steady\\exercises\\calm.toml": EXERCISE})
    loaded = load_path(path)
    assert loaded.problems == []
    assert [e.qualified_id for e in loaded.exercises] == ["steady/calm"]


def test_mac_copies_do_not_count_towards_the_file_limit(tmp_path: Path) -> None:
    audio = {f"steady/audio/{n}.ogg": "" for n in range(260)}
    mac = {f"__MACOSX/steady/audio/._{n}.ogg": "" for n in range(260)}
    path = make_zip(tmp_path / "steady.zip", {
        "steady/pack.toml": PACK, "steady/exercises/calm.toml": EXERCISE, **audio, **mac})
    loaded = load_path(path)
    assert loaded.problems == []
    assert [e.qualified_id for e in loaded.exercises] == ["steady/calm"]


def test_a_zip_of_very_many_ignored_entries_is_still_refused(tmp_path: Path) -> None:
    mac = {f"__MACOSX/._{n}": "" for n in range(sources.MAX_ZIP_ENTRIES)}
    path = make_zip(tmp_path / "flood.zip", {"pack.toml": PACK, **mac})
    (problem,) = load_path(path).problems
    assert problem.message == (f"this .zip holds {sources.MAX_ZIP_ENTRIES + 1:,} files; "
                               "a pack may hold at most 500")


def test_hidden_entries_are_still_checked_for_safety(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "bad.zip", {"pack.toml": PACK, "../.hidden.toml": EXERCISE})
    (problem,) = load_path(path).problems
    assert "would land outside the pack" in problem.message
