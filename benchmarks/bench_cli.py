"""How fast the foundation commands start, and how fast a large library loads.

    python benchmarks/bench_cli.py [--runs 20] [--files 1000] [--no-write]

1. `painpath list --json` in fresh processes, against a baseline measured in
   the same run: `python -c "import rich.console"` (the least any rich-based
   command pays). The two are alternated, so a busy machine slows both alike.
   Target: the median of `list --json` at most 2x the baseline's.
2. A generated library of 1,000 exercise files: loaded in-process with
   `load_folder` and `Library.load`, and by `painpath --library DIR list
   --json` in a fresh process. Target: under 1 s each.

Runs use a throw-away data and config folder (XDG_DATA_HOME, XDG_CONFIG_HOME),
so the person's own log and packs are neither read nor touched. The results
replace this script's section of docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from report import machine, median_ms, today, write_section

from painpath.format.loader import load_folder
from painpath.library import Library
from painpath.paths import Paths

ROOT = Path(__file__).resolve().parents[1]
LIST_RATIO_TARGET = 2.0
LIBRARY_TARGET_S = 1.0


def painpath_command() -> list[str]:
    """The venv's console script, as a person runs it; else `python -m painpath`."""
    script = Path(sys.executable).parent / ("painpath.exe" if os.name == "nt" else "painpath")
    return [str(script)] if script.exists() else [sys.executable, "-m", "painpath"]


def clean_env(home: Path) -> dict[str, str]:
    """A person's setting: no painpath variables, and compiled bytecode cached.

    An installed painpath has its .pyc files; a shell with PYTHONDONTWRITEBYTECODE
    would recompile every module on every run and measure the compiler instead.
    The cache goes to a temporary folder, so the working tree stays as it was.
    """
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PAINPATH_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               PYTHONPYCACHEPREFIX=str(home / "pycache"), NO_COLOR="1")
    return env


def run_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
    return took


def alternate(commands: dict[str, list[str]], env: dict[str, str], runs: int
              ) -> dict[str, list[float]]:
    """Each command `runs` times, interleaved, after one untimed warm-up each."""
    for cmd in commands.values():
        run_once(cmd, env)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            samples[name].append(run_once(cmd, env))
    return samples


STEP_KINDS = (
    'duration = "1m30s"\nregion = "feet"\nrate = "tension"\n',
    'breath = { inhale = 4, hold = 2, exhale = 6, rest = 0 }\ncycles = 6\n',
    'count = 5\nduration = "2m"\n',
    'entry = true\n',
    'duration = "15m"\nbells_every = "5m"\n',
)


def write_library(folder: Path, files: int) -> None:
    """`files` exercises of realistic size: a description and eight steps each."""
    description = ("A practice generated for the benchmark. " * 8 + "\n\n") * 3
    for n in range(files):
        steps = "".join(
            f'\n[[steps]]\ntitle = "Step {s}"\ntext = "{"Let your attention rest here. " * 6}"\n'
            + STEP_KINDS[(n + s) % len(STEP_KINDS)]
            for s in range(8))
        (folder / f"ex-{n:04d}.toml").write_text(
            f'format = 1\nid = "ex-{n:04d}"\ntitle = "Generated practice {n}"\n'
            f'kind = "other"\nsummary = "Practice number {n}."\n'
            f'description = """\n{description}"""\ntags = ["generated", "bench"]\n'
            f'\n[ratings]\nbefore = ["pain", "tension"]\nafter = ["distress"]\n{steps}',
            encoding="utf-8")


def in_process(fn: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="fresh runs of each command")
    parser.add_argument("--files", type=int, default=1000, help="exercise files to generate")
    parser.add_argument("--library-runs", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="painpath-bench-") as tmp:
        home = Path(tmp)
        env = clean_env(home)
        painpath = painpath_command()
        print(f"alternating {args.runs} fresh runs each ...", flush=True)
        samples = alternate({
            "baseline": [sys.executable, "-c", "import rich.console"],
            "list": [*painpath, "list", "--json"],
        }, env, args.runs)
        base, listed = median_ms(samples["baseline"]), median_ms(samples["list"])
        ratio = listed / base

        library = home / "library"
        library.mkdir()
        write_library(library, args.files)
        loaded = load_folder(library)
        if loaded.problems or len(loaded.exercises) != args.files:
            raise SystemExit(f"the generated library did not load cleanly: "
                             f"{[p.render() for p in loaded.problems[:3]]}")
        paths = Paths(home / "data", home / "config", (library,))
        folder_s = median_ms(in_process(lambda: load_folder(library), args.library_runs)) / 1000
        library_s = median_ms(in_process(lambda: Library.load(paths), args.library_runs)) / 1000
        lib_cmd = [*painpath, "--library", str(library), "list", "--json"]
        out = subprocess.run(lib_cmd, env=env, cwd=ROOT, capture_output=True, check=True).stdout
        assert len(json.loads(out)) == args.files + 12, "list did not show every exercise"
        cli_s = median_ms(alternate({"lib": lib_cmd}, env, args.library_runs)["lib"]) / 1000

    command = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(painpath))
    rows = [
        ("`python -c \"import rich.console\"` (baseline)", f"{base:.0f} ms", "", ""),
        (f"`{command} list --json`", f"{listed:.0f} ms",
         f"≤ {LIST_RATIO_TARGET:g}× baseline",
         f"{ratio:.2f}× — {verdict(ratio <= LIST_RATIO_TARGET)}"),
        (f"`load_folder` of {args.files:,} files, in-process", f"{folder_s * 1000:.0f} ms",
         f"< {LIBRARY_TARGET_S:g} s", verdict(folder_s < LIBRARY_TARGET_S)),
        (f"`Library.load` with those {args.files:,} files, in-process",
         f"{library_s * 1000:.0f} ms", f"< {LIBRARY_TARGET_S:g} s",
         verdict(library_s < LIBRARY_TARGET_S)),
        (f"`{command} --library DIR list --json` ({args.files:,} files)",
         f"{cli_s * 1000:.0f} ms", f"< {LIBRARY_TARGET_S:g} s",
         verdict(cli_s < LIBRARY_TARGET_S)),
    ]
    table = "\n".join(["| measurement | median | target | result |", "|---|---|---|---|",
                       *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)])
    body = (f"## CLI start-up and library loading\n\n"
            f"`benchmarks/bench_cli.py`, run {today()} on {machine()}.\n"
            f"{args.runs} fresh processes each for the first two rows, alternated; "
            f"{args.library_runs} runs each for the library rows. Each generated file has a "
            f"description and eight steps (about {library_size_kb(args.files)} KiB in all).\n\n"
            f"{table}\n")
    print(body)
    if not args.no_write:
        write_section("cli", body)
        print("updated docs/performance.md")
    return 0


def library_size_kb(files: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        write_library(Path(tmp), 1)
        return round(sum(p.stat().st_size for p in Path(tmp).iterdir()) * files / 1024)


if __name__ == "__main__":
    raise SystemExit(main())
