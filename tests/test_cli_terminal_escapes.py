"""No command lets a terminal escape through: every printed line passes `for_terminal`.

One hostile world (a zip whose entry names and ids hold CSI, OSC 52 and OSC 0
sequences, an export holding 8-bit CSI and a right-to-left override, a log
whose ids and notes hold them, folders and arguments named with them) and
every command run over it. Each run must print the marker that sits next to
the escapes (so the file's text was shown) and no ESC, C0/C1 control, bidi
override or lone surrogate (so only as text).
"""

from __future__ import annotations

import json
import re
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from painpath import packs
from painpath.cli import main
from painpath.paths import Paths
from painpath.store import Entry, Rating, Store
from painpath.text import for_terminal, json_for_terminal

CSI_CLEAR = "\x1b[2J\x1b[31m"
OSC_CLIPBOARD = "\x1b]52;c;aGVsbG8=\x07"
OSC_TITLE = "\x1b]0;pwned\x1b\\"
C1_CSI = "\x9b2J"
BIDI = "\u202e\u2066"
EVIL = f"MARK{CSI_CLEAR}{OSC_CLIPBOARD}{OSC_TITLE}{C1_CSI}{BIDI}\x7fEND"
NAME = f"MARK{CSI_CLEAR}{OSC_TITLE}END"  # for file and folder names (no "/")
# What a terminal must never be sent: every C0 control but \n and \t, DEL, C1,
# the bidi overrides and isolates, lone surrogates. Written out again here on
# purpose, so the test does not trust the regex it tests.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
WHEN = datetime(2026, 11, 23, 9, 0).astimezone()


def _exercise(ident: str) -> str:
    return (f'format = 1\nid = {json.dumps(ident)}\ntitle = {json.dumps(EVIL)}\n'
            'kind = "other"\n\n[[steps]]\ntext = "Rest."\nduration = "1m"\n')


def _export(note: str, *, ident: str) -> dict[str, object]:
    return {"format": 1, "exported": WHEN.isoformat(), "generator": "x", "entries": [{
        "id": ident, "type": "check-in", "exercise": None, "started": WHEN.isoformat(),
        "ended": WHEN.isoformat(), "status": "completed", "planned_s": None, "practiced_s": None,
        "furthest_step": None, "ratings": [], "entries": [], "note": note, "peg": False,
        "content_hash": None, "pack_version": None, "updated": WHEN.isoformat()}]}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    with zipfile.ZipFile(root / "evil.zip", "w") as z:
        z.writestr("pack.toml", 'format = 1\nid = "evil"\ntitle = "Evil"\nversion = "1.0.0"\n')
        z.writestr(f"exercises/{NAME}.toml", _exercise("x") + "\x1b\n")
        z.writestr("exercises/osc.toml", _exercise(f"b{OSC_CLIPBOARD}{OSC_TITLE}MARK"))
    (root / "refused.json").write_text(json.dumps(_export("n", ident=f"MARK{C1_CSI}{BIDI}")))
    library = root / "library"
    library.mkdir()
    (library / f"{NAME}.toml").write_text(_exercise("broken") + "= =\n")
    good = root / "good-pack"
    (good / "exercises").mkdir(parents=True)
    (good / "pack.toml").write_text(f'format = 1\nid = "good"\ntitle = {json.dumps(EVIL)}\n'
                                    f'version = "1.0.0"\nauthor = {json.dumps(EVIL)}\n')
    (good / "exercises" / "a.toml").write_text(_exercise("a"))
    data = root / "data"
    packs.install(Paths(data, data), good)
    (data / "packs" / NAME).mkdir(parents=True)  # a folder that is not a pack
    (data / "plan.json").write_text(json.dumps({  # a plan whose pack is not installed
        "pack": EVIL, "plan": EVIL, "start": "2026-11-23"}))
    forget = root / f"forget-{NAME}"  # `forget` lists what it deletes: this folder's name
    with Store.for_paths(Paths(forget, forget)) as store:
        store.add_check_in({"pain": 3})
    with Store.for_paths(Paths(data, data)) as store:  # rows no loader cleaned
        store.save_entry(Entry(
            type="session", exercise=f"pack/{EVIL}", started=WHEN,
            ended=WHEN + timedelta(minutes=10), status="completed", planned_s=600.0,
            practiced_s=600.0, updated=WHEN + timedelta(minutes=10), note=EVIL,
            ratings=(Rating(scale="pain", value=6, phase="before", at=WHEN),
                     Rating(scale="pain", value=4, phase="after", at=WHEN))))
    return root


