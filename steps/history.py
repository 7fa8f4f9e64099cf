"""What the scenario itself did that a failing check must know to blame the right party.

A check that finds something missing blames the connector ("Record differs: ... it has none").
When the scenario itself made it missing — it deleted the order's sales order in NetSuite, or its
order was never synced — and did not ask the connector to sync the order since, the connector
could not have made it: that is the scenario's mistake (a :class:`ScenarioError`), said in its
words. Kept in the scenario's pytest item (``request.node.stash``), one scenario at a time.
"""

from __future__ import annotations

import pytest

#: (the order's ID, why the order has no sales order by the scenario's own doing): set by the steps
#: that delete the sales order or make an order they do not sync, cleared by a step asking the
#: connector to sync that order.
_NO_SALES_ORDER = pytest.StashKey[tuple[str, str]]()


def sales_order_gone(request: pytest.FixtureRequest, order_id: str, why: str) -> None:
    """The scenario's order ``order_id`` has no sales order in NetSuite because of the scenario's own
    step; ``why`` says so in the scenario's words ("the scenario deleted it ...")."""
    request.node.stash[_NO_SALES_ORDER] = (order_id, why)


def sync_asked(request: pytest.FixtureRequest, order_id: str) -> None:
    """The connector was asked to sync the order of ``order_id`` (as typed: spaces around it are
    the order's ID too): from now on a missing sales order of it is the connector's to answer for."""
    gone = request.node.stash.get(_NO_SALES_ORDER, None)
    if gone is not None and gone[0] == order_id.strip():
        del request.node.stash[_NO_SALES_ORDER]


def why_no_sales_order(request: pytest.FixtureRequest, order_id: str) -> str | None:
    """Why the order ``order_id`` has no sales order by the scenario's own doing, with no sync of it
    asked of the connector since; None when the connector had to make (or keep) it."""
    gone = request.node.stash.get(_NO_SALES_ORDER, None)
    return gone[1] if gone is not None and gone[0] == order_id else None
