"""Rules are checked against the whole value: a trailing line break is not a loophole."""

from __future__ import annotations

import pytest

from painpath.format import values as v


@pytest.mark.parametrize("read, value", [
    (v.identifier, "body-scan\n"),
    (v.duration, "1m\n"),
])
def test_a_value_with_a_trailing_line_break_is_refused(read, value) -> None:
    with pytest.raises(v.Invalid):
        read(value)


@pytest.mark.parametrize("rule, value", [
    (v.VERSION_RULE, "1.0.0\n"),
    (v.LANGUAGE_RULE, "en\n"),
])
def test_rules_do_not_match_before_a_final_newline(rule, value) -> None:
    assert rule.match(value) is None
