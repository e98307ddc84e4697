"""Shared by the benchmark scripts: one section each in docs/performance.md.

Each script owns the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`
and replaces only that, so several scripts can share the file and be rerun in
any order. Importable as `from report import write_section, machine` when the
script runs from benchmarks/ (Python puts the script's folder on sys.path).
"""

from __future__ import annotations

import os
import platform
import re
import sys
from datetime import datetime
from pathlib import Path

PERFORMANCE_MD = Path(__file__).resolve().parents[1] / "docs" / "performance.md"
_HEADER = """# Performance

Measured by the scripts in `benchmarks/`; each one rewrites only its own
section below. Rerun a script to refresh its numbers (for example
`python benchmarks/bench_cli.py`). Times are medians of fresh runs on the
machine named in each section; targets are the project's own.
"""


def machine() -> str:
    """The facts that make numbers comparable: CPUs, OS and Python."""
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    nproc = usable or os.cpu_count()
    return (f"nproc {nproc}, {platform.system()} {platform.release()} {platform.machine()}, "
            f"Python {platform.python_version()} ({sys.implementation.name})")


def today() -> str:
    return datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


def loadavg() -> float | None:
    """The 1-minute load average (None where the OS has none): other work on the machine."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def painpath_command() -> list[str]:
    """The venv's console script, as a person runs it; else `python -m painpath`."""
    script = Path(sys.executable).parent / ("painpath.exe" if os.name == "nt" else "painpath")
    return [str(script)] if script.exists() else [sys.executable, "-m", "painpath"]


def children_cpu() -> float:
    """User + system CPU seconds of the finished child processes (0 without rusage)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """A person's setting: no painpath variables, and compiled bytecode cached.

    An installed painpath has its .pyc files; a shell with PYTHONDONTWRITEBYTECODE
    would recompile every module on every run and measure the compiler instead.
    The cache goes to a temporary folder, so the working tree stays as it was.
    """
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PAINPATH_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "config"),
               PYTHONPYCACHEPREFIX=str(home / "pycache"), NO_COLOR="1", **extra)
    return env


def write_section(name: str, body: str, path: Path = PERFORMANCE_MD) -> None:
    """Replace (or append) the section `name` in docs/performance.md."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else _HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
