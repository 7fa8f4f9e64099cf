"""Shopify orders and transactions over REST: creation (lines, shipping, taxes, discounts,
currency, transactions), financial statuses, listing with filters and pagination, and the
transactions endpoint (list, get, capture, void, mark as paid)."""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from simulators.clients import ShopifyClient, VendorError

from .conftest import ORDER, sale_of
from .test_graphql import gid


def _count(shopify: ShopifyClient) -> int:
    return shopify.session.get(f"{shopify.root}/orders/count.json").json()["count"]


def test_each_discount_code_on_the_lines_is_an_allocation_of_its_own_on_each_line(shopify) -> None:
    """Shopify combines discounts: each code spreads over the lines in proportion to what is left of
    them, and each line keeps its share of each as a discount allocation of its own, naming the code's
    discount application ("an amount that's allocated to a line based on an associated discount
    application"). A line's allocations add up to what the codes took off it; a line a code took
    nothing off has no allocation of it."""
    order = shopify.create_order({
        "email": "ada@example.com",
        "line_items": [{"title": "Mug", "sku": "MUG", "price": "10.00", "quantity": 2},
                       {"title": "Tea", "sku": "TEA", "price": "5.00", "quantity": 2}],
        "discount_codes": [{"code": "SPRING", "amount": "3.00", "type": "fixed_amount"},
                           {"code": "LOYAL", "amount": "10", "type": "percentage"}],
        "transactions": [{"kind": "sale", "amount": "24.30", "gateway": "shopify_payments"}],
    })
    assert [a["code"] for a in order["discount_codes"]] == ["SPRING", "LOYAL"]
    assert [a["code"] for a in order["discount_applications"]] == ["SPRING", "LOYAL"]
    mug, tea = order["line_items"]
    # SPRING: 3.00 over 20.00 and 10.00; LOYAL: 10% of the 27.00 left, over 18.00 and 9.00.
    assert [(a["discount_application_index"], a["amount"]) for a in mug["discount_allocations"]] == [(0, "2.00"), (1, "1.80")]
    assert [(a["discount_application_index"], a["amount"]) for a in tea["discount_allocations"]] == [(0, "1.00"), (1, "0.90")]
    assert (order["total_discounts"], order["total_price"]) == ("5.70", "24.30")


def test_a_line_s_own_discount_is_an_allocation_of_a_manual_application_and_its_total_discount(shopify) -> None:
    """A line's own discount (its ``total_discount``) is a manual discount application "applied onto a
    particular line" (allocation method ONE, target selection EXPLICIT) and an allocation on the line;
    ``total_discount`` is that own discount alone ("doesn't include order-level discounts",
    LineItem.totalDiscountSet). The line's allocations add up to every discount taken off it: the
    line's own was not among them, so a connector taking off ``total_discount`` and the allocations
    (its own discount twice) was certified here."""
    order = shopify.create_order({
        "email": "ada@example.com",
        "line_items": [{"title": "Mug", "sku": "MUG", "price": "10.00", "quantity": 2},
                       {"title": "Tea", "sku": "TEA", "price": "5.00", "quantity": 2, "total_discount": "1.00"}],
        "discount_codes": [{"code": "SPRING", "amount": "2.90", "type": "fixed_amount"}],
        "transactions": [{"kind": "sale", "amount": "26.10", "gateway": "shopify_payments"}],
    })
    assert [(a["type"], a["allocation_method"], a["target_selection"], a["value"]) for a in order["discount_applications"]] == [
        ("discount_code", "across", "all", "2.90"), ("manual", "one", "explicit", "1.00")]
    mug, tea = order["line_items"]
    # SPRING: 2.90 over the 20.00 and 9.00 left of the lines.
    assert [(a["discount_application_index"], a["amount"]) for a in mug["discount_allocations"]] == [(0, "2.00")]
    assert [(a["discount_application_index"], a["amount"]) for a in tea["discount_allocations"]] == [(0, "0.90"), (1, "1.00")]
    assert (mug["total_discount"], tea["total_discount"]) == ("0.00", "1.00")
    assert (order["total_discounts"], order["total_price"]) == ("3.90", "26.10")


