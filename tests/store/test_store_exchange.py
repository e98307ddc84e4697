"""Exports import back exactly; bad files are refused whole; CSV is spreadsheet-safe."""

from __future__ import annotations

import csv
import io
import json
import stat
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painpath.errors import InvalidFileError
from painpath.store import Answer, Entry, Rating, Store, StoreReadOnlyError
from painpath.store.exchange import (
    CSV_COLUMNS,
    csv_safe,
    dumps,
    entry_to_dict,
    export_document,
    parse_export,
    parse_export_rows,
    read_export,
    read_export_rows,
    to_csv,
    write_private,
)
from painpath.store.import_bounds import bad_name

# --- the round trip, for any log ----------------------------------------------------

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
moments = st.builds(
    lambda base, minutes: base.replace(tzinfo=timezone(timedelta(minutes=minutes))),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1)).map(
        lambda d: d.replace(microsecond=0)),
    st.integers(min_value=-14 * 60, max_value=14 * 60))
scale_ids = st.sampled_from(["pain", "tension", "distress", "enjoyment", "activity", "sleep",
                             "my-scale-2"])
seconds = st.floats(min_value=0, max_value=6e5, allow_nan=False, allow_infinity=False)


def _ratings(phases: list[str]) -> st.SearchStrategy[tuple[Rating, ...]]:
    return st.lists(st.builds(
        Rating, scale=scale_ids, value=st.integers(0, 10), phase=st.sampled_from(phases),
        region=st.none() | st.sampled_from(["feet", "left-knee", "jaw"]),
        step=st.none() | st.integers(0, 499), at=st.none() | moments), max_size=6).map(tuple)


answers = st.lists(st.builds(Answer, step=st.integers(0, 499), text=texts,
                             at=st.none() | moments), max_size=3).map(tuple)
sessions = st.builds(
    Entry, type=st.just("session"), started=moments,
    status=st.sampled_from(["completed", "stopped", "interrupted"]),
    exercise=texts.map(lambda s: "pack/" + s[:40]).filter(lambda s: not bad_name(s)),
    ended=st.none() | moments, planned_s=st.none() | seconds, practiced_s=st.none() | seconds,
    furthest_step=st.none() | st.integers(0, 499), note=st.none() | texts,
    content_hash=st.none() | st.just("sha256:" + "ab" * 32),
    pack_version=st.none() | st.just("1.2.0"), updated=moments,
    ratings=_ratings(["before", "during", "after"]), answers=answers,
).map(lambda e: e if e.ended is None or e.ended >= e.started else e.evolve(ended=e.started))
check_ins = st.builds(
    Entry, type=st.just("check-in"), started=moments, status=st.just("completed"),
    note=st.none() | texts, peg=st.booleans(), updated=moments,
    ratings=_ratings(["check-in"]))
logs = st.lists(sessions | check_ins, max_size=8, unique_by=lambda e: e.id)


def _log(store: Store) -> list[dict[str, Any]]:
    return [entry_to_dict(e) for e in store.entries()]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs)
def test_any_log_exported_and_imported_comes_back_identical(entries: list[Entry]) -> None:
    with Store.open_memory() as mine, Store.open_memory() as theirs:
        for e in entries:
            mine.save_entry(e)
        original = _log(mine)
        # The store keeps every field exactly as given.
        key = {e.id: entry_to_dict(e) for e in entries}
        assert sorted(original, key=lambda d: d["id"]) == sorted(key.values(),
                                                                 key=lambda d: d["id"])
        text = dumps(export_document(mine.entries()))
        assert theirs.import_entries(parse_export(text)) == (len(entries), 0, 0)
        assert _log(theirs) == original
        assert theirs.import_entries(parse_export(text)) == (0, 0, len(entries))
        assert _log(theirs) == original


# --- importing files ------------------------------------------------------------------

def _export_file(tmp_path: Path, entries: list[Entry], name: str = "export.json") -> Path:
    path = tmp_path / name
    path.write_text(dumps(export_document(entries)), encoding="utf-8")
    return path


