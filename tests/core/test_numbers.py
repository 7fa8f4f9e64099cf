"""``whole_number``: ids and counts read from request text, never an exception."""

from __future__ import annotations

import pytest

from simulators.core.clock import Clock
from simulators.core.numbers import MAX_DIGITS, whole_number


@pytest.mark.parametrize("text, value", [("0", 0), ("42", 42), ("5473712370367", 5473712370367),
                                         ("9" * MAX_DIGITS, int("9" * MAX_DIGITS))])
def test_ascii_digits_are_read(text: str, value: int) -> None:
    assert whole_number(text) == value


@pytest.mark.parametrize("text", ["", "-1", "1.0", " 1", "1e3", "\u00b2", "\u0661\u0662", "9" * (MAX_DIGITS + 1),
                                  "9" * 5000, None, 7, b"12"])
def test_anything_else_is_none(text: object) -> None:
    """Superscripts pass str.isdigit() and int() refuses them; 5,000 digits are past int()'s limit."""
    assert whole_number(text) is None


def test_the_clock_refuses_to_move_past_the_year_9999_and_stays_where_it_was() -> None:
    clock = Clock()
    clock.advance(60)
    with pytest.raises(ValueError, match="past the year 9999"):
        clock.advance(1e300)
    assert clock.offset_seconds == 60