def test_a_line_s_discounted_total_leaves_out_the_order_s_codes_unless_asked(shopify) -> None:
    """LineItem ``discountedTotalSet``: "doesn't include order-level discounts. Code-based discounts
    aren't included by default" (``withCodeDiscounts: false``); ``totalDiscountSet`` "doesn't include
    order-level discounts"; calculate's ``discounted_total_price`` is the line's ``discounted_price``
    times the units, the cart's share apart (``total_cart_discount_amount``, as in the vendor's
    example: price 199.00, subtotal 195.67, discounted_total_price 199.00, cart 3.33). They held the
    codes' share: a connector reading them for what was paid was certified here."""
    order = shopify.create_order({
        "email": "ada@example.com",
        "line_items": [{"title": "Mug", "sku": "MUG", "price": "10.00", "quantity": 2, "total_discount": "1.00"}],
        "discount_codes": [{"code": "SPRING", "amount": "3.00", "type": "fixed_amount"}],
        "transactions": [{"kind": "sale", "amount": "16.00", "gateway": "shopify_payments"}],
    })
    line = order["line_items"][0]
    query = """{ order(id: "%s") { lineItems(first: 1) { nodes { plain: discountedTotalSet { shopMoney { amount } }
                 codes: discountedTotalSet(withCodeDiscounts: true) { shopMoney { amount } }
                 totalDiscountSet { shopMoney { amount } } } } } }""" % gid("Order", order["id"])
    node = shopify.graphql(query)["data"]["order"]["lineItems"]["nodes"][0]
    assert (node["plain"]["shopMoney"]["amount"], node["codes"]["shopMoney"]["amount"],
            node["totalDiscountSet"]["shopMoney"]["amount"]) == ("19.0", "16.0", "1.0")
    calc = shopify.calculate_refund(order["id"], {
        "refund_line_items": [{"line_item_id": line["id"], "quantity": 1, "restock_type": "no_restock"}]})
    (refunded,) = calc["refund_line_items"]
    assert (refunded["discounted_price"], refunded["discounted_total_price"], refunded["subtotal"],
            refunded["total_cart_discount_amount"]) == ("9.50", "9.50", "8.00", "1.50")


def test_an_order_carries_its_lines_shipping_taxes_discounts_and_currency(shopify) -> None:
    order = shopify.create_order({
        "currency": "eur", "email": "ada@example.com", "note": "gift", "tags": ["vip", "b2b"],
        "customer": {"first_name": "Ada", "last_name": "Lovelace"},
        "line_items": [{"title": "Mug", "sku": "MUG", "price": "10.00", "quantity": 2,
                        "tax_lines": [{"title": "VAT", "rate": 0.2}]}],
        "discount_codes": [{"code": "TEN", "amount": "10", "type": "percentage"}],
        "shipping_lines": [{"title": "Standard", "code": "STD", "price": "4.00"}],
        "transactions": [{"kind": "sale", "amount": "25.60", "gateway": "shopify_payments"}],
    })
    assert (order["currency"], order["presentment_currency"], order["email"], order["tags"]) == (
        "EUR", "EUR", "ada@example.com", "vip, b2b")
    assert (order["total_line_items_price"], order["total_discounts"], order["subtotal_price"], order["total_tax"],
            order["total_price"]) == ("20.00", "2.00", "18.00", "3.60", "25.60")
    assert order["discount_codes"] == [{"code": "TEN", "amount": "2.00", "type": "percentage"}]
    line = order["line_items"][0]
    assert line["tax_lines"][0]["price"] == "3.60" and line["discount_allocations"][0]["amount"] == "2.00"
    assert order["total_price_set"]["shop_money"] == {"amount": "25.60", "currency_code": "EUR"}
    assert order["shipping_lines"][0]["code"] == "STD" and order["customer"]["first_name"] == "Ada"
    assert order["financial_status"] == "paid" and order["payment_gateway_names"] == ["shopify_payments"]
    assert order["admin_graphql_api_id"] == f"gid://shopify/Order/{order['id']}"
    assert shopify.order(order["id"]) == order


def test_a_free_shipping_code_takes_the_shipping_off_the_total_and_off_what_can_be_refunded(shopify) -> None:
    """A discount code of type ``shipping`` "Applies a free shipping discount on orders that have a
    shipping rate less than or equal to amount" (REST Order): the shipping line keeps its ``price``
    and ``total_shipping_price_set`` is "excluding discounts", while ``discounted_price`` is 0, the
    code's amount is the shipping it took (a ``shipping_line`` discount application of 100 percent)
    and ``total_discounts`` and ``total_price`` are after it. Its tax, taken by rate, is on what is
    left to pay: nothing. No shipping is left to refund. A code whose amount is below the shipping
    rate takes nothing."""
    order = shopify.create_order({
        "line_items": [{"title": "Mug", "sku": "MUG", "price": "10.00", "quantity": 2}],
        "discount_codes": [{"code": "FREESHIP", "amount": "6.00", "type": "shipping"}],
        "shipping_lines": [{"title": "Standard", "code": "STD", "price": "6.00", "tax_lines": [{"title": "Tax", "rate": 0.1}]}],
        "transactions": [{"kind": "sale", "amount": "20.00", "gateway": "shopify_payments"}],
    })
    [shipping] = order["shipping_lines"]
    assert (shipping["price"], shipping["discounted_price"], shipping["tax_lines"][0]["price"]) == ("6.00", "0.00", "0.00")
    assert [a["amount"] for a in shipping["discount_allocations"]] == ["6.00"]
    assert order["discount_codes"] == [{"code": "FREESHIP", "amount": "6.00", "type": "shipping"}]
    [application] = order["discount_applications"]
    assert (application["target_type"], application["value_type"], application["value"]) == ("shipping_line", "percentage", "100.0")
    assert (order["total_shipping_price_set"]["shop_money"]["amount"], order["total_discounts"], order["total_price"]) == (
        "6.00", "6.00", "20.00")
    assert order["line_items"][0]["discount_allocations"] == [] and order["financial_status"] == "paid"
    calculated = shopify.calculate_refund(order["id"], {"shipping": {"full_refund": True}})
    assert calculated["shipping"]["maximum_refundable"] == "0.00"
    with pytest.raises(VendorError) as refused:
        shopify.create_refund(order["id"], {"shipping": {"amount": "1.00"}, "transactions": []})
    assert refused.value.status == 422
    dear = shopify.create_order({
        "line_items": [{"title": "Mug", "price": "10.00"}], "shipping_lines": [{"title": "Express", "price": "12.00"}],
        "discount_codes": [{"code": "FREESHIP", "amount": "6.00", "type": "shipping"}]})
    assert (dear["shipping_lines"][0]["discounted_price"], dear["discount_codes"][0]["amount"], dear["total_price"]) == (
        "12.00", "0.00", "22.00")