def test_importing_the_same_file_twice_adds_nothing(
        tmp_path: Path, store: Store, session_entry: Callable[..., Entry],
        check_in_entry: Callable[..., Entry]) -> None:
    entries = [session_entry(before={"pain": 6}, after={"pain": 4}), check_in_entry(pain=3)]
    path = _export_file(tmp_path, entries)
    assert store.import_entries(read_export(path)) == (2, 0, 0)
    assert store.import_entries(read_export(path)) == (0, 0, 2)
    assert store.count() == 2
    assert store._conn.execute("SELECT count(*) FROM ratings").fetchone()[0] == 3


def test_an_older_copy_of_an_entry_changes_nothing(store: Store,
                                                   check_in_entry: Callable[..., Entry]) -> None:
    mine = check_in_entry(pain=3, note="mine")
    store.save_entry(mine)
    assert mine.updated is not None
    older = mine.evolve(note="from the file", updated=mine.updated - timedelta(minutes=5))
    assert store.import_entries([older]) == (0, 0, 1)
    got = store.get(mine.id)
    assert got is not None and got.note == "mine"


def test_in_progress_sessions_are_imported_as_interrupted(
        store: Store, session_entry: Callable[..., Entry]) -> None:
    e = session_entry(status="in-progress").evolve(ended=None)
    store.import_entries([e])
    got = store.get(e.id)
    assert got is not None and got.status == "interrupted" and got.ended == e.updated


def _doc(**entry: Any) -> dict[str, Any]:
    base = {"id": "7f1e1c9e-3c1f-4e51-9d7a-0d5c8f7b2a10", "type": "check-in", "exercise": None,
            "started": "2026-11-23T21:34:18+01:00", "status": "completed",
            "ratings": [{"scale": "pain", "value": 4, "phase": "check-in", "region": None}],
            "entries": [], "note": None}
    base.update(entry)
    return {"format": 1, "exported": "2026-11-24T08:00:00+01:00",
            "entries": [base] if "drop" not in entry else []}


def _without(key: str) -> dict[str, Any]:
    doc = _doc()
    del doc["entries"][0][key]
    return doc


def _rating(**changes: Any) -> dict[str, Any]:
    return _doc(ratings=[{"scale": "pain", "value": 4, "phase": "check-in", **changes}])


BAD: list[tuple[str, str | dict[str, Any], str]] = [
    ("invalid json", '{"format": 1, "entries": [', "it is not valid JSON"),
    ("not a table", "[1, 2]", "it should hold a table"),
    ("missing format", {"entries": []}, "`format` is missing"),
    ("wrong format", {"format": 2, "entries": []}, "it is export format 2; this painpath "
                                                   "reads format 1"),
    ("entries not a list", {"format": 1, "entries": {}}, "`entries` should be a list"),
    ("missing id", _without("id"), "entry 1: `id` is missing"),
    ("id not a uuid", _doc(id="abc"), "entry 1: `id` should be a UUID"),
    ("bad type", _doc(type="nap"), "`type` should be one of session, check-in"),
    ("bad status", _doc(status="done"), "`status` should be one of"),
    ("naive time", _doc(started="2026-11-23T21:34:18"), "`started` should be a time like"),
    ("missing started", _without("started"), "`started` is missing"),
    ("value as text", _rating(value="7"), 'entry 1, rating 1: `value` should be a whole '
                                          'number, not "7"'),
    ("value as bool", _rating(value=True), "`value` should be a whole number, not true"),
    ("value too big", _rating(value=1000), "`value` should be from 0 to 100, not 1000"),
    ("bad phase", _rating(phase="later"), "`phase` should be one of"),
    ("bad scale", _rating(scale="Pain!"), "`scale` should be a scale id"),
    ("NaN seconds", '{"format": 1, "entries": [{"practiced_s": NaN}]}', "not valid JSON"),
    ("negative seconds", _doc(type="session", exercise="p/x", practiced_s=-5),
     "`practiced_s` should be a number of seconds"),
    ("seconds beyond any float", _doc(type="session", exercise="p/x", planned_s=10**400),
     "`planned_s` should be a number of seconds"),
    ("session without exercise", _doc(type="session"), "a session needs its `exercise`"),
    ("check-in with exercise", _doc(exercise="p/x"), "a check-in has no `exercise`"),
    ("note not text", _doc(note=5), "`note` should be text, not 5"),
    ("answer without text", _doc(entries=[{"step": 1}]), "written answer 1: `text` is missing"),
    ("peg not bool", _doc(peg="yes"), "`peg` should be true or false"),
]


