"""Orders over REST, WordPress's collections (``page``, ``per_page``, ``offset``, ``orderby``, the
``X-WP-Total`` / ``X-WP-TotalPages`` / ``Link`` headers), its argument errors and routing errors,
and WooCommerce's lack of a REST rate limit."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from simulators.clients import WooCommerceClient, WooCommerceError

from .conftest import API, ORDER_TOTAL, WooSim


def _links(response: requests.Response) -> dict[str, dict[str, str]]:
    """The ``Link`` header by rel, each as the query it carries."""
    return {rel: dict(parse_qsl(urlsplit(link["url"]).query)) for rel, link in response.links.items()}


def test_pages_come_with_totals_and_prev_next_links(woo: WooCommerceClient, sim: WooSim) -> None:
    ids = [sim.order()["id"] for _ in range(5)]
    first = woo.call("GET", "/orders", params={"per_page": 2, "orderby": "id", "order": "asc"})
    assert [o["id"] for o in first.json()] == ids[:2]
    assert (first.headers["X-WP-Total"], first.headers["X-WP-TotalPages"]) == ("5", "3")
    assert _links(first) == {"next": {"per_page": "2", "orderby": "id", "order": "asc", "page": "2"}}
    assert first.links["next"]["url"].startswith(f"{woo.root}/orders?")
    middle = woo.call("GET", "/orders", params={"per_page": 2, "orderby": "id", "order": "asc", "page": 2})
    assert [o["id"] for o in middle.json()] == ids[2:4]
    assert set(_links(middle)) == {"prev", "next"} and _links(middle)["prev"]["page"] == "1"
    last = woo.call("GET", "/orders", params={"per_page": 2, "orderby": "id", "order": "asc", "page": 3})
    assert [o["id"] for o in last.json()] == ids[4:] and set(_links(last)) == {"prev"}
    beyond = woo.call("GET", "/orders", params={"per_page": 2, "page": 9})
    assert beyond.json() == [] and beyond.headers["X-WP-Total"] == "5" and _links(beyond)["prev"]["page"] == "3"
    offset = woo.call("GET", "/orders", params={"per_page": 2, "offset": 3, "orderby": "id", "order": "asc"})
    assert [o["id"] for o in offset.json()] == ids[3:5]


def test_page_links_keep_every_value_of_a_repeated_array_parameter(https, tenant, sim: WooSim) -> None:
    """``get_items`` builds the links with ``add_query_arg($request->get_query_params(), ...)``:
    ``$_GET`` holds ``include[]=a&include[]=b&include[]=c`` as one array, which ``build_query``
    writes back as ``include%5B0%5D=a&include%5B1%5D=b...``, so the next page has the same filter.
    (Over HTTPS with Basic auth: WooCommerce's OAuth signs arrays by index, see test_auth.py.)"""
    creds = tenant["woocommerce"]
    token = base64.b64encode(f"{creds['consumer_key']}:{creds['consumer_secret']}".encode()).decode()

    def get(url: str) -> Any:  # a path, or a link's full URL
        return https.get(url, headers={"Authorization": f"Basic {token}"}, base_url="https://localhost")

    def link(response: Any, rel: str) -> str:
        found = requests.utils.parse_header_links(response.headers["Link"])
        return next(entry["url"] for entry in found if entry["rel"] == rel)

    ids = [sim.order()["id"] for _ in range(4)]
    wanted = ids[:3]
    first = get(f"{API}/orders?" + "&".join(f"include[]={i}" for i in wanted) + "&per_page=1&orderby=id&order=asc")
    assert first.status_code == 200 and first.headers["X-WP-Total"] == "3"
    next_url = link(first, "next")
    query = urlsplit(next_url).query
    assert query == ("include%5B0%5D={}&include%5B1%5D={}&include%5B2%5D={}&per_page=1&orderby=id&order=asc&page=2"
                     .format(*wanted))
    assert parse_qsl(query)[:3] == [(f"include[{n}]", str(i)) for n, i in enumerate(wanted)]
    second = get(next_url)  # a client following the link asks for the same orders
    assert [o["id"] for o in second.get_json()] == [wanted[1]] and second.headers["X-WP-Total"] == "3"
    assert [o["id"] for o in get(link(second, "prev")).get_json()] == [wanted[0]]


def test_the_default_page_is_ten_newest_first(woo: WooCommerceClient, sim: WooSim) -> None:
    ids = [sim.order()["id"] for _ in range(11)]
    page = woo.call("GET", "/orders")
    assert [o["id"] for o in page.json()] == ids[::-1][:10]  # same date: the id breaks the tie
    assert page.headers["X-WP-TotalPages"] == "2"


def test_orders_filter_by_status_customer_and_dates(woo: WooCommerceClient, sim: WooSim) -> None:
    paid = sim.order(customer_id=7)
    pending = sim.order(status="pending")
    woo.create_refund(paid["id"], {"amount": ORDER_TOTAL, "api_refund": False})
    assert [o["id"] for o in woo.orders(status="refunded")] == [paid["id"]]
    assert [o["id"] for o in woo.orders(status="pending,processing")] == [pending["id"]]
    assert [o["id"] for o in woo.orders(customer=7)] == [paid["id"]]
    assert woo.orders(after="2999-01-01T00:00:00") == []
    assert {o["id"] for o in woo.orders(modified_after="2000-01-01T00:00:00Z")} == {paid["id"], pending["id"]}
    assert [o["id"] for o in woo.orders(include=f"{pending['id']},1")] == [pending["id"]]


@pytest.mark.parametrize("params, problems", [
    ({"per_page": 101}, {"per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"}),
    ({"per_page": "ten"}, {"per_page": "per_page is not of type integer."}),
    # rest_is_integer's is_numeric: ASCII digits only (Python's \\d took "٥" and fullwidth "５" as 5).
    ({"per_page": "\u0665"}, {"per_page": "per_page is not of type integer."}),
    ({"page": "\uff12"}, {"page": "page is not of type integer."}),
    ({"page": 0}, {"page": "page must be greater than or equal to 1"}),
    ({"order": "up", "orderby": "price"}, {"order": "order is not one of asc and desc.",
                                          "orderby": "orderby is not one of date, id, include, title, slug, and modified."}),
    ({"after": "yesterday"}, {"after": "Invalid date."}),
    ({"status": "shipped"}, {"status": "status[0] is not one of any, trash, pending, processing, on-hold, completed, "
                                       "cancelled, refunded, failed, and checkout-draft."}),
    ({"dates_are_gmt": "maybe"}, {"dates_are_gmt": "dates_are_gmt is not of type boolean."}),
])
def test_bad_collection_arguments_are_rest_invalid_param(woo: WooCommerceClient, params, problems) -> None:
    with pytest.raises(WooCommerceError) as caught:
        woo.orders(**params)
    body = caught.value.body
    assert (caught.value.status, body["code"]) == (400, "rest_invalid_param")
    assert body["message"] == f"Invalid parameter(s): {', '.join(problems)}"
    assert body["data"]["params"] == problems and set(body["data"]["details"]) == set(problems)


def _https_get(https: Any, tenant: dict[str, Any], path_and_query: str) -> Any:
    """``GET`` over HTTPS with Basic auth and the query exactly as written (OAuth 1.0a signs a
    ``name[]`` member by its index, which an RFC 5849 client does not: see test_auth.py)."""
    creds = tenant["woocommerce"]
    token = base64.b64encode(f"{creds['consumer_key']}:{creds['consumer_secret']}".encode()).decode()
    return https.get(f"{API}{path_and_query}", headers={"Authorization": f"Basic {token}"}, base_url="https://localhost")


@pytest.mark.parametrize("query, problems", [
    # PHP's parse_str makes name[key]=v an array: a scalar argument given one is refused.
    ("per_page[a]=5", {"per_page": "per_page is not of type integer."}),
    ("page[0]=2", {"page": "page is not of type integer."}),
    ("search[x][y]=mug", {"search": "search is not of type string."}),
    ("order[]=asc", {"order": "order is not of type string."}),
    ("dates_are_gmt[]=1", {"dates_are_gmt": "dates_are_gmt is not of type boolean."}),
    # The last of name= and name[]= wins, as in PHP: here the array.
    ("per_page=2&per_page[]=3", {"per_page": "per_page is not of type integer."}),
    # An array argument given an array with names (not a list) is not of type array.
    ("status[a]=processing", {"status": "status is not of type array."}),
])
def test_an_array_for_a_scalar_argument_or_a_map_for_a_list_is_rest_invalid_param(
        https, tenant, order, query: str, problems: dict[str, str]) -> None:
    response = _https_get(https, tenant, f"/orders?{query}")
    body = response.get_json()
    assert (response.status_code, body["code"]) == (400, "rest_invalid_param"), body
    assert body["message"] == f"Invalid parameter(s): {', '.join(problems)}"
    assert body["data"]["params"] == problems
    assert {name: detail["code"] for name, detail in body["data"]["details"].items()} == {
        name: "rest_invalid_type" for name in problems}


def test_query_arrays_are_read_as_php_reads_them(https, tenant, sim: WooSim) -> None:
    """``name[i]=`` and ``name[]=`` build one array; a plain ``name=`` after ``name[]=`` replaces it."""
    first, second, third = (sim.order()["id"] for _ in range(3))
    listed = _https_get(https, tenant, f"/orders?include[0]={first}&include[1]={third}").get_json()
    assert sorted(o["id"] for o in listed) == [first, third]
    statuses = _https_get(https, tenant, "/orders?status[]=processing&status[]=pending").get_json()
    assert {o["id"] for o in statuses} == {first, second, third}
    assert len(_https_get(https, tenant, "/orders?per_page[]=3&per_page=2").get_json()) == 2


def test_a_scalar_for_an_array_argument_is_read_as_a_list(woo: WooCommerceClient, order) -> None:
    """``rest_is_array`` reads a scalar as ``wp_parse_list`` does: ``meta_data: 5`` is ``["5"]``,
    whose item is then not an object."""
    with pytest.raises(WooCommerceError) as caught:
        woo.create_refund(order["id"], {"amount": "1.00", "api_refund": False, "meta_data": 5})
    assert (caught.value.status, caught.value.body["data"]["params"]) == (
        400, {"meta_data": "meta_data[0] is not of type object."})


def test_an_unknown_order_is_invalid_id_and_unknown_routes_are_rest_no_route(woo: WooCommerceClient) -> None:
    with pytest.raises(WooCommerceError) as missing:
        woo.order(424242)
    assert (missing.value.status, missing.value.body) == (404, {"code": "woocommerce_rest_shop_order_invalid_id",
                                                                "message": "Invalid ID.", "data": {"status": 404}})
    for method, path in [("GET", "/orders/abc"), ("GET", "/coupons"), ("PUT", "/refunds"), ("OPTIONS", "/orders")]:
        with pytest.raises(WooCommerceError) as no_route:
            woo.call(method, path)
        assert (no_route.value.status, no_route.value.body) == (404, {
            "code": "rest_no_route", "message": "No route was found matching the URL and request method.",
            "data": {"status": 404}}), (method, path)


@pytest.mark.parametrize("raw, code, message", [
    (b"{not json", 4, "Syntax error"), (b'{"amount": NaN}', 4, "Syntax error"),
    (b"\xff\xfe", 5, "Malformed UTF-8 characters, possibly incorrectly encoded"),
    (b"[" * 600 + b"]" * 600, 1, "Maximum stack depth exceeded"),
])
def test_a_body_php_cannot_decode_is_rest_invalid_json(woo: WooCommerceClient, order, raw, code, message) -> None:
    response = woo.session.post(f"{woo.root}/orders/{order['id']}/refunds", data=raw,
                                headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"code": "rest_invalid_json", "message": "Invalid JSON body passed.",
                               "data": {"status": 400, "json_error_code": code, "json_error_message": message}}


def test_orders_are_created_over_rest_from_the_catalogue(woo: WooCommerceClient, sim: WooSim) -> None:
    seeded = sim.order()
    mug = seeded["line_items"][0]
    order = woo.create_order({"payment_method": "bacs", "set_paid": True,
                              "billing": {"first_name": "Ada", "email": "ada@example.com"},
                              "line_items": [{"sku": "MUG-1", "quantity": 3}, {"product_id": mug["product_id"]}],
                              "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat rate", "total": "4.00"}]})
    assert (order["status"], order["created_via"], order["total"], order["payment_method_title"]) == \
        ("processing", "rest-api", "54.00", "")
    assert [(i["sku"], i["quantity"], i["total"]) for i in order["line_items"]] == [("MUG-1", 3, "37.50"),
                                                                                  ("MUG-1", 1, "12.50")]
    assert sim.stock("MUG-1") == 4  # 10 − 2 (the seeded order) − 4
    for line, code in [({"quantity": 1}, "woocommerce_rest_required_product_reference"),
                       ({"sku": "NOPE"}, "woocommerce_rest_invalid_product_id")]:
        with pytest.raises(WooCommerceError) as caught:
            woo.create_order({"line_items": [line]})
        assert (caught.value.status, caught.value.code) == (400, code)


