"""Sound loads only when sound is used: `painpath list` and home's first frame never load numpy.

Run in a fresh interpreter, because this test process has long imported numpy.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "miniaudio", "soundfile")


def _loaded_after(code: str, tmp_path: Path) -> list[str]:
    check = (code + "\nimport sys\n"
             f"print('loaded:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={"HOME": str(tmp_path), "PATH": ""})
    assert done.returncode == 0, done.stderr
    [line] = [x for x in done.stdout.splitlines() if x.startswith("loaded:")]
    return [m for m in line.removeprefix("loaded:").split(",") if m]


@pytest.mark.slow
def test_painpath_list_and_show_do_not_load_sound(tmp_path: Path) -> None:
    code = ("import io, contextlib\n"
            "from painpath.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            f"    assert main(['--data-dir', {str(tmp_path)!r}, 'list']) == 0\n"
            f"    assert main(['--data-dir', {str(tmp_path)!r}, 'show', 'body-scan']) == 0\n")
    assert _loaded_after(code, tmp_path) == []


@pytest.mark.slow
def test_home_first_frame_does_not_load_sound(tmp_path: Path) -> None:
    code = ("import asyncio\n"
            "from painpath.context import Context\n"
            "from painpath.paths import Paths\n"
            "from painpath.tui.app import create_app\n"
            "from pathlib import Path\n"
            f"paths = Paths(data_dir=Path({str(tmp_path / 'data')!r}), "
            f"config_dir=Path({str(tmp_path / 'config')!r}))\n"
            "app = create_app(Context(paths), save_settings=False)\n"
            "async def main():\n"
            "    async with app.run_test(size=(80, 24)) as pilot:\n"
            "        await pilot.pause()\n"
            "asyncio.run(main())\n")
    assert _loaded_after(code, tmp_path) == []


def test_the_sound_package_file_imports_nothing() -> None:
    """`import painpath.sound` alone must stay free: its modules load numpy when asked."""
    tree = ast.parse((ROOT / "src" / "painpath" / "sound" / "__init__.py").read_text())
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
