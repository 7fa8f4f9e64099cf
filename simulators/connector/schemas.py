"""The connector account's settings (Settings > Other Transactions > Refund in the NetSuite
Connector) and their validation, in one place."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from simulators.core.numbers import whole_number

from .errors import SettingsError

STOREFRONTS = ("shopify", "ebay", "magento", "woocommerce")
#: Shopping carts whose connector has one refund workflow, NetSuite → storefront: Oracle's best
#: practice for carts (help section 163890046080), and "if a connector only has one workflow, that's
#: the best practice to follow" (162926808593). Their accounts take no refund sync to NetSuite.
FROM_NETSUITE_ONLY = ("magento", "woocommerce")
DIRECTIONS = ("off", "to_netsuite", "from_netsuite", "both")
BILLING_TYPES = ("cash_sale", "invoice")
#: A Magento store's Display Shipping Amount choices (Tax > Orders, Invoices, Credit Memos Display
#: Settings: Excluding Tax, Including Tax, Including and Excluding Tax).
MAGENTO_SHIPPING_DISPLAYS = ("excluding_tax", "including_tax", "both")
#: Scheduled refund sync interval (DOMAIN.md §1: every 90 minutes, one incoming, one outgoing).
SCHEDULE_SECONDS = 90 * 60


_ISO_CODE = re.compile(r"[A-Z]{3}")


def _written(value: Any) -> str:
    """``value`` as its author wrote it, in JSON's words (``"usd"``, ``null``, ``true``, ``{"id": 1}``),
    which a profile's YAML and a step's value read the same: never Python's (``'usd'``, ``None``,
    ``True``). The settings reach QA through a step and implementers through the connector API."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):  # a value JSON has no words for (a YAML date): its own text
        text = str(value)
    return text if len(text) <= 100 else f"{text[:100]}…"


def _currency_ids(value: Any) -> dict[str, str]:
    """``currency_ids`` as the account saves it: at least one ISO 4217 code (three capitals, as the
    storefronts write an order's currency) to the digits of a NetSuite currency internal id, given
    as text or a whole number (openapi.yaml: ``[string, integer]``). A code in small letters, or
    none at all, would match no order's currency: every order would fail to sync. Each code maps to
    a NetSuite currency of its own: the connector reads a NetSuite refund's currency by its internal
    id (``reference.storefront_currency``), so an id two codes share could not say which of them a
    refund is in, and both codes' orders would be booked in the one currency. Ids are compared as
    numbers (``"1"``, ``1`` and ``"01"`` are one internal id), and saved as NetSuite writes them (``"1"``).

    :raise SettingsError: anything else, naming the entry (and, for a shared id, both codes)."""
    example = 'such as {"USD": "1"}'
    if not isinstance(value, dict):
        raise SettingsError("currency_ids", f"must map ISO currency codes to NetSuite currency internal ids, {example}")
    if not value:
        raise SettingsError("currency_ids", "must map at least one ISO currency code to its NetSuite currency internal "
                                            f"id, {example} (with none, no order syncs)")
    code_of: dict[int, str] = {}  # NetSuite currency internal id -> the first code mapped to it
    for code, currency_id in value.items():
        if not (isinstance(code, str) and _ISO_CODE.fullmatch(code)):
            raise SettingsError("currency_ids", f"{_written(code)} is not an ISO currency code: write three capital letters, "
                                                "such as USD")
        if isinstance(currency_id, bool) or not isinstance(currency_id, (str, int)) or whole_number(str(currency_id)) is None:
            raise SettingsError("currency_ids", f"{code}: {_written(currency_id)} is not a NetSuite currency internal id: write "
                                                'its digits, such as "1"')
        number = int(str(currency_id))
        first = code_of.setdefault(number, code)
        if first != code:
            raise SettingsError("currency_ids", f"{first} and {code} both map to NetSuite currency {number}: map each ISO "
                                                f"currency code to a NetSuite currency of its own (a refund in currency "
                                                f"{number} cannot say which of them it is in, and orders in both would be "
                                                "booked in one currency)")
    # Saved as NetSuite writes an internal id ("1", never "01"): a refund's currency id is matched to it as text.
    return {code: str(int(str(currency_id))) for code, currency_id in value.items()}


