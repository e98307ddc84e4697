"""Property-based tests: the loader never raises on content, and valid files round-trip.

(a) arbitrary bytes, as an exercise file, a pack folder's files or a .zip;
(b) arbitrary TOML documents mixing the real keys with random values of random
    types (serialised by the tiny writer below: tomli_w is not a dependency);
(c) exercises generated from the rules in FORMAT.md always load with no
    problem at all, and every field comes back as written (after cleaning).
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painpath.format import packmeta, planfile, validate
from painpath.format.checker import Checker
from painpath.format.loader import exercise_from_bytes, load_folder, load_zip
from painpath.format.models import BUILTIN_SCALES, KINDS, REGIONS
from painpath.text import clean, clean_line

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FAST = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# --- a tiny TOML writer ---------------------------------------------------------------

_BARE = re.compile(r"^[A-Za-z0-9_-]+$")


def toml_key(key: str) -> str:
    return key if _BARE.fullmatch(key) else toml_str(key)


def toml_str(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return toml_str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}"
                                for k, v in value.items()) + " }"
    raise TypeError(type(value))


def to_toml(doc: dict[str, Any]) -> str:
    """Scalars first, then `[table]`s, then `[[array]]`s of tables, as people write them."""
    lines: list[str] = []
    later: list[str] = []
    for key, value in doc.items():
        if isinstance(value, dict) and value:
            later.append(f"\n[{toml_key(key)}]")
            later += [f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()]
        elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for table in value:
                later.append(f"\n[[{toml_key(key)}]]")
                later += [f"{toml_key(k)} = {toml_value(v)}" for k, v in table.items()]
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    return "\n".join(lines + later) + "\n"


# --- strategies -------------------------------------------------------------------------

REAL_KEYS = sorted({*validate.EXERCISE_KEYS, *validate.STEP_KEYS, *validate.BREATH_KEYS,
                    *packmeta.PACK_KEYS, *packmeta.SCALE_KEYS, *planfile.PLAN_KEYS,
                    *planfile.ASSIGN_KEYS, "before", "after"})
keys = st.one_of(st.sampled_from(REAL_KEYS), st.text(min_size=1, max_size=12))
scalars = st.one_of(
    st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["1m", "90s", "1h", "pain", "feet", "body-scan", "3-8", "daily", "1.0.0",
                     "../x.ogg", "a.ogg", "en", "mon"]),
    st.dates())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12)
documents = st.dictionaries(keys, values, max_size=10).map(
    lambda d: {"format": 1, **d} if "format" not in d else d)


@st.composite
def step_tables(draw: st.DrawFn) -> dict[str, Any]:
    return draw(st.dictionaries(st.sampled_from(validate.STEP_KEYS), values, max_size=6))


tomlish = st.fixed_dictionaries(
    {"format": st.one_of(st.just(1), values)},
    optional={"id": values, "title": values, "kind": st.one_of(st.sampled_from(KINDS), values),
              "ratings": st.dictionaries(st.sampled_from(["before", "after", "during"]),
                                         values, max_size=3),
              "steps": st.lists(step_tables(), max_size=4)})


# --- (a) arbitrary bytes -------------------------------------------------------------


@FAST
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    ex, problems = exercise_from_bytes(raw, "any.toml")
    assert ex is None or not any(p.is_error for p in problems)
    assert ex is not None or any(p.is_error for p in problems)


@FAST
@given(st.binary(max_size=300), st.binary(max_size=300))
def test_arbitrary_bytes_as_a_zip_never_raise(head: bytes, tail: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pack.zip"
        path.write_bytes(head + tail)
        loaded = load_zip(path)
        assert loaded.problems, "random bytes are never a pack"


entry_names = st.text(alphabet="abc./\\:-_", min_size=1, max_size=12).filter(
    lambda n: not n.endswith("/"))


@FAST
@given(st.dictionaries(st.one_of(st.sampled_from(
    ["pack.toml", "exercises/a.toml", "plan.toml", "plans/b.toml", "top/pack.toml"]),
    entry_names), st.binary(max_size=120), max_size=6))
def test_zips_of_random_entries_never_raise(entries: dict[str, bytes]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pack.zip"
        path.write_bytes(buffer.getvalue())
        load_zip(path)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200), st.binary(max_size=200), st.binary(max_size=200))
def test_pack_folder_of_random_bytes_never_raises(pack: bytes, ex: bytes, plan: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "exercises").mkdir()
        (root / "pack.toml").write_bytes(pack)
        (root / "exercises" / "a.toml").write_bytes(ex)
        (root / "plan.toml").write_bytes(plan)
        loaded = load_folder(root)
        assert loaded.problems, "random bytes are never a valid pack.toml"


# --- (b) arbitrary TOML documents ----------------------------------------------------


def _check_writer(doc: dict[str, Any], text: str) -> None:
    """The writer itself must be right, or the test proves nothing."""
    parsed = tomllib.loads(text)
    assert parsed.keys() == doc.keys()


@FAST
@given(st.one_of(documents, tomlish))
def test_arbitrary_toml_documents_never_raise(doc: dict[str, Any]) -> None:
    text = to_toml(doc)
    _check_writer(doc, text)
    ex, problems = exercise_from_bytes(text.encode(), "doc.toml")
    assert (ex is None) == any(p.is_error for p in problems)
    for p in problems:
        assert p.message and p.file == "doc.toml"
        assert p.line is None or 1 <= p.line <= text.count("\n") + 1
    data = tomllib.loads(text)
    packmeta.pack_meta(Checker("pack.toml", text), data)
    planfile.plan(Checker("plan.toml", text), data, planfile.PlanContext("p", {"a", "b"}))


# --- (c) valid exercises round-trip --------------------------------------------------

ids = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,63}\Z")
words = st.text(alphabet=st.characters(categories=("L", "N", "P", "S")), min_size=1,
                max_size=12)
line_text = st.lists(words, min_size=1, max_size=6).map(" ".join)


def bounded(max_len: int) -> st.SearchStrategy[str]:
    return line_text.filter(lambda t: len(t) <= max_len)


prose = st.lists(st.one_of(words, st.sampled_from([" ", "\n", "\n\n", "\t"])),
                 min_size=1, max_size=20).map("".join).filter(lambda t: t.strip())


@st.composite
def durations(draw: st.DrawFn, low: int = 1, high: int = 10_800) -> tuple[Any, int]:
    seconds = draw(st.integers(min_value=low, max_value=high))
    if draw(st.booleans()):
        return seconds, seconds
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    text = "".join(f"{n}{unit}" for n, unit in ((h, "h"), (m, "m"), (s, "s")) if n)
    return text, seconds


phase = st.floats(min_value=0, max_value=60, allow_nan=False)
positive_phase = st.floats(min_value=0, max_value=60, exclude_min=True, allow_nan=False)


@st.composite
def valid_steps(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A step table and the Step fields it must load as."""
    text = draw(prose)
    raw: dict[str, Any] = {"text": text}
    want: dict[str, Any] = {"text": clean(text), "duration": None, "breath": None,
                            "cycles": None, "count": None, "entry": False,
                            "bells_every": None}
    way = draw(st.sampled_from(["timed", "breath", "count", "entry"]))
    if way == "timed":
        raw["duration"], want["duration"] = draw(durations())
        if want["duration"] > 1 and draw(st.booleans()):
            raw["bells_every"], want["bells_every"] = draw(
                durations(high=want["duration"] - 1))
    elif way == "breath":
        breath = {"inhale": draw(positive_phase), "exhale": draw(positive_phase)}
        for key in ("hold", "rest"):
            if draw(st.booleans()):
                breath[key] = draw(phase)
        raw["breath"] = breath
        raw["cycles"] = want["cycles"] = draw(st.integers(min_value=1, max_value=500))
        want["breath"] = (breath["inhale"], breath.get("hold", 0.0), breath["exhale"],
                          breath.get("rest", 0.0))
    else:
        if way == "count":
            raw["count"] = want["count"] = draw(st.integers(min_value=1, max_value=20))
        else:
            raw["entry"] = want["entry"] = True
        if draw(st.booleans()):
            raw["duration"], want["duration"] = draw(durations())
    if draw(st.booleans()):
        raw["title"] = draw(bounded(80))
    want["title"] = clean_line(raw.get("title", ""))
    for key, strategy in (("region", st.sampled_from(REGIONS)),
                          ("rate", st.sampled_from(sorted(BUILTIN_SCALES))),
                          ("bell", st.booleans())):
        if draw(st.booleans()):
            raw[key] = draw(strategy)
    want["region"], want["rate"] = raw.get("region"), raw.get("rate")
    want["bell"] = raw.get("bell", True)
    return raw, want


