"""What the pack and plan tests share: the fixture pack and the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from painpath.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "packs" / "steady-ground"
PACK_ID = "steady-ground"


def flat(text: str) -> str:
    """Output without panel borders and line breaks, for asserting on sentences."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


def cli(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    """Run painpath on `data`; its exit code, standard output and standard error."""
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err
