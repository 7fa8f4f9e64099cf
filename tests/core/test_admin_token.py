"""The admin token (simulators/core/admin.py): a server bound beyond loopback answers 401 to every
control-plane and connector-API request without its token, in the right shape and changing nothing;
the vendor APIs keep their own authentication; the harness certifies against such a server with
``--base-url`` and ``--admin-token``; a server on loopback asks for nothing, as before.

The routes come from the app's URL map, so a route added later is covered without being listed.
"""

from __future__ import annotations

import functools
import json
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from werkzeug.routing import Rule

from fixtures.builders import shopify_order
from harness.expectations import ConnectorDefect
from harness.http_connector import HttpConnectorFactory
from harness.transports import RemoteTransport
from simulators.app import create_app
from simulators.clients import (ControlPlaneClient, EbayClient, MagentoClient, NetSuiteClient, ShopifyClient,
                                VendorError, WooCommerceClient)
from simulators.connector.protocol import ConnectorContext
from simulators.core import admin
from tests.core.served import ROOT, Served, serving, without_admin_token

TOKEN = "a-test-token_0123456789abcdefghijklmnop"
_PARAM = re.compile(r"<(?:[^:>]+:)?([^>]+)>")
#: Requests that would change something if the token check let them through.
CHANGES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/_sim/tenants/<tenant_id>/clock"): {"advance_seconds": 86_400},
    ("POST", "/_sim/tenants/<tenant_id>/faults"): {"service": "shopify", "status": 503, "count": 5},
    ("PUT", "/connector/v1/accounts/<tenant_id>/"): {"settings": {"storefront": "ebay", "refund_direction": "from_netsuite"}},
    ("PUT", "/_sim/tenants/<tenant_id>/shopify/rate-limit"): {"rate_limit": True, "bucket_size": 2},
}
#: What a caller without the token sends, and whether that is a wrong token (RFC 6750 then names
#: ``error="invalid_token"``) rather than none: nothing, a wrong token each way, the right one under
#: another scheme or in a header nobody reads, a wrong X-Refundsim-Admin-Token (the header checked
#: when present) beside the right bearer.
NOT_THE_TOKEN: dict[str, tuple[dict[str, str], bool]] = {
    "no token": ({}, False),
    "a wrong bearer token": ({"Authorization": "Bearer not-the-token"}, True),
    "a wrong X-Refundsim-Admin-Token": ({admin.HEADER: "not-the-token"}, True),
    "the token under another scheme": ({"Authorization": f"Token {TOKEN}"}, False),
    "the token as Basic credentials": ({"Authorization": f"Basic {TOKEN}"}, False),
    "the token in another header": ({"X-Admin-Token": TOKEN}, False),
    "a wrong X-Refundsim-Admin-Token beside the right bearer": ({admin.HEADER: "nope", "Authorization": f"Bearer {TOKEN}"}, True),
}


@functools.cache  # building an app compiles its 560 URL rules (about 40 ms); every caller only reads them
def _guarded_rules() -> tuple[Rule, ...]:
    return tuple(sorted((r for r in create_app().url_map.iter_rules() if r.rule.startswith(("/_sim", "/connector"))),
                        key=lambda r: r.rule))


def _methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def _path(rule: Rule, tenant: str) -> str:
    """The rule's path with the tenant's id and ``1`` for every other parameter."""
    return _PARAM.sub(lambda m: tenant if m.group(1) == "tenant_id" else "1", rule.rule)


