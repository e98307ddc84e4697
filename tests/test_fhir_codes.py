"""FHIR export: every pain rating is coded as LOINC 72514-3 with LOINC's exact display name."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from painpath.cli import main
from painpath.paths import resolve
from painpath.store import Entry, Rating, Store

CET = timezone(timedelta(hours=1))
START = datetime(2026, 11, 20, 9, 0, tzinfo=CET)

# Written out here, not imported, so a change in fhir.py cannot change the expectation.
PAIN_CODING = {
    "system": "http://loinc.org",
    "code": "72514-3",
    "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
}


def _entries() -> list[Entry]:
    later = START + timedelta(minutes=10)
    session = Entry(
        type="session", exercise="painpath/body-scan", started=START, ended=later,
        status="completed", planned_s=600.0, practiced_s=600.0, furthest_step=3, updated=later,
        ratings=(Rating(scale="pain", value=6, phase="before", at=START),
                 Rating(scale="tension", value=5, phase="before", at=START),
                 Rating(scale="pain", value=4, phase="during", region="lower back", step=1,
                        at=START + timedelta(minutes=5)),
                 Rating(scale="pain", value=3, phase="after", at=later)))
    evening = START + timedelta(hours=11)
    peg = Entry(type="check-in", started=evening, ended=evening, status="completed", peg=True,
                updated=evening,
                ratings=tuple(Rating(scale=s, value=v, phase="check-in", at=evening)
                              for s, v in (("pain", 5), ("enjoyment", 4), ("activity", 3))))
    return [session, peg]


def test_pain_observations_carry_loinc_72514_3_with_its_exact_display(tmp_path: Path) -> None:
    paths = resolve(tmp_path / "data")
    with Store.for_paths(paths) as store:
        for entry in _entries():
            store.save_entry(entry)
    target = tmp_path / "bundle.json"
    assert main(["--data-dir", str(paths.data_dir), "export", "--format", "fhir",
                 "-o", str(target)]) == 0
    data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
    Bundle.model_validate(data)
    observations = [e["resource"] for e in data["entry"]]

    pain = [o for o in observations if o["code"].get("text") == "pain"]
    assert sorted(o["valueInteger"] for o in pain) == [3, 4, 5, 6]  # every pain rating
    for obs in pain:
        assert obs["code"]["coding"] == [PAIN_CODING]
    [regional] = [o for o in pain if "bodySite" in o]
    assert regional["bodySite"] == {"text": "lower back"} and regional["valueInteger"] == 4

    others = [o for o in observations if o not in pain]
    assert {o["code"]["text"] for o in others} == {"tension", "enjoyment", "activity",
                                                   "PEG score"}
    assert all(c["system"] != "http://loinc.org" and c["code"] != "72514-3"
               for o in others if o["code"]["text"] != "PEG score"
               for c in o["code"]["coding"])
    # The PEG score: LOINC's "Mean score [PEG]", and painpath's own code beside it.
    [score] = [o for o in others if o["code"]["text"] == "PEG score"]
    assert [c["code"] for c in score["code"]["coding"]] == ["91147-9", "peg-score"]
