"""The item records a storefront SKU is kept as beside the inventory, non-inventory and other-charge
items: kit/package, service for sale, non-inventory for resale, assembly — each created, read,
patched, listed, found by ``itemId`` and sold like a non-inventory item —, and the discount item,
whose transaction lines carry a rate and an amount but no quantity (FIDELITY.md, "Item records").
Real HTTP through the project's client (in-process)."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.clients import NetSuiteClient
from tests.conftest import assert_netsuite_error
from tests.netsuite.conftest import raw

#: The new item types and SuiteQL's ``item.itemtype`` code of each (the browser's itemType enumeration).
SKU_TYPES = {"kitItem": "Kit", "serviceSaleItem": "Service", "nonInventoryResaleItem": "NonInvtPart",
             "assemblyItem": "Assembly"}


def _snapshot(netsuite: NetSuiteClient) -> dict[str, Any]:
    """What a client sees of the account's transactions and their lines."""
    return {"transactions": netsuite.suiteql("SELECT id, type, status, foreigntotal, foreignamountremaining, "
                                             "lastmodifieddate FROM transaction ORDER BY id"),
            "lines": netsuite.suiteql("SELECT transaction, id, item, quantity, rate, foreignamount "
                                      "FROM transactionline ORDER BY transaction, id")}


@pytest.fixture
def discount(netsuite: NetSuiteClient) -> str:
    """A discount item of 5.00 off (a flat rate, negative: it lowers a total)."""
    return netsuite.create("discountItem", {"itemId": "GOODWILL-5", "rate": -5, "externalId": "GOODWILL-5"})


@pytest.mark.parametrize("record_type", sorted(SKU_TYPES))
def test_each_sku_item_type_is_served_found_by_item_id_and_sold(netsuite, catalogue, record_type) -> None:
    """Created (204), read by id and ``eid:``, patched, listed, found by ``itemId IS`` and by SuiteQL's
    ``item`` table with its own ``itemtype``; a sales order line of it without a rate takes the item's."""
    text = "description" if record_type in ("kitItem", "assemblyItem") else "salesDescription"
    item = netsuite.create(record_type, {"itemId": f"SKU-{record_type}", "displayName": "Thing", "rate": 7.5,
                                         text: "A thing", "externalId": f"X-{record_type}"})
    got = netsuite.get(record_type, item)
    assert got == netsuite.get(record_type, f"eid:X-{record_type}")
    assert (got["itemId"], got["rate"], got[text]) == (f"SKU-{record_type}", 7.5, "A thing")
    netsuite.patch(record_type, item, {"rate": 8, "displayName": "Better thing"})
    assert netsuite.get(record_type, item)["rate"] == 8
    assert netsuite.query(record_type, f'itemId IS "SKU-{record_type}"') == [item]
    assert item in netsuite.query(record_type)
    rows = netsuite.suiteql(f"SELECT id, itemtype FROM item WHERE itemid = 'SKU-{record_type}'")
    assert rows == [{"id": item, "itemtype": SKU_TYPES[record_type]}]
    order = netsuite.create("salesOrder", {"entity": {"id": catalogue["customer"]},
                                           "item": {"items": [{"item": {"id": item}, "quantity": 2}]}})
    line = netsuite.get("salesOrder", order)["item"]["items"][0]
    assert (line["item"]["refName"], line["quantity"], line["rate"], line["amount"]) == (f"SKU-{record_type}", 2, 8, 16.0)
    invoice = netsuite.transform("salesOrder", order, "invoice")
    assert netsuite.get("invoice", invoice)["total"] == 16.0
    assert netsuite.get("salesOrder", order)["status"]["id"] == "G"


def test_a_kit_has_no_sales_description_field(netsuite) -> None:
    """The browser's kitItem (and assemblyItem, discountItem) has ``description``, not ``salesDescription``:
    under ``X-NetSuite-PropertyNameValidation: Error`` the latter is refused like any unknown field."""
    response = raw(netsuite, "POST", "/kitItem", json={"itemId": "KIT-1", "salesDescription": "x"},
                   headers={"X-NetSuite-PropertyNameValidation": "Error"})
    assert assert_netsuite_error(response, 400, "INVALID_CONTENT")["o:errorPath"] == "salesDescription"
    assert netsuite.query("kitItem", 'itemId IS "KIT-1"') == []