# (argv, stdout is a terminal). {root} is the hostile world's folder.
COMMANDS = [
    (["validate", "{root}/evil.zip"], False),
    (["validate", "--json", "{root}/evil.zip"], False),
    (["validate", "{root}/library"], False),
    (["pack", "install", "{root}/evil.zip"], False),
    (["pack", "list"], False),
    (["pack", "list", "--json"], False),
    (["pack", "remove", f"{NAME}"], False),
    (["pack", "new", f"{{root}}/new-{NAME}"], False),
    (["pack", "build", "{root}/good-pack", "-o", f"{{root}}/{NAME}.zip"], False),
    (["import", "{root}/refused.json"], False),
    (["import", f"{{root}}/{NAME}.json"], False),
    (["show", EVIL], False),
    (["run", "--plain", EVIL], False),
    (["check-in", "--scale", f"{NAME}=3"], False),
    (["log"], False),
    (["log", "--json"], False),
    (["stats"], False),
    (["stats", "--json"], False),
    (["export", "--format", "csv"], True),
    (["export", "--format", "json"], True),
    (["export", "--format", "json"], False),
    (["export", "--format", "md", "--with-notes"], True),
    (["export", "--format", "html", "--with-notes"], True),
    (["export", "--format", "fhir"], True),
    (["--library", "{root}/library", "list"], False),
    (["plan", "start", EVIL], False),
    (["plan", "preview", "{root}/evil.zip"], False),
    (["plan", "show"], False),
    (["today"], False),
    (["render", EVIL, "-o", f"{{root}}/{NAME}.wav"], False),
    (["render", "{root}/good-pack/exercises/a.toml", "-o", f"{{root}}/{NAME}/out.wav"], False),
    (["--data-dir", f"{{root}}/forget-{NAME}", "forget", "--all", "--yes"], False),
]


@pytest.mark.parametrize(("argv", "tty"), COMMANDS,
                         ids=[re.sub(r"[^\w =.-]", "", " ".join(a[:3]).replace("{root}/", ""))
                              + (" (terminal)" if t else "") for a, t in COMMANDS])
def test_no_command_prints_a_terminal_escape(
        world: Path, argv: list[str], tty: bool, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "300")
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    capsys.readouterr()
    if tty:
        monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    main(["--data-dir", str(world / "data"), *(a.replace("{root}", str(world)) for a in argv)])
    out, err = capsys.readouterr()
    shown = out + err
    assert "MARK" in shown, "the hostile text was not shown at all, so nothing was tested"
    found = UNSAFE.search(shown)
    assert found is None, f"{found.group()!r} reached the terminal: {shown[:2000]!r}"


def test_an_export_to_a_pipe_or_file_keeps_the_persons_text_byte_exact(
        world: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`> file.csv` gets what `-o file.csv` gets; only a terminal is spared the escapes."""
    main(["--data-dir", str(world / "data"), "export", "--format", "csv"])
    out = capsys.readouterr().out
    assert EVIL in out


def test_for_terminal_removes_exactly_the_unsafe_characters() -> None:
    text = "caf\u00e9 \u05e9\u05dc\u05d5\u05dd \U0001f642\ttab\nline"
    assert for_terminal(text) == text  # accents, Hebrew, emoji, tab and newline stay
    assert for_terminal(EVIL) == "MARK[2J[31m]52;c;aGVsbG8=]0;pwned\\2JEND"
    assert for_terminal("a\ud800b\r\n") == "ab\n"
    assert for_terminal(for_terminal(EVIL)) == for_terminal(EVIL)


def test_json_for_terminal_escapes_losslessly() -> None:
    raw = json.dumps({"note": EVIL + "\ud800"}, ensure_ascii=False)
    shown = json_for_terminal(raw)
    assert UNSAFE.search(shown) is None
    assert json.loads(shown) == {"note": EVIL + "\ud800"}


SRC = Path(__file__).resolve().parents[1] / "src" / "painpath"
# Writing to the terminal another way than `painpath.render` would skip `for_terminal`.
DIRECT_OUTPUT = re.compile(r"\bConsole\(|(?<![.\w])print\(|sys\.std(?:out|err)\.write|"
                           r"json\.dump\([^)]*sys\.std")


def test_the_cli_prints_only_through_the_cleaning_console() -> None:
    """The TUI draws through Textual; everything else prints through `painpath.render`."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel.startswith(("tui/", "render/")):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if DIRECT_OUTPUT.search(line):
                offenders.append(f"{rel}:{n}: {line.strip()}")
    assert offenders == []
