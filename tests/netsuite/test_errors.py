"""Every bad input gets a NetSuite-shaped 4xx and leaves the account exactly as it was."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from simulators.clients import NetSuiteClient
from simulators.netsuite.schemas import (
    ASYNC_JOB_SECONDS, APPLY_FIELDS, CURRENCY_LIST_FIELDS, LINE_FIELDS, LINE_NOT_MODELLED, NOT_MODELLED, RECORD_TYPES,
)
from tests.conftest import assert_netsuite_error
from tests.netsuite.conftest import order_body

STRICT = {"X-NetSuite-PropertyNameValidation": "Error"}
CONTRACTS = Path(__file__).resolve().parents[2] / "contracts" / "netsuite"


def _raw(netsuite: NetSuiteClient, method: str, path: str, **kwargs: Any) -> requests.Response:
    return netsuite.session.request(method, f"{netsuite.root}{path}", **kwargs)


def _snapshot(netsuite: NetSuiteClient) -> dict[str, Any]:
    """Everything a client can see of the account's transactions and customers."""
    rows = netsuite.suiteql("SELECT id, type, status, foreigntotal, foreignamountremaining, lastmodifieddate, "
                            "externalid, memo FROM transaction ORDER BY id")
    customers = netsuite.suiteql("SELECT id, email, lastmodifieddate FROM customer ORDER BY id")
    return {"transactions": rows, "customers": customers}


@pytest.fixture
def world(netsuite: NetSuiteClient, catalogue: dict[str, str]) -> dict[str, str]:
    so = netsuite.create("salesOrder", order_body(catalogue, externalId="SHOP-1"))
    cs = netsuite.transform("salesOrder", so, "cashSale")
    netsuite.transform("cashSale", cs, "cashRefund")
    inv = netsuite.transform("salesOrder", netsuite.create("salesOrder", order_body(catalogue)), "invoice")
    return {**catalogue, "so": so, "cs": cs, "inv": inv}


