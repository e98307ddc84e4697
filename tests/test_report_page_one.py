"""Report page one, IMMPACT bands, plan counts within the dates, answer labels, printing.

Each test names what a clinician reading the report would otherwise be misled by.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from report_helpers import check_in, md, session

import painpath.reports as reports
from painpath.cli import main
from painpath.format.models import Scale
from painpath.paths import Paths, resolve
from painpath.plans import ActivePlan, write_active
from painpath.reports import html, svg
from painpath.reports.overview import high_mark
from painpath.store import Answer, Entry, Rating, Store
from painpath.store.times import local_midnight

SVG = "{http://www.w3.org/2000/svg}"


def page_one(text: str) -> str:
    """The Markdown of the "At a glance" section."""
    start = text.index("## At a glance")
    return text[start:text.index("\n## ", start + 1)]


def fact(text: str, label: str) -> str:
    found = re.search(rf"^- \*\*{re.escape(label)}:\*\* (.*)$", page_one(text), re.MULTILINE)
    assert found, f"no {label} on page one"
    return found.group(1)


@pytest.fixture
def weeks() -> list[dict[str, Any]]:
    """Four weeks of November 2026 (Mondays 2, 9, 16, 23): PEG each Sunday, sessions."""
    return [
        session("painpath/body-scan", 3, {"pain": 6, "distress": 8}, {"pain": 5, "distress": 4}),
        session("painpath/body-scan", 5, {"pain": 6}, {"pain": 5}, status="stopped"),
        session("painpath/feet-on-floor", 6, {"distress": 9}, {"distress": 5}),
        check_in(8, peg=True, pain=6, enjoyment=6, activity=6),
        session("painpath/body-scan", 10, {"pain": 5, "distress": 3}, {"pain": 4}),
        check_in(15, peg=True, pain=5, enjoyment=5, activity=5),
        # nothing at all in the week of 16 Nov
        session("painpath/body-scan", 24, {"pain": 3, "distress": 7}, {"pain": 3}),
        check_in(29, peg=True, pain=3, enjoyment=3, activity=3),
    ]


def test_page_one_comes_first_and_answers_is_it_helping(weeks: list[dict[str, Any]]) -> None:
    out = md(weeks)
    assert out.index("## At a glance") < out.index("## Pain and distress over time")
    assert fact(out, "PEG score") == ("6.0 on 8 Nov 2026 → 3.0 on 29 Nov 2026: 50 % lower: "
                                      "substantial (≥ 50 %); 2 points or more")
    # Weekly mean pain: before practice and check-ins, not PEG, not after practice.
    assert fact(out, "Weekly mean pain") == (
        "6.0 (week of 2 Nov 2026) → 3.0 (week of 23 Nov 2026): 50 % lower: substantial "
        "(≥ 50 %); 2 points or more; by week: 6.0, 5.0, none, 3.0")
    assert fact(out, "Sessions") == ("5 (4 to the end, 1 stopped early); 50 min of practice "
                                     "on 5 days")
    assert fact(out, "Ground me now") == "1 session of Feet on the floor, the practice it opens"
    assert fact(out, "High distress") == (
        "3 Nov 2026: distress 8 of 10, before practice; 6 Nov 2026: distress 9 of 10, before "
        "practice; 24 Nov 2026: distress 7 of 10, before practice")
    assert fact(out, "Plan") == "none followed"


def test_page_one_names_no_one_unless_asked(weeks: list[dict[str, Any]]) -> None:
    plain = md(weeks)
    assert "Client" not in plain and "Clinician" not in plain
    named = md(weeks, client="Dana Levi", clinician="Dr. R. Amir")
    assert fact(named, "Client") == "Dana Levi" and fact(named, "Clinician") == "Dr. R. Amir"


def test_one_sessions_drop_gets_no_immpact_band() -> None:
    # Before: "6.0 → 5.0 … 17 % lower: minimal" for a one-point drop in one session.
    out = md([session("painpath/body-scan", 3, {"pain": 6}, {"pain": 5})])
    assert "% lower" not in out and "minimal" not in out.replace("at least 10 % is minimal", "")
    assert fact(out, "PEG score") == "no PEG check-ins in these dates"
    assert fact(out, "Weekly mean pain") == "6.0 (week of 2 Nov 2026), one week only"


@pytest.mark.parametrize(("first", "last", "band"), [
    (10, 9, "10 % lower: minimal (≥ 10 %)"),
    (10, 7, "30 % lower: moderate (≥ 30 %); 2 points or more"),
    (10, 5, "50 % lower: substantial (≥ 50 %); 2 points or more"),
    (10, 10, "no change"),
    (8, 10, "25 % higher after"),
])
def test_peg_change_gets_its_immpact_band(first: int, last: int, band: str) -> None:
    out = md([check_in(1, peg=True, pain=first, enjoyment=first, activity=first),
              check_in(29, peg=True, pain=last, enjoyment=last, activity=last)])
    assert fact(out, "PEG score").endswith(": " + band)


def test_high_distress_is_flagged_on_each_scales_own_range() -> None:
    suds = Scale("suds", "How distressed are you (SUDS)?", 0, 100, "calm", "worst")
    assert (high_mark(suds), high_mark(Scale("distress", "", 0, 10))) == (70, 7)
    out = md([check_in(3, suds=69), check_in(4, suds=70), check_in(5, distress=6)],
             scales={"suds": suds})
    assert fact(out, "High distress") == "4 Nov 2026: suds 70 of 100, check-in"
    calm = md([check_in(5, distress=6)])
    assert fact(calm, "High distress") == "none (distress 7 or more of 10)"


def test_a_pack_scale_marked_distress_like_is_flagged_too() -> None:
    """`distress_like = true` (docs/format.md) counts here as it does for the gentle offer."""
    fear = Scale("fear", "How afraid are you?", 1, 5, "not at all", "very", distress_like=True)
    out = md([check_in(3, fear=3), check_in(4, fear=4)], scales={"fear": fear})
    assert fact(out, "High distress") == "4 Nov 2026: fear 4 of 5, check-in"
    plain = Scale("fear", "How afraid are you?", 1, 5, "not at all", "very")
    assert fact(md([check_in(4, fear=5)], scales={"fear": plain}),
                "High distress") == "no distress ratings in these dates"


def test_adherence_as_a_percentage_with_partial_weeks(weeks: list[dict[str, Any]]) -> None:
    from painpath.format.models import Assign, Plan
    from painpath.reports.plan_weeks import completed_by_day, plan_report
    from painpath.reports.summary import load_entries

    plan = Plan(id="daily", title="Daily body scan", weeks=4, pack="painpath",
                assign=(Assign("painpath/body-scan", frozenset({1, 2, 3, 4}),
                               frozenset(range(7))),))
    done = completed_by_day(load_entries(weeks))
    report = plan_report("painpath", "daily", date(2026, 11, 2), plan, done,
                         today=date(2026, 12, 31), since=date(2026, 11, 4),
                         until=date(2026, 11, 29), pack_version="1.2.0")
    out = md(weeks, since=date(2026, 11, 4), until=date(2026, 11, 29), plan=report)
    # 4..29 Nov: 26 days suggested; done on 10 and 24 Nov (3 Nov is before --since,
    # 5 Nov was stopped).
    assert fact(out, "Plan adherence") == ("8 % (2 of 26 suggested sessions done; 1 week "
                                           "counted in part)")
    assert fact(out, "Pack and plan") == ("painpath 1.2.0, plan daily, started 2 Nov 2026, "
                                          "4 weeks")
    assert re.search(r"\| 1 \(partial\) +\| 4 Nov 2026 to 8 Nov 2026 +\| +5 \| +0 \| +1 \|", out)


# --- through the command: the plan counts only the report's days ------------------------

@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return resolve(tmp_path / "data")


@pytest.fixture
def run(paths: Paths, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    def go(*argv: str) -> tuple[int, str]:
        code = main(["--data-dir", str(paths.data_dir), *argv])
        return code, capsys.readouterr().out
    return go


def _saved(store: Store, exercise: str, day: date, *, answers: tuple[Answer, ...] = ()
           ) -> None:
    start = local_midnight(day) + timedelta(hours=12)
    store.save_entry(Entry(type="session", exercise=exercise, started=start,
                           status="completed", ended=start + timedelta(minutes=20),
                           planned_s=1200.0, practiced_s=1200.0, answers=answers,
                           ratings=(Rating("pain", 5, "before", at=start),)))


def test_plan_section_counts_only_sessions_inside_the_dates(
        run: Callable[..., tuple[int, str]], paths: Paths,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports, "_today", lambda: date(2026, 11, 30))
    with Store.for_paths(paths) as store:
        for day in range(2, 30):  # a body scan every day of the plan's first four weeks
            _saved(store, "painpath/body-scan", date(2026, 11, day))
    write_active(paths, ActivePlan("painpath", "eight-weeks", date(2026, 11, 2), "1.0.0"))
    code, out = run("export", "--format", "md", "--since", "2026-11-11",
                    "--until", "2026-11-20")
    assert code == 0
    sessions = int(re.match(r"(\d+) ", fact(out, "Sessions")).group(1))  # type: ignore[union-attr]
    assert sessions == 10
    rows = [line for line in out.splitlines() if re.match(r"\| \d+ \(", line)]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    assert [c[:2] for c in cells] == [["2 (partial)", "11 Nov 2026 to 15 Nov 2026"],
                                      ["3 (partial)", "16 Nov 2026 to 20 Nov 2026"]]
    done = sum(int(c[3]) + int(c[4]) for c in cells)
    # Before: the plan counted every session of weeks 2 and 3 (14), not the 10 in the dates.
    assert done == sessions
    assert "These are all 10 completed sessions in these dates." in out


def test_written_answers_carry_their_steps_title(
        run: Callable[..., tuple[int, str]], paths: Paths) -> None:
    with Store.for_paths(paths) as store:
        _saved(store, "painpath/thought-record", date(2026, 11, 3),
               answers=(Answer(1, "at my desk"), Answer(3, "it will never end")))
    code, out = run("export", "--format", "md", "--with-notes")
    assert code == 0
    assert "> The situation:" in out and "> The thought:" in out
    assert "Step 2" not in out and "Step 4" not in out


def test_client_and_clinician_through_the_command(run: Callable[..., tuple[int, str]]) -> None:
    run("check-in", "--pain", "4")
    code, out = run("export", "--format", "html", "--client", "דנה לוי",
                    "--clinician", "Dr. Amir")
    assert code == 0
    assert '<dt>Client</dt><dd dir="auto">דנה לוי</dd>' in out
    code, out = run("export", "--format", "md")
    assert "Client" not in out and "דנה" not in out


# --- printing and the chart ---------------------------------------------------------

def test_html_keeps_headings_with_what_follows_and_marks_text_direction(
        weeks: list[dict[str, Any]]) -> None:
    page = html.render(weeks, since=None, until=None, with_notes=True,
                       titles={"painpath/body-scan": "סריקת גוף"}, client="Dana")
    css = page[page.index("@media print"):page.index("</style>")]
    assert re.search(r"section#glance \{ break-after: page", css)
    assert re.search(r"\.keep, table[^{]*\{ break-inside: avoid", css)
    assert re.search(r"h2, h3, caption \{ break-after: avoid", css)
    # Every section's heading shares an unbreakable box with its first block.
    sections = re.findall(r"<section[^>]*>\n(.{0,40})", page)
    assert sections and all(s.startswith('<div class="keep">') for s in sections)
    assert '<td dir="auto">סריקת גוף</td>' in page


def test_chart_breaks_its_line_across_a_week_with_no_ratings(
        weeks: list[dict[str, Any]]) -> None:
    root = ET.fromstring(svg.render(weeks, since=None, until=None))
    pain = next(g for g in root.iter(f"{SVG}g") if g.get("aria-label") == "pain, weekly mean")
    lines = pain.findall(f"{SVG}polyline")
    # Weeks of 2 and 9 Nov joined; 16 Nov empty; 23 Nov alone (a square, no line).
    assert len(lines) == 1 and len(lines[0].get("points", "").split()) == 2
    assert len(pain.findall(f"{SVG}rect")) == 3
    # One point per session rating before and after practice.
    sessions = next(g for g in root.iter(f"{SVG}g") if "sessions" in g.get("class", ""))
    assert len(list(sessions)) == 14


def test_a_long_log_draws_daily_means_not_every_session() -> None:
    # 700 sessions over 28 days: 1,400 pain points would make the page megabytes.
    entries = [session("painpath/body-scan", 1 + i % 28, {"pain": 6}, {"pain": 4 + i % 2},
                       hour=6 + i % 12) for i in range(700)]
    root = ET.fromstring(svg.render(entries, since=None, until=None))
    sessions = next(g for g in root.iter(f"{SVG}g") if "sessions" in g.get("class", ""))
    points = list(sessions)
    assert len(points) == 56  # 28 days, before and after
    titles = [p.findtext(f"{SVG}title") for p in points]
    assert "1 Nov 2026: pain, before practice: 6.0 (mean of 25 sessions)" in titles
    assert "pain, after practice (daily mean)" in [t.text for t in root.iter(f"{SVG}text")]