def test_a_discount_item_is_found_and_listed_in_suiteql(netsuite, discount) -> None:
    got = netsuite.get("discountItem", "eid:GOODWILL-5")
    assert (got["id"], got["itemId"], got["rate"]) == (discount, "GOODWILL-5", -5)
    assert netsuite.query("discountItem", 'itemId IS "GOODWILL-5"') == [discount]
    assert netsuite.suiteql("SELECT itemtype FROM item WHERE itemid = 'GOODWILL-5'") == [
        {"itemtype": "Discount"}]


def _refund_body(catalogue: dict[str, str], discount: str, **line: Any) -> dict[str, Any]:
    return {"entity": {"id": catalogue["customer"]},
            "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 2},
                               {"item": {"id": discount}, **line}]}}


@pytest.mark.parametrize("record_type", ["cashRefund", "creditMemo"])
def test_a_refund_with_a_discount_line_holds_no_quantity_and_lowers_the_total(netsuite, catalogue, discount,
                                                                              record_type) -> None:
    """A refund entered with a discount line (POST): the line prints its rate and amount but no
    quantity (NetSuite omits an empty field), a quantity sent for it is ignored (the field is disabled
    on such a line), and it counts in the total like any line; the line reads the same at its own URL
    and in SuiteQL (no quantity column)."""
    made = netsuite.create(record_type, _refund_body(catalogue, discount, quantity=3))
    refund = netsuite.get(record_type, made)
    first, off = refund["item"]["items"]
    assert first["quantity"] == 2 and first["amount"] == 20.0
    assert "quantity" not in off and (off["rate"], off["amount"]) == (-5, -5.0)
    assert (refund["subtotal"], refund["total"]) == (15.0, 15.0)
    assert netsuite.session.get(off["links"][0]["href"]).json() == off
    rows = netsuite.suiteql(f"SELECT id, quantity, foreignamount FROM transactionline WHERE transaction = {made} "
                            "AND mainline = 'F' ORDER BY id")
    assert rows[1] == {"id": "2", "foreignamount": "-5"}
    assert netsuite.suiteql(f"SELECT id FROM transactionline WHERE transaction = {made} AND quantity > 1") == [
        {"id": "1"}]
    # An amount of its own stands; the rate follows it.
    other = netsuite.get(record_type, netsuite.create(record_type, _refund_body(catalogue, discount, amount=-2.5)))
    assert (other["item"]["items"][1]["rate"], other["total"]) == (-2.5, 17.5)