def test_a_product_without_a_sku_shows_an_empty_sku_on_its_lines(woo: WooCommerceClient, sim: WooSim) -> None:
    """A product need not have a SKU; WooCommerce's line items then answer ``"sku": ""`` (the
    examples of its orders documentation)."""
    created = sim.order(line_items=[{"name": "Gift wrap", "sku": "", "price": "4.00"}])
    (line,) = woo.order(created["id"])["line_items"]
    assert (line["name"], line["sku"], line["total"]) == ("Gift wrap", "", "4.00")


@pytest.mark.parametrize("email", ["not-an-email", "", "a@b", "ada@@example.com", "ada@example..com",
                                   "ada@-example.com", "ad a@example.com", "ada@exam_ple.com"])
def test_a_billing_email_is_an_email_address(woo: WooCommerceClient, sim: WooSim, email: str) -> None:
    """The orders schema's ``billing.email`` has ``format: email`` (the community OpenAPI, generated
    from a live store's route schema): WordPress checks it with ``is_email()`` and refuses anything
    else with 400 ``rest_invalid_param``, "Invalid email address." (``rest_invalid_email``). Any text
    was taken."""
    sim.order()  # the catalogue
    before = sim.snapshot()
    with pytest.raises(WooCommerceError) as caught:
        woo.create_order({"line_items": [{"sku": "MUG-1"}], "billing": {"first_name": "Ada", "email": email}})
    body = caught.value.body
    assert (caught.value.status, body["code"], body["data"]["params"]) == \
        (400, "rest_invalid_param", {"billing": "Invalid email address."})
    assert body["data"]["details"]["billing"]["code"] == "rest_invalid_email"
    assert sim.snapshot() == before
    for good in ("ada@example.com", "ada.lovelace+shop@mail.example.co.uk", "o'brien@example.ie"):
        made = woo.create_order({"line_items": [{"sku": "MUG-1"}], "billing": {"email": good}})
        assert made["billing"]["email"] == good


