"""What painpath says about crisis and safety, worded once for every front end.

painpath's own emergency line is always shown where it is promised. A pack may
add its own crisis line (`crisis` in `pack.toml`, a therapist's local service);
it is shown beside painpath's line wherever a practice, or the active plan,
comes from that pack. The pack's words are someone else's text, so they are
cleaned to one plain line and said with the pack's name, never on their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Protocol

from painpath.text import clean_line

if TYPE_CHECKING:
    from painpath.format.models import Exercise, Pack

EMERGENCY_LINE = ("painpath is a practice aid, not treatment. "
                  "In a crisis, call your local emergency number.")
# Shorter, for places that already say what painpath is (after grounding).
EMERGENCY_SHORT = "If you are in danger or crisis, call your local emergency number."


class HasPacks(Protocol):
    packs: Mapping[str, Pack]


def pack_crisis(pack: Pack | None) -> str:
    """A pack's crisis line as one cleaned line with the pack's name, or ""."""
    if pack is None:
        return ""
    line = clean_line(pack.crisis)
    if not line:
        return ""
    return f"From {clean_line(pack.title) or clean_line(pack.id)}: {line}"


def crisis_lines(library: HasPacks, pack_ids: Iterable[str | None]) -> list[str]:
    """The crisis lines of these packs (each once, in order), for a practice or a plan."""
    lines: list[str] = []
    for pack_id in dict.fromkeys(pack_ids):
        line = pack_crisis(library.packs.get(pack_id or ""))
        if line and line not in lines:
            lines.append(line)
    return lines


def exercise_crisis(library: HasPacks, exercise: Exercise) -> str:
    """The crisis line of the pack this practice comes from, or ""."""
    return pack_crisis(library.packs.get(exercise.pack))
