"""The shared OAuth 1.0a verification (simulators/core/oauth1.py) computes exactly what oauthlib's
RFC 5849 functions compute, on requests that stress every rule (percent-encoding, a query with
``+`` and repeated names, a form body, IP and upper-case hosts, default and other ports, a path
with spaces), and accepts what requests-oauthlib signs."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import requests
from flask import Request
from oauthlib.oauth1.rfc5849 import signature as rfc5849
from oauthlib.oauth1.rfc5849 import utils as rfc5849_utils
from requests_oauthlib import OAuth1
from werkzeug.test import EnvironBuilder

from simulators.core import oauth1

URLS = [
    "http://refundsim.invalid/services/rest/record/v1/salesOrder/eid:SHOP-%231001?expandSubResources=true",
    "http://127.0.0.1:8765/services/rest/record/v1/customer?q=email%20IS%20%22a%2Bb%40c.d%22&limit=5&offset=0",
    "http://Shop.Example:80/rest/default/V1/orders?searchCriteria%5BpageSize%5D=2&a=1&a=0&b=x+y",
    "https://[::1]:443/rest/V1/creditmemo/7/refund?x=%E2%82%AC",
    "http://localhost:8080/wc-json/wc/v3/orders/12?oauth_x=1%202",
    "http://refundsim.invalid/a%20path/with%7Etilde;params",
]


def _request(url: str, method: str = "GET", form: dict[str, str] | None = None) -> Request:
    auth = OAuth1("ck", "cs", "tk", "ts", signature_method="HMAC-SHA256", realm="TSTDRV1234567")
    prepared = requests.Request(method, url, data=form, auth=auth).prepare()
    scheme, rest = (prepared.url or "").split("://", 1)  # as requests sent it (it re-quotes the path)
    host, _, target = rest.partition("/")
    header = prepared.headers["Authorization"]
    headers: dict[str, str] = {"Authorization": header.decode() if isinstance(header, bytes) else header,
                               "Content-Type": prepared.headers.get("Content-Type", "")}
    builder = EnvironBuilder(path="/" + target.split("?", 1)[0], base_url=f"{scheme}://{host}", method=method,
                             query_string=target.partition("?")[2], data=prepared.body, headers=list(headers.items()))
    environ = builder.get_environ()
    environ["REQUEST_URI"] = "/" + target
    return Request(environ)


def _oauthlib(request: Request) -> str:
    """The signature as oauthlib alone computes it."""
    body = request.get_data(as_text=True) if request.mimetype == "application/x-www-form-urlencoded" else None
    params = rfc5849.collect_parameters(uri_query=request.query_string.decode("latin-1"), body=body,
                                        headers={"Authorization": request.headers["Authorization"]})
    uri = rfc5849.base_string_uri(f"{request.scheme}://{request.host}{oauth1.raw_path(request)}")
    base = rfc5849.signature_base_string(request.method, uri, rfc5849.normalize_parameters(params))
    return rfc5849.sign_hmac_sha256_with_client(base, SimpleNamespace(client_secret="cs", resource_owner_secret="ts"))


@pytest.mark.parametrize("url", URLS)
def test_the_signature_is_oauthlibs(url: str) -> None:
    request = _request(url)
    assert oauth1.base_string_uri(request) == rfc5849.base_string_uri(
        f"{request.scheme}://{request.host}{oauth1.raw_path(request)}")
    assert oauth1.signature(request, "cs", "ts") == _oauthlib(request)
    given = (oauth1.header_parameters(request) or {})["oauth_signature"]
    assert oauth1.signature_matches(request, given, "cs", "ts")  # what requests-oauthlib signed verifies
    assert not oauth1.signature_matches(request, given, "cs", "other")


def test_a_form_body_is_signed_too() -> None:
    request = _request("http://refundsim.invalid/services/rest/auth/oauth2/v1/token", "POST",
                       {"grant_type": "client_credentials", "scope": "rest_webservices"})
    assert oauth1.signature(request, "cs", "ts") == _oauthlib(request)


@pytest.mark.parametrize("params", [
    [("b", "x y"), ("a", "2"), ("a", "1"), ("oauth_nonce", "1234"), ("z", "€/~"), ("a=", "&"), ("", "")],
    [("b", "2"), ("a", "2"), ("a", "10"), ("oauth_nonce", "1234"), ("oauth_version", "1.0"), ("Z", "-._~"), ("", "")],
    [("a", "1"), ("a", "1%")],
    [],
])
def test_the_normalised_parameters_are_oauthlibs(params: list[tuple[str, str]]) -> None:
    """Parameters with something to encode, and the usual ones with nothing to encode (encoded
    neither by name nor by value)."""
    assert oauth1.normalized_parameters(params) == rfc5849.normalize_parameters(params)


def test_a_malformed_header_has_no_parameters() -> None:
    bearer: dict[str, str] = {"Authorization": "Bearer abc"}
    request = Request(EnvironBuilder(path="/x", headers=list(bearer.items())).get_environ())
    assert oauth1.header_parameters(request) is None
    assert oauth1.header_parameters(Request(EnvironBuilder(path="/x").get_environ())) is None


@pytest.mark.parametrize(("host", "target"), [("EXAMPLE.com:80", "/a b"), ("example.com:8443", ""), ("10.0.0.1", "/x;y")])
def test_the_base_string_uri_is_oauthlibs(host: str, target: str) -> None:
    environ = EnvironBuilder(path="/x", base_url=f"http://{host}").get_environ()
    environ["REQUEST_URI"] = target
    request = Request(environ)
    assert oauth1.base_string_uri(request) == rfc5849.base_string_uri(f"http://{host}{oauth1.raw_path(request)}")


TEXTS = ["", "abc-._~XYZ09", "a b+c", "x=y&z", "100%", "€/~", "ñandú", "\x00\x7f", "é" * 3 + "&", "'()*!;:@$,/?#[]",
         "TSTDRV1234567", "oauth_signature", "Ab12+/==", "a=1&b=%2F%25&c~=-._", "%", "=&",
         "http://refundsim.invalid:8080/services/rest/record/v1/salesOrder/eid:SHOP-%231001", "a:b/c%d=e&f"]


@pytest.mark.parametrize("text", TEXTS)
def test_percent_encoding_is_oauthlibs(text: str) -> None:
    assert oauth1._escape(text) == rfc5849_utils.escape(text)


@pytest.mark.parametrize("method", ["HMAC-SHA1", "HMAC-SHA256"])
@pytest.mark.parametrize(("client_secret", "token_secret"), [("cs", "ts"), ("c&s €", ""), ("", "t=s")])
def test_the_hmac_and_the_base_string_are_oauthlibs(method: str, client_secret: str, token_secret: str) -> None:
    keys = SimpleNamespace(client_secret=client_secret, resource_owner_secret=token_secret)
    sign = {"HMAC-SHA1": rfc5849.sign_hmac_sha1_with_client, "HMAC-SHA256": rfc5849.sign_hmac_sha256_with_client}[method]
    for text in TEXTS:
        base = oauth1.signature_base_string("get", "http://a.b/" + text, text)
        assert base == rfc5849.signature_base_string("get", "http://a.b/" + text, text)
        assert oauth1.hmac_signature(method, base, client_secret, token_secret) == sign(base, keys)


HEADERS = [
    'OAuth realm="TSTDRV1", oauth_consumer_key="ck", oauth_nonce="n1", oauth_signature="a%2Bb%3D"',
    'oauth realm="",oauth_token="t"  ,  oauth_nonce="x,y"',  # empty value, odd spacing, a quoted comma
    'OAUTH  a="1", a="2", b="3"',  # a repeated name keeps its last value, in its first place
    'OAuth a="x\\"y", b="2"',  # a backslash escape: oauthlib's own parser
    'OAuth a=1, b="2"',  # an unquoted value
    'OAuth a="1",',  # a trailing comma
    'OAuth a', 'OAuth ', 'OAuth', 'Bearer abc', '', 'OAuth a=""x"', 'OAuth ="1"',
]


@pytest.mark.parametrize("header", HEADERS)
def test_the_header_is_parsed_as_oauthlib_parses_it(header: str) -> None:
    try:
        expected: list[tuple[str, str]] | None = rfc5849_utils.parse_authorization_header(header)
    except ValueError:
        expected = None
    request = Request(EnvironBuilder(path="/x", headers=[("Authorization", header)]).get_environ())
    parsed = oauth1.header_parameters(request)
    assert (list(parsed.items()) if parsed is not None else None) == expected


QUERIES = ["", "expandSubResources=true", "limit=5&offset=0&q=", "a=1&a=0&oauth_signature=x&realm=R&oauth_x=y",
           "a.b_c-d~=e.F_9", "b=x+y", "q=a%20b&oauth_n=1%202", "a", "a=1&&b=2", "a=1;b=2", "a==1", "x=%E2%82%AC", "a=1&"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_query_parameters_are_oauthlibs(query: str) -> None:
    """The short way (a query with nothing to decode) and oauthlib's agree on every query, the
    ones it takes and the ones it hands to oauthlib."""
    assert oauth1.query_parameters(query) == rfc5849.collect_parameters(uri_query=query)


@pytest.mark.parametrize("text", [*TEXTS, "a%2Bb%3D", "%E2%82%AC", "%zz", "50%"])
def test_unescaping_is_oauthlibs(text: str) -> None:
    assert oauth1.unescape(text) == rfc5849_utils.unescape(text)


@pytest.mark.parametrize(("header", "query", "form", "repeated"), [
    ('OAuth oauth_nonce="a", oauth_token="t"', "limit=5&limit=6&a=1", None, []),  # other names may repeat
    ('OAuth oauth_nonce="a", oauth_nonce="a"', "", None, ["oauth_nonce"]),  # even with one value
    ('OAuth oauth_nonce="a", oauth%5Fnonce="b"', "", None, ["oauth_nonce"]),  # names are percent-encoded
    ('OAuth oauth_token="t", oauth_token="x\\"y"', "", None, ["oauth_token"]),  # oauthlib's own parser
    ('OAuth oauth_nonce="a"', "oauth_token=t&oauth%5Fnonce=b", None, ["oauth_nonce"]),
    ('OAuth oauth_nonce="a"', "", {"oauth_nonce": "b", "oauth_token": "t"}, ["oauth_nonce"]),
    ('OAuth oauth_token="t"', "oauth_nonce=b", {"oauth_nonce": "c"}, ["oauth_nonce"]),  # query and body
    ('Bearer abc', "oauth_token=t", None, []),
])
def test_a_repeated_protocol_parameter_is_found(header: str, query: str, form: dict[str, str] | None,
                                                repeated: list[str]) -> None:
    """RFC 5849 §3.1/§3.2: every ``oauth_*`` name sent more than once, counted on the raw header (the
    parsed one keeps only the last value) and across the header, the query and a form body."""
    request = Request(EnvironBuilder(path="/x", method="POST" if form else "GET", query_string=query, data=form,
                                     headers=[("Authorization", header)]).get_environ())
    assert oauth1.repeated_protocol_parameters(request) == repeated


@pytest.mark.parametrize("host", ["", "[zz", "x:abc", "x:99999", "a b"])
def test_a_host_without_a_base_string_uri_matches_no_signature(host: str) -> None:
    """A ``Host`` that gives no base string URI (oauthlib's ValueError: none, a bad port, a broken
    IPv6 literal; werkzeug reads some others as none) signs nothing, so no signature matches: the
    service refuses the login as a wrong signature (it was a 500)."""
    environ = EnvironBuilder(path="/x", headers=[("Authorization", 'OAuth oauth_token="t"')]).get_environ()
    environ["HTTP_HOST"] = host
    assert oauth1.signature_matches(Request(environ), "c2lnbmF0dXJl", "cs", "ts") is False