def test_an_order_created_refunded_is_refunded_in_full_by_woocommerce(woo: WooCommerceClient, sim: WooSim) -> None:
    """An order whose status becomes ``refunded`` by hand (RULES.md §3): the hook
    ``wc_order_fully_refunded`` refunds what remains — "Order fully refunded.", no line items,
    through no gateway — and notes it. Creating the order with that status is such a change
    (``save_object`` sets the status after the order is built, pending → refunded). It made a
    "refunded" order with nothing refunded, so a connector reading its refunds found none."""
    sim.order()  # the catalogue
    order = woo.create_order({"line_items": [{"sku": "MUG-1", "quantity": 2}], "status": "refunded",
                              "payment_method": "stripe"})
    assert order["status"] == "refunded"
    [refund] = woo.refunds(order["id"])
    assert (refund["amount"], refund["reason"], refund["refunded_payment"], refund["line_items"], refund["refunded_by"]) == \
        ("25.00", "Order fully refunded.", False, [], 1)
    assert woo.order(order["id"])["refunds"] == [{"id": refund["id"], "reason": "Order fully refunded.", "total": "-25.00"}]
    # Nothing to refund, nothing refunded.
    free = woo.create_order({"line_items": [{"sku": "MUG-1", "total": "0"}], "status": "refunded"})
    assert woo.refunds(free["id"]) == []


