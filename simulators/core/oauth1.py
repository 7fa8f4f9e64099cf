"""OAuth 1.0a (RFC 5849) as the simulated services verify it: NetSuite's Token-Based
Authentication, Magento's integrations (consumer and token) and WooCommerce's one-legged OAuth over
plain HTTP (consumer only). Each service's ``auth`` module applies its own vendor's rules (which
parameters it requires, how far a timestamp may stray, the error it answers) on top of what is
shared here: the protocol parameters of an ``Authorization: OAuth`` header, the URL a client signs,
the HMAC signature, and a cache of the nonces seen.

The signature base string is rebuilt with oauthlib's RFC 5849 functions from the URL the client
actually called (scheme, host, port, percent-encoded path, query) and, for a form body, its
parameters; so any standard client (requests-oauthlib, authlib, Magento's PHP signer, the
woocommerce package) verifies unchanged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import threading
from collections import Counter, deque
from functools import lru_cache
from urllib.parse import parse_qsl
from urllib.request import parse_http_list

from flask import Request
from oauthlib.oauth1.rfc5849 import signature as rfc5849
from oauthlib.oauth1.rfc5849 import utils as rfc5849_utils

HMAC_SHA256 = "HMAC-SHA256"
#: Signature methods by name → the hash of their HMAC (RFC 5849 §3.4.2; HMAC-SHA256 as NetSuite,
#: Magento and WooCommerce add it).
HMAC_SIGNERS = {
    "HMAC-SHA1": hashlib.sha1,
    HMAC_SHA256: hashlib.sha256,
}


#: Where the parsed ``Authorization: OAuth`` parameters of a request are kept: verifying a request
#: reads them twice (the service's checks, then the signature), and parsing is most of a check's cost.
_PARSED = "refundsim.oauth1.parameters"
#: RFC 5849 §3.6: these characters are never percent-encoded; most names and values are only these.
_UNRESERVED = re.compile(r"[A-Za-z0-9._~-]*")
#: RFC 5849 §3.6 for ASCII text in one ``str.translate``: every other ASCII character as ``%XX``
#: (upper-case hex), what oauthlib's ``escape`` (``quote(text, safe="~")``) gives, at C speed (a
#: list indexed by code point: twice as fast as a dict for ``translate``).
#: Text made only of unreserved characters and ``%=&:/``: what normalised parameters are (encoded
#: names and values joined by ``=`` and ``&``) and what a base string URI usually is. Encoding it
#: touches only those five, one ``str.replace`` each (``%`` first) instead of a table per character.
_FEW_RESERVED = re.compile(r"[A-Za-z0-9._~%=&:/-]*")
_ESCAPE_ASCII = [chr(code) if _UNRESERVED.fullmatch(chr(code)) else f"%{code:02X}" for code in range(128)]
#: The usual ``Authorization: OAuth`` header: ``name="value"`` pairs, commas between, no backslash or
#: quote inside a value. Anything else is parsed by oauthlib (quoted escapes, unquoted values, ...).
_PLAIN_HEADER = re.compile(r'\s*[^\s=,"]+="[^"\\]*"\s*(?:,\s*[^\s=,"]+="[^"\\]*"\s*)*')
_PLAIN_PAIR = re.compile(r'([^\s=,"]+)="([^"\\]*)"')
#: A query whose names and values need no decoding: ``name=value`` pairs of unreserved characters
#: (no ``%``, no ``+``, no empty pair). Anything else is collected by oauthlib.
_PLAIN_QUERY = re.compile(r"[A-Za-z0-9._~-]+=[A-Za-z0-9._~-]*(?:&[A-Za-z0-9._~-]+=[A-Za-z0-9._~-]*)*")


def _parse_header(header: str) -> list[tuple[str, str]]:
    """oauthlib's ``parse_authorization_header`` (the same pairs, a repeated name keeping its last
    value), without its character-by-character split in the usual case.

    :raise ValueError: not an ``OAuth`` header, or a malformed one.
    """
    if header[:6].lower() == "oauth " and _PLAIN_HEADER.fullmatch(header, 6):
        return list(dict(_PLAIN_PAIR.findall(header, 6)).items())
    return rfc5849_utils.parse_authorization_header(header)


def header_parameters(request: Request) -> dict[str, str] | None:
    """The parameters of the request's ``Authorization: OAuth ...`` header (realm included, values
    as sent), or ``None`` when there is no such header or it cannot be parsed."""
    environ = request.environ
    if _PARSED not in environ:
        header = environ.get("HTTP_AUTHORIZATION", "")
        try:
            environ[_PARSED] = _parse_header(header)
        except ValueError:
            environ[_PARSED] = None
    parsed = environ[_PARSED]
    return dict(parsed) if parsed is not None else None


def repeated_protocol_parameters(request: Request) -> list[str]:
    """The ``oauth_*`` protocol parameters that ``request`` sends more than once, sorted: twice in
    its ``Authorization: OAuth`` header, or in two of the header, the query and a form body.

    RFC 5849 §3.1 requires each protocol parameter at most once, and §3.2 has the server refuse a
    request that repeats one (400, ``parameter_rejected``). :func:`header_parameters` (oauthlib's
    parser too) keeps only the last value of a repeated name, so the repetition is counted here,
    on the raw header. Whether a service refuses it, and how, is its vendor's rule: its ``auth``
    module calls this (NetSuite does; Magento and WooCommerce merge them, as their PHP does).
    """
    names: list[str] = []
    header = request.environ.get("HTTP_AUTHORIZATION", "")
    if header[:6].lower() == "oauth ":
        if _PLAIN_HEADER.fullmatch(header, 6):
            names += [name for name, _ in _PLAIN_PAIR.findall(header, 6)]
        else:
            names += [item.split("=", 1)[0].strip() for item in parse_http_list(header[6:])]
        names = [unescape(name) for name in names]  # RFC 5849 §3.5.1: names are percent-encoded
    query = request.query_string.decode("latin-1")
    if query:
        names += [name for name, _ in parse_qsl(query, keep_blank_values=True)]
    if request.environ.get("CONTENT_TYPE") and request.mimetype == "application/x-www-form-urlencoded":
        names += [name for name, _ in parse_qsl(request.get_data(as_text=True), keep_blank_values=True)]
    counts = Counter(name for name in names if name.startswith("oauth_"))
    return sorted(name for name, count in counts.items() if count > 1)


def raw_path(request: Request) -> str:
    """The request path as the client sent it (still percent-encoded), not Flask's re-encoding of
    the decoded path: ``eid:SHOP-%231001`` must be signed and verified byte for byte."""
    return request.environ.get("REQUEST_URI", "").split("?", 1)[0] or request.path


@lru_cache(maxsize=64)
def _origin(scheme: str, host: str) -> str:
    """oauthlib's base string URI of ``scheme://host/`` less its path: lower case, default port
    dropped, IP addresses normalised. Hosts are few, and working this out is most of the cost."""
    return rfc5849.base_string_uri(f"{scheme}://{host}/")[:-1]


def base_string_uri(request: Request, scheme: str | None = None) -> str:
    """The base string URI of ``request`` (RFC 5849 §3.4.1.2): scheme, host, port and raw path,
    no query. ``scheme`` overrides the request's (a server that signs with its configured URL).
    The same text as oauthlib's ``base_string_uri`` of that URL."""
    return _origin(scheme or request.scheme, request.host) + (raw_path(request) or "/").replace(" ", "%20")