scale_lists = st.lists(st.sampled_from(sorted(BUILTIN_SCALES)), max_size=5, unique=True)


@st.composite
def valid_exercises(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], list[Any]]:
    doc: dict[str, Any] = {"format": 1, "id": draw(ids), "title": draw(bounded(80)),
                           "kind": draw(st.sampled_from(KINDS))}
    optional = {"summary": bounded(200), "description": prose, "content_note": prose,
                "tags": st.lists(words.filter(lambda w: len(w) <= 32), max_size=4),
                "author": bounded(200), "license": st.sampled_from(["CC-BY-4.0", "MIT"]),
                "language": st.sampled_from(["en", "pt-BR", "de", "fr-CA", "nl"])}
    for key, strategy in optional.items():
        if draw(st.booleans()):
            doc[key] = draw(strategy)
    ratings = draw(st.fixed_dictionaries({}, optional={"before": scale_lists,
                                                       "after": scale_lists}))
    if ratings or draw(st.booleans()):
        doc["ratings"] = ratings
    pairs = draw(st.lists(valid_steps(), min_size=1, max_size=6))
    doc["steps"] = [raw for raw, _ in pairs]
    return doc, ratings, [want for _, want in pairs]


@FAST
@given(valid_exercises())
def test_valid_exercises_load_cleanly_and_round_trip(
        generated: tuple[dict[str, Any], dict[str, Any], list[Any]]) -> None:
    doc, ratings, want_steps = generated
    text = to_toml(doc)
    ex, problems = exercise_from_bytes(text.encode(), "valid.toml", pack="mine")
    assert problems == []
    assert ex is not None
    assert (ex.id, ex.qualified_id, ex.kind) == (doc["id"], f"mine/{doc['id']}", doc["kind"])
    assert ex.title == clean_line(doc["title"])
    assert ex.summary == clean(doc.get("summary", ""))
    assert ex.description == clean(doc.get("description", ""))
    assert ex.content_note == clean(doc.get("content_note", ""))
    assert ex.tags == tuple(clean_line(t) for t in doc.get("tags", []))
    assert ex.author == clean_line(doc.get("author", ""))
    assert ex.license == doc.get("license", "")
    assert ex.language == doc.get("language", "en")
    assert ex.ratings_before == tuple(ratings.get("before", ("pain", "tension")))
    assert ex.ratings_after == tuple(ratings.get("after", ("pain", "tension")))
    assert ex.source == "valid.toml" and ex.content_hash.startswith("sha256:")
    assert len(ex.steps) == len(want_steps)
    for step, want in zip(ex.steps, want_steps, strict=True):
        got = {key: getattr(step, key) for key in want if key != "breath"}
        assert got == {k: v for k, v in want.items() if k != "breath"}
        if want["breath"] is None:
            assert step.breath is None
        else:
            assert step.breath is not None
            assert (step.breath.inhale, step.breath.hold, step.breath.exhale,
                    step.breath.rest) == want["breath"]
            assert step.limit_seconds == step.breath.cycle_seconds * want["cycles"]
    assert ex.total_seconds == round(sum(s.planned_seconds for s in ex.steps))
