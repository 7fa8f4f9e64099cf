"""Concurrent refunds in NetSuite never exceed what was billed: threads against the live server, each
with its own client, all released at once (the account's lock makes validate-then-write atomic).

Each test makes the account's writes wait for one another (:func:`tests.conftest.make_writes_meet`),
so that without the lock the over-refund shows: remove the lock and these tests fail."""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

import pytest

from harness.transports import LiveTransport
from simulators.clients import NetSuiteClient, VendorError
from simulators.netsuite.models import NetSuiteAccount
from tests.conftest import make_writes_meet, race
from tests.netsuite.conftest import order_body

THREADS = 8


def _clients(live: LiveTransport, tenant: dict[str, Any]) -> list[NetSuiteClient]:
    return [NetSuiteClient(live.base_url, tenant["netsuite"]) for _ in range(THREADS)]


def _world(live: LiveTransport, tenant: dict[str, Any]) -> tuple[NetSuiteClient, str, str]:
    """A NetSuite client, an item, and a sales order of 2 x 10.005 + 5.00 shipping = 25.01."""
    netsuite = NetSuiteClient(live.base_url, tenant["netsuite"])
    customer = netsuite.create("customer", {"companyName": "Race Ltd", "isPerson": False})
    item = netsuite.create("nonInventorySaleItem", {"itemId": "SKU-R", "basePrice": 10.0})
    return netsuite, item, netsuite.create("salesOrder", order_body({"customer": customer, "item": item}))


def _refused(results: list[Any]) -> list[VendorError]:
    refused = [r for r in results if isinstance(r, VendorError)]
    assert all(r.status == 400 and r.body["o:errorDetails"][0]["o:errorCode"] == "USER_ERROR" for r in refused), refused
    return refused


def test_eight_full_cash_refunds_at_once_refund_once(live: LiveTransport, live_tenant: dict[str, Any],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    netsuite, _, sales_order = _world(live, live_tenant)
    cash_sale = netsuite.transform("salesOrder", sales_order, "cashSale")
    make_writes_meet(monkeypatch, NetSuiteAccount, "_write", THREADS)
    results = race([partial(c.transform, "cashSale", cash_sale, "cashRefund") for c in _clients(live, live_tenant)])
    assert len(_refused(results)) == THREADS - 1, results
    refunds = netsuite.query("cashRefund", f"createdFrom ANY_OF [{cash_sale}]")
    assert len(refunds) == 1 and netsuite.get("cashRefund", refunds[0])["total"] == netsuite.get("cashSale", cash_sale)["total"]


def test_partial_credit_memos_at_once_stop_at_the_invoice_total(live: LiveTransport, live_tenant: dict[str, Any],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    netsuite, item, sales_order = _world(live, live_tenant)
    invoice = netsuite.transform("salesOrder", sales_order, "invoice")
    make_writes_meet(monkeypatch, NetSuiteAccount, "_write", THREADS)
    one_unit = {"shippingCost": 0, "item": {"items": [{"item": {"id": item}, "quantity": 1, "rate": 10.005}]}}
    results = race([partial(c.transform, "invoice", invoice, "creditMemo", one_unit) for c in _clients(live, live_tenant)])
    assert len(_refused(results)) == THREADS - 2, results  # two memos of 10.01 fit in 25.01, a third does not
    memos = netsuite.query("creditMemo", f"createdFrom ANY_OF [{invoice}]")
    credited = sum((Decimal(str(netsuite.get("creditMemo", m)["total"])) for m in memos), Decimal(0))
    assert credited == Decimal("20.02") and netsuite.get("invoice", invoice)["amountRemaining"] == 4.99


def test_customer_refunds_of_one_credit_memo_at_once_pay_it_out_once(live: LiveTransport, live_tenant: dict[str, Any],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    netsuite, _, sales_order = _world(live, live_tenant)
    invoice = netsuite.transform("salesOrder", sales_order, "invoice")
    # A credit memo not applied to the invoice, so all of it can be refunded to the customer.
    memo = netsuite.transform("invoice", invoice, "creditMemo", {"apply": {"items": [{"doc": {"id": invoice}, "apply": False}]}})
    customer = netsuite.get("creditMemo", memo)["entity"]["id"]
    body = {"customer": {"id": customer}, "apply": {"items": [{"doc": {"id": memo}, "apply": True}]}}
    make_writes_meet(monkeypatch, NetSuiteAccount, "_write", THREADS)
    results = race([partial(c.create, "customerRefund", body) for c in _clients(live, live_tenant)])
    assert len(_refused(results)) == THREADS - 1, results
    assert len(netsuite.query("customerRefund")) == 1 and netsuite.get("creditMemo", memo)["unapplied"] == 0
