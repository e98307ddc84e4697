"""FHIR: the client as a Patient when named, each scale's range, the PEG score's unit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from report_helpers import check_in, session

from painpath.cli import main
from painpath.format.models import Scale
from painpath.paths import resolve
from painpath.reports import fhir
from painpath.store import Entry, Rating, Store
from painpath.store.times import now_local

SUDS = Scale("suds", "How distressed do you feel (SUDS)?", 0, 100, "calm", "the worst")


def _bundle(entries: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(fhir.render(entries, **kw))
    Bundle.model_validate(data)
    return data


def _resources(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in data["entry"] if e["resource"]["resourceType"] == kind]


def test_a_named_client_is_a_patient_every_observation_refers_to() -> None:
    data = _bundle([session("painpath/body-scan", 2, {"pain": 6}, {"pain": 4}),
                    check_in(3, peg=True, pain=5, enjoyment=4, activity=3)],
                   client="Dana Levi")
    [patient] = _resources(data, "Patient")
    assert patient["name"] == [{"text": "Dana Levi"}]
    url = next(e["fullUrl"] for e in data["entry"] if e["resource"] is patient or
               e["resource"]["id"] == patient["id"])
    observations = _resources(data, "Observation")
    assert len(observations) == 6  # two session ratings, three PEG items, the PEG score
    assert all(o["subject"] == {"reference": url} for o in observations)


def test_without_a_name_the_bundle_names_no_one() -> None:
    data = _bundle([check_in(3, pain=5)])
    assert not _resources(data, "Patient")
    assert all("subject" not in o for o in _resources(data, "Observation"))
    assert "entry" not in _bundle([], client="Dana Levi")  # nothing to attach a name to


def test_each_rating_carries_its_scales_range() -> None:
    data = _bundle([check_in(3, distress=60, suds=60), check_in(4, distress=6)],
                   scales={"suds": SUDS})
    ranges = {(o["code"]["text"], o["valueInteger"]): o["referenceRange"][0]
              for o in _resources(data, "Observation")}
    assert ranges[("suds", 60)]["high"] == {"value": 100}
    assert ranges[("suds", 60)]["text"] == "the scale runs from 0 = calm to 100 = the worst"
    assert ranges[("distress", 6)]["high"] == {"value": 10}
    # A scale painpath does not know has no range, rather than a guessed one.
    unknown = _bundle([check_in(3, sleep=7)])
    assert "referenceRange" not in _resources(unknown, "Observation")[0]


def test_the_peg_score_has_its_loinc_code_and_unit() -> None:
    data = _bundle([check_in(3, peg=True, pain=5, enjoyment=4, activity=3)])
    [score] = [o for o in _resources(data, "Observation") if o["code"]["text"] == "PEG score"]
    assert score["code"]["coding"][0] == {"system": "http://loinc.org", "code": "91147-9",
                                          "display": "Mean score [PEG]"}
    assert score["code"]["coding"][1]["code"] == "peg-score"
    assert score["valueQuantity"] == {"value": 4.0, "unit": "score",
                                      "system": "http://unitsofmeasure.org", "code": "{score}"}
    assert score["referenceRange"][0]["low"] == {"value": 0}


def test_export_fhir_with_client_through_the_command(tmp_path: Path) -> None:
    paths = resolve(tmp_path / "data")
    when = now_local()
    with Store.for_paths(paths) as store:
        store.save_entry(Entry(type="check-in", started=when, status="completed",
                               ratings=(Rating("pain", 4, "check-in", at=when),)))
    target = tmp_path / "bundle.json"
    assert main(["--data-dir", str(paths.data_dir), "export", "--format", "fhir",
                 "--client", "Dana Levi", "-o", str(target)]) == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    Bundle.model_validate(data)
    [patient] = _resources(data, "Patient")
    [obs] = _resources(data, "Observation")
    assert obs["subject"]["reference"] == f"urn:uuid:{patient['id']}"


def test_bundle_text_is_the_bundle_with_one_entry_per_line() -> None:
    entries = [check_in(3, pain=5, distress=2), check_in(4, peg=True, pain=5, enjoyment=4,
                                                         activity=3)]
    text = fhir.render(entries, client="Dana")
    doc = fhir.bundle(fhir.load_entries(entries), None, "Dana")
    assert json.loads(text) == json.loads(json.dumps(doc))
    lines = text.splitlines()
    assert lines[0] == "{" and lines[-1] == "}" and '  "entry": [' in lines
    assert sum(line.startswith('    {"fullUrl"') for line in lines) == len(doc["entry"]) == 7
    assert fhir.render([], since=None, until=None).endswith("}\n")