def test_an_order_s_currency_is_one_of_woocommerce_s_currencies(woo: WooCommerceClient, sim: WooSim) -> None:
    """The orders schema's ``currency`` enum is WooCommerce's currency list (the v3 docs list the
    options): anything else is WordPress's 400 ``rest_invalid_param`` ``rest_not_in_enum`` "currency is
    not one of AED, AFN, …, and ZMW." Any three capitals were taken ("XXX", "ABC"), and lower case
    was refused with a message WordPress does not write."""
    sim.order()  # the catalogue
    before = sim.snapshot()
    for currency in ("XXX", "ABC", "usd", ""):
        with pytest.raises(WooCommerceError) as caught:
            woo.create_order({"line_items": [{"sku": "MUG-1"}], "currency": currency})
        body = caught.value.body
        assert (caught.value.status, body["code"]) == (400, "rest_invalid_param"), currency
        message = body["data"]["params"]["currency"]
        assert message.startswith("currency is not one of AED, AFN, ALL, ") and message.endswith(", ZAR, and ZMW.")
        assert body["data"]["details"]["currency"]["code"] == "rest_not_in_enum"
    assert sim.snapshot() == before
    for currency in ("EUR", "JPY", "BTC", "IRT"):
        assert woo.create_order({"line_items": [{"sku": "MUG-1"}], "currency": currency})["currency"] == currency