@pytest.mark.parametrize("reader", [read_export, read_export_rows])
@pytest.mark.parametrize(("name", "content", "reason"), BAD, ids=[b[0] for b in BAD])
def test_a_malformed_file_is_refused_whole_with_the_reason(
        tmp_path: Path, store: Store, check_in_entry: Callable[..., Entry], name: str,
        content: str | dict[str, Any], reason: str, reader: Callable[[Path], Any]) -> None:
    good = entry_to_dict(check_in_entry(pain=2))
    if isinstance(content, dict) and isinstance(content.get("entries"), list):
        content = {**content, "entries": [good, *content["entries"]]}
        reason = reason.replace("entry 1", "entry 2")
    path = tmp_path / "bad.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    with pytest.raises(InvalidFileError) as info:
        reader(path)
    assert reason in info.value.message
    assert "Nothing was added" in info.value.message
    assert store.count() == 0


@pytest.mark.parametrize("twin", ["entry", "rating in another entry", "rating and entry",
                                  "rating in its own entry"])
@pytest.mark.parametrize("parse", [parse_export, parse_export_rows,
                                   lambda text: parse_export_rows(text, typed=False)],
                         ids=["entries", "typed rows", "table rows"])
def test_duplicate_ids_in_a_file_are_refused(check_in_entry: Callable[..., Entry], twin: str,
                                             parse: Callable[[str], Any]) -> None:
    # The quick ways count the ids they make rows of instead of listing them all: the
    # count must still catch every id used twice, wherever the two are.
    doc = export_document([check_in_entry(pain=2, tension=3), check_in_entry(pain=4)])
    first, second = doc["entries"]
    if twin == "entry":
        second["id"] = first["id"]
    elif twin == "rating in another entry":
        second["ratings"][0]["id"] = first["ratings"][1]["id"]
    elif twin == "rating and entry":
        second["ratings"][0]["id"] = first["id"]
    else:
        first["ratings"][1]["id"] = first["ratings"][0]["id"]
    where = "entry 1" if twin == "rating in its own entry" else "entry 2"
    with pytest.raises(InvalidFileError, match=f"{where}: the id .* is used twice in the file"):
        parse(json.dumps(doc))


def test_a_rating_id_another_entry_holds_changes_neither(
        store: Store, check_in_entry: Callable[..., Entry]) -> None:
    # Rating ids name a rating within its entry (layout 5): an imported entry whose
    # rating has the id of one in the log is its own entry, and both stay whole.
    mine = check_in_entry(pain=2)
    store.save_entry(mine)
    fresh = check_in_entry(pain=5)
    other = check_in_entry(pain=6).evolve(ratings=(mine.ratings[0],))  # same rating id
    assert store.import_entries([fresh, other]) == (2, 0, 0)
    assert store.get(mine.id) == mine
    assert store.get(other.id) == other


@pytest.mark.parametrize("reader", [read_export, read_export_rows])
def test_files_that_cannot_be_read(tmp_path: Path, reader: Callable[[Path], Any]) -> None:
    from painpath.errors import NotFoundError

    with pytest.raises(NotFoundError, match="There is no file"):
        reader(tmp_path / "missing.json")
    (tmp_path / "latin.json").write_bytes(b'{"format": 1, "note": "\xe9"}')
    with pytest.raises(InvalidFileError, match=r"latin\.json is not a painpath export: "
                                               "it is not UTF-8 text"):
        reader(tmp_path / "latin.json")
    with pytest.raises(InvalidFileError, match="is a folder"):
        reader(tmp_path)


@pytest.mark.parametrize("reader", [read_export, read_export_rows])
def test_what_the_quick_json_reader_refuses_is_read_by_the_careful_one(
        tmp_path: Path, check_in_entry: Callable[..., Entry],
        reader: Callable[[Path], Any]) -> None:
    # msgspec reads a well-formed export; a number past 64 bits elsewhere in the file,
    # which it will not take, sends the file to `json`, which reads it as before.
    doc = export_document([check_in_entry(pain=2)])
    plain, odd = tmp_path / "plain.json", tmp_path / "odd.json"
    plain.write_text(json.dumps(doc))
    odd.write_bytes(b"\xef\xbb\xbf" + json.dumps({**doc, "counter": 2**70}).encode())
    assert reader(odd) == reader(plain)