def test_the_financial_status_follows_the_transactions(shopify) -> None:
    statuses = {
        "paid": shopify.create_order({**ORDER, "transactions": []}),
        "pending": shopify.create_order({**ORDER, "financial_status": "pending", "transactions": []}),
        "authorized": shopify.create_order({**ORDER, "transactions": [{"kind": "authorization", "amount": "38.00"}]}),
        "partially_paid": shopify.create_order({**ORDER, "transactions": [{"kind": "sale", "amount": "10.00"}]}),
    }
    for status, order in statuses.items():
        assert order["financial_status"] == status
    manual = shopify.transactions(statuses["paid"]["id"])
    assert [(t["kind"], t["gateway"], t["amount"]) for t in manual] == [("sale", "manual", "38.00")]


def test_an_authorization_is_captured_or_voided(shopify) -> None:
    order = shopify.create_order({**ORDER, "transactions": [{"kind": "authorization", "amount": "38.00",
                                                             "gateway": "shopify_payments"}]})
    auth = shopify.transactions(order["id"])[0]
    with pytest.raises(VendorError) as refused:  # an authorization is not a refund parent
        shopify.create_refund(order["id"], {"transactions": [{"parent_id": auth["id"], "amount": "1.00", "kind": "refund"}]})
    assert refused.value.status == 422
    capture = shopify.create_transaction(order["id"], {"kind": "capture", "parent_id": auth["id"], "amount": "30.00"})
    assert (capture["kind"], capture["parent_id"], capture["gateway"]) == ("capture", auth["id"], "shopify_payments")
    assert shopify.order(order["id"])["financial_status"] == "partially_paid"
    with pytest.raises(VendorError) as refused:
        shopify.create_transaction(order["id"], {"kind": "capture", "parent_id": auth["id"], "amount": "8.01"})
    assert "capturable amount 8.00" in refused.value.message
    with pytest.raises(VendorError) as refused:
        shopify.create_transaction(order["id"], {"kind": "void", "parent_id": auth["id"]})
    assert refused.value.status == 422
    shopify.create_transaction(order["id"], {"kind": "capture"})  # the rest of the only authorization
    assert shopify.order(order["id"])["financial_status"] == "paid"
    refund = shopify.create_transaction(order["id"], {"kind": "refund", "parent_id": capture["id"], "amount": "30.00"})
    assert refund["kind"] == "refund" and len(shopify.refunds(order["id"])) == 1
    assert shopify.order(order["id"])["financial_status"] == "partially_refunded"

    voided = shopify.create_order({**ORDER, "transactions": [{"kind": "authorization", "amount": "38.00"}]})
    void = shopify.create_transaction(voided["id"], {"kind": "void"})
    assert void["kind"] == "void" and shopify.order(voided["id"])["financial_status"] == "voided"


def _unsettled(txn: dict[str, Any]) -> str:
    bag = txn["total_unsettled_set"]
    assert bag["presentment_money"] == bag["shop_money"] and set(bag["shop_money"]) == {"amount", "currency"}
    return bag["shop_money"]["amount"]


def test_a_transaction_says_what_remains_unsettled_and_has_no_card_data(shopify) -> None:
    """The REST attributes ``payment_details``, ``total_unsettled_set`` and ``authorization_expires_at``
    (Shopify's examples: the order's uncaptured authorized money, printed like ``588.94`` / ``0.0``)."""
    order = shopify.create_order({**ORDER, "transactions": [{"kind": "authorization", "amount": "38.00"}]})
    auth = shopify.transactions(order["id"])[0]
    assert (auth["payment_details"], auth["authorization_expires_at"], _unsettled(auth)) == (None, None, "38.0")
    capture = shopify.create_transaction(order["id"], {"kind": "capture", "parent_id": auth["id"], "amount": "30.50"})
    assert capture["total_unsettled_set"]["shop_money"] == {"amount": "7.5", "currency": "USD"}
    assert {_unsettled(t) for t in shopify.transactions(order["id"])} == {"7.5"}
    shopify.create_transaction(order["id"], {"kind": "capture"})
    assert [_unsettled(t) for t in shopify.transactions(order["id"])] == ["0.0", "0.0", "0.0"]
    paid = shopify.create_order({**ORDER, "transactions": []})
    assert _unsettled(shopify.transactions(paid["id"])[0]) == "0.0"


