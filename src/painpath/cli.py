"""Every painpath command, defined in one place.

Handlers live in `painpath.commands.*` and are imported only when their command
runs, so `painpath list` never pays for the TUI (textual is imported only by
the app and `run` without `--plain`). A handler takes the parsed arguments and
a `Context` and returns the exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path

from painpath import __version__, notices
from painpath.errors import PainpathError
from painpath.sound import BELL_PRESETS

DATE_HELP = "a date like 2026-11-23"
RENDER_HELP = (
    "The file holds the whole practice: the voice, bells, recordings, breath cues and "
    "silences exactly as scheduled. Steps that wait for you in the app (counting things, "
    "writing an answer) get their own time limit in the file, or a pause of 30 seconds when "
    "they have none, and the file's spoken words say how long the pause is. Ratings are not "
    "asked. Nothing is sent anywhere: the voice is made on this computer.")


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage mistakes as a PainpathError (exit 2), in plain words."""

    def error(self, message: str) -> None:  # type: ignore[override]
        from painpath.cli_words import usage_mistake

        raise usage_mistake(self.prog, message)


def scale_help(scale_id: str) -> str:
    """`pain right now, 0 (no pain) to 10 (worst pain imaginable)`: a built-in scale's range."""
    from painpath.format.models import BUILTIN_SCALES

    scale = BUILTIN_SCALES[scale_id]
    return (f"{scale_id} right now, {scale.min} ({scale.low}) to {scale.max} ({scale.high})"
            .replace("%", "%%"))


def _add_range(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", metavar="DATE", help=f"from this day on ({DATE_HELP})")
    p.add_argument("--until", metavar="DATE", help=f"up to and including this day ({DATE_HELP})")


DEBUG_HELP = "show full error details (for developers)"


def _cmd(sub: argparse._SubParsersAction, name: str, handler: str, help: str,
         **kw: object) -> argparse.ArgumentParser:
    p = sub.add_parser(name, help=help, description=help, **kw)
    p.set_defaults(handler=handler)
    # Accepted after the command too (`painpath list --debug`); SUPPRESS leaves the
    # global flag's value alone when it is not given here.
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=DEBUG_HELP)
    return p


def _global_parser() -> argparse.ArgumentParser:
    """The top-level parser with only the options that come before any command."""
    parser = _Parser(
        prog="painpath",
        description="Guided body-scan, mindfulness, grounding and breathing practice, "
        "with a private log of how you feel. Run without a command to open the app.",
        epilog="painpath is a practice aid, not treatment. In a crisis, call your local "
        "emergency number.",
    )
    parser.add_argument("--version", action="version", version=f"painpath {__version__}")
    parser.add_argument("--debug", action="store_true", help=DEBUG_HELP)
    parser.add_argument("--data-dir", metavar="DIR",
                        help="keep the log, packs and settings in DIR (also PAINPATH_DATA_DIR)")
    parser.add_argument("--library", metavar="DIR", action="append", default=[],
                        help="also read exercises from DIR (repeatable; also PAINPATH_LIBRARY)")
    _sound_flags(parser, None)
    parser.set_defaults(handler="painpath.commands.app:cmd_app")
    return parser


SOUND_FLAGS = ("--sound", "--no-sound", "--voice", "--no-voice")


def _sound_flags(p: argparse.ArgumentParser, default: object) -> None:
    """--sound/--no-sound and --voice/--no-voice; unset means "as in settings"."""
    p.add_argument("--sound", dest="sound_flag", action=argparse.BooleanOptionalAction,
                   default=default, help="bells, breath cues and voice (default: as in "
                   "settings; on)")
    p.add_argument("--voice", dest="voice_flag", action=argparse.BooleanOptionalAction,
                   default=default, help="speak each step (default: as in settings; "
                   "off in --plain, where a screen reader speaks)")


_VALUE_OPTIONS = ("--data-dir", "--library")


def _opens_the_app(argv: Sequence[str]) -> bool:
    """Whether argv holds only global options (no command, no --help or --version).

    Then the app opens, and the small global parser is enough: building every
    command's parser costs tens of milliseconds before the first frame.
    Anything else (abbreviations too) goes to the full parser, unchanged.
    """
    values = iter(argv)
    for arg in values:
        if arg in ("--debug", *SOUND_FLAGS) or arg.startswith(
                tuple(f"{o}=" for o in _VALUE_OPTIONS)):
            continue
        if arg in _VALUE_OPTIONS:
            if next(values, None) is None:
                return False  # the full parser says what is missing
            continue
        return False
    return True


