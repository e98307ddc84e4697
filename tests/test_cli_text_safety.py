"""The CLI prints pack text as text: no markup parsed, no terminal escape sent.

A hostile pack puts markup (Rich's own tags, a click action, the nested form
that defeats `textual.markup.escape`), ANSI and OSC sequences (7-bit and C1)
into its titles and its plan's message. `painpath plan start`, `plan show`,
`today`, `log` and `stats` must print the markup literally and let no escape
reach the terminal, whether the pack came through the loader (real files) or
was built without it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from painpath import packs
from painpath.cli import main
from painpath.format.loader import Loaded
from painpath.format.models import Assign, Exercise, Pack, Plan, Step
from painpath.library import Library
from painpath.paths import Paths
from painpath.store import Entry, Rating, Store

MARKUP = ("[bold]x[/bold]", "[@click=app.quit]x[/]", "[@click=app.notify('[')]x")
ESCAPES = ("\x1b[31m", "\x1b]8;;http://x\x07")
C1 = ("\x9b32m", "\x9d8;;http://y\x07")  # the 8-bit CSI and OSC
HOSTILE = " ".join(MARKUP) + " " + "".join(ESCAPES) + "".join(C1) + "end"
TITLE = "".join(MARKUP) + "".join(ESCAPES)  # titles may be at most 80 characters
# What must be printed: the markup as written, only the control bytes gone.
SHOWN_TITLE = "".join(MARKUP) + "[31m]8;;http://x"
SHOWN = " ".join(MARKUP) + " [31m]8;;http://x32m8;;http://yend"
CONTROLS = ("\x1b", "\x07", "\x9b", "\x9d")
MON = date(2026, 11, 23)

Run = Callable[..., tuple[int, str]]


def toml(text: str) -> str:
    """A TOML basic string (JSON's escapes, \\u001b included, are TOML's too)."""
    return json.dumps(text)


def write_pack(folder: Path) -> Path:
    """The hostile pack `evil`: one exercise, one plan, every shown field hostile."""
    (folder / "exercises").mkdir(parents=True)
    (folder / "pack.toml").write_text(
        f'format = 1\nid = "evil"\ntitle = {toml(TITLE)}\nversion = "1.0.0"\n'
        f"author = {toml(TITLE)}\ncontact = {toml(TITLE)}\n", encoding="utf-8")
    (folder / "exercises" / "bad.toml").write_text(
        f'format = 1\nid = "bad"\ntitle = {toml(TITLE)}\nkind = "other"\n\n'
        f'[[steps]]\ntext = "Rest."\nduration = "1m"\n', encoding="utf-8")
    (folder / "plan.toml").write_text(
        f'format = 1\nid = "plan"\ntitle = {toml(TITLE)}\nweeks = 2\n'
        f"message = {toml(HOSTILE)}\n\n"
        f'[[assign]]\nexercise = "bad"\ndays = "daily"\n', encoding="utf-8")
    return folder


@pytest.fixture
def data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    packs.install(Paths(data, data), write_pack(tmp_path / "evil"))
    return data


@pytest.fixture(autouse=True)
def plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wide, uncoloured output: any ESC in it can only have come from the pack."""
    monkeypatch.setenv("COLUMNS", "400")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("painpath.commands.plans.current_day", lambda: MON)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], data: Path) -> Run:
    def go(*argv: str) -> tuple[int, str]:
        code = main(["--data-dir", str(data), *argv])
        out, err = capsys.readouterr()
        return code, out + err
    return go


def check_output(out: str, where: str, *, literals: tuple[str, ...] = MARKUP) -> None:
    for literal in literals:
        assert literal in out, f"{where}: {literal!r} not printed literally"
    for control in CONTROLS:
        assert control not in out, f"{where}: {control!r} from the pack reached the terminal"
    assert "[31m]8;;http://x" in out, f"{where}: more than the ESC and BEL bytes was removed"


