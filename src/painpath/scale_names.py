"""What a scale is called where people read it: one place, for every surface.

The PEG's second and third items ask how much pain *interfered* with
enjoyment of life and with general activity. Their stored ids stay
`enjoyment` and `activity` (logs, exports and packs use them), but a bare
"enjoyment 7" reads as a good week when it means pain got in the way a lot,
so wherever a person reads them they are named as interference.
"""

from __future__ import annotations

from painpath.text import clean_line

# Lower case, for the middle of a sentence; `scale_name` capitalises.
SCALE_WORDS: dict[str, str] = {
    "enjoyment": "interference with enjoyment of life",
    "activity": "interference with general activity",
}
# Short forms for narrow places (table columns, CSV headers).
SHORT_WORDS: dict[str, str] = {
    "enjoyment": "interference with enjoyment",
    "activity": "interference with activity",
}


def scale_words(scale_id: str) -> str:
    """`pain` → `pain`, `enjoyment` → `interference with enjoyment of life`,
    `sleep-quality` → `sleep quality`."""
    if scale_id in SCALE_WORDS:
        return SCALE_WORDS[scale_id]
    return clean_line(scale_id).replace("-", " ").replace("_", " ").strip()


def scale_name(scale_id: str) -> str:
    """The same, starting with a capital letter (a heading, a column, a summary line)."""
    words = scale_words(scale_id)
    return words[:1].upper() + words[1:]


def short_name(scale_id: str) -> str:
    """A shorter name for narrow columns, still saying interference for the PEG."""
    words = SHORT_WORDS.get(scale_id) or scale_words(scale_id)
    return words[:1].upper() + words[1:]
