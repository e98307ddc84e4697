"""How fast the private log is at 100,000 sessions: stats, exports, import, log screens.

    python benchmarks/bench_log.py [--runs 5] [--sessions 100000] [--no-write] [--rebuild]

1. A log of 100,000 completed sessions with four ratings each (400,000 ratings)
   is made once with `make_store.py` and kept under `benchmarks/.work/`
   (gitignored); it is made again when the log's layout or the filler changes.
2. The real commands run in fresh processes, `--runs` times each, in rounds
   (every command once per round, so a busy machine slows all alike): `stats`,
   `stats --json`, `export --format csv -o`, `export --format json -o`, and
   `import` of that JSON export into an empty data folder; beside them, in the
   same rounds, the baselines `python -c pass` and `python -c "import rich.console"`.
3. History and Progress are opened in the app (`create_app` + `run_test`, a
   fresh process each time) and timed from the key press until the screen's
   table or chart holds the log's numbers; "today" is the log's newest day.

Targets (issue "private ratings log"): stats at most 0.5 s, CSV export at most
3 s, import at most 20 s, History and Progress open within 1 s. Runs use a
throw-away config folder and bytecode cache, never the person's own log. The
medians replace this script's section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from report import (
    children_cpu,
    clean_env,
    loadavg,
    machine,
    painpath_command,
    today,
    write_section,
)

try:
    import resource
except ImportError:  # Windows: wall times only
    resource = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
WORK = Path(__file__).resolve().parent / ".work"
FILLER = Path(__file__).resolve().parent / "make_store.py"
STATS_TARGET_S = 0.5
CSV_TARGET_S = 3.0
IMPORT_TARGET_S = 20.0
SCREEN_TARGET_S = 1.0
PROBE_LIMIT_S = 60.0


# --- the log ---------------------------------------------------------------------------

def cached_log(sessions: int, rebuild: bool) -> Path:
    """The data folder holding a log of `sessions` sessions, made if missing or stale."""
    from painpath.store import schema

    folder = WORK / f"log-{sessions}"
    stamp = folder / "made-by.json"
    wanted = {"layout": schema.latest(), "sessions": sessions,
              "filler": hashlib.sha256(FILLER.read_bytes()).hexdigest(),
              "schema": hashlib.sha256(Path(schema.__file__).read_bytes()).hexdigest()}
    if not rebuild and stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"making a log of {sessions:,} sessions in {folder} ...", flush=True)
    sys.path.insert(0, str(FILLER.parent))
    from make_store import make_store

    started = time.perf_counter()
    make_store(folder / "painpath.db", sessions)
    print(f"  made in {time.perf_counter() - started:.0f} s", flush=True)
    stamp.write_text(json.dumps(wanted))
    return folder


def newest_day(folder: Path) -> datetime:
    from painpath.store import Store

    with Store.open(folder / "painpath.db", read_only=True) as store:
        return store.entries(limit=1)[0].started


# --- fresh processes ---------------------------------------------------------------------

def run_once(cmd: list[str], env: dict[str, str], before: Callable[[], None] | None = None
             ) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one fresh process."""
    if before is not None:
        before()
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
    return took, children_cpu() - cpu


def probe(kind: str, folder: Path, now: datetime, env: dict[str, str]) -> float:
    """Seconds to open a log screen, from a fresh process running this script's probe."""
    done = subprocess.run([sys.executable, __file__, "--probe", kind, str(folder),
                           now.isoformat()], env=env, cwd=ROOT, capture_output=True,
                          text=True, check=False, timeout=PROBE_LIMIT_S * 2)
    if done.returncode != 0:
        raise SystemExit(f"opening {kind} failed:\n{done.stderr}")
    return float(done.stdout.strip().splitlines()[-1])


async def _open_screen(kind: str, folder: Path, now: datetime) -> float:
    """In this process: the app on `folder`, then the time to open one screen."""
    from textual.widgets import DataTable

    from painpath.context import Context
    from painpath.paths import resolve
    from painpath.settings import Settings
    from painpath.tui.app import create_app
    from painpath.tui.screens.history import HistoryScreen
    from painpath.tui.screens.progress import ProgressScreen

    ctx = Context(resolve(folder))
    app = create_app(ctx, settings=Settings(reduced_motion=True), save_settings=False,
                     now=lambda: now)

    async def until(ready: Callable[[], bool]) -> None:
        limit = time.perf_counter() + PROBE_LIMIT_S
        while not ready():
            if time.perf_counter() > limit:
                raise SystemExit(f"{kind} did not show the log within {PROBE_LIMIT_S:g} s")
            await pilot.pause(0.002)

    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the home screen's own reads first
        await pilot.pause()
        start = time.perf_counter()
        if kind == "history":
            await pilot.press("h")
            await until(lambda: isinstance(app.screen, HistoryScreen)
                        and app.screen.query_one(DataTable).row_count > 0)
            return time.perf_counter() - start
        await pilot.press("p")
        await until(lambda: isinstance(app.screen, ProgressScreen)
                    and app.screen.data is not None)
        if kind == "progress":
            return time.perf_counter() - start
        shown = app.screen.data
        start = time.perf_counter()
        await pilot.press("4")  # the whole log
        await until(lambda: app.screen.data is not shown and app.screen.range == "all")
        return time.perf_counter() - start


# --- the report ---------------------------------------------------------------------------

