"""Records, external ids, transforms and the refund rule, through the real client (in-process)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from simulators.clients import NetSuiteClient, VendorError
from tests.conftest import assert_netsuite_error


@pytest.fixture
def catalogue(netsuite: NetSuiteClient) -> dict[str, str]:
    customer = netsuite.create("customer", {"firstName": "Ada", "lastName": "Lovelace", "isPerson": True})
    item = netsuite.create("nonInventorySaleItem", {"itemId": "SKU-1", "basePrice": 10.0})
    return {"customer": customer, "item": item}


def _order(catalogue: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "entity": {"id": catalogue["customer"]},
        "shippingCost": 5.0,
        "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 2, "rate": 10.005}]},
        **extra,
    }


def test_sales_order_round_trip_by_id_and_external_id(netsuite, catalogue) -> None:
    so_id = netsuite.create("salesOrder", _order(catalogue, externalId="SHOP-1001"))
    by_id = netsuite.get("salesOrder", so_id)
    by_eid = netsuite.get("salesOrder", "eid:SHOP-1001")
    assert by_id == by_eid
    assert by_id["entity"]["refName"] == "Ada Lovelace" and by_id["entity"]["links"][0]["rel"] == "self"
    assert by_id["status"] == {"id": "B", "refName": "Pending Fulfillment"}
    assert by_id["subtotal"] == 20.01 and by_id["total"] == 25.01  # amount = 2 × 10.005, rounded half up
    assert by_id["item"]["items"][0]["item"]["refName"] == "SKU-1"


def test_sublists_are_links_unless_expanded(netsuite, catalogue) -> None:
    so_id = netsuite.create("salesOrder", _order(catalogue))
    assert set(netsuite.get("salesOrder", so_id, expand=False)["item"]) == {"links"}


def test_transform_chain_and_the_refund_limit(netsuite, catalogue) -> None:
    so_id = netsuite.create("salesOrder", _order(catalogue))
    cs_id = netsuite.transform("salesOrder", so_id, "cashSale")
    cash_sale = netsuite.get("cashSale", cs_id)
    assert cash_sale["createdFrom"]["id"] == so_id and cash_sale["total"] == 25.01
    partial = netsuite.transform("cashSale", cs_id, "cashRefund", {
        "shippingCost": 0, "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 1, "rate": 10.01}]},
    })
    assert netsuite.get("cashRefund", partial)["total"] == 10.01
    with pytest.raises(VendorError) as refused:
        netsuite.transform("cashSale", cs_id, "cashRefund")  # the full amount no longer remains
    assert refused.value.status == 400 and refused.value.body["o:errorDetails"][0]["o:errorCode"] == "USER_ERROR"
    assert netsuite.query("cashRefund", f"createdFrom ANY_OF [{cs_id}]") == [partial]


def test_a_second_full_cash_refund_is_refused(netsuite, catalogue) -> None:
    cs_id = netsuite.transform("salesOrder", netsuite.create("salesOrder", _order(catalogue)), "cashSale")
    netsuite.transform("cashSale", cs_id, "cashRefund")
    with pytest.raises(VendorError) as refused:
        netsuite.transform("cashSale", cs_id, "cashRefund")
    assert "exceeds the amount remaining" in refused.value.message
    assert len(netsuite.query("cashRefund")) == 1


def test_transform_not_allowed(netsuite, catalogue) -> None:
    so_id = netsuite.create("salesOrder", _order(catalogue))
    with pytest.raises(VendorError) as refused:
        netsuite.transform("salesOrder", so_id, "cashRefund")
    assert refused.value.body["o:errorDetails"][0]["o:errorCode"] == "INVALID_TRANSFORM"


def _raw(netsuite: NetSuiteClient, method: str, path: str, **kwargs: Any) -> requests.Response:
    return netsuite.session.request(method, f"{netsuite.root}{path}", **kwargs)


@pytest.mark.parametrize("body, code, path", [
    ({"entity": None}, "INVALID_CONTENT", "entity"),
    ({"item": {"items": []}}, "USER_ERROR", "item"),
    ({"entity": {"id": "999999"}, "item": {"items": [{"item": {"id": "1"}}]}}, "INVALID_KEY_OR_REF", "entity"),
    ({"entity": "Ada"}, "INVALID_CONTENT", "entity"),
    ({"memo": 12}, "INVALID_CONTENT", "memo"),
    ({"externalId": "has space"}, "INVALID_CONTENT", "externalId"),
])
def test_bad_bodies_are_refused_and_nothing_is_created(netsuite, catalogue, body, code, path) -> None:
    full = {**_order(catalogue), **body}
    detail = assert_netsuite_error(_raw(netsuite, "POST", "/salesOrder", json=full), 400, code)
    assert detail["o:errorPath"].startswith(path)
    assert netsuite.query("salesOrder") == []


def test_malformed_json_and_unknown_fields(netsuite, catalogue) -> None:
    assert_netsuite_error(_raw(netsuite, "POST", "/customer", data="{oops", headers={"Content-Type": "application/json"}),
                          400, "INVALID_CONTENT")
    strict = {"X-NetSuite-PropertyNameValidation": "Error"}
    assert_netsuite_error(_raw(netsuite, "POST", "/customer", json={"lastName": "X", "colour": "red"}, headers=strict),
                          400, "INVALID_CONTENT")
    assert netsuite.query("customer") == [catalogue["customer"]]


def test_unknown_ids_types_and_paths(netsuite) -> None:
    assert_netsuite_error(_raw(netsuite, "GET", "/salesOrder/424242"), 404, "NONEXISTENT_ID")
    assert_netsuite_error(_raw(netsuite, "GET", "/salesOrder/eid:NOPE"), 404, "NONEXISTENT_ID")
    assert_netsuite_error(_raw(netsuite, "GET", "/spaceship/1"), 404, "INVALID_RECORD_TYPE")
    assert_netsuite_error(_raw(netsuite, "DELETE", "/salesOrder/1/!transform/cashSale"), 405, "METHOD_NOT_ALLOWED")
    assert_netsuite_error(_raw(netsuite, "GET", "/salesOrder?limit=abc"), 400, "INVALID_CONTENT")


def test_external_ids_are_unique_per_type(netsuite, catalogue) -> None:
    netsuite.create("salesOrder", _order(catalogue, externalId="X-1"))
    with pytest.raises(VendorError) as refused:
        netsuite.create("salesOrder", _order(catalogue, externalId="X-1"))
    assert refused.value.status == 400
    assert len(netsuite.query("salesOrder")) == 1
