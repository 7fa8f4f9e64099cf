"""Integration authentication as Magento checks it (RULES.md §7): OAuth 1.0a HMAC-SHA256 signed with
the integration's four credentials, the access token as a bearer token only where the store allows
it, the 400 / 401 bodies Magento answers; the store code in the path; one tenant never sees
another's orders; the journal never holds a credential."""

from __future__ import annotations

from functools import cmp_to_key
import time
from typing import Any

import pytest
import requests
from oauthlib import oauth1

from simulators.clients import ControlPlaneClient, MagentoClient
from simulators.core.clock import process_now
from simulators.core.php import strnatcmp

from .conftest import ORDER, MagentoSim, magento_header, make_client, refused

NOT_AUTHORIZED = "The consumer isn't authorized to access %resources."


def _signed(base_url: str, creds: dict[str, str], path: str, *, method: str = "GET", **overrides: Any) -> dict[str, str]:
    """The OAuth 1.0a header for one request, signed by oauthlib with any parameter overridden."""
    client = oauth1.Client(
        overrides.pop("consumer_key", creds["consumer_key"]), client_secret=overrides.pop("consumer_secret", creds["consumer_secret"]),
        resource_owner_key=overrides.pop("access_token", creds["access_token"]),
        resource_owner_secret=overrides.pop("access_token_secret", creds["access_token_secret"]),
        signature_method=overrides.pop("signature_method", oauth1.SIGNATURE_HMAC_SHA256), **overrides)
    _, headers, _ = client.sign(f"{base_url}{path}", http_method=method)
    return headers


def _get(base_url: str, path: str, headers: dict[str, str]) -> requests.Response:
    return requests.get(f"{base_url}{path}", headers=headers, timeout=10)


@pytest.fixture
def path(order: dict[str, Any]) -> str:
    return f"/rest/default/V1/orders/{order['entity_id']}"


def test_a_signed_request_reads_the_order(simulators, tenant, path: str, order) -> None:
    response = _get(simulators.base_url, path, _signed(simulators.base_url, tenant["magento"], path))
    assert response.status_code == 200 and response.json() == order


def test_the_integration_token_as_bearer_is_refused_unless_the_store_allows_it(simulators, tenant, control,
                                                                               order) -> None:
    bearer = make_client(simulators.base_url, tenant["magento"], bearer=True)
    error = refused(bearer.order, order["entity_id"])
    assert (error.status, error.body) == (401, {"message": NOT_AUTHORIZED,
                                                "parameters": {"resources": "Magento_Sales::actions_view"}})
    allowed = control.create_tenant(seed=3, settings={"magento": {"integration_as_bearer": True}})
    store = MagentoSim(simulators.base_url, allowed["tenant"]).order(**ORDER)
    assert make_client(simulators.base_url, allowed["magento"], bearer=True).order(store["entity_id"]) == store


@pytest.mark.parametrize(("spelling", "served"), [
    ("Bearer {token}", True), ("bearer {token}", True), ("BEARER {token}", True),
    ("Bearer  {token}", False),  # explode(" ") gives three pieces: no token read
    ("Bearer {token} x", False), ("Bearer\t{token}", False), ("Token {token}", False),
])
def test_a_bearer_header_is_split_as_magento_splits_it(simulators, control, spelling: str, served: bool) -> None:
    """``TokenUserContext``: the header split on single spaces must give exactly two pieces, the
    first ``bearer`` in any case; anything else is a guest (401), never the token's integration."""
    allowed = control.create_tenant(seed=3, settings={"magento": {"integration_as_bearer": True}})
    store = MagentoSim(simulators.base_url, allowed["tenant"]).order(**ORDER)
    path = f"/rest/V1/orders/{store['entity_id']}"
    response = _get(simulators.base_url, path, {"Authorization": spelling.format(token=allowed["magento"]["access_token"])})
    if served:
        assert response.status_code == 200, response.text
    else:
        assert (response.status_code, response.json()) == (401, {"message": NOT_AUTHORIZED,
                                                                 "parameters": {"resources": "Magento_Sales::actions_view"}})


