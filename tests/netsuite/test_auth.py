"""Token-Based Authentication, verified as NetSuite does, driven by requests-oauthlib over a real
socket (the signature base string must come from the URL the client actually called)."""

from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

import pytest
import requests
from oauthlib.oauth1 import Client
from requests_oauthlib import OAuth1

from tests.conftest import assert_netsuite_error


def _auth(creds: dict[str, Any], **overrides: Any) -> OAuth1:
    values = dict(
        client_key=creds["consumer_key"], client_secret=creds["consumer_secret"],
        resource_owner_key=creds["token_id"], resource_owner_secret=creds["token_secret"],
        signature_method="HMAC-SHA256", realm=creds["account_id"],
    )
    values.update(overrides)
    return OAuth1(**values)


def _url(live, path: str = "/services/rest/record/v1/customer") -> str:
    return f"{live.base_url}{path}"


def test_a_signed_request_with_query_parameters_is_accepted(live, live_tenant) -> None:
    params: dict[str, str | int] = {"limit": 5, "q": 'email IS "a@b.c"'}
    response = requests.get(_url(live), params=params, auth=_auth(live_tenant["netsuite"]))
    assert response.status_code == 200, response.text
    assert response.json()["totalResults"] == 0


def test_a_create_is_signed_and_answers_204_with_location(live, live_tenant) -> None:
    response = requests.post(_url(live), json={"lastName": "Doe", "isPerson": True}, auth=_auth(live_tenant["netsuite"]))
    assert response.status_code == 204
    assert response.headers["Location"].startswith(f"{live.base_url}/services/rest/record/v1/customer/")


def _assert_rejected(response: requests.Response, realm: str) -> None:
    assert_netsuite_error(response, 401, "INVALID_LOGIN")
    assert response.headers["WWW-Authenticate"].startswith(f'OAuth realm="{realm}"')


@pytest.mark.parametrize("override", [
    {"client_secret": "wrong"},
    {"resource_owner_secret": "wrong"},
    {"resource_owner_key": "unknown-token"},
    {"client_key": "other-consumer"},
    {"signature_method": "HMAC-SHA1"},
], ids=["consumer-secret", "token-secret", "unknown-token", "consumer-key", "hmac-sha1"])
def test_wrong_credentials_or_method_are_rejected(live, live_tenant, override) -> None:
    response = requests.get(_url(live), auth=_auth(live_tenant["netsuite"], **override))
    _assert_rejected(response, live_tenant["netsuite"]["account_id"])


def test_wrong_realm_is_rejected(live, live_tenant) -> None:
    response = requests.get(_url(live), auth=_auth(live_tenant["netsuite"], realm="TSTDRV000000"))
    _assert_rejected(response, "TSTDRV000000")


def test_missing_and_malformed_headers_are_rejected(live) -> None:
    _assert_rejected(requests.get(_url(live)), "")
    _assert_rejected(requests.get(_url(live), headers={"Authorization": "Basic abc"}), "")
    _assert_rejected(requests.get(_url(live), headers={"Authorization": 'OAuth realm="X", oauth_token'}), "")


