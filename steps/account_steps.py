"""Steps that set up the connector account and sync orders: the prerequisites of refund sync."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then, when

from harness.actors import NetSuiteUser, StorefrontOrder
from harness.certification import active_profile
from simulators.connector.protocol import OrderStatus, OrderSyncResult, RefundSyncConnector
from steps import parameters

DIRECTIONS = {
    "from NetSuite to the storefront": "from_netsuite",
    "from the storefront to NetSuite": "to_netsuite",
    "in both directions": "both",
    "off": "off",
}
STOREFRONTS = {"Shopify": "shopify", "eBay": "ebay"}


def _storefront(name: str) -> str:
    return STOREFRONTS[parameters.one_of("storefront", name, STOREFRONTS)]


@given(parsers.re(r"an? (?P<storefront>\w+) connector account that syncs refunds (?P<direction>.+)"), target_fixture="connector_settings")
def connector_account(request, storefront: str, direction: str) -> dict[str, Any]:
    """The scenario's connector account. storefront: Shopify | eBay; direction: from NetSuite to the
    storefront | from the storefront to NetSuite | in both directions | off. A certification
    profile's settings apply on top."""
    parameters.one_of("direction", direction, DIRECTIONS)
    profile = active_profile(request.config)
    settings: dict[str, Any] = {**(profile.settings if profile else {}),
                                "storefront": _storefront(storefront), "refund_direction": DIRECTIONS[direction]}
    if settings["refund_direction"] == "both":
        settings["allow_both_directions"] = True  # only to reproduce the conflict the docs warn about
    return settings


@given("refund adjustment items are set on the account", target_fixture="connector_settings")
def adjustment_items(netsuite_user: NetSuiteUser, connector_settings: dict[str, Any]) -> dict[str, Any]:
    """Creates two "Other Charge for Sale" items in NetSuite and sets them as the positive and
    negative refund adjustment items."""
    positive, negative = netsuite_user.add_adjustment_items()
    return {**connector_settings, "positive_adjustment_item": positive, "negative_adjustment_item": negative}


@given(parsers.parse('the account setting "{name}" is {value}'), target_fixture="connector_settings")
def account_setting(connector_settings: dict[str, Any], name: str, value: str) -> dict[str, Any]:
    """Sets one account setting (see simulators/connector/schemas.py); value: on | off | "text"."""
    parsed: Any = {"on": True, "off": False}.get(value, value.strip('"'))
    return {**connector_settings, name: parsed}


@given(parsers.parse("the scheduled refund sync is on"), target_fixture="connector_settings")
def scheduled_sync_on(connector_settings: dict[str, Any]) -> dict[str, Any]:
    """Turns the every-90-minutes refund sync on (time moves with "When N minutes pass")."""
    return {**connector_settings, "scheduled_sync": True}


@given(parsers.re(r"an? (?P<payment>\w+) (?P<storefront>\w+) order (?:in (?P<currency>[A-Z]{3}) )?has been synced to NetSuite"),
       target_fixture="storefront_order")
def order_synced(storefront_user, netsuite_user: NetSuiteUser, connector: RefundSyncConnector, payment: str,
                 storefront: str, currency: str | None) -> StorefrontOrder:
    """A new storefront order, its SKUs in NetSuite's catalogue, synced by the connector.
    payment: paid | unpaid (unpaid = payment terms, billed as an invoice); currency: USD (default),
    GBP, CAD, EUR, AUD."""
    order = _new_order(storefront_user, netsuite_user, payment, storefront, currency=currency or "USD")
    result = connector.sync_order(order.id)
    assert result.status == OrderStatus.POSTED, (
        f"expected order {order.id} to sync to NetSuite ({OrderStatus.POSTED!r}), found {result.status!r}: {result.error_message}")
    return order


@given(parsers.re(r"an? (?P<payment>\w+) (?P<storefront>\w+) order that was never synced to NetSuite"), target_fixture="storefront_order")
def order_never_synced(storefront_user, netsuite_user: NetSuiteUser, payment: str, storefront: str) -> StorefrontOrder:
    """A storefront order the connector has not synced (its SKUs are in NetSuite). payment: paid | unpaid."""
    return _new_order(storefront_user, netsuite_user, payment, storefront)


