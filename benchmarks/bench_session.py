"""How the app starts, how little it costs while a person sits, how well it keeps time.

    python benchmarks/bench_session.py [--runs 15] [--quick] [--no-write]

1. **First frame.** `painpath` (home) and `bare_app.py` (a bare Textual app
   composing a similar screen) are launched in fresh processes, alternated,
   each under a pseudo-terminal of 80×24 with TERM=xterm-256color, as in a
   real terminal. The clock stops when the screen's own text arrives on the
   terminal; then the process is killed. Target: painpath's median at most
   1.2× the bare app's.
2. **CPU during a silent step.** `painpath run FILE` on an exercise of one
   ten-minute step without a bell, started with its Start key; after a few
   seconds to settle, the process's CPU time (utime + stime from
   /proc/PID/stat) is sampled over 60 s. The bare app redrawing a line at
   10 Hz, and idle, run in the same window as references. Target: at most 1 %
   of one core.
3. **Drift.** Sixty one-second steps at real speed: (a) in this process with
   the engine and the SystemClock, driven as the app drives it (sleep until
   `next_due()`, then `tick()`), with the machine idle, with a busy loop on
   the other core, and with both cores busy; (b) plain mode end to end,
   `painpath run FILE --plain` with standard input at its end, timed from the
   first "Step 1 of 60" line to the practice's last line and to the process's
   exit. Target: the end within 150 ms of schedule.

`--quick` (for development) samples CPU over 10 s and runs ten steps instead of
sixty, and does not write the results: the committed numbers come from a
full run. Processes start with compiled bytecode cached (as an installed
painpath does) and use a throw-away data folder, so a person's own log is
never read or touched. Linux only (/proc, pseudo-terminals).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bare_app import MARKER as BARE_MARKER
from report import loadavg, machine, painpath_command, today, write_section

from painpath.engine import SystemClock
from painpath.engine.events import Event, Finished, StepStarted
from painpath.engine.session import Session
from painpath.format.models import Exercise, Step

ROOT = Path(__file__).resolve().parents[1]
BARE_APP = Path(__file__).resolve().parent / "bare_app.py"

FIRST_FRAME_RATIO_TARGET = 1.2
CPU_TARGET_PCT = 1.0
DRIFT_TARGET_S = 0.150

COLS, ROWS = 80, 24
HOME_MARKER = "Guided practice for living with pain"
PLAYER_MARKER = "This step:"  # the player's line of times left
LAUNCH_TIMEOUT_S = 30.0
SETTLE_S = 5.0
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Terminal control sequences (CSI, OSC, two-byte ESC x) are stripped before
# looking for a screen's text: only the words a person would see are searched.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[ -~]")


# ------------------------------------------------------------ environment
def session_env(home: Path) -> dict[str, str]:
    """A person's terminal: no painpath or Textual variables, bytecode cached.

    PYTHONDONTWRITEBYTECODE (set in this environment) would make every run
    recompile painpath and Textual; an installed painpath has its .pyc files.
    The cache goes to a temporary folder so the working tree stays as it was.
    """
    dropped = ("PYTHONDONTWRITEBYTECODE", "COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR",
               "COLORTERM")
    env = {k: v for k, v in os.environ.items()
           if k not in dropped and not k.startswith(("PAINPATH_", "TEXTUAL"))}
    env.update(TERM="xterm-256color", PYTHONPYCACHEPREFIX=str(home / "pycache"),
               XDG_DATA_HOME=str(home / "xdg-data"), XDG_CONFIG_HOME=str(home / "xdg-config"))
    return env


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process (all its threads), from /proc."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat.rsplit(")", 1)[1].split()  # after "pid (comm)"; comm may hold spaces
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


# ------------------------------------------------------- pseudo-terminals
def _take_terminal() -> None:
    """In the child, after setsid: make the pty (now fd 0) the controlling terminal."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Terminal:
    """A process running under a pseudo-terminal of COLS×ROWS, its output kept.

    No threads: whoever waits pumps every live terminal (`pump`), so no
    process ever blocks on a full terminal buffer, and launching with a
    `preexec_fn` stays safe.
    """

    def __init__(self, cmd: Sequence[str], env: dict[str, str]) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.cmd = list(cmd)
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
                                     cwd=ROOT, start_new_session=True,
                                     preexec_fn=_take_terminal)
        os.close(slave)
        os.set_blocking(master, False)  # a read never waits: `pump` reads what select saw
        self.master = master
        self.chunks: list[tuple[float, bytes]] = []  # (perf_counter when read, bytes)
        self.open = True
        self._from = 0  # where `expect` starts looking

    @property
    def pid(self) -> int:
        return self.proc.pid

    def read(self) -> None:
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: the process has gone and the terminal closed
            data = b""
        if data:
            self.chunks.append((time.perf_counter(), data))
        else:
            self.open = False

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def mark(self) -> None:
        """Look for text only in output from now on."""
        self._from = len(self.chunks)

    def found_at(self, text: str) -> float | None:
        """perf_counter of the read that completed `text` on screen, if it has arrived."""
        wanted = text.encode()
        seen = b""
        for i in range(self._from, len(self.chunks)):
            seen += self.chunks[i][1]
            if wanted in _ESCAPES.sub(b"", seen):
                return self.chunks[i][0]
        return None

    def screen_text(self) -> str:
        return _ESCAPES.sub(b"", b"".join(c for _, c in self.chunks)).decode(errors="replace")

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)  # its own session: only what we started
        self.proc.wait()
        os.close(self.master)


