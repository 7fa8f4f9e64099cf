"""Fixtures of the Magento simulator's tests. Every answer they receive is held to Adobe's admin
REST schema 2.4.9 by the simulators' contract checker (``contracts/checker/magento.py``), so no test
can forget to."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import quote

import pytest
import requests

from simulators.clients import ControlPlaneClient, MagentoClient
from simulators.clients.magento import MagentoError
from simulators.core.clock import process_now

def magento_header(creds: dict[str, str], method: str, signed_url: str, first: Sequence[tuple[str, str]] = (),
                   last: Sequence[tuple[str, str]] = (), *, prefix: str = "OAuth ", extra: str = "",
                   **protocol: str) -> dict[str, str]:
    """An ``Authorization`` header signed as Magento checks it (``Helper\\Request``, Laminas OAuth),
    the base string written out by hand rather than by the simulator's code: ``signed_url`` is the
    URL Laminas normalises to; ``first`` and ``last`` are the request's other parameters as Magento
    signs them, already encoded and in the order Magento sorts them, ``first`` before the
    ``oauth_*`` ones and ``last`` after; ``protocol`` overrides a protocol parameter as sent (and
    signed)."""
    params = {"oauth_consumer_key": creds["consumer_key"], "oauth_nonce": f"n{time.time_ns()}",
              "oauth_signature_method": "HMAC-SHA256", "oauth_timestamp": str(int(process_now().timestamp())),
              "oauth_token": creds["access_token"], "oauth_version": "1.0", **protocol}
    pairs = [*first, *((name, quote(value, safe="")) for name, value in sorted(params.items())), *last]
    base = "&".join([method, quote(signed_url, safe=""), quote("&".join(f"{k}={v}" for k, v in pairs), safe="")])
    key = f"{creds['consumer_secret']}&{creds['access_token_secret']}".encode()
    params["oauth_signature"] = base64.b64encode(hmac.new(key, base.encode(), hashlib.sha256).digest()).decode()
    return {"Authorization": prefix + ", ".join(f'{k}="{quote(v, safe="")}"' for k, v in params.items()) + extra}


def make_client(base_url: str, credentials: dict[str, str], **kwargs: Any) -> MagentoClient:
    return MagentoClient(base_url, credentials, **kwargs)


class MagentoSim:
    """The Magento part of the control plane, and the tenant clock, for one tenant."""

    def __init__(self, base_url: str, tenant: str) -> None:
        self.control = ControlPlaneClient(base_url)
        self.tenant = tenant

    def order(self, **body: Any) -> dict[str, Any]:
        return self.control.create_magento_order(self.tenant, body)

    def gateway_failure(self, count: int = 1) -> dict[str, Any]:
        return self.control.magento_gateway_failure(self.tenant, count)

    def stock(self) -> dict[str, Any]:
        return self.control._call("GET", f"/tenants/{self.tenant}/magento/stock")["returned"]


@pytest.fixture
def magento(simulators, tenant: dict[str, Any]) -> MagentoClient:
    """The store's REST API (in-process) as an integration signs it, every answer contract-checked."""
    return make_client(simulators.base_url, tenant["magento"])


@pytest.fixture
def sim(simulators, tenant: dict[str, Any]) -> MagentoSim:
    return MagentoSim(simulators.base_url, tenant["tenant"])


@pytest.fixture
def raw(simulators, tenant: dict[str, Any]) -> Iterator[requests.Session]:
    """Raw HTTP with the integration's OAuth 1.0a signature, for requests a client would never send."""
    client = make_client(simulators.base_url, tenant["magento"])
    client.session.headers.pop("Accept", None)
    yield client.session
    client.session.close()


@pytest.fixture
def live_magento(live, live_tenant: dict[str, Any]) -> MagentoClient:
    return make_client(live.base_url, live_tenant["magento"])


@pytest.fixture
def live_sim(live, live_tenant: dict[str, Any]) -> Iterator[MagentoSim]:
    yield MagentoSim(live.base_url, live_tenant["tenant"])
    ControlPlaneClient(live.base_url).delete_tenant(live_tenant["tenant"])


def refused(call: Any, *args: Any, **kwargs: Any) -> MagentoError:
    """The :class:`MagentoError` ``call`` raises (fails if it does not)."""
    with pytest.raises(MagentoError) as error:
        call(*args, **kwargs)
    return error.value


def validation(*messages: str) -> str:
    """The message of a refused credit memo: Magento's prefix and each rule's line."""
    return "Creditmemo Document Validation Error(s):\n" + "\n".join(messages)


#: A two-line order with tax on the mug: 2 × 12.50 + 10 % tax (2.50) + 8.00 + 5.00 shipping = 40.50.
ORDER: dict[str, Any] = {
    "items": [{"sku": "MUG-1", "name": "Enamel mug", "price": "12.50", "qty": 2, "tax_percent": "10"},
              {"sku": "TEA-1", "name": "Loose-leaf tea", "price": "8.00", "qty": 1}],
    "shipping_amount": "5.00", "currency": "USD", "payment_method": "checkmo",
}


@pytest.fixture
def order(sim: MagentoSim) -> dict[str, Any]:
    """:data:`ORDER`, invoiced and paid (state processing)."""
    return sim.order(**ORDER)


def items_of(order: dict[str, Any]) -> dict[str, int]:
    """SKU → order item id."""
    return {item["sku"]: item["item_id"] for item in order["items"]}
