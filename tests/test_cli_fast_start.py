"""Plain `painpath` (the app) is parsed by the small global parser; the rest is unchanged."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from painpath import cli
from painpath.context import Context


def _commands() -> list[str]:
    parser = cli.build_parser()
    [sub] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(sub.choices)


@pytest.fixture
def app_calls(monkeypatch: pytest.MonkeyPatch) -> list[argparse.Namespace]:
    import painpath.commands.app

    calls: list[argparse.Namespace] = []

    def fake(args: argparse.Namespace, ctx: Context) -> int:
        calls.append(args)
        return 0

    monkeypatch.setattr(painpath.commands.app, "cmd_app", fake)
    return calls


def test_data_dir_alone_opens_the_app_without_building_every_command(
        tmp_path: Path, app_calls: list[argparse.Namespace],
        monkeypatch: pytest.MonkeyPatch) -> None:
    def no_full_parser() -> argparse.ArgumentParser:
        raise AssertionError("the full parser was built for plain `painpath`")

    monkeypatch.setattr(cli, "build_parser", no_full_parser)
    d = str(tmp_path / "data")
    assert cli.main(["--data-dir", d, "--library", "a", "--library=b", "--debug"]) == 0
    [args] = app_calls
    assert args.data_dir == d
    assert args.library == ["a", "b"]
    assert args.debug is True


@pytest.mark.parametrize("argv", [[], ["--data-dir=x"]])
def test_only_global_options_open_the_app(argv: list[str]) -> None:
    assert cli._opens_the_app(argv)


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["--version"], ["list"],
                                  ["--data-dir", "d", "list"], ["--data-dir"], ["--data", "d"]])
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    assert not cli._opens_the_app(argv)


def test_help_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    commands = _commands()
    assert len(commands) > 10
    for name in commands:
        assert f"    {name} " in out or f"    {name}\n" in out, name


def test_a_missing_directory_is_the_same_usage_mistake(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--data-dir"]) == 2
    assert "--data-dir needs a value after it." in capsys.readouterr().err