def query_parameters(query: str) -> list[tuple[str, str]]:
    """The parameters of a query string as oauthlib's ``collect_parameters(uri_query=query)`` gives
    them (in order, ``oauth_signature`` left out), without its validation and decoding when there
    is nothing to decode.

    :raise ValueError: as oauthlib: the query holds characters a form encoding cannot.
    """
    if not query:
        return []
    if _PLAIN_QUERY.fullmatch(query):
        return [(name, value) for name, _, value in (pair.partition("=") for pair in query.split("&"))
                if name != "oauth_signature"]
    return rfc5849.collect_parameters(uri_query=query)


def unescape(text: str) -> str:
    """oauthlib's ``utils.unescape`` (percent-decoding), at no cost when there is no ``%``."""
    return text if "%" not in text else rfc5849_utils.unescape(text)


def _escape(text: str) -> str:
    """oauthlib's RFC 5849 percent-encoding (``utils.escape``), without its cost when the text is
    ASCII (nothing to encode, or a table lookup per character); other text goes to oauthlib."""
    if text.isascii():
        if _UNRESERVED.fullmatch(text):
            return text
        if _FEW_RESERVED.fullmatch(text):
            return (text.replace("%", "%25").replace("=", "%3D").replace("&", "%26").replace(":", "%3A")
                    .replace("/", "%2F"))
        return text.translate(_ESCAPE_ASCII)
    return rfc5849_utils.escape(text)


def normalized_parameters(params: list[tuple[str, str]]) -> str:
    """RFC 5849 §3.4.1.3.2, as oauthlib's ``normalize_parameters``: each name and value encoded,
    sorted by name then value, joined with ``=`` and ``&``."""
    if _UNRESERVED.fullmatch("".join(text for pair in params for text in pair)):  # the usual case: nothing to encode
        return "&".join(f"{k}={v}" for k, v in sorted(params))
    return "&".join(f"{k}={v}" for k, v in sorted((_escape(k), _escape(v)) for k, v in params))


