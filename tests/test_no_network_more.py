"""Nothing in painpath opens a network connection: packs, plans, `today`, a plain run, reports.

Sockets are blocked as in `test_no_command_opens_a_network_connection`
(tests/store/test_cli_log.py), which covers the log's commands; every attempt is
also remembered, so one swallowed by an `except` inside painpath still fails.
"""

from __future__ import annotations

import io
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from painpath.cli import main
from painpath.engine.clock import FakeClock


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every way of reaching the network refuses, and says what was tried."""
    tried: list[str] = []

    def refusing(name: str) -> Any:
        def refuse(*args: Any, **kwargs: Any) -> None:
            tried.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise AssertionError("painpath tried to open a network connection")
        return refuse

    monkeypatch.setattr(socket.socket, "connect", refusing("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refusing("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refusing("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refusing("getaddrinfo"))
    return tried


def test_packs_plans_today_plain_run_and_reports_stay_offline(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        attempts: list[str], fake_time: FakeClock) -> None:
    monkeypatch.delenv("PAINPATH_LIBRARY", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO("6\n\n\n\n\n\n4\nsteadier\n"))
    data = ["--data-dir", str(tmp_path / "data")]
    pack, built = tmp_path / "my-pack", tmp_path / "my-pack.zip"
    commands = [
        ["pack", "new", str(pack)],
        ["pack", "build", str(pack), "-o", str(built)],
        ["pack", "install", str(built)],
        ["pack", "list"],
        ["pack", "list", "--json"],
        ["plan", "start", "painpath"],
        ["plan", "show"],
        ["plan", "show", "--json"],
        ["today"],
        ["today", "--json"],
        ["run", "feet-on-floor", "--plain"],
        *(["export", "--format", f] for f in ("md", "html", "fhir")),
        ["export", "--format", "html", "--with-notes", "-o", str(tmp_path / "report.html")],
    ]
    for argv in commands:
        code = main([*data, *argv])
        err = capsys.readouterr().err
        assert code == 0, (argv, err)
        assert not attempts, (argv, attempts)
    # The commands did their work (so none of the above passed by doing nothing).
    assert built.is_file() and (tmp_path / "report.html").is_file()
    assert main([*data, "log", "--json"]) == 0
    assert '"painpath/feet-on-floor"' in capsys.readouterr().out
    assert not attempts
