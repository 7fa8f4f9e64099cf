"""``searchCriteria`` on orders, invoices and credit memos (docs-performing-searches.md): filters ORed
within a group and ANDed across groups, every condition type, both spellings, sort orders, pages
(past the last one Magento answers the last page again), and the entity reads by id."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from simulators.clients import MagentoClient
from simulators.clients.magento import search_criteria

from .conftest import ORDER, MagentoSim, items_of, magento_header, refused


@pytest.fixture
def orders(sim: MagentoSim) -> list[dict[str, Any]]:
    """Three orders: 40.50 paid, 20.00 paid, 40.50 pending (not invoiced)."""
    return [sim.order(**ORDER, customer={"email": "ann@example.com"}),
            sim.order(items=[{"sku": "BOX", "price": "20.00"}], shipping_amount="0.00",
                      customer={"email": "bob@example.org"}),
            sim.order(**ORDER, invoice="none", customer={"email": "cy@example.com"})]


def _ids(result: dict[str, Any]) -> list[int]:
    return [item["entity_id"] for item in result["items"]]


def test_filters_condition_types_and_groups(magento: MagentoClient, orders) -> None:
    a, b, c = (o["entity_id"] for o in orders)
    cases = {
        (("status", "processing", None),): [a, b],
        (("status", "pending", "neq"),): [a, b],
        (("grand_total", "20", "gt"),): [a, c],
        (("grand_total", "40.5", "lteq"),): [a, b, c],
        (("customer_email", "%@example.com", "like"),): [a, c],
        (("customer_email", "%EXAMPLE.ORG", "like"),): [b],  # MySQL's collation ignores case
        (("entity_id", f"{a},{c}", "in"),): [a, c],
        (("entity_id", f"{a},{c}", "nin"),): [b],
        (("total_refunded", "", "null"),): [a, b, c],
        (("total_paid", "", "notnull"),): [a, b],
        (("status", "pending", None), ("grand_total", "20", "eq")): [b, c],  # OR within a group
    }
    for filters, expected in cases.items():
        result = magento.orders(search_criteria(list(filters)))
        assert (sorted(_ids(result)), result["total_count"]) == (sorted(expected), len(expected)), filters
    both = magento.orders(search_criteria([("grand_total", "40", "gteq")], [("status", "processing", "eq")]))
    assert _ids(both) == [a]  # AND across groups
    ranged = magento.orders(search_criteria([("grand_total", "10", "from")], [("grand_total", "30", "to")]))
    assert _ids(ranged) == [b]


def test_text_columns_compare_as_text_and_number_columns_as_numbers(magento: MagentoClient, sim: MagentoSim) -> None:
    """MySQL compares a VARCHAR column with the quoted filter value as text (case-insensitive
    collation), a numeric column as a number: '000000123' is not 123, '10' sorts before '9'."""
    nine = sim.order(**ORDER, customer={"firstname": "9"})
    ten = sim.order(**ORDER, customer={"firstname": "10"})
    number = nine["increment_id"]
    assert number.startswith("0") and str(int(number)) != number

    def found(*filters: tuple[str, str, str | None], sort: list[tuple[str, str]] | None = None) -> list[int]:
        return _ids(magento.orders(search_criteria(list(filters), sort=sort or [])))

    assert found(("increment_id", number, None)) == [nine["entity_id"]]
    assert found(("increment_id", str(int(number)), None)) == []
    assert found(("increment_id", str(int(number)), "in")) == []
    assert found(("increment_id", f"{number},x", "in")) == [nine["entity_id"]]
    assert found(("increment_id", "2", "gt")) == []  # '0000…' < '2' as text
    assert found(("customer_firstname", "9", "gt")) == []  # '10' < '9' as text
    assert found(("customer_firstname", "9", "lt")) == [ten["entity_id"]]
    assert found(sort=[("customer_firstname", "ASC")]) == [ten["entity_id"], nine["entity_id"]]
    # Numeric columns stay numbers: 40.50 is 40.5, and a filter text MySQL cannot read as a number is 0.
    assert sorted(found(("grand_total", "40.50", None))) == sorted([nine["entity_id"], ten["entity_id"]])
    both = sorted([nine["entity_id"], ten["entity_id"]])
    assert sorted(found(("grand_total", "abc", "gt"))) == sorted(found(("grand_total", "0", "gt"))) == both


def test_the_criteria_are_echoed_and_camel_case_is_read_too(magento: MagentoClient, orders) -> None:
    params = {"searchCriteria[filterGroups][0][filters][0][field]": "status",
              "searchCriteria[filterGroups][0][filters][0][value]": "processing",
              "searchCriteria[sortOrders][0][field]": "grand_total", "searchCriteria[sortOrders][0][direction]": "asc",
              "searchCriteria[pageSize]": "5", "searchCriteria[currentPage]": "1"}
    result = magento.orders(params)
    assert _ids(result) == [orders[1]["entity_id"], orders[0]["entity_id"]]
    assert result["search_criteria"] == {
        "filter_groups": [{"filters": [{"field": "status", "value": "processing", "condition_type": "eq"}]}],
        "sort_orders": [{"field": "grand_total", "direction": "ASC"}], "page_size": 5, "current_page": 1}


def test_sorting_defaults_to_descending_and_pages_repeat_the_last(magento: MagentoClient, orders) -> None:
    ids = sorted(o["entity_id"] for o in orders)
    assert _ids(magento.orders(search_criteria(sort=[("entity_id", "")]))) == ids[::-1]
    pages = [_ids(magento.orders(search_criteria(sort=[("entity_id", "ASC")], page_size=2, current_page=p)))
             for p in (1, 2, 3)]
    assert pages == [ids[:2], ids[2:], ids[2:]]  # page 3 does not exist: Magento answers the last one
    assert magento.orders()["total_count"] == 3  # searchCriteria with nothing in it: everything


@pytest.mark.parametrize("page", [None, 1, 3, -2])
def test_a_negative_page_size_answers_one_row(magento: MagentoClient, orders, page: int | None) -> None:
    """The collection limits a query whenever its page size is not 0 (``AbstractDb::_renderLimit``),
    and ``Zend_Db_Select::limitPage`` reads a page size below 1 as 1; the page is clamped to the
    last page, which a negative size makes 0 or less, so page 1: a negative ``pageSize`` answers the
    first row, ``total_count`` every match. It answered every order, so a client asking for
    "everything" with -1 was not caught reading one row."""
    ids = sorted(o["entity_id"] for o in orders)
    found = magento.orders(search_criteria(sort=[("entity_id", "ASC")], page_size=-1, current_page=page))
    assert (_ids(found), found["total_count"], found["search_criteria"]["page_size"]) == (ids[:1], 3, -1)
    assert _ids(magento.orders(search_criteria(sort=[("entity_id", "ASC")], page_size=0))) == ids  # 0: no limit


def test_invoices_and_credit_memos_are_searched_by_order(magento: MagentoClient, orders) -> None:
    paid = orders[0]
    [invoice] = magento.order_invoices(paid["entity_id"])
    assert invoice["order_id"] == paid["entity_id"] and magento.invoice(invoice["entity_id"]) == invoice
    assert magento.order_invoices(orders[2]["entity_id"]) == []
    tea = items_of(paid)["TEA-1"]
    memo_id = magento.refund_order(paid["entity_id"], {"items": [{"order_item_id": tea, "qty": 1}]})
    by_order = magento.creditmemos(search_criteria([("order_id", paid["entity_id"], None)]))
    assert _ids(by_order) == [memo_id] and by_order["items"][0] == magento.creditmemo(memo_id)
    since = magento.creditmemos(search_criteria([("created_at", by_order["items"][0]["created_at"], "gteq")]))
    assert _ids(since) == [memo_id]


def test_searches_refuse_what_magento_refuses(magento: MagentoClient, raw, simulators, orders) -> None:
    base = f"{simulators.base_url}/rest/default/V1"
    missing = raw.get(f"{base}/orders")
    assert (missing.status_code, missing.json()) == (400, {
        "message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "searchCriteria"}})
    bad_size = raw.get(f"{base}/creditmemos", params={"searchCriteria[pageSize]": "ten"})
    assert (bad_size.status_code, bad_size.json()["message"]) == (
        400, 'Error occurred during "pageSize" processing. The "ten" value\'s type is invalid. '
             'The "int" type was expected. Verify and try again.')
    unknown = refused(magento.orders, search_criteria([("no_such_column", "1", None)]))
    assert unknown.status == 400 and unknown.message == 'Invalid value of "no_such_column" provided for the field field.'


def test_input_limits_when_the_store_turns_them_on(simulators, control) -> None:
    tenant = control.create_tenant(seed=8, settings={"magento": {"input_limits": True}})
    client = MagentoClient(simulators.base_url, tenant["magento"])
    sim = MagentoSim(simulators.base_url, tenant["tenant"])
    for _ in range(21):
        sim.order(items=[{"sku": "PEN", "price": "1.00"}])
    page = client.orders()
    assert (len(page["items"]), page["total_count"], page["search_criteria"]["page_size"]) == (20, 21, 20)
    error = refused(client.orders, search_criteria(page_size=301))
    assert (error.status, error.body) == (400, {"message": "Maximum SearchCriteria pageSize is %max",
                                                "parameters": {"max": "300"}})


def test_input_limits_are_turned_on_and_off_through_the_control_plane(simulators, control, sim: MagentoSim,
                                                                      magento: MagentoClient) -> None:
    """The merchant changes the store's configuration mid-scenario (the step "the Magento store has its
    web API input limits on"): a search answers by the limits as they are now; a wrong body is refused
    in the control plane's shape and changes nothing."""
    for _ in range(21):
        sim.order(items=[{"sku": "PEN", "price": "1.00"}])
    url = f"{control.root}/tenants/{sim.tenant}/magento/input_limits"
    assert control.session.get(url).json() == {"on": False, "default_page_size": 20, "maximum_page_size": 300}
    assert len(magento.orders()["items"]) == 21
    for body, message in (({"on": "yes"}, "on must be true or false."), ({}, "on must be true or false."),
                          ({"on": True, "size": 5}, "Unknown field(s): size."), ([True], "The body must be a JSON object.")):
        refusal = control.session.put(url, json=body)
        assert (refusal.status_code, refusal.json()["error"]["message"]) == (400, message), body
    assert control.session.get(url).json()["on"] is False
    assert control.magento_input_limits(sim.tenant, True)["on"] is True
    page = magento.orders()
    assert (len(page["items"]), page["total_count"]) == (20, 21)
    assert control.tenant(sim.tenant)["settings"]["magento"] == {"input_limits": True}
    assert control.magento_input_limits(sim.tenant, False) == {"on": False, "default_page_size": 20, "maximum_page_size": 300}
    assert len(magento.orders()["items"]) == 21
    assert control.session.put(f"{control.root}/tenants/no-such-tenant/magento/input_limits", json={"on": True}).status_code == 404


