"""The control plane contract (DESIGN.md): tenants, reset, journal, clock, evidence."""

from __future__ import annotations

from typing import Any
import pytest

from simulators.app import create_app


@pytest.fixture
def client():
    return create_app().test_client()


def test_create_tenant_answers_the_documented_credentials(client) -> None:
    response = client.post("/_sim/tenants", json={})
    assert response.status_code == 201
    body = response.get_json()
    assert body["tenant"].startswith("t-")
    assert set(body["netsuite"]) >= {"account_id", "consumer_key", "consumer_secret", "token_id", "token_secret"}
    assert set(body["shopify"]) >= {"shop", "access_token", "api_version", "webhook_secret"}
    assert body["shopify"]["shop"] == f"{body['tenant']}.myshopify.com"
    assert body["ebay"]["marketplace_id"] == "EBAY_US" and body["ebay"]["access_token"]


def test_create_tenant_accepts_an_empty_body(client) -> None:
    assert client.post("/_sim/tenants").status_code == 201


@pytest.mark.parametrize("body, message", [
    ({"seed": "x"}, "seed"), ({"seed": -1}, "seed"), ({"colour": 1}, "colour"), ([1, 2], "object"),
    # A seed of hundreds of digits was taken (and shown in the report, where a reader of JSON
    # rounds any beyond 2**53 - 1, so the seed replayed was another): refused, naming the bound.
    ({"seed": 10 ** 300}, "seed must be an integer from 0 to 9,007,199,254,740,991"),
    ({"seed": 2 ** 53}, "seed must be an integer from 0 to 9,007,199,254,740,991"),
    ({"settings": 3}, "settings"),
    # Settings no simulator reads, or of a type it does not take, were ignored: the tenant ran on
    # the defaults while its author believed otherwise (m2m_certificate_id ['x'] became "['x']").
    ({"settings": {"ebay": {}}}, "settings.ebay"),
    ({"settings": {"netsuite": 5}}, "settings.netsuite must be an object"),
    ({"settings": {"netsuite": {"concurency_limit": 3}}}, "settings.netsuite.concurency_limit"),
    ({"settings": {"netsuite": {"concurrency_limit": 0}}}, "settings.netsuite.concurrency_limit"),
    ({"settings": {"netsuite": {"concurrency_limit": "3"}}}, "settings.netsuite.concurrency_limit"),
    ({"settings": {"netsuite": {"m2m_certificate_id": ["cert-42"]}}}, "settings.netsuite.m2m_certificate_id"),
    ({"settings": {"netsuite": {"m2m_certificate_id": ""}}}, "settings.netsuite.m2m_certificate_id"),
    ({"settings": {"magento": {"integration_as_bearer": "yes"}}}, "settings.magento.integration_as_bearer"),
    ({"settings": {"magento": {"input_limit": True}}}, "settings.magento.input_limit"),
    ({"settings": {"shopify": {"bucketsize": 2}}}, "settings.shopify.bucketsize"),
])
def test_create_tenant_refuses_bad_bodies(client, body, message) -> None:
    registry = client.application.extensions["refundsim.tenants"]
    before = len(registry._tenants)
    response = client.post("/_sim/tenants", json=body)
    assert response.status_code == 400
    assert message in response.get_json()["error"]["message"]
    assert len(registry._tenants) == before  # no tenant was made


def test_the_largest_seed_is_taken_by_the_tenants_and_by_seed() -> None:
    """The bound is one: ``--seed`` takes what the control plane takes, and says so of the rest
    before anything runs (a seed it took then failed every scenario at its tenant's creation)."""
    import argparse

    from harness.seeds import parse_seed
    from simulators.core.tenants import MAX_SEED

    assert create_app().test_client().post("/_sim/tenants", json={"seed": MAX_SEED}).get_json()["seed"] == MAX_SEED
    assert parse_seed(str(MAX_SEED)) == MAX_SEED
    with pytest.raises(argparse.ArgumentTypeError, match="must be an integer from 0 to 9,007,199,254,740,991, not 9007"):
        parse_seed(str(MAX_SEED + 1))
    with pytest.raises(argparse.ArgumentTypeError, match=r"^must be an integer from 0 to 9,007,199,254,740,991, not 1e3$"):
        parse_seed("1e3")  # said as any other seed it cannot take, not Python's "invalid int value: '1e3'"