@pytest.mark.parametrize(("source_type", "target_type"), [("cashSale", "cashRefund"), ("invoice", "creditMemo")])
def test_a_refund_transformed_with_a_discount_line_credits_less(netsuite, catalogue, discount, source_type,
                                                                 target_type) -> None:
    """The Refund and Credit buttons with ``item.items`` lines in the body: a discount line lowers the
    refund, and it is counted against what remains to refund of the bill like any line."""
    order = netsuite.create("salesOrder", {"entity": {"id": catalogue["customer"]},
                                           "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 2}]}})
    bill = netsuite.transform("salesOrder", order, source_type)
    lines = {"item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 2}, {"item": {"id": discount}}]}}
    made = netsuite.transform(source_type, bill, target_type, lines)
    refund = netsuite.get(target_type, made)
    assert "quantity" not in refund["item"]["items"][1] and refund["total"] == 15.0
    # What remains of the bill is 5.00: a second refund of one unit (10.00) is refused, one with the discount is not.
    before = _snapshot(netsuite)
    one = {"item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1}]}}
    refused = raw(netsuite, "POST", f"/{source_type}/{bill}/!transform/{target_type}", json=one)
    assert assert_netsuite_error(refused, 400, "USER_ERROR")["o:errorPath"] == "total"
    assert _snapshot(netsuite) == before
    one["item"]["items"].append({"item": {"id": discount}})
    assert netsuite.get(target_type, netsuite.transform(source_type, bill, target_type, one))["total"] == 5.0


def test_a_discount_line_cannot_credit_more_than_remains_or_take_a_refund_below_zero(netsuite, catalogue,
                                                                                     discount) -> None:
    """The item's rate is a flat amount whose sign is the user's (a positive one adds, as NetSuite takes
    it): a discount line that would refund more than remains of the cash sale is refused, and so is
    one that takes the refund below zero; nothing is written."""
    order = netsuite.create("salesOrder", {"entity": {"id": catalogue["customer"]},
                                           "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1}]}})
    sale = netsuite.transform("salesOrder", order, "cashSale")
    before = _snapshot(netsuite)
    more = {"item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1},
                               {"item": {"id": discount}, "rate": 5}]}}
    response = raw(netsuite, "POST", f"/cashSale/{sale}/!transform/cashRefund", json=more)
    assert "exceeds the amount remaining" in assert_netsuite_error(response, 400, "USER_ERROR")["detail"]
    below = {"entity": {"id": catalogue["customer"]}, "item": {"items": [{"item": {"id": discount}, "amount": -1}]}}
    response = raw(netsuite, "POST", "/creditMemo", json=below)
    assert "can not be negative" in assert_netsuite_error(response, 400, "USER_ERROR")["detail"]
    bad = _refund_body(catalogue, discount, quantity="two")
    response = raw(netsuite, "POST", "/cashRefund", json=bad)
    assert assert_netsuite_error(response, 400, "INVALID_CONTENT")["o:errorPath"] == "item.items[1].quantity"
    assert _snapshot(netsuite) == before


def test_a_discount_line_of_a_sales_order_is_billed_once_whole_on_the_first_bill(netsuite, catalogue,
                                                                                 discount) -> None:
    """An order of 3 units and a discount: a first bill of one unit and the discount bills the
    discount whole; the next bill (of what remains) bills the other units without it, and the order
    is then Billed. A second bill of the discount is "more than the quantity remaining"."""
    order = netsuite.create("salesOrder", {"entity": {"id": catalogue["customer"]},
                                           "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 3},
                                                              {"item": {"id": discount}}]}})
    assert netsuite.get("salesOrder", order)["total"] == 25.0
    first = netsuite.transform("salesOrder", order, "invoice", {"item": {"items": [
        {"item": {"id": catalogue["item"]}, "quantity": 1}, {"item": {"id": discount}}]}})
    invoice = netsuite.get("invoice", first)
    assert invoice["total"] == 5.0 and "quantity" not in invoice["item"]["items"][1]
    assert invoice["item"]["items"][1]["orderLine"] == 2
    assert netsuite.get("salesOrder", order)["status"]["id"] == "E"
    before = _snapshot(netsuite)
    again = raw(netsuite, "POST", f"/salesOrder/{order}/!transform/cashSale",
                json={"item": {"items": [{"item": {"id": discount}}]}})
    assert "cannot bill more" in assert_netsuite_error(again, 400, "USER_ERROR")["detail"]
    assert _snapshot(netsuite) == before
    rest = netsuite.get("cashSale", netsuite.transform("salesOrder", order, "cashSale"))
    assert [(l["item"]["id"], l.get("quantity")) for l in rest["item"]["items"]] == [(catalogue["item"], 2)]
    assert rest["total"] == 20.0 and netsuite.get("salesOrder", order)["status"]["id"] == "G"
    # A bill of the whole order (no lines in the body) bills the discount with it; a return of it returns it.
    whole = netsuite.create("salesOrder", {"entity": {"id": catalogue["customer"]},
                                           "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1},
                                                              {"item": {"id": discount}}]}})
    sale = netsuite.get("cashSale", netsuite.transform("salesOrder", whole, "cashSale"))
    assert sale["total"] == 5.0 and "quantity" not in sale["item"]["items"][1]
    rma = netsuite.get("returnAuthorization", netsuite.transform("salesOrder", whole, "returnAuthorization"))
    assert rma["total"] == 5.0 and "quantity" not in rma["item"]["items"][1]


def test_a_line_patched_to_a_discount_drops_its_quantity(netsuite, catalogue, discount) -> None:
    """Changing a line's item to a discount leaves it without quantity; a change of currency re-rounds
    it as any line (its amount is its rate)."""
    memo = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]},
                                          "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 2}]}})
    netsuite.patch("creditMemo", memo, {"item": {"items": [{"item": {"id": discount}, "quantity": 4}]}})
    lines = netsuite.get("creditMemo", memo)["item"]["items"]
    assert "quantity" not in lines[1] and lines[1]["amount"] == -5.0
    netsuite.patch("creditMemo", memo, {"item": {"items": [{"line": 2, "item": {"id": catalogue["item"]}}]}})
    assert netsuite.get("creditMemo", memo)["item"]["items"][1]["quantity"] == 1
    netsuite.patch("creditMemo", memo, {"currency": {"id": "6"}})
    assert netsuite.get("creditMemo", memo)["total"] == 15.0