def _requests(tenant: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(method, path, JSON body) of every guarded route but the open health check, and paths no
    route has (a scan must not learn which routes exist)."""
    for rule in _guarded_rules():
        for method in _methods(rule):
            if rule.endpoint not in ("control.health",):
                yield method, _path(rule, tenant), CHANGES.get((method, rule.rule), {})
    yield "GET", "/_sim/nothing-here", {}
    yield "GET", "/connector/v2/elsewhere", {}
    yield "GET", "/_sim", {}


def _assert_refused(response: requests.Response | Any, what: str, wrong: bool) -> None:
    """401, the control plane's (or the connector API's, the same) error shape, the challenge."""
    body = response.get_json() if hasattr(response, "get_json") else response.json()
    assert response.status_code == 401, f"{what} → {response.status_code}: {body}"
    assert response.headers["Content-Type"] == "application/json", what
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, f"{what}: {body}"
    assert body["error"]["code"] == "unauthorized" and body["error"]["message"], f"{what}: {body}"
    if not wrong:  # where to find the token, in the words of the command the user started
        assert "(refundsim serve, or python -m simulators serve) printed it" in body["error"]["message"], \
            f"{what}: {body}"
    challenge = response.headers["WWW-Authenticate"]
    assert challenge == ('Bearer realm="refundsim", error="invalid_token"' if wrong else 'Bearer realm="refundsim"'), \
        f"{what}: {challenge}"
    assert TOKEN not in json.dumps(body), f"{what} echoes the token"


# ------------------------------------------------------------------ where it applies
@pytest.mark.parametrize("host, required", [
    ("127.0.0.1", False), ("127.8.9.10", False), ("::1", False), ("[::1]", False), ("localhost", False),
    ("LocalHost.", False), ("::ffff:127.0.0.1", False),
    ("0.0.0.0", True), ("::", True), ("192.168.1.20", True), ("10.0.0.1", True), ("fe80::1", True),
    ("::ffff:10.0.0.1", True), ("build-host", True), ("localhost.example.com", True), ("", True),
])
def test_the_token_applies_to_every_address_but_loopback(host: str, required: bool) -> None:
    assert admin.token_required(host) is required


def test_the_token_given_is_used_wherever_bound_and_one_is_made_only_beyond_loopback() -> None:
    made, generated = admin.admin_token_for("0.0.0.0", None)
    assert generated and made is not None and len(made) >= 43 and made != admin.admin_token_for("::", None)[0]
    assert admin.admin_token_for("127.0.0.1", None) == (None, False)
    assert admin.admin_token_for("127.0.0.1", TOKEN) == (TOKEN, False)
    assert admin.admin_token_for("0.0.0.0", TOKEN) == (TOKEN, False)


@pytest.mark.parametrize("token", ["", "two words", "t\u00f6ken", "semi;colon", "=start", 123])
def test_a_token_that_cannot_be_sent_as_a_bearer_token_is_refused(token: Any) -> None:
    with pytest.raises(ValueError, match="admin token must be"):
        create_app({"ADMIN_TOKEN": token})
    if isinstance(token, str):
        with pytest.raises(ValueError, match="admin token must be"):
            admin.admin_token_for("0.0.0.0", token)


@pytest.mark.parametrize("token", ["short", "abcdefghijklmno", "Pa55-w0rd"])
def test_a_guessable_token_is_refused_beyond_loopback(token: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Beyond loopback the token is all that stands between the network and every tenant's
    credentials, and nothing slows down guessing it: one shorter than 16 characters is refused
    there (serve exits 4, listening on nothing), saying how to make a good one. On loopback the
    one who gives it asks for it: any token is taken."""
    with pytest.raises(ValueError, match=r"16 characters or more"):
        admin.admin_token_for("0.0.0.0", token)
    assert admin.admin_token_for("127.0.0.1", token) == (token, False)
    from simulators.__main__ import main

    assert main(["serve", "--host", "0.0.0.0", "--port", "0", "--admin-token", token]) == 4
    refusal = capsys.readouterr().err
    assert "--admin-token: " in refusal and "secrets.token_urlsafe(32)" in refusal and token not in refusal, refusal


