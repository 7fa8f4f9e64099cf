"""WooCommerce REST API authentication, as ``class-wc-rest-authentication.php`` does it (RULES.md §6):

- **HTTPS** (``is_ssl()``): the consumer key and secret as ``?consumer_key=&consumer_secret=`` (these
  win) or over HTTP Basic (decoded as PHP decodes it: :func:`php_auth_user_and_password`). A key the store does not know is no error here: the request goes on
  unauthenticated and the route's permission check answers 401 ``woocommerce_rest_cannot_*``. A known key
  with the wrong secret is 401 "Consumer secret is invalid.". The query is PHP's ``$_GET``
  (:mod:`.query`): the last of a repeated name, ``name[]=`` an array, ``consumer.key`` read as
  ``consumer_key``; the pair is taken only when neither is PHP-``empty()`` (``""``, ``"0"``), and a key taken from it leaves Basic auth unread even when it finds nobody. Keys are looked
  up after ``sanitize_text_field`` (:func:`sanitized_key`: an array is ``""``, which finds nobody); a
  secret array beside a known key is PHP 8's ``TypeError`` in ``hash_equals``: WordPress's 500.
- **Plain HTTP**: OAuth 1.0a "one-legged" (no token), parameters in the query string, a form body or an
  ``Authorization: OAuth`` header; ``HMAC-SHA1`` or ``HMAC-SHA256`` keyed with ``consumer_secret&``; the
  base string signs the store's URL and every parameter as PHP parsed it, sorted by name, an array's
  members each as ``name[key]=value`` in the array's order (so ``include[]=a&include[]=b`` is signed as
  ``include[0]=a`` and ``include[1]=b``, not as RFC 5849 would sign it); ``oauth_timestamp``
  within 15 minutes of the server's clock, compared as PHP 8 compares text with a number; a nonce not
  used before (WooCommerce remembers one nonce per timestamp text, for 15 minutes). A parameter sent as an array is present (PHP ``empty()``) and fails where
  the code meets it (:func:`_oauth`). Basic auth and ``consumer_secret`` in the query are **ignored** over HTTP.
- The key's permissions: GET and HEAD need ``read`` or ``read_write``, POST, PUT, PATCH and DELETE
  ``write`` or ``read_write``.

The key → tenant lookup is :meth:`TenantRegistry.resolve` with ``woocommerce_key``, here only; the key's
secret, permissions and nonces are the store's (:class:`~.models.ApiKey`).
"""

from __future__ import annotations

import base64
import hmac
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, unquote_plus

from flask import Request
from oauthlib.oauth1.rfc5849 import signature as rfc5849
from oauthlib.oauth1.rfc5849 import utils as rfc5849_utils

from simulators.core import oauth1
from simulators.core.clock import process_now
from simulators.core.php import array_key, compare_with_int

from . import errors
from .models import CriticalError, php_empty
from .query import php_post, request_query

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant, TenantRegistry

    from .models import ApiKey, Store

SERVICE = "woocommerce"
#: How far ``oauth_timestamp`` may be from the server's clock, and how long a nonce is remembered.
OAUTH_WINDOW = 15 * 60
_REQUIRED = ("oauth_consumer_key", "oauth_timestamp", "oauth_nonce", "oauth_signature", "oauth_signature_method")
_HEADER_PARAM = re.compile(r'(oauth_[a-z_-]*)=(?::?"([^"]*)"|([^,]*))')
_READ, _WRITE = ("read", "read_write"), ("write", "read_write")
#: PHP's ``trim()`` without a character list: space, tab, line feed, carriage return, NUL, vertical tab.
_PHP_TRIM = " \t\n\r\0\x0b"


@dataclass(frozen=True)
class Caller:
    """Who a request authenticated as: the tenant and its key; ``None`` for nobody."""

    tenant: "Tenant"
    key: "ApiKey"


def authenticate(request: Request, registry: "TenantRegistry") -> Caller | None:
    """The caller of ``request``, or None when it carries no usable credential.

    :raise AuthenticationError: a wrong secret, a bad OAuth signature, timestamp or nonce, an
        unknown OAuth key, or a key without the permission the method needs (all 401).
    :raise MissingOAuthParameters: some but not all OAuth parameters (401).
    """
    caller: Caller | None = None
    failure: errors.WooCommerceError | None = None
    if request.scheme == "https":
        caller, failure = _basic(request, registry)
    if caller is None:
        oauth_caller, oauth_failure = _oauth(request, registry)
        caller, failure = oauth_caller, oauth_failure or failure
    if failure is not None:
        raise failure
    if caller is not None:
        _check_permissions(caller.key, request.method)
    return caller


