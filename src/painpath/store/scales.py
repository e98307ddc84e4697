"""Which numbers a scale accepts, for check-ins typed at the command line or in the app.

Built-in scales run 0–10. A pack may define its own (FORMAT.md: whole numbers
within 0–100); a scale painpath does not know (its pack was removed, say) is
accepted from 0 to 100 so a person's own numbers are never turned away.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from painpath.format.models import BUILTIN_SCALES, Scale

if TYPE_CHECKING:
    from painpath.library import Library


def known_scales(library: Library | None) -> dict[str, Scale]:
    """Built-in scales plus those of the library's packs (if a library is given)."""
    return dict(library.scales()) if library is not None else dict(BUILTIN_SCALES)


def scale_for(scale_id: str, known: Mapping[str, Scale]) -> Scale:
    """The scale by id, or an open 0–100 scale for one painpath does not know."""
    return known.get(scale_id) or Scale(scale_id, "", 0, 100)


def range_problem(scale: Scale, value: int) -> str | None:
    """Plain words when `value` is outside the scale, else None."""
    if scale.min <= value <= scale.max:
        return None
    return f"{scale.id} is rated from {scale.min} to {scale.max}; {value} is outside that."
