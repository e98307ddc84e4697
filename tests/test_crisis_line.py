"""A pack's crisis line is shown beside painpath's own, on the CLI and in plain mode (issue 9).

The app's surfaces (exercise page, after grounding, home) are in
tests/tui/test_crisis_line_app.py.
"""

from __future__ import annotations

import io
import sys
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from pack_helpers import FIXTURE, PACK_ID, cli, flat

from painpath import plans
from painpath.format.models import Pack
from painpath.paths import Paths
from painpath.safety import EMERGENCY_LINE, EMERGENCY_SHORT, crisis_lines, pack_crisis

CRISIS = "From Steady Ground: practices for pain and stress: Riverside crisis line: 0123 456 789"


def test_the_pack_line_is_cleaned_and_named() -> None:
    pack = Pack(id="evil", title="Evil\x1b[2J pack", version="1",
                crisis="Call [bold]us[/bold]\x1b]0;pwned\x07\nnow: 0123\u202e")
    line = pack_crisis(pack)
    assert line == "From Evil[2J pack: Call [bold]us[/bold]]0;pwned now: 0123"
    assert "\x1b" not in line and "\n" not in line and "\u202e" not in line
    assert pack_crisis(Pack(id="quiet", title="Quiet", version="1")) == ""
    assert pack_crisis(None) == ""


def test_each_pack_line_once() -> None:
    lib = SimpleNamespace(packs={"a": Pack(id="a", title="A", version="1", crisis="call A"),
                                 "b": Pack(id="b", title="B", version="1")})
    assert crisis_lines(lib, ["a", None, "b", "a", "gone"]) == ["From A: call A"]


def test_show_prints_the_pack_line_beside_painpaths(capsys: pytest.CaptureFixture[str],
                                                   tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli(capsys, data, "pack", "install", str(FIXTURE))[0] == 0
    code, out, _ = cli(capsys, data, "show", f"{PACK_ID}/feet")
    assert code == 0
    words = flat(out)
    assert EMERGENCY_LINE in words
    assert CRISIS in words
    code, out, _ = cli(capsys, data, "show", "body-scan")  # a bundled practice: painpath's only
    assert EMERGENCY_LINE in flat(out)
    assert "From " not in out and "crisis line:" not in out


def start_plan(data: Path) -> None:
    plans.write_active(Paths(data_dir=data, config_dir=data / "config"),
                       plans.ActivePlan(PACK_ID, "three-weeks",
                                        date.today() - timedelta(days=1), "1.0.0"))


@pytest.mark.parametrize("shift", [0, -30, 60])  # during, after and before the plan's weeks
def test_today_prints_the_plans_pack_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch, shift: int) -> None:
    import painpath.commands.plans as plan_commands

    data = tmp_path / "data"
    assert cli(capsys, data, "pack", "install", str(FIXTURE))[0] == 0
    start_plan(data)
    monkeypatch.setattr(plan_commands, "current_day",
                        lambda: date.today() + timedelta(days=-shift))
    code, out, _ = cli(capsys, data, "today")
    assert code == 0
    words = flat(out)
    assert f"{EMERGENCY_SHORT} {CRISIS}" in words


def test_today_without_a_plan_has_no_pack_line(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli(capsys, data, "pack", "install", str(FIXTURE))[0] == 0
    code, out, _ = cli(capsys, data, "today")
    assert code == 0 and "crisis line" not in out


def test_plain_practice_starts_with_the_pack_line(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 fake_time: object) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, _ = cli(capsys, tmp_path / "data", "--library", str(FIXTURE), "run",
                       f"{PACK_ID}/feet", "--plain")
    assert code == 0
    lines = out.splitlines()
    at = lines.index(CRISIS)
    assert lines[at - 1] == EMERGENCY_SHORT
    assert at < next(n for n, line in enumerate(lines) if line.startswith("Step 1"))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, out, _ = cli(capsys, tmp_path / "data", "run", "feet-on-floor", "--plain")
    assert code == 0 and "crisis line" not in out and "From " not in out
    # painpath's own line starts every plain practice: there is no home screen to show it.
    lines = out.splitlines()
    assert lines.index(EMERGENCY_SHORT) < next(
        n for n, line in enumerate(lines) if line.startswith("Step 1"))