def test_a_pending_order_is_marked_paid_with_an_external_sale(shopify) -> None:
    order = shopify.create_order({**ORDER, "financial_status": "pending", "transactions": []})
    with pytest.raises(VendorError):
        shopify.create_transaction(order["id"], {"kind": "sale", "amount": "38.01", "gateway": "manual"})
    sale = shopify.create_transaction(order["id"], {"kind": "sale", "status": "success", "amount": "38.00",
                                                    "gateway": "manual", "source": "external"})
    assert (sale["kind"], sale["status"], sale["parent_id"]) == ("sale", "success", None)
    assert shopify.order(order["id"])["financial_status"] == "paid"
    assert shopify.transaction(order["id"], sale["id"]) == sale


@pytest.mark.parametrize("transaction, field", [
    ({"kind": "authorization"}, "kind"),
    ({"kind": "capture", "parent_id": 1}, "parent_id"),
    ({"kind": "void"}, "parent_id"),
    ({"kind": "sale", "amount": "x"}, "amount"),
    # A refund transaction's errors name the Transaction's own attributes, not the refund body it
    # becomes ("transactions[0].amount" is no attribute of the request).
    ({"kind": "refund", "parent_id": "SALE", "amount": "x"}, "amount"),
    ({"kind": "refund", "parent_id": "SALE", "amount": "0"}, "amount"),
])
def test_transactions_that_break_a_rule_are_422_and_change_nothing(shopify, order, transaction, field) -> None:
    before = shopify.transactions(order["id"])
    if transaction.get("parent_id") == "SALE":
        transaction = {**transaction, "parent_id": before[0]["id"]}
    with pytest.raises(VendorError) as refused:
        shopify.create_transaction(order["id"], transaction)
    assert refused.value.status == 422 and list(refused.value.body["errors"]) == [field], refused.value.body
    assert shopify.transactions(order["id"]) == before


def test_transactions_are_listed_and_found_by_id(shopify, order) -> None:
    sale = sale_of(shopify, order)
    assert shopify.transaction(order["id"], sale["id"]) == sale
    assert shopify.session.get(f"{shopify.root}/orders/{order['id']}/transactions/count.json").json() == {"count": 1}
    assert shopify.session.get(f"{shopify.root}/orders/{order['id']}/transactions.json",
                               params={"since_id": sale["id"]}).json() == {"transactions": []}
    other = shopify.create_order(ORDER)
    missing = shopify.session.get(f"{shopify.root}/orders/{other['id']}/transactions/{sale['id']}.json")
    assert (missing.status_code, missing.json()) == (404, {"errors": "Not Found"})


def test_orders_are_listed_with_filters_since_id_fields_and_counted(shopify) -> None:
    paid = shopify.create_order(ORDER)
    pending = shopify.create_order({**ORDER, "financial_status": "pending", "transactions": []})
    refunded = shopify.create_order(ORDER)
    sale = sale_of(shopify, refunded)
    shopify.create_refund(refunded["id"], {"transactions": [{"parent_id": sale["id"], "amount": "38.00", "kind": "refund"}]})
    ids = lambda orders: [o["id"] for o in orders]  # noqa: E731
    assert ids(shopify.orders()) == [paid["id"], pending["id"], refunded["id"]]
    assert ids(shopify.orders(financial_status="paid")) == [paid["id"]]
    assert ids(shopify.orders(financial_status="unpaid")) == [pending["id"]]
    assert ids(shopify.orders(financial_status="refunded", status="any")) == [refunded["id"]]
    assert shopify.orders(status="closed") == []
    assert ids(shopify.orders(since_id=paid["id"])) == [pending["id"], refunded["id"]]
    assert ids(shopify.orders(ids=f"{refunded['id']},{paid['id']}")) == [paid["id"], refunded["id"]]
    # limit is the page size: the client reads every page (one page's cut: test_orders_are_paged_with_link_headers)
    assert shopify.orders(limit=1, fields="id,financial_status") == [
        {"id": paid["id"], "financial_status": "paid"}, {"id": pending["id"], "financial_status": "pending"},
        {"id": refunded["id"], "financial_status": "refunded"}]
    assert _count(shopify) == 3
    for params in ({"financial_status": "wobbly"}, {"status": "shredded"}, {"limit": 251}, {"limit": "many"}):
        response = shopify.session.get(f"{shopify.root}/orders.json", params=params)
        assert response.status_code == 400 and "errors" in response.json(), params