def verdict(seconds: float, target: float | None) -> str:
    if target is None:
        return ""
    return "pass" if seconds <= target else "**FAIL**"


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh runs of each command")
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true", help="make the log again")
    parser.add_argument("--no-screens", action="store_true", help="skip History/Progress")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    parser.add_argument("--probe", nargs=3, metavar=("KIND", "FOLDER", "NOW"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        kind, folder, now = args.probe
        print(asyncio.run(_open_screen(kind, Path(folder), datetime.fromisoformat(now))))
        return 0

    folder = cached_log(args.sessions, args.rebuild)
    size_mb = (folder / "painpath.db").stat().st_size / 1e6
    load_before = loadavg()
    with tempfile.TemporaryDirectory(prefix="painpath-bench-log-") as tmp:
        home = Path(tmp)
        env = clean_env(home, COLUMNS="120")
        painpath = [*painpath_command(), "--data-dir", str(folder)]
        export_json, export_csv = home / "log.json", home / "log.csv"
        target = home / "imported"

        def empty_target() -> None:
            shutil.rmtree(target, ignore_errors=True)

        commands: dict[str, tuple[list[str], Callable[[], None] | None]] = {
            "pass": ([sys.executable, "-c", "pass"], None),
            "rich": ([sys.executable, "-c", "import rich.console"], None),
            "stats": ([*painpath, "stats"], None),
            "stats-json": ([*painpath, "stats", "--json"], None),
            "csv": ([*painpath, "export", "--format", "csv", "-o", str(export_csv)], None),
            "json": ([*painpath, "export", "--format", "json", "-o", str(export_json)], None),
            "import": ([*painpath_command(), "--data-dir", str(target), "import",
                        str(export_json)], empty_target),
        }
        print("warming up (bytecode, the OS's file cache) ...", flush=True)
        for cmd, before in commands.values():
            run_once(cmd, env, before)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for n in range(args.runs):
            print(f"round {n + 1} of {args.runs} ...", flush=True)
            for name, (cmd, before) in commands.items():
                wall, used = run_once(cmd, env, before)
                samples[name].append(wall)
                cpu[name].append(used)
        imported = subprocess.run([*painpath_command(), "--data-dir", str(target), "log",
                                   "--json", "--since", "2020-01-01", "--until",
                                   "2020-01-01"], env=env, capture_output=True, check=True)
        assert json.loads(imported.stdout), "the import did not bring the entries back"

        screens: dict[str, list[float]] = {}
        if not args.no_screens:
            now = newest_day(folder)
            for kind in ("history", "progress", "progress-all"):
                print(f"opening {kind} {args.runs} times ...", flush=True)
                screens[kind] = [probe(kind, folder, now, env) for _ in range(args.runs)]
    load_after = loadavg()

    def row(what: str, name: str, target: str, limit: float | None
            ) -> tuple[str, list[float], str, str, float | None]:
        used = statistics.median(cpu[name]) if resource is not None else None
        return (what, samples[name], fmt(used) if used is not None else "", target, limit)

    rows = [
        row('`python -c pass` (baseline)', "pass", "", None),
        row('`python -c "import rich.console"` (baseline)', "rich", "", None),
        row("`painpath stats`", "stats", "≤ 0.5 s", STATS_TARGET_S),
        row("`painpath stats --json`", "stats-json", "≤ 0.5 s", STATS_TARGET_S),
        row("`painpath export --format csv -o FILE`", "csv", "≤ 3 s", CSV_TARGET_S),
        row("`painpath export --format json -o FILE`", "json", "", None),
        row("`painpath import FILE` (that JSON, into an empty log)", "import", "≤ 20 s",
            IMPORT_TARGET_S),
    ]
    words = {"history": "History opens: first page of the table shown",
             "progress": "Progress opens: last 30 days, chart and table shown",
             "progress-all": "Progress, range switched to All: the whole log shown"}
    for kind, values in screens.items():
        rows.append((words[kind], values, "", "≤ 1 s", SCREEN_TARGET_S))
    table = "\n".join(
        ["| measurement | median wall | fastest – slowest | median CPU | target | result |",
         "|---|---|---|---|---|---|",
         *(f"| {what} | {fmt(statistics.median(v))} | {fmt(min(v))} – {fmt(max(v))} "
           f"| {used} | {t} | {verdict(statistics.median(v), g)} |"
           for what, v, used, t, g in rows)])
    load = (f" Load average (1 min) {load_before:.1f} before and {load_after:.1f} after: "
            "the machine is shared, so other work slows every row alike."
            if load_before is not None and load_after is not None else "")
    screens_note = (
        "\n\nHistory and Progress are timed in the app itself (`create_app` + `run_test`, "
        "headless, 100×32), a fresh process each time, from the key press on the home "
        "screen until the table or chart holds the log's numbers; the log's newest day "
        "stands for today." if screens else
        "\n\nHistory and Progress were not timed in this run (`--no-screens`).")
    body = (
        f"## The private log at {args.sessions:,} sessions\n\n"
        f"`benchmarks/bench_log.py`, run {today()} on {machine()}. The log holds "
        f"{args.sessions:,} completed sessions with four ratings each "
        f"({4 * args.sessions:,} ratings; {size_mb:.0f} MB), made by "
        f"`benchmarks/make_store.py`. Each command ran in {args.runs} fresh processes, "
        f"in rounds with the baselines; medians. Targets are judged on wall time; CPU is "
        f"the process's own (user + system).{load}{screens_note}\n\n{table}\n")
    print(body)
    if not args.no_write:
        write_section("log", body)
        print("updated docs/performance.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