def test_minimal_files_from_other_tools_are_accepted() -> None:
    [e] = parse_export(json.dumps(_doc(started="2026-11-23T20:34:18Z")))
    assert e.started.isoformat() == "2026-11-23T20:34:18+00:00"
    assert e.ratings[0].id and e.ratings[0].value == 4 and e.updated is None


# --- reading someone's export without touching one's own log ---------------------------

def test_from_export_is_read_only_and_in_memory(tmp_path: Path,
                                                 check_in_entry: Callable[..., Entry],
                                                 session_entry: Callable[..., Entry]) -> None:
    a = _export_file(tmp_path, [check_in_entry(pain=2)], "a.json")
    b = _export_file(tmp_path, [session_entry(before={"pain": 5})], "b.json")
    with Store.from_export(a, b) as review:
        assert review.count() == 2 and review.path is None and review.read_only
        with pytest.raises(StoreReadOnlyError, match="read-only view of an export"):
            review.add_check_in({"pain": 1})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]


# --- CSV ---------------------------------------------------------------------------

def test_csv_has_one_row_per_rating_and_guards_against_formulas(
        session_entry: Callable[..., Entry], check_in_entry: Callable[..., Entry]) -> None:
    s = session_entry(before={"pain": 6, "tension": 5}, after={"pain": 4}, note="=HYPERLINK(x)")
    only_note = check_in_entry(note="@SUM(A1)")
    rows = list(csv.reader(io.StringIO(to_csv([s, only_note]))))
    assert tuple(rows[0]) == CSV_COLUMNS
    body = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert [(r["entry_id"], r["scale"], r["phase"], r["value"]) for r in body] == [
        (s.id, "pain", "before", "6"), (s.id, "tension", "before", "5"),
        (s.id, "pain", "after", "4"), (only_note.id, "", "", "")]
    assert body[0]["note"] == "'=HYPERLINK(x)" and body[3]["note"] == "'@SUM(A1)"
    assert body[0]["started"] == "2026-11-20T09:00:00+01:00"


@pytest.mark.parametrize(("text", "safe"), [
    ("=1+2", "'=1+2"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("ok = fine", "ok = fine"), ("", "")])
def test_csv_safe(text: str, safe: str) -> None:
    assert csv_safe(text) == safe


def test_write_private_is_atomic_and_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old")
    write_private(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_printed_json_carries_no_terminal_controls() -> None:
    text = dumps({"note": "a\x9b[31mred\u202eb\x1b"})
    assert "\x9b" not in text and "\u202e" not in text and "\x1b" not in text
    assert json.loads(text) == {"note": "a\x9b[31mred\u202eb\x1b"}


@pytest.mark.parametrize("where", ["top", "entry", "rating"])
def test_a_field_painpath_does_not_write_is_still_read_and_checked(
        tmp_path: Path, check_in_entry: Callable[..., Entry], where: str) -> None:
    # msgspec skips a field its records do not name, unread: a byte that is not UTF-8
    # there, or a number `json` will not read, would have slipped through the quick way.
    doc = export_document([check_in_entry(pain=2)])
    place = {"top": doc, "entry": doc["entries"][0],
             "rating": doc["entries"][0]["ratings"][0]}[where]
    place["mood"] = "MOOD"
    path = tmp_path / "extra.json"
    path.write_bytes(json.dumps(doc).encode())
    assert len(read_export_rows(path)) == 1 and len(read_export(path)) == 1
    for odd, reason in ((b'"caf\xe9"', "it is not UTF-8 text"),
                        (b"7" * 5001, "it is not valid JSON")):
        path.write_bytes(json.dumps(doc).encode().replace(b'"MOOD"', odd))
        for reader in (read_export_rows, read_export):
            with pytest.raises(InvalidFileError, match=reason):
                reader(path)


def test_text_holding_half_of_a_utf16_pair_is_refused_with_where_it_is(
        check_in_entry: Callable[..., Entry]) -> None:
    text = dumps(export_document([check_in_entry(pain=2, note="x")])).replace(
        '"note": "x"', '"note": "x\ud800"')
    for parse in (parse_export, parse_export_rows):
        with pytest.raises(InvalidFileError, match="entry 1: `note` holds a broken character"):
            parse(text)
