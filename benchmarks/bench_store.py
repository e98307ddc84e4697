"""The log's layout at 100,000 sessions: its size, import, saves, and many writers at once.

    python benchmarks/bench_store.py [--runs 3] [--sessions 100000] [--no-write]

Targets (issue "The log, hardened", layout 5), each measured against a baseline
taken in the same run on the same machine:

1. Size: the log is at most 1.2x its own JSON export (`painpath export --format
   json`). Measured on the log an import of that export makes in an empty
   folder, and on the benchmark log (`make_store.py`).
2. Import into an empty log: at most 1.5x the wall time of a naive reference
   import (`reference_import.py`: `json.load`, then `executemany` into a minimal
   schema), and at most 2x the peak memory of `json.load` of the same file
   alone. Fresh processes, in rounds (each command once per round); peak memory
   is each process's own maximum resident size (`os.wait4`).
3. A save under the write lock at most 5 ms: a running session saved after each
   of its 30 steps (`Store.save_entry(..., live=True)`, what the recorder does) and
   check-ins, on a copy of the 100,000-session log, in a fresh process; the time
   from BEGIN IMMEDIATE (traced) until COMMIT has returned, and the whole call.
4. Writers at once: 4 processes x 25 check-ins, started together, on that log;
   none may be refused. Once with the real command (`painpath check-in`, 4 at a
   time) and once in-process (each process saving as fast as it can).

The medians replace this script's section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from report import clean_env, loadavg, machine, painpath_command, today, write_section

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZE_TARGET = 1.2
IMPORT_TIME_TARGET = 1.5
IMPORT_MEMORY_TARGET = 2.0
SAVE_TARGET_MS = 5.0


def run(cmd: list[str], env: dict[str, str], before: Callable[[], None] | None = None
        ) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one fresh process."""
    if before is not None:
        before()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return took, usage.ru_maxrss / 1024  # KiB on Linux


# --- 3 and 4: in a child process, on a copy of the log --------------------------------

def _saves(db: str, count: int) -> dict[str, list[float]]:
    """Time `count` saves of running sessions and `count` check-ins (ms).

    Each session is a 30-step body scan as the recorder saves it: after each step,
    with its before ratings and a tension rating for the step's body region. The
    lock is held from BEGIN IMMEDIATE (traced) until the call returns, just after
    COMMIT (its fsync included)."""
    from datetime import timedelta

    from painpath.store import Entry, Rating, Store
    from painpath.store.times import now_local

    began = [0.0]

    def trace(sql: str) -> None:
        if sql.startswith("BEGIN IMMEDIATE"):
            began[0] = time.perf_counter()

    out: dict[str, list[float]] = {"session-inside": [], "session-whole": [],
                                   "check-in-inside": [], "check-in-whole": []}
    with Store.open(db) as store:
        store._conn.set_trace_callback(trace)
        for k in range(max(1, count // 30)):
            start = now_local() + timedelta(hours=k)
            ratings = [Rating("pain", 6, "before", at=start),
                       Rating("tension", 5, "before", at=start)]
            session = Entry(type="session", started=start, status="in-progress",
                            exercise="painpath/body-scan", planned_s=1800.0)
            for step in range(30):
                ratings.append(Rating("tension", step % 10, "during", region="lower back",
                                      step=step, at=start + timedelta(seconds=60 * step)))
                entry = session.evolve(furthest_step=step, practiced_s=60.0 * step,
                                       ratings=tuple(ratings))
                t = time.perf_counter()
                store.save_entry(entry, live=True)
                done = time.perf_counter()
                out["session-whole"].append((done - t) * 1000)
                out["session-inside"].append((done - began[0]) * 1000)
        for i in range(count):
            t = time.perf_counter()
            store.add_check_in({"pain": i % 11, "tension": 3}, note="bench")
            done = time.perf_counter()
            out["check-in-whole"].append((done - t) * 1000)
            out["check-in-inside"].append((done - began[0]) * 1000)
        store._conn.set_trace_callback(None)
    return out


def _writer(db: str, count: int, go: float) -> dict[str, object]:
    """One of the processes at once: `count` check-ins as fast as it can, from `go`."""
    from painpath.errors import StoreError
    from painpath.store import Store

    while time.time() < go:
        time.sleep(0.001)
    refused, waits = 0, []
    with Store.open(db) as store:
        for i in range(count):
            t = time.perf_counter()
            try:
                store.add_check_in({"pain": i % 11}, note=f"writer {os.getpid()}")
            except StoreError:
                refused += 1
            waits.append((time.perf_counter() - t) * 1000)
    return {"refused": refused, "waits": waits}


def child(mode: str, db: str, count: int, go: float) -> int:
    result = _saves(db, count) if mode == "saves" else _writer(db, count, go)
    print(json.dumps(result))
    return 0


def in_child(mode: str, db: Path, count: int, env: dict[str, str], go: float = 0.0
             ) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, __file__, "--child", mode, str(db), str(count),
                             repr(go)], env=env, cwd=HERE, stdout=subprocess.PIPE,
                            text=True)


