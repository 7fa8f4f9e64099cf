"""Concurrent refunds of one order never over-refund: the order's lock makes eBay's rules hold under
simultaneous requests, over a real socket (waitress, 16 threads). The racing tests make the writes
meet, so without the lock they fail (:func:`tests.conftest.make_writes_meet`)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from simulators.clients.ebay import EbayClient, EbayError
from simulators.ebay.models import Seller
from simulators.ebay.schemas import REFUND_SETTLE_SECONDS
from tests.conftest import make_writes_meet, race
from tests.ebay.conftest import ORDER, EbaySim, make_client, order_refund, return_refund

THREADS = 8


def _race(calls: Sequence[Callable[[], Any]]) -> list[Any]:
    """:func:`tests.conftest.race`, each refusal read as its eBay error id."""
    return [r.error_ids[0] if isinstance(r, EbayError) else r for r in race(calls)]


def _clients(live, live_tenant: dict[str, Any]) -> list[EbayClient]:
    # One client (one connection pool) per thread, as separate workers would have.
    return [make_client(live.base_url, live_tenant["ebay"]) for _ in range(THREADS)]


def test_eight_simultaneous_full_refunds_accept_exactly_one(live, live_tenant, live_sim: EbaySim,
                                                           live_ebay: EbayClient, monkeypatch) -> None:
    order = live_sim.order(**ORDER)
    clients = _clients(live, live_tenant)
    make_writes_meet(monkeypatch, Seller, "_record_refund", THREADS)
    results = _race([partial(c.issue_refund, order["orderId"], order_refund("38.00")) for c in clients])
    accepted = [r for r in results if isinstance(r, dict)]
    assert len(accepted) == 1, results
    assert set(Counter(r for r in results if not isinstance(r, dict))) <= {34922, 34915}
    live_sim.advance(REFUND_SETTLE_SECONDS)
    settled = live_ebay.get_order(order["orderId"])
    assert settled["orderPaymentStatus"] == "FULLY_REFUNDED"
    assert [r["amount"]["value"] for r in settled["paymentSummary"]["refunds"]] == ["38.00"]


def test_simultaneous_line_and_return_refunds_never_exceed_the_line(live, live_tenant, live_sim: EbaySim,
                                                                    live_ebay: EbayClient, monkeypatch) -> None:
    order = live_sim.order(**ORDER)
    mug = order["lineItems"][0]["lineItemId"]
    mug_return = live_sim.buyer_return(order["orderId"], lineItemId=mug)
    clients = _clients(live, live_tenant)
    item_body = {"reasonForRefund": "BUYER_RETURN",
                 "refundItems": [{"lineItemId": mug, "refundAmount": {"value": "27.50", "currency": "USD"}}]}
    calls = [partial(c.issue_refund, order["orderId"], item_body) for c in clients[:4]]
    calls += [partial(c.issue_return_refund, mug_return["returnId"], return_refund(27.5)) for c in clients[4:]]
    make_writes_meet(monkeypatch, Seller, "_record_refund", THREADS)
    results = _race(calls)
    assert sum(isinstance(r, dict) for r in results) == 1, results
    live_sim.advance(REFUND_SETTLE_SECONDS)
    settled = live_ebay.get_order(order["orderId"])
    assert [r["amount"]["value"] for r in settled["lineItems"][0]["refunds"]] == ["27.50"]
    assert settled["paymentSummary"]["totalDueSeller"]["value"] == "10.50"


def test_sequential_refunds_from_many_threads_add_up_exactly(live, live_tenant, live_sim: EbaySim,
                                                             live_ebay: EbayClient) -> None:
    """Threads keep issuing 5.00 refunds, moving the clock on after each answer, until eBay says
    the order is refunded: the refunds add up to the order's total, never more."""
    order = live_sim.order(lineItems=[{"title": "Box", "price": "20.00"}], shipping="0.00")
    accepted: list[str] = []
    clock_lock = threading.Lock()

    def settle() -> None:
        with clock_lock:  # one control-plane session is not shared between threads
            live_sim.advance(REFUND_SETTLE_SECONDS)

    def worker(client: EbayClient) -> None:
        for _ in range(20):
            try:
                accepted.append(client.issue_refund(order["orderId"], order_refund("5.00"))["refundId"])
            except EbayError as exc:
                if exc.error_ids[0] in (34917, 34915):
                    return
                assert exc.error_ids[0] == 34922, exc.body
            settle()

    threads = [threading.Thread(target=worker, args=(c,)) for c in _clients(live, live_tenant)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    live_sim.advance(REFUND_SETTLE_SECONDS)
    settled = live_ebay.get_order(order["orderId"])
    assert len(accepted) == 4 == len(set(accepted))
    assert settled["orderPaymentStatus"] == "FULLY_REFUNDED"
    assert [r["amount"]["value"] for r in settled["paymentSummary"]["refunds"]] == ["5.00"] * 4
