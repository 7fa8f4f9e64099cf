"""Fixtures of the WooCommerce simulator's tests.

Every answer a test receives — the REST API or the WooCommerce control plane — is held to the vendored
contracts by the simulators' contract checker (``contracts/checker/woocommerce.py``), so no test can
forget to. In-process the simulators' base URL is plain HTTP, so the store is called with OAuth
1.0a, as WooCommerce requires over HTTP; HTTPS (Basic auth, keys in the query) is tested on a TLS
server on loopback (``tls``) and with Flask's test client.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
import trustme
from werkzeug.serving import BaseWSGIServer, make_server

from simulators.app import create_app
from simulators.clients import ControlPlaneClient, WooCommerceClient


API = "/wp-json/wc/v3"
ORDER: dict[str, Any] = {
    "line_items": [{"name": "Enamel mug", "sku": "MUG-1", "price": "12.50", "quantity": 2, "tax": "2.06", "stock": 10},
                   {"name": "Loose-leaf tea", "sku": "TEA-1", "price": "8.00", "quantity": 1, "tax": "0.66"}],
    "shipping_lines": [{"method_id": "flat_rate", "method_title": "Flat rate", "total": "5.00", "tax": "0.41"}],
    "payment_method": "stripe",
}
#: 2 × 12.50 + 8.00 + 5.00 shipping + 2.06 + 0.66 + 0.41 tax.
ORDER_TOTAL = "41.13"


def money(value: Any) -> Decimal:
    return Decimal(str(value))


def make_client(base_url: str, credentials: dict[str, str], **kwargs: Any) -> WooCommerceClient:
    return WooCommerceClient(base_url, credentials, **kwargs)


class WooSim:
    """The WooCommerce part of the control plane for one tenant."""

    def __init__(self, base_url: str, tenant: str) -> None:
        self.root = f"{base_url.rstrip('/')}/_sim/tenants/{tenant}/woocommerce"
        self.control = ControlPlaneClient(base_url)
        self.tenant = tenant

    def order(self, **changes: Any) -> dict[str, Any]:
        """:data:`ORDER` with ``changes``."""
        return self.place({**ORDER, **changes})

    def place(self, body: dict[str, Any]) -> dict[str, Any]:
        return self.control.create_woocommerce_order(self.tenant, body)

    def key(self, permissions: str) -> dict[str, Any]:
        return self.control.create_woocommerce_key(self.tenant, permissions)

    def gateway_failure(self, **body: Any) -> dict[str, Any]:
        response = self.control.session.post(f"{self.root}/gateway_failures", json=body, timeout=10)
        assert response.status_code == 201, response.text
        return response.json()

    def stock(self, sku: str) -> int | None:
        response = self.control.session.get(f"{self.root}/products", timeout=10)
        return next(p["stock_quantity"] for p in response.json()["products"] if p["sku"] == sku)

    def snapshot(self) -> dict[str, Any]:
        return self.control.snapshot(self.tenant)


@pytest.fixture
def woo(simulators, tenant: dict[str, Any]) -> Iterator[WooCommerceClient]:
    """The store's REST API in-process, OAuth 1.0a signed (the base URL is plain HTTP)."""
    client = make_client(simulators.base_url, tenant["woocommerce"])
    yield client
    client.session.close()


@pytest.fixture
def sim(simulators, tenant: dict[str, Any]) -> WooSim:
    return WooSim(simulators.base_url, tenant["tenant"])


@pytest.fixture
def order(sim: WooSim) -> dict[str, Any]:
    """A paid order on Stripe (a gateway that refunds): 41.13, stock of MUG-1 reduced to 8."""
    return sim.order()


@pytest.fixture
def https(simulator_app) -> Any:
    """Flask's test client of the same app, on an ``https://`` base URL (``is_ssl()`` is true)."""
    return simulator_app.test_client()


def basic(credentials: dict[str, str], secret: str | None = None) -> tuple[str, str]:
    return credentials["consumer_key"], secret or credentials["consumer_secret"]


# ------------------------------------------------------------------------- a TLS server
class TlsServer:
    """The simulators' app on ``https://127.0.0.1:<port>`` (werkzeug's threaded server with a
    certificate from a throwaway CA); ``ca_path`` is the CA a client must trust."""

    def __init__(self) -> None:
        self.ca = trustme.CA()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ca.issue_cert("127.0.0.1").configure_cert(context)
        self._ca_file = self.ca.cert_pem.tempfile()
        self.ca_path = self._ca_file.__enter__()
        self.server: BaseWSGIServer = make_server("127.0.0.1", 0, create_app(), threaded=True, ssl_context=context)
        self.base_url = f"https://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, name="simulators-tls", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self._thread.join(timeout=5)
        self._ca_file.__exit__(None, None, None)


@pytest.fixture(scope="session")
def tls() -> Iterator[TlsServer]:
    server = TlsServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def tls_tenant(tls: TlsServer) -> dict[str, Any]:
    control = ControlPlaneClient(tls.base_url)
    control.session.verify = tls.ca_path
    return control.create_tenant(seed=7)