def _new_order(storefront_user, netsuite_user: NetSuiteUser, payment: str, storefront: str, *,
               catalogue: bool = True, currency: str = "USD") -> StorefrontOrder:
    parameters.one_of("payment", payment, ("paid", "unpaid"))
    if _storefront(storefront) != storefront_user.storefront:
        raise ValueError(f"the scenario's connector account links {storefront_user.storefront}, not {storefront}; "
                         f"start with 'Given a {storefront} connector account that syncs refunds ...'")
    order = storefront_user.new_order(paid=payment == "paid", currency=currency)
    if catalogue:
        netsuite_user.add_items(order.lines)  # the catalogue is in NetSuite before orders sync
    return order


@when("the connector syncs the order to NetSuite", target_fixture="order_sync_result")
def sync_order(connector: RefundSyncConnector, storefront_order: StorefrontOrder) -> OrderSyncResult:
    """The connector syncs the scenario's order to NetSuite."""
    return connector.sync_order(storefront_order.id)


@then(parsers.parse('the order\'s status in the connector is "{status}"'))
def order_status(order_sync_result: OrderSyncResult, status: str) -> None:
    """status: Order Posted, Pending Fulfillment | Error Posting to NetSuite."""
    status = parameters.order_status(status)
    assert order_sync_result.status == status, (
        f"expected the order to be {status!r}, found {order_sync_result.status!r} {order_sync_result.error_message}")


@then("NetSuite has a sales order for it whose external ID is the storefront order ID")
def sales_order_has_external_id(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> None:
    """The synced sales order carries the storefront order ID as its external ID, and its total is the lines plus
    shipping."""
    sales_order = netsuite_user.sales_order(storefront_order)
    assert sales_order.body.get("externalId") == storefront_order.id, (
        f"expected externalId {storefront_order.id!r}, found {sales_order.body.get('externalId')!r}")
    expected = sum((l["price"] * l["quantity"] for l in storefront_order.lines), start=storefront_order.shipping)
    assert sales_order.total == expected, f"expected the sales order total {expected}, found {sales_order.total}"


@given(parsers.re(r"an? (?P<payment>\w+) (?P<storefront>\w+) order with an item unknown to NetSuite"), target_fixture="storefront_order")
def order_with_unknown_item(storefront_user, netsuite_user: NetSuiteUser, payment: str, storefront: str) -> StorefrontOrder:
    """A storefront order whose last SKU is missing from NetSuite's catalogue."""
    order = _new_order(storefront_user, netsuite_user, payment, storefront, catalogue=False)
    netsuite_user.add_items(order.lines[:-1])  # the last SKU is missing from NetSuite's catalogue
    return order


@then(parsers.parse('the order\'s error message contains "{text}"'))
def order_error(order_sync_result: OrderSyncResult, text: str) -> None:
    """The order sync failed with a message containing the text (the connector's error shown on hover)."""
    assert text in order_sync_result.error_message, (
        f"expected the order's error to contain {text!r}, it says {order_sync_result.error_message!r}")


@then(parsers.parse("the order can be billed in NetSuite as {billing}"))
def order_can_be_billed(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder, billing: str) -> None:
    """Bills the synced sales order in NetSuite and checks the bill is created from it for its full total. billing: a
    cash sale | an invoice."""
    billed = netsuite_user.bill(storefront_order, parameters.billing(billing))
    sales_order = netsuite_user.sales_order(storefront_order)
    assert billed.body["createdFrom"]["id"] == sales_order.id, f"expected {billed.label} to be created from {sales_order.label}"
    assert billed.total == sales_order.total, f"expected {billed.label} to bill {sales_order.total}, it bills {billed.total}"


@then("an account that syncs refunds in both directions is refused without the override")
def both_refused(connector_factory, connector_context) -> None:
    """A connector account set to sync refunds both ways is refused (naming both directions) unless
    allow_both_directions is on."""
    context = connector_context({"storefront": "shopify", "refund_direction": "both"})
    try:
        connector = connector_factory(context)
    except ValueError as exc:
        assert "both directions" in str(exc), f"expected the refusal to name both directions, it says {exc}"
    else:
        connector.close()
        raise AssertionError("expected the connector to refuse refund sync in both directions without the override")