def pump(terminals: Iterable[Terminal], seconds: float) -> None:
    """Drain every terminal's output for `seconds`."""
    end = time.perf_counter() + seconds
    while (left := end - time.perf_counter()) > 0:
        live = [t for t in terminals if t.open]
        if not live:
            time.sleep(left)
            return
        ready, _, _ = select.select([t.master for t in live], [], [], left)
        for t in live:
            if t.master in ready:
                t.read()


def expect(term: Terminal, text: str, others: Iterable[Terminal] = (),
           timeout: float = LAUNCH_TIMEOUT_S) -> float:
    """Wait until `text` appears on `term` (keeping `others` drained); its time."""
    everyone = [term, *(t for t in others if t is not term)]
    end = time.perf_counter() + timeout
    while (at := term.found_at(text)) is None:
        if not term.open or time.perf_counter() > end:
            raise SystemExit(f"`{' '.join(term.cmd)}` never showed {text!r}. The terminal "
                             f"showed:\n{term.screen_text()[-2000:]}")
        pump(everyone, 0.05)
    return at


# ------------------------------------------------------------ first frame
@dataclass(frozen=True)
class Launch:
    wall: float  # launch to first frame
    cpu: float  # the process's CPU time by then


def first_frame(cmd: Sequence[str], env: dict[str, str], marker: str) -> Launch:
    term = Terminal(cmd, env)
    try:
        at = expect(term, marker)
        cpu = cpu_seconds(term.pid)
    finally:
        term.close()
    return Launch(at - term.started, cpu)


def alternate_launches(apps: dict[str, tuple[list[str], str]], env: dict[str, str],
                       runs: int) -> dict[str, list[Launch]]:
    """Each app `runs` times, alternating which goes first, after two warm-ups each."""
    for cmd, marker in apps.values():
        for _ in range(2):  # the first compiles and caches the bytecode
            first_frame(cmd, env, marker)
    samples: dict[str, list[Launch]] = {name: [] for name in apps}
    names = list(apps)
    for i in range(runs):
        for name in names if i % 2 == 0 else reversed(names):
            cmd, marker = apps[name]
            samples[name].append(first_frame(cmd, env, marker))
    return samples


# ---------------------------------------------------------------- CPU use
SILENT_EXERCISE = """format = 1
id = "silent-sitting"
title = "Silent sitting for the benchmark"
kind = "mbsr"

[ratings]
before = []
after = []

[[steps]]
title = "Sitting"
text = "Sit quietly. Nothing changes on the screen but the time left."
duration = "10m"
bell = false
"""


@dataclass(frozen=True)
class CpuUse:
    name: str
    cpu: float  # CPU seconds in the window
    wall: float
    reads: int  # terminal output reads in the window: roughly, frames drawn

    @property
    def percent(self) -> float:
        return 100 * self.cpu / self.wall


