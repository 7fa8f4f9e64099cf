"""Every route of the simulators, sent what a careless or hostile client sends: never a 5xx, an
error in the shape that route's users know (the vendor's own on vendor paths), and a refused
request leaves the tenant as it was: its snapshot, and what the path could change beyond it
(``RECORDS``: on a vendor's paths every field of the world's records that vendor keeps, read through
its own API; the connector's account and transactions; the tenant's faults and clock).

The routes come from the app's URL map, so a route added later is swept without being listed here;
it fails ``test_every_route_is_swept`` until its path parameters have values in ``PATH_VALUES``.
Each route gets a fresh tenant with a real NetSuite sales order, Shopify order, eBay order and eBay
return, WooCommerce order, and a paid Magento order and its invoice, so that requests reach the body
parsing and the rules behind it, not just the 404s.

One vendor answers some refusals with HTTP 500 on purpose: WooCommerce's refund controllers give
WordPress errors whose ``data`` is a bare integer, which it sends as 500 (simulators/woocommerce/
FIDELITY.md). Such a 500 passes only with one of those documented codes; a crash of a simulator says
"Unexpected simulator error" and never does.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from faker import Faker
from werkzeug.routing import Rule

from fixtures.builders import shopify_order
from simulators.app import create_app
from simulators.clients import (ControlPlaneClient, MagentoClient, NetSuiteClient, ShopifyClient, VendorError,
                                WooCommerceClient)
from simulators.woocommerce.errors import VENDOR_500_CODES

#: Bodies no route accepts as they are: not JSON, JSON that Python reads and JSON does not, the
#: wrong JSON type at the root, nesting deeper than a recursive parser survives, an object whose
#: usual fields all have the wrong type, and each service's own bodies with impossible amounts.
BAD_BODIES: list[bytes] = [
    b"{not json", b"\xff\xfe\x00", b"[]", b"null", b'"text"', b"123", b'{"amount": NaN}', b'{"value": Infinity}',
    b'{"amount": 1e400}', b'{"quantity": ' + b"9" * 5000 + b"}", b"[" * 100_000 + b"]" * 100_000,
    json.dumps({"order": [], "refund": "x", "q": -1, "items": {"nested": [None]}, "settings": 1e300, "seed": True,
                "advance_seconds": [], "status": "x", "amount": -1, "transactions": {"nested": [None]},
                "refund_line_items": 1e300, "query": True, "variables": [], "lineItemId": "x", "quantity": -1,
                "reasonForRefund": {"nested": [None]}, "orderLevelRefundAmount": 1e300, "refundItems": True,
                "limit": [], "rate_limit": "x", "source_channel": -1, "order_id": {"nested": [None]},
                "entity": 1e300, "item": True}).encode(),
    # Well-formed requests with amounts no order has (past Decimal's 28 digits once multiplied).
    *(json.dumps(body).encode() for body in (
        {"order": {"email": "a@example.com", "line_items": [{"title": "t", "quantity": 1, "price": "1e30"}]}},
        {"refund": {"shipping": {"amount": "1e30"}, "transactions": [{"amount": "1e30", "kind": "refund"}]}},
        {"lineItems": [{"title": "Mug", "sku": "MUG-1", "quantity": 10**30, "price": "1e30"}], "currency": "USD"},
        {"reasonForRefund": "OTHER_ADJUSTMENT", "orderLevelRefundAmount": {"value": "1e30", "currency": "USD"}},
        {"refundDetail": {"itemizedRefundDetail": [{"refundAmount": {"value": 1e30, "currency": "USD"},
                                                    "refundFeeType": "PURCHASE_PRICE"}],
                          "totalAmount": {"value": 1e30, "currency": "USD"}}},
        {"entity": {"id": 1}, "item": {"items": [{"item": {"id": 1}, "quantity": 10**30, "rate": 1e30}]}},
        {"items": [{"order_item_id": 10**30, "qty": 1e30}], "isOnline": True, "capture": True,
         "arguments": {"shipping_amount": 1e30, "adjustment_positive": "1e30", "adjustment_negative": -1,
                       "extension_attributes": {"return_to_stock_items": [10**30]}}},
        {"items": [{"sku": "MUG", "price": "1e30", "qty": 10**30, "discount_amount": "1e30"}], "shipping_amount": "1e30"},
    )),
]
#: Query strings with values no route accepts.
BAD_QUERIES = ["", "?limit=-1&offset=abc&q=((&since=-1&order_id=%00&return_state=x&filter=bogus&expandSubResources=maybe",
               "?limit=" + "9" * 5000 + "&offset=%C2%B2&since=%C2%B2"]

#: Path parameter → the values tried: the world's real one ({...}) and ones that name nothing.
PATH_VALUES: dict[str, list[str]] = {
    "tenant_id": ["{tenant}", "t-nope"], "version": ["{version}", "1999-13"],
    "order_id": ["{order_id}", "999999999", "9" * 5000], "refund_id": ["1"], "transaction_id": ["1", "nope"],
    "webhook_id": ["1"], "return_id": ["{return_id}", "abc"], "type_": ["salesOrder", "nonsense"],
    "key": ["{sales_order}", "eid:", "-1", "9" * 5000, "\u00b2"],
    "sublist": ["item", "bogus"], "target": ["invoice", "bogus"], "action": ["post", "bogus"], "fault_id": ["x"],
    "store_code": ["default", "nope"], "invoice_id": ["{magento_invoice}", "0", "abc"], "creditmemo_id": ["1", "-1"],
    "case_id": ["1", "nope"], "job_id": ["1", "999999999", "9" * 5000], "task_id": ["1", "2"],
    "cancel_id": ["{cancel_id}", "abc"], "gateway_id": ["stripe", "nope", "9" * 5000],
}
_PARAM = re.compile(r"<(?:[^:>]+:)?([^>]+)>")
#: What a path could change beyond the tenant's snapshot, which shows only a glance (ids, statuses,
#: totals, refunds): on a vendor's paths the world's records that vendor keeps, read through its own
#: API with every field; on the connector API the account and its transactions; on the control plane
#: the tenant's armed faults and its clock (its other settings are read only by some services, or not
#: at all: reading them all after each of its refused requests would double the sweep's time).
RECORDS: dict[str, tuple[str, ...]] = {
    "/connector/": ("/connector/v1/accounts/{tenant}", "/connector/v1/accounts/{tenant}/transactions"),
    "/_sim/": ("/_sim/tenants/{tenant}/faults", "/_sim/tenants/{tenant}/clock"),
    "/services/": ("/services/rest/record/v1/salesOrder/{sales_order}?expandSubResources=true",),
    "/admin/": ("/admin/api/{version}/orders/{shopify_order}.json",),
    "/sell/": ("/sell/fulfillment/v1/order/{ebay_order}",),
    "/post-order/": ("/post-order/v2/return/{return_id}", "/sell/fulfillment/v1/order/{ebay_order}",
                     "/post-order/v2/cancellation/{cancel_id}", "/sell/fulfillment/v1/order/{ebay_unshipped}"),
    "/wp-json/": ("/wp-json/wc/v3/orders/{woocommerce_order}",),
    "/rest/": ("/rest/V1/orders/{magento_order}", "/rest/V1/invoices/{magento_invoice}"),
}


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


@functools.cache
def _routes() -> list[Rule]:
    return sorted(create_app().url_map.iter_rules(), key=lambda r: r.rule)


def _shape(path: str) -> tuple[str, Callable[[Any], bool]]:
    """Whose error shape a path answers with, and a check of it."""
    if path.startswith("/services/rest/auth/oauth2/"):  # OAuth 2.0's own error shape (RFC 6749 §5.2)
        return "OAuth 2.0", lambda b: isinstance(b, dict) and isinstance(b["error"], str) and bool(b["error"])
    if path.startswith("/services/rest/"):
        return "NetSuite", lambda b: isinstance(b, dict) and b["o:errorDetails"][0]["o:errorCode"] and b["status"] >= 400
    if path.startswith("/admin/api/"):
        return "Shopify", lambda b: isinstance(b, dict) and bool(b["errors"])
    if path.startswith("/sell/"):
        return "eBay", lambda b: isinstance(b, dict) and b["errors"][0]["errorId"] > 0
    if path.startswith("/wp-json/"):
        return "WooCommerce", lambda b: (isinstance(b, dict) and bool(b["code"]) and bool(b["message"])
                                         and (isinstance(b["data"], int) or b["data"]["status"] >= 400))
    if path.startswith("/post-order/"):
        return "eBay Post-Order", lambda b: isinstance(b, dict) and b["errorMessage"]["error"][0]["errorId"] > 0
    if path.startswith("/rest/"):
        return "Magento", lambda b: isinstance(b, dict) and isinstance(b["message"], str) and bool(b["message"])
    return "control plane", lambda b: isinstance(b, dict) and bool(b["error"]["code"] and b["error"]["message"])


def _vendor_500(path: str, response: requests.Response) -> bool:
    """A 500 the vendor itself sends (WooCommerce's refund errors with a bare integer as data)."""
    if response.status_code != 500 or not path.startswith("/wp-json/"):
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return (isinstance(body, dict) and body.get("code") in VENDOR_500_CODES and isinstance(body.get("data"), int)
            and "Unexpected simulator error" not in str(body.get("message")))


def _snapshot(control: ControlPlaneClient, tenant: str) -> dict[str, Any] | None:
    """The tenant's records, or ``None`` once an accepted request has deleted the tenant."""
    try:
        return control.snapshot(tenant)
    except VendorError as exc:
        if exc.status == 404:
            return None
        raise


def _session(world: dict[str, Any], path: str) -> requests.Session:
    """The session that carries ``path``'s credentials (the control plane's for its own paths)."""
    return next((s for prefix, s in world["sessions"].items() if path.startswith(prefix)), world["control"].session)


def _record(world: dict[str, Any], template: str) -> tuple[str, Any]:
    """One of :data:`RECORDS`, read with every field: its path and its body, ``None`` once an
    accepted request has deleted it."""
    record = template.format(**world["values"])
    response = _session(world, record).get(f"{world['base']}{record}")
    assert response.status_code in (200, 404), f"reading {record}: {response.status_code} {response.text[:300]}"
    return record, response.json() if response.status_code == 200 else None


def _state(world: dict[str, Any], path: str) -> dict[str, Any] | None:
    """The tenant's snapshot and every field of the records that ``path``'s vendor keeps
    (:data:`RECORDS`), or ``None`` once an accepted request has deleted the tenant."""
    snapshot = _snapshot(world["control"], world["tenant"])
    if snapshot is None:
        return None
    records = next((records for prefix, records in RECORDS.items() if path.startswith(prefix)), ())
    return {"snapshot": snapshot, **dict(_record(world, template) for template in records)}


def _holds(check: Callable[[Any], bool], response: requests.Response) -> bool:
    try:
        return check(response.json())
    except (ValueError, KeyError, IndexError, TypeError):
        return False


def _ok(response: requests.Response) -> Any:
    assert response.ok, f"setting up the world: {response.request.method} {response.url} → {response.text}"
    return response.json()


@pytest.fixture
def world(simulators, faker: Faker) -> Iterator[dict[str, Any]]:
    """A fresh tenant (Shopify rate limit off: the sweep is not about the bucket) with one of everything."""
    control = ControlPlaneClient(simulators.base_url)
    tenant = control.create_tenant(seed=11, settings={"shopify": {"rate_limit": False}})
    netsuite = NetSuiteClient(simulators.base_url, tenant["netsuite"])
    customer = netsuite.create("customer", {"companyName": "Sweep Ltd", "isPerson": False})
    item = netsuite.create("nonInventorySaleItem", {"itemId": "SKU-1", "basePrice": 10.0})
    sales_order = netsuite.create("salesOrder", {"entity": {"id": customer}, "item": {"items": [
        {"item": {"id": item}, "quantity": 2, "rate": 10.0}]}})
    shopify = ShopifyClient(simulators.base_url, tenant["shopify"])
    order = shopify.create_order(shopify_order(faker, lines=1))
    ebay_order = control.create_ebay_order(tenant["tenant"], {
        "lineItems": [{"title": "Mug", "sku": "MUG-1", "quantity": 1, "price": "12.50"}], "currency": "USD"})
    ebay_return = control.create_ebay_return(tenant["tenant"], ebay_order["orderId"],
                                             {"lineItemId": ebay_order["lineItems"][0]["lineItemId"], "quantity": 1})
    # An order the seller has not shipped, whose buyer asked to cancel it: the cancellation's paths.
    ebay_unshipped = control.create_ebay_order(tenant["tenant"], {
        "lineItems": [{"title": "Mug", "sku": "MUG-1", "quantity": 1, "price": "12.50"}], "currency": "USD",
        "orderFulfillmentStatus": "NOT_STARTED"})
    cancellation = control.request_ebay_cancellation(tenant["tenant"], ebay_unshipped["orderId"])
    woocommerce = WooCommerceClient(simulators.base_url, tenant["woocommerce"])  # OAuth 1.0a: the base URL is http
    woo_order = control.create_woocommerce_order(tenant["tenant"], {
        "line_items": [{"name": "Mug", "sku": "MUG-1", "quantity": 1, "price": "12.50"}]})
    magento = MagentoClient(simulators.base_url, tenant["magento"])
    magento_order = control.create_magento_order(tenant["tenant"], {"items": [{"sku": "MUG-1", "price": "12.50", "qty": 2}]})
    [magento_invoice] = magento.order_invoices(magento_order["entity_id"])
    _ok(control.session.put(f"{simulators.base_url}/connector/v1/accounts/{tenant['tenant']}/",
                            json={"settings": {"storefront": "shopify", "refund_direction": "from_netsuite"}}))
    # eBay's two APIs take the same token under two schemes (Bearer; IAF for Post-Order).
    fulfillment, post_order = requests.Session(), requests.Session()
    fulfillment.headers["Authorization"] = f"Bearer {tenant['ebay']['access_token']}"
    post_order.headers["Authorization"] = f"IAF {tenant['ebay']['access_token']}"
    post_order.headers["X-EBAY-C-MARKETPLACE-ID"] = tenant["ebay"]["marketplace_id"]  # each Post-Order call's
    sessions = {"/services/": netsuite.session, "/admin/": shopify.session, "/sell/": fulfillment,
                "/post-order/": post_order, "/wp-json/": woocommerce.session, "/rest/": magento.session}
    yield {"base": simulators.base_url, "control": control, "tenant": tenant["tenant"], "sessions": sessions,
           "values": {"tenant": tenant["tenant"], "version": tenant["shopify"]["api_version"], "sales_order": sales_order,
                      "shopify_order": str(order["id"]), "ebay_order": ebay_order["orderId"],
                      "return_id": ebay_return["returnId"], "woocommerce_order": str(woo_order["id"]),
                      "cancel_id": cancellation["cancelId"], "ebay_unshipped": ebay_unshipped["orderId"],
                      "magento_order": str(magento_order["entity_id"]),
                      "magento_invoice": str(magento_invoice["entity_id"])}}
    for session in (*sessions.values(), control.session):
        session.close()


def _paths(rule: Rule, values: dict[str, str]) -> Iterator[str]:
    # <order_id> is each store's own order on its paths (eBay, WooCommerce, Magento), the Shopify order elsewhere.
    store = next((name for name, prefix, control in (("ebay", "/sell/", "/ebay/"), ("woocommerce", "/wp-json/", "/woocommerce/"),
                                                     ("magento", "/rest/", "/magento/"))
                  if rule.rule.startswith(prefix) or control in rule.rule), "shopify")
    values = {**values, "order_id": values[f"{store}_order"]}
    names = _PARAM.findall(rule.rule)
    for chosen in itertools.product(*(PATH_VALUES[name] for name in names)):
        path = rule.rule
        for name, value in zip(names, chosen, strict=True):
            path = re.sub(f"<(?:[^:>]+:)?{name}>", value.format(**values), path)
        yield path


def test_the_records_compared_are_the_worlds(world: dict[str, Any]) -> None:
    """Each record the sweep reads in full exists in a fresh world (a 404 there would make its
    comparisons prove nothing)."""
    for templates in RECORDS.values():
        for template in templates:
            path, body = _record(world, template)
            assert body, f"{path}: no such record in the world"


def test_every_route_is_swept() -> None:
    unknown = {name for rule in _routes() for name in _PARAM.findall(rule.rule)} - set(PATH_VALUES)
    assert not unknown, f"path parameters without values to sweep them with (add them to PATH_VALUES): {unknown}"


@pytest.mark.parametrize("rule", _routes(), ids=lambda r: f"{'|'.join(_methods(r))} {r.rule}")
def test_a_bad_request_is_refused_in_shape_and_changes_nothing(world: dict[str, Any], rule: Rule) -> None:
    for path, method in itertools.product(_paths(rule, world["values"]), _methods(rule)):
        session = _session(world, path)
        name, well_shaped = _shape(path)
        writes = method in ("POST", "PUT", "PATCH")
        changes = writes or method == "DELETE"
        after: dict[str, Any] | None = None  # the records as the last refused request left them
        for body, query in itertools.product(BAD_BODIES if writes else [None], BAD_QUERIES if not writes else [""]):
            # Nothing runs between two requests of this loop (the clock is frozen), so the records a
            # refused request left are the next one's records before it.
            before = (after if after is not None else _state(world, path)) if changes else None
            after = None
            response = session.request(method, f"{world['base']}{path}{query}", data=body,
                                       headers={"Content-Type": "application/json"} if body is not None else {})
            what = f"{method} {path}{query} with {body[:40]!r}" if body is not None else f"{method} {path}{query}"
            assert response.status_code < 500 or _vendor_500(path, response), \
                f"{what} → {response.status_code}: {response.text[:300]}"
            if response.status_code < 400:
                continue
            assert _holds(well_shaped, response), f"{what} → {response.status_code}, not a {name} error: {response.text[:300]}"
            if before is not None:
                after = _state(world, path)
                changed = [part for part in before if after is None or after.get(part) != before[part]]
                assert not changed, f"{what} was refused ({response.status_code}) but changed {changed}"


#: Digits other than ASCII's: Arabic-Indic and fullwidth. Python reads them as numbers (``int``,
#: ``Decimal``, ``re``'s ``\\d``); the vendors' routes and parsers do not.
OTHER_DIGITS = (0x0660, 0xFF10)


def _other_digits(text: str, zero: int) -> str:
    return "".join(chr(zero + int(c)) if "0" <= c <= "9" else c for c in text)


@pytest.mark.parametrize("rule", [r for r in _routes() if "<int:" in r.rule], ids=lambda r: f"{'|'.join(_methods(r))} {r.rule}")
def test_a_numeric_id_in_other_digits_names_nothing(world: dict[str, Any], rule: Rule) -> None:
    """A numeric path id is ASCII digits: the world's own order spelled ``٥٤٩…`` or ``５４９…`` is no
    route (the vendor's 404, in its shape), never that order (werkzeug's ``int`` converter matched
    ``\\d+``, which in Python is any Unicode digit, and read it with ``int``)."""
    path = next(_paths(rule, world["values"]))  # the world's real values
    name, well_shaped = _shape(path)
    parts = re.split(r"(<[^>]+>)", rule.rule)  # text, <param>, text, ...: the params at the odd indexes
    names = [_PARAM.findall(part)[0] if index % 2 else "" for index, part in enumerate(parts)]
    found = re.fullmatch("".join(f"(?P<{name}>[^/]+?)" if name else re.escape(part) for part, name in zip(parts, names, strict=True)), path)
    assert found is not None, path
    for zero, method in itertools.product(OTHER_DIGITS, _methods(rule)):
        spelled = "".join(part if not name else _other_digits(found[name], zero) if part.startswith("<int:") else found[name]
                          for part, name in zip(parts, names, strict=True))
        before = _state(world, path)
        response = _session(world, path).request(method, f"{world['base']}{spelled}", json={})
        assert response.status_code == 404, f"{method} {spelled} → {response.status_code}: {response.text[:300]}"
        assert _holds(well_shaped, response), f"{method} {spelled} → not a {name} error: {response.text[:300]}"
        assert _state(world, path) == before, f"{method} {spelled} changed the world"


#: Refunds whose amount (``{amount}``) is text a vendor reads as a number only in ASCII digits:
#: Shopify's Ruby (``BigDecimal``), WooCommerce's and Magento's PHP (``is_numeric``; PCRE's ``\\d``
#: without ``/u``). Python's ``Decimal``, ``int`` and ``re`` (``\\d``) read any Unicode digit, and
#: ``Decimal`` underscores too.
OTHER_DIGIT_AMOUNTS = [
    ("Shopify transaction", "POST", "/admin/api/{version}/orders/{shopify_order}/refunds.json",
     {"refund": {"transactions": [{"parent_id": "{sale}", "amount": "{amount}", "kind": "refund"}]}}),
    ("Shopify shipping", "POST", "/admin/api/{version}/orders/{shopify_order}/refunds.json",
     {"refund": {"shipping": {"amount": "{amount}"}}}),
    ("Shopify GraphQL", "POST", "/admin/api/{version}/graphql.json",
     {"query": "mutation ($input: RefundInput!) { refundCreate(input: $input) { refund { id } userErrors { message } } }",
      "variables": {"input": {"orderId": "gid://shopify/Order/{shopify_order}", "shipping": {"amount": "{amount}"}}}}),
    ("WooCommerce", "POST", "/wp-json/wc/v3/orders/{woocommerce_order}/refunds", {"amount": "{amount}", "api_refund": False}),
    ("Magento", "POST", "/rest/V1/order/{magento_order}/refund",
     {"items": [], "arguments": {"shipping_amount": 0, "adjustment_positive": "{amount}"}}),
]


#: ``0_1.00`` is no number only to Magento's web API (PHP's ``is_numeric``): Shopify's Ruby
#: ``BigDecimal`` reads underscores between digits, and WooCommerce's ``wc_format_decimal`` keeps the
#: digits and the point of text that is no number, so both refund 1.00 there too (not a case here).
OTHER_DIGIT_CASES = [pytest.param(*case, amount, id=f"{case[0]}-{amount}") for case in OTHER_DIGIT_AMOUNTS
                     for amount in ("\u0661.\u0660\u0660", "\uff11.\uff10\uff10", "0_1.00")
                     if amount != "0_1.00" or case[0] == "Magento"]


@pytest.mark.parametrize("what, method, template, body, amount", OTHER_DIGIT_CASES)
def test_an_amount_in_other_digits_is_no_number(world: dict[str, Any], what: str, method: str, template: str,
                                                body: dict[str, Any], amount: str) -> None:
    """``١.٠٠``, ``１.００`` (and ``0_1.00`` where the web API's float type reads it with PHP's
    ``is_numeric``) are refused as any text that is no number is, and refund nothing: each was a
    refund of 1.00."""
    values = dict(world["values"])
    session = _session(world, template)
    if "{sale}" in json.dumps(body):
        orders = session.get(f"{world['base']}/admin/api/{values['version']}/orders/{values['shopify_order']}/transactions.json")
        values["sale"] = str(orders.json()["transactions"][0]["id"])
    text = json.dumps(body).replace("{amount}", amount.replace("\\", "\\\\"))
    for name, value in values.items():
        text = text.replace("{%s}" % name, value)
    path = template.format(**values)
    before = _state(world, path)
    response = session.request(method, f"{world['base']}{path}", data=text, headers={"Content-Type": "application/json"})
    answer = response.json()
    refused = response.status_code >= 400 or (isinstance(answer, dict) and bool(  # GraphQL refuses with HTTP 200
        answer.get("errors") or ((answer.get("data") or {}).get("refundCreate") or {}).get("userErrors")))
    assert refused, f"{what}: {amount!r} was taken as a number: {response.status_code} {response.text[:300]}"
    assert _state(world, path) == before, f"{what}: the refused {amount!r} changed the world"


#: Well-formed requests with a number past ``Decimal``'s exponent range (``{huge}``, text): its
#: ``abs()`` or arithmetic raises ``decimal.Overflow``, and read as an ``int`` it has ten million digits.
HUGE_EXPONENTS = [
    ("Shopify transaction", "POST", "/admin/api/{version}/orders/{shopify_order}/refunds.json",
     {"refund": {"transactions": [{"parent_id": "{sale}", "amount": "{huge}", "kind": "refund"}]}}),
    ("Shopify shipping", "POST", "/admin/api/{version}/orders/{shopify_order}/refunds.json", {"refund": {"shipping": {"amount": "{huge}"}}}),
    ("Shopify capture", "POST", "/admin/api/{version}/orders/{shopify_order}/transactions.json",
     {"transaction": {"kind": "capture", "amount": "{huge}"}}),
    ("Shopify order", "POST", "/admin/api/{version}/orders.json",
     {"order": {"email": "a@example.com", "line_items": [{"title": "t", "quantity": 1, "price": "{huge}"}]}}),
    ("NetSuite rate", "PATCH", "/services/rest/record/v1/salesOrder/{sales_order}", {"item": {"items": [{"line": 1, "rate": "{huge}"}]}}),
    ("NetSuite shipping", "PATCH", "/services/rest/record/v1/salesOrder/{sales_order}", {"shippingCost": "{huge}"}),
    ("eBay order refund", "POST", "/sell/fulfillment/v1/order/{ebay_order}/issue_refund",
     {"reasonForRefund": "OTHER_ADJUSTMENT", "orderLevelRefundAmount": {"value": "{huge}", "currency": "USD"}}),
    ("eBay return refund", "POST", "/post-order/v2/return/{return_id}/issue_refund",
     {"refundDetail": {"itemizedRefundDetail": [{"refundAmount": {"value": "{huge}", "currency": "USD"}, "refundFeeType": "PURCHASE_PRICE"}],
                       "totalAmount": {"value": "{huge}", "currency": "USD"}}}),
    ("WooCommerce amount", "POST", "/wp-json/wc/v3/orders/{woocommerce_order}/refunds", {"amount": "{huge}", "api_refund": False}),
    ("WooCommerce quantity", "POST", "/wp-json/wc/v3/orders/{woocommerce_order}/refunds",
     {"amount": "1.00", "api_refund": False, "line_items": [{"id": "{woo_line}", "quantity": "{huge}", "refund_total": "1.00"}]}),
    ("Magento shipping", "POST", "/rest/V1/order/{magento_order}/refund", {"items": [], "arguments": {"shipping_amount": "{huge}"}}),
    ("Magento quantity", "POST", "/rest/V1/order/{magento_order}/refund", {"items": [{"order_item_id": "{magento_item}", "qty": "{huge}"}]}),
]


@pytest.mark.parametrize("huge", ["1e9999999", "-1e9999999", "1e5000"])
@pytest.mark.parametrize("what, method, template, body", HUGE_EXPONENTS, ids=[case[0] for case in HUGE_EXPONENTS])
def test_a_number_past_decimals_exponent_range_is_refused(world: dict[str, Any], what: str, method: str, template: str,
                                                          body: dict[str, Any], huge: str) -> None:
    """Refused as too large (or not a number), in the vendor's shape, changing nothing: it was a 500
    ("Unexpected simulator error: Overflow.", or ValueError printing a 5,001-digit quantity), and a
    WooCommerce refund of 1e9999999 units never answered."""
    values = dict(world["values"])
    session = _session(world, template)
    base = world["base"]
    if "{sale}" in json.dumps(body):
        values["sale"] = str(session.get(f"{base}/admin/api/{values['version']}/orders/{values['shopify_order']}/"
                                         "transactions.json").json()["transactions"][0]["id"])
    if "{woo_line}" in json.dumps(body):
        values["woo_line"] = str(session.get(f"{base}/wp-json/wc/v3/orders/{values['woocommerce_order']}").json()["line_items"][0]["id"])
    if "{magento_item}" in json.dumps(body):
        values["magento_item"] = str(session.get(f"{base}/rest/V1/orders/{values['magento_order']}").json()["items"][0]["item_id"])
    text = json.dumps(body).replace("{huge}", huge)
    for name, value in values.items():
        text = text.replace("{%s}" % name, value)
    path = template.format(**values)
    name, well_shaped = _shape(path)
    before = _state(world, path)
    response = session.request(method, f"{base}{path}", data=text, headers={"Content-Type": "application/json"})
    assert response.status_code < 500 or _vendor_500(path, response), f"{what} {huge} → {response.status_code}: {response.text[:300]}"
    assert response.status_code >= 400, f"{what}: {huge} was accepted: {response.text[:300]}"
    assert _holds(well_shaped, response), f"{what} {huge} → not a {name} error: {response.text[:300]}"
    assert _state(world, path) == before, f"{what}: the refused {huge} changed the world"


@pytest.mark.parametrize("rule", [r for r in _routes() if r.rule.startswith(("/_sim/", "/connector/"))
                                  and set(_methods(r)) & {"POST", "PUT"}], ids=lambda r: f"{'|'.join(_methods(r))} {r.rule}")
def test_the_control_plane_and_the_connector_api_refuse_a_field_they_do_not_know(world: dict[str, Any], rule: Rule) -> None:
    """A misspelt field is refused, never silently ignored (the vendors' own APIs are as lenient as the real ones)."""
    control: ControlPlaneClient = world["control"]
    path = next(_paths(rule, world["values"]))  # the world's real values
    for method in set(_methods(rule)) & {"POST", "PUT"}:
        response = control.session.request(method, f"{world['base']}{path}", json={"no_such_field": 1})
        assert response.status_code == 400, f"{method} {path} → {response.status_code}: {response.text[:300]}"
        assert "no_such_field" in response.json()["error"]["message"], response.text