def build_parser() -> argparse.ArgumentParser:
    parser = _global_parser()
    sub = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=_Parser)

    # --- the library (foundation) ---
    p = _cmd(sub, "list", "painpath.commands.library:cmd_list", "list the exercises")
    p.add_argument("--kind", metavar="K", help="only exercises of this kind")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = _cmd(sub, "show", "painpath.commands.library:cmd_show", "show one exercise's page")
    p.add_argument("target", metavar="ID_OR_FILE")
    p = _cmd(sub, "validate", "painpath.commands.library:cmd_validate",
             "check exercise files, folders, packs or .zip packs for problems")
    p.add_argument("paths", metavar="PATH", nargs="+")
    p.add_argument("--json", action="store_true", help="print JSON")

    # --- sessions ---
    p = _cmd(sub, "run", "painpath.commands.session:cmd_run", "start one exercise")
    p.add_argument("target", metavar="ID_OR_FILE")
    p.add_argument("--speed", type=float, default=1.0, metavar="N",
                   help="run N times faster (a preview; not logged unless --log)")
    p.add_argument("--plain", action="store_true",
                   help="lines of text only (screen readers, logs); automatic without a terminal")
    p.add_argument("--log", action="store_true", help="record a preview run in the log")
    _sound_flags(p, argparse.SUPPRESS)

    p = _cmd(sub, "render", "painpath.commands.sound:cmd_render",
             "write a practice to an audio file (.ogg, .flac or .wav)", epilog=RENDER_HELP)
    p.add_argument("target", metavar="ID_OR_FILE")
    p.add_argument("-o", "--output", metavar="FILE", required=True,
                   help="the file to write: .ogg (small, for a phone), .flac or .wav")
    p.add_argument("--no-voice", action="store_true", help="bells and silence, no spoken words")
    p.add_argument("--voice", metavar="NAME",
                   help="the voice to speak with: one of the speech engine's voices, or an "
                        "engine (piper, espeak-ng, say, windows)")
    p.add_argument("--bell", metavar="PRESET", choices=BELL_PRESETS,
                   help=f"the bell: {', '.join(BELL_PRESETS)} (default: soft)")

    # --- the log ---
    p = _cmd(sub, "check-in", "painpath.commands.log:cmd_check_in", "record how you feel now",
             epilog="Your check-in is saved first. A distress of 7 or more (or a high rating "
             "on a pack's distress-like scale) then brings one gentle offer: ground now, see "
             "your safety plan, or carry on (Enter alone). Without a terminal, the offer "
             "names the commands instead.")
    for name in ("pain", "tension", "distress"):
        p.add_argument(f"--{name}", type=int, metavar="N", help=scale_help(name))
    p.add_argument("--scale", action="append", default=[], metavar="ID=N",
                   help="any other scale (repeatable): enjoyment and activity, the PEG's "
                   "interference with enjoyment of life and with general activity over the "
                   "past week, 0 (not at all) to 10 (completely); or a scale from a pack "
                   "you installed, in that pack's range")
    p.add_argument("--note", metavar="TEXT")
    p = _cmd(sub, "log", "painpath.commands.log:cmd_log", "show your sessions and check-ins")
    _add_range(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--set-aside", action="store_true",
                   help="only if your log file is damaged: keep it under another name "
                   "(nothing is deleted) and start a new, empty log")
    p = _cmd(sub, "stats", "painpath.commands.stats:cmd_stats", "practice and ratings in numbers")
    _add_range(p)
    p.add_argument("--json", action="store_true", help="print JSON")
    p = _cmd(sub, "export", "painpath.commands.exchange:cmd_export", "export your log")
    p.add_argument("--format", required=True, choices=["csv", "json", "md", "html", "fhir"])
    _add_range(p)
    p.add_argument("--with-notes", action="store_true",
                   help="include notes and written answers (csv, md, html; json always "
                   "holds everything: it is the backup)")
    p.add_argument("--client", metavar="NAME",
                   help="your name, shown on the report or export (nothing if left out)")
    p.add_argument("--clinician", metavar="NAME",
                   help="your therapist's name, shown on md/html reports")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: print)")
    p = _cmd(sub, "import", "painpath.commands.exchange:cmd_import",
             "merge a JSON export into your log")
    p.add_argument("file", metavar="FILE")
    p = _cmd(sub, "forget", "painpath.commands.log:cmd_forget", "delete all of your data")
    p.add_argument("--all", action="store_true", required=True, help="everything painpath keeps")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    # --- therapist workflow ---
    pack = _cmd(sub, "pack", "painpath.commands.packs:cmd_pack_help",
                "install, share and build packs")
    psub = pack.add_subparsers(title="pack commands", metavar="ACTION", parser_class=_Parser)
    p = _cmd(psub, "install", "painpath.commands.packs:cmd_install",
             "install a pack folder or .zip")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--force", action="store_true",
                   help="install even when it is older than the installed version")
    p = _cmd(psub, "list", "painpath.commands.packs:cmd_list", "list installed packs")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = _cmd(psub, "remove", "painpath.commands.packs:cmd_remove", "remove an installed pack")
    p.add_argument("pack_id", metavar="ID")
    p = _cmd(psub, "new", "painpath.commands.packs:cmd_new", "start a new pack from a template")
    p.add_argument("directory", metavar="DIR")
    p = _cmd(psub, "build", "painpath.commands.packs:cmd_build", "check a pack and zip it to share")
    p.add_argument("directory", metavar="DIR")
    p.add_argument("-o", "--output", metavar="FILE.zip", required=True)
    p.add_argument("--voice", nargs="?", const="auto", metavar="NAME",
                   help="speak every step that has no recording into the pack as .ogg files, "
                        "so clients hear this voice without a speech engine of their own "
                        "(NAME: a speech engine or one of its voices; your folder is not changed)")

    plan = _cmd(sub, "plan", "painpath.commands.plans:cmd_plan_help", "follow a therapist's plan")
    lsub = plan.add_subparsers(title="plan commands", metavar="ACTION", parser_class=_Parser)
    p = _cmd(lsub, "start", "painpath.commands.plans:cmd_start", "start a plan from a pack")
    p.add_argument("plan_id", metavar="PACK[/PLAN]")
    p.add_argument("--restart", action="store_true",
                   help="start the plan you already follow over, from today")
    p = _cmd(lsub, "show", "painpath.commands.plans:cmd_show", "show the active plan")
    p.add_argument("--json", action="store_true", help="print JSON")
    _cmd(lsub, "stop", "painpath.commands.plans:cmd_stop", "stop following the plan")
    p = _cmd(lsub, "preview", "painpath.commands.plan_preview:cmd_preview",
             "a pack's plan as a calendar: each week, each day, its practices and minutes")
    p.add_argument("pack", metavar="PACK", help="a pack folder or .zip")
    p.add_argument("--plan", metavar="ID", help="only this plan of the pack")
    p.add_argument("--start", metavar="DATE", help=f"lay it out from this day ({DATE_HELP})")
    p.add_argument("--json", action="store_true", help="print JSON")
    p = _cmd(sub, "today", "painpath.commands.plans:cmd_today", "what the plan suggests today")
    p.add_argument("--json", action="store_true", help="print JSON")
    safety = _cmd(sub, "safety", "painpath.commands.safety:cmd_safety",
                  "your own safety plan: who to call, what helps, safe places and people")
    ssub = safety.add_subparsers(title="safety plan commands", metavar="ACTION",
                                 parser_class=_Parser)
    _cmd(ssub, "edit", "painpath.commands.safety:cmd_safety_edit",
         "write or change your safety plan in your text editor ($EDITOR)")
    p = _cmd(sub, "review", "painpath.commands.app:cmd_review",
             "look at clients' JSON exports, read-only")
    p.add_argument("files", metavar="FILE", nargs="+")
    return parser


def _say_migration(path: Path | None) -> None:
    """The one-time move of an older log, said on standard error (a command's output,
    on standard output, stays as it was)."""
    from painpath.render import write_text

    write_text(notices.MIGRATION_WORDS + "\n", sys.stderr)
    sys.stderr.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse, run the handler, and turn every failure into words and an exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        parser = _global_parser() if _opens_the_app(argv) else build_parser()
        args = parser.parse_args(argv)
        from painpath.context import Context

        ctx = Context.from_args(args)
        notices.migration = _say_migration
        module_name, func_name = args.handler.split(":")
        handler = getattr(importlib.import_module(module_name), func_name)
        return int(handler(args, ctx) or 0)
    except PainpathError as err:
        if debug:
            raise
        from painpath.render.errors import print_error

        print_error(err)
        return err.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as err:  # a bug: say so kindly; --debug shows the traceback
        if debug:
            raise
        from painpath.render.errors import print_bug

        print_bug(err)
        return 70
