"""`check-in`, `log`, `stats`, `export`, `import` and `forget` from the command line."""

from __future__ import annotations

import csv
import io
import json
import stat
import sys
import types
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from painpath.cli import main
from painpath.commands import exchange as exchange_cmd
from painpath.commands import log as log_cmd
from painpath.paths import Paths, resolve
from painpath.store import Entry, Store
from painpath.store.times import local_midnight

ENTRY_KEYS = {"id", "type", "exercise", "started", "ended", "status", "planned_s",
              "practiced_s", "ratings", "entries", "note", "furthest_step", "peg",
              "content_hash", "pack_version", "updated"}


@pytest.fixture
def run(paths: Paths, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
        ) -> Callable[..., tuple[int, str, str]]:
    monkeypatch.setenv("COLUMNS", "200")  # wide enough that rich wraps no line

    def go(*argv: str, data: Paths | None = None) -> tuple[int, str, str]:
        code = main(["--data-dir", str((data or paths).data_dir), *argv])
        out, err = capsys.readouterr()
        return code, out, err

    return go


def _local(day: int, hour: int = 12) -> datetime:
    return local_midnight(datetime(2026, 11, day).date()) + timedelta(hours=hour)


@pytest.fixture
def filled(paths: Paths, session_entry: Callable[..., Entry],
           check_in_entry: Callable[..., Entry]) -> list[Entry]:
    entries = [
        session_entry(started=_local(10), before={"pain": 6, "tension": 5},
                      after={"pain": 4, "tension": 3}, note="[bold]not markup[/bold]"),
        check_in_entry(started=_local(12), pain=5, tension=4),
        check_in_entry(started=_local(14, 23), peg=True, pain=6, enjoyment=5, activity=4),
        session_entry(exercise="painpath/box-breathing", started=_local(15), before={"pain": 5},
                      after={"pain": 4}, status="stopped"),
    ]
    with Store.for_paths(paths) as store:
        for e in entries:
            store.save_entry(e)
    return entries


# --- check-in ------------------------------------------------------------------------

def test_check_in_saves_and_says_so(run: Callable[..., Any], paths: Paths) -> None:
    code, out, _ = run("check-in", "--pain", "4", "--tension", "2", "--distress", "1",
                       "--scale", "activity=7", "--note", "slept badly")
    assert code == 0
    assert ("Saved your check-in: pain 4, tension 2, distress 1, interference with general "
            "activity 7") in " ".join(out.split())
    with Store.for_paths(paths) as store:
        [e] = store.entries()
    assert e.type == "check-in" and e.note == "slept badly" and not e.peg
    assert [(r.scale, r.value, r.phase) for r in e.ratings] == [
        ("pain", 4, "check-in"), ("tension", 2, "check-in"), ("distress", 1, "check-in"),
        ("activity", 7, "check-in")]


def test_a_peg_check_in_is_marked_and_scored(run: Callable[..., Any], paths: Paths) -> None:
    code, out, _ = run("check-in", "--pain", "6", "--scale", "enjoyment=5",
                       "--scale", "activity=4")
    assert code == 0 and "PEG score 5.0" in out
    with Store.for_paths(paths) as store:
        last = store.last_peg()
    assert last is not None and last.peg_score == 5.0
    # The PEG's items are interference: "enjoyment 5" would read as a good week.
    said = " ".join(out.split())
    assert ("Saved your check-in: pain 6, interference with enjoyment of life 5, "
            "interference with general activity 4.") in said
    assert "(the mean of pain, interference with enjoyment of life and interference " \
        "with general activity)" in said
    code, out, _ = run("log")
    assert "interference with enjoyment of life 5" in " ".join(out.split())


def test_a_note_alone_is_a_check_in(run: Callable[..., Any]) -> None:
    code, out, _ = run("check-in", "--note", "a good walk")
    assert code == 0 and "Saved your check-in: your note." in out