def test_there_is_no_rest_rate_limit(woo: WooCommerceClient, order) -> None:
    """WooCommerce core limits only the Store API (opt-in), never /wc/v3: 300 calls, no 429."""
    statuses = {woo.call("GET", f"/orders/{order['id']}").status_code for _ in range(300)}
    assert statuses == {200}


def test_orders_read_in_place_show_the_refunds(woo: WooCommerceClient, order: dict[str, Any]) -> None:
    refund = woo.create_refund(order["id"], {"amount": "1.50", "reason": "late", "api_refund": False})
    listed = woo.orders()[0]
    assert listed["refunds"] == [{"id": refund["id"], "reason": "late", "total": "-1.50"}]


def test_a_coupon_discount_lowers_the_line_s_total_and_is_the_order_s_discount_total(
        woo: WooCommerceClient, sim: WooSim) -> None:
    """``calculate_totals``: a line's ``subtotal`` is before its discount, its ``total`` after, and so
    are their taxes (``subtotal_tax``, each rate's ``subtotal``: "Line subtotal tax (before
    discounts)"; ``total_tax``, each rate's ``total``: after); the order's ``discount_total`` and
    ``discount_tax`` are what the discounts took off, and a refund can give back no more than the
    total after them."""
    order = sim.order(line_items=[{"name": "Enamel mug", "sku": "MUG-1", "price": "12.00", "quantity": 3,
                                   "tax": "3.42", "discount": "0.60"}], shipping_lines=[])
    (line,) = order["line_items"]
    assert (line["subtotal"], line["total"], line["total_tax"]) == ("36.00", "35.40", "3.42")
    # The same rate on 36.00 as on 35.40: 3.42 × 36 / 35.40 = 3.4779... → 3.48.
    assert (line["subtotal_tax"], [(t["total"], t["subtotal"]) for t in line["taxes"]]) == ("3.48", [("3.42", "3.48")])
    assert (order["discount_total"], order["discount_tax"], order["total"], order["total_tax"]) == ("0.60", "0.06", "38.82", "3.42")
    plain = sim.order(line_items=[{"name": "Tea", "sku": "TEA-1", "price": "8.50", "quantity": 2,
                                   "tax": {"state": "1.20", "county": "0.50"}}], shipping_lines=[])
    (tea,) = plain["line_items"]
    assert (tea["subtotal_tax"], tea["total_tax"], plain["discount_tax"]) == ("1.70", "1.70", "0.00")
    assert [(t["total"], t["subtotal"]) for t in tea["taxes"]] == [("1.2", "1.2"), ("0.5", "0.5")]
    with pytest.raises(WooCommerceError) as over:
        woo.create_refund(order["id"], {"amount": "38.83", "api_refund": False})
    assert (over.value.status, over.value.body["message"]) == (500, "Invalid refund amount.")
    for wrong in ({"discount": "36.01"}, {"price": None, "discount": "1.00"}, {"discount": "-1"}):
        line_spec = {"name": "Mug", "sku": "MUG-1", "price": "12.00", "quantity": 3, **wrong}
        response = sim.control.session.post(f"{sim.root}/orders", json={"line_items": [
            {k: v for k, v in line_spec.items() if v is not None}]}, timeout=10)
        assert response.status_code == 400 and "discount" in response.json()["error"]["message"], response.text


