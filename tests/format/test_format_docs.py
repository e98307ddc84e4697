"""The examples in docs/format.md are real: together they make a pack that loads cleanly."""

from __future__ import annotations

import re
from pathlib import Path

from painpath.format.loader import load_path

DOC = Path(__file__).resolve().parents[2] / "docs" / "format.md"
_BLOCK = re.compile(r"<!-- check: (\w+) -->\n```toml\n(.*?)```", re.DOTALL)


def test_documented_examples_load_without_problems(tmp_path: Path) -> None:
    blocks = _BLOCK.findall(DOC.read_text(encoding="utf-8"))
    assert [kind for kind, _ in blocks] == ["exercise", "exercise", "pack", "plan"]
    root = tmp_path / "steady-ground"
    (root / "exercises").mkdir(parents=True)
    for n, (kind, text) in enumerate(blocks):
        target = {"pack": root / "pack.toml", "plan": root / "plan.toml"}.get(
            kind, root / "exercises" / f"example-{n}.toml")
        target.write_text(text, encoding="utf-8")
    loaded = load_path(root)
    assert [p.render() for p in loaded.problems] == []
    assert sorted(e.qualified_id for e in loaded.exercises) == [
        "steady-ground/body-scan-10", "steady-ground/two-minute-pause"]
    (pack,) = loaded.packs
    assert pack.crisis and pack.scales[0].id == "sleep"
    full = next(e for e in loaded.exercises if e.id == "body-scan-10")
    assert [s.kind for s in full.steps] == ["timed", "timed", "breath", "count", "entry", "timed"]
    assert full.steps[5].bells_every == 300


def test_documented_validate_line_has_the_real_shape(tmp_path: Path) -> None:
    text = DOC.read_text(encoding="utf-8")
    shown = next(li for li in text.splitlines() if li.startswith("error   steady-ground/"))
    body = shown.removeprefix("error   steady-ground/exercises/evening.toml:16: ")
    bad = Path(__file__).resolve().parents[1] / "fixtures" / "bad" / "duration-words.toml"
    (problem,) = load_path(bad).problems
    assert body == f"{problem.key}: {problem.message}" and problem.line == 16


def _anchors(markdown: str) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes."""
    headings = re.findall(r"^#+ (.+)$", markdown, re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def test_the_therapists_guide_names_the_format_guide_and_its_links_land() -> None:
    guide = (DOC.parent / "therapists.md").read_text(encoding="utf-8")
    assert "FORMAT.md" not in guide, "the format guide is docs/format.md"
    assert "[docs/format.md](format.md)" in guide
    fmt = DOC.read_text(encoding="utf-8")
    targets = re.findall(r"\(format\.md#([\w-]+)\)", guide)
    targets += re.findall(r"\]\(#([\w-]+)\)", fmt)
    assert "renaming-a-practice" in targets
    assert sorted(set(targets) - _anchors(fmt)) == []