def _store(tenant: "Tenant") -> "Store":
    return tenant.state(SERVICE)


_WHITESPACE = re.compile(r"[\r\n\t ]+")
_OCTET = re.compile(r"%[a-f0-9]{2}", re.IGNORECASE)


def sanitized_key(value: Any) -> str:
    """WordPress's ``sanitize_text_field`` of a consumer key, as ``get_user_data_by_consumer_key``
    applies it before the lookup: an array (or anything not text) is ``""``; runs of line breaks,
    tabs and spaces are one space; the ends trimmed; percent-encoded octets (``%3a``) removed, again
    and again, then spaces squeezed and trimmed once more. (Not reproduced: the tag stripping of a
    text with ``<`` and the check of invalid UTF-8 — no issued key holds either.)"""
    if not isinstance(value, str):
        return ""
    text = _WHITESPACE.sub(" ", value).strip()
    found = False
    while (match := _OCTET.search(text)) is not None:
        text, found = text.replace(match.group(0), ""), True
    return re.sub(" +", " ", text).strip() if found else text


def _key(registry: "TenantRegistry", raw_key: Any) -> tuple["Tenant", "ApiKey"] | None:
    """The tenant and key a consumer key names, looked up as WooCommerce does (:func:`sanitized_key`)."""
    consumer_key = sanitized_key(raw_key)
    if not consumer_key:
        return None
    tenant = registry.resolve("woocommerce_key", consumer_key)
    if tenant is None:
        return None
    store = _store(tenant)
    with store.keys_lock:
        key = store.keys.get(consumer_key)
    return (tenant, key) if key is not None else None


_BASE64_ALPHABET = re.compile(r"[^A-Za-z0-9+/]")


def php_auth_user_and_password(header: str) -> tuple[str, str] | None:
    """``$_SERVER['PHP_AUTH_USER']`` and ``['PHP_AUTH_PW']`` as PHP sets them from an
    ``Authorization`` header (``php_handle_auth_data``), or ``None`` when it sets neither.

    The scheme is ``Basic `` in any case; the rest is decoded by ``php_base64_decode``, which is not
    strict: characters outside the base64 alphabet (spaces, ``=`` padding, anything else) are
    skipped and a trailing partial byte dropped, so an unpadded or spaced value decodes where
    Python's strict decoder refuses it. Only a decoded text with a ``:`` gives a user (before the
    first ``:``) and a password (after it); each ends at a NUL byte, as a C string does.
    """
    if header[:6].lower() != "basic ":
        return None
    data = _BASE64_ALPHABET.sub("", header[6:])
    data = data[: len(data) - len(data) % 4] if len(data) % 4 == 1 else data  # 6 bits make no byte
    decoded = base64.b64decode(data + "=" * (-len(data) % 4))
    user, colon, password = decoded.partition(b":")
    if not colon:
        return None
    return (user.split(b"\0", 1)[0].decode("utf-8", "replace"),
            password.split(b"\0", 1)[0].decode("utf-8", "replace"))


def _basic(request: Request, registry: "TenantRegistry") -> tuple[Caller | None, errors.WooCommerceError | None]:
    """``perform_basic_authentication``: the query's ``consumer_key`` and ``consumer_secret`` from
    ``$_GET`` when neither is ``empty()``, else HTTP Basic's user and password when neither is.

    :raise CriticalError: a known key with a secret array (PHP 8 ``hash_equals`` TypeError)."""
    query = request_query(request)
    consumer_key: Any = ""
    consumer_secret: Any = ""
    if not php_empty(query.get("consumer_key")) and not php_empty(query.get("consumer_secret")):
        consumer_key, consumer_secret = query["consumer_key"], query["consumer_secret"]
    # ``! $consumer_key``: a key from the query (an array too) leaves Basic auth unread.
    if php_empty(consumer_key):
        basic = php_auth_user_and_password(request.headers.get("Authorization", ""))
        if basic is not None and not php_empty(basic[0]) and not php_empty(basic[1]):
            consumer_key, consumer_secret = basic
    if php_empty(consumer_key) or php_empty(consumer_secret):
        return None, None
    found = _key(registry, consumer_key)
    if found is None:
        return None, None
    tenant, key = found
    if not isinstance(consumer_secret, str):
        # PHP 8: hash_equals(): Argument #2 ($user_string) must be of type string, array given.
        raise CriticalError("hash_equals(): Argument #2 ($user_string) must be of type string, array given")
    if not hmac.compare_digest(key.consumer_secret.encode(), consumer_secret.encode()):
        return None, errors.AuthenticationError("Consumer secret is invalid.")
    return Caller(tenant, key), None