def cpu_window(env: dict[str, str], data_dir: Path, exercise: Path, window: float,
               settle: float) -> list[CpuUse]:
    """painpath in a silent step, and the bare app ticking and idle, over one window."""
    terms: list[Terminal] = []
    try:
        player = Terminal([*painpath_command(), "--data-dir", str(data_dir), "run",
                           str(exercise)], env)
        terms.append(player)
        expect(player, "Silent sitting for the benchmark")  # the exercise's page
        player.mark()
        player.send("s")  # Start (no before-ratings: straight to the player)
        expect(player, PLAYER_MARKER)
        tick = Terminal([sys.executable, str(BARE_APP), "--tick"], env)
        terms.append(tick)
        expect(tick, BARE_MARKER, terms)
        idle = Terminal([sys.executable, str(BARE_APP)], env)
        terms.append(idle)
        expect(idle, BARE_MARKER, terms)
        pump(terms, settle)
        names = ("painpath, silent step", "bare app redrawing at 10 Hz", "bare app, idle")
        start = {t.pid: (cpu_seconds(t.pid), len(t.chunks)) for t in terms}
        began = time.perf_counter()
        pump(terms, window)
        wall = time.perf_counter() - began
        for t in terms:
            if t.proc.poll() is not None:
                raise SystemExit(f"`{' '.join(t.cmd)}` ended during the window:\n"
                                 f"{t.screen_text()[-2000:]}")
        player.mark()
        pump(terms, 1.1)  # the countdown still moves: the session really runs
        if player.found_at("left") is None:
            raise SystemExit("painpath's countdown stopped moving during the window")
        return [CpuUse(name, cpu_seconds(t.pid) - start[t.pid][0], wall,
                       len(t.chunks) - start[t.pid][1])
                for name, t in zip(names, terms, strict=True)]
    finally:
        for t in terms:
            t.close()


# ------------------------------------------------------------------ drift
@dataclass(frozen=True)
class Drift:
    name: str
    end_late: float  # seconds after the scheduled end
    steps_late: list[float]  # each step's start (and the end) after its schedule
    exit_late: float | None = None  # plain mode: the process's exit


def steps_exercise(n: int) -> Exercise:
    return Exercise(id="drift", title="Drift", kind="other", pack="bench",
                    ratings_before=(), ratings_after=(),
                    steps=tuple(Step(text=f"Step {i + 1}.", duration=1) for i in range(n)))


def drift_in_process(name: str, steps: int) -> Drift:
    """Drive the engine as the app does: sleep until `next_due()`, then `tick()`."""
    heard: list[tuple[Event, float]] = []
    session = Session(steps_exercise(steps), clock=SystemClock(),
                      listeners=[lambda e: heard.append((e, time.monotonic()))])
    start = time.monotonic()  # the session's own start reading is taken just after
    session.start()
    while session.state == "running":
        due = session.next_due()
        if due is None:
            break
        time.sleep(due)
        session.tick()
    late = [at - (start + (e.index if isinstance(e, StepStarted) else steps))
            for e, at in heard if isinstance(e, StepStarted | Finished)]
    if session.state != "finished" or not isinstance(heard[-1][0], Finished):
        raise SystemExit(f"the in-process session ended {session.state}, not finished")
    return Drift(name, late[-1], late)


def with_busy_cores(n: int) -> list[subprocess.Popen[bytes]]:
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def plain_exercise_text(steps: int) -> str:
    body = "".join(f'\n[[steps]]\ntext = "Step {i + 1}."\nduration = 1\n' for i in range(steps))
    return (f'format = 1\nid = "drift"\ntitle = "Drift"\nkind = "other"\n\n'
            f"[ratings]\nbefore = []\nafter = []\n{body}")


def drift_plain(env: dict[str, str], data_dir: Path, exercise: Path, steps: int) -> Drift:
    """`painpath run FILE --plain`, stdin at its end: lines timed as they arrive."""
    cmd = [*painpath_command(), "--data-dir", str(data_dir), "run", str(exercise), "--plain"]
    launched = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert proc.stdout is not None
    lines: list[tuple[float, str]] = []
    for raw in iter(proc.stdout.readline, b""):
        lines.append((time.perf_counter(), raw.decode(errors="replace").rstrip("\n")))
    _, err = proc.communicate()
    exited = time.perf_counter()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err.decode()}")
    heading = re.compile(rf"Step \d+ of {steps} ")
    starts = [t for t, text in lines if heading.match(text)]
    ends = [t for t, text in lines if text == "That is the end of the practice."]
    if len(starts) != steps or not ends:
        raise SystemExit(f"plain mode did not show {steps} steps and an end:\n"
                         + "\n".join(text for _, text in lines[-20:]))
    begun = starts[0]  # launch + start-up: the session's clock started just before
    late = [t - (begun + i) for i, t in enumerate(starts)] + [ends[0] - (begun + steps)]
    startup = begun - launched
    return Drift(f"plain mode, `run --plain` in a subprocess (start-up {startup * 1000:.0f} ms)",
                 late[-1], late, exited - launched - startup - steps)