def test_orders_are_paged_with_link_headers(shopify) -> None:
    created = [shopify.create_order(ORDER)["id"] for _ in range(5)]
    first = shopify.session.get(f"{shopify.root}/orders.json", params={"limit": 2})
    assert [o["id"] for o in first.json()["orders"]] == created[:2]
    assert 'rel="next"' in first.headers["Link"] and 'rel="previous"' not in first.headers["Link"]
    second = shopify.session.get(first.links["next"]["url"])
    assert [o["id"] for o in second.json()["orders"]] == created[2:4]
    assert set(second.links) == {"next", "previous"}
    back = shopify.session.get(second.links["previous"]["url"])
    assert [o["id"] for o in back.json()["orders"]] == created[:2]
    last = shopify.session.get(second.links["next"]["url"])
    assert [o["id"] for o in last.json()["orders"]] == created[4:] and "next" not in last.links


def test_orders_are_listed_and_counted_by_when_they_were_created_and_updated(shopify, control, tenant) -> None:
    """``created_at_min/max`` and ``updated_at_min/max`` (Order resource; the reference's own example
    ``orders.json?updated_at_min=2005-07-31T15:57:11-04:00``), ends included, also on later pages
    and in ``count.json``; they were ignored, so a poll for the orders changed since a time listed
    every order."""
    old = shopify.create_order(ORDER)
    control.advance_clock(tenant["tenant"], 3600)
    new = shopify.create_order(ORDER)
    control.advance_clock(tenant["tenant"], 3600)
    sale = sale_of(shopify, old)
    shopify.create_refund(old["id"], {"transactions": [{"parent_id": sale["id"], "amount": "1.00", "kind": "refund"}]})
    old_now = shopify.order(old["id"])
    ids = lambda orders: [o["id"] for o in orders]  # noqa: E731
    assert ids(shopify.orders(created_at_min=new["created_at"])) == [new["id"]]
    assert ids(shopify.orders(created_at_max=old["created_at"])) == [old["id"]]
    assert ids(shopify.orders(updated_at_min=old_now["updated_at"])) == [old["id"]]
    assert ids(shopify.orders(updated_at_max=new["updated_at"])) == [new["id"]]
    assert ids(shopify.orders(updated_at_min=old["created_at"], limit=1)) == [old["id"], new["id"]]
    assert ids(shopify.orders(created_at_min=new["created_at"], updated_at_max=old_now["updated_at"], limit=1)) == [new["id"]]
    count = shopify.session.get(f"{shopify.root}/orders/count.json", params={"updated_at_min": old_now["updated_at"]})
    assert count.json() == {"count": 1}
    for name in ("created_at_min", "updated_at_max"):
        refused = shopify.session.get(f"{shopify.root}/orders.json", params={name: "last tuesday"})
        assert (refused.status_code, refused.json()) == (400, {"errors": {name: f"Invalid {name}: last tuesday"}})


def test_rest_prints_times_in_the_shops_zone_with_its_offset_and_graphql_in_utc(shopify, control, tenant) -> None:
    """Every time of Shopify's REST examples is the shop's local time with its offset ("-05:00", and
    "-04:00" in summer: specs/shopify/shopify_rest_2025_01_fixtures.json); GraphQL's ``DateTime`` is
    UTC ("Z"). A connector that read REST times as "...Z" passed every scenario while the simulator
    printed UTC, and fails on Shopify's first refund."""
    def offsets() -> set[str]:
        order = shopify.create_order(ORDER)
        sale = sale_of(shopify, order)
        shopify.create_refund(order["id"], {"transactions": [{"parent_id": sale["id"], "amount": "1.00", "kind": "refund"}]})
        refund = shopify.refunds(order["id"])[0]
        now = datetime.fromisoformat(control.clock(tenant["tenant"]).replace("Z", "+00:00"))
        times = [order["created_at"], order["updated_at"], order["processed_at"], refund["created_at"],
                 refund["processed_at"], sale["created_at"], sale["processed_at"]]
        assert all(datetime.fromisoformat(t) == now.replace(microsecond=0) for t in times), (times, now)
        created = shopify.graphql('{ order(id: "%s") { createdAt } }' % order["admin_graphql_api_id"])
        assert created["data"]["order"]["createdAt"] == now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {t[-6:] for t in times}

    first = offsets()
    control.advance_clock(tenant["tenant"], 182 * 86400)  # half a year on: the other side of daylight saving time
    assert first | offsets() == {"-05:00", "-04:00"}