def finish(proc: subprocess.Popen[str]) -> dict[str, object]:
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"a measuring process failed (exit {proc.returncode})")
    return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]


# --- the report ----------------------------------------------------------------------

def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sessions", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        mode, db, count, go = args.child
        return child(mode, db, int(count), float(go))

    sys.path.insert(0, str(HERE))
    from bench_log import cached_log

    folder = cached_log(args.sessions, rebuild=False)
    load_before = loadavg()
    with tempfile.TemporaryDirectory(prefix="painpath-bench-store-") as tmp:
        home = Path(tmp)
        env = clean_env(home, COLUMNS="120")
        pp = painpath_command()
        export = home / "log.json"
        print("exporting the benchmark log ...", flush=True)
        run([*pp, "--data-dir", str(folder), "export", "--format", "json", "-o", str(export)],
            env)
        ref_db, target = home / "reference.db", home / "imported"

        def clear() -> None:
            for p in (ref_db, Path(f"{ref_db}-wal"), Path(f"{ref_db}-shm")):
                p.unlink(missing_ok=True)
            shutil.rmtree(target, ignore_errors=True)

        commands = {
            "json.load": [sys.executable, "-c",
                          "import json, sys; json.load(open(sys.argv[1], encoding='utf-8'))",
                          str(export)],
            "reference": [sys.executable, str(HERE / "reference_import.py"), str(export),
                          str(ref_db)],
            "import": [*pp, "--data-dir", str(target), "import", str(export)],
        }
        wall: dict[str, list[float]] = {k: [] for k in commands}
        peak: dict[str, list[float]] = {k: [] for k in commands}
        for n in range(args.runs):
            print(f"import round {n + 1} of {args.runs} ...", flush=True)
            for name, cmd in commands.items():
                took, mb = run(cmd, env, clear)
                wall[name].append(took)
                peak[name].append(mb)
        export_mb = export.stat().st_size / 1e6
        imported_mb = sum(p.stat().st_size for p in target.glob("painpath.db*")) / 1e6
        bench_mb = (folder / "painpath.db").stat().st_size / 1e6
        with open(export, encoding="utf-8") as fh:
            compact_mb = len(json.dumps(json.load(fh), separators=(",", ":"))) / 1e6

        print("saves on a copy of the log ...", flush=True)
        copy = home / "copy" / "painpath.db"
        copy.parent.mkdir()
        shutil.copyfile(folder / "painpath.db", copy)
        saves = finish(in_child("saves", copy, args.saves, env))

        print("4 painpath check-in commands at a time, 25 each ...", flush=True)
        failures: list[str] = []

        def commands_at_once(worker: int) -> None:
            for i in range(25):
                done = subprocess.run([*pp, "--data-dir", str(copy.parent), "check-in",
                                       "--pain", str(i % 11), "--note", f"w{worker}"],
                                      env=env, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    failures.append(done.stderr.strip()[:200])

        started = time.perf_counter()
        threads = [threading.Thread(target=commands_at_once, args=(w,)) for w in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        commands_took = time.perf_counter() - started

        print("4 processes saving 25 check-ins each, as fast as they can ...", flush=True)
        go = time.time() + 2.0  # all start together, after their imports
        procs = [in_child("writer", copy, 25, env, go) for _ in range(4)]
        writers = [finish(p) for p in procs]
        refused = sum(int(w["refused"]) for w in writers)  # type: ignore[call-overload]
        waits = [x for w in writers for x in w["waits"]]  # type: ignore[attr-defined]
        from painpath.store import Store

        with Store.open(copy, read_only=True) as store:
            check_ins = store.count(type="check-in")
    load_after = loadavg()

    med = {k: statistics.median(v) for k, v in wall.items()}
    mem = {k: statistics.median(v) for k, v in peak.items()}
    size_ratio = imported_mb / export_mb
    time_ratio = med["import"] / med["reference"]
    mem_ratio = mem["import"] / mem["json.load"]
    inside = saves["session-inside"] + saves["check-in-inside"]  # type: ignore[operator]
    rows = [
        ("Log after importing the export into an empty folder", f"{imported_mb:.0f} MB",
         f"{size_ratio:.2f}× the export ({export_mb:.0f} MB; {compact_mb:.0f} MB without "
         "indentation)", f"≤ {SIZE_TARGET}×", verdict(size_ratio <= SIZE_TARGET)),
        ("The benchmark log (`make_store.py`, the same sessions)", f"{bench_mb:.0f} MB",
         f"{bench_mb / export_mb:.2f}× the export", f"≤ {SIZE_TARGET}×",
         verdict(bench_mb / export_mb <= SIZE_TARGET)),
        ("`json.load` of the export alone (baseline)", fmt_s(med["json.load"]),
         f"peak {mem['json.load']:.0f} MB", "", ""),
        ("Reference import (`reference_import.py`, baseline)", fmt_s(med["reference"]),
         f"peak {mem['reference']:.0f} MB", "", ""),
        ("`painpath import FILE` into an empty log", fmt_s(med["import"]),
         f"{time_ratio:.2f}× the reference's time", f"≤ {IMPORT_TIME_TARGET}×",
         verdict(time_ratio <= IMPORT_TIME_TARGET)),
        ("… its peak memory", f"{mem['import']:.0f} MB",
         f"{mem_ratio:.2f}× `json.load`'s", f"≤ {IMPORT_MEMORY_TARGET}×",
         verdict(mem_ratio <= IMPORT_MEMORY_TARGET)),
        (f"A save under the write lock ({len(inside)} saves: session steps and check-ins)",
         f"{statistics.median(inside):.2f} ms",
         f"95th percentile {pct(inside, 0.95):.2f} ms, slowest {max(inside):.2f} ms",
         f"≤ {SAVE_TARGET_MS:g} ms (median, as every row here)",
         verdict(statistics.median(inside) <= SAVE_TARGET_MS)),
        ("… the whole `save_entry` call of a session step (30-step body scan)",
         f"{statistics.median(saves['session-whole']):.2f} ms",  # type: ignore[arg-type]
         f"95th percentile {pct(saves['session-whole'], 0.95):.2f} ms",  # type: ignore[arg-type]
         "", ""),
        ("4 × 25 `painpath check-in` commands, 4 at a time", fmt_s(commands_took),
         f"{len(failures)} refused", "none refused", verdict(not failures)),
        ("4 processes × 25 check-ins each, all at once", f"{refused} refused",
         f"longest wait {max(waits):.0f} ms, median {statistics.median(waits):.1f} ms",
         "none refused", verdict(refused == 0)),
    ]
    table = "\n".join(["| measurement | value | against the baseline | target | result |",
                       "|---|---|---|---|---|",
                       *(f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows)])
    load = (f" Load average (1 min) {load_before:.1f} before and {load_after:.1f} after."
            if load_before is not None and load_after is not None else "")
    body = (f"## The log's layout: size, import, saves, writers at once\n\n"
            f"`benchmarks/bench_store.py`, run {today()} on {machine()}, on the log of "
            f"{args.sessions:,} sessions ({4 * args.sessions:,} ratings) that "
            f"`benchmarks/make_store.py` makes; import rows are medians of {args.runs} "
            f"rounds of fresh processes (each command once per round).{load} After the "
            f"writers, the log held {check_ins} check-ins (100 + 100 + "
            f"{args.saves} expected).\n\n{table}\n")
    print(body)
    if failures:
        print("refused:", *failures[:3], sep="\n  ")
    if not args.no_write:
        write_section("store", body)
        print("updated docs/performance.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
