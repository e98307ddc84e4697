"""The ratings as a FHIR R4 Bundle of Observations, for a clinic's record system.

One Observation per rating; nothing else from the log (no notes, no written
answers, no session details beyond the exercise's id). No patient unless the
person asks (`export --client NAME`): then a Patient resource with that name as
its text, and every Observation's `subject` refers to it; without it the file
names no one, and whoever imports it attaches it to the right record.

- Every Observation: `status` final, `category` survey
  (terminology.hl7.org observation-category), `effectiveDateTime` (when the
  rating was given, else when the entry began, with its UTC offset),
  `valueInteger`, `method.text` saying when it was asked (before, during or after
  practice, or a check-in) and `note` naming the exercise.
- Pain: LOINC 72514-3, "Pain severity - 0-10 verbal numeric rating [Score] -
  Reported".
- Every other scale (tension, distress, enjoyment, activity, a pack's own): the
  painpath code system `SCALE_SYSTEM`, code = the scale id. The address is only
  an identifier (`.invalid` can never resolve); nothing is fetched from it.
- A region (a body scan's step) is `bodySite.text`.
- Every rating carries its scale's range as `referenceRange` (low, high and the
  end words), so a 0–100 SUDS is told apart from a 0–10 one; a scale painpath
  does not know has none.
- A PEG check-in also gets its score: LOINC 91147-9 "Mean score [PEG]" and the
  painpath code `peg-score`, `valueQuantity` (the mean of the three items, unit
  UCUM `{score}`), range 0–10, `derivedFrom` the three items. The PEG items keep
  the codes above (pain as 72514-3, enjoyment and activity in painpath's
  system): the LOINC item codes could not be confirmed (see docs/therapists.md).

Ids are the ratings' own UUIDs (or a UUID5 derived from the entry), the bundle's
id a UUID5 of its contents and its timestamp the newest time in the log, so the
same log always gives the same file, byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from painpath.format.models import Scale
from painpath.reports.plan_weeks import PlanReport
from painpath.reports.summary import (
    PHASE_WORDS,
    derived_id,
    load_entries,
    scale_question,
)
from painpath.store.records import PEG_SCALES, Entry, Rating
from painpath.store.times import to_iso, utc_key
from painpath.text import clean_line, json_for_terminal

LOINC = "http://loinc.org"
PAIN_CODE = "72514-3"
PAIN_DISPLAY = "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category"
SCALE_SYSTEM = "https://painpath.invalid/fhir/CodeSystem/scale"
PEG_SCORE_CODE = "peg-score"
PEG_SCORE_LOINC = {"system": LOINC, "code": "91147-9", "display": "Mean score [PEG]"}
UCUM = "http://unitsofmeasure.org"


def _code(scale_id: str, scales: Mapping[str, Scale] | None) -> dict[str, Any]:
    if scale_id == "pain":
        return {"coding": [{"system": LOINC, "code": PAIN_CODE, "display": PAIN_DISPLAY}],
                "text": "pain"}
    scale = scale_question(scale_id, scales)
    coding: dict[str, Any] = {"system": SCALE_SYSTEM, "code": scale_id}
    if scale is not None and scale.question:
        coding["display"] = clean_line(scale.question)
    return {"coding": [coding], "text": scale_id}


def _what(entry: Entry) -> str:
    if entry.type == "session":
        return f"practice session: {clean_line(entry.exercise or '?')}"
    return "PEG check-in (pain = average over the past week)" if entry.peg else "check-in"


def _note(entry: Entry, rating: Rating) -> str:
    text = f"painpath {_what(entry)}"
    if entry.type == "session":
        text += f"; asked {PHASE_WORDS.get(rating.phase, rating.phase)}"
    return text + (f", at the end of step {rating.step + 1}" if rating.step is not None else "")


def _range(scale: Scale | None) -> list[dict[str, Any]]:
    """The scale's whole range, as the Observation's `referenceRange` (empty if unknown)."""
    if scale is None:
        return []
    low = f"{scale.min} = {clean_line(scale.low)}" if scale.low else str(scale.min)
    high = f"{scale.max} = {clean_line(scale.high)}" if scale.high else str(scale.max)
    return [{"low": {"value": scale.min}, "high": {"value": scale.max},
             "text": f"the scale runs from {low} to {high}"}]


def observation_id(entry: Entry, rating: Rating) -> str:
    """The rating's own UUID (the log gives every rating one)."""
    return rating.id or derived_id(entry.id, "rating", rating.scale, rating.phase)


