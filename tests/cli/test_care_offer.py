"""The gentle offer in `painpath check-in` and in plain mode (issue 9; rule: painpath.care).

Distress at 7 or more, a pack's distress-like scale high in its range, or pain
rising by 3 or more over a practice: one calm offer, ground now, see your
safety plan, or carry on. Never automatic; not made again after "carry on".
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

import pytest

from painpath.cli import main
from painpath.commands import care_offer

SYMBOLS = re.compile("[…→←–—×\u2500-\u257f\u2580-\u259f]")  # as in test_plain_listening
OFFER = "A moment for you."
DRAFT = """format = 1
id = "tiny"
title = "Tiny practice"
kind = "other"

[ratings]
before = ["pain", "distress"]
after = ["pain", "distress"]

[[steps]]
text = "Rest here."
duration = "10s"
"""
PACK = """format = 1
id = "steady"
title = "Steady Ground"
version = "1.0.0"

[[scales]]
id = "suds"
question = "How much distress do you feel, from 0 to 100?"
min = 0
max = 100
distress_like = true
"""
PACK_EXERCISE = """format = 1
id = "settle"
title = "Settle"
kind = "other"
[[steps]]
text = "Arrive."
duration = "10s"
"""


def painpath(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
             capsys: pytest.CaptureFixture[str], stdin: str | None, *args: str,
             terminal: bool = False) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin) if stdin is not None else None)
    if terminal:  # a person at a terminal, answering
        monkeypatch.setattr(care_offer, "isatty", lambda stream: stream is not None)
    code = main(["--data-dir", str(tmp_path / "data"), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def log_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["--data-dir", str(tmp_path / "data"), "log", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def draft(tmp_path: Path) -> str:
    path = tmp_path / "tiny.toml"
    path.write_text(DRAFT)
    return str(path)


# ------------------------------------------------------------------- check-in
def test_check_in_saves_first_then_says_the_offer_and_its_commands(tmp_path, monkeypatch,
                                                                   capsys) -> None:
    code, out, err = painpath(tmp_path, monkeypatch, capsys, "", "check-in", "--distress", "8")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Saved your check-in: distress 8."
    assert OFFER in lines
    assert "You rated distress 8 out of 10. That is a lot to hold." in lines
    assert "To ground yourself now: painpath run feet-on-floor" in lines
    assert "To see your safety plan: painpath safety" in lines
    assert not SYMBOLS.search(out)
    [entry] = log_json(tmp_path, capsys)
    assert entry["type"] == "check-in"


@pytest.mark.parametrize("args", [("--distress", "6"), ("--pain", "10", "--tension", "10")])
def test_no_offer_below_the_threshold_or_for_pain_alone(tmp_path, monkeypatch, capsys,
                                                        args) -> None:
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "", "check-in", *args)
    assert code == 0 and OFFER not in out and len(out.splitlines()) == 1


def test_check_in_at_a_terminal_asks_and_shows_the_safety_plan(tmp_path, monkeypatch,
                                                                capsys) -> None:
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "2\n\n", "check-in",
                            "--distress", "9", terminal=True)
    assert code == 0
    assert "What would help now? Type a number and press Enter." in out
    assert "To ground yourself now" not in out  # asked, not told
    assert "You have no safety plan yet." in out and "painpath safety edit" in out
    assert out.rstrip().endswith("Carrying on.")
    assert len(log_json(tmp_path, capsys)) == 1  # the check-in; nothing else started


def test_check_in_shows_the_persons_own_plan(tmp_path, monkeypatch, capsys) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "safety-plan.toml").write_text('call = ["My sister, 0123 456"]\n')
    monkeypatch.setenv("PAINPATH_DATA_DIR", str(data))
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "2\n3\n", "check-in",
                            "--distress", "9", terminal=True)
    assert code == 0 and "My sister, 0123 456" in out


def test_check_in_at_a_terminal_can_ground_now(tmp_path, monkeypatch, capsys,
                                               fake_time) -> None:
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "1\n", "check-in",
                            "--distress", "8", terminal=True)
    assert code == 0
    assert "Feet on the floor: grounding now" in out
    assert "That is the end of the practice." in out
    # The distress just given is not asked again: it is the grounding's "before".
    assert "How much distress do you feel right now?" not in out.split("Before you begin")[0]
    entries = log_json(tmp_path, capsys)
    assert sorted(e["type"] for e in entries) == ["check-in", "session"]
    session = next(e for e in entries if e["type"] == "session")
    assert session["exercise"] == "painpath/feet-on-floor"
    assert {(r["phase"], r["scale"], r["value"]) for r in session["ratings"]} >= {
        ("before", "distress", 8)}
    assert not SYMBOLS.search(out)


def test_check_in_with_input_closed_still_ends_calmly(tmp_path, monkeypatch, capsys) -> None:
    code, out, err = painpath(tmp_path, monkeypatch, capsys, None, "check-in",
                              "--distress", "10", terminal=True)
    assert code == 0 and "Traceback" not in err
    assert "To see your safety plan: painpath safety" in out  # nobody to ask: told


def test_a_packs_distress_like_scale_brings_the_offer(tmp_path, monkeypatch, capsys) -> None:
    root = tmp_path / "steady"
    (root / "exercises").mkdir(parents=True)
    (root / "pack.toml").write_text(PACK)
    (root / "exercises" / "settle.toml").write_text(PACK_EXERCISE)
    assert main(["--data-dir", str(tmp_path / "data"), "pack", "install", str(root)]) == 0
    capsys.readouterr()
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "", "check-in",
                            "--scale", "suds=69")
    assert code == 0 and OFFER not in out
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "", "check-in",
                            "--scale", "suds=70")
    assert code == 0 and "You rated suds 70 out of 100." in out


# ----------------------------------------------------------------- plain mode
def test_plain_offer_before_carry_on_is_not_repeated(tmp_path, monkeypatch, capsys,
                                                    fake_time) -> None:
    # before: pain 2, distress 8 -> offer; 3 carries on; after: pain 9, distress 9.
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "2\n8\n3\n9\n9\nok\n",
                            "run", draft(tmp_path), "--plain")
    assert code == 0
    assert out.count(OFFER) == 1
    assert "1. Ground me now: two minutes with your eyes open and your feet on the floor." in out
    assert out.index(OFFER) < out.index("Step 1 of 1")
    assert "Carrying on." in out
    assert "distress 8, then 9" in out and "pain 2, then 9" in out
    [entry] = log_json(tmp_path, capsys)
    assert entry["note"] == "ok"
    assert not SYMBOLS.search(out)


def test_plain_pain_rise_offer_after_the_practice_can_ground(tmp_path, monkeypatch, capsys,
                                                           fake_time) -> None:
    # before: pain 2, distress 3; after: pain 6 (rose by 4), distress 4 -> offer; 1 grounds.
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "2\n3\n6\n4\n1\n",
                            "run", draft(tmp_path), "--plain")
    assert code == 0
    assert out.count(OFFER) == 1
    assert "Your pain went from 2 before the practice to 6 now." in out
    summary = out.index("pain 2, then 6")
    assert summary < out.index("Feet on the floor: grounding now")  # the practice is done first
    assert "Anything you'd like to note about this practice?" not in out[:summary]
    assert "Your safety plan is there whenever you want it: painpath safety." in out
    entries = log_json(tmp_path, capsys)
    assert sorted(e["exercise"] for e in entries) == ["local/tiny", "painpath/feet-on-floor"]
    grounding = next(e for e in entries if e["exercise"] == "painpath/feet-on-floor")
    assert {(r["phase"], r["scale"], r["value"]) for r in grounding["ratings"]
            if r["phase"] == "before"} == {("before", "distress", 4)}
    assert not SYMBOLS.search(out)


def test_plain_ground_before_the_practice_ends_the_run_gently(tmp_path, monkeypatch, capsys,
                                                           fake_time) -> None:
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "\n9\n1\n",
                            "run", draft(tmp_path), "--plain")
    assert code == 0
    assert "Feet on the floor: grounding now" in out and "Step 1 of 1" not in out
    assert out.rstrip().endswith("Whenever you want to, you can start Tiny practice again.")
    entries = log_json(tmp_path, capsys)
    assert [e["exercise"] for e in entries] == ["painpath/feet-on-floor"]


@pytest.mark.parametrize("stdin", ["4\n8\n", "4\n8\n\n"], ids=["input-ends", "empty-line"])
def test_plain_offer_with_input_ending_is_carry_on(tmp_path, monkeypatch, capsys, fake_time,
                                                   stdin) -> None:
    code, out, err = painpath(tmp_path, monkeypatch, capsys, stdin,
                              "run", draft(tmp_path), "--plain")
    assert code == 0 and "Traceback" not in err
    assert out.count(OFFER) == 1 and "That is the end of the practice." in out
    assert "Feet on the floor" not in out


def test_plain_safety_plan_then_carry_on(tmp_path, monkeypatch, capsys, fake_time) -> None:
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "\n7\n2\n3\n",
                            "run", draft(tmp_path), "--plain")
    assert code == 0 and "You have no safety plan yet." in out
    assert "Would anything else help?" in out and "Step 1 of 1" in out


def test_the_grounding_practice_itself_never_offers(tmp_path, monkeypatch, capsys,
                                                    fake_time) -> None:
    code, out, _ = painpath(tmp_path, monkeypatch, capsys, "10\n\n\n\n10\n",
                            "run", "feet-on-floor", "--plain")
    assert code == 0 and OFFER not in out


def test_check_in_help_says_the_offer_comes_after_saving(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["check-in", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert done.value.code == 0
    assert "Your check-in is saved first. A distress of 7 or more" in out