@pytest.mark.parametrize(("path", "resource"), [
    ("/rest/V1/orders/1", "Magento_Sales::actions_view"), ("/rest/default/V1/invoices?searchCriteria", "Magento_Sales::sales_invoice"),
    ("/rest/all/V1/creditmemos?searchCriteria", "Magento_Sales::sales_creditmemo"),
])
def test_a_guest_is_refused_the_resource_the_endpoint_needs(simulators, path: str, resource: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic dXNlcjpwYXNz"}):
        response = _get(simulators.base_url, path, headers)
        assert (response.status_code, response.json()) == (401, {"message": NOT_AUTHORIZED,
                                                                 "parameters": {"resources": resource}})


@pytest.mark.parametrize(("overrides", "status", "body"), [
    ({"consumer_secret": "0" * 32}, 401, {"message": "The signature is invalid. Verify and try again."}),
    ({"access_token_secret": "0" * 32}, 401, {"message": "The signature is invalid. Verify and try again."}),
    ({"signature_method": oauth1.SIGNATURE_HMAC_SHA1}, 400,
     {"message": "Signature method %1 is not supported", "parameters": ["HMAC-SHA1"]}),
    ({"consumer_key": "short"}, 401, {"message": "Consumer key is not the correct length"}),
    ({"consumer_key": "f" * 32}, 401, {"message": "A consumer having the specified key does not exist"}),
    ({"access_token": "short"}, 400, {"message": "The token length is invalid. Check the length and try again."}),
    ({"access_token": "a" * 32}, 401, {"message": "Specified token does not exist"}),
    ({"timestamp": str(int(process_now().timestamp()) + 3600)}, 401, {"message": "An error occurred validating the nonce"}),
])
def test_oauth_refusals_answer_as_magento(simulators, tenant, path: str, overrides, status: int, body) -> None:
    response = _get(simulators.base_url, path, _signed(simulators.base_url, tenant["magento"], path, **overrides))
    assert (response.status_code, response.json()) == (status, body)


def test_an_old_timestamp_is_accepted_as_magento_only_bounds_the_future(simulators, tenant, path: str) -> None:
    headers = _signed(simulators.base_url, tenant["magento"], path, timestamp=str(int(process_now().timestamp()) - 86_400))
    response = _get(simulators.base_url, path, headers)
    assert response.status_code == 200, response.text


def test_a_replayed_nonce_is_refused(simulators, tenant, path: str) -> None:
    headers = _signed(simulators.base_url, tenant["magento"], path, nonce="n" * 32)
    assert _get(simulators.base_url, path, headers).status_code == 200
    again = _get(simulators.base_url, path, headers)
    assert again.status_code == 401
    assert again.json()["message"] == "The nonce is already being used by the consumer with ID %1"
    assert again.json()["parameters"][0].isdigit()


def test_a_token_of_another_integration_is_not_the_consumers(simulators, tenant, control, path: str) -> None:
    other = control.create_tenant(seed=4)["magento"]
    headers = _signed(simulators.base_url, tenant["magento"], path, access_token=other["access_token"],
                      access_token_secret=other["access_token_secret"])
    response = _get(simulators.base_url, path, headers)
    assert (response.status_code, response.json()) == (401, {"message": "Token is not associated with the specified consumer"})


def test_missing_oauth_parameters_are_each_named(simulators, tenant, path: str) -> None:
    one = _get(simulators.base_url, path, {"Authorization": 'OAuth oauth_consumer_key="a", oauth_signature="b", '
                                           'oauth_signature_method="HMAC-SHA256", oauth_nonce="c", oauth_timestamp="1"'})
    assert (one.status_code, one.json()) == (400, {"message": '"%fieldName" is required. Enter and try again.',
                                                   "parameters": {"fieldName": "oauth_token"}})
    several = _get(simulators.base_url, path, {"Authorization": 'OAuth oauth_consumer_key="a"'})
    assert several.status_code == 400
    assert several.json()["message"] == "One or more input exceptions have occurred."
    assert [e["parameters"]["fieldName"] for e in several.json()["errors"]] == [
        "oauth_signature", "oauth_signature_method", "oauth_nonce", "oauth_timestamp", "oauth_token"]


def test_another_tenants_credentials_see_none_of_its_orders(simulators, control, order) -> None:
    stranger = make_client(simulators.base_url, control.create_tenant(seed=5)["magento"])
    assert refused(stranger.order, order["entity_id"]).status == 404
    assert stranger.orders()["total_count"] == 0


@pytest.mark.parametrize("store", ["default", "all", None])
def test_every_store_path_answers(simulators, tenant, order, store: str | None) -> None:
    client = make_client(simulators.base_url, tenant["magento"], store_code=store or "default")
    if store is None:
        client.root = client.root.replace("/rest/default/V1", "/rest/V1")
    assert client.order(order["entity_id"])["entity_id"] == order["entity_id"]


def test_an_unknown_store_or_method_matches_no_route(simulators, tenant, order, raw) -> None:
    base = simulators.base_url
    for method, path in (("GET", f"/rest/nope/V1/orders/{order['entity_id']}"),
                         ("DELETE", f"/rest/default/V1/orders/{order['entity_id']}"),
                         ("GET", "/rest/default/V1/no-such-thing")):
        response = raw.request(method, f"{base}{path}")
        assert (response.status_code, response.json()) == (404, {"message": "Request does not match any route."}), path


def test_the_journal_keeps_no_credential(simulators, tenant, control, magento: MagentoClient, order) -> None:
    magento.order(order["entity_id"])
    entries = control.journal(tenant["tenant"])
    assert entries and all(e["service"] == "magento" for e in entries)
    text = str(entries)
    for secret in tenant["magento"].values():
        if len(secret) == 32:
            assert secret not in text
    assert entries[-1]["request_headers"]["Authorization"] == "OAuth ***"


def test_the_tenant_answer_carries_the_integration(control: ControlPlaneClient) -> None:
    creds = control.create_tenant()["magento"]
    assert creds["store_code"] == "default"
    assert {k: len(v) for k, v in creds.items() if k != "store_code"} == {
        "consumer_key": 32, "consumer_secret": 32, "access_token": 32, "access_token_secret": 32}


# ------------------------------------- the signature as Magento computes it (Helper\Request, Laminas)
def _send(url: str, headers: dict[str, str], method: str = "GET") -> requests.Response:
    """``url`` sent byte for byte (``requests`` would re-quote its path and query)."""
    prepared = requests.Request(method, "http://placeholder/", headers=headers).prepare()
    prepared.url = url
    with requests.Session() as session:
        return session.send(prepared, timeout=10)


#: (what is sent after the order's path, the Host header, the signed URL's path, the pairs signed,
#: whether a client signing as RFC 5849 does (oauthlib) is refused).
MAGENTO_SIGNS = [
    ("a repeated query name is signed with its last value", "?k=1&k=2", None, "", [("k", "2")], True),
    ("names sort in natural order", "?b10=1&b9=2", None, "", [("b9", "2"), ("b10", "1")], True),
    ("a pair without '=' or with two is not signed", "?flag&a=b=c&c=1", None, "", [("c", "1")], True),
    ("a '+' is a space", "?e=a+b%2Bc", None, "", [("e", "a%20b%2Bc")], False),
    ("an oauth_ name in the query is not signed", "?oauth_extra=1&xoauth_y=2&c=3", None, "", [("c", "3")], True),
    ("a bracketed name is one name", "?a[]=1&a[]=2", None, "", [("a%5B%5D", "2")], False),
    ("the host is lower case and the default port dropped", "?c=1", "SIM.Example:80", "", [("c", "1")], False),
]


@pytest.mark.parametrize(("sent", "host", "suffix", "signed", "rfc_refused"), [row[1:] for row in MAGENTO_SIGNS],
                         ids=[row[0] for row in MAGENTO_SIGNS])
def test_the_signature_is_checked_as_magento_builds_it(simulators, tenant, path: str, sent: str, host: str | None,
                                                       suffix: str, signed: list[tuple[str, str]],
                                                       rfc_refused: bool) -> None:
    """``Helper\\Request::_processRequest`` (the header's ``oauth_*``, the query split on ``&`` and
    ``=``: a pair only when ``=`` splits it in two, no protocol name, the last of a repeated name)
    and ``Laminas\\OAuth\\Signature\\AbstractSignature`` (``uksort`` with ``strnatcmp``; the URL
    normalised: host in lower case, default port dropped)."""
    creds = tenant["magento"]
    origin = f"http://{host.lower().removesuffix(':80')}" if host else simulators.base_url
    headers = magento_header(creds, "GET", f"{origin}{path}{suffix}", signed)
    if host:
        headers["Host"] = host
    response = _send(f"{simulators.base_url}{path}{sent}", headers)
    assert response.status_code == 200, response.text
    if rfc_refused:
        rfc = _signed(simulators.base_url, creds, f"{path}{sent}")
        refused_rfc = _send(f"{simulators.base_url}{path}{sent}", rfc)
        assert (refused_rfc.status_code, refused_rfc.json()) == (
            401, {"message": "The signature is invalid. Verify and try again."})


def test_the_signed_path_is_normalised_as_laminas_normalises_it(simulators, tenant, path: str) -> None:
    """``Laminas\\Uri\\Uri::normalizePath``: a percent-encoded character a path may hold literally
    is signed decoded (``%33`` as ``3``), another keeps its code in upper case (``%2a`` as ``%2A``)."""
    head, _, order_id = path.rpartition("/")
    sent = f"{head}/%{ord(order_id[0]):02x}{order_id[1:]}"
    response = _send(f"{simulators.base_url}{sent}?d=%2a", magento_header(
        tenant["magento"], "GET", f"{simulators.base_url}{path}", [("d", "%2A")]))
    assert response.status_code == 200, response.text
    rfc = _send(f"{simulators.base_url}{sent}", _signed(simulators.base_url, tenant["magento"], sent))
    assert rfc.status_code == 401


@pytest.mark.parametrize(("before", "extra"), [
    ("Foo OAuth ", ""),  # stripos(): "oauth " anywhere
    ('OAuth realm="shop", foo="bar", ', ""),  # realm and other names are neither read nor signed
    ("oauth ", ', foo="bar"'),
])
def test_the_oauth_header_is_read_as_magento_reads_it(simulators, tenant, path: str, before: str, extra: str) -> None:
    """``Helper\\Request::_processHeader``: the parameters after the first ``oauth `` in any case,
    only the names that match ``oauth_[a-z_-]+``."""
    headers = magento_header(tenant["magento"], "GET", f"{simulators.base_url}{path}", [], prefix=before, extra=extra)
    response = _get(simulators.base_url, path, headers)
    assert response.status_code == 200, response.text


def test_an_oauth_header_without_protocol_parameters_is_a_guest_or_missing_them(simulators, tenant, path: str) -> None:
    """``OauthUserContext``: an empty ``prepareRequest()`` is no OAuth request (a guest, 401); a
    query parameter makes it one, with every protocol parameter missing (400)."""
    guest = _get(simulators.base_url, path, {"Authorization": 'OAuth realm="shop", nonsense'})
    assert (guest.status_code, guest.json()) == (401, {"message": NOT_AUTHORIZED,
                                                       "parameters": {"resources": "Magento_Sales::actions_view"}})
    missing = _get(simulators.base_url, f"{path}?x=1", {"Authorization": 'OAuth realm="shop"'})
    assert missing.status_code == 400
    assert [e["parameters"]["fieldName"] for e in missing.json()["errors"]] == [
        "oauth_consumer_key", "oauth_signature", "oauth_signature_method", "oauth_nonce", "oauth_timestamp", "oauth_token"]


@pytest.mark.parametrize(("timestamp", "served"), [
    ("{now}abc", True), ("{now}.9", True), (" {now}", True), ("1e3", True),  # (int) reads the numeric prefix
    ("abc", False), ("0.9", False), ("-{now}", False),
])
def test_the_timestamp_is_read_as_php_casts_it(simulators, tenant, path: str, timestamp: str, served: bool) -> None:
    """``Nonce\\Generator::validateNonce``: ``(int) $timestamp`` must be above 0 and at most 600 s
    ahead; PHP's cast reads a numeric prefix (``"1e3"`` is 1000, ``"…abc"`` its digits), else 0."""
    stamp = timestamp.format(now=int(process_now().timestamp()))
    response = _get(simulators.base_url, path, magento_header(
        tenant["magento"], "GET", f"{simulators.base_url}{path}", [], oauth_timestamp=stamp))
    if served:
        assert response.status_code == 200, response.text
    else:
        assert (response.status_code, response.json()) == (401, {"message": "An error occurred validating the nonce"})


@pytest.mark.parametrize(("version", "served"), [("1.0", True), ("1", True), ("1.00", True), ("1.0a", False), ("2", False)])
def test_the_version_is_compared_as_php_compares_it(simulators, tenant, path: str, version: str, served: bool) -> None:
    """``Oauth::_validateVersionParam``: ``'1.0' != $version``, numerically for numeric text."""
    response = _get(simulators.base_url, path, magento_header(
        tenant["magento"], "GET", f"{simulators.base_url}{path}", [], oauth_version=version))
    if served:
        assert response.status_code == 200, response.text
    else:
        assert (response.status_code, response.json()) == (
            400, {"message": 'The "%1" Oauth version isn\'t supported.', "parameters": [version]})


@pytest.mark.parametrize(("names", "ordered"), [
    (["img12.png", "img10.png", "img2.png", "img1.png"], ["img1.png", "img2.png", "img10.png", "img12.png"]),
    (["IMG0.png", "img12.png", "img10.png", "img2.png", "img1.png", "IMG3.png"],
     ["IMG0.png", "IMG3.png", "img1.png", "img2.png", "img10.png", "img12.png"]),
    (["-5", "3", "-2", "0", "-1000", "9", "1"], ["-2", "-5", "-1000", "0", "1", "3", "9"]),
    (["b%5B10%5D", "b%5B2%5D", "b%5B1%5D"], ["b%5B1%5D", "b%5B2%5D", "b%5B10%5D"]),
])
def test_names_sort_as_phps_strnatcmp_sorts_them(names: list[str], ordered: list[str]) -> None:
    """The PHP manual's ``natsort`` examples (the order Laminas' ``uksort( $params, 'strnatcmp' )``
    gives the signed names), and encoded bracketed names."""
    assert sorted(names, key=cmp_to_key(strnatcmp)) == ordered


def test_a_nonce_is_matched_as_mysql_compares_the_column(simulators, tenant, path: str) -> None:
    """``Nonce\\Generator::validateNonce`` looks the nonce up with SQL (``nonce = ?``) in a column of
    Magento's default collation (``utf8_general_ci``: letters in any case, trailing spaces ignored),
    so ``nOnCe`` after ``NoNcE`` is a replay."""
    url, stem = f"{simulators.base_url}{path}", f"Replay{time.time_ns()}"
    first = _get(simulators.base_url, path, magento_header(tenant["magento"], "GET", url, oauth_nonce=stem))
    assert first.status_code == 200, first.text
    for again in (stem.lower(), stem.upper(), f"{stem} "):
        response = _get(simulators.base_url, path, magento_header(tenant["magento"], "GET", url, oauth_nonce=again))
        assert response.status_code == 401, again
        assert response.json()["message"] == "The nonce is already being used by the consumer with ID %1"


@pytest.mark.parametrize("path", ["/rest/default/V1/orders/1"])
def test_a_nonce_longer_than_its_column_is_taken_and_kept_by_its_first_32_characters(simulators, tenant,
                                                                                     path: str) -> None:
    r"""Magento checks no nonce length (``Oauth::_validateProtocolParams`` only requires the parameter,
    ``Nonce\Generator::validateNonce`` checks the timestamp and looks the nonce up): a nonce of more
    than 32 characters is served. Its row keeps the first 32 (``oauth_nonce.nonce`` is
    ``varchar(32)``; the adapter connects with ``SQL_MODE=''``, which cuts a longer value instead of
    failing), so the look-up (``nonce = ?`` with the whole nonce) never finds it again, and the next
    nonce whose first 32 characters are the same fails the row's unique key, which
    ``validateNonce``'s catch-all answers 401 "An error occurred validating the nonce" — the nonce
    itself replayed included. Each such nonce was a new one here, and a replay was "already being used"."""
    url, stem = f"{simulators.base_url}{path}", f"Long{time.time_ns()}".ljust(32, "0")
    assert len(stem) == 32
    first = _get(simulators.base_url, path, magento_header(tenant["magento"], "GET", url, oauth_nonce=f"{stem}-first"))
    assert first.status_code != 401, first.text
    for again in (f"{stem}-first", f"{stem}-second"):
        response = _get(simulators.base_url, path, magento_header(tenant["magento"], "GET", url, oauth_nonce=again))
        assert (response.status_code, response.json()["message"]) == (401, "An error occurred validating the nonce")
    # The row holds the first 32 characters: that nonce itself is found by the look-up.
    short = _get(simulators.base_url, path, magento_header(tenant["magento"], "GET", url, oauth_nonce=stem.lower()))
    assert (short.status_code, short.json()["message"]) == (401, "The nonce is already being used by the consumer with ID %1")
    other = _get(simulators.base_url, path, magento_header(tenant["magento"], "GET", url,
                                                            oauth_nonce=f"Other{time.time_ns()}".ljust(40, "x")))
    assert other.status_code != 401, other.text


def test_protocol_parameters_come_from_a_form_body_only_when_the_header_has_none(simulators, tenant, order) -> None:
    """``_processRequest``: a urlencoded body's ``oauth_*`` are read when the header (with ``oauth ``
    in it) gives none; one sent as an array is PHP's ``Array`` in Magento's message."""
    url = f"{simulators.base_url}/rest/default/V1/order/{order['entity_id']}/refund"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    response = requests.post(url, data="oauth_version[]=2&oauth_nonce=x", timeout=10,
                             headers={**form, "Authorization": 'OAuth realm="shop"'})
    assert (response.status_code, response.json()) == (
        400, {"message": 'The "%1" Oauth version isn\'t supported.', "parameters": ["Array"]})
    from_body = requests.post(url, data="oauth_nonce=x", timeout=10, headers={**form, "Authorization": 'OAuth realm="shop"'})
    assert [e["parameters"]["fieldName"] for e in from_body.json()["errors"]] == [
        "oauth_consumer_key", "oauth_signature", "oauth_signature_method", "oauth_timestamp", "oauth_token"]
    header_wins = requests.post(url, data="oauth_version=2", timeout=10,
                                headers={**form, "Authorization": 'OAuth oauth_version="1.0"'})
    assert header_wins.json()["errors"][0]["parameters"] == {"fieldName": "oauth_consumer_key"}
