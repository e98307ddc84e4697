"""Export entries for the report tests, built as `painpath export` hands them over."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from painpath.reports import markdown

CET = timezone(timedelta(hours=1))
XSS = "<script>alert(1)</script>"


def at(day: int, hour: int = 9, minute: int = 0) -> str:
    """A time in November 2026 on a +01:00 clock, as the export writes it."""
    return datetime(2026, 11, day, hour, minute, tzinfo=CET).isoformat()


def _id() -> str:
    return str(uuid.uuid4())


def session(exercise: str, day: int, before: dict[str, int], after: dict[str, int], *,
            status: str = "completed", minutes: float = 10, note: str | None = None,
            answers: tuple[str, ...] = (), during: tuple[tuple[str, str, int], ...] = (),
            hour: int = 9) -> dict[str, Any]:
    start = at(day, hour)
    end = at(day, hour, int(minutes))
    ratings = [{"id": _id(), "scale": s, "value": v, "phase": "before", "region": None,
                "step": None, "at": start} for s, v in before.items()]
    ratings += [{"id": _id(), "scale": s, "value": v, "phase": "during", "region": region,
                 "step": i, "at": start} for i, (region, s, v) in enumerate(during)]
    ratings += [{"id": _id(), "scale": s, "value": v, "phase": "after", "region": None,
                 "step": None, "at": end} for s, v in after.items()]
    return {"id": _id(), "type": "session", "exercise": exercise, "started": start,
            "ended": end, "status": status, "planned_s": 600.0, "practiced_s": minutes * 60,
            "furthest_step": 3, "ratings": ratings,
            "entries": [{"id": _id(), "step": i, "text": t, "at": end}
                        for i, t in enumerate(answers)],
            "note": note, "peg": False, "content_hash": None, "pack_version": "1.0.0",
            "updated": end}


def check_in(day: int, *, peg: bool = False, note: str | None = None, hour: int = 20,
             **values: int) -> dict[str, Any]:
    when = at(day, hour)
    return {"id": _id(), "type": "check-in", "exercise": None, "started": when, "ended": when,
            "status": "completed", "planned_s": None, "practiced_s": None,
            "ratings": [{"id": _id(), "scale": s, "value": v, "phase": "check-in",
                         "region": None, "step": None, "at": when} for s, v in values.items()],
            "entries": [], "note": note, "peg": peg, "updated": when}


def md(entries: list[dict[str, Any]], **kw: Any) -> str:
    kw.setdefault("since", None)
    kw.setdefault("until", None)
    kw.setdefault("with_notes", False)
    return markdown.render(entries, **kw)