@pytest.mark.parametrize("params, listed", [
    ({}, ["unshipped", "partial", "shipped"]),
    ({"fulfillment_status": "any"}, ["unshipped", "partial", "shipped"]),
    ({"fulfillment_status": "shipped"}, ["shipped"]),
    ({"fulfillment_status": "partial"}, ["partial"]),
    ({"fulfillment_status": "unshipped"}, ["unshipped"]),
    ({"fulfillment_status": "unfulfilled"}, ["unshipped", "partial"]),
    ({"fulfillment_status": "partial", "limit": 1}, ["partial"]),  # the next pages keep it
    ({"fulfillment_status": "unfulfilled", "limit": 1}, ["unshipped", "partial"]),
    ({"processed_at_min": "{partial}"}, ["partial", "shipped"]),
    ({"processed_at_max": "{partial}"}, ["unshipped", "partial"]),
    ({"processed_at_min": "{partial}", "processed_at_max": "{partial}", "limit": 1}, ["partial"]),
])
def test_orders_are_listed_and_counted_by_fulfillment_status_and_processing_time(
        shopify, control, tenant, params: dict[str, Any], listed: list[str]) -> None:
    """The orders list's and count's ``fulfillment_status`` (shipped: fulfilled; partial; unshipped:
    not fulfilled at all; unfulfilled: not or partly; any, the default) and ``processed_at_min/max``
    (Order resource, GET orders.json and orders/count.json; shopify-api-ruby 2025-01 ``Order.all``
    and ``Order.count``, the source of specs/shopify): both were ignored, so a poll for the orders
    left to ship listed the shipped ones too."""
    orders = {}
    for name, fulfilled in (("unshipped", ()), ("partial", (0,)), ("shipped", (0, 1))):
        lines: list[dict[str, Any]] = [dict(line) for line in ORDER["line_items"]]  # type: ignore[arg-type]
        for i in fulfilled:
            lines[i]["fulfillment_status"] = "fulfilled"
        orders[name] = shopify.create_order({**ORDER, "line_items": lines})
        control.advance_clock(tenant["tenant"], 3600)
    assert [orders[n]["fulfillment_status"] for n in orders] == [None, "partial", "fulfilled"]
    params = {k: orders["partial"]["processed_at"] if v == "{partial}" else v for k, v in params.items()}
    assert [o["id"] for o in shopify.orders(**params)] == [orders[n]["id"] for n in listed]
    count = shopify.session.get(f"{shopify.root}/orders/count.json",
                                params={k: v for k, v in params.items() if k != "limit"})
    assert count.json() == {"count": len(listed)}


@pytest.mark.parametrize("params", [{"fulfillment_status": "fulfilled"}, {"fulfillment_status": "SHIPPED"},
                                    {"processed_at_min": "last tuesday"}, {"processed_at_max": "soon"}])
def test_a_fulfillment_status_or_processing_time_shopify_has_not_is_400(shopify, params: dict[str, str]) -> None:
    """Refused on its name as the orders list's other filters are (``status``, ``financial_status``,
    ``created_at_min``), rather than listing every order."""
    shopify.create_order(ORDER)
    [(name, value)] = params.items()
    for path in ("orders.json", "orders/count.json"):
        response = shopify.session.get(f"{shopify.root}/{path}", params=params)
        assert (response.status_code, response.json()) == (400, {"errors": {name: f"Invalid {name}: {value}"}})


def test_the_orders_list_takes_every_value_the_reference_gives(shopify) -> None:
    """Each value of the Order resource's list filters (GET orders.json), and ``limit``'s bounds, is
    taken by the list and its count."""
    shopify.create_order(ORDER)
    values = {"status": ("open", "closed", "cancelled", "any"),
              "financial_status": ("authorized", "pending", "paid", "partially_paid", "refunded", "voided",
                                   "partially_refunded", "any", "unpaid"),
              "fulfillment_status": ("shipped", "partial", "unshipped", "any", "unfulfilled")}
    for name, members in values.items():
        for value in members:
            for path in ("orders.json", "orders/count.json"):
                response = shopify.session.get(f"{shopify.root}/{path}", params={name: value})
                assert response.status_code == 200, (path, name, value, response.text)
    for limit in (1, 250):
        assert shopify.session.get(f"{shopify.root}/orders.json", params={"limit": limit}).status_code == 200


def test_the_next_pages_keep_the_ids_filter_of_the_first(shopify) -> None:
    """A ``page_info`` cursor stands for the whole query of the first page (Shopify refuses other
    filters beside it): the ``ids`` asked for stay the list's, page after page."""
    a, b, c, d = (shopify.create_order(ORDER)["id"] for _ in range(4))
    first = shopify.session.get(f"{shopify.root}/orders.json", params={"ids": f"{a},{c},{d}", "limit": 1})
    assert [o["id"] for o in first.json()["orders"]] == [a]
    second = shopify.session.get(first.links["next"]["url"])
    assert [o["id"] for o in second.json()["orders"]] == [c]
    third = shopify.session.get(second.links["next"]["url"])
    assert [o["id"] for o in third.json()["orders"]] == [d] and "next" not in third.links
    assert [o["id"] for o in shopify.orders(ids=f"{a},{c},{d}", limit=1)] == [a, c, d]