# ----------------------------------------------------------------- report
FIRST_FRAME_NOTE = (
    "How painpath keeps its start-up near the bare app's (found with `-X importtime`, "
    "cProfile and timestamps of each message handled before the first write, "
    "2026-11-23/24): home is the app's first screen, returned by `get_default_screen`, "
    "not pushed over Textual's blank default screen (that blank screen's compose and "
    "resume, then a screen switch, cost about 60 ms); every other screen, the engine, "
    "the store (and `sqlite3`) and the library's loader are imported where first used, "
    "and the library is read on first use (together about 70 ms); home's log panels "
    "(today's plan, check-in, trend) mount just after the first frame; a plain "
    "`painpath` parses only the global options. What painpath still pays on top of the "
    "bare app: its settings file, about 7 KB of app CSS, and a home with more widgets "
    "and footer keys.")


def verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def fine_ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="launches of each app (≥ 10)")
    parser.add_argument("--quick", action="store_true",
                        help="10 s CPU window and ten-step drift runs; results not written")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    parser.add_argument("--only", choices=["first-frame"],
                        help="run only this part and print it (results not written)")
    args = parser.parse_args(argv)
    if args.runs < 10 and not args.quick:
        parser.error("a full run needs at least 10 launches of each app")
    window = 10.0 if args.quick else 60.0
    settle = 2.0 if args.quick else SETTLE_S
    steps = 10 if args.quick else 60
    loads = [loadavg()]

    with tempfile.TemporaryDirectory(prefix="painpath-bench-") as tmp:
        home = Path(tmp)
        env = session_env(home)
        data_dir = home / "data"  # never created by opening home; sessions create it
        print(f"first frame: {args.runs} launches of each app, alternated ...", flush=True)
        launches = alternate_launches({
            "bare": ([sys.executable, str(BARE_APP)], BARE_MARKER),
            "painpath": ([*painpath_command(), "--data-dir", str(data_dir)], HOME_MARKER),
        }, env, args.runs)
        loads.append(loadavg())
        if args.only == "first-frame":
            bare = statistics.median(s.wall for s in launches["bare"])
            pp = statistics.median(s.wall for s in launches["painpath"])
            print(f"bare {ms(bare)}, painpath {ms(pp)}: {pp / bare:.2f}× "
                  f"(target ≤ {FIRST_FRAME_RATIO_TARGET:g}×; not written)")
            return 0

        silent = home / "silent.toml"
        silent.write_text(SILENT_EXERCISE, encoding="utf-8")
        print(f"CPU: a silent step and the bare app over {window:g} s ...", flush=True)
        cpu = cpu_window(env, data_dir, silent, window, settle)
        loads.append(loadavg())

        drifts: list[Drift] = []
        for busy, name in ((0, "in-process, no added load"),
                           (1, "in-process, a busy loop on the other core"),
                           (2, "in-process, both cores busy")):
            print(f"drift: {steps} one-second steps, {name} ...", flush=True)
            loaders = with_busy_cores(busy)
            try:
                drifts.append(drift_in_process(name, steps))
            finally:
                for p in loaders:
                    p.kill()
                    p.wait()
        loads.append(loadavg())
        plain_file = home / "drift.toml"
        plain_file.write_text(plain_exercise_text(steps), encoding="utf-8")
        print(f"drift: {steps} one-second steps in plain mode ...", flush=True)
        drifts.append(drift_plain(env, data_dir, plain_file, steps))
        loads.append(loadavg())

    body = render(args, launches, cpu, drifts, loads, window, settle, steps)
    print(body)
    if args.quick or args.no_write:
        print("(not written: " + ("a --quick run" if args.quick else "--no-write") + ")")
    else:
        write_section("session", body)
        print("updated docs/performance.md")
    return 0


