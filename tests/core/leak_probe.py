"""A pytest plugin for tests/core/test_memory.py (``-p tests.core.leak_probe``): before each test
sets up, count the HTTP sessions and the requests and answers (intercepted calls) still alive from the tests before it; at the
end of the run, print the largest counts."""

from __future__ import annotations

import gc

import pytest
import requests

_most = {"sessions": 0, "calls": 0}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    gc.collect()
    alive = gc.get_objects()
    _most["sessions"] = max(_most["sessions"], sum(isinstance(o, requests.Session) for o in alive))
    _most["calls"] = max(_most["calls"], sum(isinstance(o, (requests.Response, requests.PreparedRequest)) for o in alive))


def pytest_unconfigure(config: pytest.Config) -> None:
    print(f"\nleak probe: sessions={_most['sessions']} calls={_most['calls']}")
