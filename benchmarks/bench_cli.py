"""How fast the foundation commands start, and how fast a large library loads.

    python benchmarks/bench_cli.py [--runs 20] [--files 1000] [--no-write]

1. `painpath list --json` in fresh processes, against a baseline measured in
   the same run: `python -c "import rich.console"` (the least any rich-based
   command pays). The two are alternated, so a busy machine slows both alike.
   Target: the median of `list --json` at most 2x the baseline's.
2. A generated library of 1,000 exercise files: loaded in-process with
   `load_folder` and `Library.load`, and by `painpath --library DIR list
   --json` in a fresh process. Target: under 1 s each.

Wall time is what a person waits; CPU time (the process's own user + system
time) is the work painpath does, and stays honest on a shared machine where
other processes stretch the wall clock. Both are reported, with the load
average; the 1 s targets are judged on CPU time when the machine was busy
(load average above its CPU count), on wall time otherwise.

Runs use a throw-away data and config folder (XDG_DATA_HOME, XDG_CONFIG_HOME),
so the person's own log and packs are neither read nor touched. The results
replace this script's section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
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

from painpath.format.loader import load_folder
from painpath.library import Library
from painpath.paths import Paths

ROOT = Path(__file__).resolve().parents[1]
LIST_RATIO_TARGET = 2.0
LIBRARY_TARGET_S = 1.0


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def medians(samples: list[Timing]) -> Timing:
    return Timing(statistics.median(s.wall for s in samples),
                  statistics.median(s.cpu for s in samples))


def run_once(cmd: list[str], env: dict[str, str]) -> Timing:
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
    return Timing(wall, children_cpu() - cpu)


def alternate(commands: dict[str, list[str]], env: dict[str, str], runs: int
              ) -> dict[str, list[Timing]]:
    """Each command `runs` times, interleaved, after one untimed warm-up each."""
    for cmd in commands.values():
        run_once(cmd, env)
    samples: dict[str, list[Timing]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(run_once(cmd, env))
    return samples


def in_process(fn: Callable[[], object], runs: int) -> list[Timing]:
    samples = []
    for _ in range(runs):
        cpu, start = time.process_time(), time.perf_counter()
        fn()
        samples.append(Timing(time.perf_counter() - start, time.process_time() - cpu))
    return samples


STEP_KINDS = (
    'duration = "1m30s"\nregion = "feet"\nrate = "tension"\n',
    'breath = { inhale = 4, hold = 2, exhale = 6, rest = 0 }\ncycles = 6\n',
    'count = 5\nduration = "2m"\n',
    "entry = true\n",
    'duration = "15m"\nbells_every = "5m"\n',
)


def exercise_text(n: int) -> str:
    """An exercise of realistic size: a description of three paragraphs, eight steps."""
    description = ("A practice generated for the benchmark. " * 8 + "\n\n") * 3
    steps = "".join(
        f'\n[[steps]]\ntitle = "Step {s}"\ntext = "{"Let your attention rest here. " * 6}"\n'
        + STEP_KINDS[(n + s) % len(STEP_KINDS)]
        for s in range(8))
    return (f'format = 1\nid = "ex-{n:04d}"\ntitle = "Generated practice {n}"\n'
            f'kind = "other"\nsummary = "Practice number {n}."\n'
            f'description = """\n{description}"""\ntags = ["generated", "bench"]\n'
            f'\n[ratings]\nbefore = ["pain", "tension"]\nafter = ["distress"]\n{steps}')


def write_library(folder: Path, files: int) -> int:
    """Write `files` exercises into `folder`; returns their total size in bytes."""
    size = 0
    for n in range(files):
        text = exercise_text(n)
        (folder / f"ex-{n:04d}.toml").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="fresh runs of each command")
    parser.add_argument("--files", type=int, default=1000, help="exercise files to generate")
    parser.add_argument("--library-runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args(argv)
    loads = [loadavg()]

    with tempfile.TemporaryDirectory(prefix="painpath-bench-") as tmp:
        home = Path(tmp)
        env = clean_env(home)
        painpath = painpath_command()
        print(f"alternating {args.runs} fresh runs each ...", flush=True)
        samples = alternate({
            "baseline": [sys.executable, "-c", "import rich.console"],
            "list": [*painpath, "list", "--json"],
        }, env, args.runs)
        base, listed = medians(samples["baseline"]), medians(samples["list"])
        loads.append(loadavg())

        library = home / "library"
        library.mkdir()
        size = write_library(library, args.files)
        loaded = load_folder(library)
        if loaded.problems or len(loaded.exercises) != args.files:
            raise SystemExit(f"the generated library did not load cleanly: "
                             f"{[p.render() for p in loaded.problems[:3]]}")
        print(f"loading {args.files} files ...", flush=True)
        paths = Paths(home / "data", home / "config", (library,))
        folder = medians(in_process(lambda: load_folder(library), args.library_runs))
        whole = medians(in_process(lambda: Library.load(paths), args.library_runs))
        lib_cmd = [*painpath, "--library", str(library), "list", "--json"]
        out = subprocess.run(lib_cmd, env=env, cwd=ROOT, capture_output=True, check=True).stdout
        if len(json.loads(out)) != args.files + 12:
            raise SystemExit("`list --json` did not show every exercise")
        cli = medians(alternate({"lib": lib_cmd}, env, args.library_runs)["lib"])
        loads.append(loadavg())

    busy = any(x is not None and x > (os.cpu_count() or 1) for x in loads)
    ratio = listed.wall / base.wall
    command = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(painpath))

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:,.0f} ms"

    def judged(t: Timing) -> str:
        value = t.cpu if busy else t.wall
        ok = value < LIBRARY_TARGET_S
        return f"{'pass' if ok else '**FAIL**'} ({'CPU' if busy else 'wall'} {ms(value)})"

    rows = [
        ('`python -c "import rich.console"` (baseline)', base, "", ""),
        (f"`{command} list --json`", listed, f"≤ {LIST_RATIO_TARGET:g}× baseline (wall)",
         f"{ratio:.2f}× — {'pass' if ratio <= LIST_RATIO_TARGET else '**FAIL**'}"),
        (f"`load_folder`, {args.files:,} files, in-process", folder,
         f"< {LIBRARY_TARGET_S:g} s", judged(folder)),
        (f"`Library.load` with those {args.files:,} files, in-process", whole,
         f"< {LIBRARY_TARGET_S:g} s", judged(whole)),
        (f"`{command} --library DIR list --json`, {args.files:,} files", cli,
         f"< {LIBRARY_TARGET_S:g} s", judged(cli)),
    ]
    table = "\n".join([
        "| measurement | median wall | median CPU | target | result |",
        "|---|---|---|---|---|",
        *(f"| {name} | {ms(t.wall)} | {ms(t.cpu)} | {target} | {result} |"
          for name, t, target, result in rows)])
    shown = ", ".join("?" if x is None else f"{x:.2f}" for x in loads)
    body = (
        "## CLI start-up and library loading\n\n"
        f"`benchmarks/bench_cli.py`, run {today()} on {machine()}. Load average at the "
        f"start, middle and end: {shown}"
        + (" (busy: other work shared the CPUs, so wall times are stretched and the 1 s "
           "targets are judged on CPU time)." if busy else ".") + "\n\n"
        f"{args.runs} fresh processes of each of the first two rows, alternated; "
        f"{args.library_runs} runs of each library row. The {args.files:,} generated files "
        f"have a description and eight steps each ({size / 1024:,.0f} KiB in all). "
        "Processes start with compiled bytecode cached, as an installed painpath does.\n\n"
        f"{table}\n")
    print(body)
    if not args.no_write:
        write_section("cli", body)
        print("updated docs/performance.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