def render(args: argparse.Namespace, launches: dict[str, list[Launch]], cpu: list[CpuUse],
           drifts: list[Drift], loads: list[float], window: float, settle: float,
           steps: int) -> str:
    bare_wall = statistics.median(s.wall for s in launches["bare"])
    pp_wall = statistics.median(s.wall for s in launches["painpath"])
    bare_cpu = statistics.median(s.cpu for s in launches["bare"])
    pp_cpu = statistics.median(s.cpu for s in launches["painpath"])
    ratio = pp_wall / bare_wall
    frame_rows = [
        "| app | median wall | median CPU | fastest–slowest wall | target | result |",
        "|---|---|---|---|---|---|",
        f"| `bare_app.py` (baseline) | {ms(bare_wall)} | {ms(bare_cpu)} | "
        f"{ms(min(s.wall for s in launches['bare']))}–"
        f"{ms(max(s.wall for s in launches['bare']))} |  |  |",
        f"| `painpath` (home) | {ms(pp_wall)} | {ms(pp_cpu)} | "
        f"{ms(min(s.wall for s in launches['painpath']))}–"
        f"{ms(max(s.wall for s in launches['painpath']))} | "
        f"≤ {FIRST_FRAME_RATIO_TARGET:g}× baseline | {ratio:.2f}× "
        f"(CPU {pp_cpu / bare_cpu:.2f}×) — {verdict(ratio <= FIRST_FRAME_RATIO_TARGET)} |",
    ]
    cpu_rows = ["| process | CPU in the window | % of one core | terminal writes read | "
                "target | result |", "|---|---|---|---|---|---|"]
    for i, use in enumerate(cpu):
        target = f"≤ {CPU_TARGET_PCT:g} %" if i == 0 else "(reference)"
        result = verdict(use.percent <= CPU_TARGET_PCT) if i == 0 else ""
        cpu_rows.append(f"| {use.name} | {ms(use.cpu)} | {use.percent:.2f} % | {use.reads} | "
                        f"{target} | {result} |")
    drift_rows = ["| run | end after schedule | step starts after schedule: median, max | "
                  "process exit after schedule | target | result |",
                  "|---|---|---|---|---|---|"]
    for d in drifts:
        judged = d.exit_late if d.exit_late is not None else d.end_late
        drift_rows.append(
            f"| {d.name} | {fine_ms(d.end_late)} | {fine_ms(statistics.median(d.steps_late))}, "
            f"{fine_ms(max(d.steps_late))} | "
            f"{'' if d.exit_late is None else fine_ms(d.exit_late)} | "
            f"≤ {ms(DRIFT_TARGET_S)} | {verdict(abs(judged) <= DRIFT_TARGET_S)} |")
    shown = ", ".join(f"{x:.2f}" for x in loads)
    return "\n".join([
        "## Sessions: first frame, a silent step's CPU, drift",
        "",
        f"`benchmarks/bench_session.py`{' --quick' if args.quick else ''}, run {today()} on "
        f"{machine()}. Load average before and after each part: {shown}. Processes start "
        "with compiled bytecode cached, as an installed painpath does, and use a "
        "throw-away data folder.",
        "",
        "### Launch to the first frame of home",
        "",
        f"{args.runs} fresh launches of each, alternated, each under a pseudo-terminal of "
        f"{COLS}×{ROWS} (TERM=xterm-256color), timed until the screen's own words arrive "
        f"on the terminal (for painpath: “{HOME_MARKER}”); CPU is the process's own "
        "time by then. The baseline is `benchmarks/bare_app.py`, a bare Textual app "
        "composing a similar screen (a title, a paragraph, four buttons, a footer).",
        "",
        *frame_rows,
        "",
        FIRST_FRAME_NOTE,
        "",
        "### CPU during a silent step",
        "",
        f"`painpath run FILE` on one ten-minute step with no bell, started with its Start "
        f"key; after {settle:g} s to settle, utime + stime from /proc/PID/stat over "
        f"{window:g} s. The two bare apps ran in the same window. “Terminal writes read” "
        "counts the reads of each terminal's output in the window, roughly the frames "
        "drawn.",
        "",
        *cpu_rows,
        "",
        "### Drift over a minute of one-second steps",
        "",
        f"{steps} steps of one second at real speed, scheduled to end {steps} s after the "
        "start. In-process: the engine with the SystemClock, driven as the app drives it "
        "(sleep until `next_due()`, then `tick()`); late = the monotonic time each "
        "`StepStarted` and the `Finished` event were heard, minus the start plus their "
        "scheduled offset. The busy cores are `python -c \"while True: pass\"`, "
        "on top of whatever else the machine was running (see the load averages). Plain "
        "mode: `painpath run FILE --plain` with standard input at its end (so nothing "
        "is asked), timed from the “Step 1 of "
        f"{steps}” line (launch plus start-up) to the practice's last line and to the "
        "process's exit; its exit includes writing the log and leaving Python, and is "
        "what the plain-mode row is judged on. That first line reaches the pipe a moment "
        "after the session's clock started, so a few negative milliseconds are possible.",
        "",
        *drift_rows,
        "",
    ])


if __name__ == "__main__":
    raise SystemExit(main())