@pytest.mark.parametrize(("path", "name", "value"), [
    ("orders.json", "status", "any"), ("orders.json", "financial_status", "paid"),
    ("orders.json", "fulfillment_status", "shipped"), ("orders.json", "ids", "1"), ("orders.json", "since_id", "1"),
    ("orders.json", "created_at_min", "2026-01-01T00:00:00Z"), ("orders.json", "processed_at_max", "2030-01-01T00:00:00Z"),
    ("webhooks.json", "topic", "refunds/create"), ("webhooks.json", "address", "https://app.example/hooks/0"),
    ("webhooks.json", "since_id", "1"), ("webhooks.json", "updated_at_min", "2026-01-01T00:00:00Z"),
])
def test_a_next_page_takes_no_filter_beside_its_page_info(shopify, path: str, name: str, value: str) -> None:
    """A ``page_info`` cursor is the whole query: "The page_info parameter can't be modified and must
    be used exactly as it appears in the link header URL", whose parameters are ``page_info``,
    ``limit`` and ``fields`` (shopify.dev, "Make paginated requests to the REST Admin API"); a
    filter beside it is refused, as a store answers "created_at_min cannot be passed when page_info
    is present." (FIDELITY.md). It was taken and applied over the cursor, so a connector that sent
    its filters again on every page (``status=any`` and the cursor) was served here and refused by
    Shopify. ``limit`` and ``fields`` stay welcome."""
    for n in range(2):
        shopify.create_order(ORDER)
        shopify.create_webhook("refunds/create", f"https://app.example/hooks/{n}")
    first = shopify.session.get(f"{shopify.root}/{path}", params={"limit": 1})
    page_info = parse_qs(urlsplit(first.links["next"]["url"]).query)["page_info"][0]
    refused = shopify.session.get(f"{shopify.root}/{path}", params={"page_info": page_info, name: value})
    assert (refused.status_code, refused.json()) == (
        400, {"errors": {name: f"{name} cannot be passed when page_info is present."}})
    served = shopify.session.get(f"{shopify.root}/{path}", params={"page_info": page_info, "limit": 1, "fields": "id"})
    assert served.status_code == 200 and len(served.json()[path.removesuffix(".json")]) == 1


def test_ids_in_other_digits_name_no_order(shopify) -> None:
    """``ids`` are ASCII digits, as a path's id is (FIDELITY.md): the same id in Arabic-Indic or
    fullwidth digits is refused as any text that is no id, 400 on ``ids``; it listed the order
    (Python's int() reads any Unicode digit)."""
    order_id = str(shopify.create_order(ORDER)["id"])
    for digits in ("٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９"):
        other = order_id.translate({ord(str(d)): digits[d] for d in range(10)})
        response = shopify.session.get(f"{shopify.root}/orders.json", params={"ids": other})
        assert (response.status_code, response.json()) == (400, {"errors": {"ids": f"Invalid ids: {other}"}})


@pytest.mark.parametrize("page_info", ["not-base64!", base64.urlsafe_b64encode(b"[" * 50_000 + b"]" * 50_000).decode(),
                                       base64.urlsafe_b64encode(b'{"direction": "next", "anchor": "' + b"9" * 5000 + b'"}').decode()])
def test_a_page_info_that_is_not_one_is_400(shopify, page_info: str) -> None:
    """A page_info the client made up — not base64, JSON nested past the parser, a 5,000-digit
    anchor — is refused like any other, never a 500."""
    response = shopify.session.get(f"{shopify.root}/orders.json", params={"page_info": page_info})
    assert response.status_code == 400 and response.json() == {"errors": {"page_info": "Invalid page_info"}}


@pytest.mark.parametrize("body, field", [
    ({"line_items": []}, "line_items"),
    ({"line_items": [{"price": "1.00"}]}, "line_items[0].title"),
    ({"line_items": [{"title": "X", "quantity": 0}]}, "line_items[0].quantity"),
    ({"line_items": [{"title": "X", "price": "-1"}]}, "line_items[0].price"),
    ({"line_items": [{"title": "X", "price": "1.00"}], "currency": "dollars"}, "currency"),
    # Three letters that are no currency Shopify sells in (its CurrencyCode enum): such an order
    # was created, and GraphQL could not read it back ("Enum 'CurrencyCode' cannot represent value").
    ({"line_items": [{"title": "X", "price": "1.00"}], "currency": "ABC"}, "currency"),
    ({"line_items": [{"title": "X", "price": "1.00"}], "currency": "XTS"}, "currency"),
    ({"line_items": [{"title": "X", "price": "1.00"}], "financial_status": "refunded"}, "financial_status"),
    ({"line_items": [{"title": "X", "price": "1.00"}], "transactions": [{"kind": "refund"}]}, "transactions[0].kind"),
    ({"line_items": [{"title": "X", "price": "1.00"}], "transactions": [{"kind": "sale", "amount": "2.00"}]}, "transactions"),
    ({"line_items": [{"title": "X", "price": "1.00"}], "discount_codes": [{"code": "A", "type": "bogus"}]},
     "discount_codes[0].type"),
    ({"line_items": [{"title": "X", "price": "1.00"}], "discount_codes": [
        {"code": "FREESHIP", "amount": "5.00", "type": "shipping"}, {"code": "TEN", "amount": "10", "type": "percentage"}]},
     "discount_codes"),
    ({"line_items": [{"title": "X", "price": "1.00", "tax_lines": [{"rate": "high"}]}]}, "line_items[0].tax_lines[0].rate"),
    # A rate too large to price was a 500 (decimal.InvalidOperation); one in other digits was read as 3.
    ({"line_items": [{"title": "X", "price": "1.00"}], "shipping_lines": [{"price": "1.00", "tax_lines": [{"rate": "1e999"}]}]},
     "shipping_lines[0].tax_lines[0].rate"),
    ({"line_items": [{"title": "X", "price": "1.00", "tax_lines": [{"rate": 10**40}]}]}, "line_items[0].tax_lines[0].rate"),
    ({"line_items": [{"title": "X", "price": "1.00", "tax_lines": [{"rate": "\u0663"}]}]}, "line_items[0].tax_lines[0].rate"),
    ({"line_items": [{"title": "X", "price": "1.00"}], "shipping_lines": [{"price": "free"}]}, "shipping_lines[0].price"),
    ({"line_items": [{"title": "X", "price": "1.00"}], "customer": "Ada"}, "customer"),
])
def test_orders_that_break_a_rule_are_422_and_nothing_is_created(shopify, body, field) -> None:
    with pytest.raises(VendorError) as refused:
        shopify.create_order(body)
    assert refused.value.status == 422 and field in refused.value.body["errors"], refused.value.body
    assert _count(shopify) == 0
    # ...and the next order still gets the next number.
    assert shopify.create_order(ORDER)["name"] == "#1001"


