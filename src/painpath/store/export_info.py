"""What a JSON export says about itself besides its entries: whose it is, and its scales.

An export made with `--client NAME` carries `"client": NAME`, so a therapist
reviewing several exports side by side sees whose each one is. Every export
carries `"scales"`: the definitions (id, question, range, end labels) of the
scales its entries use, as the person's painpath knew them, so a reviewer
whose painpath does not have that pack still shows a 0–10 pack scale on 0–10.

Both come from a file someone else made, so they are read defensively: a
value of the wrong kind, or a scale whose range is not whole numbers within
0–100 with the minimum below the maximum, is left out (the entries are still
all shown; an unknown scale is drawn on 0–100), text is one clean line cut to
a bound, and at most `MAX_SCALES` definitions are read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from painpath.format.models import Scale
from painpath.format.values import ID_RULE
from painpath.text import clean_line

MAX_SCALES = 200  # far more than any pack defines
MAX_TEXT = 300  # a question or a name longer than this is cut


@dataclass(frozen=True)
class ExportInfo:
    """The client's name (empty when not given) and the scales defined in an export."""

    client: str = ""
    scales: Mapping[str, Scale] = field(default_factory=dict)


def scale_definition(scale: Scale) -> dict[str, Any]:
    """One scale as an export writes it."""
    return {"id": scale.id, "question": scale.question, "min": scale.min, "max": scale.max,
            "low": scale.low, "high": scale.high}


def definitions(used: Iterable[str], known: Mapping[str, Scale]) -> list[dict[str, Any]]:
    """The definitions of the `used` scales painpath knows, in the order of `used`."""
    return [scale_definition(known[s]) for s in used if s in known]


def _text(value: Any) -> str:
    return clean_line(value)[:MAX_TEXT].strip() if isinstance(value, str) else ""


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _scale(raw: Any) -> Scale | None:
    if not isinstance(raw, Mapping):
        return None
    ident, low, high = raw.get("id"), _whole(raw.get("min")), _whole(raw.get("max"))
    if not isinstance(ident, str) or not ID_RULE.match(ident) or len(ident) > 64:
        return None
    if low is None or high is None or not 0 <= low < high <= 100:
        return None
    return Scale(ident, _text(raw.get("question")), low, high, _text(raw.get("low")),
                 _text(raw.get("high")))


def read_info(data: Mapping[str, Any]) -> ExportInfo:
    """The client's name and scale definitions of an export's top-level table."""
    raw = data.get("scales")
    scales: dict[str, Scale] = {}
    if isinstance(raw, list):
        for item in raw[:MAX_SCALES]:
            scale = _scale(item)
            if scale is not None:
                scales.setdefault(scale.id, scale)
    return ExportInfo(_text(data.get("client")), scales)
