"""Records: create (204 + Location), GET (references, sublists), PATCH, DELETE and eid: addressing
for every record type, through the real client (in-process)."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from simulators.clients import VendorError
from simulators.netsuite.schemas import ASYNC_JOB_SECONDS, RECORD_TYPES
from tests.conftest import assert_netsuite_error
from tests.netsuite.conftest import order_body, raw as _raw


def test_create_answers_204_with_location(netsuite, catalogue) -> None:
    response = _raw(netsuite, "POST", "/salesOrder", json=order_body(catalogue))
    assert response.status_code == 204 and response.content == b""
    assert response.headers["Location"].startswith(f"{netsuite.root}/salesOrder/")


def test_sales_order_round_trip_by_id_and_external_id(netsuite, catalogue) -> None:
    so_id = netsuite.create("salesOrder", order_body(catalogue, externalId="SHOP-1001"))
    by_id = netsuite.get("salesOrder", so_id)
    by_eid = netsuite.get("salesOrder", "eid:SHOP-1001")
    assert by_id == by_eid
    assert by_id["entity"]["refName"] == "Ada Lovelace" and by_id["entity"]["links"][0]["rel"] == "self"
    assert by_id["currency"]["refName"] == "USD"
    assert by_id["status"] == {"id": "B", "refName": "Pending Fulfillment"}
    assert by_id["subtotal"] == 20.01 and by_id["total"] == 25.01  # amount = 2 × 10.005, rounded half up
    line = by_id["item"]["items"][0]
    assert line["item"]["refName"] == "SKU-1" and line["rate"] == 10.005 and line["amount"] == 20.01


def test_sublists_are_links_unless_expanded_and_have_their_own_resource(netsuite, catalogue) -> None:
    so_id = netsuite.create("salesOrder", order_body(catalogue))
    collapsed = netsuite.get("salesOrder", so_id, expand=False)["item"]
    assert set(collapsed) == {"links"} and collapsed["links"][0]["href"].endswith(f"/salesOrder/{so_id}/item")
    sublist = _raw(netsuite, "GET", f"/salesOrder/{so_id}/item").json()
    assert sublist["totalResults"] == 1 and sublist["items"][0]["item"]["id"] == catalogue["item"]
    assert_netsuite_error(_raw(netsuite, "GET", f"/salesOrder/{so_id}/nothing"), 404, "NONEXISTENT_PATH")


def test_each_sublist_line_is_read_at_its_self_link(netsuite, catalogue, control, tenant) -> None:
    """Oracle's "Accessing Subresources in REST Web Services" reads one line of a sublist,
    ``GET .../salesOrder/1/item/1``, and every line carries that URL as its ``self`` link: it was
    404 NONEXISTENT_PATH. A line the sublist does not have is 404 NONEXISTENT_ID."""
    so_id = netsuite.create("salesOrder", order_body(catalogue))
    inv = netsuite.transform("salesOrder", so_id, "invoice")
    memo = netsuite.transform("invoice", inv, "creditMemo")
    for type_, record_id, sublist in (("salesOrder", so_id, "item"), ("creditMemo", memo, "item"),
                                      ("creditMemo", memo, "apply")):
        lines = _raw(netsuite, "GET", f"/{type_}/{record_id}/{sublist}").json()["items"]
        assert lines
        for line in lines:
            response = netsuite.session.get(line["links"][0]["href"])
            assert (response.status_code, response.json()) == (200, line), line["links"][0]["href"]
    assert netsuite.session.get(f"{netsuite.root}/creditMemo/eid:nothing/item/1").status_code == 404
    # Asynchronously too: the job's result is the line.
    queued = netsuite.session.get(lines[0]["links"][0]["href"], headers={"Prefer": "respond-async"})
    assert queued.status_code == 202
    control.advance_clock(tenant["tenant"], ASYNC_JOB_SECONDS)
    task = netsuite.session.get(f"{queued.headers['Location']}/task").json()["items"][0]["links"][0]["href"]
    result = netsuite.session.get(f"{task}/result")
    assert (result.status_code, result.json()) == (200, lines[0])
    for path in (f"/salesOrder/{so_id}/item/9", f"/salesOrder/{so_id}/item/abc", f"/creditMemo/{memo}/apply/0"):
        assert_netsuite_error(_raw(netsuite, "GET", path), 404, "NONEXISTENT_ID")
    assert_netsuite_error(_raw(netsuite, "GET", f"/salesOrder/{so_id}/nothing/1"), 404, "NONEXISTENT_PATH")
    assert_netsuite_error(_raw(netsuite, "GET", f"/salesOrder/{so_id}/!transform/cashSale"), 405, "METHOD_NOT_ALLOWED")


def test_a_currency_reference_leads_to_the_currency_record(netsuite, catalogue) -> None:
    """Every currency reference links ``.../record/v1/currency/<id>`` (Oracle's "Format of Selects
    and References": ``{"id": "1", "refName": "USD", "links": [...]}``), and a connector that follows
    it reads the currency record (the browser's ``currency``): it was 404 INVALID_RECORD_TYPE. The
    record's ``name`` is the references' ``refName``; the list pages and filters as any collection;
    an id the account has no currency for is 404 NONEXISTENT_ID; the simulator's currencies are
    read-only (405)."""
    so_id = netsuite.create("salesOrder", order_body(catalogue, currency={"id": "4"}))
    reference = netsuite.get("salesOrder", so_id)["currency"]
    response = netsuite.session.get(reference["links"][0]["href"])
    assert response.status_code == 200, response.text
    euro = response.json()
    assert euro["links"] == reference["links"] and euro["id"] == reference["id"] == "4"
    assert (euro["name"], euro["symbol"], euro["isBaseCurrency"], euro["currencyPrecision"]) == (
        reference["refName"], "EUR", False, 2)
    assert isinstance(euro["exchangeRate"], float) and euro["exchangeRate"] > 0
    usd, yen = netsuite.get("currency", "1"), netsuite.get("currency", "6")
    assert (usd["name"], usd["isBaseCurrency"], usd["exchangeRate"], usd["displaySymbol"]) == ("USD", True, 1.0, "$")
    assert (yen["symbol"], yen["currencyPrecision"], yen["formatSample"]) == ("JPY", 0, "¥1,235")
    assert netsuite.query("currency") == ["1", "2", "3", "4", "5", "6"]
    assert netsuite.query("currency", 'symbol IS "GBP"') == ["2"]
    assert netsuite.query("currency", "isBaseCurrency IS true") == ["1"]
    for key in ("7", "0", "abc", "eid:EUR"):
        assert_netsuite_error(_raw(netsuite, "GET", f"/currency/{key}"), 404, "NONEXISTENT_ID")
    for method, path in (("POST", "/currency"), ("PATCH", "/currency/4"), ("PUT", "/currency/eid:EUR"),
                         ("DELETE", "/currency/4"), ("POST", "/currency/4/!transform/invoice")):
        assert_netsuite_error(_raw(netsuite, method, path, json={"name": "Euro"}), 405, "METHOD_NOT_ALLOWED")
    assert netsuite.get("currency", "4") == euro


def _hrefs(document: Any) -> Iterator[str]:
    """Every ``href`` of every ``links`` array in an answer, however deep (references, sublists and
    their lines, collection pages)."""
    if isinstance(document, dict):
        for link in document.get("links") or ():
            if isinstance(link, dict) and "href" in link:
                yield link["href"]
        for value in document.values():
            yield from _hrefs(value)
    elif isinstance(document, list):
        for value in document:
            yield from _hrefs(value)


def test_every_link_the_records_give_answers(netsuite, catalogue) -> None:
    """NetSuite's answers invite a client to follow their links: a record's ``self``, each
    reference's (customer, item, currency, the transaction it was created from, an applied
    document), each sublist's and each line's, a collection page's. Every link of every record
    kind a refund flow makes, followed to the end, answers 200 — a currency reference's link was
    404 INVALID_RECORD_TYPE."""
    item = catalogue["item"]
    netsuite.patch("customer", catalogue["customer"], {"currency": {"id": "1"}})
    others = [netsuite.create(kind, {"itemId": f"{kind}-1", "rate": 4})
              for kind in ("inventoryItem", "otherChargeSaleItem", "kitItem", "serviceSaleItem", "nonInventoryResaleItem",
                           "assemblyItem", "discountItem")]
    lines = [{"item": {"id": i}, "quantity": 2} for i in others]
    so = netsuite.create("salesOrder", order_body(catalogue, item={"items": [
        {"item": {"id": item}, "quantity": 2, "rate": 10}, *lines]}))
    inv = netsuite.transform("salesOrder", so, "invoice", {"item": {"items": [{"item": {"id": item}, "quantity": 1}]}})
    cs = netsuite.transform("salesOrder", so, "cashSale")
    one = {"item": {"items": [{"item": {"id": item}, "quantity": 1, "rate": 1}]}}
    ra = netsuite.transform("salesOrder", so, "returnAuthorization", one)
    netsuite.transform("invoice", inv, "creditMemo", {"shippingCost": 0, **one})
    netsuite.transform("cashSale", cs, "cashRefund", {"shippingCost": 0, **one})
    netsuite.transform("returnAuthorization", ra, "creditMemo")
    netsuite.transform("invoice", inv, "customerPayment")
    loose = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]}, "item": {"items": [{"item": {"id": item}, "quantity": 1}]}})
    netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]},
                                       "apply": {"items": [{"doc": {"id": loose}, "apply": True}]}})
    to_visit = [f"{netsuite.root}/{kind}" for kind in RECORD_TYPES]  # every kind's collection, then its records
    to_visit += [f"{link}?expandSubResources=true" for link in to_visit]
    to_visit.append(f"{netsuite.root}/creditMemo?limit=1&q=total%20GREATER_OR_EQUAL%200")  # pages of a filter
    seen: set[str] = set()
    broken: list[str] = []
    while to_visit:
        href = to_visit.pop()
        if href in seen:
            continue
        seen.add(href)
        response = netsuite.session.get(href)
        if response.status_code != 200:
            broken.append(f"{href} → {response.status_code} {response.text}")
            continue
        links = [link for link in _hrefs(response.json()) if link not in seen]
        # A record's links are also read with its sublists expanded (its lines' links inline).
        to_visit += links + [f"{link}?expandSubResources=true" for link in links
                             if "?" not in link and len(link.removeprefix(f"{netsuite.root}/").split("/")) == 2]
    assert not broken, "\n".join(broken)
    kinds = {href.removeprefix(f"{netsuite.root}/").split("/")[0] for href in seen if "/" in href.removeprefix(f"{netsuite.root}/")}
    assert kinds == set(RECORD_TYPES), "a record kind no flow made or linked"
    assert {f"{netsuite.root}/salesOrder/{so}/item/3", f"{netsuite.root}/currency/1",
            f"{netsuite.root}/customerRefund"} <= {h.split("?")[0] for h in seen}
    assert f"{netsuite.root}/creditMemo?limit=1&offset=2&q=total%20GREATER_OR_EQUAL%200" in seen  # 3 credit memos
    assert f"{netsuite.root}/salesOrder/{so}?expandSubResources=true" in seen


@pytest.mark.parametrize("record_type", ["inventoryItem", "nonInventorySaleItem", "otherChargeSaleItem"])
def test_item_types(netsuite, record_type) -> None:
    """An item's price is ``rate`` in REST; ``basePrice`` (the fixtures' name) is taken on input only."""
    item_id = netsuite.create(record_type, {"itemId": f"{record_type}-1", "displayName": "Thing", "rate": 3.5,
                                            "externalId": f"X-{record_type}"})
    got = netsuite.get(record_type, f"eid:X-{record_type}")
    assert got["id"] == item_id and got["itemId"] == f"{record_type}-1" and got["rate"] == 3.5
    aliased = netsuite.get(record_type, netsuite.create(record_type, {"itemId": f"{record_type}-2", "basePrice": 4}))
    assert aliased["rate"] == 4 and "basePrice" not in aliased
    assert "createdDate" in got and "dateCreated" not in got


def test_references_by_external_id_in_bodies(netsuite, catalogue) -> None:
    so_id = netsuite.create("salesOrder", {
        "entity": {"externalId": "CUST-1"},
        "item": {"items": [{"item": {"externalId": "SKU-1"}, "quantity": 1}]},  # rate from basePrice
    })
    order = netsuite.get("salesOrder", so_id)
    assert order["entity"]["id"] == catalogue["customer"]
    assert order["item"]["items"][0]["rate"] == 10 and order["total"] == 10.0


def test_eid_addressing_in_transform_patch_and_delete_urls(netsuite, catalogue) -> None:
    netsuite.create("salesOrder", order_body(catalogue, externalId="SO-EID"))
    cs_id = netsuite.transform("salesOrder", "eid:SO-EID", "cashSale", {"externalId": "CS-EID"})
    netsuite.patch("cashSale", "eid:CS-EID", {"memo": "paid at the till"})
    assert netsuite.get("cashSale", cs_id)["memo"] == "paid at the till"
    refund = netsuite.transform("cashSale", "eid:CS-EID", "cashRefund", {"externalId": "CR-EID"})
    netsuite.delete("cashRefund", "eid:CR-EID")
    with pytest.raises(VendorError) as gone:
        netsuite.get("cashRefund", refund)
    assert gone.value.status == 404


def test_put_with_an_external_id_upserts_and_a_retry_makes_no_second_record(netsuite, catalogue) -> None:
    """Oracle's "Using the Upsert Operation": ``PUT .../<type>/eid:<X>`` adds the record when no record
    of the type has that external ID, and updates it when one does; 204 and the record's Location
    either way. It was 405: a client syncing an order by its storefront ID could not make a retry
    harmless. Only with an external ID: ``PUT`` of an internal id stays 405."""
    body = order_body(catalogue, memo="first")
    created = _raw(netsuite, "PUT", "/salesOrder/eid:SO-UPSERT", json=body)
    assert created.status_code == 204, created.text
    so_id = created.headers["Location"].rsplit("/", 1)[1]
    order = netsuite.get("salesOrder", so_id)
    assert (order["externalId"], order["memo"], order["total"]) == ("SO-UPSERT", "first", 25.01)
    # The update is a PATCH's (lines without a line key are added): a retry replaces the item lines.
    retried = _raw(netsuite, "PUT", "/salesOrder/eid:SO-UPSERT?replace=item", json={**body, "memo": "again"})
    assert (retried.status_code, retried.headers["Location"]) == (204, created.headers["Location"])
    assert netsuite.query("salesOrder", 'externalId IS "SO-UPSERT"') == [so_id]
    order = netsuite.get("salesOrder", so_id)
    assert (order["memo"], order["tranId"], order["total"]) == ("again", "1001", 25.01)
    # A refused upsert writes nothing; one naming another external ID in its body is refused.
    assert_netsuite_error(_raw(netsuite, "PUT", "/salesOrder/eid:SO-OTHER", json={**body, "entity": {"id": "999999"}}),
                          400, "INVALID_KEY_OR_REF")
    mismatch = _raw(netsuite, "PUT", "/salesOrder/eid:SO-UPSERT", json={**body, "externalId": "SO-ELSE"})
    assert assert_netsuite_error(mismatch, 400, "INVALID_CONTENT")["o:errorPath"] == "externalId"
    assert netsuite.query("salesOrder", "") == [so_id]
    assert_netsuite_error(_raw(netsuite, "PUT", f"/salesOrder/{so_id}", json=body), 405, "METHOD_NOT_ALLOWED")
    customer = _raw(netsuite, "PUT", "/customer/eid:CUST-2", json={"lastName": "Hopper", "isPerson": True})
    assert customer.status_code == 204 and netsuite.get("customer", "eid:CUST-2")["lastName"] == "Hopper"


def test_patch_changes_fields_and_merges_or_replaces_lines(netsuite, catalogue) -> None:
    other = netsuite.create("otherChargeSaleItem", {"itemId": "Gift wrap", "basePrice": 2})
    so_id = netsuite.create("salesOrder", order_body(catalogue))
    response = _raw(netsuite, "PATCH", f"/salesOrder/{so_id}", json={"memo": "rush", "shippingCost": 0})
    assert response.status_code == 204 and response.headers["Location"].endswith(f"/salesOrder/{so_id}")
    netsuite.patch("salesOrder", so_id, {"item": {"items": [{"line": 1, "quantity": 3}, {"item": {"id": other}}]}})
    order = netsuite.get("salesOrder", so_id)
    assert order["memo"] == "rush" and [l["quantity"] for l in order["item"]["items"]] == [3, 1]
    assert order["total"] == 32.02  # 3 × 10.005 = 30.015 → 30.02, + 2.00
    netsuite.patch("salesOrder", so_id, {"item": {"items": [{"item": {"id": other}, "quantity": 5}]}}, replace="item")
    order = netsuite.get("salesOrder", so_id)
    assert [(l["item"]["id"], l["quantity"]) for l in order["item"]["items"]] == [(other, 5)] and order["total"] == 10.0


def test_patch_external_id_moves_the_eid_index(netsuite, catalogue) -> None:
    so_id = netsuite.create("salesOrder", order_body(catalogue, externalId="OLD"))
    netsuite.patch("salesOrder", so_id, {"externalId": "NEW"})
    assert netsuite.get("salesOrder", "eid:NEW")["id"] == so_id
    with pytest.raises(VendorError):
        netsuite.get("salesOrder", "eid:OLD")
    other = netsuite.create("salesOrder", order_body(catalogue, externalId="TAKEN"))
    with pytest.raises(VendorError) as refused:
        netsuite.patch("salesOrder", other, {"externalId": "NEW"})
    assert refused.value.status == 400


def test_delete_then_get_is_nonexistent_id(netsuite, catalogue) -> None:
    so_id = netsuite.create("salesOrder", order_body(catalogue, externalId="SHOP-9"))
    response = _raw(netsuite, "DELETE", f"/salesOrder/{so_id}")
    assert response.status_code == 204
    assert_netsuite_error(_raw(netsuite, "GET", f"/salesOrder/{so_id}"), 404, "NONEXISTENT_ID")
    assert_netsuite_error(_raw(netsuite, "GET", "/salesOrder/eid:SHOP-9"), 404, "NONEXISTENT_ID")
    assert_netsuite_error(_raw(netsuite, "DELETE", f"/salesOrder/{so_id}"), 404, "NONEXISTENT_ID")
    assert netsuite.query("salesOrder") == []
    # The external id is free again.
    netsuite.create("salesOrder", order_body(catalogue, externalId="SHOP-9"))


def test_a_record_with_dependent_records_cannot_be_deleted(netsuite, catalogue) -> None:
    so_id = netsuite.create("salesOrder", order_body(catalogue))
    inv_id = netsuite.transform("salesOrder", so_id, "invoice")
    for record_type, record_id in (("salesOrder", so_id), ("customer", catalogue["customer"]),
                                   ("nonInventorySaleItem", catalogue["item"])):
        detail = assert_netsuite_error(_raw(netsuite, "DELETE", f"/{record_type}/{record_id}"), 400, "USER_ERROR")
        assert "dependent records" in detail["detail"]
    assert netsuite.get("salesOrder", so_id)["status"]["refName"] == "Billed"
    netsuite.delete("invoice", inv_id)  # the leaf goes; then the order has no dependents
    assert netsuite.get("salesOrder", so_id)["status"]["refName"] == "Pending Fulfillment"
    netsuite.delete("salesOrder", so_id)


def test_every_record_type_round_trips(netsuite, catalogue) -> None:
    """All eleven types (and customerPayment) can be created or transformed, read and deleted."""
    so = netsuite.create("salesOrder", order_body(catalogue))
    inv = netsuite.transform("salesOrder", so, "invoice", {"item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1}]}})
    cs = netsuite.transform("salesOrder", so, "cashSale")
    ra = netsuite.transform("salesOrder", so, "returnAuthorization", {"item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1, "rate": 1}]}})
    cm = netsuite.transform("invoice", inv, "creditMemo", {"shippingCost": 0, "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1, "rate": 1}]}})
    cr = netsuite.transform("cashSale", cs, "cashRefund", {"shippingCost": 0, "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1, "rate": 1}]}})
    ra_cm = netsuite.transform("returnAuthorization", ra, "creditMemo")
    pay = netsuite.transform("invoice", inv, "customerPayment")
    loose = netsuite.create("creditMemo", {"entity": {"id": catalogue["customer"]}, "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1}]}})
    refund = netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]},
                                                "apply": {"items": [{"doc": {"id": loose}, "apply": True}]}})
    for record_type, record_id in [("salesOrder", so), ("invoice", inv), ("cashSale", cs), ("returnAuthorization", ra),
                                   ("creditMemo", cm), ("cashRefund", cr), ("creditMemo", ra_cm),
                                   ("customerPayment", pay), ("customerRefund", refund)]:
        body = netsuite.get(record_type, record_id)
        assert body["id"] == record_id and body["links"][0]["href"].endswith(f"/{record_type}/{record_id}")
    assert netsuite.get("customerRefund", refund)["total"] == 10.0
    for record_type, record_id in [("customerRefund", refund), ("creditMemo", loose), ("customerPayment", pay),
                                   ("creditMemo", ra_cm), ("creditMemo", cm), ("cashRefund", cr),
                                   ("returnAuthorization", ra), ("invoice", inv), ("cashSale", cs), ("salesOrder", so)]:
        netsuite.delete(record_type, record_id)
    assert netsuite.query("salesOrder") == []


def test_external_ids_are_unique_per_type(netsuite, catalogue) -> None:
    netsuite.create("salesOrder", order_body(catalogue, externalId="X-1"))
    with pytest.raises(VendorError) as refused:
        netsuite.create("salesOrder", order_body(catalogue, externalId="X-1"))
    assert refused.value.status == 400
    assert len(netsuite.query("salesOrder")) == 1
    netsuite.create("customer", {"lastName": "Other", "externalId": "X-1"})  # another type may reuse it


def test_timestamps_come_from_the_tenant_clock(netsuite, catalogue, control, tenant) -> None:
    first = netsuite.get("customer", catalogue["customer"])
    control.advance_clock(tenant["tenant"], 86_400)
    netsuite.patch("customer", catalogue["customer"], {"phone": "555"})
    later = netsuite.get("customer", catalogue["customer"])
    # An entity's creation time is dateCreated in REST (transactions and items: createdDate).
    assert later["dateCreated"] == first["dateCreated"] and later["lastModifiedDate"] > first["lastModifiedDate"]
    assert "createdDate" not in later
    so_id = netsuite.create("salesOrder", order_body(catalogue))
    assert netsuite.get("salesOrder", so_id)["tranDate"] == later["lastModifiedDate"][:10]
