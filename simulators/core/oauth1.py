"""OAuth 1.0a (RFC 5849) signatures as the simulated services verify them: NetSuite's Token-Based
Authentication (consumer and token) and WooCommerce's one-legged OAuth over plain HTTP (consumer
only). Each service collects and normalises the signed parameters its own way; the URL it signs and
the HMAC it computes are the same, and live here.
"""

from __future__ import annotations

from types import SimpleNamespace

from flask import Request
from oauthlib.oauth1.rfc5849 import signature as rfc5849

#: Signature methods by name → oauthlib's signer of a base string.
HMAC_SIGNERS = {
    "HMAC-SHA1": rfc5849.sign_hmac_sha1_with_client,
    "HMAC-SHA256": rfc5849.sign_hmac_sha256_with_client,
}


def raw_path(request: Request) -> str:
    """The request path as the client sent it (still percent-encoded), not Flask's re-encoding of
    the decoded path: ``eid:SHOP-%231001`` must be signed and verified byte for byte."""
    return request.environ.get("REQUEST_URI", "").split("?", 1)[0] or request.path


def base_string_uri(request: Request, scheme: str | None = None) -> str:
    """The base string URI of ``request`` (RFC 5849 §3.4.1.2): scheme, host, port and raw path,
    no query. ``scheme`` overrides the request's (a server that signs with its configured URL)."""
    return rfc5849.base_string_uri(f"{scheme or request.scheme}://{request.host}{raw_path(request)}")


def hmac_signature(method: str, base_string: str, client_secret: str, token_secret: str = "") -> str:
    """The base64 HMAC signature of ``base_string`` keyed with ``client_secret&token_secret``.

    :raise KeyError: ``method`` is not one of :data:`HMAC_SIGNERS`.
    """
    secrets = SimpleNamespace(client_secret=client_secret, resource_owner_secret=token_secret)
    return HMAC_SIGNERS[method](base_string, secrets)
