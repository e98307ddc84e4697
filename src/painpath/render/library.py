"""Rich renderings of exercises and problems; every file text goes in as `Text`."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from painpath.format.loader import Loaded
from painpath.format.models import Exercise, Step
from painpath.format.problems import Problem
from painpath.render import console
from painpath.safety import EMERGENCY_LINE
from painpath.text import paragraphs
from painpath.timefmt import length


def exercise_table(exercises: Iterable[Exercise]) -> Table:
    table = Table(title="Exercises", title_justify="left", expand=False, show_lines=False)
    table.add_column("Id", no_wrap=True)
    table.add_column("Title")
    table.add_column("Kind", no_wrap=True)
    table.add_column("Length", justify="right", no_wrap=True)
    for ex in exercises:
        table.add_row(Text(ex.qualified_id), Text(ex.title), Text(ex.kind),
                      Text(length(ex.total_seconds)))
    return table


def problems_note(problems: list[Problem]) -> Text:
    files = len({p.file for p in problems if p.is_error})
    text = Text()
    if files:
        text.append(f"{files} file{'s' if files != 1 else ''} could not be loaded. "
                    "`painpath validate PATH` explains why.", style="yellow")
    return text


def step_line(n: int, step: Step) -> Text:
    if step.kind == "breath" and step.breath:
        b = step.breath
        timing = (f"{length(step.planned_seconds)}, {step.cycles} breaths "
                  f"(in {b.inhale:g}, hold {b.hold:g}, out {b.exhale:g}, rest {b.rest:g})")
    elif step.kind == "count":
        limit = f", up to {length(step.duration)}" if step.duration else ""
        timing = f"mark {step.count}{limit}"
    elif step.kind == "entry":
        timing = "write an answer" + (f", up to {length(step.duration)}" if step.duration else "")
    else:
        timing = length(step.planned_seconds)
        if step.bells_every:
            timing += f", a bell every {length(step.bells_every)}"
    line = Text(f"{n:>3}. ")
    line.append(step.title or step.text.split("\n")[0][:60], style="bold")
    line.append(f"  ({timing})", style="dim")
    if step.region:
        line.append(f"  region: {step.region}", style="dim")
    if step.rate:
        line.append(f"  then rate {step.rate}", style="dim")
    return line


def exercise_page(ex: Exercise, crisis: str = "") -> Group:
    """The page `painpath show` prints; `crisis` is the pack's crisis line, already cleaned."""
    parts: list[object] = [Text(ex.title, style="bold"),
                           Text(f"{ex.qualified_id} · {ex.kind} · {length(ex.total_seconds)}",
                                style="dim")]
    if ex.summary:
        parts += [Text(), Text(ex.summary)]
    if ex.content_note:
        parts += [Text(), Text.assemble(("Content note: ", "bold yellow"), ex.content_note)]
    parts += [Text(), Text(EMERGENCY_LINE)]
    if crisis:
        parts.append(Text(crisis, style="bold"))
    for para in paragraphs(ex.description):
        parts += [Text(), Text(para)]
    parts += [Text(), Text("Steps", style="bold")]
    for n, step in enumerate(ex.steps, start=1):
        parts.append(step_line(n, step))
        parts.append(Padding(Text(step.text, style="italic"), (0, 0, 0, 5)))
    parts += [Text(), Text(f"Total length: {length(ex.total_seconds)}", style="bold")]
    before = ", ".join(ex.ratings_before) or "nothing"
    after = ", ".join(ex.ratings_after) or "nothing"
    parts.append(Text(f"Ratings asked: before {before}; after {after}. Every rating can be "
                      "skipped.", style="dim"))
    return Group(*parts)  # type: ignore[arg-type]


def follow_words(n: int, roots: int) -> str:
    """`… and 17 problems that come from it`: derived problems, said once with their cause."""
    what = f"{n} problem{'s' if n != 1 else ''} that come{'s' if n == 1 else ''}"
    return f"        … and {what} from {'it' if roots == 1 else 'these'}; fixing " \
        f"{'it' if roots == 1 else 'them'} should clear {'it' if n == 1 else 'them'} too"


def problem_lines(result: Loaded) -> list[Text]:
    """Every problem as a line, the mistakes first; what only follows from one is counted.

    A problem with a `cause` is said once, as a count after the mistakes of the
    file it follows from; when that file's mistakes are not in this list (a
    plan validated on its own), it is shown as it is.
    """
    derived = result.derived
    shown_roots = {p.file for p in result.errors}
    by_cause: dict[str, list[Problem]] = {}
    for p in derived:
        if p.cause in shown_roots:
            by_cause.setdefault(p.cause, []).append(p)
    lines: list[Text] = []
    ordered = [p for p in result.problems if p not in derived or p.cause not in shown_roots]
    for i, p in enumerate(ordered):
        mark = Text("error  ", style="bold red") if p.is_error else \
            Text("warning", style="bold yellow")
        lines.append(Text.assemble(mark, " ", p.render()))
        later = ordered[i + 1:]
        if p.file in by_cause and p.is_error and not p.derived \
                and not any(q.file == p.file and q.is_error and not q.derived for q in later):
            roots = sum(q.file == p.file for q in result.errors)
            lines.append(Text(follow_words(len(by_cause.pop(p.file)), roots)))
    return lines


def summary_line(result: Loaded) -> Text:
    errors, warnings = len(result.errors), len(result.warnings)
    files = len({p.file for p in result.problems if not p.derived})
    loaded = len(result.exercises)
    if not loaded and result.plans:
        what = f"{len(result.plans)} plan{'s' if len(result.plans) != 1 else ''} loaded"
    else:
        what = f"{loaded} exercise{'s' if loaded != 1 else ''} loaded"
    summary = (f"{what}; {errors} error{'s' if errors != 1 else ''}, "
               f"{warnings} warning{'s' if warnings != 1 else ''}"
               + (f" in {files} file{'s' if files != 1 else ''}" if files else ""))
    followed = len(result.derived)
    if followed:
        summary += (f", and {followed} problem{'s' if followed != 1 else ''} that only "
                    f"follow{'s' if followed == 1 else ''} from "
                    f"{'it' if errors == 1 else 'them'}")
    style = "red" if errors else ("yellow" if warnings else "green")
    return Text(summary + ("." if errors or warnings else ". All good."), style=style)


def print_problems(result: Loaded) -> None:
    out = console()
    for line in problem_lines(result):
        out.print(line)
    out.print(summary_line(result))
