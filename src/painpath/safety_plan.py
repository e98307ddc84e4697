"""A person's own safety plan: who to call, a crisis line, what helps, safe places and people.

It is theirs, written alone or with a therapist, and kept with their data in
`safety-plan.toml` (`Paths.safety_plan_file`, readable by them alone). The file
is TOML with comments saying what goes where, so `painpath safety edit` can open
it in any text editor; the app writes the same file from its own form. A file
with a mistake in it is never thrown away: the mistake is said in words
(line, key, what was expected) and what the file holds can still be read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from painpath.atomic import write_atomic
from painpath.errors import PainpathError
from painpath.paths import Paths
from painpath.text import clean_line

PLAN_FORMAT = 1
MAX_ITEMS = 50
MAX_ITEM_CHARS = 500
MAX_FILE_BYTES = 256 * 1024

# Each list in the order it is shown, with its heading and the template's words.
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("call", "People I can call", "Who I can call, with their number."),
    ("helps", "What helps me", "What helps me when things get hard."),
    ("places", "Places that feel safe", "Places that feel safe."),
    ("people", "People who help me feel safe", "People who help me feel safe."),
)
CRISIS_HEADING = "My crisis line"
EXAMPLES = {"call": '"Sam, my sister: 0123 456 789"',
            "helps": '"A warm shower", "Walking round the block"',
            "places": '"The bench by the river"',
            "people": '"My neighbour Ana"'}


class SafetyPlanError(PainpathError):
    """The safety plan file could not be read or written; the message says where and why."""

    title = "Your safety plan"


@dataclass(frozen=True)
class SafetyPlan:
    """Five parts, any of them empty."""

    call: tuple[str, ...] = ()
    crisis_line: str = ""
    helps: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    people: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.crisis_line or any(getattr(self, key) for key, _, _ in SECTIONS))

    def sections(self) -> list[tuple[str, tuple[str, ...]]]:
        """(heading, items) for each part that has something, crisis line after who to call."""
        parts: list[tuple[str, tuple[str, ...]]] = []
        for key, heading, _ in SECTIONS:
            items = tuple(clean_line(i) for i in getattr(self, key) if clean_line(i))
            if items:
                parts.append((heading, items))
            if key == "call" and clean_line(self.crisis_line):
                parts.append((CRISIS_HEADING, (clean_line(self.crisis_line),)))
        return parts

    def lines(self) -> list[str]:
        """The plan as plain lines (for the CLI, plain mode and screen readers)."""
        out: list[str] = []
        for heading, items in self.sections():
            out.append(f"{heading}:")
            out.extend(f"  {item}" for item in items)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"format": PLAN_FORMAT, **{f.name: (list(v) if isinstance(v := getattr(
            self, f.name), tuple) else v) for f in fields(self)}}


def check(data: Any, where: str, source: str = "") -> tuple[SafetyPlan, list[str]]:
    """A plan from parsed TOML or JSON, and each problem in words (the rest still kept).

    `source` (the file's text) lets each problem name the line its key is on.
    """
    problems: list[str] = []

    def say(key: str, words: str) -> None:
        found = re.search(rf"^\s*{re.escape(key)}\s*=", source, re.MULTILINE)
        line = f":{source.count(chr(10), 0, found.start()) + 1}" if found else ""
        problems.append(f"{where}{line}: {words}")

    if not isinstance(data, dict):
        return SafetyPlan(), [f"{where}: expected a table of the plan's parts"]
    known = {"format", "crisis_line", *(key for key, _, _ in SECTIONS)}
    for key in data:
        if key not in known:
            name = clean_line(str(key))[:40]
            say(str(key), f'"{name}" is not a part of the plan; the parts are call, '
                          "crisis_line, helps, places and people (is it spelt differently?)")
    crisis = data.get("crisis_line", "")
    if not isinstance(crisis, str):
        say("crisis_line", 'crisis_line should be text in quotes, like crisis_line = "116 123"')
        crisis = ""
    elif len(crisis) > MAX_ITEM_CHARS:
        say("crisis_line", f"crisis_line is longer than {MAX_ITEM_CHARS} characters; "
                           "it is cut short")
        crisis = crisis[:MAX_ITEM_CHARS]
    lists: dict[str, tuple[str, ...]] = {}
    for key, _, _ in SECTIONS:
        raw = data.get(key, [])
        if isinstance(raw, str):
            raw = [raw]  # one line given without the list brackets: kindly taken as a list
        if not isinstance(raw, list):
            say(key, f"{key} should be a list of texts in quotes, like {key} = [{EXAMPLES[key]}]")
            raw = []
        items = [i for i in raw if isinstance(i, str)]
        if len(items) != len(raw):
            say(key, f'each item of {key} should be text in quotes, like {key} = '
                     f"[{EXAMPLES[key]}]")
        if len(items) > MAX_ITEMS:
            say(key, f"{key} has {len(items)} items; the first {MAX_ITEMS} are kept")
        if any(len(i) > MAX_ITEM_CHARS for i in items):
            say(key, f"an item of {key} is longer than {MAX_ITEM_CHARS} characters; "
                     "it is cut short")
        lists[key] = tuple(i[:MAX_ITEM_CHARS] for i in items[:MAX_ITEMS])
    return SafetyPlan(crisis_line=crisis, **lists), problems


def parse(raw: bytes, label: str) -> tuple[SafetyPlan, list[str]]:
    """The plan in a file's bytes, and its problems in words (with the line where known)."""
    from painpath.format.tomlread import parse_toml

    if len(raw) > MAX_FILE_BYTES:
        return SafetyPlan(), [f"{label} is {len(raw) // 1024} KiB; a safety plan may be at "
                              f"most {MAX_FILE_BYTES // 1024} KiB"]
    data, source, problems = parse_toml(raw, label)
    if data is None:
        return SafetyPlan(), [p.render() for p in problems]
    return check(data, label, source)


def read(paths: Paths) -> tuple[SafetyPlan | None, list[str]]:
    """The person's plan (None when they have none yet) and any problems in its file."""
    file = paths.safety_plan_file
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        return None, []
    except OSError as err:
        raise SafetyPlanError(f"Your safety plan ({file}) could not be read "
                              f"({err.strerror or err}).") from None
    return parse(raw, str(file))


def raw_lines(paths: Paths) -> list[str]:
    """What a file with a mistake holds, comments left out, each line cleaned: still readable."""
    try:
        text = paths.safety_plan_file.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", "replace")
    except OSError:
        return []
    headings = {key: heading for key, heading, _ in SECTIONS}
    headings["crisis_line"] = CRISIS_HEADING
    out = []
    for line in (clean_line(raw) for raw in text.splitlines()):
        if not line or line.startswith("#") or line.startswith("format") or line in "[]":
            continue
        key, eq, value = line.partition("=")
        if eq and key.strip() in headings:  # `helps = [` reads as its heading
            out.append(f"{headings[key.strip()]}:")
            line = value.strip().strip("[]").strip()
            if not line:
                continue
        item = line.strip(",").strip().strip('"').strip()
        if item:
            out.append(f"  {item}")
    # A heading with nothing under it is left out, as in a plan that reads well.
    return [line for n, line in enumerate(out)
            if line.startswith("  ") or (n + 1 < len(out) and out[n + 1].startswith("  "))]


def _toml_text(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def to_toml(plan: SafetyPlan | None = None) -> str:
    """The file's text: comments for each part, the plan's values (or commented examples)."""
    plan = plan or SafetyPlan()
    out = ["# My safety plan",
           "#",
           "# Yours to write, alone or with your therapist, in your own words. painpath",
           "# shows it with `painpath safety`, on its Safety plan screen, and after",
           '# "ground me now". It stays on this computer, readable by you alone.',
           "#",
           "# Lines starting with # are notes for you and are not shown. Put each",
           '# item in straight quotes "like this", with a comma between items.',
           "",
           f"format = {PLAN_FORMAT}",
           ""]
    for key, _, words in SECTIONS:
        out.append(f"# {words}")
        items = getattr(plan, key)
        if items:
            out.append(f"{key} = [")
            out.extend(f"  {_toml_text(i)}," for i in items)
            out.append("]")
        else:
            out.append(f"{key} = [")
            out.append(f"  # {EXAMPLES[key]},")
            out.append("]")
        out.append("")
        if key == "call":
            out.append("# A crisis line: your country's, or one your therapist gave you.")
            out.append(f"crisis_line = {_toml_text(plan.crisis_line)}")
            out.append("")
    return "\n".join(out)


def save(paths: Paths, plan: SafetyPlan) -> Path:
    """Write the plan (whole or not at all, mode 0600) in the commented layout."""
    return save_text(paths, to_toml(plan))


def save_text(paths: Paths, text: str) -> Path:
    """Keep exactly this text as the plan file (an edit, even one with a mistake in it)."""
    try:
        paths.ensure_data_dir()
        return write_atomic(paths.safety_plan_file, text)
    except OSError as err:
        raise SafetyPlanError(f"Your safety plan could not be saved ({err.strerror or err}). "
                              "The one you had is unchanged.") from None


def plan_for_export(paths: Paths) -> dict[str, Any] | None:
    """What the JSON export keeps of the plan: its parts, and the file's text as written.

    The text goes too, so a plan with a mistake in it (or comments the person
    wrote) comes back exactly; None when there is no plan.
    """
    try:
        raw = paths.safety_plan_file.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise SafetyPlanError(f"Your safety plan ({paths.safety_plan_file}) could not be "
                              f"read ({err.strerror or err}), so the export was not "
                              "made.") from None
    plan, _ = parse(raw, str(paths.safety_plan_file))
    return {**plan.to_json(), "text": raw[:MAX_FILE_BYTES].decode("utf-8", "replace")}


# How much of an export's beginning is read for its safety plan (it comes before entries).
EXPORT_HEAD_CHARS = 2 * MAX_FILE_BYTES + 4096
_PLAN_KEY = re.compile(r'"safety_plan"\s*:\s*')


def export_head(raw: bytes) -> str:
    """The head of an export's bytes as text: all `plan_in_export` reads of it."""
    return raw[:EXPORT_HEAD_CHARS * 4].decode("utf-8-sig", "replace")


def plan_in_export(file: Path, head: str | None = None) -> dict[str, Any] | None:
    """The `safety_plan` table at the head of a JSON export, or None.

    painpath writes it before the entries, so only the head is read: an export
    of years of practice is not parsed a second time. `head` is the export's
    text when it was read already (an export read from a pipe cannot be read twice).
    """
    if head is None:
        from painpath.reading import read_head

        try:  # an ordinary file only: a pipe would be waited on
            head = export_head(read_head(file, EXPORT_HEAD_CHARS * 4))
        except OSError:
            return None
    head = head[:EXPORT_HEAD_CHARS]
    found = _PLAN_KEY.search(head.split('"entries"', 1)[0])
    if found is None:
        return None
    try:
        value, _ = json.JSONDecoder().raw_decode(head, found.end())
    except ValueError:  # cut off, or not JSON: nothing to bring back
        return None
    return value if isinstance(value, dict) else None


def restore_from_export(paths: Paths, file: Path, head: str | None = None) -> str:
    """After `painpath import`: bring the export's safety plan back when there is none here.

    A plan the person has now is never replaced. Returns what to tell them ("" for nothing).
    """
    data = plan_in_export(file, head)
    if data is None:
        return ""
    text = data.get("text")
    if isinstance(text, str) and len(text.encode("utf-8")) <= MAX_FILE_BYTES:
        new_text = text
    else:
        plan, problems = check({k: v for k, v in data.items() if k != "text"}, "safety_plan")
        if problems:
            return ("The safety plan in that file could not be read, so it was not imported: "
                    + "; ".join(problems) + ".")
        new_text = to_toml(plan)
    file = paths.safety_plan_file
    if file.exists():
        current, problems = read(paths)
        if problems or current is None or not current.empty:  # theirs: never replaced
            if file.read_text(encoding="utf-8", errors="replace") == new_text:
                return ""
            return ("Your own safety plan is kept as it is; the one in that file was not "
                    "imported.")
    save_text(paths, new_text)
    return "Your safety plan from that file is back too (`painpath safety` shows it)."
