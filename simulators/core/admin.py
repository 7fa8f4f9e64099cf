"""The admin token: who may use the control plane (``/_sim/``) and the reference connector's HTTP
API (``/connector/``) of a server bound beyond loopback.

Both hand out and change every tenant's world: ``GET /_sim/tenants/<tenant>`` answers its NetSuite,
Shopify and eBay credentials, others reset or delete tenants, arm faults, move clocks and drive the
reference connector. On loopback only this machine reaches them, as before; bound to any other
address (``0.0.0.0``, ``::``, a LAN address, a host name) anyone who reaches the port would, so
the server then requires a token.

- **When it applies** (:func:`token_required`): loopback is ``127.0.0.0/8``, ``::1`` (and
  ``::ffff:127.x.y.z``) and the name ``localhost``; every other address, including ``0.0.0.0``
  and ``::``, requires the token. ``python -m simulators serve`` decides (:func:`admin_token_for`)
  and configures the app with it (``create_app(test_config={"ADMIN_TOKEN": token})``); an app
  whose ``ADMIN_TOKEN`` is ``None`` (the default: in-process and the harness's own loopback server)
  requires nothing. A token given on loopback is enforced too: whoever gives one asks for it, and
  loopback is shared by every user and container of the machine.
- **How it is sent**: ``Authorization: Bearer <token>`` (RFC 6750), or ``X-Refundsim-Admin-Token:
  <token>`` for a caller whose ``Authorization`` header carries something else (a proxy's own
  credentials in front of the server); when that header is present it is the one checked.
- **Where it is checked**: one ``before_request`` (:func:`guard`) for every path under ``/_sim``
  and ``/connector``, so a route added later is covered without a decorator. ``GET /_sim/health``
  stays open: liveness probes (Docker, Kubernetes) rarely carry secrets, and it answers nothing
  but ``{"status": "ok"}``. The vendor APIs keep their own authentication and never need the token.
- **What a refusal is**: 401 in the shape of the path's API — the control plane's
  ``{"error": {"code": "unauthorized", "message"}}``, the connector API's own — with
  ``WWW-Authenticate: Bearer realm="refundsim"`` (plus ``error="invalid_token"`` for a wrong token).
  The refused request runs no view, so it changes nothing. Tokens are compared in constant time,
  and never echoed, logged or journaled (these paths bind no tenant, so no journal records them).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import re
import secrets
from collections.abc import Callable

from flask import Response, current_app, request

from .errors import SimulatorError

#: The environment variable both ``python -m simulators serve`` and the harness read the token from.
ENV = "REFUNDSIM_ADMIN_TOKEN"
#: The header that carries the token when ``Authorization`` is taken by something else.
HEADER = "X-Refundsim-Admin-Token"
REALM = "refundsim"
#: What a Bearer token may hold (RFC 6750 §2.1 ``b64token``): a token outside it cannot be sent.
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
#: The fewest characters of a token given to a server bound beyond loopback (a made one has 43).
MIN_LENGTH = 16
#: The first segment of the paths the token guards, and what they are.
_GUARDED = {"_sim": "The control plane", "connector": "The connector API"}
#: Endpoints open to all: the liveness probe.
_OPEN = frozenset({"control.health"})


def token_required(host: str) -> bool:
    """Whether a server bound to ``host`` must require the admin token: True for every address but
    loopback (``127.0.0.0/8``, ``::1``, ``::ffff:127.x.y.z``, ``localhost``), so an address this
    function does not recognise errs on the safe side."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost":
        return False
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return True  # another host name: it may resolve to anything
    mapped = getattr(address, "ipv4_mapped", None)
    return not (address.is_loopback or (mapped is not None and mapped.is_loopback))


def new_token() -> str:
    """A fresh admin token: 32 random bytes, URL-safe base64 (valid as a Bearer token)."""
    return secrets.token_urlsafe(32)


def check_token(token: object) -> str:
    """``token`` if it can be sent as a Bearer token.

    :raise ValueError: not a string, an empty one, or one with characters a Bearer token cannot hold.
    """
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise ValueError("the admin token must be letters, digits and - . _ ~ + / (then = only), and not empty")
    return token


def admin_token_for(host: str, given: str | None) -> tuple[str | None, bool]:
    """The token a server bound to ``host`` requires, and whether it was generated here: ``given``
    (checked) wherever the server is bound; else a new one beyond loopback; else none.

    :raise ValueError: ``given`` is not a valid token (:func:`check_token`), or beyond loopback
        one shorter than :data:`MIN_LENGTH`.
    """
    if given is not None:
        check_token(given)
        if token_required(host) and len(given) < MIN_LENGTH:
            # Beyond loopback it is all that guards every tenant's credentials, and nothing slows
            # guessing down; on loopback whoever gives one asks for it, whatever it is.
            raise ValueError(f"an admin token of {len(given)} characters can be guessed: beyond loopback it must "
                             f"have {MIN_LENGTH} characters or more (make one: python3 -c 'import secrets; "
                             "print(secrets.token_urlsafe(32))'), or give none and one is made and printed")
        return given, False
    if token_required(host):
        return new_token(), True
    return None, False


def presented_token() -> str | None:
    """The token the current request presents: ``X-Refundsim-Admin-Token`` when present, else the
    credentials of ``Authorization: Bearer``; None when it presents neither."""
    header = request.headers.get(HEADER)
    if header is not None:
        return header.strip()
    scheme, _, credentials = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    return None


def _same(presented: str, token: str) -> bool:
    # Digests first: compare_digest takes time by the inputs' length when they differ in length.
    return hmac.compare_digest(hashlib.sha256(presented.encode()).digest(), hashlib.sha256(token.encode()).digest())


def guard(shape: Callable[[int, str], SimulatorError]) -> Callable[[], Response | None]:
    """The app's ``before_request`` that enforces ``ADMIN_TOKEN`` on ``/_sim`` and ``/connector``
    paths; ``shape(status, message)`` builds the error in the shape of the request's path."""

    def require_admin_token() -> Response | None:
        token: str | None = current_app.config.get("ADMIN_TOKEN")
        if token is None:
            return None
        guarded = _GUARDED.get(request.path.split("/", 2)[1])
        if guarded is None or (request.url_rule is not None and request.url_rule.endpoint in _OPEN):
            return None
        presented = presented_token()
        if presented is None:
            message = (f"{guarded} of this server requires its admin token: send 'Authorization: Bearer "
                       f"<token>' (or '{HEADER}: <token>'). The server (refundsim serve, or python -m "
                       f"simulators serve) printed it when it started, unless --admin-token or {ENV} gave it.")
            challenge = f'Bearer realm="{REALM}"'
        elif _same(presented, token):
            return None
        else:
            message = "The admin token is not this server's."
            challenge = f'Bearer realm="{REALM}", error="invalid_token"'
        response = shape(401, message).to_response()
        response.headers["WWW-Authenticate"] = challenge
        return response

    return require_admin_token
