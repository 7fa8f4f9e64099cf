"""Magento web API authentication for an integration (RULES.md §7; FIDELITY.md):

- **OAuth 1.0a**, the default: ``Authorization: OAuth oauth_consumer_key=..., oauth_token=...,
  oauth_signature_method="HMAC-SHA256", oauth_nonce, oauth_timestamp, oauth_signature`` signed with
  ``consumer_secret&access_token_secret``. The parameters are those Magento's
  ``Helper\\Request`` collects (:func:`oauth_request`: the header's ``oauth_*``, the query's other
  pairs, the last of a repeated name) and the base string is Laminas OAuth's (:func:`signature`:
  natural order, the URL normalised by ``Laminas\\Uri``), not RFC 5849's. Refused as ``Magento\\Framework\\Oauth`` refuses: a missing parameter,
  another ``oauth_version`` or signature method → 400 (``OauthInputException``); a key or token of
  the wrong length or unknown, a token of another consumer, a timestamp more than 600 s ahead, a
  nonce the consumer used before, a wrong signature → 401 (``Oauth\\Exception``).
- **Bearer**: ``Authorization: Bearer <integration access token>`` — only where the store allows
  integration tokens as bearer tokens (``oauth/consumer/enable_integration_as_bearer``, off by
  default since 2.4.4; here ``settings.magento.integration_as_bearer``). Otherwise, or with no or
  an unknown credential, the caller is a guest, and a guest is refused the sales resources with
  401 ``The consumer isn't authorized to access %resources.``

The credential → tenant lookup is :meth:`TenantRegistry.resolve` (keys ``magento_consumer`` and
``magento_token``), here only.
"""

from __future__ import annotations

import base64
import hmac
import re
import zlib
from functools import cmp_to_key
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote_to_bytes

from flask import Request

from simulators.core import oauth1
from simulators.core.clock import process_now
from simulators.core.oauth1 import HMAC_SIGNERS
from simulators.core.php import int_cast, numeric, parse_php_query, strnatcmp

from . import errors

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant, TenantRegistry

#: ``Nonce\\Generator::TIME_DEVIATION``: how far ahead of the server a timestamp may be.
TIME_DEVIATION = 600
#: ``oauth_nonce.nonce`` is ``varchar(32)`` (Integration ``etc/db_schema.xml``), and the adapter
#: (``DB\Adapter\Pdo\Mysql::_connect``) sets ``SQL_MODE=''``: a longer nonce is stored cut to its
#: first 32 characters, not refused.
NONCE_LENGTH = 32
#: How long a nonce is remembered: ``Helper\\Oauth\\Data::CLEANUP_EXPIRATION_PERIOD_DEFAULT`` (120
#: minutes, ``oauth/cleanup/expiration_period``), after which ``ResourceModel\\Oauth\\Nonce::deleteOldEntries``
#: may delete the row.
NONCE_LIFETIME = 120 * 60
#: ``Helper\\Oauth::LENGTH_CONSUMER_KEY`` and ``LENGTH_TOKEN``.
KEY_LENGTH = 32
_REQUIRED = ("oauth_consumer_key", "oauth_signature", "oauth_signature_method", "oauth_nonce", "oauth_timestamp",
             "oauth_token")


class NonceCache(oauth1.NonceCache):
    """Nonces per consumer: Magento keeps each (nonce, consumer) pair and refuses it a second time,
    whatever its timestamp, for :data:`NONCE_LIFETIME` after its first use. (Magento deletes a row
    once its *timestamp* is that old, at a cleanup that runs on a random save; remembering it that
    long from its first use is one of the answers Magento can give, and the same on every run.)"""

    def __init__(self) -> None:
        super().__init__(horizon=NONCE_LIFETIME)


def consumer_number(tenant: "Tenant") -> str:
    """The integration's consumer id (Magento's row id, named in the nonce message): stable per tenant,
    whatever characters its key has (Magento's are letters and digits, not hex)."""
    return str(zlib.crc32(tenant.magento.consumer_key.encode()) % 900 + 1)


def integration_as_bearer(tenant: "Tenant") -> bool:
    settings = tenant.settings.get("magento") if isinstance(tenant.settings, dict) else None
    return isinstance(settings, dict) and settings.get("integration_as_bearer") is True