def test_the_readme_says_when_a_token_must_be_long() -> None:
    """README's serve section states the length rule where it applies, bound beyond loopback, and
    that on loopback a token given is taken whatever its length (as the test above holds): an
    implementer who read "16 characters or more" alone and saw "short" taken on loopback could
    not tell which was right."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    rule = next(sentence for sentence in re.split(r"(?<=\.) ", " ".join(readme.split()))
                if f"{admin.MIN_LENGTH} characters or more" in sentence)
    assert "bound beyond loopback" in rule, rule
    assert "On loopback nothing asks for a token, as before, unless you give one: then it is required there too, " \
           "whatever its length" in " ".join(readme.split())


# ------------------------------------------------------------------ in-process: one check, every route
@pytest.fixture
def guarded() -> tuple[Flask, list[str]]:
    """An app that requires :data:`TOKEN`, every view of it recording its endpoint when it runs."""
    app = create_app({"ADMIN_TOKEN": TOKEN})
    ran: list[str] = []

    def recording(endpoint: str, view: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            ran.append(endpoint)
            return view(*args, **kwargs)
        return run

    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = recording(endpoint, view)
    return app, ran


@pytest.mark.parametrize("caller", NOT_THE_TOKEN)
def test_without_the_token_no_view_runs(guarded: tuple[Flask, list[str]], caller: str) -> None:
    """No view runs, so nothing changes (not even ``POST /_sim/tenants``, whose effect no route lists)."""
    app, ran = guarded
    client = app.test_client()
    headers, wrong = NOT_THE_TOKEN[caller]
    for method, path, body in _requests("t-0123456789abcdef0123456789abcdef"):
        _assert_refused(client.open(path, method=method, json=body, headers=headers), f"{method} {path} with {caller}", wrong)
    assert ran == [], f"views ran without the token: {ran}"


@pytest.mark.parametrize("header", ["Authorization", admin.HEADER])
def test_with_the_token_every_route_is_reached(guarded: tuple[Flask, list[str]], header: str) -> None:
    """The other side of the check: the token, either way, reaches every view (whatever the view
    then answers), and the vendor APIs never ask for it."""
    app, ran = guarded
    client = app.test_client()
    headers = {header: f"Bearer {TOKEN}" if header == "Authorization" else TOKEN}
    if header == admin.HEADER:
        headers["Authorization"] = "Basic cHJveHk6cGFzcw=="  # a proxy's own credentials beside it
    created = client.post("/_sim/tenants", json={}, headers=headers)
    assert created.status_code == 201, created.get_json()
    tenant = created.get_json()["tenant"]
    for method, path, body in _requests(tenant):  # the tenant's deletion on the way makes later views 404: still reached
        response = client.open(path, method=method, json=body, headers=headers)
        assert response.status_code != 401, f"{method} {path} → 401 with the token: {response.get_json()}"
    missing = {rule.endpoint for rule in _guarded_rules()} - {"control.health"} - set(ran)
    assert not missing, f"views the token did not reach: {missing}"
    assert client.get("/_sim/health").status_code == 200  # open to all: liveness probes carry no token


def test_an_app_without_a_token_asks_for_none() -> None:
    client = create_app().test_client()
    tenant = client.post("/_sim/tenants", json={}).get_json()["tenant"]
    assert client.get(f"/_sim/tenants/{tenant}").status_code == 200
    assert client.put(f"/connector/v1/accounts/{tenant}/", json={"settings": {}}).status_code == 200


# ------------------------------------------------------------------ a real server on 0.0.0.0
@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    """``python -m simulators serve --host 0.0.0.0``: it generates its token and prints it."""
    with serving("--host", "0.0.0.0", lines=2) as served:
        assert served.generated_token, f"no token printed: {served.lines}"
        yield served


@pytest.fixture
def world(server: Served, faker: Any) -> dict[str, Any]:
    """A tenant of the server with records in every store and a connector account."""
    control = ControlPlaneClient(server.base_url, server.generated_token)
    tenant = control.create_tenant(seed=5, settings={"shopify": {"rate_limit": False}})
    ShopifyClient(server.base_url, tenant["shopify"]).create_order(shopify_order(faker, lines=1))
    control.create_ebay_order(tenant["tenant"])
    control.advance_clock(tenant["tenant"], 60)
    control.session.put(f"{server.base_url}/connector/v1/accounts/{tenant['tenant']}/",
                        json={"settings": {"storefront": "shopify", "refund_direction": "from_netsuite"}}).raise_for_status()
    return {"control": control, "tenant": tenant}


def _state(base_url: str, token: str, tenant: str) -> dict[str, Any]:
    """Everything a tenant's GET routes answer (with the token): its credentials, records, clock
    offset, faults, journal, connector account and transactions, ... Read twice: the first
    reading creates the state of stores nothing touched yet, which the snapshot then lists."""
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {token}"
        rules = [r for r in _guarded_rules() if "GET" in _methods(r) and _PARAM.findall(r.rule) == ["tenant_id"]]
        for _ in range(2):
            state = {rule.rule: session.get(f"{base_url}{_path(rule, tenant)}", timeout=10).json() for rule in rules}
    for clock in (state["/_sim/tenants/<tenant_id>/clock"], state["/_sim/tenants/<tenant_id>/evidence"]["clock"]):
        clock.pop("now")  # real time goes on; the offset is the tenant's
    return state


def test_every_control_plane_and_connector_route_refuses_a_caller_without_the_token(server: Served,
                                                                                   world: dict[str, Any]) -> None:
    token, tenant = server.generated_token or "", world["tenant"]["tenant"]
    before = _state(server.base_url, token, tenant)
    assert before["/_sim/tenants/<tenant_id>"]["netsuite"]["token_secret"]  # the state read holds what a caller must not see
    with requests.Session() as session:
        for caller, (headers, wrong) in NOT_THE_TOKEN.items():
            headers = {k: v.replace(TOKEN, token) for k, v in headers.items()}  # this server's token, misused
            for method, path, body in _requests(tenant):
                response = session.request(method, f"{server.base_url}{path}", json=body, headers=headers, timeout=10)
                _assert_refused(response, f"{method} {path} with {caller}", wrong)
                assert token not in response.text
    assert _state(server.base_url, token, tenant) == before, "a refused request changed the tenant"


def test_the_vendor_apis_answer_without_the_token_and_do_not_take_it(server: Served, world: dict[str, Any],
                                                                     faker: Any) -> None:
    base, tenant, token = server.base_url, world["tenant"], server.generated_token or ""
    netsuite = NetSuiteClient(base, tenant["netsuite"])
    assert netsuite.create("customer", {"companyName": "Far Away Ltd", "isPerson": False})
    shopify = ShopifyClient(base, tenant["shopify"])
    assert shopify.create_order(shopify_order(faker, lines=1))["id"]
    assert EbayClient(base, tenant["ebay"]).get_orders()["orders"]
    assert isinstance(WooCommerceClient(base, tenant["woocommerce"]).orders(), list)
    assert isinstance(MagentoClient(base, tenant["magento"]).orders()["items"], list)
    # The admin token is no vendor credential: eBay refuses it as its bearer, in eBay's shape.
    with pytest.raises(VendorError) as refused:
        EbayClient(base, {**tenant["ebay"], "access_token": token}).get_orders()
    assert refused.value.status == 401 and refused.value.body["errors"][0]["errorId"]
    # Sent along with a vendor request anyway, it never reaches the journal.
    shopify.session.headers.update({admin.HEADER: token, "X-Forwarded-Authorization": f"Bearer {token}"})
    shopify.orders()
    assert token not in json.dumps(world["control"].journal(tenant["tenant"]))


def test_the_http_connector_sends_the_servers_token(server: Served, world: dict[str, Any]) -> None:
    """``--connector-url /connector/v1`` on a server that requires the token: the harness reads the
    tenant's credentials with it and drives the served reference connector with it."""
    tenant, token = world["tenant"], server.generated_token or ""
    context = ConnectorContext(base_url=server.base_url, tenant=tenant["tenant"], netsuite=tenant["netsuite"],
                               shopify=tenant["shopify"], ebay=tenant["ebay"], clock=lambda: None,  # type: ignore[arg-type,return-value]
                               sleep=lambda seconds: None,
                               settings={"storefront": "shopify", "refund_direction": "from_netsuite"})
    with pytest.raises(ConnectorDefect, match="→ 401 .*unauthorized") as refused:
        HttpConnectorFactory("/connector/v1", token=None, admin_token=token)(context)
    assert token not in str(refused.value)
    connector = HttpConnectorFactory("/connector/v1", token=token, admin_token=token)(context)
    try:
        assert connector.transactions() == []
    finally:
        connector.close()


