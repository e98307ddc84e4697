"""`recall = true`: a step reads back the answer of the writing step before it.

A thought record's "How it feels now" shows the kinder view just written, in
the app and in plain mode; a file asking for it with no writing step before
is refused with a plain message.
"""

from __future__ import annotations

import io

from painpath.engine import FakeClock
from painpath.format.loader import exercise_from_bytes
from painpath.format.models import Exercise, Step, recalled_step
from painpath.plain import run_plain

HEAD = 'format = 1\nid = "x"\ntitle = "X"\nkind = "other"\n'
KINDER = Step(text="Another way of looking?", title="Another way", entry=True)
FEELS = Step(text="Reading it back, how does it feel?", title="Now", entry=True, recall=True)


def test_a_file_says_recall() -> None:
    body = ('[[steps]]\ntext = "What thought?"\nentry = true\n'
            '[[steps]]\ntext = "A pause."\nduration = 5\n'
            '[[steps]]\ntext = "Read it back."\nduration = 10\nrecall = true\n')
    ex, problems = exercise_from_bytes((HEAD + body).encode(), "x.toml")
    assert problems == [] and ex is not None
    assert ex.steps[2].recall and recalled_step(ex.steps, 2) == 0
    assert recalled_step(ex.steps, 1) is None


def test_recall_with_no_writing_step_before_is_refused() -> None:
    body = '[[steps]]\ntext = "Read it back."\nduration = 10\nrecall = true\n'
    ex, problems = exercise_from_bytes((HEAD + body).encode(), "x.toml")
    assert ex is None
    [problem] = problems
    assert problem.key == "steps[1].recall"
    assert "no step before this one has `entry = true`" in problem.message


def test_plain_mode_reads_the_answer_back() -> None:
    exercise = Exercise(id="x", title="X", kind="other", pack="t", steps=(KINDER, FEELS),
                        ratings_before=(), ratings_after=())
    out = io.StringIO()
    clock = FakeClock()
    run_plain(exercise, stdin=io.StringIO("I have managed before\nlighter\n\n"), stdout=out,
              clock=clock, sleep=clock.advance, threaded_input=False)
    lines = out.getvalue().splitlines()
    i = lines.index("Reading it back, how does it feel?")
    assert lines[i + 1] == "You wrote: I have managed before"
