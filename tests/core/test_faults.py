"""Armed faults (simulators/core/faults.py) in both transports: an HTTP status in the vendor's
shape, latency, a dropped connection before or after the commit, a client timeout."""

from __future__ import annotations

import threading
import time
from functools import partial
from typing import Any

import pytest
import requests

from harness.transports import LiveTransport
from simulators.clients import ControlPlaneClient, NetSuiteClient, ShopifyClient, VendorError
from tests.conftest import race

ORDER = {"email": "buyer@example.com", "currency": "USD", "financial_status": "paid",
         "line_items": [{"title": "Mug", "sku": "MUG-1", "quantity": 1, "price": "10.00"}]}


def arm(control: ControlPlaneClient, tenant_id: str, **spec: Any) -> dict[str, Any]:
    response = control.session.post(f"{control.root}/tenants/{tenant_id}/faults", json=spec, timeout=5)
    assert response.status_code == 201, response.text
    return response.json()


def faults(control: ControlPlaneClient, tenant_id: str) -> list[dict[str, Any]]:
    return control.session.get(f"{control.root}/tenants/{tenant_id}/faults", timeout=5).json()["faults"]


def _catalogue(netsuite: NetSuiteClient) -> dict[str, str]:
    customer = netsuite.create("customer", {"lastName": "Fault"})
    item = netsuite.create("nonInventorySaleItem", {"itemId": "SKU-F", "basePrice": 10})
    return {"customer": customer, "item": item}