BAD_CREATES = [
    # (type, body or raw text, strict, status, code, path)
    ("salesOrder", "{oops", False, 400, "INVALID_CONTENT", None),
    ("salesOrder", "[1, 2]", False, 400, "INVALID_CONTENT", None),
    ("salesOrder", "", False, 400, "INVALID_CONTENT", None),
    ("salesOrder", {"entity": None}, False, 400, "USER_ERROR", "entity"),
    ("salesOrder", {"item": {"items": []}}, False, 400, "USER_ERROR", "item"),
    ("salesOrder", {"item": {"items": [{"quantity": 1}]}}, False, 400, "USER_ERROR", "item.items[0].item"),
    ("salesOrder", {"entity": {"id": "999999"}}, False, 400, "INVALID_KEY_OR_REF", "entity"),
    ("salesOrder", {"entity": {"externalId": "NOBODY"}}, False, 400, "INVALID_KEY_OR_REF", "entity"),
    # A sublist line's reference naming no record is INVALID_CONTENT (Oracle's own example), unlike a body field's.
    ("salesOrder", {"item": {"items": [{"item": {"id": "999999"}}]}}, False, 400, "INVALID_CONTENT", "item.items[0].item"),
    ("salesOrder", {"item": {"items": [{"item": {"externalId": "NO-SKU"}}]}}, False, 400, "INVALID_CONTENT",
     "item.items[0].item"),
    ("salesOrder", {"currency": {"id": "99"}}, False, 400, "INVALID_KEY_OR_REF", "currency"),
    ("salesOrder", {"entity": "Ada"}, False, 400, "INVALID_CONTENT", "entity"),
    ("salesOrder", {"memo": 12}, False, 400, "INVALID_CONTENT", "memo"),
    ("salesOrder", {"shippingCost": "a lot"}, False, 400, "INVALID_CONTENT", "shippingCost"),
    ("salesOrder", {"shippingCost": True}, False, 400, "INVALID_CONTENT", "shippingCost"),
    ("salesOrder", {"tranDate": "yesterday"}, False, 400, "INVALID_CONTENT", "tranDate"),
    ("salesOrder", {"orderStatus": {"id": "Z"}}, False, 400, "INVALID_CONTENT", "orderStatus"),
    # The browser lets a write set a sales order's orderStatus to A or B only: H (Closed) and C (Cancelled) were taken.
    ("salesOrder", {"orderStatus": {"id": "H"}}, False, 400, "INVALID_CONTENT", "orderStatus"),
    ("salesOrder", {"orderStatus": {"id": "C"}}, False, 400, "INVALID_CONTENT", "orderStatus"),
    ("salesOrder", {"externalId": "has space"}, False, 400, "INVALID_CONTENT", "externalId"),
    # Only those characters, to the end: a regular expression's "$" also matches before a last line break.
    ("salesOrder", {"externalId": "SHOP-2\n"}, False, 400, "INVALID_CONTENT", "externalId"),
    ("salesOrder", {"externalId": "SHOP-1"}, False, 400, "USER_ERROR", "externalId"),
    # A line's unknown name is refused under X-NetSuite-PropertyNameValidation: Error, as a body field's is.
    ("salesOrder", {"item": {"items": [{"item": {"id": "{item}"}, "colour": "red"}]}}, True, 400, "INVALID_CONTENT", "item.items[0].colour"),
    ("salesOrder", {"item": [1]}, False, 400, "INVALID_CONTENT", "item"),
    # A line's number is an integer (the browser's itemElement.line and orderLine): 1.5 billed or changed line 1.
    ("salesOrder", {"item": {"items": [{"item": {"id": "{item}"}, "orderLine": 1.5}]}}, False, 400, "INVALID_CONTENT",
     "item.items[0].orderLine"),
    ("salesOrder", {"colour": "red"}, True, 400, "INVALID_CONTENT", "colour"),
    # Names inside a subrecord or a sublist the simulator does not serve are held to the browser's definition
    # where contracts/netsuite/ transcribes it (its "parts"), as its values: each was taken whatever the header.
    ("salesOrder", {"billingAddress": {"addr1": "1 Main St", "colour": "red"}}, True, 400, "INVALID_CONTENT",
     "billingAddress.colour"),
    ("salesOrder", {"salesTeam": {"items": [{"employee": {"id": "5"}, "colour": "red"}]}}, True, 400, "INVALID_CONTENT",
     "salesTeam.items[0].colour"),
    ("customerPayment", {"credit": {"items": [{"apply": True, "colour": "red"}]}}, True, 400, "INVALID_CONTENT",
     "credit.items[0].colour"),
    ("cashSale", {"entity": {"id": "{customer}"}, "shippingAddress": {"colour": "red"}}, True, 400, "INVALID_CONTENT",
     "shippingAddress.colour"),
    ("returnAuthorization", {"partners": {"items": [{"partner": "7"}]}}, False, 400, "INVALID_CONTENT",
     "partners.items[0].partner"),
    ("customerRefund", {"payeeAddress": {"addr1": "1 Main St", "colour": "red"}}, True, 400, "INVALID_CONTENT",
     "payeeAddress.colour"),
    ("invoice", {"billingAddress": {"colour": "red"}}, True, 400, "INVALID_CONTENT", "billingAddress.colour"),
    ("creditMemo", {"salesTeam": {"items": [{"salesRole": "Sales Rep"}]}}, False, 400, "INVALID_CONTENT",
     "salesTeam.items[0].salesRole"),
    ("customerRefund", {"deposit": {"items": [{"doc": {"id": "1"}, "depositDate": "last week"}]}}, False, 400,
     "INVALID_CONTENT", "deposit.items[0].depositDate"),
    ("salesOrder", {"shippingAddress": {"zip": 10001}}, False, 400, "INVALID_CONTENT", "shippingAddress.zip"),
    # An address's country is a select of the browser's enumeration (ISO codes and a few of NetSuite's own):
    # a value outside it, a name or a lower-case code, was taken.
    ("salesOrder", {"shippingAddress": {"country": {"id": "XX"}}}, False, 400, "INVALID_CONTENT", "shippingAddress.country"),
    ("salesOrder", {"billingAddress": {"country": "Narnia"}}, False, 400, "INVALID_CONTENT", "billingAddress.country"),
    ("invoice", {"billingAddress": {"country": {"id": "us"}}}, False, 400, "INVALID_CONTENT", "billingAddress.country"),
    ("customerRefund", {"payeeAddress": {"country": {"id": "USA"}}}, False, 400, "INVALID_CONTENT",
     "payeeAddress.country"),
    ("salesOrder", {"partners": {"items": [{"contribution": "lots"}]}}, False, 400, "INVALID_CONTENT",
     "partners.items[0].contribution"),
    # A field the browser lists that the simulator does not model has its value held to the browser's type
    # under X-NetSuite-PropertyValueValidation, whose default is Error: each was taken silently.
    ("salesOrder", {"shipDate": "not a date"}, False, 400, "INVALID_CONTENT", "shipDate"),
    ("salesOrder", {"exchangeRate": "abc"}, False, 400, "INVALID_CONTENT", "exchangeRate"),
    ("salesOrder", {"isTaxable": "yes"}, False, 400, "INVALID_CONTENT", "isTaxable"),
    ("salesOrder", {"department": "2"}, False, 400, "INVALID_CONTENT", "department"),
    ("salesOrder", {"handlingMode": 5}, False, 400, "INVALID_CONTENT", "handlingMode"),
    ("salesOrder", {"billingAddress": "1 Main St"}, False, 400, "INVALID_CONTENT", "billingAddress"),
    ("salesOrder", {"partners": [1]}, False, 400, "INVALID_CONTENT", "partners"),
    ("salesOrder", {"prevRep": 1.5}, False, 400, "INVALID_CONTENT", "prevRep"),
    ("salesOrder", {"item": {"items": [{"item": {"id": "{item}"}, "isTaxable": "yes"}]}}, False, 400, "INVALID_CONTENT",
     "item.items[0].isTaxable"),
    ("salesOrder", {"item": {"items": [{"item": {"id": "{item}"}, "expectedShipDate": "soon"}]}}, False, 400,
     "INVALID_CONTENT", "item.items[0].expectedShipDate"),
    ("customerRefund", {"customer": {"id": "{customer}"}, "account": "1",
                        "apply": {"items": [{"doc": {"id": "{memo}"}, "apply": True}]}}, False, 400, "INVALID_CONTENT", "account"),
    ("salesOrder", {"total": 1}, True, 400, "INVALID_CONTENT", "total"),
    ("customer", {"isPerson": "yes"}, False, 400, "INVALID_CONTENT", "isPerson"),
    ("inventoryItem", {"displayName": "no itemId"}, False, 400, "USER_ERROR", "itemId"),
    ("customerRefund", {"customer": {"id": "{customer}"}}, False, 400, "USER_ERROR", "apply"),
    ("customerRefund", {"customer": {"id": "{customer}"}, "apply": {"items": [{"doc": {"id": "999999"}}]}}, False, 400,
     "INVALID_CONTENT", "apply.items[0].doc"),
    ("customerRefund", {"customer": {"id": "{customer}"}, "apply": {"items": [{"apply": True}]}}, False, 400,
     "USER_ERROR", "apply.items[0].doc"),
]


