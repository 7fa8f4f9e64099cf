"""Concurrent refunds of one order never over-refund: the order's lock makes Magento's rules hold
under simultaneous requests, over a real socket (waitress). The racing tests make the writes meet,
so without the lock they fail (:func:`tests.conftest.make_writes_meet`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from simulators.clients import MagentoClient
from simulators.clients.magento import MagentoError
from simulators.magento.models import MagentoStore
from tests.conftest import make_writes_meet, race

from .conftest import ORDER, MagentoSim, items_of, make_client

THREADS = 8


def _race(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """:func:`tests.conftest.race`, each refusal read as Magento's message."""
    return [r.raw_message if isinstance(r, MagentoError) else r for r in race(calls)]


def _clients(live, live_tenant: dict[str, Any]) -> list[MagentoClient]:
    # One client (one connection pool) per thread, as separate workers would have.
    return [make_client(live.base_url, live_tenant["magento"]) for _ in range(THREADS)]


def test_eight_simultaneous_full_refunds_accept_exactly_one(live, live_tenant, live_sim: MagentoSim,
                                                           live_magento: MagentoClient, monkeypatch) -> None:
    order = live_sim.order(**ORDER)
    clients = _clients(live, live_tenant)
    make_writes_meet(monkeypatch, MagentoStore, "_write_creditmemo", THREADS)
    results = _race([partial(c.refund_order, order["entity_id"]) for c in clients])
    accepted = [r for r in results if isinstance(r, int)]
    assert len(accepted) == 1, results
    assert all(isinstance(r, str) and r.startswith("Creditmemo Document Validation Error(s):") for r in results
               if not isinstance(r, int))
    after = live_magento.order(order["entity_id"])
    assert after["total_refunded"] == after["total_paid"] == 40.5 and after["state"] == "closed"
    assert len(live_magento.order_creditmemos(order["entity_id"])) == 1


def test_order_and_invoice_refunds_racing_never_exceed_what_was_paid(live, live_tenant, live_sim: MagentoSim,
                                                                    live_magento: MagentoClient, monkeypatch) -> None:
    order = live_sim.order(**{**ORDER, "payment_method": "braintree"})
    [invoice] = live_magento.order_invoices(order["entity_id"])
    mug = items_of(order)["MUG-1"]
    one_mug = {"items": [{"order_item_id": mug, "qty": 1}], "arguments": {"shipping_amount": 0}}
    clients = _clients(live, live_tenant)
    calls = [partial(c.refund_order, order["entity_id"], one_mug) for c in clients[:4]]
    calls += [partial(c.refund_invoice, invoice["entity_id"], {**one_mug, "isOnline": True}) for c in clients[4:]]
    make_writes_meet(monkeypatch, MagentoStore, "_write_creditmemo", THREADS)
    results = _race(calls)
    assert sum(isinstance(r, int) for r in results) == 2, results  # two mugs were bought
    after = live_magento.order(order["entity_id"])
    mug_after = next(i for i in after["items"] if i["item_id"] == mug)
    assert mug_after["qty_refunded"] == 2 and after["total_refunded"] == 27.5  # 2 × (12.50 + 1.25 tax)
    assert after["total_online_refunded"] + after["total_offline_refunded"] == 27.5


def test_small_refunds_from_many_threads_add_up_exactly(live, live_tenant, live_sim: MagentoSim,
                                                        live_magento: MagentoClient, monkeypatch) -> None:
    """Adjustment-only refunds of 5.00 race until Magento says no money is left: they add up to
    what was paid, never more."""
    order = live_sim.order(items=[{"sku": "BOX", "price": "20.00", "qty": 1}], shipping_amount="10.00")
    box = items_of(order)["BOX"]
    five = {"items": [{"order_item_id": box, "qty": 0}], "arguments": {"shipping_amount": 0, "adjustment_positive": 5}}
    clients = _clients(live, live_tenant)
    make_writes_meet(monkeypatch, MagentoStore, "_write_creditmemo", THREADS)
    accepted: list[int] = []
    for _ in range(2):
        accepted += [r for r in _race([partial(c.refund_order, order["entity_id"], five) for c in clients])
                     if isinstance(r, int)]
    after = live_magento.order(order["entity_id"])
    assert len(accepted) == 6 == len(set(accepted))  # 30.00 paid
    assert after["total_refunded"] == after["total_paid"] == 30
