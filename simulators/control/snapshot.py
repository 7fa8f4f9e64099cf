"""A tenant's state at a glance, for evidence: the NetSuite transactions, the Shopify orders and
their refunds, the eBay orders and their refunds, the WooCommerce orders and their refunds, the
Magento orders and their credit memos (``GET /_sim/tenants/<tenant>/snapshot``); and what the
harness attaches around a step in one read (:func:`step_evidence`, ``GET .../evidence``).

Read-only and lazy: a service the tenant never used is left out (reading it must not create it,
which would draw from the tenant's seeded random source).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant


def _netsuite(account: Any) -> list[dict[str, Any]]:
    with account.lock:
        return [
            {"record": f"{r.type} {r.id}", "tranId": r.fields.get("tranId"), "status": account.status(r),
             "total": str(r.total), "createdFrom": r.created_from, "externalId": r.external_id}
            for r in account.transactions()
        ]


def _shopify(shop: Any) -> list[dict[str, Any]]:
    """Amounts in each order's presentment currency (``currency``: what its customer paid in)."""
    return [
        {"order": o.id, "name": o.name, "financial_status": o.financial_status, "total": str(o.total_price),
         "currency": o.presentment_currency,
         "refunds": [{"refund": r.id, "note": r.note, "refunded": str(r.refunded_money), "declined": r.declined,
                      "pending": str(r.sent_money - r.refunded_money)}
                     for r in o.refunds]}
        for o in shop.orders(status="any")
    ]


def _ebay(store: Any) -> list[dict[str, Any]]:
    return [
        {"order": o.order_id, "payment_status": o.payment_status, "total": str(o.total),
         "refunds": [{"refund": r.refund_id, "amount": str(r.amount), "status": r.status, "return": r.return_id}
                     for r in o.refunds]}
        for o in list(store._orders.values())  # noqa: SLF001 - read-only listing for evidence
    ]


def _woocommerce(store: Any) -> list[dict[str, Any]]:
    return [
        store.read(o, lambda o: {
            "order": o.id, "status": o.status, "total": str(o.total), "payment_method": o.payment_method,
            "refunds": [{"refund": r.id, "amount": str(r.amount), "reason": r.reason,
                         "refunded_payment": r.refunded_payment} for r in o.refunds],
            "stock": {i.id: i.meta_value("_reduced_stock") for i in o.items if i.type == "line_item"}})
        for o in sorted(store.orders(), key=lambda o: o.id)
    ]


def _magento(store: Any) -> list[dict[str, Any]]:
    out = []
    for o in store.orders():
        with o.lock:
            out.append({"order": o.entity_id, "increment_id": o.increment_id, "state": o.state, "status": o.status,
                        "total": str(o.grand_total), "paid": str(o.total_paid), "refunded": str(o.total_refunded),
                        "creditmemos": [{"creditmemo": m.entity_id, "invoice": m.invoice_id, "total": str(m.grand_total),
                                         "online": m.online} for m in store.creditmemos_of(o)]})
    return out


READERS = {"netsuite": _netsuite, "shopify": _shopify, "ebay": _ebay, "woocommerce": _woocommerce, "magento": _magento}


def snapshot(tenant: "Tenant") -> dict[str, Any]:
    """Each used service's records, in the shape above."""
    out: dict[str, Any] = {}
    for service, read in READERS.items():
        state = tenant.peek(service)
        if state is not None:
            out[service] = read(state)
    return out


def step_evidence(tenant: "Tenant", since: int, records: bool) -> dict[str, Any]:
    """The journal's exchanges after sequence number ``since`` (secrets masked), the clock (``now``,
    ISO-8601, and ``offset_seconds``, how far it was moved) and, when ``records``, the snapshot:
    ``{"entries", "clock", "records"?}``."""
    answer: dict[str, Any] = {"entries": [entry.as_dict() for entry in tenant.journal.since(since)],
                              "clock": tenant.clock.reading()}
    if records:
        answer["records"] = snapshot(tenant)
    return answer
