"""A pytest plugin the self-test loads for ``--first`` runs (``-p harness.selftest.first``):
``--run-first FILE::TEST`` (repeatable) runs the scenarios of that feature file's test function
(every Examples row of it) before every other scenario, the order otherwise unchanged. A faulty connector's usual catcher then runs first, and ``-x`` stops the run there
instead of after every scenario of the file before it (the catalogue's ``caught_in``)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("refundsim").addoption(
        "--run-first", action="append", default=[], metavar="FILE::TEST",
        help="run the scenarios of this feature file's test function (all its Examples rows) before the others "
             "(repeatable; the self-test's --first)")


@pytest.hookimpl(trylast=True)  # after the profile and -k have chosen the scenarios: only their order changes
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    wanted = set(config.getoption("--run-first"))
    if wanted:
        # The node id's last path segment less its Examples row (file::test) matches however the run names its files.
        items.sort(key=lambda item: item.nodeid.rsplit("/", 1)[-1].split("[", 1)[0] not in wanted)  # a stable sort
