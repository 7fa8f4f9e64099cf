"""The simulators' ``/_sim/`` control plane."""

from __future__ import annotations

from typing import Any

from .base import DEFAULT_TIMEOUT, _checked, new_session


class ControlPlaneClient:
    """The simulators' ``/_sim/`` control plane. ``admin_token``: the token of a server bound beyond
    loopback (``python -m simulators serve --host 0.0.0.0`` prints it); None for one that needs none."""

    def __init__(self, base_url: str, admin_token: str | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.root = f"{base_url.rstrip('/')}/_sim"
        self.timeout = timeout
        self.session = new_session(admin_token)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.session.request(method, f"{self.root}{path}", timeout=self.timeout, **kwargs)
        _checked("Control plane", response)
        return response.json() if response.content else None

    def create_tenant(self, seed: int | None = None, settings: dict[str, Any] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {}
        if seed is not None:
            body["seed"] = seed
        if settings:
            body["settings"] = settings
        return self._call("POST", "/tenants", json=body)

    def tenant(self, tenant: str) -> dict[str, Any]:
        """A tenant and its credentials, as ``POST /_sim/tenants`` answered them."""
        return self._call("GET", f"/tenants/{tenant}")

    def delete_tenant(self, tenant: str) -> None:
        self._call("DELETE", f"/tenants/{tenant}")

    def journal(self, tenant: str, since: int = 0) -> list[dict[str, Any]]:
        return self._call("GET", f"/tenants/{tenant}/journal", params={"since": since})["entries"]

    def evidence(self, tenant: str, since: int = 0, records: bool = False) -> dict[str, Any]:
        """In one read: the journal's exchanges after ``since``, the clock (``{"now",
        "offset_seconds"}``) and, when ``records``, the snapshot: ``{"entries", "clock", "records"?}``."""
        return self._call("GET", f"/tenants/{tenant}/evidence", params={"since": since, **({"records": "true"} if records else {})})

    def advance_clock(self, tenant: str, seconds: float) -> str:
        return self._call("POST", f"/tenants/{tenant}/clock", json={"advance_seconds": seconds})["now"]

    def clock(self, tenant: str) -> str:
        """The tenant's simulator clock, ISO-8601."""
        return self._call("GET", f"/tenants/{tenant}/clock")["now"]

    def create_ebay_order(self, tenant: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """A buyer's eBay order (missing fields generated); answered as getOrder returns it."""
        return self._call("POST", f"/tenants/{tenant}/ebay/orders", json=body or {})

    def create_ebay_return(self, tenant: str, order_id: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """A buyer's return request on an eBay order; answers ``{"returnId", ...}``."""
        return self._call("POST", f"/tenants/{tenant}/ebay/orders/{order_id}/returns", json=body or {})

    def request_ebay_cancellation(self, tenant: str, order_id: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """The buyer asks to cancel an eBay order (not shipped, within the hour); answers ``{"cancelId", ...}``."""
        return self._call("POST", f"/tenants/{tenant}/ebay/orders/{order_id}/cancellations", json=body or {})

    def close_ebay_return(self, tenant: str, return_id: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """The buyer closes a return the seller has not refunded (CLOSED, no refund); answers its summary."""
        return self._call("POST", f"/tenants/{tenant}/ebay/returns/{return_id}/close", json=body or {})

    def create_woocommerce_order(self, tenant: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """A shopper's WooCommerce order (missing fields generated); answered as GET /orders/{id} returns it."""
        return self._call("POST", f"/tenants/{tenant}/woocommerce/orders", json=body or {})

    def create_woocommerce_key(self, tenant: str, permissions: str = "read_write") -> dict[str, Any]:
        """Another REST API key of the tenant's store: ``{"consumer_key", "consumer_secret", "key_permissions"}``."""
        return self._call("POST", f"/tenants/{tenant}/woocommerce/keys", json={"permissions": permissions})

    def woocommerce_payment_received(self, tenant: str, order_id: str, transaction_id: str | None = None) -> dict[str, Any]:
        """The payment of a WooCommerce order on hold arrives and the merchant marks it paid, typing
        ``transaction_id`` (a bank transfer's or cheque's reference, e.g. "CHK-1042") into the order's
        Transaction ID when given; answers the order."""
        return self._call("POST", f"/tenants/{tenant}/woocommerce/orders/{order_id}/payment",
                          **({"json": {"transaction_id": transaction_id}} if transaction_id is not None else {}))

    def woocommerce_payment_gateway(self, tenant: str, gateway_id: str, *, enabled: bool | None = None,
                                    active: bool | None = None) -> dict[str, Any]:
        """The WooCommerce merchant switches ``gateway_id`` on or off in Settings > Payments
        (``enabled``: off, it still refunds its orders) and/or activates or deactivates its plugin
        (``active``: deactivated, the store no longer has the gateway and refunds through it fail);
        None leaves a switch alone, one at least is needed. Answers ``{"id", "title", "enabled",
        "active", "plugin", "supports_refunds"}``."""
        body = {name: value for name, value in (("enabled", enabled), ("active", active)) if value is not None}
        return self._call("PUT", f"/tenants/{tenant}/woocommerce/payment_gateways/{gateway_id}", json=body)

    def woocommerce_order_numbers(self, tenant: str, prefix: str, following: int) -> dict[str, Any]:
        """The WooCommerce merchant installs a sequential order numbers plugin: the orders placed from
        now on are numbered ``prefix`` + ``following``, ``following`` + 1, ...; their ids go on as before."""
        return self._call("PUT", f"/tenants/{tenant}/woocommerce/order_numbers", json={"prefix": prefix, "next": following})

    def woocommerce_gateway_failure(self, tenant: str, message: str | None = None, count: int = 1) -> dict[str, Any]:
        """The WooCommerce store's payment gateway refuses its next ``count`` refunds with ``message``."""
        body: dict[str, Any] = {"count": count, **({"message": message} if message else {})}
        return self._call("POST", f"/tenants/{tenant}/woocommerce/gateway_failures", json=body)

    def magento_gateway_failure(self, tenant: str, count: int = 1) -> dict[str, Any]:
        """The Magento store's payment gateway refuses its next ``count`` online refunds."""
        return self._call("POST", f"/tenants/{tenant}/magento/gateway_failures", json={"count": count})

    def magento_input_limits(self, tenant: str, on: bool) -> dict[str, Any]:
        """Turn the Magento store's web API input limits on or off: on, a search without
        ``pageSize`` answers its first 20 results only, and one above 300 is refused."""
        return self._call("PUT", f"/tenants/{tenant}/magento/input_limits", json={"on": on})

    def magento_sales_display(self, tenant: str, shipping: str) -> dict[str, Any]:
        """Set the Magento store's Display Shipping Amount (``excluding_tax``, ``including_tax`` or
        ``both``): ``including_tax`` reads a credit memo's ``shipping_amount`` with its tax."""
        return self._call("PUT", f"/tenants/{tenant}/magento/sales_display", json={"shipping": shipping})

    def create_magento_order(self, tenant: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        """A Magento order as checkout leaves it, invoiced and paid unless ``invoice`` says otherwise
        (simulators/magento/control.py); answered as ``GET /V1/orders/{id}`` returns it."""
        return self._call("POST", f"/tenants/{tenant}/magento/orders", json=body or {})

    def fail_ebay_refunds(self, tenant: str, count: int = 1, order_id: str | None = None) -> list[dict[str, Any]]:
        """eBay's next ``count`` refunds (of ``order_id``, or of any order) end FAILED: no money moves."""
        body: dict[str, Any] = {"outcome": "FAILED", "count": count, **({"orderId": order_id} if order_id else {})}
        return self._call("POST", f"/tenants/{tenant}/ebay/refund_outcome", json=body)["armed"]

    def settle_ebay_order(self, tenant: str, order_id: str) -> list[str]:
        """eBay finishes processing the order's pending refunds now; the ids of those it settled."""
        return self._call("POST", f"/tenants/{tenant}/ebay/orders/{order_id}/settle")["settled"]

    def ebay_settle_delay(self, tenant: str, seconds: int) -> int:
        """Refunds eBay accepts from now on settle ``seconds`` after they were issued."""
        return self._call("POST", f"/tenants/{tenant}/ebay/settle_delay", json={"seconds": seconds})["seconds"]

    def clock_offset(self, tenant: str) -> float:
        """How far the tenant's clock has been moved, in seconds."""
        return self._call("GET", f"/tenants/{tenant}/clock")["offset_seconds"]

    def arm_fault(self, tenant: str, fault: dict[str, Any]) -> dict[str, Any]:
        """Arm a fault for the tenant (see simulators/core/faults.py); answers the fault with its id."""
        return self._call("POST", f"/tenants/{tenant}/faults", json=fault)

    def faults(self, tenant: str) -> list[dict[str, Any]]:
        """The tenant's armed faults, each with ``remaining`` and ``fired`` counts."""
        return self._call("GET", f"/tenants/{tenant}/faults")["faults"]

    def snapshot(self, tenant: str) -> dict[str, Any]:
        """The tenant's records at a glance: NetSuite transactions, storefront orders and refunds."""
        return self._call("GET", f"/tenants/{tenant}/snapshot")

    def shopify_currency(self, tenant: str, currency: str | None = None,
                         rates: dict[str, str] | None = None) -> dict[str, Any]:
        """The shop currency and its presentment currencies' rates (shop currency per unit); given
        ``currency`` and/or ``rates``, sets them first (simulators/shopify/control.py)."""
        if currency is None and rates is None:
            return self._call("GET", f"/tenants/{tenant}/shopify/currency")
        body = {k: v for k, v in (("currency", currency), ("rates", rates)) if v is not None}
        return self._call("PUT", f"/tenants/{tenant}/shopify/currency", json=body)

    def hold_shopify_refunds(self, tenant: str, count: int = 1, hours: int = 1) -> dict[str, Any]:
        """The shop's gateway holds the next ``count`` refunds that move money pending for ``hours``
        on the tenant's clock, then settles them (0 disarms; simulators/shopify/control.py)."""
        return self._call("POST", f"/tenants/{tenant}/shopify/refund-pending", json={"count": count, "hours": hours})

    def decline_shopify_refunds(self, tenant: str, count: int = 1, error_code: str | None = None,
                                parent_id: int | None = None, status: str = "failure") -> dict[str, Any]:
        """The shop's gateway declines the next ``count`` refunds that move money, with ``error_code``
        (0 disarms; by default ``card_declined``, or ``processing_error`` with ``status`` ``error``: the
        gateway could not process them) — with ``parent_id``, only their transactions on that payment
        (simulators/shopify/control.py)."""
        return self._call("POST", f"/tenants/{tenant}/shopify/refund-declines",
                          json={"count": count, "status": status, **({"error_code": error_code} if error_code is not None else {}),
                                **({"parent_id": parent_id} if parent_id is not None else {})})