@dataclass(frozen=True)
class ConnectorSettings:
    """A connector account: one storefront channel linked to one NetSuite account.

    ``refund_direction``: ``off`` | ``to_netsuite`` (storefront → NetSuite) | ``from_netsuite``
    (NetSuite → storefront) | ``both`` — ``both`` is saved only with
    ``allow_both_directions: true``, because Oracle's documentation forbids it; it exists so the
    bidirectional conflict can be reproduced.
    """

    storefront: str = field(default="shopify", metadata={
        "doc": "the storefront channel of the account: " + " | ".join(STOREFRONTS)})
    refund_direction: str = field(default="from_netsuite", metadata={
        "doc": "off | to_netsuite (storefront to NetSuite) | from_netsuite (NetSuite to storefront) | both"})
    allow_both_directions: bool = field(default=False, metadata={
        "doc": "saves refund_direction both, which Oracle forbids: only to reproduce the bidirectional conflict"})
    only_cash_refund_against_matching_record: bool = field(default=False, metadata={
        "doc": "\"When a Refund is detected in the Storefront, Only Sync a Cash Refund Against a Matching Record in "
               "NetSuite\": a storefront refund whose lines match no line of the billed record is not posted"})
    only_return_authorization_against_matching_record: bool = field(default=False, metadata={
        "doc": "the same for return authorizations: a storefront refund is posted only from an open return "
               "authorization whose lines are the refund's"})
    positive_adjustment_item: str | None = field(default=None, metadata={
        "doc": "\"Post positive refund adjustments against item\": internal id of an Other Charge for Sale item for "
               "money a refund's lines do not explain (a general refund)"})
    negative_adjustment_item: str | None = field(default=None, metadata={
        "doc": "\"Post negative refund adjustments against item\": the same for money kept back (a fee)"})
    scheduled_sync: bool = field(default=False, metadata={
        "doc": "the scheduled refund sync: every 90 minutes, one incoming and one outgoing sync"})
    currency_ids: dict[str, str] = field(default_factory=lambda: {"USD": "1", "GBP": "2", "CAD": "3", "EUR": "4", "AUD": "5"},
                                         metadata={"doc": "ISO currency code (three capitals) → NetSuite currency internal id (digits); "
                                                         "at least one, each code to a currency of its own"})
    max_attempts: int = field(default=4, metadata={
        "doc": "how many times a vendor call is tried before the refund ends in Error (1 to 10)"})
    magento_shipping_display: str = field(default="excluding_tax", metadata={
        "doc": "Magento only: the store's Display Shipping Amount for orders, invoices and credit memos (Stores > "
               "Configuration > Sales > Tax > Orders, Invoices, Credit Memos Display Settings), excluding_tax | "
               "including_tax | both: with including_tax, Magento reads a credit memo's shipping with its tax, and the "
               "connector sends it so (the admin REST API does not tell the connector)"})
    woocommerce_fee_item: str | None = field(default=None, metadata={
        "doc": "WooCommerce only: internal id of an Other Charge for Sale item that the order's fees (`fee_lines`) "
               "are synced against: each fee a sales order line of it (1 unit at the fee's total before tax, the "
               "fee's name as its description), and a NetSuite refund's line of it given back on the fee line. "
               "An order with a fee does not sync without it"})

    @classmethod
    def parse(cls, raw: dict[str, Any] | None) -> "ConnectorSettings":
        """Validate ``raw`` settings.

        :raise SettingsError: an unknown setting, a value of the wrong type or outside its choices,
            or ``both`` directions without the explicit override. Its message says what the setting
            takes in the words of the values users write — JSON's, which a profile's YAML and a
            step's value share (``must be true or false``, ``a whole number``, ``"usd"``) — never
            Python's (``bool``, ``int``, ``'usd'``); the caller, who has the value, quotes it.
        """
        raw = dict(raw or {})
        known = {f for f in cls.__dataclass_fields__}
        for name in raw:
            if name not in known:
                raise SettingsError(name, f"unknown setting; known settings are {', '.join(sorted(known))}")
        defaults = cls()
        values: dict[str, Any] = {}
        for name in known:
            value = raw.get(name, getattr(defaults, name))
            expected = type(getattr(defaults, name))
            if name in ("positive_adjustment_item", "negative_adjustment_item", "woocommerce_fee_item"):
                if value is not None and not (isinstance(value, (str, int)) and not isinstance(value, bool) and whole_number(str(value)) is not None):
                    raise SettingsError(name, "must be the internal id of an Other Charge for Sale item (digits)")
                value = None if value is None else str(value)
            elif name == "currency_ids":
                value = _currency_ids(value)
            elif name == "max_attempts":
                if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
                    raise SettingsError(name, "must be a whole number from 1 to 10")
            elif expected is bool and not isinstance(value, bool):
                raise SettingsError(name, "must be true or false")
            # storefront and refund_direction, text of one of their choices: refused below, by their choices
            values[name] = value
        if values["storefront"] not in STOREFRONTS:
            raise SettingsError("storefront", f"must be one of {', '.join(STOREFRONTS)}")
        if values["refund_direction"] not in DIRECTIONS:
            raise SettingsError("refund_direction", f"must be one of {', '.join(DIRECTIONS)}")
        if values["refund_direction"] == "both" and not values["allow_both_directions"]:
            raise SettingsError(
                "refund_direction",
                "both directions cannot be enabled: it leads to inconsistent data (a refund synced one way "
                "comes back the other way); set allow_both_directions: true only to reproduce the conflict",
            )
        if values["magento_shipping_display"] not in MAGENTO_SHIPPING_DISPLAYS:
            raise SettingsError("magento_shipping_display", f"must be one of {', '.join(MAGENTO_SHIPPING_DISPLAYS)}")
        if values["storefront"] != "magento" and values["magento_shipping_display"] != "excluding_tax":
            raise SettingsError("magento_shipping_display", f"is a Magento store's setting: a {values['storefront']} account "
                                "has no Magento store (leave it out)")
        if values["storefront"] != "woocommerce" and values["woocommerce_fee_item"] is not None:
            raise SettingsError("woocommerce_fee_item", f"is a WooCommerce store's setting: a {values['storefront']} "
                                "account has no WooCommerce fee lines (leave it out)")
        if values["storefront"] in FROM_NETSUITE_ONLY and values["refund_direction"] in ("to_netsuite", "both"):
            raise SettingsError(
                "refund_direction",
                f"{values['storefront']} refunds sync from NetSuite to the storefront only: the connector of a "
                "shopping cart has no refund sync to NetSuite (refund in NetSuite, then post the refund to the cart)",
            )
        return cls(**values)

    @property
    def to_netsuite(self) -> bool:
        return self.refund_direction in ("to_netsuite", "both")

    @property
    def from_netsuite(self) -> bool:
        return self.refund_direction in ("from_netsuite", "both")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
