"""`painpath safety` (read your safety plan) and `painpath safety edit` (write it).

The plan is printed as plain lines, no boxes, so it reads well on a screen
reader and in a hurry. Editing opens a private copy in the person's editor;
whatever they wrote is kept, and a mistake in it is said in words with an
offer to open it again, so nothing typed is ever lost to a missing quote.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from painpath import safety_plan
from painpath.context import Context
from painpath.errors import PainpathError
from painpath.render import write_text
from painpath.safety import EMERGENCY_LINE

NO_PLAN = ("You have no safety plan yet. It is a short list, in your own words, of who to "
           "call, a crisis line, what helps, and places and people that feel safe. "
           "The command painpath safety edit opens one to fill in (or, in the app, "
           "My safety plan on home).")


def _say(line: str = "", *, err: bool = False) -> None:
    write_text(line + "\n", sys.stderr if err else sys.stdout)


def plan_lines(ctx: Context) -> list[str]:
    """What `painpath safety` says, as lines (for the gentle offer's "see my safety plan").

    A plan with a mistake is still shown as written, with where to fix it.
    """
    try:
        plan, problems = safety_plan.read(ctx.paths)
    except PainpathError as err:
        return [err.message]
    if plan is None:
        return [NO_PLAN]
    lines = plan.lines() if not problems or not plan.empty else safety_plan.raw_lines(ctx.paths)
    said = ["Your safety plan:", *(lines or ["It is empty so far. `painpath safety edit` "
                                              "opens it to fill in."])]
    if problems:
        said.append("Part of your safety plan could not be read; `painpath safety edit` "
                    "opens it to fix this.")
    return said


def cmd_safety(args: argparse.Namespace, ctx: Context) -> int:
    """Print the plan; a file with a mistake is still shown, then the mistake said."""
    plan, problems = safety_plan.read(ctx.paths)
    if plan is None:
        _say(NO_PLAN)
        _say()
        _say(EMERGENCY_LINE)
        return 0
    _say("Your safety plan")
    _say()
    lines = plan.lines() if not problems or not plan.empty else safety_plan.raw_lines(ctx.paths)
    empty = "It is empty so far. The command painpath safety edit opens it to fill in."
    for line in lines or [empty]:
        _say(line)
    _say()
    _say(EMERGENCY_LINE)
    if problems:
        _say(err=True)
        _say("Part of your safety plan could not be read:", err=True)
        for problem in problems:
            _say(f"  {problem}", err=True)
        _say("`painpath safety edit` opens it to fix this.", err=True)
        return 1
    return 0


def editor_command() -> list[str] | None:
    """The person's editor: $VISUAL, $EDITOR, or a common one that is installed."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            try:
                return shlex.split(value, posix=os.name != "nt")
            except ValueError:  # unbalanced quotes: take it as one program name
                return [value]
    for fallback in (("notepad",) if os.name == "nt" else ("nano", "vi")):
        found = shutil.which(fallback)
        if found:
            return [found]
    return None


def _ask_again() -> bool:
    if not sys.stdin.isatty():
        return False
    try:
        answer = input("Open it again to fix this? (Y/n) ")
    except EOFError:
        return False
    return answer.strip().lower() in ("", "y", "yes")


def cmd_safety_edit(args: argparse.Namespace, ctx: Context) -> int:
    paths = ctx.paths
    file = paths.safety_plan_file
    existed = file.exists()
    try:
        original = file.read_text(encoding="utf-8", errors="replace") if existed \
            else safety_plan.to_toml()
    except OSError as err:
        raise safety_plan.SafetyPlanError(
            f"Your safety plan ({file}) could not be read ({err.strerror or err}).") from None
    if not existed:  # there from now on, so it can be opened by hand too
        safety_plan.save_text(paths, original)
    editor = editor_command()
    if editor is None:
        raise PainpathError(
            "painpath found no text editor to open your safety plan in.",
            hint=f"Set one, like EDITOR=nano painpath safety edit; or open {file} in any text "
                 "editor. In the app, Safety plan on home has its own form.")
    fd, name = tempfile.mkstemp(prefix=".safety-plan-", suffix=".toml", dir=paths.data_dir)
    temp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(original)
        return _edit_loop(ctx, editor, temp, original)
    finally:
        temp.unlink(missing_ok=True)


def _edit_loop(ctx: Context, editor: list[str], temp: Path, original: str) -> int:
    file = ctx.paths.safety_plan_file
    while True:
        try:
            done = subprocess.run([*editor, str(temp)], check=False)
        except OSError as err:
            raise PainpathError(
                f"painpath could not open the editor “{' '.join(editor)}” "
                f"({err.strerror or err}). Your safety plan is unchanged.",
                hint=f"Set EDITOR to an editor you have, like EDITOR=nano painpath safety "
                     f"edit; or open {file} in any text editor.") from None
        if done.returncode != 0:
            _say(f"The editor closed with an error (exit {done.returncode}), so your "
                 "safety plan is unchanged.", err=True)
            return 1
        raw = temp.read_bytes()
        text = raw.decode("utf-8", errors="replace")
        if text == original:
            _say("Nothing was changed. `painpath safety` shows your plan.")
            return 0
        safety_plan.save_text(ctx.paths, text)  # kept as written, mistakes and all
        original = text
        _, problems = safety_plan.parse(raw, str(file))
        if not problems:
            _say(f"Your safety plan is saved in {file} (readable by you alone). "
                 "`painpath safety` shows it.")
            return 0
        _say("Your words are saved, but part of the plan could not be read:", err=True)
        for problem in problems:
            _say(f"  {problem}", err=True)
        if not _ask_again():
            _say("`painpath safety edit` opens it again whenever you like.", err=True)
            return 1
