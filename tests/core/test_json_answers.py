"""The simulators' answers are printed by orjson (simulators/app.py's JSON provider) with the bytes
Flask's standard-library JSON printed: compact, keys in their order, Flask's own ``default`` for
dates, Decimals, UUIDs and dataclasses, and the standard library itself for what orjson would print
otherwise (text beyond ASCII, floats under 1e-4, integers beyond 64 bits, keys that are not strings)."""

from __future__ import annotations

import dataclasses
import datetime
import decimal
import uuid
from typing import Any, cast

import pytest
from flask import Flask, Response

from simulators.app import create_app


@dataclasses.dataclass
class _Record:
    a: int
    b: str


CASES: list[Any] = [
    {"a": 1, "b": [1.5, None, True, "x"], "nested": {"z": 1, "a": 2}},
    {"d": decimal.Decimal("1.10"), "t": datetime.datetime(2026, 1, 2, 3, 4, 5), "day": datetime.date(2026, 1, 2),
     "u": uuid.UUID(int=5)},
    {"name": "Ñandú €"},
    {"small": 1e-5, "edge": 0.0001, "large": 1e16, "money": 24.99},
    {"big": 2**70},
    {1: "x", None: "y"},
    _Record(1, "z"),
    [], "text", None, 12.5,
]


@pytest.mark.parametrize("value", CASES)
def test_an_answer_has_the_standard_librarys_bytes(value: Any) -> None:
    app, plain = create_app(), Flask("plain")
    plain.json.sort_keys = False  # type: ignore[attr-defined]  # the simulators keep the vendors' order
    with app.app_context():
        ours = cast(Response, app.json.response(value))
    with plain.app_context():
        theirs = cast(Response, plain.json.response(value))
    assert ours.get_data() == theirs.get_data()
    assert ours.mimetype == theirs.mimetype == "application/json"
