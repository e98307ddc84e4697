"""How fast a practice renders to a file, and how big the file is.

    python benchmarks/bench_sound.py [--runs 3] [--quick] [--no-write]

`painpath render painpath/body-scan` (about 31 minutes) is run as a person runs
it, in fresh processes with a throw-away data folder:

1. **Without voice**, to .ogg and to .wav. Target: at most 1/100 of the
   practice's length (18.6 s for 31 minutes).
2. **With the espeak-ng voice**, to .ogg, each run with an empty speech cache
   (so every sentence is spoken anew), then once more with the cache filled.
   Target: at most 1/20 of the length (93 s); the .ogg at most 15 MB.
3. **Baseline, in the same run:** the encoder alone, writing 31 minutes of
   silence to .ogg in this process. What rendering adds on top of it is the
   engine, the timeline and the mixing.

Each figure is the median of `--runs` runs (wall-clock seconds, and the CPU
seconds of the process and its children, which other work on this shared
machine does not inflate). `--quick` runs once and does not write
docs/performance.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report import children_cpu, clean_env, loadavg, machine, painpath_command, today, write_section

TARGET = "painpath/body-scan"


def _practice_seconds() -> float:
    from painpath.context import Context
    from painpath.paths import Paths

    with tempfile.TemporaryDirectory() as home:
        paths = Paths(data_dir=Path(home) / "d", config_dir=Path(home) / "c")
        exercise = Context(paths).library.resolve(TARGET)
    return float(exercise.total_seconds)


def _render(home: Path, output: Path, *extra: str) -> tuple[float, float]:
    """Wall and CPU seconds of one `painpath render` in a fresh process."""
    cmd = [*painpath_command(), "--data-dir", str(home / "data"), "render", TARGET, "-o",
           str(output), *extra]
    cpu0, t0 = children_cpu(), time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=clean_env(home))
    wall, cpu = time.perf_counter() - t0, children_cpu() - cpu0
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout}{done.stderr}")
    return wall, cpu


def _encoder_floor(seconds: float, folder: Path) -> float:
    import numpy as np

    from painpath.sound.clips import SAMPLE_RATE
    from painpath.sound.render import encode

    quiet = np.zeros(int(seconds * SAMPLE_RATE), dtype=np.float32)
    t0 = time.perf_counter()
    with open(folder / "floor.ogg", "wb") as fh:
        encode(quiet, fh, "OGG", "VORBIS")
    return time.perf_counter() - t0


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    length = _practice_seconds()
    espeak = shutil.which("espeak-ng") is not None
    rows: list[str] = []
    with tempfile.TemporaryDirectory(prefix="painpath-bench-sound-") as tmp:
        folder = Path(tmp)
        floor = statistics.median(_encoder_floor(length, folder) for _ in range(runs))
        plain = _median([_render(folder / f"a{i}", folder / "plain.ogg", "--no-voice")
                         for i in range(runs)])
        wav = _median([_render(folder / f"b{i}", folder / "plain.wav", "--no-voice")
                       for i in range(runs)])
        plain_mb = (folder / "plain.ogg").stat().st_size / 1e6
        rows.append(_row("without voice, .ogg", plain, length, 100, f"{plain_mb:.1f} MB"))
        rows.append(_row("without voice, .wav", wav, length, 100,
                         f"{(folder / 'plain.wav').stat().st_size / 1e6:.0f} MB"))
        if espeak:
            cold = _median([_render(folder / f"c{i}", folder / "voice.ogg", "--voice",
                                    "espeak-ng") for i in range(runs)])
            voice_mb = (folder / "voice.ogg").stat().st_size / 1e6
            rows.append(_row("espeak-ng voice, .ogg, empty cache", cold, length, 20,
                             f"{voice_mb:.1f} MB (target ≤ 15 MB: "
                             f"{'met' if voice_mb <= 15 else 'NOT MET'})"))
            warm = _median([_render(folder / "c0", folder / "voice.ogg", "--voice",
                                    "espeak-ng") for _ in range(runs)])
            rows.append(_row("espeak-ng voice, .ogg, speech cached", warm, length, 20, ""))
        else:
            rows.append("| espeak-ng voice | not measured: espeak-ng is not installed | | | |")
    load = loadavg()
    body = f"""## Rendering a practice to a file

`python benchmarks/bench_sound.py` ({today()}; {machine()}; load average
{'n/a' if load is None else f'{load:.1f}'} on this shared machine). `painpath render
{TARGET}` ({length / 60:.0f} min {length % 60:.0f} s) in fresh processes, median of
{runs} run{'s' if runs != 1 else ''}. Baseline in the same run: the encoder alone writes
the same length of silence to .ogg in {floor:.2f} s.

| render | wall | CPU | share of the practice's length (target) | file |
|---|---|---|---|---|
{chr(10).join(rows)}

The share is wall-clock time over the practice's length; on a busy shared
machine the CPU column is the steadier figure. Without voice almost all of
the work is the Vorbis encoder (compare the baseline); with a voice, it is
espeak-ng speaking each sentence once; with the speech cached, what remains
is reading the cache, mixing, encoding, and decoding the .ogg once to check
that the voice's peaks stayed under -1 dBFS.
"""
    print(body)
    if not (args.quick or args.no_write):
        write_section("sound", body)


def _row(what: str, measured: tuple[float, float], length: float, share: int,
         size: str) -> str:
    wall, cpu = measured
    verdict = "met" if wall <= length / share else "NOT MET"
    return (f"| {what} | {wall:.1f} s | {cpu:.1f} s | 1/{length / wall:.0f} "
            f"(≤ 1/{share}: {verdict}) | {size} |")


if __name__ == "__main__":
    main()