def test_malformed_json_is_a_400_not_a_500(client) -> None:
    response = client.post("/_sim/tenants", data="{nope", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


def test_unknown_tenant_is_a_404(client) -> None:
    for method, path in [("get", "/_sim/tenants/t-000000"), ("post", "/_sim/tenants/t-000000/reset"),
                         ("get", "/_sim/tenants/t-000000/journal"), ("post", "/_sim/tenants/t-000000/clock")]:
        response = getattr(client, method)(path, json={})
        assert response.status_code == 404, path
        assert response.get_json()["error"]["code"] == "unknown_tenant"
        # Quoted as the control plane's other messages quote a value (JSON's double quotes), not
        # as Python writes a string ("No tenant 't-000000'.").
        assert response.get_json()["error"]["message"] == 'No tenant "t-000000".'
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    gone = client.delete(f"/_sim/tenants/{tenant}/faults/f-9").get_json()["error"]
    assert gone == {"code": "unknown_fault", "message": f'No fault "f-9" for tenant "{tenant}".'}


def test_clock_moves_forward_only(client) -> None:
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    before = client.get(f"/_sim/tenants/{tenant}/clock").get_json()
    moved = client.post(f"/_sim/tenants/{tenant}/clock", json={"advance_seconds": 5400}).get_json()
    assert moved["offset_seconds"] == before["offset_seconds"] + 5400
    refused = client.post(f"/_sim/tenants/{tenant}/clock", json={"advance_seconds": -1})
    assert refused.status_code == 400
    assert client.get(f"/_sim/tenants/{tenant}/clock").get_json()["offset_seconds"] == 5400


def test_reset_and_journal_are_per_tenant(client) -> None:
    a = client.post("/_sim/tenants", json={}).get_json()
    b = client.post("/_sim/tenants", json={}).get_json()
    for tenant in (a, b):
        headers = {"X-Shopify-Access-Token": tenant["shopify"]["access_token"]}
        client.post("/admin/api/2025-01/orders.json", headers=headers,
                    json={"order": {"line_items": [{"title": "Mug", "price": "10.00", "quantity": 1}]}})
    assert len(client.get(f"/_sim/tenants/{a['tenant']}/journal").get_json()["entries"]) == 1
    client.post(f"/_sim/tenants/{a['tenant']}/reset")
    assert client.get(f"/_sim/tenants/{a['tenant']}/journal").get_json()["entries"] == []
    headers_a = {"X-Shopify-Access-Token": a["shopify"]["access_token"]}
    headers_b = {"X-Shopify-Access-Token": b["shopify"]["access_token"]}
    assert client.get("/admin/api/2025-01/orders.json", headers=headers_a).get_json()["orders"] == []
    assert len(client.get("/admin/api/2025-01/orders.json", headers=headers_b).get_json()["orders"]) == 1


def test_journal_masks_credentials(client) -> None:
    tenant = client.post("/_sim/tenants", json={}).get_json()
    client.get("/admin/api/2025-01/orders.json", headers={"X-Shopify-Access-Token": tenant["shopify"]["access_token"]})
    entry = client.get(f"/_sim/tenants/{tenant['tenant']}/journal").get_json()["entries"][0]
    assert entry["request_headers"]["X-Shopify-Access-Token"] == "***"
    assert tenant["shopify"]["access_token"] not in str(entry)


def test_apps_do_not_share_tenants() -> None:
    first, second = create_app().test_client(), create_app().test_client()
    tenant = first.post("/_sim/tenants", json={}).get_json()["tenant"]
    assert second.get(f"/_sim/tenants/{tenant}").status_code == 404


def test_snapshot_shows_only_the_services_a_tenant_used(client) -> None:
    tenant = client.post("/_sim/tenants", json={}).get_json()
    assert client.get(f"/_sim/tenants/{tenant['tenant']}/snapshot").get_json() == {}
    headers = {"X-Shopify-Access-Token": tenant["shopify"]["access_token"]}
    order = client.post("/admin/api/2025-01/orders.json", headers=headers,
                        json={"order": {"line_items": [{"title": "Mug", "price": "10.00", "quantity": 1}]}}).get_json()["order"]
    snap = client.get(f"/_sim/tenants/{tenant['tenant']}/snapshot").get_json()
    assert list(snap) == ["shopify"]
    assert snap["shopify"][0]["order"] == order["id"] and snap["shopify"][0]["refunds"] == []


def test_evidence_is_the_journal_the_clock_and_the_snapshot_in_one_read(client) -> None:
    tenant = client.post("/_sim/tenants", json={}).get_json()
    name = tenant["tenant"]
    headers = {"X-Shopify-Access-Token": tenant["shopify"]["access_token"]}
    client.post("/admin/api/2025-01/orders.json", headers=headers,
                json={"order": {"line_items": [{"title": "Mug", "price": "10.00", "quantity": 1}]}})
    client.post(f"/_sim/tenants/{name}/clock", json={"advance_seconds": 90})
    client.get("/admin/api/2025-01/orders.json", headers=headers)

    read = client.get(f"/_sim/tenants/{name}/evidence?since=1&records=true").get_json()
    assert read["entries"] == client.get(f"/_sim/tenants/{name}/journal?since=1").get_json()["entries"]
    assert [e["seq"] for e in read["entries"]] == [2]
    assert read["clock"] == client.get(f"/_sim/tenants/{name}/clock").get_json()
    assert read["clock"]["offset_seconds"] == 90
    assert read["records"] == client.get(f"/_sim/tenants/{name}/snapshot").get_json() != {}
    without = client.get(f"/_sim/tenants/{name}/evidence").get_json()  # since=0, records=false: the defaults
    assert set(without) == {"entries", "clock"} and len(without["entries"]) == 2


@pytest.mark.parametrize("query, message", [("since=-1", "since must be"), ("since=x", "since must be"),
                                            ("records=yes", "records must be true or false"),
                                            ("records=True", "records must be true or false")])
def test_evidence_refuses_a_bad_query_and_an_unknown_tenant(client, query: str, message: str) -> None:
    name = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    refused = client.get(f"/_sim/tenants/{name}/evidence?{query}")
    error = refused.get_json()["error"]
    assert refused.status_code == 400 and set(error) == {"code", "message"}
    assert error["code"] == "invalid_query" and message in error["message"]
    assert client.get("/_sim/tenants/t-000000/evidence").status_code == 404


def test_journal_masks_tokens_in_bodies() -> None:
    from simulators.core.journal import mask_body

    assert mask_body('{"access_token": "abc", "expires_in": "3600"}') == '{"access_token": "***", "expires_in": "3600"}'
    assert mask_body("grant_type=client_credentials&client_assertion=eyJ.x.y") == "grant_type=client_credentials&client_assertion=***"
    assert mask_body('{"total": 12.5}') == '{"total": 12.5}'


def test_the_control_plane_index_lists_every_route_with_what_it_does(client) -> None:
    """``serve`` prints the control plane's URL: what it answers must be a guide, not a 404."""
    response = client.get("/_sim/")
    assert response.status_code == 200
    listed = {(tuple(route["methods"]), route["path"]): route["summary"] for route in response.get_json()["control_plane"]}
    rules = [rule for rule in client.application.url_map.iter_rules() if rule.rule.startswith("/_sim")]
    for rule in rules:
        methods = tuple(sorted(m for m in rule.methods or () if m not in ("HEAD", "OPTIONS")))
        assert listed.get((methods, rule.rule)), f"{methods} {rule.rule} is not listed with a summary"
    assert (("POST",), "/_sim/tenants") in listed


@pytest.mark.parametrize("written", ["١٢.٥٠", "１２.５０", "1_2.50", "12.5O", "NaN", "Infinity"])
@pytest.mark.parametrize("path, body", [
    ("ebay/orders", lambda v: {"lineItems": [{"title": "Mug", "sku": "MUG", "quantity": 1, "price": v}]}),
    ("ebay/orders", lambda v: {"shipping": v}),
    ("magento/orders", lambda v: {"items": [{"sku": "MUG", "price": v}]}),
    ("woocommerce/orders", lambda v: {"line_items": [{"name": "Mug", "price": v}]}),
], ids=["ebay-price", "ebay-shipping", "magento-price", "woocommerce-price"])
def test_an_amount_in_other_digits_is_no_amount_and_creates_nothing(client, written: str, path: str, body) -> None:
    """Control-plane amounts are read in ASCII (core.numbers.ascii_decimal), as the vendors read
    theirs: Python's Decimal took any Unicode digit and underscores, so '١٢.٥٠' made an order of 12.50."""
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    before = client.get(f"/_sim/tenants/{tenant}/snapshot").get_json()
    response = client.post(f"/_sim/tenants/{tenant}/{path}", json=body(written))
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["code"] == "invalid_body" and "amount" in error["message"], error
    assert client.get(f"/_sim/tenants/{tenant}/snapshot").get_json() == before


@pytest.mark.parametrize("written", ["  ", "\t", 7, ["MUG"], True])
@pytest.mark.parametrize("path, body", [
    ("ebay/orders", lambda v: {"lineItems": [{"title": "Mug", "sku": v}]}),
    ("woocommerce/orders", lambda v: {"line_items": [{"name": "Mug", "sku": v}]}),
], ids=["ebay", "woocommerce"])
def test_a_blank_sku_is_refused_and_creates_nothing(client, written: Any, path: str, body) -> None:
    """``"sku": ""`` is a line without a SKU (an eBay listing or a WooCommerce product may have
    none); blanks or another JSON type are no SKU and no absence either: refused, naming ``""``."""
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    before = client.get(f"/_sim/tenants/{tenant}/snapshot").get_json()
    response = client.post(f"/_sim/tenants/{tenant}/{path}", json=body(written))
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["code"] == "invalid_body", error
    assert "].sku must be a SKU, or \"\" for a line without one." in error["message"], error
    assert client.get(f"/_sim/tenants/{tenant}/snapshot").get_json() == before


@pytest.mark.parametrize("written, shown", [("10", "10"), (100, "100"), ("1.50", "1.5"), ("1e-6", "0.000001"),
                                            ("0.92", "0.92")])
def test_a_shopify_rate_is_answered_in_plain_digits(client, written, shown: str) -> None:
    """A rate of 10 was answered as '1E+1' (Decimal.normalize's text): the control plane answers
    the rate as a number is written, without an exponent."""
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    response = client.put(f"/_sim/tenants/{tenant}/shopify/currency", json={"rates": {"EUR": written}})
    assert response.status_code == 200 and response.get_json()["rates"] == {"EUR": shown}, response.get_json()


@pytest.mark.parametrize("written", ["١.٠٨", "１.０８", "1_0", "0x10", "NaN", "Infinity"])
def test_a_shopify_rate_in_other_digits_is_no_rate_and_changes_nothing(client, written: str) -> None:
    """Rates are read in ASCII digits (core.numbers.ascii_decimal): '١.٠٨' was the rate 1.08, '1_0' 10."""
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    path = f"/_sim/tenants/{tenant}/shopify/currency"
    before = client.put(path, json={"rates": {"EUR": "1.08"}}).get_json()
    response = client.put(path, json={"rates": {"EUR": written, "GBP": "1.27"}})
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["code"] == "invalid_body" and "rates.EUR" in error["message"], error
    assert client.get(path).get_json() == before


@pytest.mark.parametrize("value", [{}, {"code": "checkmo"}, [], ["checkmo"], None, 1, True])
@pytest.mark.parametrize("path, field", [
    ("magento/orders", "payment_method"), ("magento/orders", "invoice"),
    ("ebay/orders", "orderPaymentStatus"), ("woocommerce/orders", "status"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_a_choice_given_as_another_json_type_is_refused_and_creates_nothing(client, path: str, field: str, value) -> None:
    """A field that names one of a list of choices, sent as an object or a list: Magento's
    payment_method was looked up in its table of methods as it came, and an object or a list (no
    key of a dict) ended in a TypeError answered 500. Found by sending each field of every
    control-plane body the features send in every wrong JSON type."""
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    before = client.get(f"/_sim/tenants/{tenant}/snapshot").get_json()
    response = client.post(f"/_sim/tenants/{tenant}/{path}", json={field: value})
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["code"] == "invalid_body" and field in error["message"], error
    assert client.get(f"/_sim/tenants/{tenant}/snapshot").get_json() == before


@pytest.mark.parametrize("written", ["ＵＳＤ", "ÉUR", "ΑΒΓ", "usd", "US", "USD\n"])
@pytest.mark.parametrize("service", ["ebay", "woocommerce", "magento"])
def test_an_order_currency_is_three_ascii_capitals(client, service: str, written: str) -> None:
    """str.isalpha() and isupper() take any script's capitals: a fullwidth 'ＵＳＤ', 'ÉUR' or Greek
    'ΑΒΓ' made an order in no ISO 4217 currency. The code is three of A-Z (ISO 4217's alphabetic codes)."""
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    before = client.get(f"/_sim/tenants/{tenant}/snapshot").get_json()
    response = client.post(f"/_sim/tenants/{tenant}/{service}/orders", json={"currency": written})
    error = response.get_json()["error"]
    assert response.status_code == 400 and error == {
        "code": "invalid_body", "message": "currency must be a three-letter ISO 4217 code such as USD."}
    assert client.get(f"/_sim/tenants/{tenant}/snapshot").get_json() == before


@pytest.mark.parametrize("path", ["/_sim/tenants", "/_sim/tenants/{tenant}/clock", "/connector/v1/accounts/{tenant}/sync-order"])
def test_a_number_of_thousands_of_digits_is_refused_in_the_api_s_words(client, path: str) -> None:
    """Python's int() refuses more than 4,300 digits with advice for Python programmers ('use
    sys.set_int_max_str_digits() to increase the limit'), which reached the answer."""
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    response = client.post(path.format(tenant=tenant), data='{"seed": ' + "9" * 5000 + "}", content_type="application/json")
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["code"] in ("invalid_json", "invalid_request"), error
    assert "sys." not in error["message"] and "a number of 5,000 digits" in error["message"], error


@pytest.mark.parametrize("setting", [{"leak_rate": 1e-320}, {"leak_rate": 1e-300}, {"leak_rate": 0.00001},
                                     {"bucket_size": 10 ** 400}, {"bucket_size": 10 ** 11}])
def test_a_shopify_bucket_that_could_not_answer_is_refused(client, setting: dict) -> None:
    """A leak of 1e-320 calls a second was taken, and every REST call past the bucket was then a
    500 'Unexpected simulator error: OverflowError' (Retry-After of an infinite wait); 1e-300 asked
    for a Retry-After of 300 digits; a bucket of 10**400 calls failed as a float. The leak is at
    least 0.0001 calls a second (a Retry-After of at most 10,000 s), the bucket less than 10**11."""
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    path = f"/_sim/tenants/{tenant}/shopify/rate-limit"
    before = client.get(path).get_json()
    response = client.put(path, json=setting)
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["code"] == "invalid_body" and next(iter(setting)) in error["message"]
    assert client.get(path).get_json() == before
    refused = client.post("/_sim/tenants", json={"settings": {"shopify": setting}})
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "invalid_body"