def test_the_payment_of_an_order_on_hold_arrives(woo: WooCommerceClient, sim: WooSim) -> None:
    """A bank transfer arrives and the merchant marks the order paid: processing, paid now, stock
    reduced once (on hold had reduced it already); an order not awaiting payment is refused, and so
    is an order the store does not have."""
    waiting = sim.order(status="on-hold", payment_method="bacs")
    assert (waiting["status"], waiting["date_paid"]) == ("on-hold", None) and sim.stock("MUG-1") == 8
    response = sim.control.session.post(f"{sim.root}/orders/{waiting['id']}/payment", timeout=10)
    assert response.status_code == 200, response.text
    paid = woo.order(waiting["id"])
    assert paid["status"] == "processing" and paid["date_paid"] and response.json()["status"] == "processing"
    assert sim.stock("MUG-1") == 8
    pending = sim.order(status="pending", payment_method="cheque")
    assert sim.control.session.post(f"{sim.root}/orders/{pending['id']}/payment", timeout=10).ok
    assert sim.stock("MUG-1") == 6  # pending had not reduced it: the payment does
    for order_id, status in ((waiting["id"], 409), ("999999", 404), ("abc", 404)):
        refused = sim.control.session.post(f"{sim.root}/orders/{order_id}/payment", timeout=10)
        assert refused.status_code == status and refused.json()["error"]["message"], refused.text
    assert woo.order(waiting["id"])["date_paid"] == paid["date_paid"]


def test_an_item_is_taxed_at_the_state_s_and_the_county_s_rates(woo: WooCommerceClient, sim: WooSim) -> None:
    """A US store's two rates for one area, each of its own priority (``WC_Tax::get_rate_code``:
    COUNTRY-STATE-NAME-PRIORITY): an item's ``taxes`` has the tax at each, ``total_tax`` their sum,
    the order a tax line per rate; a refund's tax goes to the rates it names, and its tax lines
    show each (negative). A tax given as an amount is the state's alone. Wrong taxes are refused,
    nothing created."""
    order = sim.order(line_items=[{"name": "Enamel mug", "sku": "MUG-1", "price": "12.00", "quantity": 3,
                                   "tax": {"state": "2.40", "county": "1.20"}},
                                  {"name": "Loose-leaf tea", "sku": "TEA-1", "price": "8.00", "quantity": 1, "tax": "0.66"}],
                      shipping_lines=[{"method_id": "flat_rate", "method_title": "Flat rate", "total": "6.00",
                                       "tax": {"county": "0.20"}}])
    mug, tea = order["line_items"]
    state, county = (t["rate_id"] for t in order["tax_lines"])
    assert county == state + 1
    assert [(t["rate_code"], t["label"], t["tax_total"], t["shipping_tax_total"]) for t in order["tax_lines"]] == [
        ("US-CA-STATE TAX-1", "State Tax", "3.06", "0.00"), ("US-CA-COUNTY TAX-2", "County Tax", "1.20", "0.20")]
    assert [(t["id"], t["total"]) for t in mug["taxes"]] == [(state, "2.4"), (county, "1.2")] and mug["total_tax"] == "3.60"
    assert [(t["id"], t["total"]) for t in tea["taxes"]] == [(state, "0.66")]
    assert [(t["id"], t["total"]) for t in order["shipping_lines"][0]["taxes"]] == [(county, "0.2")]
    assert (order["total_tax"], order["total"]) == ("4.46", "54.46")
    refund = woo.create_refund(order["id"], {"amount": "13.20", "api_refund": False, "line_items": [
        {"id": mug["id"], "quantity": 1, "refund_total": "12.00",
         "refund_tax": [{"id": state, "refund_total": "0.80"}, {"id": county, "refund_total": "0.40"}]}]})
    assert [(t["label"], t["tax_total"]) for t in refund["tax_lines"]] == [("State Tax", "-0.80"), ("County Tax", "-0.40")]
    before = len(woo.orders(per_page=100))
    for wrong in ({"state": "1.00", "city": "0.10"}, {"state": "-1"}, {"county": "abc"}, ["1.00"], True):
        response = sim.control.session.post(f"{sim.root}/orders", json={"line_items": [
            {"name": "Mug", "sku": "MUG-1", "price": "12.00", "quantity": 1, "tax": wrong}]}, timeout=10)
        assert response.status_code == 400 and "line_items[0].tax" in response.json()["error"]["message"], response.text
    assert len(woo.orders(per_page=100)) == before


