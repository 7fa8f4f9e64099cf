"""eBay orders: the control plane creates them, the Fulfillment API reads them (getOrder, getOrders),
every answer in the shape of eBay's contract."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from simulators.clients import ControlPlaneClient, EbayClient, VendorError
from simulators.ebay.schemas import REFUND_SETTLE_SECONDS
from tests.ebay.conftest import ORDER, EbaySim, assert_ebay_error, make_client, order_refund


def test_the_control_plane_answers_the_order_exactly_as_get_order_does(ebay: EbayClient, order) -> None:
    assert ebay.get_order(order["orderId"]) == order


def test_order_amounts_follow_the_line_items_and_shipping(order) -> None:
    assert re.fullmatch(r"\d{2}-\d{5}-\d{5}", order["orderId"])
    assert order["orderPaymentStatus"] == "PAID"
    pricing = order["pricingSummary"]
    assert (pricing["priceSubtotal"]["value"], pricing["deliveryCost"]["value"], pricing["total"]["value"]) == (
        "33.00", "5.00", "38.00")
    mug, tea = order["lineItems"]
    assert (mug["sku"], mug["quantity"], mug["lineItemCost"]["value"], mug["total"]["value"]) == ("MUG-1", 2, "25.00", "27.50")
    assert (tea["lineItemCost"]["value"], tea["deliveryCost"]["shippingCost"]["value"], tea["total"]["value"]) == (
        "8.00", "2.50", "10.50")
    assert mug["refunds"] == [] and order["paymentSummary"]["refunds"] == []
    assert order["paymentSummary"]["payments"][0]["amount"] == {"value": "38.00", "currency": "USD"}


def test_each_promotion_on_a_line_is_an_applied_promotion_of_its_own(ebay: EbayClient, sim: EbaySim) -> None:
    """eBay applies more than one of a seller's promotions to a line (``appliedPromotions``: "one or
    more sales promotions or discounts applied to the line item"):
    each is an entry of its own, with its id and what it took off the line; ``discountedLineItemCost``
    and the order's ``priceDiscount`` are after all of them. A line had one at most, so a connector
    taking the first promotion off a line only was certified here."""
    created = sim.order(lineItems=[{"title": "Mug", "sku": "MUG-1", "quantity": 2, "price": "12.00",
                                    "discount": ["1.44", "0.96"]}], shipping="0.00")
    [mug] = created["lineItems"]
    assert [p["discountAmount"]["value"] for p in mug["appliedPromotions"]] == ["1.44", "0.96"]
    first, second = (p["promotionId"] for p in mug["appliedPromotions"])
    assert first != second and re.fullmatch(r"\d{11}", second)
    assert (mug["lineItemCost"]["value"], mug["discountedLineItemCost"]["value"]) == ("24.00", "21.60")
    assert (created["pricingSummary"]["priceDiscount"]["value"], created["pricingSummary"]["total"]["value"]) == (
        "-2.40", "21.60")
    assert ebay.get_order(created["orderId"]) == created


def test_a_line_bought_at_a_seller_s_promotion_shows_its_cost_before_and_after_it(ebay: EbayClient, sim: EbaySim) -> None:
    """A promoted line keeps its list cost in ``lineItemCost`` ("before applying any discounts") and
    shows what the buyer paid in ``discountedLineItemCost`` ("only returned if the order line item
    was discounted through a promotion"), the promotion in ``appliedPromotions`` (its discountAmount
    positive, as eBay's answers print it); the order's ``priceSubtotal`` is before the promotion,
    ``priceDiscount`` ("a negative real number") takes it off, and the total, the payment and what
    a return of its units is estimated to refund are after it."""
    created = sim.order(lineItems=[{"title": "Mug", "sku": "MUG-1", "quantity": 3, "price": "12.00", "discount": "3.00"},
                                   {"title": "Tea", "sku": "TEA-2", "quantity": 1, "price": "8.50"}], shipping="6.00")
    order = ebay.get_order(created["orderId"])
    assert order == created
    mug, tea = order["lineItems"]
    assert (mug["lineItemCost"]["value"], mug["discountedLineItemCost"]["value"], mug["total"]["value"]) == (
        "36.00", "33.00", "36.00")  # 33.00 and its 3.00 share of the shipping
    [promotion] = mug["appliedPromotions"]
    assert promotion["discountAmount"] == {"value": "3.00", "currency": "USD"}
    assert re.fullmatch(r"\d{11}", promotion["promotionId"]) and promotion["description"]
    assert "discountedLineItemCost" not in tea and tea["appliedPromotions"] == []
    pricing = order["pricingSummary"]
    assert {k: v["value"] for k, v in pricing.items()} == {
        "priceSubtotal": "44.50", "priceDiscount": "-3.00", "deliveryCost": "6.00", "total": "47.50"}
    assert order["paymentSummary"]["payments"][0]["amount"]["value"] == "47.50"
    assert order["paymentSummary"]["totalDueSeller"]["value"] == "47.50"
    ret = sim.buyer_return(order["orderId"], lineItemId=mug["lineItemId"], quantity=1)
    summary = ebay.get_return(ret["returnId"], fieldgroups="SUMMARY")["summary"]
    assert summary["sellerTotalRefund"]["estimatedRefundAmount"] == {"value": 11.0, "currency": "USD"}


def test_a_combined_shipping_discount_comes_off_the_delivery_the_buyer_pays(ebay: EbayClient, sim: EbaySim) -> None:
    """The order's ``deliveryCost`` is "before any shipping/delivery discount is applied" and
    ``deliveryDiscount`` ("a negative real number") takes the discount off; it comes off the lines'
    shipping in turn, each showing what is left of its delivery (``shippingCost``) and the discount
    (``discountAmount``), and the lines' and the order's totals are after it."""
    created = sim.order(lineItems=[{"title": "Mug", "quantity": 1, "price": "12.00"},
                                   {"title": "Tea", "quantity": 1, "price": "8.50"}], shipping="6.00", shippingDiscount="4.00")
    order = ebay.get_order(created["orderId"])
    assert order == created
    pricing = order["pricingSummary"]
    assert {k: v["value"] for k, v in pricing.items()} == {
        "priceSubtotal": "20.50", "deliveryCost": "6.00", "deliveryDiscount": "-4.00", "total": "22.50"}
    mug, tea = order["lineItems"]  # the shipping was split 3.00 and 3.00; the discount took the first's, then 1.00
    assert mug["deliveryCost"] == {"shippingCost": {"value": "0.00", "currency": "USD"},
                                   "discountAmount": {"value": "3.00", "currency": "USD"}}
    assert tea["deliveryCost"] == {"shippingCost": {"value": "2.00", "currency": "USD"},
                                   "discountAmount": {"value": "1.00", "currency": "USD"}}
    assert (mug["total"]["value"], tea["total"]["value"]) == ("12.00", "10.50")
    assert order["paymentSummary"]["payments"][0]["amount"]["value"] == "22.50"
    free = ebay.get_order(sim.order(lineItems=[{"title": "Mug", "price": "12.00"}], shipping="6.00",
                                    shippingDiscount="6.00")["orderId"])
    assert (free["pricingSummary"]["deliveryDiscount"]["value"], free["pricingSummary"]["total"]["value"]) == ("-6.00", "12.00")


def test_an_order_without_promotions_has_no_price_discount(order) -> None:
    assert "priceDiscount" not in order["pricingSummary"] and "deliveryDiscount" not in order["pricingSummary"]
    assert all("discountAmount" not in line["deliveryCost"] for line in order["lineItems"])
    assert all(line["appliedPromotions"] == [] and "discountedLineItemCost" not in line for line in order["lineItems"])


def test_missing_fields_are_generated_from_the_tenant_seed(simulators, tenant, sim: EbaySim) -> None:
    generated = sim.order()
    assert generated["lineItems"] and all(line["title"] and line["sku"] for line in generated["lineItems"])
    twin = ControlPlaneClient(simulators.base_url).create_tenant(seed=tenant["seed"])
    try:
        replayed = EbaySim(simulators.base_url, twin["tenant"]).order()
    finally:
        ControlPlaneClient(simulators.base_url).delete_tenant(twin["tenant"])
    assert replayed == generated  # same seed, same frozen clock: the same order


def test_a_line_listed_without_a_sku_has_no_sku_field(ebay: EbayClient, sim: EbaySim) -> None:
    """``sku`` is optional in the OAS's LineItem (legacy listings may have none): eBay leaves it
    out, and never answers it empty."""
    created = sim.order(lineItems=[{"title": "Hand-made mug", "sku": ""}, {"title": "Tea", "sku": "TEA-2"}])
    custom, tea = ebay.get_order(created["orderId"])["lineItems"]
    assert "sku" not in custom and custom["title"] == "Hand-made mug"
    assert tea["sku"] == "TEA-2"


def test_orders_can_be_created_unpaid_or_in_the_past(sim: EbaySim) -> None:
    assert sim.order(orderPaymentStatus="PENDING")["orderPaymentStatus"] == "PENDING"
    old = sim.order(creationDate="2026-01-02T10:00:00+00:00")
    assert old["creationDate"] == "2026-01-02T10:00:00.000Z"


def test_an_order_ships_to_the_buyer_named_by_the_control_plane(ebay: EbayClient, sim: EbaySim) -> None:
    created = sim.order(fullName="Ana Lucia Souza", buyer="ana_souza")
    order = ebay.get_order(created["orderId"])
    assert order["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]["fullName"] == "Ana Lucia Souza"
    assert order["buyer"]["username"] == "ana_souza"


def test_every_order_of_one_buyer_carries_the_buyer_s_email(ebay: EbayClient, sim: EbaySim) -> None:
    """An eBay buyer has one account, whose email every order of theirs carries (OAS
    ``ExtendedContact.email``: "the email address of the buyer"); each order drew an email of its own,
    so a connector that made a new NetSuite customer for every eBay order was never caught. The
    account's name and address too (``buyer.buyerRegistrationAddress``), whomever an order ships to."""
    first = sim.order(buyer="ana_souza", fullName="Ana Lucia Souza")
    second = sim.order(buyer="ana_souza", shipTo={"fullName": "Bea Souza"})
    other = sim.order(buyer="bruno_lima")

    def email(created: dict[str, Any]) -> str:
        found: str = ebay.get_order(created["orderId"])["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]["email"]
        return found

    assert email(first) == email(second) != email(other)
    registered = [ebay.get_order(o["orderId"])["buyer"]["buyerRegistrationAddress"] for o in (first, second, other)]
    assert registered[0] == registered[1] != registered[2] and registered[0]["fullName"] == "Ana Lucia Souza"
    assert registered[0]["email"] == email(first)
    gift = ebay.get_order(second["orderId"])["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]
    assert gift["fullName"] == "Bea Souza" and gift["contactAddress"] != registered[0]["contactAddress"]
    # An account has one name: an order naming the buyer otherwise is refused, and makes nothing.
    refused = sim.post("/orders", {"buyer": "ana_souza", "fullName": "Ana Souza"})
    assert refused.status_code == 400 and "registered as Ana Lucia Souza" in refused.json()["error"]["message"]


def test_an_orders_contact_data_ages_as_ebays_does(ebay: EbayClient, sim: EbaySim) -> None:
    """eBay stops answering a buyer's contact data as the order ages (OAS v1.20.7 ``ExtendedContact``):
    ``email`` "will be returned for up to 14 days from order creation. If an order is more than 14
    days old, no address is returned"; ``fullName`` "will not be returned for any order that is more
    than 90 days old". They were always answered, so a connector that read the buyer's name from
    ``shipTo.fullName`` without a fallback was certified here and would fail on an order read after
    90 days. The address and the buyer's username stay."""
    created = sim.order(fullName="Ana Lucia Souza", buyer="ana_souza")

    def ship_to() -> dict[str, Any]:
        single = ebay.get_order(created["orderId"])
        listed = ebay.get_orders([created["orderId"]])["orders"][0]
        assert single == listed and single["buyer"]["username"] == "ana_souza"
        found: dict[str, Any] = single["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]
        assert found["contactAddress"] == created["fulfillmentStartInstructions"][0]["shippingStep"]["shipTo"]["contactAddress"]
        assert single["buyer"]["buyerRegistrationAddress"] == found  # an order to the buyer: one contact, aged alike
        return found

    assert {"fullName", "email"} <= set(ship_to())
    sim.advance(14 * 86400)
    assert {"fullName", "email"} <= set(ship_to())  # 14 days old: "up to 14 days"
    sim.advance(1)
    assert ship_to()["fullName"] == "Ana Lucia Souza" and "email" not in ship_to()
    sim.advance(76 * 86400 - 1)
    assert ship_to()["fullName"] == "Ana Lucia Souza"  # 90 days old
    sim.advance(1)
    assert "fullName" not in ship_to() and "email" not in ship_to()


@pytest.mark.parametrize("body, message", [
    ({"fullName": ""}, "fullName"),
    ({"fullName": "   "}, "fullName"),
    ({"fullName": 7}, "fullName"),
    ({"shipTo": "Bea"}, "shipTo"),
    ({"shipTo": {"name": "Bea"}}, "shipTo"),
    ({"shipTo": {"fullName": 7}}, "shipTo.fullName"),
    ({"lineItems": []}, "lineItems"),
    ({"lineItems": "mug"}, "lineItems"),
    ({"lineItems": [{"title": "Mug", "price": "0"}]}, "price"),
    ({"lineItems": [{"title": "Mug", "price": "1.001"}]}, "price"),
    ({"lineItems": [{"title": "Mug", "price": True}]}, "price"),
    ({"lineItems": [{"title": "Mug", "quantity": 0}]}, "quantity"),
    ({"lineItems": [{"title": "", "price": "1.00"}]}, "title"),
    ({"lineItems": [{"colour": "red"}]}, "colour"),
    ({"lineItems": [{"title": "Mug", "sku": "  "}]}, "sku"),
    ({"lineItems": [{"title": "Mug", "sku": 7}]}, "sku"),
    ({"shipping": "-1.00"}, "shipping"),
    ({"currency": "usd"}, "currency"),
    ({"orderPaymentStatus": "REFUNDED"}, "orderPaymentStatus"),
    ({"creationDate": "yesterday"}, "creationDate"),
    ({"creationDate": "2099-01-01T00:00:00+00:00"}, "future"),
    ({"discount": "5.00"}, "discount"),
    ({"lineItems": [{"title": "Mug", "discount": "1.00"}]}, "discount needs lineItems[0].price"),
    ({"lineItems": [{"title": "Mug", "price": "5.00", "quantity": 2, "discount": "10.00"}]}, "less than the line's cost (10.00"),
    ({"lineItems": [{"title": "Mug", "price": "5.00", "discount": "0"}]}, "discount must be greater than 0"),
    ({"lineItems": [{"title": "Mug", "price": "5.00", "discount": "-1.00"}]}, "discount"),
    ({"lineItems": [{"title": "Mug", "price": "5.00", "discount": "0.001"}]}, "discount"),
    ({"lineItems": [{"title": "Mug", "price": "5.00"}, {"title": "Tea", "price": "2.00", "discount": "2.00"}]},
     "lineItems[1].discount must be less"),
    ({"lineItems": [{"title": "Mug", "price": "5.00", "discount": ["3.00", "2.00"]}]}, "less than the line's cost (5.00"),
    ({"lineItems": [{"title": "Mug", "price": "5.00", "discount": []}]}, "at least one promotion"),
    ({"lineItems": [{"title": "Mug", "price": "5.00", "discount": ["1.00", "0"]}]}, "discount[1] must be greater than 0"),
    ({"shipping": "5.00", "shippingDiscount": "5.01"}, "shippingDiscount needs shipping and must be at most it"),
    ({"shippingDiscount": "1.00"}, "shippingDiscount needs shipping"),
    ({"shipping": "5.00", "shippingDiscount": "0"}, "shippingDiscount must be greater than 0"),
    ({"shipping": "5.00", "shippingDiscount": "one"}, "shippingDiscount"),
    ([], "object"),
])
def test_bad_control_bodies_are_400_and_create_nothing(ebay: EbayClient, sim: EbaySim, body: Any, message: str) -> None:
    response = sim.post("/orders", body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] in ("invalid_body", "invalid_json") and message in error["message"]
    assert ebay.get_orders()["total"] == 0


def test_a_body_that_is_not_json_is_400(sim: EbaySim) -> None:
    response = sim.post("/orders", data="{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_json"


def test_unknown_tenant_is_404_on_every_ebay_control_endpoint(simulators) -> None:
    for path in ("/orders", "/orders/12-34567-89012/returns", "/refund_outcome", "/call_limit"):
        response = EbaySim(simulators.base_url, "t-nobody").post(path, {})
        assert response.status_code == 404 and response.json()["error"]["code"] == "unknown_tenant"


def test_get_order_of_an_unknown_order_is_400_32100(ebay: EbayClient) -> None:
    """The contract lists 32100 "Invalid order ID" under HTTP 400 (its 404 carries no error id)."""
    with pytest.raises(VendorError) as refused:
        ebay.get_order("12-34567-89012")
    detail = assert_ebay_error(refused.value, 400, 32100)
    assert detail["domain"] == "API_FULFILLMENT" and detail["category"] == "REQUEST"


def test_orders_are_per_seller(simulators, ebay: EbayClient, order) -> None:
    other = ControlPlaneClient(simulators.base_url).create_tenant()
    try:
        with pytest.raises(VendorError) as refused:
            make_client(simulators.base_url, other["ebay"]).get_order(order["orderId"])
        assert_ebay_error(refused.value, 400, 32100)
    finally:
        ControlPlaneClient(simulators.base_url).delete_tenant(other["tenant"])


def test_get_order_field_groups(api, order) -> None:
    assert api.request("GET", f"/sell/fulfillment/v1/order/{order['orderId']}?fieldGroups=TAX_BREAKDOWN").status_code == 200
    assert_ebay_error(api.request("GET", f"/sell/fulfillment/v1/order/{order['orderId']}?fieldGroups=ALL"), 400, 32800)


def test_get_orders_field_groups(api, order) -> None:
    """getOrders takes ``fieldGroups`` as getOrder does, and its contract lists the same 400 32800
    for a value other than TAX_BREAKDOWN; with ``orderIds`` every other parameter is ignored."""
    assert api.request("GET", "/sell/fulfillment/v1/order?fieldGroups=TAX_BREAKDOWN").status_code == 200
    detail = assert_ebay_error(api.request("GET", "/sell/fulfillment/v1/order?fieldGroups=ALL"), 400, 32800)
    assert (detail["message"], detail["parameters"]) == (
        "Invalid field group: ALL", [{"name": "fieldGroups", "value": "ALL"}])
    by_ids = api.request("GET", f"/sell/fulfillment/v1/order?orderIds={order['orderId']}&fieldGroups=ALL")
    assert by_ids.status_code == 200 and [o["orderId"] for o in by_ids.json()["orders"]] == [order["orderId"]]
    assert_ebay_error(api.request("GET", "/sell/fulfillment/v1/order?orderIds=&fieldGroups=ALL"), 400, 32800)


def test_get_orders_by_ids_warns_about_unknown_ids(ebay: EbayClient, sim: EbaySim, order) -> None:
    second = sim.order()
    page = ebay.get_orders([order["orderId"], "99-99999-99999", second["orderId"]])
    assert [o["orderId"] for o in page["orders"]] == [order["orderId"], second["orderId"]]
    assert page["total"] == 2
    assert [(w["errorId"], w["message"]) for w in page["warnings"]] == [(32100, "Invalid order ID: 99-99999-99999")]


def test_get_orders_pages_with_limit_and_offset(api, ebay: EbayClient, sim: EbaySim) -> None:
    ids = [sim.order()["orderId"] for _ in range(3)]
    first = ebay.get_orders(limit=2)
    assert (first["total"], first["limit"], first["offset"], len(first["orders"])) == (3, 2, 0, 2)
    assert "offset=2" in first["next"] and "prev" not in first
    second = ebay.get_orders(limit=2, offset=2)
    assert len(second["orders"]) == 1 and "next" not in second and "offset=0" in second["prev"]
    assert {o["orderId"] for o in first["orders"] + second["orders"]} == set(ids)
    # orderIds without an id is as if absent: the OAS ignores the other parameters only "if one or
    # more order ID values are specified" (it listed no orders and ignored limit).
    for no_ids in ("", ",", " , "):
        page = api.request("GET", "/sell/fulfillment/v1/order", params={"orderIds": no_ids, "limit": "2"}).json()
        assert (no_ids, page["total"], page["limit"], len(page["orders"]), "offset=2" in page.get("next", "")) == (
            no_ids, 3, 2, 2, True)
        assert "warnings" not in page


def test_get_orders_takes_a_limit_of_at_most_200(ebay: EbayClient, sim: EbaySim) -> None:
    """OAS v1.20.7 getOrders ``limit``: "If a requested limit is more than 200, the call fails and
    returns an error. ... Maximum: 200" (v1.19.2 said 1000): 200 is a page, 201 is 31100 above."""
    sim.order()
    page = ebay.get_orders(limit=200)
    assert (page["limit"], page["total"], len(page["orders"])) == (200, 1, 1)


def test_get_orders_filters_on_creation_date(ebay: EbayClient, sim: EbaySim) -> None:
    old = sim.order(creationDate="2026-01-05T00:00:00+00:00")
    new = sim.order()
    page = ebay.get_orders(filter="creationdate:[2026-02-01T00:00:00.000Z..]")
    assert [o["orderId"] for o in page["orders"]] == [new["orderId"]]
    page = ebay.get_orders(filter="creationdate:[2026-01-01T00:00:00.000Z..2026-01-31T00:00:00.000Z]")
    assert [o["orderId"] for o in page["orders"]] == [old["orderId"]]
    page = ebay.get_orders(filter="orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}")
    assert page["orders"] == []
    page = ebay.get_orders(filter="orderfulfillmentstatus:{IN_PROGRESS|FULFILLED}")  # either order of the two
    assert [o["orderId"] for o in page["orders"]] == [old["orderId"], new["orderId"]]


@pytest.mark.parametrize("dates", [
    "creationdate:[2026-01-01T00:00:00.000Z..2026-01-31T00:00:00.000Z],lastmodifieddate:[2026-02-01T00:00:00.000Z..]",
    "lastmodifieddate:[2026-02-01T00:00:00.000Z..],creationdate:[2026-01-01T00:00:00.000Z..2026-01-31T00:00:00.000Z]",
])
def test_creationdate_wins_over_lastmodifieddate(ebay: EbayClient, sim: EbaySim, dates: str) -> None:
    """The filter's contract: "If creationdate and lastmodifieddate are both included, only
    creationdate is used" — the January order, last modified in January, is found."""
    old = sim.order(creationDate="2026-01-05T00:00:00+00:00")
    sim.order()
    page = ebay.get_orders(filter=dates)
    assert [o["orderId"] for o in page["orders"]] == [old["orderId"]] and page["total"] == 1


@pytest.mark.parametrize("params, error_id", [
    ({"orderIds": ",".join(f"12-34567-{n:05d}" for n in range(51))}, 30900),
    ({"limit": "0"}, 31100),
    ({"limit": "201"}, 31100),
    ({"limit": "1000"}, 31100),
    ({"limit": "ten"}, 31100),
    ({"offset": "-1"}, 31000),
    ({"filter": "buyer:[x]"}, 30700),
    ({"filter": "orderfulfillmentstatus:{SHIPPED}"}, 30800),
    # "only the combinations shown here are currently supported" ({NOT_STARTED|IN_PROGRESS},
    # {FULFILLED|IN_PROGRESS}): another one selected orders as if eBay served it.
    ({"filter": "orderfulfillmentstatus:{FULFILLED}"}, 30800),
    ({"filter": "orderfulfillmentstatus:{NOT_STARTED|FULFILLED}"}, 30800),
    ({"filter": "orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS|FULFILLED}"}, 30800),
    ({"filter": "creationdate:2026-01-01"}, 30800),
    ({"filter": "creationdate:[last week..]"}, 30810),
    ({"filter": "creationdate:[..2026-01-31T00:00:00.000Z]"}, 30820),
    ({"filter": "lastmodifieddate:[2026-01-31T00:00:00.000Z..2026-01-01T00:00:00.000Z]"}, 30840),
    ({"filter": "creationdate:[2999-01-01T00:00:00.000Z..]"}, 30850),
])
def test_get_orders_rejects_bad_parameters(api, params: dict[str, str], error_id: int) -> None:
    assert_ebay_error(api.request("GET", "/sell/fulfillment/v1/order", params=params), 400, error_id)


@pytest.mark.parametrize("params", [
    {"limit": "1"}, {"limit": "200"}, {"offset": "0"}, {"offset": "1"}, {"fieldGroups": "TAX_BREAKDOWN"},
    {"orderIds": ",".join(f"12-34567-{n:05d}" for n in range(50))},  # "maximum 50"
    {"orderIds": "12-34567-00001", "limit": "0", "filter": "x"},  # "all other query parameters will be ignored"
    {"filter": "orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}"},
    {"filter": "orderfulfillmentstatus:{FULFILLED|IN_PROGRESS}"},
    {"filter": "creationdate:[2016-02-21T08:25:43.511Z..]"},
    {"filter": "creationdate:[2016-02-21T08:25:43.511Z..2016-04-21T08:25:43.511Z]"},
    {"filter": "lastmodifieddate:[2016-05-15T08:25:43.511Z..2016-05-31T08:25:43.511Z]"},
    {"filter": "creationdate:[2016-03-21T08:25:43.511Z..2016-04-21T08:25:43.511Z],"
               "lastmodifieddate:[2016-05-15T08:25:43.511Z..],orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}"},
])
def test_get_orders_takes_every_value_the_contract_gives(api, params: dict[str, str]) -> None:
    """The contract's bounds (``limit`` 1..200, ``offset`` from 0, at most 50 ``orderIds``), its one
    field group and each filter as its examples write them (the last is the OAS's own example)."""
    response = api.request("GET", "/sell/fulfillment/v1/order", params=params)
    assert response.status_code == 200, response.text


def test_unknown_paths_and_methods_answer_in_ebays_shape(api, control, tenant, order) -> None:
    """A path no resource answers: 404 2002 with eBay's gateway texts, as live answers quote them
    (davidtsadler/ebay-sdk-php issue #259, YosefHayim/ebay-mcp issue #136); its longMessage was missing."""
    detail = assert_ebay_error(api.request("GET", "/sell/fulfillment/v1/shipping_label"), 404, 2002)
    assert (detail["domain"], detail["category"], detail["message"], detail["longMessage"]) == (
        "ACCESS", "REQUEST", "Resource not found", "A resource (URI) associated with the request could not be resolved.")
    wrong_method = api.request("DELETE", f"/sell/fulfillment/v1/order/{order['orderId']}")
    assert_ebay_error(wrong_method, 405, 2003)
    assert wrong_method.headers["Allow"] == "GET, HEAD, OPTIONS"  # RFC 9110 §15.5.6: a 405 names the methods
    armed = control.session.post(f"{control.root}/tenants/{tenant['tenant']}/faults",
                                 json={"service": "ebay", "status": 405, "count": 1}, timeout=5)
    assert armed.status_code == 201, armed.text
    armed_405 = api.request("GET", f"/sell/fulfillment/v1/order/{order['orderId']}")  # an armed 405 names them too
    assert (armed_405.status_code, armed_405.headers["Allow"]) == (405, "GET, HEAD, OPTIONS")
    assert_ebay_error(api.request("GET", "/post-order/v2/inquiry/search", scheme="IAF"), 404, 2002)


def test_the_journal_records_ebay_calls_with_the_token_masked(simulators, tenant, ebay: EbayClient, order) -> None:
    ebay.get_order(order["orderId"])
    entries = ControlPlaneClient(simulators.base_url).journal(tenant["tenant"])
    entry = entries[-1]
    assert (entry["service"], entry["method"], entry["status"]) == ("ebay", "GET", 200)
    assert entry["request_headers"]["Authorization"] == "Bearer ***"
    assert tenant["ebay"]["access_token"] not in str(entries)


def test_order_body_fixture_matches_the_documented_example() -> None:
    # The fixture order is the issue's example body; keep them in step.
    assert set(ORDER) == {"lineItems", "shipping", "currency"}


def test_ebay_timestamps_have_four_digit_years_and_milliseconds() -> None:
    from datetime import datetime, timezone

    from simulators.ebay.schemas import ebay_date

    assert ebay_date(datetime(2015, 8, 4, 19, 9, 2, 768_999, tzinfo=timezone.utc)) == "2015-08-04T19:09:02.768Z"
    assert ebay_date(datetime(1, 1, 1, tzinfo=timezone.utc)) == "0001-01-01T00:00:00.000Z"  # strftime gave "1-01-01"


def test_a_lastmodifieddate_filter_sees_the_changes_the_clock_made(ebay: EbayClient, sim: EbaySim, order) -> None:
    """A refund that settled while nobody read its order still modified the order at its settling
    time: getOrders settles every order before it filters, so the order is found, already settled."""
    issued = ebay.issue_refund(order["orderId"], order_refund("10.00"))
    now = datetime.fromisoformat(sim.advance(REFUND_SETTLE_SECONDS).replace("Z", "+00:00"))
    since = (now - timedelta(seconds=REFUND_SETTLE_SECONDS - 1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    # Nothing read the order since the refund was issued (before `since`); it settled at `now`.
    page = ebay.get_orders(filter=f"lastmodifieddate:[{since}..]")
    assert [o["orderId"] for o in page["orders"]] == [order["orderId"]] and page["total"] == 1
    [refund] = page["orders"][0]["paymentSummary"]["refunds"]
    assert (refund["refundId"], refund["refundStatus"]) == (issued["refundId"], "REFUNDED")
    later = (now + timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    sim.advance(1)
    assert ebay.get_orders(filter=f"lastmodifieddate:[{later}..]")["orders"] == []