def _observation(entry: Entry, rating: Rating, scales: Mapping[str, Scale] | None,
                 subject: dict[str, str] | None) -> dict[str, Any]:
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": observation_id(entry, rating),
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "survey",
                                  "display": "Survey"}]}],
        "code": _code(rating.scale, scales),
        **({"subject": subject} if subject else {}),
        "effectiveDateTime": to_iso(rating.at or entry.started),
        "valueInteger": rating.value,
        "method": {"text": PHASE_WORDS.get(rating.phase, rating.phase)},
        "note": [{"text": _note(entry, rating)}],
    }
    ranges = _range(scale_question(rating.scale, scales))
    if ranges:
        obs["referenceRange"] = ranges
    if rating.region:
        obs["bodySite"] = {"text": clean_line(rating.region)}
    return obs


def _peg_score(entry: Entry, items: list[dict[str, Any]], subject: dict[str, str] | None
               ) -> dict[str, Any] | None:
    score = entry.peg_score
    if score is None:
        return None
    by_scale = {o["code"]["text"]: o for o in items}
    return {
        "resourceType": "Observation",
        "id": derived_id(entry.id, PEG_SCORE_CODE),
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY_SYSTEM, "code": "survey",
                                  "display": "Survey"}]}],
        "code": {"coding": [PEG_SCORE_LOINC,
                            {"system": SCALE_SYSTEM, "code": PEG_SCORE_CODE,
                             "display": "PEG score: mean of pain, interference with "
                                        "enjoyment of life and interference with "
                                        "general activity (0-10)"}], "text": "PEG score"},
        **({"subject": subject} if subject else {}),
        "effectiveDateTime": to_iso(entry.started),
        "valueQuantity": {"value": round(score, 2), "unit": "score", "system": UCUM,
                          "code": "{score}"},
        "referenceRange": [{"low": {"value": 0}, "high": {"value": 10},
                            "text": "the score runs from 0 to 10 (the mean of three 0-10 "
                                    "items; lower is less pain and interference)"}],
        "method": {"text": "check-in"},
        "derivedFrom": [{"reference": f"urn:uuid:{by_scale[s]['id']}"}
                        for s in PEG_SCALES if s in by_scale],
    }


def _newest(entries: list[Entry]) -> datetime | None:
    times = [t for e in entries
             for t in (e.started, e.ended, e.updated, *(r.at for r in e.ratings)) if t]
    return max(times, key=utc_key) if times else None


def _patient(client: str) -> dict[str, Any]:
    """The person, named only as they asked: their name as text, nothing else."""
    return {"resourceType": "Patient", "id": derived_id("patient", client),
            "name": [{"text": client}]}


def bundle(entries: list[Entry], scales: Mapping[str, Scale] | None = None,
           client: str = "") -> dict[str, Any]:
    """The Bundle as a dict, ready for JSON."""
    resources: list[dict[str, Any]] = []
    subject = None
    if client:
        patient = _patient(clean_line(client))
        resources.append(patient)
        subject = {"reference": f"urn:uuid:{patient['id']}"}
    for entry in entries:
        items = [_observation(entry, r, scales, subject) for r in entry.ratings]
        resources += items
        if entry.peg:
            peg = _peg_score(entry, [o for o, r in zip(items, entry.ratings, strict=True)
                                     if r.phase == "check-in" and r.scale in PEG_SCALES],
                             subject)
            if peg is not None:
                resources.append(peg)
    doc: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": derived_id("bundle", *(r["id"] for r in resources)),
        "type": "collection",
    }
    newest = _newest(entries)
    if newest is not None:
        doc["timestamp"] = to_iso(newest)
    if entries and resources:
        doc["entry"] = [{"fullUrl": f"urn:uuid:{r['id']}", "resource": r} for r in resources]
    return doc


def render(entries: list[dict[str, Any]], *, since: date | None = None,
           until: date | None = None, with_notes: bool = False,
           plan: PlanReport | None = None, scales: Mapping[str, Scale] | None = None,
           client: str | None = None) -> str:
    """The Bundle as JSON. Notes are never included, so `with_notes` changes nothing;
    an empty log gives a valid Bundle with no entries (and no Patient)."""
    return bundle_text(bundle(load_entries(entries), scales, client or ""))


def bundle_text(doc: dict[str, Any]) -> str:
    """The Bundle as JSON text: its own fields indented, one resource entry per line.

    Still easy to read and to diff, and each entry is written by Python's C JSON
    encoder (an indented document is written in pure Python, about three times
    slower: 37 s for a 20,000-session log). Safe to print, as `dumps` is.
    """
    entries = doc.get("entry")
    head = json.dumps({k: v for k, v in doc.items() if k != "entry"}, ensure_ascii=False,
                      indent=2, allow_nan=False)
    if entries:
        lines = ",\n".join("    " + json.dumps(e, ensure_ascii=False, allow_nan=False)
                           for e in entries)
        head = head[:-2] + ',\n  "entry": [\n' + lines + "\n  ]\n}"
    return json_for_terminal(head) + "\n"
