"""Clinical reports: Markdown, HTML with its SVG chart, and the FHIR bundle.

Entries are built as export dicts (what `painpath export` hands the reports) and,
for the command itself, saved through the real store.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from report_helpers import XSS, check_in, md, session

import painpath.reports as reports
from painpath.cli import main
from painpath.format.models import Assign, Plan, Scale
from painpath.paths import Paths, resolve
from painpath.plans import ActivePlan, write_active
from painpath.reports import fhir, html, svg
from painpath.reports.plan_weeks import plan_report
from painpath.reports.summary import immpact_reading
from painpath.store import Answer, Entry, Rating, Store
from painpath.store.times import local_midnight


@pytest.fixture
def log() -> list[dict[str, Any]]:
    """A fortnight: body scans (pain 6 → 4), a stopped breathing session, check-ins."""
    return [
        session("painpath/body-scan", 2, {"pain": 6, "tension": 5}, {"pain": 4, "tension": 3},
                note=f"felt calmer {XSS}",
                during=(("lower-back", "tension", 6), ("feet", "tension", 2))),
        session("painpath/body-scan", 4, {"pain": 7, "tension": 6}, {"pain": 5, "tension": 3},
                minutes=12),
        session("painpath/body-scan", 9, {"pain": 5, "tension": 4}, {"pain": 3, "tension": 2}),
        session("painpath/box-breathing", 5, {"pain": 5, "distress": 6},
                {"pain": 5, "distress": 3}, status="stopped", minutes=4),
        session("painpath/thought-record", 6, {}, {}, minutes=8,
                answers=("the pain will never stop", f"maybe it eases {XSS}")),
        check_in(3, pain=5, tension=4, note="slept badly"),
        check_in(7, peg=True, pain=6, enjoyment=5, activity=4),
        check_in(14, peg=True, pain=4, enjoyment=3, activity=3),
        check_in(10, sleep=7),
    ]


# --- Markdown ----------------------------------------------------------------------

def test_markdown_states_the_dates_asked_for_or_those_of_the_entries(
        log: list[dict[str, Any]]) -> None:
    assert "**Dates:** 2 Nov 2026 to 14 Nov 2026 (13 days)" in md(log)
    ranged = md(log, since=date(2026, 11, 1), until=date(2026, 11, 30))
    assert "**Dates:** 1 Nov 2026 to 30 Nov 2026 (30 days)" in ranged


def test_markdown_counts_sessions_and_time(log: list[dict[str, Any]]) -> None:
    out = md(log)
    assert ("- **Sessions:** 5 (4 to the end, 1 stopped early); 44 min of practice on "
            "5 days" in out)
    assert "- **Check-ins:** 4, of which 2 PEG" in out
    assert re.search(r"\| painpath/body-scan +\| +3 \| +3 \| +32 min \|", out)


def test_markdown_before_after_per_exercise_without_an_immpact_reading(
        log: list[dict[str, Any]]) -> None:
    out = md(log)
    # Body scan pain: 6, 7, 5 before; 4, 5, 3 after: every change -2.
    row = next(line for line in out.splitlines()
               if line.startswith("| painpath/body-scan") and "| pain " in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    # IMMPACT's bands are for change over weeks, not within one session.
    assert cells == ["painpath/body-scan", "pain", "3", "6.0 → 4.0", "-2.0",
                     "sd 0.0; all -2.0"]
    tension = next(line for line in out.splitlines()
                   if line.startswith("| painpath/body-scan") and "| tension " in line)
    assert "5.0 → 2.7" in tension and "-2.3" in tension and "sd 0.6; -3.0 to -2.0" in tension
    assert tension.rstrip(" |").endswith("-2.0")  # no IMMPACT reading for tension
    breathing = next(line for line in out.splitlines()
                     if line.startswith("| painpath/box-breathing") and "| pain " in line)
    assert "5.0 → 5.0" in breathing and "one session" in breathing
    assert "| All exercises" in out
    assert "not read with the IMMPACT benchmarks" in out


def test_reports_name_exercises_by_the_titles_given(log: list[dict[str, Any]]) -> None:
    titles = {"painpath/body-scan": "Body scan (30 minutes)"}
    out = md(log, titles=titles, with_notes=True)
    assert re.search(r"\| Body scan \(30 minutes\) +\| +3 \| +3 \| +32 min \|", out)
    assert re.search(r"\| Body scan \(30 minutes\) +\| pain ", out)  # before → after
    assert "painpath/body-scan" not in out
    assert re.search(r"\| painpath/box-breathing +\|", out)  # not given: its id
    page = html.render(log, since=None, until=None, with_notes=False,
                       titles={"painpath/body-scan": XSS})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page


def test_markdown_peg_scores_over_time(log: list[dict[str, Any]]) -> None:
    out = md(log)
    assert re.search(r"\| 7 Nov 2026, 20:00 +\| +6 \| +5 \| +4 \| +5\.0 \|", out)
    assert re.search(r"\| 14 Nov 2026, 20:00 +\| +4 \| +3 \| +3 \| +3\.3 \|", out)
    assert "First to latest PEG score: 5.0 → 3.3 (-1.7), over 2 check-ins." in out
    assert "the mean of the three" in out


def test_markdown_shows_the_weekly_means_of_the_chart(log: list[dict[str, Any]]) -> None:
    out = md(log)
    header = next(line for line in out.splitlines() if line.startswith("| Week of (Monday)"))
    assert [c.strip() for c in header.strip("|").split("|")] == [
        "Week of (Monday)", "Days", "pain, weekly mean", "distress, weekly mean"]
    # Week of 2 Nov: pain before practice 6, 7, 5 and at a check-in 5; distress 6.
    # The report's dates begin on 2 Nov and end on 14 Nov, so the second week is partial.
    assert re.search(r"\| 2 Nov 2026 +\| 2 Nov 2026 to 8 Nov 2026 +\| +5\.8 \(4\) \| "
                     r"+6\.0 \(1\) \|", out)
    assert re.search(r"\| 9 Nov 2026 +\| 9 Nov 2026 to 14 Nov 2026 \(partial week\) +\| "
                     r"+5\.0 \(1\) \| +\|", out)


def test_markdown_ratings_during_practice_by_region(log: list[dict[str, Any]]) -> None:
    out = md(log)
    assert re.search(r"\| lower-back +\| tension +\| +1 \| +6\.0 \|", out)


def test_custom_scales_appear_with_their_question_when_known(
        log: list[dict[str, Any]]) -> None:
    out = md(log)
    assert "| sleep " in out and "a scale from a pack that is not installed here" in out
    sleep = Scale("sleep", "How well did you sleep last night?", 0, 10, "not at all",
                  "very well")
    out = md(log, scales={"sleep": sleep})
    assert re.search(r"\| sleep +\| How well did you sleep last night\? +\| "
                     r"0 \(not at all\) to 10 \(very well\) +\|", out)
    assert re.search(r"\| 9 Nov 2026 +\| +\| +\| +7\.0 \(1\) \|", out)  # weekly means


def test_notes_and_answers_only_with_notes(log: list[dict[str, Any]]) -> None:
    out = md(log)
    assert "felt calmer" not in out and "slept badly" not in out
    assert "never stop" not in out
    assert "Notes and written answers are left out of this report" in out
    out = md(log, with_notes=True)
    assert "left out" not in out
    assert "felt calmer" in out and "> slept badly" in out
    assert "> Step 1:" in out and "> the pain will never stop" in out


def test_markdown_escapes_the_persons_text(log: list[dict[str, Any]]) -> None:
    log[5]["note"] = "**loud** | [link](x) \x1b[31mred\n# not a heading"
    out = md(log, with_notes=True)
    assert r"> \*\*loud\*\* \| \[link\](x) \[31mred" in out
    assert "> \\# not a heading" in out
    assert r"\<script\>alert(1)\</script\>" in out
    assert "<script>" not in out and "\x1b" not in out


def test_plan_adherence_by_week_as_information() -> None:
    plan = Plan(id="two", title="Two weeks", weeks=2, pack="steady",
                assign=(Assign("steady/settle", frozenset({1, 2}), frozenset({0, 2, 4})),))
    start = date(2026, 11, 2)  # a Monday
    done = {date(2026, 11, 2): {"steady/settle": 1}, date(2026, 11, 4): {"steady/settle": 2},
            date(2026, 11, 5): {"steady/other": 1}, date(2026, 11, 9): {"steady/settle": 1}}
    report = plan_report("steady", "two", start, plan, done, today=date(2026, 11, 10))
    # Week 2 is counted up to today: Monday (planned) and Tuesday (not).
    assert [(w.week, w.planned, w.done, w.extra, w.current, w.partial)
            for w in report.weeks] == [(1, 3, 2, 2, False, False), (2, 1, 1, 0, True, True)]
    out = md([session("steady/settle", 2, {"pain": 4}, {"pain": 3})], plan=report)
    assert "- **Pack and plan:** steady, plan two, started 2 Nov 2026, 2 weeks" in out
    assert re.search(r"\| 1 +\| 2 Nov 2026 to 8 Nov 2026 +\| +3 \| +2 \| +2 \|", out)
    assert re.search(r"\| 2 \(so far\) +\| 9 Nov 2026 to 10 Nov 2026 +\| +1 \| +1 \| +0 \|",
                     out)
    assert "Over these weeks: 3 of 4 suggested sessions (75 %) and 2 other sessions." in out
    assert "- **Plan adherence:** 75 % (3 of 4 suggested sessions done; 1 week counted " \
           "in part)" in out
    assert "not a score" in out
    assert "## Plan" not in md([session("steady/settle", 2, {"pain": 4}, {"pain": 3})])
    # Weeks wholly before --since are left out; a plan starting later says so.
    later = plan_report("steady", "two", start, plan, done, today=date(2026, 11, 10),
                        since=date(2026, 11, 9))
    assert [w.week for w in later.weeks] == [2]
    future = plan_report("steady", "two", start, plan, {}, today=date(2026, 10, 30))
    assert "first week falls after these dates" in md([], plan=future)


def test_immpact_bands() -> None:
    assert immpact_reading(10, 5) == "50 % lower: substantial (≥ 50 %); 2 points or more"
    assert immpact_reading(10, 7) == "30 % lower: moderate (≥ 30 %); 2 points or more"
    assert immpact_reading(5, 4.5) == "10 % lower: minimal (≥ 10 %)"
    assert immpact_reading(8, 7.5) == "6 % lower: below the 10 % of a minimal change"
    assert immpact_reading(4, 4) == "no change"
    assert immpact_reading(4, 5) == "25 % higher after"
    assert immpact_reading(0, 0) == "no pain before, so no percentage"
    assert immpact_reading(3, 1.1) == "63 % lower: substantial (≥ 50 %)"  # 1.9 points


def test_an_empty_log_says_so_politely_in_every_format() -> None:
    nothing = "There is nothing in the log for these dates yet"
    assert nothing in md([])
    page = html.render([], since=date(2026, 11, 1), until=None, with_notes=False)
    assert nothing in page and "from 1 Nov 2026" in page and "<svg" not in page
    assert "No pain or distress ratings" in svg.render([], since=None, until=None,
                                                         with_notes=False)
    bundle = json.loads(fhir.render([], since=None, until=None, with_notes=False))
    Bundle.model_validate(bundle)
    assert bundle["type"] == "collection" and "entry" not in bundle


# --- HTML and the chart ------------------------------------------------------------

EXTERNAL = re.compile(r"http|src\s*=|<script|<link|@import|url\(", re.IGNORECASE)


def test_html_stands_alone_and_escapes_everything(log: list[dict[str, Any]]) -> None:
    page = html.render(log, since=None, until=None, with_notes=False)
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 1
    assert EXTERNAL.search(page) is None, EXTERNAL.search(page)
    hostile = Scale("sleep", 'Slept? <img src="x" onerror="y">', 0, 10)
    shown = html.render(log, since=None, until=None, with_notes=False,
                        scales={"sleep": hostile})
    assert "<img" not in shown and "Slept? &lt;img src=&quot;x&quot; onerror=" in shown
    with_notes = html.render(log, since=None, until=None, with_notes=True)
    assert XSS not in with_notes and "<script" not in with_notes
    assert "felt calmer &lt;script&gt;alert(1)&lt;/script&gt;" in with_notes
    assert "maybe it eases &lt;script&gt;alert(1)&lt;/script&gt;" in with_notes
    assert "left out of this report" in page and "felt calmer" not in page


def test_html_has_print_css() -> None:
    page = html.render([check_in(3, pain=5)], since=None, until=None, with_notes=False)
    print_css = page[page.index("@media print"):page.index("</style>")]
    assert "color: #000" in print_css and "background: transparent" in print_css
    assert re.search(r"table, figure, svg[^{]*\{[^}]*page-break-inside: avoid", print_css)


def test_html_chart_holds_the_data_points(log: list[dict[str, Any]]) -> None:
    page = html.render(log, since=None, until=None, with_notes=False)
    chart = page[page.index("<svg"):page.index("</svg>") + 6]
    assert 'role="img"' in chart and 'aria-label="Chart of pain and distress' in chart
    assert "<title>Week of 2 Nov 2026: pain, weekly mean 5.8 (4 ratings)</title>" in chart
    assert "<title>2 Nov 2026, 09:00: pain, before practice: 6</title>" in chart
    assert "<title>9 Nov 2026, 09:10: pain, after practice: 3</title>" in chart
    # PEG check-ins (past week) are not in the chart.
    assert "7 Nov 2026, 20:00" not in chart
    # Also the numbers, as a table, for those who do not see the chart.
    assert '<td>2 Nov 2026</td><td>2 Nov 2026 to 8 Nov 2026</td><td class="num">5.8 (4)</td>' \
        in page


SVG = "{http://www.w3.org/2000/svg}"


def _svg(entries: list[dict[str, Any]]) -> ET.Element:
    return ET.fromstring(svg.render(entries, since=None, until=None, with_notes=False))


def _titled(root: ET.Element) -> dict[str, ET.Element]:
    return {t: p for p in root.iter() if p.get("class", "").startswith("point")
            and (t := p.findtext(f"{SVG}title"))}


def test_svg_is_well_formed_with_axes_legend_and_points_where_they_belong() -> None:
    entries = [session("p/x", 2, {"pain": 6, "distress": 4}, {"pain": 4, "distress": 2}),
               session("p/x", 6, {"pain": 8}, {"pain": 6}), check_in(4, pain=5)]
    root = _svg(entries)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert [str(v) for v in range(0, 11, 2)] == [t for t in texts if t and t.isdigit()]
    assert "2 Nov 2026" in texts and "6 Nov" in texts  # dates on the x axis
    assert {"pain, weekly mean", "distress, weekly mean", "pain, before practice",
            "pain, after practice", "distress, before practice",
            "distress, after practice"} <= set(texts)
    assert root.get("aria-label", "").startswith("Chart of pain and distress")
    assert root.find(f"{SVG}title") is not None
    # y: 0 at 230, 10 at 20; x: 2 Nov at the left edge (48), 6 Nov at the right (696);
    # before sits 4 left of its day, after 4 right.
    points = _titled(root)
    first = points["2 Nov 2026, 09:00: pain, before practice: 6"]
    assert (first.tag, first.get("cx"), first.get("cy")) == (f"{SVG}circle", "44", "104")
    last = points["6 Nov 2026, 09:10: pain, after practice: 6"]
    assert (last.tag, last.get("cx"), last.get("cy")) == (f"{SVG}circle", "700", "104")
    assert points["2 Nov 2026, 09:10: distress, after practice: 2"].tag == f"{SVG}polygon"
    # The weekly mean of pain: 6, 8 before practice and 5 at the check-in.
    assert "Week of 2 Nov 2026: pain, weekly mean 6.3 (3 ratings)" in points


def test_svg_series_differ_without_colour() -> None:
    entries = [session("p/x", 2, {"pain": 6, "distress": 4}, {"pain": 4, "distress": 2}),
               session("p/x", 10, {"pain": 5, "distress": 4}, {"pain": 3, "distress": 2})]
    root = _svg(entries)
    lines = {g.get("aria-label"): g.find(f"{SVG}polyline")
             for g in root.iter(f"{SVG}g") if "weekly" in g.get("class", "")}
    pain, distress = lines["pain, weekly mean"], lines["distress, weekly mean"]
    assert pain is not None and distress is not None
    assert pain.get("stroke-dasharray") is None and distress.get("stroke-dasharray")
    points = _titled(root)
    before = points["2 Nov 2026, 09:00: pain, before practice: 6"]
    after = points["2 Nov 2026, 09:10: pain, after practice: 4"]
    assert "filled" not in before.get("class", "") and "filled" in after.get("class", "")
    assert points["2 Nov 2026, 09:00: distress, before practice: 4"].tag == f"{SVG}polygon"


def test_a_week_with_several_ratings_shows_their_mean() -> None:
    root = _svg([session("p/x", 2, {"pain": 6}, {"pain": 3}),
                 session("p/x", 3, {"pain": 5}, {"pain": 4}, hour=18)])
    assert "Week of 2 Nov 2026: pain, weekly mean 5.5 (2 ratings)" in _titled(root)


# --- FHIR --------------------------------------------------------------------------

def _fhir(entries: list[dict[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fhir.render(entries, since=None, until=None,
                                                  with_notes=True))
    return data


def test_fhir_bundle_validates_and_maps_pain_to_loinc(log: list[dict[str, Any]]) -> None:
    data = _fhir(log)
    bundle = Bundle.model_validate(data)
    assert bundle.type == "collection" and data["timestamp"] == "2026-11-14T20:00:00+01:00"
    observations = [e["resource"] for e in data["entry"]]
    assert all(e["fullUrl"] == f"urn:uuid:{e['resource']['id']}" for e in data["entry"])
    assert all(o["status"] == "final" and "subject" not in o for o in observations)
    assert all(o["category"][0]["coding"][0] == {
        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
        "code": "survey", "display": "Survey"} for o in observations)
    pain = [o for o in observations if o["code"]["coding"][0]["code"] == "72514-3"]
    assert len(pain) == 11  # 4 sessions x 2, one check-in, two PEG check-ins
    assert all(o["code"]["coding"][0]["system"] == "http://loinc.org"
               and isinstance(o["valueInteger"], int) for o in pain)
    first = log[0]["ratings"][0]
    obs = next(o for o in observations if o["id"] == first["id"])
    assert obs["valueInteger"] == 6 and obs["effectiveDateTime"] == "2026-11-02T09:00:00+01:00"
    assert obs["method"]["text"] == "before practice"
    assert obs["note"][0]["text"] == "painpath practice session: painpath/body-scan; " \
                                     "asked before practice"


def test_fhir_other_scales_regions_and_peg(log: list[dict[str, Any]]) -> None:
    observations = [e["resource"] for e in _fhir(log)["entry"]]
    system = "https://painpath.invalid/fhir/CodeSystem/scale"
    other = [o for o in observations if o["code"]["coding"][-1]["system"] == system]
    codes = {o["code"]["coding"][-1]["code"] for o in other}
    assert codes == {"tension", "distress", "enjoyment", "activity", "sleep", "peg-score"}
    regions = {o["bodySite"]["text"]: o for o in observations if "bodySite" in o}
    assert set(regions) == {"lower-back", "feet"}
    assert regions["feet"]["valueInteger"] == 2 and regions["feet"]["method"]["text"] == \
        "during practice"
    assert "bodySite" not in next(o for o in other if o["code"]["coding"][0]["code"] == "sleep")
    scores = [o for o in other if o["code"]["coding"][-1]["code"] == "peg-score"]
    assert [s["valueQuantity"]["value"] for s in scores] == [5.0, 3.33]
    items = {f"urn:uuid:{r['id']}" for r in log[6]["ratings"]}
    assert {d["reference"] for d in scores[0]["derivedFrom"]} == items
    notes = json.dumps(_fhir(log))
    assert "felt calmer" not in notes and "never stop" not in notes  # never any notes


def test_fhir_is_deterministic_even_without_rating_ids(log: list[dict[str, Any]]) -> None:
    assert fhir.render(log, since=None, until=None, with_notes=False) == \
        fhir.render(log, since=None, until=None, with_notes=False)
    for entry in log:
        for rating in entry["ratings"]:
            del rating["id"]
    first = fhir.render(log, since=None, until=None, with_notes=False)
    assert first == fhir.render(list(reversed(log)), since=None, until=None, with_notes=False)
    Bundle.model_validate(json.loads(first))


def test_fhir_pack_scale_display_uses_its_question() -> None:
    sleep = Scale("sleep", "How well did you sleep last night?", 0, 10)
    out = json.loads(fhir.render([check_in(3, sleep=7)], since=None, until=None,
                                 with_notes=False, scales={"sleep": sleep}))
    assert out["entry"][0]["resource"]["code"]["coding"][0]["display"] == sleep.question


# --- through the command ------------------------------------------------------------

@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    return resolve(tmp_path / "data")


@pytest.fixture
def run(paths: Paths, capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str]]:
    def go(*argv: str) -> tuple[int, str]:
        code = main(["--data-dir", str(paths.data_dir), *argv])
        return code, capsys.readouterr().out

    return go


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[date]:
    today = date(2026, 11, 11)  # a Wednesday, in week 2 of a plan begun on 2 Nov
    monkeypatch.setattr(reports, "_today", lambda: today)
    yield today


def _local(day: int, hour: int = 12) -> datetime:
    return local_midnight(date(2026, 11, day)) + timedelta(hours=hour)


def _saved_session(exercise: str, day: int, status: str = "completed") -> Entry:
    start = _local(day)
    return Entry(type="session", exercise=exercise, started=start, status=status,
                 ended=start + timedelta(minutes=20), planned_s=1200.0, practiced_s=1200.0,
                 ratings=(Rating("pain", 6, "before", at=start),
                          Rating("pain", 4, "after", at=start + timedelta(minutes=20))),
                 answers=(Answer(0, XSS),), note="my own words")


def test_export_html_from_a_check_in(run: Callable[..., tuple[int, str]],
                                     tmp_path: Path) -> None:
    assert run("check-in", "--pain", "5", "--note", XSS)[0] == 0
    target = tmp_path / "report.html"
    code, out = run("export", "--format", "html", "-o", str(target))
    assert code == 0 and "Wrote 1 entry" in out
    page = target.read_text(encoding="utf-8")
    assert "<svg" in page and ": pain, weekly mean 5.0 (1 rating)</title>" in page
    assert EXTERNAL.search(page) is None and "left out of this report" in page
    code, _ = run("export", "--format", "html", "--with-notes", "-o", str(target))
    page = target.read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page


def test_export_md_with_the_active_plan(run: Callable[..., tuple[int, str]], paths: Paths,
                                        fixed_today: date) -> None:
    with Store.for_paths(paths) as store:
        for e in (_saved_session("painpath/body-scan", 2), _saved_session("painpath/body-scan", 3),
                  _saved_session("painpath/box-breathing", 4),
                  _saved_session("painpath/body-scan", 5, status="stopped"),
                  _saved_session("painpath/body-scan", 9)):
            store.save_entry(e)
    write_active(paths, ActivePlan("painpath", "eight-weeks", date(2026, 11, 2), "1.0.0"))
    code, out = run("export", "--format", "md")
    assert code == 0
    assert "- **Plan:** Eight weeks of home practice" in out
    assert "- **Pack and plan:** painpath 1.0.0, plan eight-weeks, started 2 Nov 2026, " \
           "8 weeks" in out
    assert re.search(r"\| 1 +\| 2 Nov 2026 to 8 Nov 2026 +\| +6 \| +2 \| +1 \|", out)
    assert re.search(r"\| 2 \(so far\) +\| 9 Nov 2026 to 11 Nov 2026 +\| +3 \| +1 \| +0 \|",
                     out)
    assert "my own words" not in out and "left out" in out
    assert re.search(r"\| Body scan \(30 minutes\) +\| +4 \|", out)  # installed: by title
    code, out = run("export", "--format", "md", "--with-notes", "--since", "2026-11-09")
    assert "> my own words" in out and r"\<script\>" in out
    assert "| 1 " not in out and "| 2 (so far)" in out


def test_a_damaged_plan_file_does_not_stop_the_report(run: Callable[..., tuple[int, str]],
                                                      paths: Paths) -> None:
    run("check-in", "--pain", "3")
    paths.plan_file.write_text("{not json", encoding="utf-8")
    code, out = run("export", "--format", "md")
    assert code == 0 and "is damaged" in out and "pain, weekly mean" in out
    assert re.search(r"^- \*\*Plan:\*\* .*is damaged", out, re.MULTILINE)


def test_export_uses_the_questions_of_installed_pack_scales(
        run: Callable[..., tuple[int, str]], paths: Paths) -> None:
    pack = paths.packs_dir / "steady"
    (pack / "exercises").mkdir(parents=True)
    (pack / "pack.toml").write_text(
        'format = 1\nid = "steady"\ntitle = "Steady"\nversion = "1.0.0"\n'
        '[[scales]]\nid = "sleep"\nquestion = "How well did you <b>sleep</b>?"\n'
        'min = 0\nmax = 10\nlow = "not at all"\nhigh = "very well"\n', encoding="utf-8")
    (pack / "exercises" / "settle.toml").write_text(
        'format = 1\nid = "settle"\ntitle = "Settle"\nkind = "grounding"\n'
        '[[steps]]\ntext = "Arrive."\nduration = "1m"\n', encoding="utf-8")
    assert run("check-in", "--scale", "sleep=7")[0] == 0
    code, out = run("export", "--format", "html")
    assert code == 0 and "How well did you &lt;b&gt;sleep&lt;/b&gt;?" in out
    code, out = run("export", "--format", "fhir")
    data = json.loads(out)
    Bundle.model_validate(data)
    coding = data["entry"][0]["resource"]["code"]["coding"][0]
    assert coding["code"] == "sleep" and coding["display"] == "How well did you <b>sleep</b>?"


def test_export_fhir_to_a_file(run: Callable[..., tuple[int, str]], tmp_path: Path) -> None:
    run("check-in", "--pain", "4", "--tension", "2")
    target = tmp_path / "bundle.json"
    assert run("export", "--format", "fhir", "-o", str(target))[0] == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    Bundle.model_validate(data)
    assert [e["resource"]["valueInteger"] for e in data["entry"]] == [4, 2]
    assert run("export", "--format", "fhir", "-o", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8")) == data
