"""Magento web API authentication for an integration (RULES.md §7; FIDELITY.md):

- **OAuth 1.0a**, the default: ``Authorization: OAuth oauth_consumer_key=..., oauth_token=...,
  oauth_signature_method="HMAC-SHA256", oauth_nonce, oauth_timestamp, oauth_signature`` signed with
  ``consumer_secret&access_token_secret`` (the signature check is :mod:`simulators.core.oauth1`,
  shared with NetSuite). Refused as ``Magento\\Framework\\Oauth`` refuses: a missing parameter,
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

import zlib

from typing import TYPE_CHECKING

from flask import Request

from simulators.core import oauth1
from simulators.core.clock import process_now

from . import errors

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant, TenantRegistry

#: ``Nonce\\Generator::TIME_DEVIATION``: how far ahead of the server a timestamp may be.
TIME_DEVIATION = 600
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
    header = request.headers.get("Authorization", "")
    if "oauth " in header.lower():
        return _oauth(request, registry, nonces)
    # TokenUserContext: explode(" ") must give exactly two pieces, the first "bearer" in any case
    # (so a second space between them is no token at all).
    pieces = header.split(" ")
    if len(pieces) == 2 and pieces[0].lower() == "bearer" and pieces[1]:
        tenant = registry.resolve("magento_token", pieces[1])
        if tenant is not None and integration_as_bearer(tenant):
            return tenant
    raise errors.NotAuthorized(resource)


def _oauth(request: Request, registry: "TenantRegistry", nonces: NonceCache) -> "Tenant":
    params = oauth1.header_parameters(request)
    if params is None:
        # Magento reads what it can of a header it cannot parse; nothing usable means nothing given.
        params = {}
    if "oauth_version" in params and params["oauth_version"] != "1.0":
        raise errors.OAuthInput('The "%1" Oauth version isn\'t supported.', [params["oauth_version"]])
    missing = [name for name in _REQUIRED if name not in params]
    if missing:
        raise errors.InputErrors([('"%fieldName" is required. Enter and try again.', {"fieldName": name})
                                  for name in missing])
    if len(params["oauth_token"]) != KEY_LENGTH:
        raise errors.OAuthInput("The token length is invalid. Check the length and try again.")
    if params["oauth_signature_method"] != oauth1.HMAC_SHA256:
        raise errors.OAuthInput("Signature method %1 is not supported", [params["oauth_signature_method"]])
    consumer_key = params["oauth_consumer_key"]
    if len(consumer_key) != KEY_LENGTH:
        raise errors.OAuthRejected("Consumer key is not the correct length")
    tenant = registry.resolve("magento_consumer", consumer_key)
    if tenant is None:
        raise errors.OAuthRejected("A consumer having the specified key does not exist")
    consumer_id = consumer_number(tenant)
    try:
        timestamp = int(params["oauth_timestamp"]) if len(params["oauth_timestamp"]) <= 19 else 0
    except ValueError:
        timestamp = 0
    # The window is the process clock, not the tenant's shifted clock: a connector signs with its
    # own wall clock, which time travel in a scenario does not move. Only the future is bounded.
    now = process_now().timestamp()
    if timestamp <= 0 or timestamp > now + TIME_DEVIATION:
        # Nonce\Generator throws an input exception here, and its own catch-all turns it into this.
        raise errors.OAuthRejected("An error occurred validating the nonce")
    if not nonces.first_use((tenant.id, consumer_key, params["oauth_nonce"]), now):
        raise errors.OAuthRejected("The nonce is already being used by the consumer with ID %1", [consumer_id])
    token_tenant = registry.resolve("magento_token", params["oauth_token"])
    if token_tenant is None:
        raise errors.OAuthRejected("Specified token does not exist")
    if token_tenant is not tenant:
        raise errors.OAuthRejected("Token is not associated with the specified consumer")
    creds = tenant.magento
    if not oauth1.signature_matches(request, params["oauth_signature"], creds.consumer_secret, creds.access_token_secret):
        raise errors.OAuthRejected("The signature is invalid. Verify and try again.")
    return tenant
