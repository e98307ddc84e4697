"""Hypothesis strategies for whole logs, with the awkward cases sums and exports meet.

Sessions with the same scale rated twice in a phase (the last one counts),
before without after, ratings during steps with body regions, PEG check-ins,
exercises missing or named like a formula, text with commas, quotes, line
breaks and NUL, and clocks from UTC-14 to UTC+14 (so days differ from UTC days).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import strategies as st

from painpath.store import Answer, Entry, Rating

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
awkward = st.sampled_from(["", "=1+2", "-3", "@x", "a,b", 'say "hi"', "two\nlines", "cr\rhere",
                           "nul\x00,", " lead", "ok", "é ü ✓"])
free_text = texts | awkward
moments = st.builds(
    lambda base, minutes: base.replace(tzinfo=timezone(timedelta(minutes=minutes))),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2020, 3, 1)).map(
        lambda d: d.replace(microsecond=0)),
    st.sampled_from([-14 * 60, -5 * 60, 0, 60, 330, 14 * 60]))
scales = st.sampled_from(["pain", "tension", "distress", "sleep", "my-scale"])
regions = st.none() | st.sampled_from(["feet", "jaw", "left-knee", "=x"])
values = st.integers(0, 10)
seconds = st.none() | st.floats(min_value=0, max_value=1e5, allow_nan=False,
                                allow_infinity=False) | st.sampled_from([0.0, 600.0, 590.5])


def ratings(phases: list[str]) -> st.SearchStrategy[tuple[Rating, ...]]:
    return st.lists(st.builds(
        Rating, scale=scales, value=values, phase=st.sampled_from(phases), region=regions,
        step=st.none() | st.integers(0, 20), at=st.none() | moments), max_size=7).map(tuple)


answers = st.lists(st.builds(Answer, step=st.integers(0, 9), text=free_text,
                             at=st.none() | moments), max_size=2).map(tuple)
sessions = st.builds(
    Entry, type=st.just("session"), started=moments,
    status=st.sampled_from(["completed", "stopped", "interrupted"]),
    exercise=st.none() | st.sampled_from(["painpath/body-scan", "painpath/box-breathing",
                                          "?", "", "=evil", "p/a,b"]),
    ended=st.none() | moments, planned_s=seconds, practiced_s=seconds,
    furthest_step=st.none() | st.integers(0, 20), note=st.none() | free_text,
    updated=moments, ratings=ratings(["before", "during", "after"]), answers=answers,
).map(lambda e: e if e.ended is None or e.ended >= e.started else e.evolve(ended=e.started))
check_ins = st.builds(
    Entry, type=st.just("check-in"), started=moments, status=st.just("completed"),
    note=st.none() | free_text, peg=st.booleans(), updated=moments,
    ratings=st.one_of(
        ratings(["check-in"]),
        st.tuples(values, values, values).map(lambda v: tuple(
            Rating(scale=s, value=n, phase="check-in")
            for s, n in zip(("pain", "enjoyment", "activity"), v, strict=True)))))
logs = st.lists(sessions | check_ins, max_size=10, unique_by=lambda e: e.id)
