"""``whole_number``: ids and counts read from request text, never an exception; the simulator
clock's limits and its ISO-8601 text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from simulators.core.clock import Clock, iso
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


@pytest.mark.parametrize("moment", [
    datetime(2026, 3, 2, 15, 0, tzinfo=timezone.utc), datetime(2026, 3, 2, 15, 0, 59, 999999, tzinfo=timezone.utc),
    datetime(1, 1, 1, 0, 0, 1, tzinfo=timezone.utc), datetime(999, 12, 31, 23, 59, 59, tzinfo=timezone.utc),
    datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc),
    datetime(2026, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=5, minutes=45))),
    datetime(2026, 7, 1, 12, 0, 0, 123),  # naive: local time, as astimezone reads it
])
def test_iso_is_isoformats_in_utc_with_a_z(moment: datetime) -> None:
    assert iso(moment) == moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
