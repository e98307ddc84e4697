"""CLI mistakes in plain words, each with what to type instead.

Before: "argument --pain: invalid int value: 'six'", "invalid choice: 'chek-in'
(choose from ...)", "the following arguments are required: ID_OR_FILE".
"""

from __future__ import annotations

import pytest

from painpath.cli import main


def said(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    err = capsys.readouterr().err
    return code, " ".join(err.split())


@pytest.mark.parametrize(("argv", "words"), [
    (("check-in", "--pain", "six"),
     "--pain needs a whole number, written in digits, like --pain 6; “six” is not one. "
     "Ratings run from 0 to 10. See `painpath check-in --help`."),
    (("chek-in", "--pain", "3"),
     "painpath has no command “chek-in”. Did you mean “check-in”? The commands are: list,"),
    (("show",), "painpath show needs an exercise id or file (for example: body-scan)."),
    (("plan", "strat"), "painpath plan has no command “strat”. Did you mean “start”?"),
    (("export", "--format", "xls"), "--format can be csv, json, md, html, fhir; not “xls”."),
    (("run", "feet-on-floor", "--speed", "fast"),
     "--speed needs a number, like --speed 10; “fast” is not one."),
    (("check-in", "--tension"), "--tension needs a value after it."),
])
def test_mistakes_in_plain_words(capsys: pytest.CaptureFixture[str], tmp_path,
                                 argv: tuple[str, ...], words: str) -> None:
    code, err = said(capsys, "--data-dir", str(tmp_path), *argv)
    assert code == 2
    assert words in err
    assert "invalid" not in err and "argument" not in err and "required" not in err


def test_check_in_help_says_each_scales_range(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["check-in", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "pain right now, 0 (no pain) to 10 (worst pain imaginable)" in out
    assert "tension right now, 0 (fully relaxed) to 10 (as tense as can be)" in out
    assert "distress right now, 0 (completely calm) to 10 (the most distress imaginable)" in out
    assert "0 (not at all) to 10 (completely)" in out and "in that pack's range" in out


def test_an_unknown_scale_is_refused_with_the_known_ones(capsys: pytest.CaptureFixture[str],
                                                         tmp_path) -> None:
    code, err = said(capsys, "--data-dir", str(tmp_path), "check-in", "--scale", "foo=3")
    assert code == 2
    assert "painpath does not know a scale called “foo”, so nothing was saved." in err
    assert "The scales you can use: activity, distress, enjoyment, pain, tension." in err
    assert not (tmp_path / "painpath.db").exists() and not any(tmp_path.iterdir())