def test_a_signature_for_another_url_is_rejected(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"])
    _, headers, _ = client.sign(_url(live, "/services/rest/record/v1/salesOrder"), "GET")
    _assert_rejected(requests.get(_url(live), headers=headers), creds["account_id"])


def test_a_stale_timestamp_is_rejected(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"], timestamp=str(int(time.time()) - 301))
    _, headers, _ = client.sign(_url(live), "GET")
    _assert_rejected(requests.get(_url(live), headers=headers), creds["account_id"])


@pytest.mark.parametrize("timestamp", ["9" * 400, "-" + "9" * 400, "9" * 20, "nan", "inf", "1e10"],
                         ids=["huge", "huge-negative", "twenty-digits", "nan", "inf", "float"])
def test_a_timestamp_that_is_no_time_is_rejected_not_a_500(live, live_tenant, timestamp: str) -> None:
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"], timestamp=timestamp)
    _, headers, _ = client.sign(_url(live), "GET")
    _assert_rejected(requests.get(_url(live), headers=headers), creds["account_id"])


def test_a_replayed_nonce_is_rejected(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"])
    _, headers, _ = client.sign(_url(live), "GET")
    assert requests.get(_url(live), headers=headers).status_code == 200
    _assert_rejected(requests.get(_url(live), headers=headers), creds["account_id"])


@pytest.mark.parametrize("where", ["header", "header-and-query"])
def test_a_protocol_parameter_sent_twice_is_rejected(live, live_tenant, where: str) -> None:
    """RFC 5849 §3.1/§3.2: a repeated ``oauth_*`` parameter is refused, not collapsed into one
    (the header's last value was read, the first ignored, and a request signed over either served).
    The refusal uses no nonce: the same nonce, sent once, is accepted after it."""
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"], nonce="n" * 20)
    if where == "header":
        _, headers, _ = client.sign(_url(live), "GET")
        headers["Authorization"] = headers["Authorization"].replace("OAuth ", 'OAuth oauth_nonce="other", ', 1)
        url = _url(live)
    else:  # signed over both, as RFC 5849 §3.4.1.3.1 collects them: the signature matches
        url, headers, _ = client.sign(_url(live) + "?oauth_nonce=other", "GET")
    _assert_rejected(requests.get(url, headers=headers), creds["account_id"])
    _, headers, _ = client.sign(_url(live), "GET")
    assert requests.get(_url(live), headers=headers).status_code == 200


@pytest.mark.parametrize("host", ["x:99999", "[::1", "", "a b"])
def test_a_host_that_gives_no_base_string_uri_is_a_bad_request_not_a_500(live, live_tenant, host: str) -> None:
    """A signed request whose Host names no server (a port past 65535, a broken IPv6 literal, none,
    a space) was a 500 (oauthlib's base string URI raised), then a refused login; it is refused
    before authentication now, as RFC 9112 §3.2 has a server refuse it: 400, in NetSuite's shape."""
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"])
    _, headers, _ = client.sign(_url(live), "GET")
    refused = requests.get(_url(live), headers={**headers, "Host": host})
    assert refused.status_code == 400 and "names no host" in refused.json()["o:errorDetails"][0]["detail"], refused.text
    assert requests.get(_url(live), headers=headers).status_code == 200  # refused before its nonce was used


@pytest.mark.parametrize("signature", ["\u00e9", "%E9", "%C3%A9", "\u0663"])
def test_a_signature_that_is_no_ascii_is_a_refused_login_not_a_500(live, live_tenant, signature: str) -> None:
    """An ``oauth_signature`` holding (or percent-encoding) anything but ASCII was compared with
    ``hmac.compare_digest`` as text, which raises TypeError on non-ASCII: a 500 instead of a refused
    login. Found by tests/fuzz.py's kind of mutation, sent to each header parameter."""
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"])
    _, headers, _ = client.sign(_url(live), "GET")
    forged = re.sub(r'oauth_signature="[^"]*"', f'oauth_signature="{signature}"', headers["Authorization"])
    assert forged != headers["Authorization"]
    _assert_rejected(requests.get(_url(live), headers={**headers, "Authorization": forged.encode()}), creds["account_id"])
    assert requests.get(_url(live), headers=headers).status_code == 200  # the refusal used up no nonce


@pytest.mark.parametrize("realm", ['TST"DRV', "TSTDRV\\", 'a\\"b'])
def test_the_challenge_quotes_the_realm_it_echoes(live, realm: str) -> None:
    """RFC 7235 §2.1 / RFC 9110 §5.6.4: the challenge's realm is a quoted-string, so a ``"`` or ``\\``
    in the realm the client sent is escaped (``realm="a\\"`` ended the string early)."""
    from werkzeug.http import parse_dict_header
    quoted = realm.replace("\\", "\\\\").replace('"', '\\"')
    response = requests.get(_url(live), headers={"Authorization": f'OAuth realm="{quoted}", oauth_token="x"'})
    assert_netsuite_error(response, 401, "INVALID_LOGIN")
    scheme, _, params = response.headers["WWW-Authenticate"].partition(" ")
    assert scheme == "OAuth"
    assert parse_dict_header(params) == {"realm": realm, "error": "token_rejected",
                                         "error_description": "Invalid login attempt."}


# ------------------------------------------------------------------ OAuth 2.0
import functools  # noqa: E402
from datetime import datetime, timedelta, timezone  # noqa: E402

import jwt  # noqa: E402  (PyJWT, installed with the test extras)
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402
from oauthlib.oauth2 import BackendApplicationClient  # noqa: E402
from requests_oauthlib import OAuth2Session  # noqa: E402

from simulators.clients import ControlPlaneClient  # noqa: E402

ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


#: Keys a client may hold, made once: a P-256 key no certificate of any tenant has, a P-384 key.
OTHER_P256 = ec.generate_private_key(ec.SECP256R1())
P384 = ec.generate_private_key(ec.SECP384R1())


@functools.cache
def _rsa(bits: int = 3072) -> rsa.RSAPrivateKey:
    """An RSA key of ``bits`` (made once: a 3072-bit key takes a good part of a second)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _certificate(key: Any, *, days: float = 365, start: datetime | None = None) -> str:
    """The public part of a self-signed X.509 certificate of ``key``, in PEM, as ``openssl req -x509``
    makes one (what NetSuite's "OAuth 2.0 Client Credentials (M2M) Setup" uploads)."""
    start = start or datetime.now(timezone.utc) - timedelta(minutes=5)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "refundsim test client")])
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(start)
                   .not_valid_after(start + timedelta(days=days))
                   .sign(key, None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()))
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def _private_pem(key: Any) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _assertion(creds: dict[str, Any], token_url: str, *, key: Any = None, alg: str = "ES256", **overrides: Any) -> str:
    """A client assertion as PyJWT signs one: ``alg`` with ``key`` (by default the private key the
    tenant answer gives, ``"client-secret"`` the integration's client secret), ``kid`` the certificate id."""
    now = int(time.time())
    payload = {"iss": creds["consumer_key"], "scope": ["rest_webservices", "restlets"], "aud": token_url,
               "iat": now, "exp": now + 3600}
    headers = {"kid": creds["m2m_certificate_id"]}
    headers.update(overrides.pop("headers", {}))
    payload.update(overrides)
    if key == "client-secret":
        key = creds["consumer_secret"]
    elif key is None and alg != "none":
        key = serialization.load_pem_private_key(creds["m2m_private_key"].encode(), password=None)
    return jwt.encode(payload, key, algorithm=alg, headers=headers)