def log_a_session(data: Path, exercise: str = "evil/bad") -> None:
    started = datetime(2026, 11, 23, 9, 0).astimezone()
    with Store.for_paths(Paths(data, data)) as store:
        store.save_entry(Entry(
            type="session", exercise=exercise, started=started,
            ended=started + timedelta(minutes=10), status="completed", planned_s=600.0,
            practiced_s=600.0, updated=started + timedelta(minutes=10),
            ratings=(Rating(scale="pain", value=6, phase="before", at=started),
                     Rating(scale="pain", value=4, phase="after", at=started))))


# --------------------------------------------------------------- through the loader

def test_plan_start_show_and_today_print_the_plan_as_text(run: Run) -> None:
    code, out = run("plan", "start", "evil")
    assert code == 0
    check_output(out, "plan start")
    assert f'Started "{SHOWN_TITLE}" from "{SHOWN_TITLE}". Week 1 of 2 begins today.' in out
    assert f"\n{SHOWN}\n" in out  # the therapist's message

    code, out = run("plan", "show")
    assert code == 0
    check_output(out, "plan show")
    assert out.startswith(f"{SHOWN_TITLE}\n")
    assert f'From the pack "{SHOWN_TITLE}" by {SHOWN_TITLE} ({SHOWN_TITLE}).' in out
    assert f"\n{SHOWN}\n" in out
    assert f"  Mon 23 Nov (today) {SHOWN_TITLE} (once)\n" in out

    code, out = run("today")
    assert code == 0
    check_output(out, "today")
    assert f'Monday 23 November: week 1 of 2 of "{SHOWN_TITLE}"\n' in out
    assert f"  {SHOWN_TITLE}: suggested once; not yet today\n" in out
    assert out.endswith(f"\n{SHOWN}\n")


def test_log_and_stats_print_practice_titles_as_text(run: Run, data: Path) -> None:
    log_a_session(data)
    code, out = run("log")
    assert code == 0
    check_output(out, "log")
    assert f". {SHOWN_TITLE}. Completed, " in out  # not a terminal: one sentence an entry
    code, out = run("stats")
    assert code == 0
    check_output(out, "stats")
    assert f"\n{SHOWN_TITLE}: 1 session (1 completed), " in out  # not a terminal: sentences


# ----------------------------------------------------------- without the loader

RAW = Exercise(id="raw", title=HOSTILE, kind="other", pack="rawpack",
               steps=(Step(text="Rest.", duration=60),))
RAW_PLAN = Plan(id="plan", title=HOSTILE, weeks=2, pack="rawpack", message=HOSTILE,
                assign=(Assign("rawpack/raw", frozenset({1, 2}), frozenset(range(7))),))
RAW_PACK = Pack(id="rawpack", title=HOSTILE, version="1.0.0", author=HOSTILE,
                contact=HOSTILE, exercises=(RAW,), plans=(RAW_PLAN,))


@pytest.fixture
def raw_library(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command's library also holds a pack built without the loader (no cleaning)."""
    load = Library.load.__func__  # type: ignore[attr-defined]

    def with_raw(cls: type[Library], paths: Paths) -> Library:
        library: Library = load(cls, paths)
        library.add(Loaded(packs=[RAW_PACK], exercises=[RAW]))
        return library

    monkeypatch.setattr(Library, "load", classmethod(with_raw))


@pytest.mark.usefixtures("raw_library")
def test_log_and_stats_clean_titles_that_skipped_the_loader(run: Run, data: Path) -> None:
    log_a_session(data, "rawpack/raw")
    for command in ("log", "stats"):
        code, out = run(command)
        assert code == 0
        check_output(out, command)
        assert (f". {SHOWN}. Completed, " if command == "log" else f"\n{SHOWN}: 1 session") in out


@pytest.mark.usefixtures("raw_library")
def test_plan_commands_clean_text_that_skipped_the_loader(run: Run) -> None:
    for command in (("plan", "start", "rawpack"), ("plan", "show"), ("today",)):
        code, out = run(*command)
        assert code == 0
        check_output(out, " ".join(command))
