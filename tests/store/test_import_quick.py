"""The quick path of an import (`import_quick`) never takes what the careful one
refuses, and what it takes it makes exactly as the careful one does.

The quick path reads an export as painpath writes it in as few steps as it can
(straight into typed records, `import_typed`, or as JSON tables); any doubt sends
the entry the long way. These tests spoil one field of a valid
export at a time, with values a hand-edited or hostile file could hold, and hold
the two ways together.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from log_strategies import logs

from painpath.errors import InvalidFileError
from painpath.store.export_json import export_document
from painpath.store.import_file import parse_export, parse_export_rows
from painpath.store.rows import as_imported, entry_rows, placed

EXPORTED = datetime(2026, 11, 24, 8, 0, tzinfo=timezone(timedelta(hours=1)))

odd_values = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 120),
    st.sampled_from([2**60, -(2**60), 1.0, 0.5, -0.0, 1e308, 7 * 24 * 3600.0 + 1]),
    st.text(max_size=6),
    st.sampled_from(["pain", "before", "after", "check-in", "in-progress", "session",
                     "completed", "feet", "\x1b[2J", "\ud800", "x\u202ey", "A" * 300,
                     "2026-11-23T21:34:18+01:00", "2026-11-23T21:34:18Z",
                     "2026-11-23T21:34:18.5+01:00", "1899-12-31T23:00:00+00:00",
                     "2026-11-23T21:34:18-00:00", "00000000-0000-4000-8000-00000000000A"]),
    st.lists(st.integers(0, 3), max_size=2), st.fixed_dictionaries({"a": st.integers(0, 3)}))


def _outcome(parse: Any, text: str) -> Any:
    try:
        return parse(text)
    except InvalidFileError:
        return "refused"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(logs, st.data())
def test_a_spoiled_field_is_taken_by_both_ways_or_by_neither(entries: list[Any],
                                                            data: st.DataObject) -> None:
    doc = export_document(entries, EXPORTED)
    assume(doc["entries"])
    entry = data.draw(st.sampled_from(doc["entries"]), label="entry")
    places = [entry, *entry["ratings"]]
    place = data.draw(st.sampled_from(places), label="where")
    key = data.draw(st.sampled_from(sorted(place)), label="key")
    how = data.draw(st.sampled_from(["remove", "odd value", "twin"]), label="how")
    if how == "remove":
        del place[key]
    elif how == "odd value":
        place[key] = data.draw(odd_values, label="value")
    else:  # equal to the valid value, but not of its type (1.0 == 1 == True)
        valid = place[key]
        twins = [t for t in (float(valid), bool(valid)) if t == valid] \
            if type(valid) is int else [None if valid == "" else valid]
        place[key] = data.draw(st.sampled_from(twins), label="twin")
        if place is not entry:  # the valid rating first: what the quick path saw before
            entry["ratings"].insert(0, {**place, key: valid, "id": str(uuid.uuid4())})
    text = json.dumps(doc)
    typed = data.draw(st.booleans(), label="typed records first")  # else tables only
    careful = _outcome(parse_export, text)
    quick = _outcome(lambda t: parse_export_rows(t, typed=typed), text)
    if careful == "refused" or quick == "refused":
        assert careful == quick == "refused"
        return
    if key == "id" and place is not entry and place.get("id") is None:
        return  # a rating without an id gets a new one, made afresh by each way
    assert quick == [placed(entry_rows(as_imported(e)), i) for i, e in enumerate(careful)]


def test_what_is_made_while_the_collector_is_paused_is_not_walked_as_young_after() -> None:
    # Otherwise the first collection after an import of 100,000 sessions walks every
    # row it made (0.4 s); they join the old objects instead.
    import gc

    from painpath.store.bulk import paused_gc

    with paused_gc():
        made = [[i] for i in range(10_000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert not any(id(m) in young for m in made)
    assert any(m is made[0] for m in gc.get_objects(generation=2))