@pytest.fixture(autouse=True)
def _loopback_http(monkeypatch: pytest.MonkeyPatch) -> None:
    """oauthlib refuses plain http unless told; the live simulator is http on loopback."""
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")


def _session(live, creds: dict[str, Any], **overrides: Any) -> OAuth2Session:
    """A requests-oauthlib session with a token of the client credentials flow (PyJWT's assertion)."""
    token_url = _url(live, "/services/rest/auth/oauth2/v1/token")
    session = OAuth2Session(client=BackendApplicationClient(client_id=creds["consumer_key"]))
    session.fetch_token(token_url, client_assertion_type=ASSERTION_TYPE,
                        client_assertion=_assertion(creds, token_url, **overrides))
    return session


def test_oauth2_client_credentials_with_requests_oauthlib(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    session = _session(live, creds)
    assert session.token["token_type"] == "bearer" and int(session.token["expires_in"]) == 3600
    # NetSuite's access token is a JWT signed RS256 by NetSuite ("OAuth 2.0 Access and Refresh Token
    # Structure"); a client treats it as opaque, but one that peeks at it sees that header.
    header = jwt.get_unverified_header(session.token["access_token"])
    assert (header["typ"], header["alg"]) == ("JWT", "RS256")
    created = session.post(_url(live), json={"lastName": "Bearer"})
    assert created.status_code == 204
    got = session.get(created.headers["Location"])
    assert got.status_code == 200 and got.json()["lastName"] == "Bearer"
    rows = session.post(_url(live, "/services/rest/query/v1/suiteql"), json={"q": "SELECT id FROM customer"},
                        headers={"Prefer": "transient"})
    assert rows.status_code == 200 and rows.json()["totalResults"] == 1


def test_oauth2_tokens_expire_after_an_hour_of_simulator_time(live, live_tenant) -> None:
    session = _session(live, live_tenant["netsuite"])
    control = ControlPlaneClient(live.base_url)
    control.advance_clock(live_tenant["tenant"], 3599)
    assert session.get(_url(live)).status_code == 200
    control.advance_clock(live_tenant["tenant"], 1)
    response = session.get(_url(live))
    assert_netsuite_error(response, 401, "INVALID_LOGIN")
    assert response.headers["WWW-Authenticate"].startswith("Bearer realm=")


@pytest.mark.parametrize("override, error", [
    # Signed by a key the certificate of the M2M mapping is not of.
    ({"key": OTHER_P256}, "invalid_grant"),
    # HS256 with the client secret: what the simulator took before, and NetSuite never did.
    ({"key": "client-secret", "alg": "HS256"}, "invalid_grant"),
    ({"alg": "none"}, "invalid_grant"),
    # An alg NetSuite takes, but not the certificate's key: ES384 is P-384, PS256 RSA.
    ({"key": P384, "alg": "ES384"}, "invalid_grant"),
    ({"key": "rsa", "alg": "PS256"}, "invalid_grant"),
    ({"key": "rsa", "alg": "RS256"}, "invalid_grant"),
    ({"headers": {"kid": "another-certificate"}}, "invalid_grant"),
    ({"iss": "unknown-client"}, "invalid_client"),
    ({"aud": "https://1234567.suitetalk.api.netsuite.com/services/rest/auth/oauth2/v1/token"}, "invalid_grant"),
    ({"scope": ["restlets"]}, "invalid_scope"),
    # Scopes that are not text (a 500: AttributeError on .strip()) name no scope.
    ({"scope": [1, None, ["rest_webservices"]]}, "invalid_scope"),
    ({"exp": int(time.time()) + 7200}, "invalid_grant"),
    ({"iat": int(time.time()) - 7200, "exp": int(time.time()) - 3600}, "invalid_grant"),
], ids=["another-key", "hs256-client-secret", "none", "es384-on-p256", "ps256-on-ec", "rs256", "kid", "iss", "aud", "scope", "scope-not-text", "lifetime", "expired"])
def test_bad_client_assertions_are_refused(live, live_tenant, override, error) -> None:
    creds = live_tenant["netsuite"]
    override = {**override, "key": _rsa()} if override.get("key") == "rsa" else override
    token_url = _url(live, "/services/rest/auth/oauth2/v1/token")
    response = requests.post(token_url, data={"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
                                              "client_assertion": _assertion(creds, token_url, **override)})
    assert response.status_code in (400, 401) and response.json() == {"error": error}


def _signed(creds: dict[str, Any], token_url: str, payload_json: str) -> str:
    """A client assertion whose payload is ``payload_json`` as written (PyJWT would refuse to write a
    NaN or a number too large for a float), signed ES256 with the tenant's key (RFC 7518 §3.4: the
    signature is R and S, 32 bytes each, not DER)."""
    head = _b64url(json.dumps({"typ": "JWT", "alg": "ES256", "kid": creds["m2m_certificate_id"]}).encode())
    body = _b64url(payload_json.encode())
    key = serialization.load_pem_private_key(creds["m2m_private_key"].encode(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    r, s = decode_dss_signature(key.sign(f"{head}.{body}".encode(), ec.ECDSA(hashes.SHA256())))
    return f"{head}.{body}.{_b64url(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"


BAD_NUMERIC_DATES = [
    # (iat, exp) as JSON text, "{now}" the test's time, "{later}" a minute on: RFC 7519 §2 NumericDate is a JSON number of
    # seconds since the epoch.
    ('"nan"', '"nan"'),
    ('"NaN"', "{now}"),
    ('"inf"', '"inf"'),
    ('"-inf"', '"inf"'),
    ('"1e400"', '"1e400"'),
    ("{now}", "1" + "0" * 400),  # an integer no float can hold
    ("-" + "1" * 400, "{now}"),
    ("1e308", "1e308"),
    ("-1e308", "{now}"),
    ('"{now}"', '"{later}"'),  # text, not a number
    ("true", "{now}"),
    ("null", "{now}"),
    ("{now}", "[1]"),
]
IDS = ["nan", "NaN-text", "inf", "-inf", "1e400-text", "huge-int-exp", "huge-negative-iat", "1e308", "-1e308",
       "text", "boolean", "null", "list"]


@pytest.mark.parametrize("iat, exp", BAD_NUMERIC_DATES, ids=IDS)
def test_a_numeric_date_that_is_no_time_is_invalid_grant(live, live_tenant, iat: str, exp: str) -> None:
    """nan, infinity, numbers beyond any date and values that are not numbers get the token
    endpoint's ``invalid_grant``, never a 500 (an OverflowError) nor a token."""
    creds = live_tenant["netsuite"]
    token_url = _url(live, "/services/rest/auth/oauth2/v1/token")
    now = int(time.time())
    iat, exp = (t.replace("{now}", str(now)).replace("{later}", str(now + 60)) for t in (iat, exp))
    payload = (f'{{"iss": {json.dumps(creds["consumer_key"])}, "scope": "rest_webservices", '
               f'"aud": {json.dumps(token_url)}, "iat": {iat}, "exp": {exp}}}')
    response = requests.post(token_url, data={"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
                                              "client_assertion": _signed(creds, token_url, payload)})
    assert (response.status_code, response.json()) == (400, {"error": "invalid_grant"}), response.text


def test_a_fractional_numeric_date_is_a_time(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    now = int(time.time())
    token_url = _url(live, "/services/rest/auth/oauth2/v1/token")
    payload = (f'{{"iss": {json.dumps(creds["consumer_key"])}, "scope": "rest_webservices", '
               f'"aud": {json.dumps(token_url)}, "iat": {now}.5, "exp": {now + 60}.25}}')
    response = requests.post(token_url, data={"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
                                              "client_assertion": _signed(creds, token_url, payload)})
    assert response.status_code == 200 and response.json()["token_type"] == "bearer"


def test_a_token_request_naming_a_parameter_twice_is_invalid_request(live, live_tenant) -> None:
    """RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once"; §5.2
    names such a request ``invalid_request``. The first value was read and a token issued."""
    creds = live_tenant["netsuite"]
    now = int(time.time())
    token_url = _url(live, "/services/rest/auth/oauth2/v1/token")
    payload = (f'{{"iss": {json.dumps(creds["consumer_key"])}, "scope": "rest_webservices", '
               f'"aud": {json.dumps(token_url)}, "iat": {now}, "exp": {now + 60}}}')
    fields = [("grant_type", "client_credentials"), ("client_assertion_type", ASSERTION_TYPE),
              ("client_assertion", _signed(creds, token_url, payload))]
    assert requests.post(token_url, data=fields).status_code == 200
    for name, value in fields:
        response = requests.post(token_url, data=[*fields, (name, value)])
        assert (response.status_code, response.json()) == (400, {"error": "invalid_request"}), name


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_bad_token_requests(live, live_tenant) -> None:
    token_url = _url(live, "/services/rest/auth/oauth2/v1/token")
    assert requests.post(token_url, data={"grant_type": "password"}).json() == {"error": "unsupported_grant_type"}
    assert requests.post(token_url, data={"grant_type": "client_credentials"}).json() == {"error": "invalid_request"}
    for assertion in ("not.a.jwt", _b64url(b"[" * 50_000 + b"]" * 50_000) + ".e30.c2ln",  # nested past the parser
                      _b64url(b'{"alg": NaN}') + ".e30.c2ln"):  # not JSON: never a 500
        assert requests.post(token_url, data={"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
                                              "client_assertion": assertion}).json() == {"error": "invalid_request"}
    assert requests.post(token_url, json={"grant_type": "client_credentials"}).json() == {"error": "invalid_request"}
    # An alg or kid that is no text (a list, an object: unhashable, once a 500) is an assertion refused.
    creds = live_tenant["netsuite"]
    payload = _b64url(json.dumps({"iss": creds["consumer_key"]}).encode())
    for header in ({"alg": ["ES256"], "kid": creds["m2m_certificate_id"]}, {"alg": {"ES256": 1}},
                   {"alg": "ES256", "kid": {"id": creds["m2m_certificate_id"]}}):
        response = requests.post(token_url, data={
            "grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
            "client_assertion": f"{_b64url(json.dumps(header).encode())}.{payload}.c2ln"})
        assert (response.status_code, response.json()) == (400, {"error": "invalid_grant"}), header
    response = requests.get(_url(live), headers={"Authorization": "Bearer made-up"})
    assert_netsuite_error(response, 401, "INVALID_LOGIN")


def test_certificate_id_from_tenant_settings(live) -> None:
    tenant = ControlPlaneClient(live.base_url).create_tenant(settings={"netsuite": {"m2m_certificate_id": "cert-42"}})
    assert tenant["netsuite"]["m2m_certificate_id"] == "cert-42"
    session = _session(live, tenant["netsuite"], headers={"kid": "cert-42"})
    assert session.get(_url(live)).status_code == 200


def test_each_tenant_has_an_m2m_mapping_of_its_own(live, live_tenant) -> None:
    """Without a certificate uploaded, the tenant's M2M mapping is an EC P-256 key pair the simulator
    made: the private key (PKCS#8 PEM) is in the tenant answer, the certificate id is NetSuite's own
    (not the client id, which a client that mixed them up would send), and neither is another tenant's."""
    creds = live_tenant["netsuite"]
    other = ControlPlaneClient(live.base_url).create_tenant()["netsuite"]
    key = serialization.load_pem_private_key(creds["m2m_private_key"].encode(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == "secp256r1"
    assert creds["m2m_private_key"].startswith("-----BEGIN PRIVATE KEY-----\n")
    assert creds["m2m_certificate_id"] not in (creds["consumer_key"], other["m2m_certificate_id"])
    assert creds["m2m_private_key"] != other["m2m_private_key"]
    token_url = _url(live, "/services/rest/auth/oauth2/v1/token")
    for kid, error in ((creds["consumer_key"], "invalid_grant"), (creds["m2m_certificate_id"], None)):
        response = requests.post(token_url, data={"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
                                                  "client_assertion": _assertion(creds, token_url, headers={"kid": kid})})
        assert (response.json().get("error"), response.status_code) == (error, 400 if error else 200), kid


def test_an_uploaded_rsa_certificate_verifies_ps_signatures(live) -> None:
    """A tenant created with the public part of an RSA 3072 certificate (as NetSuite's M2M setup
    takes it) gets tokens for assertions PyJWT signs PS256, PS384 and PS512 with that key, and for
    nothing else: the tenant answer holds no private key (the creator kept it)."""
    key = _rsa()
    tenant = ControlPlaneClient(live.base_url).create_tenant(
        settings={"netsuite": {"m2m_certificate": _certificate(key), "m2m_certificate_id": "rsa-3072"}})
    creds = tenant["netsuite"]
    assert creds["m2m_certificate_id"] == "rsa-3072" and "m2m_private_key" not in creds
    for alg in ("PS256", "PS384", "PS512"):
        session = _session(live, creds, key=key, alg=alg)
        assert session.get(_url(live)).status_code == 200, alg
    token_url = _url(live, "/services/rest/auth/oauth2/v1/token")
    for key_, alg in ((key, "RS256"), (OTHER_P256, "ES256"), (_rsa(2048), "PS256")):
        response = requests.post(token_url, data={"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
                                                  "client_assertion": _assertion(creds, token_url, key=key_, alg=alg)})
        assert (response.status_code, response.json()) == (400, {"error": "invalid_grant"}), alg


def _refused_certificates() -> list[tuple[Any, str]]:
    """(what is uploaded as ``m2m_certificate``, what the refusal says)."""
    ec_key = ec.generate_private_key(ec.SECP256R1())
    long_ago = datetime.now(timezone.utc) - timedelta(days=3 * 365)
    return [
        (42, "settings.netsuite.m2m_certificate must be an X.509 certificate in PEM"),
        ("hello", "holds no certificate"),
        ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "is not a readable X.509 certificate"),
        (_certificate(ec_key) + _private_pem(ec_key), "holds a private key"),
        (_certificate(ec_key) * 2, "holds 2 certificates"),
        (_certificate(_rsa(2048)), "has a 2048-bit RSA key: NetSuite takes RSA keys of 3072 or 4096 bits"),
        (_certificate(ec.generate_private_key(ec.SECP256K1())), "has an EC key on the curve secp256k1"),
        (_certificate(ed25519.Ed25519PrivateKey.generate()), "has an Ed25519 key"),
        (_certificate(dsa.generate_private_key(1024)), "has a DSA key: NetSuite takes RSA"),
        (_certificate(ec_key, start=long_ago, days=365), "expired on"),
        # Valid ten years from three years ago: NetSuite shortens it to two years, which are over.
        (_certificate(ec_key, start=long_ago, days=3650), "expired on"),
    ]


def test_a_certificate_netsuite_refuses_makes_no_tenant() -> None:
    from simulators.app import create_app

    client = create_app().test_client()
    registry = client.application.extensions["refundsim.tenants"]
    for upload, message in _refused_certificates():
        before = (len(registry._tenants), set(registry._account_ids), dict(registry._by_credential))
        response = client.post("/_sim/tenants", json={"settings": {"netsuite": {"m2m_certificate": upload}}})
        error = response.get_json()["error"]
        assert (response.status_code, error["code"]) == (400, "invalid_body"), error
        assert message in error["message"] and error["message"].startswith("settings.netsuite.m2m_certificate "), error
        answered = response.get_data(as_text=True)  # the upload is not echoed, nor a key in it
        assert "PRIVATE KEY" not in answered and not (isinstance(upload, str) and len(upload) > 60
                                                                     and upload[30:60] in answered), answered
        assert (len(registry._tenants), set(registry._account_ids), dict(registry._by_credential)) == before


def test_a_certificate_valid_longer_than_two_years_serves_two_years(live) -> None:
    """NetSuite shortens a certificate's validity to two years; once they are over (on the account's
    clock) the mapping signs nobody in: invalid_grant, as for a bad signature."""
    control = ControlPlaneClient(live.base_url)
    tenant = control.create_tenant(settings={"netsuite": {"m2m_certificate": _certificate(P384, days=5 * 365)}})
    creds = tenant["netsuite"]
    assert _session(live, creds, key=P384, alg="ES384").get(_url(live)).status_code == 200
    control.advance_clock(tenant["tenant"], (2 * 365 + 2) * 86400)
    token_url = _url(live, "/services/rest/auth/oauth2/v1/token")
    response = requests.post(token_url, data={"grant_type": "client_credentials", "client_assertion_type": ASSERTION_TYPE,
                                              "client_assertion": _assertion(creds, token_url, key=P384, alg="ES384")})
    assert (response.status_code, response.json()) == (400, {"error": "invalid_grant"})


def test_the_query_string_is_signed_and_a_bad_query_signature_fails(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"])
    _, headers, _ = client.sign(_url(live) + "?limit=5", "GET")
    _assert_rejected(requests.get(_url(live) + "?limit=6", headers=headers), creds["account_id"])


def test_an_oauth_version_other_than_1_0_is_rejected(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    client = Client(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                    signature_method="HMAC-SHA256", realm=creds["account_id"])
    _, headers, _ = client.sign(_url(live), "GET")
    headers["Authorization"] = headers["Authorization"].replace('oauth_version="1.0"', 'oauth_version="2.0"')
    _assert_rejected(requests.get(_url(live), headers=headers), creds["account_id"])


# ------------------------------------------------------------------ the client's OAuth 2.0
def _authorizations(control: ControlPlaneClient, tenant: str) -> list[tuple[str, str, int]]:
    return [(e["method"], e["url"].split("/services/rest/", 1)[1], e["status"]) for e in control.journal(tenant)]


def test_the_client_signs_in_with_oauth2_and_gets_a_new_token_when_one_expires(simulators, control, tenant) -> None:
    from simulators.clients import NetSuiteClient

    client = NetSuiteClient(simulators.base_url, tenant["netsuite"], auth="oauth2")
    first = client.create("customer", {"lastName": "Doe"})
    control.advance_clock(tenant["tenant"], 3 * 3600)  # the token lived an hour of the account's clock
    assert client.get("customer", first)["lastName"] == "Doe"
    # The refused request (401, the token unknown by then) reaches no tenant's journal, as any
    # request refused before its tenant is known.
    assert _authorizations(control, tenant["tenant"]) == [
        ("POST", "auth/oauth2/v1/token", 200), ("POST", "record/v1/customer", 204),
        ("POST", "auth/oauth2/v1/token", 200), ("GET", f"record/v1/customer/{first}?expandSubResources=true", 200),
    ]
    assert all(e["request_headers"].get("Authorization") in (None, "Bearer ***") for e in control.journal(tenant["tenant"]))


def test_the_client_falls_back_to_tba_when_the_token_endpoint_refuses(simulators, control) -> None:
    from simulators.clients import NetSuiteClient

    tenant, other = control.create_tenant(), control.create_tenant()
    # Signing with another tenant's key: the token endpoint refuses.
    client = NetSuiteClient(simulators.base_url, {**tenant["netsuite"], "m2m_private_key": other["netsuite"]["m2m_private_key"]},
                            auth="oauth2")
    assert client.query("customer") == []
    entries = control.journal(tenant["tenant"])
    # The refused token request reaches no tenant's journal; the query went signed with TBA.
    assert [(e["status"], e["request_headers"].get("Authorization", "").split(" ")[0]) for e in entries] == [(200, "OAuth")]
    # A tenant whose certificate was uploaded: the client holds no key, so it asks for no token.
    uploaded = control.create_tenant(settings={"netsuite": {"m2m_certificate": _certificate(OTHER_P256)}})
    assert NetSuiteClient(simulators.base_url, uploaded["netsuite"], auth="oauth2").query("customer") == []
    assert [(e["status"], e["request_headers"]["Authorization"]) for e in control.journal(uploaded["tenant"])] == \
        [(200, "OAuth ***")]
    with pytest.raises(ValueError, match="tba or oauth2"):
        NetSuiteClient(simulators.base_url, tenant["netsuite"], auth="basic")