def hmac_signature(method: str, base_string: str, client_secret: str, token_secret: str = "") -> str:
    """The base64 HMAC signature of ``base_string`` keyed with ``client_secret&token_secret``.

    :raise KeyError: ``method`` is not one of :data:`HMAC_SIGNERS`.
    """
    key = f"{_escape(client_secret)}&{_escape(token_secret)}"  # oauthlib's key: both secrets encoded
    digest = hmac.digest(key.encode("utf-8"), base_string.encode("utf-8"), HMAC_SIGNERS[method])
    return base64.b64encode(digest).decode("ascii")


def signature(request: Request, consumer_secret: str, token_secret: str, method: str = HMAC_SHA256) -> str:
    """The signature of ``request`` as sent with an ``Authorization: OAuth`` header: its query, its
    form body and the header's parameters, keyed with ``consumer_secret&token_secret``."""
    # No Content-Type, no form (werkzeug's mimetype is then ""): parsing the header is not free.
    form = request.environ.get("CONTENT_TYPE") and request.mimetype == "application/x-www-form-urlencoded"
    query = request.query_string.decode("latin-1")
    # oauthlib's collect_parameters for the query and the body; the header's parameters, already
    # parsed, are added as it would add them (realm and oauth_signature left out, oauth_ values decoded).
    params = (rfc5849.collect_parameters(uri_query=query, body=request.get_data(as_text=True)) if form
              else query_parameters(query))
    params += [(k, unescape(v) if k.startswith("oauth_") else v)
               for k, v in (header_parameters(request) or {}).items() if k not in ("realm", "oauth_signature")]
    return hmac_signature(method, signature_base_string(request.method, base_string_uri(request),
                                                        normalized_parameters(params)), consumer_secret, token_secret)


def signature_base_string(method: str, uri: str, normalized: str) -> str:
    """RFC 5849 §3.4.1.1, as oauthlib's ``signature_base_string``: the upper-case method, the base
    string URI and the normalised parameters, each encoded, joined with ``&``."""
    return f"{_escape(method.upper())}&{_escape(uri)}&{_escape(normalized)}"


def signature_matches(request: Request, given: str, consumer_secret: str, token_secret: str) -> bool:
    """Whether ``given`` (the header's ``oauth_signature`` as sent, percent-encoded) is the request's
    HMAC-SHA256 signature, compared in constant time. ``False`` for a request whose URL has no base
    string URI (a ``Host`` with a bad port, a broken IPv6 literal, none at all): it signs nothing,
    so the service refuses it as a wrong signature rather than answering 500."""
    try:
        expected = signature(request, consumer_secret, token_secret)
    except ValueError:  # oauthlib's base_string_uri: "missing host", "Port out of range", ...
        return False
    # As bytes: compare_digest refuses a str holding anything but ASCII (TypeError, a 500), and a
    # client may send any text, or a percent-encoding of any byte, as its signature.
    return hmac.compare_digest(expected.encode(), unescape(given).encode("utf-8", "surrogateescape"))


class NonceCache:
    """Nonces already used, per tenant and key (a service chooses the key: NetSuite keys a nonce by
    its timestamp, Magento by its consumer), so a replayed request is refused.

    The window is exact: :meth:`first_use` refuses a key first used at most ``horizon`` seconds
    before ``now``, and takes one first used longer ago as new (recording it again). Memory stays
    bounded by the nonces of the last ``horizon`` seconds: keys are kept in a dict (the lookup)
    and a queue in the order they were recorded, and each call forgets the expired ones at the
    front of the queue, so a call costs O(1) amortised however many recent nonces there are. A
    clock that steps back (a test moving a frozen clock) can leave expired keys behind a
    younger one for a while: they take memory, never a wrong answer, since the dict's time of
    each key decides.
    """

    def __init__(self, horizon: float = 600.0) -> None:
        self._seen: dict[tuple[str, ...], float] = {}
        self._order: deque[tuple[float, tuple[str, ...]]] = deque()
        self._lock = threading.Lock()
        self._horizon = horizon

    def __len__(self) -> int:
        """How many keys are remembered (expired ones not yet forgotten included)."""
        return len(self._seen)

    def first_use(self, key: tuple[str, ...], now: float) -> bool:
        """Record ``key`` at ``now``; ``False`` if it was recorded in the ``horizon`` seconds before."""
        with self._lock:
            seen, order, horizon = self._seen, self._order, self._horizon
            while order and now - order[0][0] > horizon:
                recorded, old = order.popleft()
                if seen.get(old) == recorded:  # not recorded again since
                    del seen[old]
            previous = seen.get(key)
            if previous is not None and now - previous <= horizon:
                return False
            seen[key] = now
            order.append((now, key))
            return True