def _array_merge(*arrays: dict[Any, Any]) -> dict[Any, Any]:
    """PHP's ``array_merge``: a text key of a later array replaces the earlier value in its place;
    an integer key (a name such as ``5``, which PHP keys as the int) never replaces, it is appended
    and renumbered from 0."""
    merged: dict[Any, Any] = {}
    position = 0
    for array in arrays:
        for name, value in array.items():
            key = array_key(name) if isinstance(name, str) else name
            if isinstance(key, int):
                merged[position] = value
                position += 1
            else:
                merged[key] = value
    return merged


def _oauth_params(request: Request) -> dict[str, Any]:
    """``get_oauth_parameters``: ``array_merge($_GET, $_POST)`` (:func:`_array_merge`) as PHP parsed
    them (arrays as dicts, :mod:`.query`; ``$_POST`` only for a POST, :func:`~.query.php_post`),
    then the ``OAuth`` header's ``oauth_*``, which win."""
    params: dict[Any, Any] = _array_merge(request_query(request), php_post(request))  # a copy: the route reads $_GET
    header = request.headers.get("Authorization", "").strip(_PHP_TRIM)  # PHP trim(), not str.strip()
    if header.startswith("OAuth "):
        for name, quoted, bare in _HEADER_PARAM.findall(header):
            # ``empty( $matches[3][ $i ] ) ? $matches[4][ $i ] : $matches[3][ $i ]``: a quoted "0" is
            # empty() too, and then the bare group, which a quoted value leaves "", is read.
            params[name] = unquote_plus(bare if php_empty(quoted) else quoted)
    return params


def _oauth(request: Request, registry: "TenantRegistry") -> tuple[Caller | None, errors.WooCommerceError | None]:
    """``perform_oauth_authentication``. A parameter is missing when PHP's ``empty()`` says so
    (absent, ``""``, ``"0"``); one sent as an array (``oauth_nonce[]=…``) is present, and fails where
    WooCommerce's code meets it: a key array is looked up as ``""`` ("Consumer key is invalid."),
    a signature array is PHP 8's TypeError in ``rawurldecode`` (:class:`CriticalError`), a method
    array is no method, a timestamp array is out of the window (PHP 8: an array compares greater
    than any number), and a nonce array is kept and refused the second time.

    :raise CriticalError: a known key and a signature array."""
    params = _oauth_params(request)
    missing = [name for name in _REQUIRED if php_empty(params.get(name))]
    if len(missing) == len(_REQUIRED):
        return None, None  # not trying OAuth at all
    if missing:
        return None, errors.MissingOAuthParameters(missing)
    found = _key(registry, params["oauth_consumer_key"])
    if found is None:
        return None, errors.AuthenticationError("Consumer key is invalid.")
    tenant, key = found
    consumer_signature = params["oauth_signature"]
    if not isinstance(consumer_signature, str):
        raise CriticalError("rawurldecode(): Argument #1 ($string) must be of type string, array given")
    method = params["oauth_signature_method"]
    if not isinstance(method, str) or method not in oauth1.HMAC_SIGNERS:
        return None, errors.AuthenticationError("Invalid signature - signature method is invalid.")
    if not hmac.compare_digest(_signature(request, params, key.consumer_secret, method).encode(),
                               unquote(consumer_signature.replace(" ", "+")).encode()):
        return None, errors.AuthenticationError("Invalid signature - provided signature does not match.")
    failure = _timestamp_and_nonce(_store(tenant), key, params["oauth_timestamp"], params["oauth_nonce"])
    if failure is not None:
        return None, failure
    return Caller(tenant, key), None