def _fill(value: Any, world: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.replace("{item}", world["item"]).replace("{customer}", world["customer"]).replace(
            "{memo}", world.get("memo", "{memo}"))
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    return value


@pytest.mark.parametrize("record_type, body, strict, status, code, path", BAD_CREATES)
def test_bad_creates_are_refused_and_change_nothing(netsuite, world, record_type, body, strict, status, code, path) -> None:
    before = _snapshot(netsuite)
    headers = {**(STRICT if strict else {}), "Content-Type": "application/json"}
    if isinstance(body, str):
        response = _raw(netsuite, "POST", f"/{record_type}", data=body, headers=headers)
    else:
        full = {**order_body(world), **_fill(body, world)} if record_type == "salesOrder" else _fill(body, world)
        response = _raw(netsuite, "POST", f"/{record_type}", json=full, headers=headers)
    detail = assert_netsuite_error(response, status, code)
    if path is not None:
        assert detail["o:errorPath"] == path, detail
    assert "Traceback" not in response.text
    assert _snapshot(netsuite) == before


#: Fields NetSuite's REST API Browser lists (contracts/netsuite/) that the simulator does not model,
#: as a connector may send them: a price level and tax code on a line, the refund's account and
#: payment method, the subsidiary of a OneWorld account.
BROWSER_FIELDS_NOT_MODELLED = [
    ("salesOrder", {"subsidiary": {"id": "1"}, "exchangeRate": 1.0, "department": {"id": "2"}, "discountTotal": 0,
                    "shipComplete": True, "billingAddress": {"addr1": "1 Main St"},
                    "shippingAddress": {"addressee": "Ada", "addr1": "1 Main St", "city": "Springfield",
                                        "country": {"id": "US"}, "zip": "10001", "override": False},
                    "salesTeam": {"items": [{"employee": {"id": "5"}, "isPrimary": True, "contribution": 100}]},
                    "partners": {"items": [{"partner": {"id": "7"}, "partnerRole": {"id": "1"}, "isPrimary": True}]},
                    "item": {"items": [{"item": {"id": "{item}"}, "quantity": 2, "rate": 10.005, "price": {"id": "-1"},
                                        "taxCode": {"id": "-7"}, "isClosed": False, "expectedShipDate": "2026-01-05"}]}}),
    ("customerRefund", {"customer": {"id": "{customer}"}, "account": {"id": "1"}, "paymentOption": {"id": "3"},
                        "payeeAddress_text": "1 Main St", "handlingMode": {"id": "SAVE_ONLY"},
                        "apply": {"items": [{"doc": {"id": "{memo}"}, "apply": True, "currency": "USD"}]}}),
    ("customer", {"lastName": "Hopper", "isInactive": False, "balance": 0, "altEmail": "grace@example.com",
                  "addressBook": {"items": [{"defaultBilling": True}]}, "language": {"id": "en_US"}}),
    # Beyond the refund-central fields: the browser lists some 185 on a cash refund, 97 on its item line.
    ("cashRefund", {"entity": {"id": "{customer}"}, "shipDate": "2026-01-05", "billAddress": "1 Main St",
                    "billingAddress": {"addr1": "1 Main St"}, "partners": {"items": []}, "handlingMode": {"id": "SAVE_ONLY"},
                    "item": {"items": [{"item": {"id": "{item}"}, "quantity": 1, "isTaxable": False, "units": "Each",
                                        "vsoeSOPGroup": {"id": "NORMAL"}}]}}),
    ("returnAuthorization", {"entity": {"id": "{customer}"}, "isCrossSubTransaction": False, "drAccount": {"id": "1"},
                             "item": {"items": [{"item": {"id": "{item}"}, "quantity": 1, "isDropShipment": False}]}}),
    ("inventoryItem", {"itemId": "SKU-NEW", "rate": 4, "upcCode": "0123", "costingMethod": {"id": "FIFO"}}),
    ("nonInventorySaleItem", {"itemId": "SKU-NI", "rate": 4, "weight": 1.5, "storeDisplayName": "A thing"}),
    ("otherChargeSaleItem", {"itemId": "SKU-OC", "rate": 4, "VSOEDelivered": True, "incomeAccount": {"id": "54"}}),
]


@pytest.mark.parametrize("record_type, body", BROWSER_FIELDS_NOT_MODELLED)
@pytest.mark.parametrize("strict", [False, True])
def test_fields_the_browser_has_are_taken_where_the_simulator_does_not_model_them(netsuite, world, record_type, body,
                                                                                strict) -> None:
    """A field the browser lists for the record type is one NetSuite knows: sent where the simulator
    does not model it (a line's ``price`` level, a refund's ``account``) it is taken and ignored, also
    under ``X-NetSuite-PropertyNameValidation: Error``. A line's was refused as an invalid field
    whatever the header, and a body field under it as one that "does not exist" — a false refusal of
    a right connector. A name the browser does not have stays refused (BAD_CREATES)."""
    memo = netsuite.create("creditMemo", {"entity": {"id": world["customer"]},
                                          "item": {"items": [{"item": {"id": world["item"]}, "quantity": 1}]}})
    full = _fill(body, {**world, "memo": memo})
    if record_type == "salesOrder":
        full = {**order_body(world), **full}
    response = _raw(netsuite, "POST", f"/{record_type}", json=full, headers=STRICT if strict else {})
    assert response.status_code == 204, response.text
    made = netsuite.session.get(response.headers["Location"]).json()
    assert not {"subsidiary", "account", "paymentOption", "balance", "discountTotal", "shipDate", "billAddress"} & set(made)
    if record_type == "salesOrder":
        assert made["total"] == 25.01


#: Values of fields the simulator does not model that the browser's types refuse (each was taken silently).
BAD_UNMODELLED_VALUES = {"shipDate": "not a date", "exchangeRate": "abc", "isTaxable": "yes", "department": "2",
                         "billingAddress": "1 Main St"}


@pytest.mark.parametrize("header, refused", [({}, True), ({"X-NetSuite-PropertyValueValidation": "Error"}, True),
                                             ({"X-NetSuite-PropertyValueValidation": "Warning"}, False),
                                             ({"X-NetSuite-PropertyValueValidation": "Ignore"}, False)])
def test_the_value_of_a_field_not_modelled_follows_property_value_validation(netsuite, world, header, refused) -> None:
    """The browser gives every write ``X-NetSuite-PropertyValueValidation`` ("how invalid property
    values are treated": ``Error``, the default, ``Warning``, ``Ignore``). A field the browser lists
    and the simulator does not model has its value held to the browser's type: refused under
    ``Error`` as a modelled field's bad value is (400 ``INVALID_CONTENT``, its path, nothing
    written), taken and ignored otherwise. Each was taken silently whatever the header."""
    before = _snapshot(netsuite)
    for name, value in BAD_UNMODELLED_VALUES.items():
        response = _raw(netsuite, "POST", "/salesOrder", json={**order_body(world), name: value}, headers=header)
        if refused:
            detail = assert_netsuite_error(response, 400, "INVALID_CONTENT")
            assert detail["o:errorPath"] == name, detail
            assert detail["detail"].startswith(f"Invalid value for field '{name}': expected "), detail
            assert _snapshot(netsuite) == before
        else:
            assert response.status_code == 204, response.text
            assert name not in netsuite.session.get(response.headers["Location"]).json()


@pytest.mark.parametrize("header", ["X-NetSuite-PropertyNameValidation", "X-NetSuite-PropertyValueValidation"])
@pytest.mark.parametrize("value", ["Strict", "error"])
def test_a_validation_header_outside_its_enumeration_is_refused(netsuite, world, header, value) -> None:
    """Both validation headers take ``Error``, ``Warning`` or ``Ignore`` (the browser's enumeration):
    another value is 400 ``INVALID_HEADER`` naming the header, nothing written, on every write. It
    was read as the default (``error`` as ``Error`` for the names)."""
    before = _snapshot(netsuite)
    for method, path, body in [("POST", "/salesOrder", order_body(world)),
                               ("PATCH", f"/salesOrder/{world['so']}", {"memo": "x"}),
                               ("PUT", "/salesOrder/eid:SHOP-9", order_body(world)),
                               ("POST", f"/invoice/{world['inv']}/!transform/creditMemo", {})]:
        detail = assert_netsuite_error(_raw(netsuite, method, path, json=body, headers={header: value}), 400,
                                       "INVALID_HEADER")
        assert detail["o:errorPath"] == header, detail
        assert "Error, Warning or Ignore" in detail["detail"], detail
    assert _snapshot(netsuite) == before


def test_the_fields_not_modelled_are_the_transcriptions_others() -> None:
    """What the simulator takes and ignores (``NOT_MODELLED``, ``LINE_NOT_MODELLED``) is exactly what
    the browser's transcription lists beyond the fields the simulator models — the refund-central
    transcription and each record's browser definition in full —, and every field the simulator
    models is one the browser lists: a field modelled later, or one transcribed later, moves between
    the two, and a field the simulator made up fails here."""
    subset = json.loads((CONTRACTS / "record_v1_2026_1_subset.json").read_text(encoding="utf-8"))
    more = json.loads((CONTRACTS / "record_v1_2026_1_more.json").read_text(encoding="utf-8"))
    browser = more["browser"]["records"]
    for name, spec in RECORD_TYPES.items():
        record = subset["records"].get(name) or more["records"][name]
        common = subset["common_transaction"] if record.get("common", name in subset["records"]) else {}
        listed = {*common, *record["fields"], *browser.get(name, {}).get("fields", ())} - set(record.get("no_field", ()))
        assert NOT_MODELLED[name] == listed - set(spec.fields) - set(spec.sublists) - {"links", "status"}, name
        assert {*spec.fields, *spec.sublists} - {"status"} <= listed, name
        for sublist in spec.sublists:
            element, fields = {"item": ("itemElement", LINE_FIELDS), "apply": ("applyElement", APPLY_FIELDS),
                               "currencyList": (None, CURRENCY_LIST_FIELDS)}[sublist]
            shared = subset["types"][element] if element else ()
            lines = {*shared, *browser.get(name, {}).get("lines", {}).get(sublist, ())}
            assert LINE_NOT_MODELLED[name, sublist] == lines - set(fields) - {"links"}, (name, sublist)
            assert set(fields) <= lines, (name, sublist)
    assert {"shipDate", "billAddress", "partners"} <= NOT_MODELLED["cashRefund"]
    assert {"units", "isTaxable", "vsoeSOPGroup"} <= LINE_NOT_MODELLED["cashRefund", "item"]


def test_a_bad_sublist_reference_answers_as_oracle_documents_it(netsuite, world) -> None:
    """Oracle's "Error Handling in REST Web Services" shows this request (an item line naming item
    9999) and its answer: INVALID_CONTENT, the detail below, the path to the value."""
    before = _snapshot(netsuite)
    body = {"entity": {"id": world["customer"]}, "item": {"items": [{"item": {"id": 9999}, "amount": 1}]}}
    detail = assert_netsuite_error(_raw(netsuite, "POST", "/salesOrder", json=body), 400, "INVALID_CONTENT")
    assert detail == {"detail": "Error while accessing resource: You have entered an Invalid Field Value 9999 for the "
                                "following field: item", "o:errorCode": "INVALID_CONTENT", "o:errorPath": "item.items[0].item"}
    patch = {"item": {"items": [{"line": 1, "item": {"id": "9999"}}]}}
    detail = assert_netsuite_error(_raw(netsuite, "PATCH", f"/salesOrder/{world['so']}", json=patch), 400, "INVALID_CONTENT")
    assert detail["o:errorPath"] == "item.items[0].item"
    assert _snapshot(netsuite) == before


def test_an_address_country_is_one_of_netsuites(netsuite, world) -> None:
    """An address's ``country`` is a select whose ids the REST API Browser enumerates (ISO codes and a
    few of NetSuite's own: ``XK``, ``IC``): another is NetSuite's "Invalid Field Value" for ``country``
    (observed: ExploreConsulting/netsuite-fasttrack-toolkit-ss2 issue #49), on a create as on an update;
    the enumeration's values are taken, as an object or the bare id. Any country was taken."""
    before = _snapshot(netsuite)
    body = {**order_body(world), "shippingAddress": {"addr1": "1 Main St", "country": {"id": "ZZ"}}}
    detail = assert_netsuite_error(_raw(netsuite, "POST", "/salesOrder", json=body), 400, "INVALID_CONTENT")
    assert detail == {"detail": "Error while accessing resource: You have entered an Invalid Field Value ZZ for the "
                                "following field: country", "o:errorCode": "INVALID_CONTENT",
                      "o:errorPath": "shippingAddress.country"}
    patch = {"billingAddress": {"country": "United States"}}
    detail = assert_netsuite_error(_raw(netsuite, "PATCH", f"/salesOrder/{world['so']}", json=patch), 400, "INVALID_CONTENT")
    assert detail["o:errorPath"] == "billingAddress.country" and "Invalid Field Value United States" in detail["detail"]
    assert _snapshot(netsuite) == before
    for country in ({"id": "GB"}, "XK", {"id": "IC", "refName": "Canary Islands"}):
        body = {**order_body(world), "billingAddress": {"country": country}}
        assert _raw(netsuite, "POST", "/salesOrder", json=body).status_code == 204, country


@pytest.mark.parametrize("header", [{}, {"X-NetSuite-PropertyNameValidation": "Warning"},
                                    {"X-NetSuite-PropertyNameValidation": "Ignore"}])
def test_unknown_fields_are_ignored_without_strict_validation(netsuite, world, header) -> None:
    """Without ``X-NetSuite-PropertyNameValidation: Error`` (the browser's default for every write is
    ``Warning``) an unknown name is not refused — on a sublist line as on the body: the header says
    how unknown property names of the request are treated, lines included. A line's was refused
    whatever the header."""
    body = order_body(world)
    body["item"]["items"][0]["colour"] = "red"
    response = _raw(netsuite, "POST", "/salesOrder", json={**body, "colour": "red", "total": 1}, headers=header)
    assert response.status_code == 204, response.text
    so = response.headers["Location"].rsplit("/", 1)[1]
    made = netsuite.get("salesOrder", so)
    assert "colour" not in made and made["total"] == 25.01
    patch = {"item": {"items": [{"line": 1, "colour": "blue", "quantity": 3}]}}
    assert _raw(netsuite, "PATCH", f"/salesOrder/{so}", json=patch, headers=header).status_code == 204
    assert netsuite.session.get(f"{netsuite.root}/salesOrder/{so}/item/1").json()["quantity"] == 3


@pytest.mark.parametrize("header", [{}, {"X-NetSuite-PropertyNameValidation": "Ignore"}])
def test_the_journal_names_each_field_a_write_had_ignored(netsuite, world, control, tenant, header) -> None:
    """What NetSuite took and ignored is noted on the write's journal entry (the harness fails a
    scenario by it): a name the record, a line or a subrecord does not have, a read-only field; a
    custom field (``cust...``) is not noted, nor a field NetSuite knows and the simulator does not
    model, nor anything of a read or a write that ignored nothing. An async write's are noted on
    its own entry when its job runs."""
    body = order_body(world)
    body["item"]["items"][0].update({"colour": "red", "custcol_gift": True})
    body.update({"colour": "red", "total": 1, "custbody_channel": "shop", "shipDate": "2026-12-01",
                 "shippingAddress": {"country": {"id": "US"}, "floor": 3}})
    created = _raw(netsuite, "POST", "/salesOrder", json=body, headers=header)
    assert created.status_code == 204, created.text
    so = created.headers["Location"].rsplit("/", 1)[1]
    netsuite.get("salesOrder", so)
    assert _raw(netsuite, "PATCH", f"/salesOrder/{so}", json={"memo": "kept"}, headers=header).status_code == 204
    job = _raw(netsuite, "POST", f"/salesOrder/{so}/!transform/returnAuthorization", json={"colour": "blue"},
               headers={**header, "Prefer": "respond-async"})
    assert job.status_code == 202, job.text
    entries = control.journal(tenant["tenant"])[-4:]
    assert [(e["method"], e["ignored"]) for e in entries] == [
        ("POST", ["item.items[0].colour", "colour", "total (read-only)", "shippingAddress.floor"]),
        ("GET", []), ("PATCH", []), ("POST", [])]  # the job has not run yet
    control.advance_clock(tenant["tenant"], ASYNC_JOB_SECONDS)
    ran = netsuite.session.get(job.headers["Location"]).json()
    assert ran["completed"] is True, ran
    assert control.journal(tenant["tenant"])[entries[-1]["seq"] - 1]["ignored"] == ["colour"]


def test_bad_patches_deletes_and_transforms_change_nothing(netsuite, world) -> None:
    before = _snapshot(netsuite)
    cases = [
        ("PATCH", f"/salesOrder/{world['so']}", {"entity": {"id": "999999"}}, 400, "INVALID_KEY_OR_REF"),
        ("PATCH", f"/salesOrder/{world['so']}", {"item": {"items": [{"line": 9, "quantity": 1}]}}, 400, "INVALID_KEY_OR_REF"),
        ("PATCH", f"/salesOrder/{world['so']}", {"item": {"items": [{"line": 1.5, "description": "x"}]}}, 400, "INVALID_CONTENT"),
        ("POST", f"/salesOrder/{world['so']}/!transform/returnAuthorization",
         {"item": {"items": [{"item": {"id": world["item"]}, "orderLine": 0.5, "quantity": 1}]}}, 400, "INVALID_CONTENT"),
        ("PATCH", f"/salesOrder/{world['so']}", {"item": {"items": [{"line": 1, "quantity": 1}]}}, 400, "USER_ERROR"),
        ("PATCH", f"/cashSale/{world['cs']}", {"shippingCost": 0}, 400, "USER_ERROR"),  # below what was refunded
        ("PATCH", f"/salesOrder/{world['so']}", {"entity": None}, 400, "USER_ERROR"),
        ("PATCH", "/salesOrder/424242", {"memo": "x"}, 404, "NONEXISTENT_ID"),
        ("DELETE", f"/salesOrder/{world['so']}", None, 400, "USER_ERROR"),
        ("DELETE", "/salesOrder/eid:NOPE", None, 404, "NONEXISTENT_ID"),
        ("POST", f"/salesOrder/{world['so']}/!transform/invoice", {}, 400, "INVALID_TRANSFORM"),  # billed in full
        ("POST", f"/salesOrder/{world['so']}/!transform/cashRefund", {}, 400, "INVALID_TRANSFORM"),
        ("POST", f"/cashSale/{world['cs']}/!transform/cashRefund", {}, 400, "USER_ERROR"),  # nothing remains
        ("POST", f"/invoice/{world['inv']}/!transform/creditMemo", {"item": {"items": [{"item": {"id": world["item"]},
                                                                                       "quantity": 9, "rate": 9}]}}, 400, "USER_ERROR"),
        ("POST", "/cashSale/424242/!transform/cashRefund", {}, 404, "NONEXISTENT_ID"),
        # The value of a field the simulator does not model is held to the browser's type (default Error).
        ("PATCH", f"/salesOrder/{world['so']}", {"memo": "x", "shipDate": "not a date"}, 400, "INVALID_CONTENT"),
        ("POST", f"/invoice/{world['inv']}/!transform/creditMemo", {"exchangeRate": "abc"}, 400, "INVALID_CONTENT"),
        ("POST", f"/cashSale/{world['cs']}/!transform/spaceship", {}, 404, "INVALID_RECORD_TYPE"),
    ]
    for method, path, body, status, code in cases:
        response = _raw(netsuite, method, path, json=body) if body is not None else _raw(netsuite, method, path)
        assert_netsuite_error(response, status, code)
    assert _snapshot(netsuite) == before


def test_unknown_ids_types_paths_and_methods(netsuite) -> None:
    assert_netsuite_error(_raw(netsuite, "GET", "/salesOrder/424242"), 404, "NONEXISTENT_ID")
    assert_netsuite_error(_raw(netsuite, "GET", "/salesOrder/eid:NOPE"), 404, "NONEXISTENT_ID")
    assert_netsuite_error(_raw(netsuite, "GET", "/salesOrder/not-a-number"), 404, "NONEXISTENT_ID")
    assert_netsuite_error(_raw(netsuite, "GET", "/spaceship/1"), 404, "INVALID_RECORD_TYPE")
    assert_netsuite_error(_raw(netsuite, "POST", "/spaceship", json={}), 404, "INVALID_RECORD_TYPE")
    assert_netsuite_error(_raw(netsuite, "GET", "/spaceship"), 404, "INVALID_RECORD_TYPE")
    assert_netsuite_error(_raw(netsuite, "DELETE", "/salesOrder/1/!transform/cashSale"), 405, "METHOD_NOT_ALLOWED")
    assert_netsuite_error(_raw(netsuite, "PUT", "/salesOrder/1"), 405, "METHOD_NOT_ALLOWED")
    assert_netsuite_error(netsuite.session.get(f"{netsuite.base_url}/services/rest/nothing/here"), 404, "NONEXISTENT_PATH")
