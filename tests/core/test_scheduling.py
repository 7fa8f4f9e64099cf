"""The order ``-n`` workers take the tests in (tests/conftest.py): the tests that run the suite start
the workers' shares, shared out longest first, and the short tests keep their order behind them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import RUNS_THE_SUITE, pytest_collection_modifyitems


@dataclass
class Marker:
    kwargs: dict[str, Any]


@dataclass
class Item:
    nodeid: str
    seconds: Any = None
    run: str | None = None

    def get_closest_marker(self, name: str) -> Marker | None:
        assert name == RUNS_THE_SUITE
        if self.seconds is None:
            return None
        kwargs = {} if self.seconds == "none" else {"seconds": self.seconds}
        return Marker(kwargs | ({"run": self.run} if self.run else {}))


def ordered(items: list[Item], workers: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("PYTEST_XDIST_WORKER_COUNT", str(workers))
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    return [item.nodeid for item in items]


def test_each_long_test_starts_the_share_with_the_fewest_seconds_and_short_tests_keep_their_order(
        monkeypatch: pytest.MonkeyPatch) -> None:
    items = [Item(f"s{n}") for n in range(6)] + [Item("L25a", 25), Item("L60", 60), Item("L25b", 25), Item("L20", 20)]
    # 60 | 25, 25, 20 (50 < 60): xdist gives the first worker len // 2 = 5 tests, the other the rest.
    assert ordered(items, 2, monkeypatch) == ["L60", "s0", "s1", "s2", "s3", "L25a", "L25b", "L20", "s4", "s5"]


def test_the_tests_that_share_a_run_go_to_one_share_together_longest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run shared by two tests (40 s and 5 s) weighs their 45 s together: the other share takes
    the 30 s test and the 20 s one, and the two sharing tests are never split between the workers."""
    items = ([Item(f"s{n}") for n in range(6)]
             + [Item("share5", 5, run="certified"), Item("L30", 30), Item("L20", 20), Item("share40", 40, run="certified")])
    assert ordered(items, 2, monkeypatch) == ["share40", "share5", "s0", "s1", "s2", "L30", "L20", "s3", "s4", "s5"]


def test_without_workers_the_long_tests_go_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PYTEST_XDIST_WORKER_COUNT", raising=False)
    items = [Item("s0"), Item("L5", 5), Item("s1"), Item("L9", 9)]
    pytest_collection_modifyitems(items)  # type: ignore[arg-type]
    assert [item.nodeid for item in items] == ["L9", "L5", "s0", "s1"]


def test_a_mark_without_its_seconds_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(pytest.UsageError, match=r"slow: @pytest.mark.runs_the_suite needs seconds="):
        ordered([Item("s0"), Item("slow", "none")], 2, monkeypatch)