def _signed_pairs(name: str, value: Any) -> list[str]:
    """``join_with_equals_sign`` after ``normalize_parameters``: ``name=value`` with the value
    RFC 3986-encoded; an array's members as ``name%5Bkey%5D=value`` (the key as PHP holds it, not
    encoded), nested arrays likewise, in the array's order."""
    if isinstance(value, dict):
        return [pair for key, member in value.items() for pair in _signed_pairs(f"{name}%5B{key}%5D", member)]
    return [f"{name}={rfc5849_utils.escape(str(value))}"]


def _signature(request: Request, params: dict[Any, Any], consumer_secret: str, method: str) -> str:
    """``check_oauth_signature``: every parameter but the signature, sorted by name (``uksort``
    with ``strcmp``: byte order of the names as parsed), each name RFC 3986-encoded, arrays
    expanded member by member (:func:`_signed_pairs`); the whole string encoded once more (the
    ``%3D`` / ``%26`` joins); the URL the store knows itself by (scheme, host, raw path)."""
    # An int key (array_merge renumbered a numeric name) is its decimal text to strcmp and rawurlencode.
    names = sorted((k for k in params if k != "oauth_signature"), key=lambda k: str(k).encode())
    normalized = "&".join(pair for k in names for pair in _signed_pairs(rfc5849_utils.escape(str(k)), params[k]))
    try:
        uri = oauth1.base_string_uri(request)
    except ValueError:  # a path oauthlib cannot parse signs nothing: the signature cannot match
        return ""
    return oauth1.hmac_signature(method, rfc5849.signature_base_string(request.method, uri, normalized),
                                 consumer_secret)


def _timestamp_and_nonce(store: "Store", key: "ApiKey", timestamp: Any, nonce: Any) -> errors.WooCommerceError | None:
    """``check_oauth_timestamp_and_nonce`` on the process clock (a client signs with its own wall
    clock, which moving a tenant's clock does not move).

    The timestamp is the text as sent, compared with ``time() - 900`` and ``time() + 900`` as PHP 8
    compares a string with an int (:func:`~simulators.core.php.compare_with_int`): as a number when
    it is numeric (`` 1772463600``, ``1772463600.9``, ``1.7724636e9``), else as text against the
    int's digits, so ``1772463600abc`` is inside the window and ``abc`` above it. An array is out
    of the window (PHP 8 compares an array greater than any number). The nonce is kept under the
    timestamp as PHP keys an array (:func:`~simulators.core.php.array_key`: ``1772463600`` an int,
    `` 1772463600`` text, two keys), one nonce a key; a nonce array is kept as sent, and
    ``in_array( $nonce, $used_nonces, true )`` finds it again."""
    now = int(process_now().timestamp())
    if (not isinstance(timestamp, str) or compare_with_int(timestamp, now - OAUTH_WINDOW) < 0
            or compare_with_int(timestamp, now + OAUTH_WINDOW) > 0):
        return errors.AuthenticationError("Invalid timestamp.")
    with store.keys_lock:
        if nonce in key.nonces.values():
            return errors.AuthenticationError("Invalid nonce - nonce has already been used.")
        key.nonces[array_key(timestamp)] = nonce
        # ``$nonce_timestamp < ( time() - $valid_window )``: an int key compares as a number, a text one as above.
        for seen in [t for t in key.nonces
                     if (t < now - OAUTH_WINDOW if isinstance(t, int) else compare_with_int(t, now - OAUTH_WINDOW) < 0)]:
            del key.nonces[seen]
    return None


def _check_permissions(key: "ApiKey", method: str) -> None:
    """``check_permissions``: what the key may do with this method.

    :raise AuthenticationError: 401 naming the permission the key lacks.
    """
    if method in ("GET", "HEAD"):
        if key.permissions not in _READ:
            raise errors.AuthenticationError("The API key provided does not have read permissions.")
    elif method in ("POST", "PUT", "PATCH", "DELETE"):
        if key.permissions not in _WRITE:
            raise errors.AuthenticationError("The API key provided does not have write permissions.")
    elif method != "OPTIONS":
        raise errors.AuthenticationError("Unknown request method.")