def test_an_unknown_token_cannot_reach_another_shop(simulators, control, tenant, shopify, order) -> None:
    other = control.create_tenant(seed=5)
    mine = ShopifyClient(simulators.base_url, other["shopify"])
    with pytest.raises(VendorError) as missing:
        mine.order(order["id"])
    assert missing.value.status == 404
    assert requests.get(f"{shopify.root}/orders.json",
                        headers={"X-Shopify-Access-Token": tenant["shopify"]["access_token"] + "x"}).status_code == 401
    control.delete_tenant(other["tenant"])


def test_ids_and_numbers_replay_from_the_seed(simulators, control) -> None:
    first = [control.create_tenant(seed=42) for _ in range(2)]
    orders: list[dict[str, Any]] = []
    for created in first:
        orders.append(ShopifyClient(simulators.base_url, created["shopify"]).create_order(ORDER))
    assert orders[0]["id"] == orders[1]["id"] and orders[0]["line_items"][0]["id"] == orders[1]["line_items"][0]["id"]
    for created in first:
        control.delete_tenant(created["tenant"])


def test_a_refused_write_draws_no_id(simulators, control) -> None:
    """Refused requests leave the seeded id sequence alone: the same seed gives the same ids after them."""
    made = []
    for refuse_first in (False, True):
        created = control.create_tenant(seed=77)
        shop = ShopifyClient(simulators.base_url, created["shopify"])
        if refuse_first:
            for bad in ({"line_items": [{"title": "X", "price": "1"}], "transactions": [{"kind": "sale", "amount": "5"}]},
                        {"line_items": [{"title": "X"}, {"price": "1"}]}):
                with pytest.raises(VendorError):
                    shop.create_order(bad)
        order = shop.create_order(ORDER)
        if refuse_first:
            with pytest.raises(VendorError):
                shop.create_refund(order["id"], {"refund_line_items": [{"line_item_id": order["line_items"][1]["id"],
                                                                        "quantity": 2}]})
        refund = shop.create_refund(order["id"], {"refund_line_items": [{"line_item_id": order["line_items"][1]["id"],
                                                                         "quantity": 1}]})
        made.append((order["id"], [l["id"] for l in order["line_items"]], refund["id"]))
        control.delete_tenant(created["tenant"])
    assert made[0] == made[1]


def test_a_repeated_query_parameter_is_read_as_rack_reads_it_the_last_one(shopify) -> None:
    """Rails reads the query with Rack, whose ``parse_nested_query`` keeps the last value of a plain
    name given twice (``limit=300&limit=2`` is 2); the first one was read (Flask's
    ``args.get``), so the same URL was refused as a limit over 250 here and served by Shopify."""
    paid = shopify.create_order(ORDER)
    shopify.create_order({**ORDER, "financial_status": "pending", "transactions": []})
    url = f"{shopify.root}/orders.json"
    served = shopify.session.get(f"{url}?limit=300&limit=1&fields=financial_status&fields=id")
    assert (served.status_code, served.json()) == (200, {"orders": [{"id": paid["id"]}]})
    refused = shopify.session.get(f"{url}?limit=1&limit=300")
    assert refused.status_code == 400 and refused.json() == {"errors": {"limit": "limit must be between 1 and 250"}}
    counted = shopify.session.get(f"{shopify.root}/orders/count.json?financial_status=paid&financial_status=pending")
    assert counted.json() == {"count": 1}
