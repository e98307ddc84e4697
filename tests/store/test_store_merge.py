"""An import completes an entry the log already holds; it never loses a practice.

The rule is in `painpath.store.merge`: the fuller copy leads (status, then
`updated`, then how many ratings and answers), what it lacks comes from the
other, and ratings and answers are the union of both.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painpath.paths import Paths
from painpath.store import Entry, Rating, Store
from painpath.store.export_json import dumps, entry_to_dict, export_document
from painpath.store.import_file import parse_export, parse_export_rows
from painpath.store.merge import merge
from tests.store.log_strategies import sessions


def _log(store: Store) -> list[dict[str, Any]]:
    return sorted((entry_to_dict(e) for e in store.entries()), key=lambda d: d["id"])


def test_a_rescue_file_completes_the_early_row_the_recorder_wrote(
        paths: Paths, session_entry: Callable[..., Entry]) -> None:
    whole = session_entry(before={"pain": 6}, after={"pain": 3}, note="lighter")
    early = whole.evolve(status="interrupted", ratings=whole.ratings[:1], note=None,
                         practiced_s=40.0, updated=whole.started + timedelta(seconds=40))
    with Store.for_paths(paths) as store:
        store.save_entry(early)
        rescue = parse_export_rows(dumps(export_document([whole])))
        assert store.import_rows(rescue) == (0, 1, 0)
        got = store.get(whole.id)
        assert got is not None
        assert got.status == "completed" and got.note == "lighter"
        assert (got.rating("before", "pain"), got.rating("after", "pain")) == (6, 3)
        assert got.practiced_s == whole.practiced_s
        assert store.stats().changes[0].sessions == 1  # its pair is in the sums too
        # Importing it again changes nothing more.
        assert store.import_rows(rescue) == (0, 0, 1)


def test_an_older_copy_never_takes_away_what_the_log_has(
        store: Store, session_entry: Callable[..., Entry]) -> None:
    whole = session_entry(before={"pain": 6}, after={"pain": 3}, note="mine")
    store.save_entry(whole)
    extra = Rating(scale="tension", value=4, phase="during", step=2, region="jaw",
                   at=whole.started)
    older = whole.evolve(status="stopped", note="old words", ratings=(extra,),
                         updated=whole.started)
    assert store.import_entries([older]) == (0, 1, 0)
    got = store.get(whole.id)
    assert got is not None and got.status == "completed" and got.note == "mine"
    assert [r.id for r in got.ratings] == [*(r.id for r in whole.ratings), extra.id]


def test_a_session_running_in_another_painpath_is_left_to_it(
        store: Store, session_entry: Callable[..., Entry]) -> None:
    running = session_entry(status="in-progress").evolve(ended=None)
    store.save_entry(running, live=True)  # this process owns it: it is alive
    assert store.import_entries([running.evolve(status="completed")]) == (0, 0, 1)
    got = store.get(running.id)
    assert got is not None and got.status == "in-progress"


def test_the_cli_says_it_completed_the_entry(
        tmp_path: Path, paths: Paths, session_entry: Callable[..., Entry]) -> None:
    from painpath.cli import main

    whole = session_entry(before={"pain": 6}, after={"pain": 3})
    with Store.for_paths(paths) as store:
        store.save_entry(whole.evolve(status="interrupted", ratings=whole.ratings[:1],
                                      updated=whole.started))
    rescue = tmp_path / "painpath-unsaved-session.json"
    rescue.write_text(dumps(export_document([whole])), encoding="utf-8")
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["--data-dir", str(paths.data_dir), "import", str(rescue)])
    assert code == 0
    assert "Added 0 entries to your log, completed 1 entry; 0 were already there." \
        in " ".join(out.getvalue().split())


# --- any two copies, in any order -----------------------------------------------------------

def _variant(entry: Entry, keep: int, status: str, minutes: int, note: bool) -> Entry:
    return entry.evolve(ratings=entry.ratings[:keep], status=status,
                        note=entry.note if note else None,
                        updated=entry.updated + timedelta(minutes=minutes))


variant = st.tuples(st.integers(0, 7), st.sampled_from(["completed", "stopped", "interrupted"]),
                    st.integers(-3, 3), st.booleans())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(sessions.filter(lambda e: bool(e.exercise)), variant, variant),
                max_size=5,
                unique_by=lambda t: t[0].id))
def test_two_exports_of_the_same_sessions_give_one_log_in_either_order(
        drawn: list[tuple[Entry, tuple[Any, ...], tuple[Any, ...]]]) -> None:
    first = [_variant(e, *a) for e, a, _ in drawn]
    second = [_variant(e, *b) for e, _, b in drawn]
    files = [dumps(export_document(first)), dumps(export_document(second))]
    logs = []
    for order in (files, files[::-1]):
        for quick in (False, True):  # as `painpath import` reads a file, and as review does
            with Store.open_memory() as store:
                for text in order:
                    if quick:
                        store.import_rows(parse_export_rows(text))
                    else:
                        store.import_entries(parse_export(text))
                logs.append(_log(store))
    assert logs[1:] == logs[:1] * 3
    # Nothing of either copy is lost: every rating, and the furthest status.
    ranks = ["interrupted", "stopped", "completed"]
    for entry, got in zip(sorted(first, key=lambda e: e.id), logs[0], strict=True):
        other = next(e for e in second if e.id == entry.id)
        assert {r["id"] for r in got["ratings"]} == \
            {r.id for r in entry.ratings} | {r.id for r in other.ratings}
        assert got["status"] == max(entry.status, other.status, key=ranks.index)


@given(sessions, variant, variant)
@settings(max_examples=60, deadline=None)
def test_merging_is_symmetric_and_merging_again_changes_nothing(
        entry: Entry, a: tuple[Any, ...], b: tuple[Any, ...]) -> None:
    x, y = _variant(entry, *a), _variant(entry, *b)
    merged = merge(x, y)
    assert merged == merge(y, x)
    assert merge(merged, x) == merged == merge(merged, y)