def authenticate(request: Request, registry: "TenantRegistry", nonces: NonceCache, resource: str) -> "Tenant":
    """The tenant whose integration made ``request``.

    :raise OAuthInput: 400, a malformed OAuth request.
    :raise OAuthRejected: 401, an OAuth credential, nonce or signature refused.
    :raise NotAuthorized: 401, no credential Magento accepts for ``resource`` (an ACL id).
    """
    params = oauth_request(request)
    if params:  # OauthUserContext: an empty prepareRequest() is no OAuth request at all
        return _oauth(request, registry, nonces, params)
    header = request.headers.get("Authorization", "")
    # TokenUserContext: explode(" ") must give exactly two pieces, the first "bearer" in any case
    # (so a second space between them is no token at all).
    pieces = header.split(" ")
    if len(pieces) == 2 and pieces[0].lower() == "bearer" and pieces[1]:
        tenant = registry.resolve("magento_token", pieces[1])
        if tenant is not None and integration_as_bearer(tenant):
            return tenant
    raise errors.NotAuthorized(resource)


# ------------------------------------------------------------------ the request's OAuth parameters
#: ``Helper\Request::_isProtocolParameter``: ``preg_match('/oauth_[a-z_-]+/', $name)``, not anchored,
#: so ``xoauth_a`` is a protocol parameter too.
_PROTOCOL = re.compile(r"oauth_[a-z_-]+")
#: PHP's ``trim()`` without a character list.
_PHP_TRIM = " \t\n\r\0\x0b"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_FORM = "application/x-www-form-urlencoded"


def _php_decode(text: str, *, plus: bool) -> str:
    """PHP's ``rawurldecode`` (``plus``: ``urldecode``, a ``+`` is a space) of wire text (latin-1,
    one character a byte): ``%XX`` of two hex digits is that byte, anything else stays; the bytes
    read as UTF-8, an invalid byte kept as a surrogate so :func:`_php_encode` gives it back."""
    raw = text.encode("latin-1", "replace")
    return unquote_to_bytes(raw.replace(b"+", b" ") if plus else raw).decode("utf-8", "surrogateescape")


def _php_encode(text: str) -> str:
    """``Laminas\\OAuth\\Http\\Utility::urlEncode``: PHP's ``rawurlencode`` (every byte but
    ``A-Za-z0-9-_.~`` as upper-case ``%XX``) of the UTF-8 bytes."""
    return quote(text.encode("utf-8", "surrogateescape"), safe="")


def oauth_request(request: Request) -> dict[str, Any] | None:
    """``Magento\\Framework\\Oauth\\Helper\\Request::prepareRequest``: the parameters Magento checks
    and signs, in the order it collects them, or ``None`` when the ``Authorization`` header holds
    no ``oauth `` (not an OAuth request).

    - the header (``_processHeader``): ``oauth `` found anywhere in it, any case (``stripos``);
      what follows is split on every ``,``, each piece trimmed and split at its first ``=``; a
      piece whose name matches ``oauth_[a-z_-]+`` anywhere is kept, name ``rawurldecode``-d, value
      stripped of ``"`` at both ends and ``rawurldecode``-d. Other names (``realm``) are dropped;
      a repeated name keeps its last value;
    - a form body (Content-Type starting ``application/x-www-form-urlencoded``), as ``parse_str``
      reads it: its other parameters, and its protocol parameters only when the header gave none;
    - the query of the request URI (``_extractQueryStringParams``), not PHP's ``$_GET``: split on
      ``&``, a pair taken only when ``=`` splits it in exactly two (``flag`` and ``a=b=c`` are
      dropped), a protocol name never; name and value ``urldecode``-d; a repeated name keeps its
      last value. (Protocol parameters in the query are never read: ``_fetchProtocolParamsFromQuery``
      wants an array and is given the query text.)
    """
    header = request.headers.get("Authorization", "")
    at = header.translate(_ASCII_LOWER).find("oauth ")
    if not header or at < 0:
        return None
    params: dict[str, Any] = {}
    for piece in header[at + 6:].split(","):
        name, equals, value = piece.strip(_PHP_TRIM).partition("=")
        if equals and _PROTOCOL.search(name):
            params[_php_decode(name, plus=False)] = _php_decode(value.strip('"'), plus=False)
    if request.headers.get("Content-Type", "").startswith(_FORM):
        header_gave_none = not params
        body = request.get_data(cache=True).decode("utf-8", "replace")
        for name, member in parse_php_query(body).items():
            if header_gave_none or not _PROTOCOL.search(str(name)):
                params[str(name)] = member
    # The query of the request URI as sent (WSGI's QUERY_STRING is that text, undecoded).
    query = request.environ.get("QUERY_STRING", "")
    if query and query != "0":  # PHP: an empty query and "0" are both false
        for pair in query.split("&"):
            parts = pair.split("=")
            if len(parts) == 2 and not _PROTOCOL.search(parts[0]):
                params[_php_decode(parts[0], plus=True)] = _php_decode(parts[1], plus=True)
    return params


