"""Text from files is only ever text; and problems point at the right line."""

from __future__ import annotations

import pytest

from painpath.format.loader import exercise_from_bytes
from painpath.format.locate import LineIndex
from painpath.text import clean, clean_line, paragraphs

# --- cleaning ------------------------------------------------------------------------


@pytest.mark.parametrize("raw, cleaned", [
    ("plain", "plain"),
    ("keeps\nline feeds\tand tabs", "keeps\nline feeds\tand tabs"),
    ("bell\x07 null\x00 backspace\x08 delete\x7f", "bell null backspace delete"),
    ("\x1b[31mred\x1b[0m", "[31mred[0m"),
    ("\x1b]8;;http://x\x07link\x1b]8;;\x07", "]8;;http://xlink]8;;"),
    ("8-bit CSI \x9b31m", "8-bit CSI 31m"),
    ("[bold]kept[/] [@click=app.quit]x[/]", "[bold]kept[/] [@click=app.quit]x[/]"),
    ("windows\r\nlines\r\n", "windows\nlines\n"),
    ("old mac\rline", "old macline"),
    ("bidi \u202eevil\u202c and \u2066isolate\u2069", "bidi evil and isolate"),
])
def test_clean(raw: str, cleaned: str) -> None:
    assert clean(raw) == cleaned


def test_no_escape_byte_survives_cleaning() -> None:
    assert "\x1b" not in clean("".join(chr(c) for c in range(0x00, 0x250)))


def test_clean_line_folds_line_breaks_into_spaces() -> None:
    assert clean_line("  Evening\nbody   scan\r\n ") == "Evening body scan"


def test_paragraphs_split_on_blank_lines_and_keep_single_breaks() -> None:
    assert paragraphs("\nOne\nline two\n\n  \nThree\n") == ["One\nline two", "Three"]


HEAD = 'format = 1\nid = "x"\nkind = "other"\n'


def test_loaded_text_is_cleaned_everywhere() -> None:
    source = (
        HEAD
        + 'title = "Title \\u001b[31mred\\u001b[0m [bold]b[/]"\n'
        + 'summary = "OSC \\u001b]8;;http://x\\u0007link\\u001b]8;;\\u0007 \\u202eabc"\n'
        + 'description = """\r\nFirst line\r\nsecond [@click=app.quit]x[/]\r\n\r\nNext\r\n"""\r\n'
        + 'tags = ["calm\\u0007"]\n'
        + '[[steps]]\ntitle = "Step\\none"\ntext = "Breathe\\u0000 [i]in[/]\\r\\nand out"\n'
        + 'duration = 5\n'
    )
    ex, problems = exercise_from_bytes(source.encode(), "x.toml")
    # Loaded all the same; an escape sequence's letters stay as text, so its author is
    # told (a warning, with the line) before the person it is for sees "[31m".
    assert [(p.severity, p.key, p.line) for p in problems] == [
        ("warning", "title", 4), ("warning", "summary", 5)]
    assert problems[0].message == (
        "holds a terminal escape sequence (like \\u001b[31m, perhaps pasted in): painpath "
        "removes its control characters, but its letters show as text; delete it from the file")
    assert ex is not None
    assert ex.title == "Title [31mred[0m [bold]b[/]"
    assert ex.summary == "OSC ]8;;http://xlink]8;; abc"
    assert ex.description == "First line\nsecond [@click=app.quit]x[/]\n\nNext\n"
    assert ex.tags == ("calm",)
    step = ex.steps[0]
    assert step.title == "Step one", "one-line fields fold their line breaks"
    assert step.text == "Breathe [i]in[/]\nand out"


def test_a_title_of_control_characters_only_is_refused_as_empty() -> None:
    ex, problems = exercise_from_bytes(
        (HEAD + 'title = "\\u0007\\u0007"\n[[steps]]\ntext = "\\u001b"\nduration = 5\n'
         ).encode(), "x")
    # What people would see is nothing, so it is as empty as "" (and says why).
    assert ex is None
    assert [(p.key, p.message) for p in problems] == [
        ("title", "holds only control characters, which are removed; write at least one "
                  "visible character"),
        ("steps[1].text", "holds only control characters, which are removed; write at "
                          "least one visible character")]


# --- line index ----------------------------------------------------------------------

SOURCE = '''\
format = 1
id = "x"
description = """
[[steps]]
title = "not a real step"
duration = "hidden"
"""
ratings.before = ["pain"]
content_note = 'one line """ not a multi-line start'

[ratings]
after = ["pain"]

[[steps]]
text = "one"
breath = { inhale = 4, exhale = 6 }
cycles = 3

[[steps]]
text = """two
lines"""
duration = "1m"

[steps.breath]
inhale = 4

[[steps]]
"quoted key" = 1
bell.sound = "soft"
duration = 5

[[assign]]
exercise = "a"
'''


@pytest.mark.parametrize("path, line", [
    ("format", 1),
    ("description", 3),
    ("ratings.before", 8),
    ("content_note", 9),
    ("ratings", 11),
    ("ratings.after", 12),
    ("steps", 14),
    ("steps[1]", 14),
    ("steps[1].text", 15),
    ("steps[1].breath", 16),
    ("steps[1].breath.inhale", 16),
    ("steps[1].breath.exhale", 16),
    ("steps[1].cycles", 17),
    ("steps[2]", 19),
    ("steps[2].text", 20),
    ("steps[2].duration", 22),
    ("steps[2].breath", 24),
    ("steps[2].breath.inhale", 25),
    ("steps[3]", 27),
    ("steps[3].quoted key", 28),
    ("steps[3].bell.sound", 29),
    ("steps[3].duration", 30),
    ("assign[1].exercise", 33),
    # Unknown paths fall back to the nearest enclosing key or table.
    ("steps[1].breath.rest", 16),
    ("steps[3].region", 27),
    ("steps[9].text", 14),
    ("nowhere", None),
])
def test_line_index(path: str, line: int | None) -> None:
    assert LineIndex(SOURCE).line(path) == line


def test_line_index_on_an_inline_array_of_steps_points_at_the_array() -> None:
    index = LineIndex('format = 1\n\nsteps = [\n  { text = "a" },\n]\n')
    assert index.line("steps[1].text") == 3


def test_line_index_counts_only_toml_line_ends() -> None:
    # Text pasted from a word processor may hold U+2028 or U+0085; TOML allows
    # them inside strings, and they do not end a line.
    source = 'format = 1\ntitle = "one\u2028two\x85three"\n\n[[steps]]\nduration = 5\n'
    assert LineIndex(source).line("steps[1].duration") == 5


def test_problem_line_is_right_after_pasted_line_separators() -> None:
    source = ('format = 1\nid = "x"\ntitle = "A\u2028B"\nkind = "other"\n'
              'summary = "C\x85D"\n\n[[steps]]\ntext = "a"\nduration = "ten"\n')
    _, problems = exercise_from_bytes(source.encode(), "x.toml")
    assert [(p.key, p.line) for p in problems] == [("steps[1].duration", 9)]