@pytest.mark.parametrize(("path_id", "status", "message"), [
    ("abc", 400, 'The "abc" value\'s type is invalid. The "int" type was expected. Verify and try again.'),
    ("0", 400, "An ID is needed. Set the ID and try again."),
    ("-3", 404, "The entity that was requested doesn't exist. Verify the entity and try again."),
    ("9" * 40, 404, "The entity that was requested doesn't exist. Verify the entity and try again."),
])
def test_an_id_in_the_path_is_read_as_an_integer(raw, simulators, path_id: str, status: int, message: str) -> None:
    for entity in ("orders", "invoices", "creditmemo"):
        response = raw.get(f"{simulators.base_url}/rest/default/V1/{entity}/{path_id}")
        assert (response.status_code, response.json()) == (status, {"message": message}), entity


def test_an_order_is_read_by_entity_id_not_increment_id(magento: MagentoClient, orders) -> None:
    order = orders[0]
    assert int(order["increment_id"]) != order["entity_id"]
    assert magento.order(order["entity_id"]) == order
    assert magento.order_by_increment_id(order["increment_id"]) == order


def test_order_items_are_searched(magento: MagentoClient, orders, raw) -> None:
    """``GET /V1/orders/items`` (``OrderItemRepositoryInterface::getList``, searchCriteria) is in
    Adobe's schema: it was read as ``GET /V1/orders/{id}`` with the id "items" ("The "items" value's
    type is invalid")."""
    first = orders[0]
    found = magento._call("GET", "/orders/items", params={
        **search_criteria([("order_id", first["entity_id"], None)], sort=[("item_id", "ASC")])})
    assert found["items"] == sorted(first["items"], key=lambda item: item["item_id"])
    assert found["total_count"] == len(first["items"])
    everything = magento._call("GET", "/orders/items", params=search_criteria(
        [("sku", "BOX", None), ("sku", "TEA-1", None)], sort=[("item_id", "ASC")]))
    assert [item["sku"] for item in everything["items"]] == ["TEA-1", "BOX", "TEA-1"]
    assert raw.get(f"{magento.root}/orders/items").json() == {
        "message": '"%fieldName" is required. Enter and try again.', "parameters": {"fieldName": "searchCriteria"}}


