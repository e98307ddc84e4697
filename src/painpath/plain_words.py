"""Plain mode's own words: lines that make sense read aloud by a screen reader.

No symbol stands for a word: no "…" between a scale's ends, no "→" between a
before and an after rating, no "–" for a missing value, no "s" or "min" for
seconds and minutes. "pain 6, then 4"; "not given"; "1 minute 30 seconds".
Everything from a file goes through `painpath.text.clean_line` first.
"""

from __future__ import annotations

from painpath.format.models import Scale, Step
from painpath.scale_names import scale_words
from painpath.text import BREATH_WORDS, clean_line
from painpath.timefmt import minutes as practised_minutes

STOP_HINT = "Press Ctrl+C at any time to stop; that is always fine."
NOT_GIVEN = "not given"


def _num(x: float) -> str:
    return f"{x:g}"


def _unit(n: float, word: str) -> str:
    return f"{_num(n)} {word}" + ("" if n == 1 else "s")


def span(seconds: float) -> str:
    """A length in words: "4.5 seconds", "1 minute 30 seconds", "1 hour 5 minutes"."""
    if seconds < 60:  # tenths, for breath phases
        return _unit(round(seconds, 1), "second")
    total = int(seconds + 0.5)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _unit(hours, "hour") + (f" {_unit(minutes, 'minute')}" if minutes else "")
    return _unit(minutes, "minute") + (f" {_unit(secs, 'second')}" if secs else "")


def minutes_phrase(seconds: float) -> str:
    """ "less than a minute", "1 minute", "12 minutes"."""
    return practised_minutes(seconds)  # the summary's and History's rounding


def _step_detail(step: Step) -> str:
    limit = step.limit_seconds
    upto = f", up to {span(limit)}" if limit is not None else ""
    if step.kind == "breath":
        n = step.cycles or 0
        return f"{n} breath{'' if n == 1 else 's'}, {span(limit or 0)}"
    if step.kind == "count":
        return f"{step.count} to mark{upto}"
    if step.kind == "entry":
        return f"a written answer{upto}"
    return span(limit or 0)


def _sentence(text: str) -> str:
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def step_heading(index: int, total: int, step: Step) -> str:
    """ "Step 2 of 9: Feet. 45 seconds." """
    title = clean_line(step.title)
    where = f"Step {index + 1} of {total}"
    head = _sentence(f"{where}: {title}") if title else f"{where}."
    detail = _step_detail(step)
    return f"{head} {_sentence(detail[:1].upper() + detail[1:])}"


def scale_range(scale: Scale) -> str:
    """ "0 means no pain, 10 means worst pain imaginable." or "A number from 0 to 10." """
    low, high = clean_line(scale.low), clean_line(scale.high)
    if low and high:
        return f"{scale.min} means {low}, {scale.max} means {high}."
    parts = [f"{scale.min} means {low}" if low else "", f"{scale.max} means {high}" if high else ""]
    said = ", ".join(p for p in parts if p)
    return f"A number from {scale.min} to {scale.max}" + (f"; {said}." if said else ".")


def rating_prompt(scale: Scale, region: str | None = None) -> str:
    """The question, both ends in words, and how to skip, on one line."""
    question = clean_line(scale.question) or scale_words(scale.id)
    if region:
        where = "your " + region.replace("-", " ")
        question = (f"{question[:-1]}, in {where}?" if question.endswith("?")
                    else f"{question}, in {where}")
    return f"{_sentence(question)} {scale_range(scale)} Type a number, or press Enter to skip."


def not_a_number(scale: Scale) -> str:
    return (f"That isn't a whole number from {scale.min} to {scale.max}. "
            "You can type one, or press Enter to skip.")


def breath_line(phase: str, seconds: float, cycle: int | None, cycles: int) -> str:
    """ "Breath 1 of 4. Breathe in for 4 seconds." (the count only on a breath's first phase)."""
    words = f"{BREATH_WORDS[phase]} for {span(seconds)}."
    if cycle is None:
        return words
    of = f" of {cycles}" if cycle <= cycles else ""
    return f"Breath {cycle}{of}. {words}"


def rating_pair(scale_id: str, before: int | None, after: int | None,
                asked_before: bool, asked_after: bool) -> str:
    """ "pain 6, then 4"; "pain 6, then not given"; "distress 2"."""
    def said(value: int | None) -> str:
        return NOT_GIVEN if value is None else str(value)

    name = scale_words(scale_id)
    if asked_before and asked_after:
        return f"{name} {said(before)}, then {said(after)}"
    return f"{name} {said(before if asked_before else after)}"