@pytest.mark.parametrize(("argv", "message"), [
    (["--pain", "12"], "pain is rated from 0 to 10; 12 is outside that."),
    (["--tension", "-1"], "tension is rated from 0 to 10; -1 is outside that."),
    (["--scale", "myscale=3"], "painpath does not know a scale called “myscale”, so nothing "
     "was saved.\nThe scales you can use: activity, distress, enjoyment, pain, tension."),
    (["--pain", "six"], "--pain needs a whole number, written in digits, like --pain 6; "
     "“six” is not one."),
    (["--pain"], "--pain needs a value after it."),
    (["--scale", "enjoyment=11"], "enjoyment is rated from 0 to 10; 11 is outside that."),
    ([], "A check-in needs at least one rating or a note."),
    (["--note", "   "], "A check-in needs at least one rating or a note."),
    (["--scale", "sleep"], "`--scale sleep` should look like ID=N."),
    (["--scale", "sleep=lots"], "`lots` is not a whole number"),
    (["--scale", "Sleep!=3"], "is not a scale id"),
    (["--pain", "3", "--scale", "pain=4"], "pain was given twice"),
])
def test_check_in_refuses_with_plain_words(run: Callable[..., Any], paths: Paths,
                                           argv: list[str], message: str) -> None:
    code, _, err = run("check-in", *argv)
    assert code == 2
    assert message in err
    assert not paths.database.exists()


