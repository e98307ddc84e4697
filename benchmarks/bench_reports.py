"""How long the clinician's reports take on a long log, beside a CSV export of it.

`painpath export --format md|html|fhir` reads the whole range into memory and
works out page one, the chart and the tables; the CSV export streams the same
rows, so it is the baseline in the same run (ratio = report / CSV). Also the
size of the HTML page, which a long log must not blow up (the chart draws a
day's mean instead of every session past 600 points). Writes its section of
docs/performance.md.

    python benchmarks/bench_reports.py [--sessions 20000] [--runs 3] [--no-write]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench_log import cached_log, fmt, run_once
from report import clean_env, loadavg, machine, painpath_command, today, write_section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh runs of each command")
    parser.add_argument("--sessions", type=int, default=20_000)
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args(argv)

    folder = cached_log(args.sessions, False)
    load_before = loadavg()
    with tempfile.TemporaryDirectory(prefix="painpath-bench-reports-") as tmp:
        home = Path(tmp)
        env = clean_env(home, COLUMNS="120")
        painpath = [*painpath_command(), "--data-dir", str(folder), "export"]
        outputs = {fmt_: home / f"report.{fmt_}" for fmt_ in ("csv", "md", "html", "fhir")}
        commands = {name: [*painpath, "--format", name, "-o", str(path)]
                    for name, path in outputs.items()}
        for cmd in commands.values():  # warm up: bytecode, the OS's file cache
            run_once(cmd, env)
        samples: dict[str, list[float]] = {name: [] for name in commands}
        for n in range(args.runs):
            print(f"round {n + 1} of {args.runs} ...", flush=True)
            for name, cmd in commands.items():
                samples[name].append(run_once(cmd, env)[0])
        html_bytes = outputs["html"].stat().st_size
    load_after = loadavg()

    base = statistics.median(samples["csv"])
    lines = [f"## Reports at {args.sessions:,} sessions", "",
             f"Measured {today()} on {machine()}; median of {args.runs} fresh runs; load "
             f"average {load_before or 0:.1f} before, {load_after or 0:.1f} after "
             "(other work on the machine slows every row alike).", "",
             "| Command | Median | Range | × CSV export |", "|---|---|---|---|"]
    for name, values in samples.items():
        median = statistics.median(values)
        lines.append(f"| `painpath export --format {name} -o FILE` | {fmt(median)} | "
                     f"{fmt(min(values))} – {fmt(max(values))} | {median / base:.1f} |")
    lines += ["", f"The HTML page is {html_bytes / 1e6:.1f} MB."]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        write_section("reports", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