def test_the_query_is_read_as_phps_parse_str_reads_it(raw, simulators, tenant, orders) -> None:
    """Magento reads ``searchCriteria`` from ``$_GET``, which PHP's ``parse_str`` builds: ``[]``
    appends a new member each time, so ``filters[][field]=…&filters[][value]=…`` are two filters
    (one without a value, one without a field: no order matches); they were one filter keyed "",
    which matched. A later plain name replaces an array; a repeated one keeps its last value."""
    base = f"{simulators.base_url}/rest/default/V1/orders"
    email = orders[0]["customer_email"]
    split = raw.get(f"{base}?searchCriteria[filter_groups][0][filters][][field]=customer_email"
                    f"&searchCriteria[filter_groups][0][filters][][value]={email}")
    assert split.status_code == 200 and split.json()["total_count"] == 0, split.json()
    together = raw.get(f"{base}?searchCriteria[filter_groups][0][filters][0][field]=customer_email"
                       f"&searchCriteria[filter_groups][0][filters][0][value]={email}")
    assert _ids(together.json()) == [orders[0]["entity_id"]]
    # Signed as Magento signs a repeated name (its last value only), which RFC 5849 clients do not.
    last = requests.get(f"{base}?searchCriteria[pageSize]=1&searchCriteria[pageSize]=2", timeout=10, headers=magento_header(
        tenant["magento"], "GET", base, last=[("searchCriteria%5BpageSize%5D", "2")]))
    assert last.json()["search_criteria"]["page_size"] == 2