def test_the_harness_says_once_when_it_cannot_use_a_server(server: Served, tmp_path: Path) -> None:
    with pytest.raises(ConnectionError, match="requires an admin token: pass --admin-token or set REFUNDSIM_ADMIN_TOKEN"):
        RemoteTransport(server.base_url).check()
    with pytest.raises(ConnectionError, match="the admin token given is not the server's"):
        RemoteTransport(server.base_url, "wrong").check()
    RemoteTransport(f"{server.base_url}/", server.generated_token).check()
    with pytest.raises(ValueError, match="is not the base URL of a server"):
        RemoteTransport(f"{server.base_url}/_sim/")
    with pytest.raises(ValueError, match="is not the base URL of a server"):
        RemoteTransport(f"ftp://127.0.0.1:{server.port}")
    # Through pytest: a usage error before any scenario runs.
    done = subprocess.run([sys.executable, "-m", "pytest", "features/", "-q", "-p", "no:cacheprovider",
                           f"--base-url={server.base_url}", "--admin-token=wrong", f"--alluredir={tmp_path}",
                           f"--certification-report={tmp_path / 'certification.json'}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=without_admin_token())
    assert done.returncode == 4, done.stdout[-2000:] + done.stderr[-2000:]
    assert "--base-url: the simulators at" in done.stderr and "not the server's" in done.stderr


def _features(server: Served, tmp_path: Path, *args: str) -> list[str]:
    """Run the features ``args`` against ``server`` with its token; every text of the results and
    the verdict. The run must pass, its evidence show the scenarios ran there (journaled URLs name
    the server, not the in-process host), and the token be nowhere in the results or the output."""
    token = server.generated_token or ""
    done = subprocess.run([sys.executable, "-m", "pytest", *args, "-q", "-p", "no:cacheprovider",
                           f"--base-url={server.base_url}", f"--admin-token={token}", f"--alluredir={tmp_path / 'results'}",
                           f"--certification-report={tmp_path / 'certification.json'}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, env=without_admin_token())
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert re.search(r"\d+ passed", done.stdout) and " failed" not in done.stdout, done.stdout[-3000:]
    texts = [p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file()]  # results and verdict
    assert any(f"127.0.0.1:{server.port}/services/rest/" in text for text in texts), "no exchange with the server in the evidence"
    assert not any("refundsim.invalid" in text for text in texts), "scenarios ran in-process"
    assert not any(token in text for text in texts), "the admin token reached the results"
    assert token not in done.stdout + done.stderr
    return texts


@pytest.mark.runs_the_suite(seconds=105)
def test_the_feature_suite_passes_against_the_server_with_its_token(server: Served, tmp_path: Path) -> None:
    """The issue's definition of done, with the reference connector reached through the server's
    connector API (``--connector-url /connector/v1``): every scenario, the harness's control plane
    calls and the connector's carrying the token, and every answer of the connector API held to its
    OpenAPI document. This is ``make test``'s run of the features over HTTP."""
    texts = _features(server, tmp_path, "features/", "--connector-url=/connector/v1")
    assert any("connector=/connector/v1\n" in text for text in texts), "the run's connector was not the one over HTTP"


@pytest.mark.runs_the_suite(seconds=8)
def test_a_python_connector_passes_against_the_server_with_its_token(server: Served, tmp_path: Path) -> None:
    """The connector under test in the harness's process (the reference connector, loaded by
    ``--connector``), driving the server's vendor APIs: a feature's worth of scenarios, its retrieves,
    posts, cancels and deletes."""
    _features(server, tmp_path, "features/refund_actions.feature")


# ------------------------------------------------------------------ how serve makes and takes it
def test_a_generated_token_is_printed_once_and_works() -> None:
    with serving("--host", "0.0.0.0", lines=2) as served:
        token = served.generated_token
        assert token and len(token) >= 43, served.lines
        assert ControlPlaneClient(served.base_url, token).create_tenant()["tenant"]
        with pytest.raises(VendorError, match="401"):
            ControlPlaneClient(served.base_url).create_tenant()
    assert served.returncode == 0
    assert served.stdout.count(token) == 1 and token not in served.stderr, (served.stdout, served.stderr)


def test_bound_to_every_address_it_prints_urls_that_reach_it() -> None:
    """``--host 0.0.0.0`` is no address a client can use: the first line gives this machine's
    loopback URL, and a line after the token's gives the one other machines use (the host's name).
    (The server of ``test_a_token_given_is_required_and_never_printed[--admin-token]`` too: the same
    command, each start half a second of CPU.)"""
    with serving("--host", "0.0.0.0", "--admin-token", TOKEN, lines=3) as served:
        assert served.lines[0].startswith(f"Simulators serving on http://127.0.0.1:{served.port}  "), served.lines
        assert f"http://{socket.gethostname()}:{served.port}" in served.lines[2], served.lines
        assert ControlPlaneClient(served.base_url, TOKEN).create_tenant()["tenant"]
        _the_token_given_is_required(served, "--admin-token")
    assert "0.0.0.0:" not in served.stdout.replace("(0.0.0.0)", ""), served.stdout
    assert TOKEN not in served.stdout + served.stderr


def _the_token_given_is_required(served: Served, where: str) -> None:
    """A server given ``TOKEN`` by ``where`` prints none of its own and takes that one only."""
    assert served.generated_token is None and f"the one {where} gave" in served.lines[1], served.lines
    assert ControlPlaneClient(served.base_url, TOKEN).create_tenant()["tenant"]
    assert requests.get(f"{served.base_url}/_sim/", timeout=5).status_code == 401


def test_a_token_given_is_required_and_never_printed() -> None:
    """Given by the environment (by ``--admin-token``: the server of the test above)."""
    with serving("--host", "0.0.0.0", lines=2, env={admin.ENV: TOKEN}) as served:
        _the_token_given_is_required(served, admin.ENV)
    assert TOKEN not in served.stdout + served.stderr


def test_a_token_given_on_loopback_is_enforced_too() -> None:
    with serving("--host", "127.0.0.1", "--admin-token", TOKEN, lines=2) as served:
        assert "Admin token" in served.lines[1], served.lines
        assert requests.post(f"{served.base_url}/_sim/tenants", json={}, timeout=5).status_code == 401
        assert ControlPlaneClient(served.base_url, TOKEN).create_tenant()["tenant"]