def test_pack_scales_set_their_own_range(run: Callable[..., Any], paths: Paths,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from painpath.format.models import BUILTIN_SCALES, Scale

    library = types.SimpleNamespace(
        scales=lambda: {**BUILTIN_SCALES, "sleep": Scale("sleep", "Sleep?", 1, 5)})
    monkeypatch.setattr(log_cmd, "_library_or_none", lambda ctx: library)
    code, _, err = run("check-in", "--scale", "sleep=7")
    assert code == 2 and "sleep is rated from 1 to 5; 7 is outside that." in err
    assert run("check-in", "--scale", "sleep=5")[0] == 0


# --- log -----------------------------------------------------------------------------

def test_log_on_a_new_install_creates_nothing(run: Callable[..., Any], paths: Paths) -> None:
    code, out, _ = run("log")
    assert code == 0 and "Nothing in your log" in out
    assert run("log", "--json")[1] == "[]\n"
    assert not paths.data_dir.exists()


def test_log_table_shows_text_as_text_newest_first(run: Callable[..., Any],
                                                   filled: list[Entry]) -> None:
    code, out, _ = run("log")
    assert code == 0
    flat = out.replace("\n", " ")
    assert "[bold]not" in flat and "markup[/bold]" in flat
    assert "pain 6, then 4" in flat.lower() and "PEG check-in" in flat and "topped" in flat
    # Installed exercises by their titles, newest first.
    assert out.index("Box breathing") < out.index("PEG check-in") < out.index("Body scan")
    assert "painpath/" not in out


def test_log_and_stats_name_an_exercise_not_installed_by_its_id(
        run: Callable[..., Any], paths: Paths, session_entry: Callable[..., Entry]) -> None:
    with Store.for_paths(paths) as store:
        store.save_entry(session_entry(exercise="kept-pack/gone", started=_local(10),
                                       before={"pain": 5}, after={"pain": 3}))
    assert "kept-pack/gone" in run("log")[1].replace("\n", "")
    code, out, _ = run("stats")
    assert code == 0 and "kept-pack/gone" in out.replace("\n", "")


def test_stats_names_installed_exercises_by_title(run: Callable[..., Any],
                                                  filled: list[Entry]) -> None:
    code, out, _ = run("stats")
    flat = " ".join(out.split())
    assert code == 0 and "Box breathing" in flat and "painpath/box-breathing" not in flat


def test_log_json_shape(run: Callable[..., Any], filled: list[Entry]) -> None:
    code, out, _ = run("log", "--json")
    assert code == 0
    data = json.loads(out)
    assert [d["id"] for d in data] == [e.id for e in reversed(filled)]
    for d in data:
        assert set(d) == ENTRY_KEYS
        for r in d["ratings"]:
            assert {"scale", "value", "phase", "region"} <= set(r)
            assert r["phase"] in ("before", "during", "after", "check-in")
    check_in = data[2]
    assert check_in["type"] == "check-in" and check_in["exercise"] is None
    assert check_in["ratings"][0]["region"] is None
    scan = data[3]
    assert scan["type"] == "session" and scan["exercise"] == "painpath/body-scan"
    assert scan["started"] == filled[0].started.isoformat()
    assert datetime.fromisoformat(scan["started"]).utcoffset() is not None


def test_date_filters_are_local_days_with_until_inclusive(run: Callable[..., Any],
                                                          filled: list[Entry]) -> None:
    def ids(*argv: str) -> list[str]:
        return [d["id"] for d in json.loads(run("log", "--json", *argv)[1])]

    assert ids("--since", "2026-11-12", "--until", "2026-11-14") == [filled[2].id, filled[1].id]
    assert ids("--until", "2026-11-10") == [filled[0].id]
    assert ids("--since", "2026-11-15") == [filled[3].id]
    assert ids("--since", "2026-12-01") == []
    code, out, _ = run("log", "--since", "2026-12-01")
    assert code == 0 and "Nothing in your log for those dates" in out


@pytest.mark.parametrize(("argv", "message"), [
    (["--since", "2026-13-01"], "`2026-13-01` is not a date painpath understands"),
    (["--until", "23/11/2026"], "`23/11/2026` is not a date painpath understands"),
    (["--since", "2026-11-20", "--until", "2026-11-10"], "is after --until"),
])
def test_bad_dates(run: Callable[..., Any], argv: list[str], message: str) -> None:
    code, _, err = run("log", *argv)
    assert code == 2 and message in err


# --- stats ---------------------------------------------------------------------------

def test_stats_json_and_table(run: Callable[..., Any], filled: list[Entry]) -> None:
    code, out, _ = run("stats", "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["sessions"], data["completed"], data["check_ins"]) == (2, 1, 2)
    assert data["minutes"] == 20.0
    pain = next(c for c in data["changes"] if c["scale"] == "pain")
    assert pain["sessions"] == 2 and pain["change"]["mean"] == -1.5
    assert {e["exercise"] for e in data["exercises"]} == {"painpath/body-scan",
                                                          "painpath/box-breathing"}
    assert data["peg"][0]["score"] == 5.0
    assert data["check_in_weeks"] == [{"week": "2026-11-09", "scale": "pain", "check_ins": 1,
                                       "mean": 5.0},
                                      {"week": "2026-11-09", "scale": "tension",
                                       "check_ins": 1, "mean": 4.0}]
    code, out, _ = run("stats")
    assert code == 0
    # Not a terminal: a sentence a line (as `log`), no tables' box drawing.
    lines = out.splitlines()
    assert lines[0] == "2 sessions (1 completed), 20 min of practice, 2 check-ins."
    assert "Before and after, Pain: 2 sessions, 5.5 before, 4.0 after, change -1.5 " \
        "(sd 0.7, -2 to -1)." in lines
    assert "Check-ins, week of 2026-11-09: pain 5.0 (1 check-in), tension 4.0 (1 check-in)." \
        in lines
    assert any(line.startswith("PEG check-in 2026-11-14: score 5.0 (pain 6, ") for line in lines)
    assert not any(c in out for c in "│┃━")
    code, out, _ = run("stats", "--json", "--since", "2026-11-15")
    assert json.loads(out)["sessions"] == 1


# --- export / import -----------------------------------------------------------------

def test_export_json_to_a_private_file_and_import_it_elsewhere(
        run: Callable[..., Any], filled: list[Entry], tmp_path: Path) -> None:
    target = tmp_path / "my-log.json"
    code, out, _ = run("export", "--format", "json", "-o", str(target))
    assert code == 0 and "Wrote 4 entries" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert doc["format"] == 1 and datetime.fromisoformat(doc["exported"]).tzinfo is not None
    assert doc["entries"] == json.loads(run("log", "--json")[1])

    other = resolve(tmp_path / "other")
    code, out, _ = run("import", str(target), data=other)
    assert code == 0 and "Added 4 entries to your log; 0 were already there." in out
    assert run("log", "--json", data=other)[1] == run("log", "--json")[1]
    code, out, _ = run("import", str(target), data=other)
    assert "Added 0 entries to your log; 4 were already there." in out


def test_export_json_to_stdout_with_a_range(run: Callable[..., Any],
                                            filled: list[Entry]) -> None:
    code, out, _ = run("export", "--format", "json", "--since", "2026-11-14")
    assert code == 0
    assert [e["id"] for e in json.loads(out)["entries"]] == [filled[3].id, filled[2].id]


def test_export_csv(run: Callable[..., Any], filled: list[Entry], tmp_path: Path) -> None:
    code, out, _ = run("export", "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4 + 2 + 3 + 2
    assert {"entry_id", "type", "exercise", "started", "status", "scale", "phase", "region",
            "value"} <= set(rows[0])
    target = tmp_path / "log.csv"
    assert run("export", "--format", "csv", "-o", str(target))[0] == 0
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets then read it as UTF-8
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_export_csv_guards_against_formulas(run: Callable[..., Any]) -> None:
    assert run("check-in", "--pain", "3", "--note", "=cmd|' /C calc'!A0")[0] == 0
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv",
                                               "--with-notes")[1])))
    assert rows[0]["note"] == "'=cmd|' /C calc'!A0"


