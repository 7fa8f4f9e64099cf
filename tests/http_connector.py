"""A second connector implementation that proves the seam is not shaped around one class: it
drives the reference connector only over its HTTP API (simulators/connector/routes.py).

    pytest features/ --connector tests.http_connector:create_connector

That API is the server's, not a vendor's: a server bound beyond loopback requires its admin token
there (simulators/core/admin.py), which this connector sends when ``REFUNDSIM_ADMIN_TOKEN`` holds
one (the harness sets it from ``--admin-token``). The connector context carries no such token: a
connector under test only ever calls the vendor APIs, with the tenant's credentials.
"""

from __future__ import annotations

import os
from typing import Any

from simulators.clients.base import new_session
from simulators.connector.protocol import ConnectorContext, OrderSyncResult, OtherTransaction, RetrieveResult
from simulators.core.admin import ENV as ADMIN_TOKEN_ENV


class HttpConnector:
    """:class:`~simulators.connector.protocol.RefundSyncConnector` over HTTP."""

    def __init__(self, context: ConnectorContext) -> None:
        self.root = f"{context.base_url}/connector/v1/accounts/{context.tenant}"
        self.session = new_session(os.environ.get(ADMIN_TOKEN_ENV) or None)
        response = self.session.put(f"{self.root}/", json={"settings": context.settings}, timeout=30)
        if response.status_code == 400:
            error = response.json()["error"]
            raise ValueError(f"{error.get('field')}: {error['message']}")
        response.raise_for_status()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.session.request(method, f"{self.root}{path}", timeout=60, **kwargs)
        if response.status_code == 404 and "transactions/" in path:
            raise KeyError(response.json()["error"]["message"])
        response.raise_for_status()
        return response.json() if response.content else None

    def sync_order(self, order_id: str) -> OrderSyncResult:
        return OrderSyncResult(**self._call("POST", f"/orders/{order_id}/sync"))

    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        body = self._call("POST", "/retrieve", json={"source_channel": source_channel, "order_id": order_id})
        return RetrieveResult(body["success"], body["message"], tuple(OtherTransaction(**t) for t in body["transactions"]))

    def post(self, transaction_id: str) -> OtherTransaction:
        return OtherTransaction(**self._call("POST", f"/transactions/{transaction_id}/post"))

    def cancel(self, transaction_id: str) -> OtherTransaction:
        return OtherTransaction(**self._call("POST", f"/transactions/{transaction_id}/cancel"))

    def uncancel(self, transaction_id: str) -> OtherTransaction:
        return OtherTransaction(**self._call("POST", f"/transactions/{transaction_id}/uncancel"))

    def delete(self, transaction_id: str) -> None:
        self._call("DELETE", f"/transactions/{transaction_id}")

    def transactions(self) -> list[OtherTransaction]:
        return [OtherTransaction(**t) for t in self._call("GET", "/transactions")["transactions"]]

    def update_settings(self, settings: dict[str, Any]) -> None:
        response = self.session.put(f"{self.root}/", json={"settings": settings}, timeout=30)
        if response.status_code == 400:
            error = response.json()["error"]
            raise ValueError(f"{error.get('field')}: {error['message']}")
        response.raise_for_status()

    def run_scheduled_sync(self) -> None:
        self._call("POST", "/scheduled-sync")

    def close(self) -> None:
        self.session.close()


def create_connector(context: ConnectorContext) -> HttpConnector:
    return HttpConnector(context)
