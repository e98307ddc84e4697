"""Checking `pack.toml`: the pack's own fields and its rating scales.

`scales_in` reads the scales of a pack.toml that has an error of its own, so
its practices can still be checked against them (one slip, one message).
"""

from __future__ import annotations

from typing import Any

from painpath.format import values as v
from painpath.format.checker import Checker
from painpath.format.models import BUILTIN_SCALES, Scale
from painpath.format.validate import format_ok, optional_text, required_title
from painpath.text import clean_line

PACK_KEYS = ("format", "id", "title", "version", "author", "contact", "license",
             "description", "scales", "crisis")
SCALE_KEYS = ("id", "question", "min", "max", "low", "high", "distress_like")


def _version(value: Any) -> str:
    if not isinstance(value, str) or not v.VERSION_RULE.match(value):
        raise v.Invalid(f'expected a version like "1.2.0" (MAJOR.MINOR.PATCH, in quotes); '
                        f"found {v.describe(value)}")
    return value


def scale(c: Checker, raw: Any, n: int) -> Scale | None:
    path = f"scales[{n}]"
    if not isinstance(raw, dict):
        c.add(path, f"each scale should be a [[scales]] table; found {v.describe(raw)}")
        return None
    before = len(c.problems)
    c.unknown_keys(raw, SCALE_KEYS, path, top=PACK_KEYS)
    ident = c.get(raw, "id", path, v.identifier, required=True, example='id = "sleep"')
    if ident in BUILTIN_SCALES:
        c.add(f"{path}.id", f'"{ident}" is a built-in scale and cannot be redefined; choose '
              "another id for your scale")
    question = c.get(raw, "question", path, lambda x: v.text(x, max_len=200, min_len=1),
                     required=True, example='question = "How well did you sleep last night?"')
    low_n = c.get(raw, "min", path, lambda x: v.integer(x, low=0, high=100), default=0)
    high_n = c.get(raw, "max", path, lambda x: v.integer(x, low=0, high=100), default=10)
    low = c.get(raw, "low", path, lambda x: v.text(x, max_len=60), default="")
    high = c.get(raw, "high", path, lambda x: v.text(x, max_len=60), default="")
    distress_like = c.get(raw, "distress_like", path, v.boolean, default=False)
    if low_n is not None and high_n is not None and low_n >= high_n:
        c.add(f"{path}.max", f"`min` ({low_n}) must be smaller than `max` ({high_n})")
    if any(p.is_error for p in c.problems[before:]):
        return None
    return Scale(ident or "", clean_line(question or ""), low_n or 0,
                 high_n if high_n is not None else 10, clean_line(low or ""),
                 clean_line(high or ""), distress_like=bool(distress_like))


def pack_meta(c: Checker, data: dict[str, Any]) -> dict[str, Any] | None:
    """Check `pack.toml`; returns its fields (scales as models) or None."""
    if not format_ok(c, data):
        return None
    c.unknown_keys(data, PACK_KEYS, "")
    out: dict[str, Any] = {
        "id": c.get(data, "id", "", v.identifier, required=True,
                    example='id = "steady-ground"'),
        "title": required_title(c, data),
        "version": c.get(data, "version", "", _version, required=True,
                         example='version = "1.0.0"'),
        "author": clean_line(c.get(data, "author", "", lambda x: v.text(x, max_len=200)) or ""),
        "contact": clean_line(c.get(data, "contact", "", lambda x: v.text(x, max_len=200)) or ""),
        "license": clean_line(c.get(data, "license", "", lambda x: v.text(x, max_len=200)) or ""),
        "description": optional_text(c, data, "description", 20_000),
        "crisis": optional_text(c, data, "crisis", 500),
    }
    raw_scales = data.get("scales", [])
    scales: list[Scale] = []
    if isinstance(raw_scales, dict):
        c.add("scales", "write each scale under [[scales]], with two square brackets on each "
              "side; found [scales] with one. Use double brackets: [[scales]]")
    elif not isinstance(raw_scales, list):
        c.add("scales", f"expected [[scales]] tables; found {v.describe(raw_scales)}")
    else:
        seen: set[str] = set()
        for n, raw in enumerate(raw_scales, start=1):
            s = scale(c, raw, n)
            if s and s.id in seen:
                c.add(f"scales[{n}].id", f'the scale "{s.id}" is defined twice')
            elif s:
                seen.add(s.id)
                scales.append(s)
    out["scales"] = tuple(scales)
    return None if c.failed else out


def scales_in(data: dict[str, Any]) -> tuple[tuple[Scale, ...], bool]:
    """Every scale a pack.toml with an error still names by a usable id; and whether all are.

    Its practices are checked against these, so one mistake in pack.toml (a
    typo in `version`, `max = 1000` on a scale) is not reported again at
    every use of the pack's scales. A scale that has its own error stands in
    with its id alone: the pack is refused for that error already.
    """
    raw = data.get("scales", [])
    complete = isinstance(raw, list)
    found: dict[str, Scale] = {}
    for n, item in enumerate(raw if isinstance(raw, list) else [], start=1):
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or not v.ID_RULE.match(ident):
            complete = False
        elif ident not in BUILTIN_SCALES and ident not in found:
            found[ident] = scale(Checker(""), item, n) or Scale(ident, ident)
    return tuple(found.values()), complete