def _order(cat: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {"entity": {"id": cat["customer"]}, "item": {"items": [{"item": {"id": cat["item"]}, "quantity": 1}]}, **extra}


@pytest.fixture(params=["inprocess", "live"])
def world(request: pytest.FixtureRequest) -> dict[str, Any]:
    """A tenant reached through either transport: its control plane and NetSuite clients."""
    if request.param == "inprocess":
        control, tenant = request.getfixturevalue("control"), request.getfixturevalue("tenant")
        base = request.getfixturevalue("simulators").base_url
    else:
        live: LiveTransport = request.getfixturevalue("live")
        base = live.base_url
        control = ControlPlaneClient(base)
        tenant = control.create_tenant(seed=11)
    netsuite = NetSuiteClient(base, tenant["netsuite"], timeout=5)
    return {"transport": request.param, "control": control, "tenant": tenant, "id": tenant["tenant"],
            "netsuite": netsuite, "base": base, "cat": _catalogue(netsuite)}


# ------------------------------------------------------------------ arming
def test_arming_listing_and_clearing(control, tenant) -> None:
    t = tenant["tenant"]
    first = arm(control, t, service="netsuite", method="post", path="/record/v1/salesOrder$", count=2, status=503)
    assert first["id"] and first["method"] == "POST" and first["remaining"] == 2 and first["kind"] == "status"
    arm(control, t, service="shopify", latency_ms=100)
    assert [f["service"] for f in faults(control, t)] == ["netsuite", "shopify"]
    gone = control.session.delete(f"{control.root}/tenants/{t}/faults/{first['id']}")
    assert gone.status_code == 204 and len(faults(control, t)) == 1
    assert control.session.delete(f"{control.root}/tenants/{t}/faults").status_code == 204
    assert faults(control, t) == []
    assert control.session.delete(f"{control.root}/tenants/{t}/faults/f-99").status_code == 404


@pytest.mark.parametrize("spec, fragment", [
    ({"service": "myspace", "status": 500}, "service must be one of"),
    ({"service": "netsuite"}, "exactly one of"),
    ({"service": "netsuite", "status": 503, "drop": "before"}, "exactly one of"),
    ({"service": "netsuite", "status": 200}, "status must be"),
    ({"service": "netsuite", "drop": "sometimes"}, "drop must be"),
    ({"service": "netsuite", "latency_ms": -5}, "latency_ms"),
    ({"service": "netsuite", "timeout": "yes"}, "timeout must be true"),
    ({"service": "netsuite", "status": 500, "count": 0}, "count"),
    ({"service": "netsuite", "status": 500, "path": "("}, "regular expression"),
    ({"service": "netsuite", "status": 500, "colour": "red"}, "Unknown field"),
    ({"service": "netsuite", "meet": 1}, "meet must be an integer between 2 and 16"),
    ({"service": "netsuite", "meet": 2, "hold_ms": 0}, "hold_ms"),
    # Headers an HTTP answer cannot carry: armed, they fired as a 500 'Unexpected simulator error:
    # ValueError' (a line break in a value) or went out as a broken answer (RFC 9110 §5.1, §5.5).
    ({"service": "netsuite", "status": 503, "headers": {"X-Note": "a\r\nb"}}, "headers"),
    ({"service": "netsuite", "status": 503, "headers": {"X-Note\n": "1"}}, "headers"),
    ({"service": "netsuite", "status": 503, "headers": {"X Note": "1"}}, "headers"),
    ({"service": "netsuite", "status": 503, "headers": {"X:Note": "1"}}, "headers"),
    ({"service": "netsuite", "status": 503, "headers": {"": "1"}}, "headers"),
    ({"service": "netsuite", "status": 503, "headers": {"X-Note": "\u2028"}}, "headers"),
    ({"service": "netsuite", "status": 503, "headers": {"X-Note": True}}, "headers"),  # was sent as 'True'
    ({"service": "netsuite", "status": 503, "headers": {"X-Note": None}}, "headers"),
    # The answer's framing is the server's: a Content-Length of another length left the client waiting.
    ({"service": "netsuite", "status": 503, "headers": {"content-length": "99"}}, "Content-Length"),
    ({"service": "netsuite", "status": 503, "headers": {"Transfer-Encoding": "chunked"}}, "Transfer-Encoding"),
    # Absurd parameters were armed: a count of 10**30, a method no client sends (it never
    # matched, and 'every planned fault fired' then blamed the connector), a Retry-After of a
    # wait no connector should make, and paths whose regular expression backtracks
    # catastrophically: the first request it was searched in held the server's thread (and, in
    # process, the whole run) for minutes. Each is refused, naming its bound.
    ({"service": "netsuite", "status": 500, "count": 10 ** 30}, "count must be an integer from 1 to 10,000"),
    ({"service": "netsuite", "status": 500, "count": 10_001}, "count must be an integer from 1 to 10,000"),
    ({"service": "netsuite", "status": 500, "method": "FETCH"}, "method must be one of DELETE, GET,"),
    ({"service": "netsuite", "status": 500, "method": "POST1"}, "method must be one of"),
    ({"service": "netsuite", "status": 429, "headers": {"Retry-After": "1" + "0" * 30}}, "Retry-After"),
    ({"service": "netsuite", "status": 429, "headers": {"Retry-After": 10_001}}, "Retry-After"),
    ({"service": "netsuite", "status": 503, "headers": {"retry-after": "-1"}}, "Retry-After"),
    ({"service": "netsuite", "status": 503, "headers": {"Retry-After": "soon"}}, "Retry-After"),
    ({"service": "netsuite", "status": 503, "headers": {"Retry-After": "NaN"}}, "Retry-After"),
    ({"service": "netsuite", "status": 500, "path": r"(a+)+$"}, "backtrack"),
    ({"service": "netsuite", "status": 500, "path": r"(a|aa)*b"}, "backtrack"),
    ({"service": "netsuite", "status": 500, "path": r"(.*a){20}"}, "backtrack"),
    ({"service": "netsuite", "status": 500, "path": r"(?:\w+\s?)*$"}, "backtrack"),
    ({"service": "netsuite", "status": 500, "path": r"(\w+)/\1"}, "backreference"),
    ({"service": "netsuite", "status": 500, "path": r".*.*.*.*x"}, "at most 3"),
    ({"service": "netsuite", "status": 500, "path": "a" * 201}, "at most 200 characters"),
    # A field the fault's kind does not use was taken and ignored: the fault armed was not the one
    # its author wrote (a timeout "answering" a body, a status fault "held" for 5 s).
    ({"service": "netsuite", "timeout": True, "headers": {"Retry-After": "1"}}, "headers go with status only"),
    ({"service": "netsuite", "latency_ms": 50, "body": {"error": "x"}}, "body goes with status only"),
    ({"service": "netsuite", "status": 503, "hold_ms": 5_000}, "hold_ms goes with timeout or meet only"),
    ({"service": "netsuite", "drop": "before", "hold_ms": 5_000}, "hold_ms goes with timeout or meet only"),
    ({"service": "netsuite", "drop": "before", "after_commit": True}, "after_commit goes with status only"),
    ({"service": "netsuite", "status": 504, "after_commit": "yes"}, "after_commit must be true"),
])
def test_bad_fault_specs_are_refused(control, tenant, spec, fragment) -> None:
    response = control.session.post(f"{control.root}/tenants/{tenant['tenant']}/faults", json=spec)
    assert response.status_code == 400 and fragment in response.json()["error"]["message"]
    assert response.json()["error"]["code"] == "invalid_fault"
    assert faults(control, tenant["tenant"]) == []  # nothing was armed
    assert control.session.post(f"{control.root}/tenants/t-nobody/faults", json=spec).status_code == 404


def test_the_bounds_admit_every_fault_the_steps_plan_and_the_documented_forms() -> None:
    """The bounds refuse the absurd only: every path the fault steps plan faults on, the largest
    count, every method, a Retry-After in whole or decimal seconds up to the bound."""
    from simulators.core.faults import HTTP_METHODS, MAX_COUNT, MAX_RETRY_AFTER_SECONDS, parse_fault
    from steps.fault_steps import REQUESTS

    for requests_of in REQUESTS.values():
        for method, path in requests_of.values():
            assert parse_fault({"service": "netsuite", "method": method, "path": path, "status": 503}, ["netsuite"], "f-1")
    for method in HTTP_METHODS:
        assert parse_fault({"service": "netsuite", "method": method.lower(), "status": 503}, ["netsuite"], "f-1")
    assert parse_fault({"service": "netsuite", "count": MAX_COUNT, "status": 503}, ["netsuite"], "f-1").count == MAX_COUNT
    for seconds in ("0", "2", "2.0", str(MAX_RETRY_AFTER_SECONDS), MAX_RETRY_AFTER_SECONDS, 1.5):
        fault = parse_fault({"service": "netsuite", "status": 429, "headers": {"Retry-After": seconds}}, ["netsuite"], "f-1")
        assert fault.headers["Retry-After"] == str(seconds)
    for path in (r"/V1/creditmemos?(/\d+)?$", r"(?:/\d{3}){2}", r".*salesOrder.*", "a" * 200):
        assert parse_fault({"service": "netsuite", "path": path, "status": 503}, ["netsuite"], "f-1")


# ------------------------------------------------------------ status faults
def test_status_fault_in_netsuite_shape_for_the_next_n_matching_requests(world) -> None:
    control, t, netsuite, cat = world["control"], world["id"], world["netsuite"], world["cat"]
    arm(control, t, service="netsuite", method="POST", path=r"/record/v1/salesOrder$", count=2, status=503)
    for _ in range(2):
        with pytest.raises(VendorError) as failed:
            netsuite.create("salesOrder", _order(cat))
        body = failed.value.body
        assert failed.value.status == 503 and body["status"] == 503 and body["o:errorDetails"][0]["o:errorCode"]
    assert netsuite.query("salesOrder") == []  # nothing was committed
    netsuite.get("customer", cat["customer"])  # other requests are untouched
    netsuite.create("salesOrder", _order(cat))  # the fault is spent
    assert [f["remaining"] for f in faults(control, t)] == [0]
    entries = control.journal(t)
    fired = [e for e in entries if "fault" in e["note"]]
    assert len(fired) == 2 and fired[0]["status"] == 503 and "answered 503" in fired[0]["note"]


def test_an_armed_429_says_retry_after_as_its_vendor_does_and_custom_headers_and_body(world) -> None:
    """NetSuite's own 429 (its concurrency limit) has no Retry-After, so an armed one has none
    unless the fault names one; Shopify's says 2.0 (test_status_fault_in_shopify_shape). It said 1
    for every vendor, so a connector that failed on a 429 without Retry-After was never shown one."""
    control, t, netsuite = world["control"], world["id"], world["netsuite"]
    arm(control, t, service="netsuite", method="GET", status=429)
    with pytest.raises(VendorError) as limited:
        netsuite.query("customer")
    assert limited.value.status == 429 and "Retry-After" not in limited.value.headers
    assert limited.value.body["title"] == "Too Many Requests"
    arm(control, t, service="netsuite", method="GET", status=429, headers={"Retry-After": "3"})
    with pytest.raises(VendorError) as named:
        netsuite.query("customer")
    assert named.value.headers["Retry-After"] == "3"
    arm(control, t, service="netsuite", status=500, headers={"X-Trace": "abc"}, body={"custom": True})
    with pytest.raises(VendorError) as custom:
        netsuite.query("customer")
    assert custom.value.headers["X-Trace"] == "abc" and custom.value.body == {"custom": True}


def test_status_fault_in_shopify_shape(world) -> None:
    control, t = world["control"], world["id"]
    shopify = ShopifyClient(world["base"], world["tenant"]["shopify"])
    arm(control, t, service="shopify", method="POST", path=r"/orders\.json$", status=429, headers={"Retry-After": "2.0"})
    with pytest.raises(VendorError) as limited:
        shopify.create_order(ORDER)
    assert limited.value.status == 429 and limited.value.headers["Retry-After"] == "2.0"
    assert "errors" in limited.value.body  # Shopify's error shape, not NetSuite's
    assert shopify.create_order(ORDER)["id"]
    arm(control, t, service="shopify", method="POST", path=r"/orders\.json$", status=429, headers={"Retry-After": "7"})
    with pytest.raises(VendorError) as named:
        shopify.create_order(ORDER)
    assert named.value.headers["Retry-After"] == "7"
    arm(control, t, service="shopify", method="POST", path=r"/orders\.json$", status=429)  # Shopify's own: 2.0
    with pytest.raises(VendorError) as own:
        shopify.create_order(ORDER)
    assert own.value.headers["Retry-After"] == "2.0"


def test_an_armed_401_is_the_vendor_s_own_login_failure(world) -> None:
    """A login refused (a token revoked, a role changed, an app uninstalled) answers as the vendor
    refuses any: NetSuite's 401 INVALID_LOGIN with its ``WWW-Authenticate`` challenge naming the
    realm sent, Shopify's "[API] Invalid API key or access token". They were a bare "The request
    failed.", so a connector that knows a login failure by its code or challenge was never shown one."""
    control, t, netsuite = world["control"], world["id"], world["netsuite"]
    arm(control, t, service="netsuite", method="GET", status=401)
    with pytest.raises(VendorError) as refused:
        netsuite.query("customer")
    assert refused.value.body["o:errorDetails"][0]["o:errorCode"] == "INVALID_LOGIN"
    assert refused.value.body["o:errorDetails"][0]["detail"].startswith("Invalid login attempt.")
    realm = world["tenant"]["netsuite"]["account_id"]
    assert refused.value.headers["WWW-Authenticate"] == (f'OAuth realm="{realm}", error="token_rejected", '
                                                         'error_description="Invalid login attempt."')
    shopify = ShopifyClient(world["base"], world["tenant"]["shopify"])
    arm(control, t, service="shopify", method="POST", path=r"/orders\.json$", status=401)
    with pytest.raises(VendorError) as unauthorized:
        shopify.create_order(ORDER)
    assert unauthorized.value.status == 401 and unauthorized.value.body == {
        "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"}


def test_a_status_after_commit_commits_then_answers_in_the_service_s_shape(world) -> None:
    """A gateway's 504 on a write that ran: the record is made, the client gets the vendor's own
    error body, and the journal says both. Every status fault committed nothing before, so a
    connector that took a 5xx for "nothing happened" and wrote again was never shown its double."""
    control, t, netsuite, cat = world["control"], world["id"], world["netsuite"], world["cat"]
    arm(control, t, service="netsuite", method="POST", path=r"/record/v1/salesOrder$", status=504, after_commit=True)
    with pytest.raises(VendorError) as late:
        netsuite.create("salesOrder", _order(cat, externalId="SHOP-G1"))
    assert late.value.status == 504 and late.value.body["o:errorDetails"][0]["o:errorCode"]
    assert len(netsuite.query("salesOrder", 'externalId IS "SHOP-G1"')) == 1  # it ran
    assert faults(control, t)[0]["after_commit"] is True
    assert "committed, then answered 504" in [e for e in control.journal(t) if e["note"]][-1]["note"]
    shopify = ShopifyClient(world["base"], world["tenant"]["shopify"])
    arm(control, t, service="shopify", method="POST", path=r"/orders\.json$", status=504, after_commit=True)
    with pytest.raises(VendorError) as shopify_late:
        shopify.create_order(ORDER)
    assert shopify_late.value.status == 504 and "errors" in shopify_late.value.body  # Shopify's error shape


# --------------------------------------------------------- drops and timeouts
def test_drop_before_commits_nothing(world) -> None:
    control, t, netsuite, cat = world["control"], world["id"], world["netsuite"], world["cat"]
    arm(control, t, service="netsuite", method="POST", path="salesOrder", drop="before")
    with pytest.raises(requests.exceptions.ConnectionError):
        netsuite.create("salesOrder", _order(cat, externalId="SHOP-D1"))
    assert netsuite.query("salesOrder", 'externalId IS "SHOP-D1"') == []
    note = [e["note"] for e in control.journal(t) if e["note"]]
    assert note and "before committing" in note[-1]


def test_drop_after_commit_then_retry_creates_exactly_one_record_when_the_client_checks_first(world) -> None:
    control, t, netsuite, cat = world["control"], world["id"], world["netsuite"], world["cat"]
    arm(control, t, service="netsuite", method="POST", path=r"/record/v1/salesOrder$", drop="after_commit")
    with pytest.raises(requests.exceptions.ConnectionError):
        netsuite.create("salesOrder", _order(cat, externalId="SHOP-D2"))
    # A careful client asks before retrying: the order is there.
    found = netsuite.query("salesOrder", 'externalId IS "SHOP-D2"')
    assert len(found) == 1
    # A naive retry is refused by the external id, so the account still has exactly one order.
    with pytest.raises(VendorError) as duplicate:
        netsuite.create("salesOrder", _order(cat, externalId="SHOP-D2"))
    assert duplicate.value.status == 400 and netsuite.query("salesOrder") == found
    assert "after committing" in [e for e in control.journal(t) if e["note"]][-1]["note"]


def test_drop_after_commit_on_a_refund_then_a_naive_retry_is_refused(world) -> None:
    """The double-refund case: the first full refund committed, its answer was lost."""
    control, t, netsuite, cat = world["control"], world["id"], world["netsuite"], world["cat"]
    cs = netsuite.transform("salesOrder", netsuite.create("salesOrder", _order(cat)), "cashSale")
    arm(control, t, service="netsuite", method="POST", path="!transform/cashRefund", drop="after_commit")
    with pytest.raises(requests.exceptions.ConnectionError):
        netsuite.transform("cashSale", cs, "cashRefund")
    assert len(netsuite.query("cashRefund", f"createdFrom ANY_OF [{cs}]")) == 1
    with pytest.raises(VendorError) as again:
        netsuite.transform("cashSale", cs, "cashRefund")
    assert again.value.body["o:errorDetails"][0]["o:errorCode"] == "USER_ERROR"
    assert len(netsuite.query("cashRefund")) == 1


def test_timeout_commits_and_the_client_times_out(world) -> None:
    control, t, cat = world["control"], world["id"], world["cat"]
    netsuite = NetSuiteClient(world["base"], world["tenant"]["netsuite"], timeout=0.5)
    arm(control, t, service="netsuite", method="POST", path="salesOrder", timeout=True, hold_ms=10_000)
    started = time.monotonic()
    with pytest.raises(requests.exceptions.ReadTimeout):
        netsuite.create("salesOrder", _order(cat, externalId="SHOP-T1"))
    assert time.monotonic() - started < 5
    assert len(netsuite.query("salesOrder", 'externalId IS "SHOP-T1"')) == 1


def test_latency_within_the_timeout_answers_and_beyond_it_times_out(world) -> None:
    control, t, cat = world["control"], world["id"], world["cat"]
    live = world["transport"] == "live"
    slow_ms, timeout = (300, 5.0) if live else (8_000, 10.0)
    arm(control, t, service="netsuite", method="GET", path="customer", latency_ms=slow_ms)
    netsuite = NetSuiteClient(world["base"], world["tenant"]["netsuite"], timeout=timeout)
    started = time.monotonic()
    assert netsuite.get("customer", cat["customer"])["lastName"] == "Fault"
    elapsed = time.monotonic() - started
    assert elapsed >= 0.3 if live else elapsed < 1.0  # in-process nothing really sleeps
    arm(control, t, service="netsuite", method="POST", path="salesOrder", latency_ms=1_500 if live else 20_000)
    hasty = NetSuiteClient(world["base"], world["tenant"]["netsuite"], timeout=0.4 if live else 10.0)
    with pytest.raises(requests.exceptions.ReadTimeout):
        hasty.create("salesOrder", _order(cat, externalId="SHOP-L1"))
    # A latency fault commits first and answers late: the record exists although the client gave up.
    assert len(netsuite.query("salesOrder", 'externalId IS "SHOP-L1"')) == 1


@pytest.mark.parametrize("release", ["faults/{fault}", "faults", "reset", ""])
def test_disarming_a_latency_fault_lets_the_requests_it_holds_go(live: LiveTransport, release: str) -> None:
    """A test holds requests in flight with a long latency and lets them go when it chooses: by
    deleting the fault or all faults, or by resetting or deleting the tenant."""
    control = ControlPlaneClient(live.base_url)
    tenant = control.create_tenant(seed=12)
    netsuite = NetSuiteClient(live.base_url, tenant["netsuite"], timeout=30)
    customer = netsuite.create("customer", {"lastName": "Held"})
    fault = arm(control, tenant["tenant"], service="netsuite", method="GET", path="customer", latency_ms=60_000)
    answers: list[dict[str, Any]] = []
    held = threading.Thread(target=lambda: answers.append(netsuite.get("customer", customer)))
    held.start()
    for _ in range(500):  # until the request is in flight: the fault has fired
        if faults(control, tenant["tenant"])[0]["fired"] == 1:
            break
        threading.Event().wait(0.01)
    where = f"{control.root}/tenants/{tenant['tenant']}/{release.format(fault=fault['id'])}".rstrip("/")
    control.session.request("POST" if release == "reset" else "DELETE", where)
    held.join(timeout=30)  # a minute if the release did not end the wait
    assert not held.is_alive() and answers[0]["lastName"] == "Held"


def test_requests_armed_to_meet_run_together_and_one_alone_runs_after_the_hold(world) -> None:
    """``meet``: in-process as live, two requests each in its own thread wait for each other; a
    lone one waits ``hold_ms`` at most and the journal says nobody came."""
    control, t, cat = world["control"], world["id"], world["cat"]
    clients = [NetSuiteClient(world["base"], world["tenant"]["netsuite"], timeout=10) for _ in range(2)]
    arm(control, t, service="netsuite", method="POST", path="salesOrder$", count=3, meet=2, hold_ms=5_000)
    made = race([partial(c.create, "salesOrder", _order(cat, externalId=f"SHOP-M{i}")) for i, c in enumerate(clients)])
    assert all(isinstance(m, str) for m in made), made  # both answered, well before the 5 s hold
    control.session.delete(f"{control.root}/tenants/{t}/faults")
    arm(control, t, service="netsuite", method="POST", path="salesOrder$", meet=2, hold_ms=50)
    clients[0].create("salesOrder", _order(cat, externalId="SHOP-M3"))
    notes = [e.get("note", "") for e in control.journal(t) if e["method"] == "POST" and "salesOrder" in e["url"]]
    assert [n.endswith("held until 2 requests met") for n in notes] == [True, True, False]  # the two met
    assert notes[-1].endswith("held 50 ms, no other request came")


def test_faults_are_per_tenant_and_reset_forgets_them(world) -> None:
    control, netsuite = world["control"], world["netsuite"]
    other = control.create_tenant(seed=3)
    arm(control, other["tenant"], service="netsuite", status=503, count=5)
    assert netsuite.query("customer")  # this tenant is untouched
    control.session.post(f"{control.root}/tenants/{other['tenant']}/reset")
    assert faults(control, other["tenant"]) == []


def test_status_fault_in_ebay_shape(world) -> None:
    control, t = world["control"], world["id"]
    arm(control, t, service="ebay", method="GET", path=r"/sell/fulfillment/v1/order", status=503, count=1)
    headers = {"Authorization": f"Bearer {world['tenant']['ebay']['access_token']}"}
    with requests.Session() as session:
        failed = session.get(f"{world['base']}/sell/fulfillment/v1/order", headers=headers, timeout=5)
        assert failed.status_code == 503 and isinstance(failed.json()["errors"], list)
        assert session.get(f"{world['base']}/sell/fulfillment/v1/order", headers=headers, timeout=5).status_code == 200