# ----------------------------------------------------------------------------- the signature
#: ``Laminas\\Uri\\Uri::normalizePath``: percent-encoded characters a path may hold literally
#: are decoded (``%31`` is ``1``, ``%2F`` is ``/``, ``%25`` is ``%``); others keep their code, in
#: upper case.
_PATH_LITERAL = re.compile(r"[a-zA-Z0-9_\-.~:@&=+$,/;%]")
_PERCENT_CODE = re.compile(r"%[A-Fa-f0-9]{2}")
#: ``Uri::encodePath``: runs of characters a path may not hold, and a ``%`` that starts no code.
_PATH_UNSAFE = re.compile(r"(?:[^a-zA-Z0-9_\-.~)(:@&=+$,/;%]+|%(?![A-Fa-f0-9]{2}))")
_AUTHORITY_PORT = re.compile(r":[0-9]{0,5}$")


def _remove_dot_segments(path: str) -> str:
    """``Laminas\\Uri\\Uri::removePathDotSegments``, step for step."""
    output = ""
    while path:
        if path in ("..", "."):
            break
        if path == "/.":
            path = "/"
        elif path == "/..":
            path = "/"
            output = output[:output.rfind("/")] if "/" in output else output
        elif path.startswith("/../"):
            path = "/" + path[4:]
            output = output[:output.rfind("/")] if "/" in output else output
        elif path.startswith("/./"):
            path = path[2:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("../"):
            path = path[3:]
        else:
            slash = path.find("/", 1)
            segment = path if slash == -1 else path[:slash]
            output += segment
            path = path[len(segment):]
    return output


def _normalised_path(path: str) -> str:
    """``Uri::normalizePath`` of the raw request path (latin-1 text): dot segments removed,
    over-encoded characters decoded, the rest encoded."""
    path = _remove_dot_segments(path)
    path = _PERCENT_CODE.sub(lambda code: (char if _PATH_LITERAL.fullmatch(char := chr(int(code.group(0)[1:], 16)))
                                           else code.group(0).upper()), path)
    return _PATH_UNSAFE.sub(lambda run: quote(run.group(0).encode("latin-1", "replace"), safe=""), path)


def signature_base_url(request: Request) -> str:
    """``Laminas\\OAuth\\Signature\\AbstractSignature::normaliseBaseSignatureUrl`` of the URL
    ``Helper\\Request::getRequestUrl`` builds (scheme, ``Host`` header, request URI): the host in
    lower case, the port dropped when it is the scheme's default (``:080`` too: Laminas reads it
    as a number), the path normalised (:func:`_normalised_path`), no query."""
    scheme = request.scheme
    authority = request.environ.get("HTTP_HOST", "")
    port = ""
    found = _AUTHORITY_PORT.search(authority)
    if found is not None:
        authority = authority[:found.start()]
        digits = found.group(0)[1:]
        if digits and int(digits) != {"http": 80, "https": 443}.get(scheme):
            port = f":{int(digits)}" if int(digits) else ""
    path = oauth1.raw_path(request) or "/"  # as sent, still percent-encoded
    return f"{scheme}://{authority.translate(_ASCII_LOWER)}{port}{_normalised_path(path) or '/'}"


def signature(request: Request, params: dict[str, Any], method: str, consumer_secret: str, token_secret: str) -> str:
    """``Laminas\\OAuth\\Signature\\Hmac::sign`` as ``Oauth::_validateSignature`` calls it: every
    parameter but ``oauth_signature``, name and value ``urlEncode``-d (an array's value is PHP's
    ``"Array"``), sorted by name in natural order (``uksort`` with ``strnatcmp``: ``b9`` before
    ``b10``), joined ``name=value`` with ``&``; the base string is the upper-case method, the
    encoded :func:`signature_base_url` and the encoded parameters; keyed
    ``urlEncode(consumer_secret)&urlEncode(token_secret)``."""
    encoded = {_php_encode(str(name)): _php_encode(_php_text(value))
               for name, value in params.items() if name != "oauth_signature"}
    names = sorted(encoded, key=cmp_to_key(strnatcmp))  # stable, as PHP 8's sort
    normalized = "&".join(f"{name}={encoded[name]}" for name in names)
    base = f"{request.method.upper()}&{_php_encode(signature_base_url(request))}&{_php_encode(normalized)}"
    key = f"{_php_encode(consumer_secret)}&{_php_encode(token_secret)}"
    return base64.b64encode(hmac.digest(key.encode(), base.encode(), HMAC_SIGNERS[method])).decode("ascii")


def _version_supported(version: Any) -> bool:
    """``'1.0' != $version`` is false: PHP 8 compares two numeric strings as numbers, so ``1``,
    ``1.00`` and `` 1`` are 1.0 too."""
    if not isinstance(version, str):
        return False
    number = numeric(version)
    return version == "1.0" or (number is not None and number == 1.0)


def _php_text(value: Any) -> str:
    """A parameter as PHP turns it into text: an array (from a form body's ``name[]=``) is ``Array``."""
    return "Array" if isinstance(value, dict) else str(value)


def _bytes(text: Any) -> int:
    """PHP's ``strlen``: the length in bytes."""
    return len(_php_text(text).encode("utf-8", "surrogateescape"))


_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def collated_nonce(nonce: str) -> str:
    """The nonce as the ``oauth_nonce.nonce`` column compares it: Magento's default collation
    (``utf8_general_ci`` / ``utf8mb3_general_ci``, declarative schema ``Dto\\Factories\\Table``)
    ignores the case of letters and trailing spaces (``PAD SPACE``), and ``selectByCompositeKey``
    finds a row with SQL's ``nonce = ?``. (ASCII letters only: the collation's folding of
    accented letters is not reproduced.)"""
    return nonce.rstrip(" ").translate(_ASCII_UPPER)


def _oauth(request: Request, registry: "TenantRegistry", nonces: NonceCache, params: dict[str, Any]) -> "Tenant":
    if "oauth_version" in params and not _version_supported(params["oauth_version"]):
        raise errors.OAuthInput('The "%1" Oauth version isn\'t supported.', [_php_text(params["oauth_version"])])
    missing = [name for name in _REQUIRED if name not in params]
    if missing:
        raise errors.InputErrors([('"%fieldName" is required. Enter and try again.', {"fieldName": name})
                                  for name in missing])
    if _bytes(params["oauth_token"]) != KEY_LENGTH:
        raise errors.OAuthInput("The token length is invalid. Check the length and try again.")
    method = params["oauth_signature_method"]
    if method != oauth1.HMAC_SHA256:
        raise errors.OAuthInput("Signature method %1 is not supported", [_php_text(method)])
    consumer_key = _php_text(params["oauth_consumer_key"])
    if _bytes(consumer_key) != KEY_LENGTH:
        raise errors.OAuthRejected("Consumer key is not the correct length")
    tenant = registry.resolve("magento_consumer", consumer_key)
    if tenant is None:
        raise errors.OAuthRejected("A consumer having the specified key does not exist")
    consumer_id = consumer_number(tenant)
    # Nonce\Generator::validateNonce: (int) $timestamp, PHP's cast ("1e3" is 1000, "12abc" 12).
    timestamp = int_cast(params["oauth_timestamp"]) if isinstance(params["oauth_timestamp"], str) else 1
    # The window is the process clock, not the tenant's shifted clock: a connector signs with its
    # own wall clock, which time travel in a scenario does not move. Only the future is bounded.
    now = process_now().timestamp()
    if timestamp <= 0 or timestamp > now + TIME_DEVIATION:
        # Nonce\Generator throws an input exception here, and its own catch-all turns it into this.
        raise errors.OAuthRejected("An error occurred validating the nonce")
    nonce = _php_text(params["oauth_nonce"])
    # Magento checks no nonce length: the row keeps the first NONCE_LENGTH characters (a varchar(32)
    # column, written with SQL_MODE='' which cuts a longer value), so that is what later nonces meet.
    if not nonces.first_use((tenant.id, consumer_key, collated_nonce(nonce[:NONCE_LENGTH])), now):
        if len(nonce.rstrip(" ")) > NONCE_LENGTH:
            # The look-up with the whole nonce finds no row (none holds more than 32 characters); the
            # insert of its first 32 then breaks the (nonce, consumer_id) unique key, and
            # validateNonce's catch-all answers this.
            raise errors.OAuthRejected("An error occurred validating the nonce")
        raise errors.OAuthRejected("The nonce is already being used by the consumer with ID %1", [consumer_id])
    token_tenant = registry.resolve("magento_token", _php_text(params["oauth_token"]))
    if token_tenant is None:
        raise errors.OAuthRejected("Specified token does not exist")
    if token_tenant is not tenant:
        raise errors.OAuthRejected("Token is not associated with the specified consumer")
    creds = tenant.magento
    given = params["oauth_signature"]
    expected = signature(request, params, method, creds.consumer_secret, creds.access_token_secret)
    # Security::compareStrings: hash_equals of the signature as read (already rawurldecode-d).
    if not isinstance(given, str) or not hmac.compare_digest(expected.encode(), given.encode("utf-8", "surrogateescape")):
        raise errors.OAuthRejected("The signature is invalid. Verify and try again.")
    return tenant