def test_an_order_shipped_to_someone_else_keeps_the_customer_in_its_billing_address(woo: WooCommerceClient,
                                                                                  sim: WooSim) -> None:
    """"Ship to a different address?" at checkout (a gift): the order's ``shipping`` is the
    recipient's — the fields the control plane is given, the rest drawn — and its ``billing`` the
    customer's, as without it. A ``ship_to`` that is not an object of address fields is refused and
    makes no order."""
    gift = sim.order(customer={"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"},
                     ship_to={"first_name": "Bea", "last_name": "Byron"})
    assert (gift["billing"]["first_name"], gift["billing"]["last_name"], gift["billing"]["email"]) == (
        "Ada", "Lovelace", "ada@example.com")
    assert (gift["shipping"]["first_name"], gift["shipping"]["last_name"]) == ("Bea", "Byron")
    assert gift["shipping"]["address_1"] and woo.order(gift["id"])["shipping"] == gift["shipping"]
    drawn = sim.order(ship_to={})
    assert drawn["shipping"]["last_name"] and drawn["shipping"] != {k: drawn["billing"][k] for k in drawn["shipping"]}
    home = sim.order()
    assert home["shipping"]["first_name"] == home["billing"]["first_name"]
    before = len(woo.orders())
    for wrong, said in (("Bea", "ship_to must be an object."), ({"email": "b@example.com"}, "Unknown field(s) in ship_to: email."),
                        ({"first_name": 5}, "ship_to.first_name")):
        response = sim.control.session.post(f"{sim.root}/orders", json={"ship_to": wrong}, timeout=10)
        assert response.status_code == 400 and said in response.json()["error"]["message"], response.text
    assert len(woo.orders()) == before


def test_an_order_of_a_store_that_enters_prices_with_tax_says_so_and_keeps_its_totals_before_tax(
        woo: WooCommerceClient, sim: WooSim) -> None:
    """``prices_include_tax`` says how the store entered its prices at checkout; the REST API's line,
    shipping and fee totals are before tax whatever it says, each tax apart, and the order's
    ``total`` holds the tax (WooCommerce issues #17276, #62846). It was always false, so a connector
    taking the tax out of such an order's totals could not be shown. Not a boolean: refused, and no
    order is made."""
    line = {"name": "Mug", "sku": "MUG-TAX", "price": "12.00", "quantity": 2, "tax": "2.40"}
    shipping = [{"method_id": "flat_rate", "method_title": "Flat rate", "total": "5.00", "tax": "0.50"}]
    gross = sim.order(line_items=[line], shipping_lines=shipping, prices_include_tax=True)
    net = sim.order(line_items=[line], shipping_lines=shipping)
    assert (gross["prices_include_tax"], net["prices_include_tax"]) == (True, False)
    assert woo.order(gross["id"])["prices_include_tax"] is True
    for order in (gross, net):
        assert (order["line_items"][0]["total"], order["line_items"][0]["total_tax"]) == ("24.00", "2.40")
        assert (order["shipping_lines"][0]["total"], order["shipping_total"], order["total"]) == ("5.00", "5.00", "31.90")
    before = len(woo.orders())
    response = sim.control.session.post(f"{sim.root}/orders", json={"prices_include_tax": "yes"}, timeout=10)
    assert response.status_code == 400 and "prices_include_tax must be true or false." in response.json()["error"]["message"]
    assert len(woo.orders()) == before