def test_export_csv_leaves_notes_out_unless_asked(run: Callable[..., Any],
                                                  tmp_path: Path) -> None:
    """Notes are private: a CSV handed to someone holds them only with --with-notes."""
    assert run("check-in", "--pain", "3", "--note", "a private thing")[0] == 0
    out = run("export", "--format", "csv")[1]
    assert "a private thing" not in out
    assert "note" not in next(csv.reader(io.StringIO(out)))
    target = tmp_path / "log.csv"
    code, said, _ = run("export", "--format", "csv", "-o", str(target))
    assert code == 0 and "a private thing" not in target.read_text(encoding="utf-8-sig")
    assert "Notes are left out; add --with-notes to include them." in " ".join(said.split())
    rows = list(csv.DictReader(io.StringIO(run("export", "--format", "csv",
                                               "--with-notes")[1])))
    assert rows[0]["note"] == "a private thing"


def test_the_json_export_is_complete_and_says_so(run: Callable[..., Any],
                                                 tmp_path: Path) -> None:
    assert run("check-in", "--pain", "3", "--note", "a private thing")[0] == 0
    target = tmp_path / "log.json"
    code, said, _ = run("export", "--format", "json", "-o", str(target))
    assert code == 0 and "a private thing" in target.read_text()
    assert ("It holds everything, your notes and written answers too: it is your complete "
            "backup, so keep it somewhere private.") in " ".join(said.split())


def test_report_formats_are_handed_to_the_reports_modules(
        run: Callable[..., Any], filled: list[Entry], monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    def render(entries: list[dict[str, Any]], *, since: Any, until: Any,
               with_notes: bool, titles: dict[str, str]) -> str:
        seen.update(entries=entries, since=since, until=until, with_notes=with_notes,
                    titles=titles)
        return "# report\n"

    fake = types.ModuleType("painpath.reports.markdown")
    fake.render = render  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "painpath.reports.markdown", fake)
    code, out, _ = run("export", "--format", "md", "--since", "2026-11-12", "--with-notes")
    assert code == 0 and out == "# report\n"
    assert [e["id"] for e in seen["entries"]] == [filled[3].id, filled[2].id, filled[1].id]
    assert str(seen["since"]) == "2026-11-12" and seen["until"] is None and seen["with_notes"]
    assert seen["titles"] == {"painpath/box-breathing": "Box breathing"}


def test_a_report_format_not_there_yet(run: Callable[..., Any],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(exchange_cmd._REPORTS, "fhir", "painpath.reports.not_written_yet")
    code, _, err = run("export", "--format", "fhir")
    assert code == 1 and "Export as fhir is not available yet" in err


def test_import_refuses_a_malformed_file_whole(run: Callable[..., Any], paths: Paths,
                                               filled: list[Entry], tmp_path: Path) -> None:
    doc = {"format": 1, "entries": [
        {"id": "7f1e1c9e-3c1f-4e51-9d7a-0d5c8f7b2a10", "type": "check-in",
         "started": "2026-11-23T21:34:18+01:00", "status": "completed",
         "ratings": [{"scale": "pain", "value": 3, "phase": "check-in"}]},
        {"type": "check-in", "started": "2026-11-23T21:34:18+01:00", "status": "completed"}]}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc))
    code, _, err = run("import", str(bad))
    assert code == 1
    assert "entry 2: `id` is missing" in err and "Nothing was added" in err
    with Store.for_paths(paths) as store:
        assert store.count() == 4
    code, _, err = run("import", str(tmp_path / "nope.json"))
    assert code == 3 and "There is no file" in err


