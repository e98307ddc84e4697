"""Numbers for `painpath stats` and the Progress screen."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime

import pytest

from painpath.stats import compute, peg_due, scale_order, week_of
from painpath.store import Entry


def test_empty_log() -> None:
    s = compute([])
    assert (s.sessions, s.completed, s.minutes, s.check_ins) == (0, 0, 0, 0)
    assert s.changes == s.exercises == s.weekly == s.peg == ()
    assert s.to_dict()["changes"] == []


def test_sessions_minutes_and_before_after_change(session_entry: Callable[..., Entry],
                                                  at: Callable[..., datetime]) -> None:
    entries = [
        session_entry(started=at(2), before={"pain": 6, "tension": 5},
                      after={"pain": 4, "tension": 5}, practiced_s=600),
        session_entry(started=at(3), before={"pain": 8}, after={"pain": 5}, practiced_s=300),
        session_entry(started=at(4), before={"pain": 7}, status="stopped", practiced_s=120),
        session_entry(exercise="painpath/box-breathing", started=at(5), before={"pain": 5},
                      after={"pain": 5}, practiced_s=180),
    ]
    s = compute(entries)
    assert (s.sessions, s.completed) == (4, 3)
    assert s.minutes == pytest.approx((600 + 300 + 120 + 180) / 60)
    pain, tension = s.changes
    assert pain.scale == "pain" and pain.sessions == 3  # the stopped one has no after
    assert pain.before == pytest.approx(19 / 3) and pain.after == pytest.approx(14 / 3)
    assert pain.change.mean == pytest.approx(-5 / 3)
    assert (pain.change.min, pain.change.max) == (-3, 0)
    assert pain.change.sd == pytest.approx(1.5275, abs=1e-3)
    assert tension.sessions == 1 and tension.change.sd is None and tension.change.mean == 0
    scan, breathing = s.exercises
    assert (scan.exercise, scan.sessions, scan.completed) == ("painpath/body-scan", 3, 2)
    assert scan.minutes == pytest.approx(17.0)
    assert [c.change.mean for c in scan.changes if c.scale == "pain"] == [pytest.approx(-2.5)]
    assert breathing.changes[0].change.mean == 0
    json.dumps(s.to_dict())


def test_weekly_check_in_means_and_peg_kept_apart(check_in_entry: Callable[..., Entry],
                                                  at: Callable[..., datetime]) -> None:
    entries = [
        check_in_entry(started=at(16), pain=4),  # Monday
        check_in_entry(started=at(22, 23), pain=6, tension=3),  # Sunday, same week
        check_in_entry(started=at(23), pain=2),  # next Monday
        check_in_entry(started=at(24), peg=True, pain=6, enjoyment=5, activity=4),
        check_in_entry(started=at(17), peg=True, pain=8, enjoyment=8, activity=5),
        check_in_entry(started=at(18), note="only a note"),
    ]
    s = compute(entries)
    assert s.check_ins == 6
    assert [(w.week, w.scale, w.n, w.mean) for w in s.weekly] == [
        (date(2026, 11, 16), "pain", 2, 5.0), (date(2026, 11, 16), "tension", 1, 3.0),
        (date(2026, 11, 23), "pain", 1, 2.0)]
    assert [(p.at.day, p.score) for p in s.peg] == [(17, pytest.approx(7.0)), (24, 5.0)]
    d = s.to_dict()
    assert d["peg"][1] == {"at": "2026-11-24T09:00:00+01:00", "score": 5.0, "pain": 6,
                           "enjoyment": 5, "activity": 4}
    assert d["check_in_weeks"][0] == {"week": "2026-11-16", "scale": "pain", "check_ins": 2,
                                      "mean": 5.0}


def test_weeks_follow_the_recorded_clock(at: Callable[..., datetime]) -> None:
    assert week_of(at(22, 23, 59)) == date(2026, 11, 16)
    assert week_of(at(23, 0, 1)) == date(2026, 11, 23)


def test_scale_order_puts_built_ins_first() -> None:
    assert sorted(["sleep", "tension", "activity", "pain"], key=scale_order) == [
        "pain", "tension", "activity", "sleep"]


def test_peg_is_offered_about_once_a_week(check_in_entry: Callable[..., Entry],
                                          at: Callable[..., datetime]) -> None:
    last = check_in_entry(started=at(10), peg=True, pain=5, enjoyment=5, activity=5)
    assert peg_due(None, at(10))
    assert not peg_due(last, at(16, 23))
    assert peg_due(last, at(17))
