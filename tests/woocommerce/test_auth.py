"""WooCommerce's authentication (``class-wc-rest-authentication.php``, RULES.md §6): OAuth 1.0a
one-legged over plain HTTP, the consumer key and secret over HTTPS (Basic or query), the key's
permissions, and credentials kept out of the journal."""

from __future__ import annotations

import base64
import calendar
import hashlib
import hmac
import time
from typing import Any
from urllib.parse import quote, unquote

import pytest
import requests
from requests_oauthlib import OAuth1

from simulators.clients import ControlPlaneClient, WooCommerceClient, WooCommerceError
from simulators.core.journal import mask_body, mask_url
from simulators.woocommerce.auth import php_auth_user_and_password
from simulators.woocommerce.schemas import CRITICAL_ERROR

from .conftest import API, WooSim, make_client


def _oauth_session(credentials: dict[str, str], **oauth: Any) -> requests.Session:
    session = requests.Session()
    session.auth = OAuth1(credentials["consumer_key"], credentials["consumer_secret"], **oauth)
    return session


def _error(response: requests.Response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


# ------------------------------------------------------------------ OAuth 1.0a over HTTP
@pytest.mark.parametrize("method", ["HMAC-SHA1", "HMAC-SHA256"])
@pytest.mark.parametrize("where", ["auth_header", "query"])
def test_oauth_signatures_are_accepted_in_the_header_or_the_query(simulators, tenant, order, method, where) -> None:
    session = _oauth_session(tenant["woocommerce"], signature_method=method, signature_type=where)
    params: dict[str, str] = {"per_page": "5", "search": "Enamel mug"}  # a space and capitals are signed too
    response = session.get(f"{simulators.base_url}{API}/orders", params=params)
    assert response.status_code == 200, response.text
    assert [o["id"] for o in response.json()] == [order["id"]]


@pytest.mark.parametrize("change, message", [
    ({"client_secret": "cs_wrong"}, "Invalid signature - provided signature does not match."),
    ({"client_key": "ck_unknown"}, "Consumer key is invalid."),
    ({"signature_method": "PLAINTEXT"}, "Invalid signature - signature method is invalid."),
    ({"timestamp": str(int(time.time()) - 16 * 60)}, "Invalid timestamp."),
])
def test_oauth_failures_are_401_authentication_errors(simulators, tenant, change, message) -> None:
    creds = tenant["woocommerce"]
    options = {"client_key": creds["consumer_key"], "client_secret": creds["consumer_secret"],
               "signature_method": "HMAC-SHA256", **change}
    session = requests.Session()
    session.auth = OAuth1(**options)
    response = session.get(f"{simulators.base_url}{API}/orders")
    assert _error(response) == (401, "woocommerce_rest_authentication_error", message)


def test_array_parameters_are_signed_as_woocommerce_signs_them_each_member_by_its_index(
        simulators, tenant, sim: WooSim) -> None:
    """``check_oauth_signature`` signs ``$_GET`` as PHP parsed it: ``include[]=a&include[]=b`` is
    the array ``[0 => a, 1 => b]``, signed as ``include[0]=a`` and ``include[1]=b``. A client that
    signs those names may send either spelling; every member is signed; a client that signs the
    raw ``include[]`` names (RFC 5849's reading) is refused, as WooCommerce refuses it."""
    first, second, _ = (sim.order()["id"] for _ in range(3))
    url = f"{simulators.base_url}{API}/orders"
    session = _oauth_session(tenant["woocommerce"], signature_method="HMAC-SHA256", signature_type="query")

    def signed(params: dict[str, Any]) -> requests.PreparedRequest:
        return session.prepare_request(requests.Request("GET", url, params=params))

    indexed = signed({"include[0]": str(first), "include[1]": str(second)})
    response = session.send(indexed)
    assert response.status_code == 200, response.text
    assert sorted(o["id"] for o in response.json()) == sorted([first, second])

    as_appended = signed({"include[0]": str(first), "include[1]": str(second)})
    assert as_appended.url is not None and "include%5B1%5D" in as_appended.url
    as_appended.url = as_appended.url.replace("include%5B0%5D", "include%5B%5D").replace("include%5B1%5D", "include%5B%5D")
    response = session.send(as_appended)
    assert response.status_code == 200, response.text  # the same array, so the same signature
    assert sorted(o["id"] for o in response.json()) == sorted([first, second])

    tampered = signed({"include[0]": str(first), "include[1]": str(second)})
    assert tampered.url is not None
    tampered.url = tampered.url.replace(f"include%5B1%5D={second}", f"include%5B1%5D={first}")
    assert _error(session.send(tampered)) == (401, "woocommerce_rest_authentication_error",
                                              "Invalid signature - provided signature does not match.")

    for values in ([str(first)], [str(first), str(second)]):
        rfc = session.send(signed({"include[]": values}))
        assert _error(rfc) == (401, "woocommerce_rest_authentication_error",
                               "Invalid signature - provided signature does not match."), values


def test_a_replayed_nonce_is_refused(simulators, tenant, order) -> None:
    session = _oauth_session(tenant["woocommerce"], signature_method="HMAC-SHA256", signature_type="query")
    prepared = session.prepare_request(requests.Request("GET", f"{simulators.base_url}{API}/orders/{order['id']}"))
    assert session.send(prepared).status_code == 200
    replay = session.send(prepared)
    assert _error(replay) == (401, "woocommerce_rest_authentication_error",
                              "Invalid nonce - nonce has already been used.")


def test_a_protocol_parameter_sent_twice_is_read_as_woocommerce_merges_it(simulators, frozen_clock, tenant,
                                                                          order) -> None:
    """WooCommerce does not refuse an ``oauth_*`` parameter sent twice (RFC 5849 §3.2 would): PHP's
    ``$_GET`` and its header parser keep the last of a name, and the header's value replaces the
    query's (``array_merge``). So a client signing both values as RFC 5849 collects them is refused
    by the signature, and one that signs the value WooCommerce reads is served."""
    from oauthlib.oauth1 import Client
    creds = tenant["woocommerce"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], signature_method="HMAC-SHA256",
                    timestamp=str(_now(frozen_clock)))
    url = f"{simulators.base_url}{API}/orders/{order['id']}"
    signed_url, headers, _ = client.sign(url + "?oauth_nonce=other", "GET")  # signs both nonces
    assert _error(requests.get(signed_url, headers=headers)) == (
        401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.")
    _, headers, _ = client.sign(url, "GET")  # signs the header's nonce, the one WooCommerce reads
    response = requests.get(url + "?oauth_nonce=other", headers=headers)
    assert response.status_code == 200, response.text
    _, headers, _ = client.sign(url, "GET")  # twice in the header: the last is read
    headers["Authorization"] = headers["Authorization"].replace("OAuth ", 'OAuth oauth_nonce="first", ', 1)
    assert requests.get(url, headers=headers).status_code == 200


def test_some_but_not_all_oauth_parameters_are_named(simulators, tenant) -> None:
    response = requests.Session().get(f"{simulators.base_url}{API}/orders", params={
        "oauth_consumer_key": tenant["woocommerce"]["consumer_key"], "oauth_timestamp": "1"})
    assert _error(response) == (401, "woocommerce_rest_authentication_missing_parameter",
                                "Missing OAuth parameters oauth_nonce, oauth_signature, oauth_signature_method")


@pytest.mark.parametrize("credentials", ["basic", "query"])
def test_keys_without_oauth_are_ignored_over_plain_http(simulators, tenant, order, credentials) -> None:
    creds = tenant["woocommerce"]
    session = requests.Session()
    if credentials == "basic":
        session.auth = (creds["consumer_key"], creds["consumer_secret"])
        params = {}
    else:
        params = {"consumer_key": creds["consumer_key"], "consumer_secret": creds["consumer_secret"]}
    listing = session.get(f"{simulators.base_url}{API}/orders", params=params)
    assert _error(listing) == (401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
    one = session.get(f"{simulators.base_url}{API}/orders/{order['id']}", params=params)
    assert _error(one) == (401, "woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.")
    create = session.post(f"{simulators.base_url}{API}/orders/{order['id']}/refunds", params=params, json={"amount": "1"})
    assert _error(create) == (401, "woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.")
    delete = session.delete(f"{simulators.base_url}{API}/orders/{order['id']}/refunds/1", params=params)
    assert _error(delete) == (401, "woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.")


def test_bad_arguments_are_reported_before_the_missing_login(simulators) -> None:
    response = requests.Session().get(f"{simulators.base_url}{API}/orders", params={"per_page": "0"})
    assert _error(response) == (400, "rest_invalid_param", "Invalid parameter(s): per_page")


# ------------------------------------------------------------------ keys over HTTPS
def _basic(creds: dict[str, str], secret: str | None = None) -> dict[str, str]:
    token = base64.b64encode(f"{creds['consumer_key']}:{secret or creds['consumer_secret']}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_over_https_basic_auth_and_query_keys_both_work(https, tenant, order) -> None:
    creds = tenant["woocommerce"]
    assert https.get(f"{API}/orders/{order['id']}", headers=_basic(creds), base_url="https://localhost").status_code == 200
    query = {"consumer_key": creds["consumer_key"], "consumer_secret": creds["consumer_secret"]}
    assert https.get(f"{API}/orders/{order['id']}", query_string=query, base_url="https://localhost").status_code == 200
    # the query string wins over the header: a right query with a wrong header still works
    response = https.get(f"{API}/orders/{order['id']}", query_string=query, headers=_basic(creds, "cs_wrong"),
                         base_url="https://localhost")
    assert response.status_code == 200


@pytest.mark.parametrize(("spelling", "status"), [
    ("Basic {token}", 200),
    ("basic {token}", 200),  # PHP compares the scheme case-insensitively
    ("Basic {bare}", 200),  # no padding: php_base64_decode is not strict
    ("Basic  {token}", 200),  # a second space, and a space inside: skipped, as any character not base64
    ("Basic {half} {rest}", 200),
    ("Basic !{token}!", 200),
    ("Basic {user_only}", 401),  # no ':': no PHP_AUTH_USER, so nobody (woocommerce_rest_cannot_view)
    ("Basic !!!", 401),
    ("Basic", 401),
    ("Bearer {token}", 401),
], ids=["plain", "lower-case", "unpadded", "two-spaces", "inner-space", "junk", "no-colon", "not-base64", "empty",
        "bearer"])
def test_a_basic_header_is_decoded_as_php_decodes_it(https, tenant, order, spelling: str, status: int) -> None:
    """PHP sets ``PHP_AUTH_USER`` / ``PHP_AUTH_PW`` from ``Authorization: Basic`` with its non-strict
    base64 decoder (characters outside the alphabet and padding skipped), and only when the decoded
    text has a ``:``; werkzeug's strict decoder refused the unpadded and spaced spellings PHP takes."""
    creds = tenant["woocommerce"]
    token = base64.b64encode(f"{creds['consumer_key']}:{creds['consumer_secret']}".encode()).decode()
    header = spelling.format(token=token, bare=token.rstrip("="), half=token[:10], rest=token[10:],
                             user_only=base64.b64encode(creds["consumer_key"].encode()).decode())
    response = https.get(f"{API}/orders/{order['id']}", headers={"Authorization": header}, base_url="https://localhost")
    assert response.status_code == status, (header, response.get_json())
    if status == 401:
        assert response.get_json()["code"] == "woocommerce_rest_cannot_view"


@pytest.mark.parametrize(("header", "expected"), [
    ("Basic Y2s6cw==", ("ck", "s")),
    ("Basic Y2s6cw", ("ck", "s")),  # unpadded
    ("Basic Y2s6Y3M6Q", ("ck", "cs:")),  # a trailing 6 bits make no byte
    ("BASIC Y2s6 cw= =", ("ck", "s")),
    ("Basic Y2s6Y3MAeA==", ("ck", "cs")),  # "ck:cs\0x": a C string ends at the NUL
    ("Basic Y2s6", ("ck", "")),
    ("Basic Y2s=", None),  # no ":"
    ("Basic", None), ("Basicx Y2s6cw==", None), ("Digest Y2s6cw==", None),
])
def test_php_reads_basic_credentials_with_its_lenient_base64(header: str, expected: tuple[str, str] | None) -> None:
    assert php_auth_user_and_password(header) == expected


def test_over_https_a_wrong_secret_is_401_and_an_unknown_key_is_nobody(https, tenant, order) -> None:
    creds = tenant["woocommerce"]
    wrong = https.get(f"{API}/orders", headers=_basic(creds, "cs_wrong"), base_url="https://localhost")
    assert (wrong.status_code, wrong.get_json()) == (401, {"code": "woocommerce_rest_authentication_error",
                                                           "message": "Consumer secret is invalid.",
                                                           "data": {"status": 401}})
    unknown = https.get(f"{API}/orders", headers=_basic({**creds, "consumer_key": "ck_nobody"}),
                        base_url="https://localhost")
    assert (unknown.status_code, unknown.get_json()["code"]) == (401, "woocommerce_rest_cannot_view")


def test_a_read_key_cannot_write_and_a_write_key_cannot_read(simulators, tenant, order, sim: WooSim) -> None:
    reader = make_client(simulators.base_url, {**tenant["woocommerce"], **sim.key("read")})
    assert reader.order(order["id"])["id"] == order["id"]
    with pytest.raises(WooCommerceError) as denied:
        reader.create_refund(order["id"], {"amount": "1.00", "api_refund": False})
    assert (denied.value.status, denied.value.body["message"]) == (
        401, "The API key provided does not have write permissions.")
    writer = make_client(simulators.base_url, {**tenant["woocommerce"], **sim.key("write")})
    assert writer.create_refund(order["id"], {"amount": "1.00", "api_refund": False})["amount"] == "1.00"
    with pytest.raises(WooCommerceError) as blind:
        writer.refunds(order["id"])
    assert blind.value.body["message"] == "The API key provided does not have read permissions."


def test_the_journal_keeps_no_credential(simulators, tenant, order, https) -> None:
    creds = tenant["woocommerce"]
    make_client(simulators.base_url, creds).orders()
    _oauth_session(creds, signature_method="HMAC-SHA1", signature_type="query").get(f"{simulators.base_url}{API}/orders")
    https.get(f"{API}/orders", base_url="https://localhost",
              query_string={"consumer_key": creds["consumer_key"], "consumer_secret": creds["consumer_secret"]})
    https.get(f"{API}/orders", headers=_basic(creds), base_url="https://localhost")
    entries = ControlPlaneClient(simulators.base_url).journal(tenant["tenant"])
    assert len(entries) >= 4
    assert creds["consumer_secret"] not in str(entries)
    assert {e["request_headers"].get("Authorization") for e in entries} >= {"OAuth ***", "Basic ***"}


def test_journaled_urls_mask_secret_query_parameters() -> None:
    """In-process the journal shows the path only; live servers give the query too (test_client.py)."""
    assert mask_url("https://s/wp-json/wc/v3/orders?consumer_key=ck_1&consumer_secret=cs_2&page=2") == \
        "https://s/wp-json/wc/v3/orders?consumer_key=***&consumer_secret=***&page=2"
    assert mask_url("http://s/o?oauth_signature=ab%2Bc%3D&consumer%5Fsecret=x#f") == \
        "http://s/o?oauth_signature=***&consumer%5Fsecret=***#f"
    assert mask_body("oauth_signature=abc&oauth_nonce=1") == "oauth_signature=***&oauth_nonce=1"


@pytest.mark.parametrize("name", ["consumer_secret[]", "consumer_secret%5B%5D", "consumer_secret[0]", "consumer.secret",
                                  "consumer+secret", "consumer%2Esecret", "%20consumer_secret", "oauth.signature"])
def test_journaled_urls_mask_a_secret_however_php_spells_its_name(name: str) -> None:
    """WordPress reads the query as PHP's ``$_GET``, where each of these names is
    ``consumer_secret`` (or ``oauth_signature``): the store authenticates with it, and the journal
    must not keep it."""
    url = f"https://s/wp-json/wc/v3/orders?consumer_key=ck_1&{name}=cs_2&page=2"
    assert mask_url(url) == f"https://s/wp-json/wc/v3/orders?consumer_key=***&{name}=***&page=2"


def test_a_woocommerce_client_signs_every_call(simulators, tenant, order) -> None:
    client: WooCommerceClient = make_client(simulators.base_url, tenant["woocommerce"])
    assert client.order(order["id"])["id"] == order["id"]
    assert isinstance(client.session.auth, OAuth1)


# ------------------------------------------- query keys as PHP's $_GET has them (parse_str)
#: ``{ck}``/``{cs}`` are the store's key and secret. WooCommerce reads ``$_GET`` (PHP's parse_str:
#: the last of a repeated name wins, ``name[]=`` makes an array, ``.`` and `` `` in a name are ``_``),
#: takes the query's pair only when neither is ``empty()`` (``""`` or ``"0"``; a query cannot make an
#: empty array), and
#: else Basic auth; a key from the query, even one that finds nobody, leaves Basic auth unread.
#: The key is looked up after ``sanitize_text_field`` (an array is ``""``: nobody; spaces trimmed).
#: (name, query, Basic header sent: "right", "wrong" or None, status: 200 someone, 401 nobody)
QUERY_KEYS_AS_PHP_READS_THEM = [
    ("the last repeated key wins", "consumer_key=ck_nobody&consumer_key={ck}&consumer_secret={cs}", None, 200),
    ("the last repeated key wins, unknown", "consumer_key={ck}&consumer_key=ck_nobody&consumer_secret={cs}", "right", 401),
    ("the last repeated secret wins", "consumer_key={ck}&consumer_secret=cs_wrong&consumer_secret={cs}", None, 200),
    ("a key array after the key is nobody, Basic unread", "consumer_key={ck}&consumer_secret={cs}&consumer_key[]={ck}",
     "right", 401),
    ("a key array is nobody, Basic unread", "consumer_key[]={ck}&consumer_secret={cs}", "right", 401),
    ("a key after a key array wins", "consumer_key[]=x&consumer_key={ck}&consumer_secret={cs}", None, 200),
    ("a dot in the name is an underscore", "consumer.key={ck}&consumer_secret={cs}", None, 200),
    ("a space in the name is an underscore", "consumer+key={ck}&consumer_secret={cs}", None, 200),
    ("a secret 0 is empty: Basic auth is read", "consumer_key={ck}&consumer_secret=0", "right", 200),
    ("an empty secret: Basic auth is read", "consumer_key={ck}&consumer_secret=", "right", 200),
    ("a secret array beside an unknown key", "consumer_key=ck_nobody&consumer_secret[x][]=", "right", 401),
    ("spaces around the key are trimmed", "consumer_key=%20{ck}%20&consumer_secret={cs}", None, 200),
    ("an unknown key with a secret array is nobody", "consumer_key=ck_nobody&consumer_secret[]=x", "right", 401),
]


@pytest.mark.parametrize(("query", "basic", "status"), [row[1:] for row in QUERY_KEYS_AS_PHP_READS_THEM],
                         ids=[row[0] for row in QUERY_KEYS_AS_PHP_READS_THEM])
def test_query_keys_are_read_as_wordpress_reads_get(https, tenant, order, query: str, basic: str | None,
                                                     status: int) -> None:
    creds = tenant["woocommerce"]
    raw = query.format(ck=creds["consumer_key"], cs=creds["consumer_secret"])
    headers = {} if basic is None else _basic(creds, None if basic == "right" else "cs_wrong")
    response = https.get(f"{API}/orders/{order['id']}", query_string=raw, headers=headers, base_url="https://localhost")
    assert response.status_code == status, response.get_json()
    if status == 401:
        assert response.get_json() == {"code": "woocommerce_rest_cannot_view",
                                       "message": "Sorry, you cannot view this resource.", "data": {"status": 401}}


def test_a_known_key_with_a_secret_array_is_wordpress_critical_error_and_writes_nothing(https, tenant, order) -> None:
    """``hash_equals($user->consumer_secret, array)`` is a TypeError in PHP 8: WordPress's fatal
    error handler answers 500 ``internal_server_error``; the refund asked for is not made."""
    creds = tenant["woocommerce"]
    response = https.post(f"{API}/orders/{order['id']}/refunds", json={"amount": "1.00", "api_refund": False},
                          query_string=f"consumer_key={creds['consumer_key']}&consumer_secret[]={creds['consumer_secret']}",
                          base_url="https://localhost")
    assert response.status_code == 500
    assert response.get_json() == {"code": "internal_server_error", "message": CRITICAL_ERROR, "data": {"status": 500},
                                   "additional_errors": []}
    listed = https.get(f"{API}/orders/{order['id']}/refunds", headers=_basic(creds), base_url="https://localhost")
    assert listed.get_json() == []


# ------------------------------------------- OAuth parameters as arrays ($_GET as PHP parses it)
def _wc_signature(method: str, url: str, params: dict[str, Any], secret: str) -> str:
    """WooCommerce's ``check_oauth_signature``, written out independently: names sorted
    (``strcmp``), each ``name=value`` RFC 3986-encoded after its name and value were (an array's
    members as ``name%5Bkey%5D=value``), joined with ``%26``; HMAC-SHA256 keyed ``secret&``."""
    def enc(text: Any) -> str:
        return quote(str(text), safe="-._~")

    pairs: list[str] = []
    for name in sorted(params, key=lambda n: n.encode()):
        value = params[name]
        members = value.items() if isinstance(value, dict) else [(None, value)]
        for key, member in members:
            label = enc(name) if key is None else f"{enc(name)}%5B{key}%5D"
            pairs.append(enc(f"{label}={enc(member)}"))
    base = f"{method}&{enc(url)}&{'%26'.join(pairs)}"
    return base64.b64encode(hmac.new(f"{secret}&".encode(), base.encode(), hashlib.sha256).digest()).decode()


def _now(frozen_clock: Any) -> int:
    """The simulators' process clock (frozen in-process), as a Unix timestamp."""
    return calendar.timegm(frozen_clock().timetuple())


def _oauth_query(creds: dict[str, str], url: str, arrays: dict[str, str], now: int, *, sign: bool = True,
                 timestamp: str | None = None, nonce: str | None = None) -> str:
    """The query of a GET signed as WooCommerce checks it at ``now``, with the OAuth parameters in
    ``arrays`` sent as one-member arrays (``name[]=value``); ``timestamp`` and ``nonce`` as sent
    (default: ``now`` and a fresh one)."""
    params: dict[str, Any] = {"oauth_consumer_key": creds["consumer_key"], "oauth_nonce": nonce or f"n{time.time_ns()}",
                              "oauth_signature_method": "HMAC-SHA256",
                              "oauth_timestamp": str(now) if timestamp is None else timestamp}
    for name, value in arrays.items():
        params[name] = {0: value}
    params.pop("oauth_signature", None)
    signature: Any = _wc_signature("GET", url, params, creds["consumer_secret"]) if sign else "x"
    if "oauth_signature" in arrays:
        signature = {0: arrays["oauth_signature"]}
    params["oauth_signature"] = signature
    return "&".join(f"{quote(name)}%5B%5D={quote(v[0], safe='')}" if isinstance(v, dict) else
                    f"{quote(name)}={quote(v, safe='')}" for name, v in params.items())


#: An OAuth parameter sent as an array is not missing (``empty()`` of a non-empty array is false):
#: it fails where WooCommerce's code meets it.
OAUTH_ARRAYS = [
    ("a key array finds no key", {"oauth_consumer_key": "{ck}"}, False,
     (401, "woocommerce_rest_authentication_error", "Consumer key is invalid.")),
    ("a method array is no method", {"oauth_signature_method": "HMAC-SHA256"}, True,
     (401, "woocommerce_rest_authentication_error", "Invalid signature - signature method is invalid.")),
    ("a timestamp array is out of the window", {"oauth_timestamp": "{now}"}, True,
     (401, "woocommerce_rest_authentication_error", "Invalid timestamp.")),
    ("a timestamp array signed otherwise does not match", {"oauth_timestamp": "{now}"}, False,
     (401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.")),
]


@pytest.mark.parametrize(("arrays", "sign", "error"), [row[1:] for row in OAUTH_ARRAYS], ids=[row[0] for row in OAUTH_ARRAYS])
def test_an_oauth_parameter_sent_as_an_array_fails_where_woocommerce_meets_it(
        simulators, frozen_clock, tenant, arrays: dict[str, str], sign: bool, error: tuple[int, str, str]) -> None:
    creds, url, now = tenant["woocommerce"], f"{simulators.base_url}{API}/orders", _now(frozen_clock)
    values = {name: value.format(ck=creds["consumer_key"], now=now) for name, value in arrays.items()}
    response = requests.Session().get(f"{url}?{_oauth_query(creds, url, values, now, sign=sign)}")
    assert _error(response) == error


def test_a_signature_array_is_wordpress_critical_error(simulators, frozen_clock, tenant) -> None:
    """``rawurldecode( str_replace( ' ', '+', $params['oauth_signature'] ) )`` of an array: a
    TypeError in PHP 8, WordPress's 500."""
    creds, url = tenant["woocommerce"], f"{simulators.base_url}{API}/orders"
    response = requests.Session().get(f"{url}?{_oauth_query(creds, url, {'oauth_signature': 'abc'}, _now(frozen_clock))}")
    assert response.status_code == 500
    assert response.json() == {"code": "internal_server_error", "message": CRITICAL_ERROR, "data": {"status": 500},
                               "additional_errors": []}


def test_a_nonce_array_signed_right_is_accepted_once(simulators, frozen_clock, tenant, order) -> None:
    """``check_oauth_timestamp_and_nonce`` keeps whatever the nonce is, an array too, and refuses it
    the second time (``in_array( $nonce, $used_nonces, true )``)."""
    creds, url = tenant["woocommerce"], f"{simulators.base_url}{API}/orders"
    query = _oauth_query(creds, url, {"oauth_nonce": f"n{time.time_ns()}"}, _now(frozen_clock))
    session = requests.Session()
    first = session.get(f"{url}?{query}")
    assert first.status_code == 200, first.text
    assert _error(session.get(f"{url}?{query}")) == (401, "woocommerce_rest_authentication_error",
                                                   "Invalid nonce - nonce has already been used.")


@pytest.mark.parametrize(("sent", "read"), [('"0"', ""), ("0", "0"), ('"1.0"', "1.0"), ('""', "")],
                         ids=["quoted-zero", "bare-zero", "quoted", "quoted-empty"])
def test_a_header_value_is_read_as_parse_header_reads_it(simulators, frozen_clock, tenant, order, sent: str,
                                                        read: str) -> None:
    """``parse_header`` takes the quoted value unless PHP calls it ``empty()`` (``"0"`` too), and the
    bare one then, which a quoted value leaves ``""``: so ``oauth_version="0"`` is signed as
    ``oauth_version=``, and a client signing ``0`` is refused."""
    creds, url = tenant["woocommerce"], f"{simulators.base_url}{API}/orders/{order['id']}"
    params: dict[str, Any] = {"oauth_consumer_key": creds["consumer_key"], "oauth_nonce": f"n{time.time_ns()}",
                              "oauth_signature_method": "HMAC-SHA256", "oauth_timestamp": str(_now(frozen_clock))}

    def header(signed_version: str) -> str:
        signature = _wc_signature("GET", url, {**params, "oauth_version": signed_version}, creds["consumer_secret"])
        pairs = [f'{name}="{value}"' for name, value in params.items()]
        return "OAuth " + ", ".join([*pairs, f"oauth_version={sent}", f'oauth_signature="{quote(signature, safe="")}"'])

    if read != sent.strip('"'):
        assert _error(requests.get(url, headers={"Authorization": header(sent.strip('"'))})) == (
            401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.")
    response = requests.get(url, headers={"Authorization": header(read)})
    assert response.status_code == 200, response.text


#: ``check_oauth_timestamp_and_nonce`` compares the timestamp text with ``time() ∓ 900`` as PHP 8
#: compares a string with an int: as numbers when the text is numeric (whitespace around, a sign,
#: a fraction, an exponent), else the int's digits with the text byte by byte.
TIMESTAMPS = [
    ("{now}", True), (" {now}", True), ("{now} ", True), ("+{now}", True), ("0{now}", True),
    ("{now}.0", True), ("{now}.9", True), ("{now}0e-1", True), ("{now}e0", True),
    ("{now}abc", True),  # not numeric: "1772463600abc" is between "1772462700" and "1772464500" as text
    ("{late}", False), ("{late}abc", False), ("{early}.5", False), ("abc", False), ("0x1", False),
    ("%1C{now}", False), ("%C2%A0{now}", False),  # not PHP's whitespace: text, above the window's end
]


@pytest.mark.parametrize(("timestamp", "served"), TIMESTAMPS)
def test_the_timestamp_is_compared_as_php_compares_it(simulators, frozen_clock, tenant, order, timestamp: str,
                                                      served: bool) -> None:
    creds, url, now = tenant["woocommerce"], f"{simulators.base_url}{API}/orders", _now(frozen_clock)
    sent = timestamp.format(now=now, late=now - 16 * 60, early=now + 15 * 60)
    response = requests.Session().get(f"{url}?{_oauth_query(creds, url, {}, now, timestamp=unquote(sent))}")
    if served:
        assert response.status_code == 200, response.text
    else:
        assert _error(response) == (401, "woocommerce_rest_authentication_error", "Invalid timestamp.")


def test_nonces_are_kept_by_the_timestamp_as_sent(simulators, frozen_clock, tenant, order) -> None:
    """``$used_nonces[ $timestamp ] = $nonce``: the timestamp text is the key (an integer only when
    it is one written plainly), so `` 1772463600`` keeps its nonce beside ``1772463600``'s and a
    replay of either is refused, while a second nonce under the very same text replaces the first."""
    creds, url, now = tenant["woocommerce"], f"{simulators.base_url}{API}/orders", _now(frozen_clock)
    session = requests.Session()
    first = _oauth_query(creds, url, {}, now, nonce="first")
    assert session.get(f"{url}?{first}").status_code == 200
    assert session.get(f"{url}?{_oauth_query(creds, url, {}, now, timestamp=f' {now}', nonce='second')}").status_code == 200
    assert _error(session.get(f"{url}?{first}")) == (401, "woocommerce_rest_authentication_error",
                                                    "Invalid nonce - nonce has already been used.")
    assert session.get(f"{url}?{_oauth_query(creds, url, {}, now, nonce='third')}").status_code == 200
    assert session.get(f"{url}?{first}").status_code == 200  # "first" was replaced under the same key


def _wc_header(creds: dict[str, str], method: str, url: str, signed: dict[str, Any], now: int) -> dict[str, str]:
    """An ``Authorization: OAuth`` header whose signature covers the OAuth parameters and ``signed``
    (the request's other parameters as WooCommerce reads them), as :func:`_wc_signature` signs."""
    params = {"oauth_consumer_key": creds["consumer_key"], "oauth_nonce": f"n{time.time_ns()}",
              "oauth_signature_method": "HMAC-SHA256", "oauth_timestamp": str(now)}
    signature = _wc_signature(method, url, {**params, **signed}, creds["consumer_secret"])
    pairs = [f'{name}="{quote(value, safe="")}"' for name, value in {**params, "oauth_signature": signature}.items()]
    return {"Authorization": "OAuth " + ", ".join(pairs)}


def test_a_form_body_is_signed_only_where_php_fills_post(simulators, frozen_clock, tenant, order) -> None:
    """``get_oauth_parameters`` signs ``array_merge( $_GET, $_POST )``, and PHP fills ``$_POST``
    only for a POST, from a urlencoded or a multipart form: a GET's form body is not signed, a
    POST's multipart fields are."""
    creds, now = tenant["woocommerce"], _now(frozen_clock)
    url = f"{simulators.base_url}{API}/orders/{order['id']}"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    unsigned = requests.get(url, data="note=hi", headers={**form, **_wc_header(creds, "GET", url, {}, now)})
    assert unsigned.status_code == 200, unsigned.text
    signed = requests.get(url, data="note=hi", headers={**form, **_wc_header(creds, "GET", url, {"note": "hi"}, now)})
    assert _error(signed) == (401, "woocommerce_rest_authentication_error",
                              "Invalid signature - provided signature does not match.")
    refunds = f"{url}/refunds"
    fields = {"amount": (None, "1.00"), "reason": (None, "Chipped")}
    created = requests.post(refunds, files=fields, headers=_wc_header(
        creds, "POST", refunds, {"amount": "1.00", "reason": "Chipped"}, now))
    assert created.status_code == 201, created.text
    assert _error(requests.post(refunds, files=fields, headers=_wc_header(creds, "POST", refunds, {}, now))) == (
        401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.")


def test_numeric_names_are_renumbered_as_array_merge_renumbers_them(simulators, frozen_clock, tenant, order) -> None:
    """``array_merge( $_GET, $_POST )`` renumbers integer keys from 0, so ``?5=x`` is signed as
    ``0=x``."""
    creds, now = tenant["woocommerce"], _now(frozen_clock)
    url = f"{simulators.base_url}{API}/orders/{order['id']}"
    served = requests.get(f"{url}?5=x", headers=_wc_header(creds, "GET", url, {"0": "x"}, now))
    assert served.status_code == 200, served.text
    assert _error(requests.get(f"{url}?5=x", headers=_wc_header(creds, "GET", url, {"5": "x"}, now))) == (
        401, "woocommerce_rest_authentication_error", "Invalid signature - provided signature does not match.")


def test_the_header_is_trimmed_as_php_trims_it(simulators, frozen_clock, tenant, order) -> None:
    """``get_oauth_parameters`` ``trim()``s the header (space, tab, line breaks, NUL, vertical tab)
    before ``parse_header`` wants it to start ``OAuth ``: a leading ``\\x1c`` (whitespace to Python)
    leaves it unread, so nobody is logged in."""
    creds, now = tenant["woocommerce"], _now(frozen_clock)
    url = f"{simulators.base_url}{API}/orders/{order['id']}"
    with requests.Session() as session:
        for prefix, served in (("\t", True), ("\x0b", True), ("\x1c", False)):
            prepared = requests.Request("GET", url).prepare()
            # requests would refuse the value; a fresh nonce each time
            prepared.headers["Authorization"] = prefix + _wc_header(creds, "GET", url, {}, now)["Authorization"]
            response = session.send(prepared, timeout=10)
            assert (response.status_code == 200) is served, (repr(prefix), response.text)
            if not served:
                assert _error(response)[:2] == (401, "woocommerce_rest_cannot_view")