# --- forget --------------------------------------------------------------------------

def _everything(paths: Paths) -> list[Path]:
    with Store.for_paths(paths) as store:
        store.add_check_in({"pain": 3})
    (paths.packs_dir / "steady-ground").mkdir(parents=True)
    (paths.packs_dir / "steady-ground" / "pack.toml").write_text("format = 1\n")
    paths.plan_file.write_text("{}")
    paths.settings_file.write_text("theme = 'calm'\n")
    Path(f"{paths.database}.corrupt-20260101-000000").write_bytes(b"old")
    return [paths.database, paths.packs_dir, paths.plan_file, paths.settings_file]


def test_forget_without_yes_and_no_terminal_refuses(run: Callable[..., Any],
                                                    paths: Paths) -> None:
    made = _everything(paths)
    code, _, err = run("forget", "--all")
    assert code == 2 and "Nothing was deleted" in err and "--yes" in err
    assert all(p.exists() for p in made)


def test_forget_yes_deletes_everything_painpath_made(run: Callable[..., Any],
                                                     paths: Paths) -> None:
    made = _everything(paths)
    code, out, _ = run("forget", "--all", "--yes")
    assert code == 0 and "has been deleted" in out
    assert not any(p.exists() for p in made)
    assert not paths.data_dir.exists()
    assert run("log", "--json")[1] == "[]\n"


def test_forget_in_painpaths_own_folders_removes_them_whole(
        run: Callable[..., Any], paths: Paths, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    _everything(paths)
    (paths.data_dir / "something-a-newer-painpath-made").write_text("x")
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda *a, **k: str(paths.data_dir))
    assert run("forget", "--all", "--yes")[0] == 0
    assert not paths.data_dir.exists()


def test_forget_keeps_files_painpath_did_not_make_in_a_chosen_folder(
        run: Callable[..., Any], paths: Paths) -> None:
    _everything(paths)
    mine = paths.data_dir / "my-notes.txt"
    mine.write_text("keep me")
    assert run("forget", "--all", "--yes")[0] == 0
    assert sorted(p.name for p in paths.data_dir.iterdir()) == ["my-notes.txt"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("typed", "code", "gone"), [("DELETE\n", 0, True),
                                                     ("delete\n", 1, False), ("", 1, False)])
def test_forget_asks_for_delete_typed_at_a_terminal(
        run: Callable[..., Any], paths: Paths, monkeypatch: pytest.MonkeyPatch,
        typed: str, code: int, gone: bool) -> None:
    made = _everything(paths)
    monkeypatch.setattr(sys, "stdin", _Terminal(typed))
    got, out, _ = run("forget", "--all")
    assert got == code
    assert "Type DELETE to delete everything" in out
    assert all(not p.exists() for p in made) is gone
    if not gone:
        assert "Nothing was deleted" in out and all(p.exists() for p in made)
    capitals = "it takes DELETE in capital letters" in " ".join(out.split())
    assert capitals is (typed == "delete\n")


def test_forget_with_nothing_there(run: Callable[..., Any]) -> None:
    code, out, _ = run("forget", "--all", "--yes")
    assert code == 0 and "nothing to delete" in out


def test_no_command_opens_a_network_connection(run: Callable[..., Any], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("painpath tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    target = tmp_path / "out.json"
    for argv in (["check-in", "--pain", "3"], ["log"], ["log", "--json"], ["stats"],
                 ["export", "--format", "json", "-o", str(target)],
                 ["export", "--format", "csv"], ["import", str(target)]):
        assert run(*argv)[0] == 0, argv
