"""Steps that set up the connector account and sync orders: the prerequisites of refund sync."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from pytest_bdd import given, then, when

from harness.actors import (STOREFRONT_NAMES, LineSpec, NetSuiteRecord, NetSuiteUser, OrderSpec, Storefront, StorefrontOrder)
from harness.certification import active_profile, unknown_currency
from harness.connector import ConnectorFactory, DrivenConnector, build_connector
from harness.expectations import ScenarioError, check, equal, quoted, said
from harness.reporting import CONNECTOR
from simulators.connector.protocol import OrderStatus, OrderSyncResult
from simulators.connector.errors import SettingsError
from simulators.connector.schemas import ConnectorSettings
from steps import history, parameters
from steps.phrases import phrase

DIRECTIONS = {
    "from NetSuite to the storefront": "from_netsuite",
    "from the storefront to NetSuite": "to_netsuite",
    "in both directions": "both",
    "off": "off",
}
DIRECTION_WORDS = {key: words for words, key in DIRECTIONS.items()}


def _save(request: pytest.FixtureRequest, settings: dict[str, Any]) -> dict[str, Any]:
    """The account's new settings; once the connector runs, saved in it as a user would (Settings > Save)."""
    connector: DrivenConnector | None = request.node.stash.get(CONNECTOR, None)
    if connector is not None:
        connector.update_settings(settings)
    return settings


@given(phrase("a/an {storefront:w} connector account that syncs refunds {direction}"), target_fixture="connector_settings")
def connector_account(request: pytest.FixtureRequest, storefront: str, direction: str) -> dict[str, Any]:
    """The scenario's connector account: one storefront linked to NetSuite, refund sync in one
    direction (or none, or — only to reproduce the conflict the docs warn about — both). A
    certification profile's settings apply on top. Changes nothing in NetSuite or the storefront.
    storefront: Shopify | eBay | Magento | WooCommerce (the shopping carts Magento and WooCommerce sync
    refunds from NetSuite only; eBay's refunds sync to NetSuite: a NetSuite refund of an eBay order
    ends in Error, never Posted); direction: from NetSuite to the storefront | from the storefront to
    NetSuite | in both directions | off."""
    profile = active_profile(request.config)
    settings: dict[str, Any] = {**(profile.settings if profile else {}),
                                "storefront": parameters.pick("storefront", storefront, parameters.STOREFRONTS),
                                "refund_direction": parameters.pick("direction", direction, DIRECTIONS)}
    _as_tagged(request, settings["storefront"], settings["refund_direction"])
    if profile is not None:
        _profiles_account(request, profile.storefront, profile.direction, settings["storefront"], settings["refund_direction"])
    if settings["refund_direction"] == "both":
        settings["allow_both_directions"] = True  # only to reproduce the conflict the docs warn about
    return settings


@when(phrase("the account is switched to sync refunds {direction}"), target_fixture="connector_settings")
def account_switched(request: pytest.FixtureRequest, connector_settings: dict[str, Any], direction: str) -> dict[str, Any]:
    """Settings > Refund Sync changed while the connector runs: refunds sync the other way from now
    on (a Shopify account that synced refunds to NetSuite switched to NetSuite → Shopify, as Oracle
    advises for a store that refunds in NetSuite). direction: as the account's first step writes it.
    Checked first: another direction than the account's, one the scenario's tags allow (the
    scenario runs for both activations), and not both (only the account's first step reproduces
    that conflict)."""
    chosen = parameters.pick("direction", direction, DIRECTIONS)
    if chosen == connector_settings["refund_direction"]:
        raise ScenarioError(f"the account syncs refunds {DIRECTION_WORDS[chosen]} already: switch it to another direction")
    if chosen == "both":
        raise ScenarioError("an account is switched to one direction at a time: to reproduce the conflict of both "
                            "directions, start with 'Given a ... connector account that syncs refunds in both directions'")
    _as_tagged(request, connector_settings["storefront"], chosen)
    return _save(request, {**connector_settings, "refund_direction": chosen})


#: The direction tag each refund direction is filed under (none for "off": any scenario may have it).
_DIRECTION_TAGS = {"from_netsuite": {"to_storefront"}, "to_netsuite": {"to_netsuite"},
                   "both": {"to_storefront", "to_netsuite"}, "off": set()}
_WHY_TAGS = "the tags select the scenario for a run and a profile, and file it in the report"


def _profiles_account(request: pytest.FixtureRequest, profile_storefront: str, profile_direction: str,
                      storefront: str, direction: str) -> None:
    """A scenario a profile runs certifies the profile's activation: one without a storefront or
    direction tag (a QA's own) is run by every profile, and its account must then be the profile's —
    a Shopify scenario run under the eBay profile passed and counted for eBay's activation.

    :raise ScenarioError: an untagged scenario whose account is not the profile's."""
    tags = {mark.name for mark in request.node.iter_markers()}
    if not tags & set(STOREFRONT_NAMES) and storefront != profile_storefront:
        raise ScenarioError(f"the scenario has no storefront tag, so the profile for {STOREFRONT_NAMES[profile_storefront]} "
                            f"runs it, but its account is {STOREFRONT_NAMES[storefront]}'s: tag it @{storefront} ({_WHY_TAGS})")
    if (not tags & {"to_storefront", "to_netsuite"} and direction != "off"
            and not _DIRECTION_TAGS[direction] <= _DIRECTION_TAGS[profile_direction]):
        raise ScenarioError(f"the scenario has no direction tag, so a profile that syncs refunds "
                            f"{DIRECTION_WORDS[profile_direction]} runs it, but its account syncs them "
                            f"{DIRECTION_WORDS[direction]}: tag it {' '.join(f'@{t}' for t in sorted(_DIRECTION_TAGS[direction]))} "
                            f"({_WHY_TAGS})")


def _as_tagged(request: pytest.FixtureRequest, storefront: str, direction: str) -> None:
    """The account is the one the scenario's tags say: tagged for another storefront or direction,
    it would be selected (``-m magento``, a Magento profile) and filed for an activation it does
    not run — a Shopify scenario certifying Magento, unseen.

    :raise ScenarioError: a storefront or direction tag the account contradicts."""
    tags = {mark.name for mark in request.node.iter_markers()}
    storefronts = tags & set(STOREFRONT_NAMES)
    name = STOREFRONT_NAMES[storefront]
    if storefronts and storefront not in storefronts:
        raise ScenarioError(f"the scenario is tagged {' '.join(f'@{t}' for t in sorted(storefronts))}, but its account "
                            f"is {name}'s: tag it @{storefront} ({_WHY_TAGS}), or start with 'Given a "
                            f"{STOREFRONT_NAMES[sorted(storefronts)[0]]} connector account ...'")
    directions = tags & {"to_storefront", "to_netsuite"}
    if directions and not _DIRECTION_TAGS[direction] <= directions:
        written = {"from_netsuite": "from NetSuite to the storefront", "to_netsuite": "from the storefront to NetSuite"}
        tagged = " ".join(f"@{t}" for t in sorted(directions))
        instead = next((words for key, words in written.items() if _DIRECTION_TAGS[key] <= directions), None)
        raise ScenarioError(f"the scenario is tagged {tagged}, but its account syncs refunds {DIRECTION_WORDS[direction]}: "
                            f"tag it {' '.join(f'@{t}' for t in sorted(_DIRECTION_TAGS[direction]))} ({_WHY_TAGS})"
                            + (f", or write '{instead}'" if instead else ""))


@given(phrase("the account setting {name:q} is {value}"), target_fixture="connector_settings")
@when(phrase("the account setting {name:q} is changed to {value}"), target_fixture="connector_settings")
def account_setting(request: pytest.FixtureRequest, connector_settings: dict[str, Any], name: str,
                    value: str) -> dict[str, Any]:
    """Sets one account setting (the settings, their values and defaults are listed above). Before
    the order step it is part of the account the connector starts with; after it, the connector
    saves it then, as a user changing the setting would, and works with it from then on. A setting
    the account does not have, or a value it cannot take, stops the scenario as the scenario's
    mistake (a harness error naming the step), before the connector is given it."""
    known = ConnectorSettings.__dataclass_fields__
    if name in ("storefront", "refund_direction"):  # the account's own: not "unknown", but written elsewhere
        raise ScenarioError(f"the account setting \"{name}\" is the account's own, written in its first step: start "
                            f"with '{_account_step(connector_settings, name, value)}' instead (it names the storefront "
                            "and the direction)")
    parameters.one_of("account setting", name, [n for n in known if n not in ("storefront", "refund_direction")])
    setting = parameters.setting_value(value)
    # A value the account cannot have is the scenario's mistake, said here: given to the connector,
    # its refusal would read as the connector's defect. (To check that the connector refuses a
    # value, a scenario says so: "the connector refuses to save the account with ...".)
    try:
        # The account's storefront (a Magento store's setting is no Shopify account's); a direction
        # every storefront takes, the account's own being checked where it is written.
        ConnectorSettings.parse({"storefront": connector_settings.get("storefront", "shopify"),
                                 "refund_direction": "from_netsuite", name: setting})
    except SettingsError as exc:
        raise ScenarioError(f"the account setting \"{name}\" cannot be {value}: {exc.message} (docs/steps.md lists "
                            "each setting's values)") from None
    if name == "currency_ids" and (unknown := unknown_currency(setting)) is not None:
        raise ScenarioError(f"the account setting \"currency_ids\" cannot be {value}: {unknown[0]}: {unknown[1]}")
    return _save(request, {**connector_settings, name: setting})


def _account_step(settings: dict[str, Any], name: str, value: str) -> str:
    """The account step that says what an account setting ``name`` = ``value`` tried to: the
    storefront or the direction written, the account's own (or the usual one) for the other."""
    written = value.strip().strip('"').lower()
    storefront = next((shown for shown, key in parameters.STOREFRONTS.items()
                       if name == "storefront" and written in (key, shown.lower())), None)
    storefront = storefront or next((shown for shown, key in parameters.STOREFRONTS.items()
                                     if key == settings.get("storefront")), "Shopify")
    direction = next((phrase for phrase, key in DIRECTIONS.items()
                      if name == "refund_direction" and written in (key, phrase.lower())), None)
    direction = direction or next((phrase for phrase, key in DIRECTIONS.items() if key == settings.get("refund_direction")),
                                  "from NetSuite to the storefront")
    return f"Given {'an' if storefront == 'eBay' else 'a'} {storefront} connector account that syncs refunds {direction}"


@given("refund adjustment items are set on the account", target_fixture="connector_settings")
def adjustment_items(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser,
                     connector_settings: dict[str, Any]) -> dict[str, Any]:
    """Creates two "Other Charge for Sale" items in NetSuite ("Refund Adjustment +" and "-") and
    sets them as the account's positive and negative refund adjustment items (saved in the
    connector if it runs already)."""
    positive, negative = netsuite_user.add_adjustment_items()
    return _save(request, {**connector_settings, "positive_adjustment_item": positive, "negative_adjustment_item": negative})


@given("the WooCommerce fee item is set on the account", target_fixture="connector_settings")
def fee_item(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, connector_settings: dict[str, Any]) -> dict[str, Any]:
    """Creates an "Other Charge for Sale" item in NetSuite ("WooCommerce Fees"; found if it exists)
    and sets it as the account's ``woocommerce_fee_item``, which a WooCommerce order's fees sync
    against (saved in the connector if it runs already). WooCommerce only (checked first: the
    setting is a WooCommerce store's)."""
    if connector_settings.get("storefront") != "woocommerce":
        raise ScenarioError("the fee item is a WooCommerce account's setting (only WooCommerce orders carry fee lines): "
                            "start with 'Given a WooCommerce connector account ...', or leave the step out")
    return _save(request, {**connector_settings, "woocommerce_fee_item": netsuite_user.add_fee_item()})


@given("the scheduled refund sync is on", target_fixture="connector_settings")
@when("the scheduled refund sync is turned on", target_fixture="connector_settings")
def scheduled_sync_on(request: pytest.FixtureRequest, connector_settings: dict[str, Any]) -> dict[str, Any]:
    """Turns the every-90-minutes refund sync on; its first run is 90 minutes after the connector
    starts (before the order step) or after it is turned on (later). Time moves with "When N minutes pass"."""
    return _save(request, {**connector_settings, "scheduled_sync": True})


def _spec(payment: str, currency: str | None, **more: Any) -> OrderSpec:
    """The order a step asks for (see :class:`OrderSpec`)."""
    return OrderSpec(paid=parameters.pick("payment", payment, parameters.PAYMENTS),
                     currency=parameters.currency(currency) if currency else "USD", **more)


def _order(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser, storefront: str,
           spec: OrderSpec, *, catalogue: int | None = None) -> StorefrontOrder:
    """A new storefront order; its first ``catalogue`` SKUs (all by default) put in NetSuite's
    catalogue. It is one of the scenario's orders (:func:`steps.history.order_made`)."""
    name = parameters.pick("storefront", storefront, parameters.STOREFRONTS)
    if name != storefront_user.storefront:
        linked = STOREFRONT_NAMES.get(storefront_user.storefront, storefront_user.storefront)  # as the scenario wrote it
        raise ScenarioError(f"the scenario's connector account links {linked}, not {storefront}; "
                            f"start with '{parameters.account_step(storefront, 'that syncs refunds ...')}'")
    try:
        order = storefront_user.new_order(spec)
    except ValueError as exc:  # an order this storefront cannot have: the scenario's own mistake
        raise ScenarioError(str(exc)) from None
    netsuite_user.add_items(order.lines[:catalogue])  # the catalogue is in NetSuite before orders sync
    history.order_made(request, order)
    return order


def _mapped(connector_settings: dict[str, Any], spec: OrderSpec) -> OrderSpec:
    """``spec`` if the account maps its currency to a NetSuite currency (``currency_ids``, its
    default when the scenario set none): an order in another currency cannot sync, and a step that
    says it has synced would blame the connector for the scenario's choice."""
    ids = connector_settings.get("currency_ids") or ConnectorSettings().currency_ids
    if spec.currency not in ids:
        raise ScenarioError(f"the account maps no NetSuite currency for {spec.currency} (its currency_ids: "
                            f"{', '.join(ids)}): write one of them, or map it first (Given the account setting "
                            f"\"currency_ids\" is {{\"{spec.currency}\": \"1\", ...}})")
    return spec


def _synced(connector: DrivenConnector, order: StorefrontOrder) -> StorefrontOrder:
    result = connector.sync_order(order.id)
    equal("status", f"order {order.id} to sync to NetSuite:", OrderStatus.POSTED, result.status,
          f" ({result.error_message})" if result.error_message else "")
    return order


@given(phrase("a/an {payment:w} {storefront:w} order [in {currency:w} ][of a buyer named {buyer:q} ]has been synced "
              "to NetSuite"), target_fixture="storefront_order")
def order_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser, connector: DrivenConnector,
                 connector_settings: dict[str, Any], payment: str, storefront: str, currency: str | None,
                 buyer: str | None) -> StorefrontOrder:
    """A new order on the storefront (two lines of generated items, shipping, no tax), its SKUs
    put in NetSuite's catalogue, and synced to NetSuite by the connector (which starts here: the
    account's settings from the steps before are the ones it starts with). payment: paid | unpaid
    (unpaid = payment terms, billed as an invoice); currency: USD (default) or another ISO code the
    account maps (GBP, CAD, EUR, AUD; else the scenario's error) and the storefront sells in; buyer: the customer's name as the storefront has it (on
    Shopify, Magento and WooCommerce the first word is the first name, the rest the last name, which
    Magento and WooCommerce require: two words at least there)."""
    if buyer is not None and not buyer.strip():  # a customer with no name: the storefronts require one
        raise ScenarioError('the buyer named "": write the customer\'s name (such as "Ana Souza"), or leave out '
                            '"of a buyer named ..." for one the storefront draws')
    spec = _mapped(connector_settings, _spec(payment, currency, buyer=buyer))
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a/an {payment:w} {storefront:w} order [in {currency:w} ]with these lines[, {prices} prices,] "
              "has been synced to NetSuite:"), target_fixture="storefront_order")
def order_with_lines_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser, connector: DrivenConnector,
                            connector_settings: dict[str, Any], payment: str, storefront: str, currency: str | None,
                            prices: str | None, datatable: list[list[str]]) -> StorefrontOrder:
    """As "... order has been synced to NetSuite", with the order described by its contents: a
    table ``| line | units | price | tax | discount |`` — ``line`` is the SKU (letters, digits, _ and
    -), ``tax`` and ``discount`` (optional) the whole line's — an optional row ``| shipping | | 5.00 | 0.50 |``
    for shipping and its tax (no row: no shipping; its discount cell, a shipping discount off it: on
    eBay its combined shipping discount, on Shopify a free shipping code, all of it, on Magento a cart
    price rule applied to the shipping; not on WooCommerce), and an optional
    row ``| discount code | | 5.00 |``
    for a code taking that much off the whole order (Shopify only: it spreads it over the lines). prices:
    tax-inclusive (each price already holds its tax, as shops that show prices with tax have them;
    Shopify only) | tax-exclusive (the default). eBay orders take no tax and no code; an eBay line's discount is the seller's promotion on it (less than the line costs). A line's price at least 0.01 (a free line cannot be refunded); each
    amount, line's cost and the order's total less than 100000000000.00, the simulators' bound on an
    amount (else the scenario's error)."""
    table = parameters.order_table(datatable)
    included = parameters.pick("prices", prices or "tax-exclusive", {"tax-inclusive": True, "tax-exclusive": False})
    spec = _mapped(connector_settings, _spec(payment, currency, **table._asdict(), taxes_included=included))
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a paid {storefront:w} order [in {currency:w} ]with these lines, its card payment captured in two invoices, "
              "has been synced to NetSuite:"), target_fixture="storefront_order")
def order_in_two_invoices_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser, connector: DrivenConnector,
                                 connector_settings: dict[str, Any], storefront: str, currency: str | None,
                                 datatable: list[list[str]]) -> StorefrontOrder:
    """As "a paid ... order [in <currency>] with these lines has been synced to NetSuite", billed in two invoices
    whose money the payment gateway captured: the table has one more column, ``first invoice`` —
    the units of each line on the first invoice (which Magento bills the shipping on too); the rest
    are on the second. Magento only (the other storefronts take one payment for the order)."""
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) != "magento":
        raise ScenarioError("an order billed in several invoices is a Magento step (only Magento bills an order in "
                            "several invoices): start with 'Given a Magento connector account ...', or write the "
                            "order as 'Given a paid ... order with these lines has been synced to NetSuite:'")
    header, *rows = datatable
    if "first invoice" not in header:
        raise ScenarioError("the order's table needs a column 'first invoice': each line's units on the first invoice")
    column = header.index("first invoice")
    table = parameters.order_table([[c for i, c in enumerate(row) if i != column] for row in datatable])
    cells = [row[column].strip() or "0" for row in rows if row[0] not in ("shipping", "discount code")]
    if not all(re.fullmatch(r"[0-9]+", cell) for cell in cells):  # ASCII: isdigit() takes "²", int() refuses it
        raise ScenarioError(f"first invoice: each line's units on the first invoice, a whole number (0 or more), not {said(cells)}")
    first = tuple(int(cell) for cell in cells)
    numbers = [number for number, row in enumerate(rows, 1) if row[0] not in ("shipping", "discount code")]
    for number, line, units in zip(numbers, table.lines, first, strict=True):
        if units > line.units:  # Magento invoices at most what was ordered of each line
            raise ScenarioError(f"first invoice, row {number} ({line.sku}): {units} units of a line of {line.units}: "
                                f"write at most {line.units} (the rest of the order is on the second invoice)")
    spec = _mapped(connector_settings, _spec("paid", currency, **table._asdict(), first_invoice=first))
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a paid {storefront:w} order with these lines, its first line a configurable product, has been synced to "
              "NetSuite:"), target_fixture="storefront_order")
def order_of_a_configurable_product_synced(request: pytest.FixtureRequest, storefront_user: Storefront,
                                           netsuite_user: NetSuiteUser, connector: DrivenConnector,
                                           connector_settings: dict[str, Any], datatable: list[list[str]],
                                           storefront: str) -> StorefrontOrder:
    """As "a paid ... order with these lines has been synced to NetSuite", its first line a
    configurable product's (a shirt sold in sizes; the line's SKU is the size chosen): Magento's order
    then has the line (``product_type`` configurable, with the price and tax) and, after it, the simple
    product chosen as a child item of its own — the line's SKU and units, no money,
    ``parent_item_id`` — which Magento invoices and refunds with its line. Magento only (the other
    storefronts keep a variant as the line itself)."""
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) != "magento":
        raise ScenarioError("a configurable product's line is a Magento step (only Magento keeps the variant chosen as "
                            "an order item of its own): start with 'Given a Magento connector account ...', or write "
                            "the order as 'Given a paid ... order with these lines has been synced to NetSuite:'")
    table = parameters.order_table(datatable)
    spec = _mapped(connector_settings, _spec("paid", None, **table._asdict(), first_configurable=True))
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a paid {storefront:w} order with these lines, its first package shipped free, has been synced to NetSuite:"),
       target_fixture="storefront_order")
def order_of_two_packages_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                 connector: DrivenConnector, connector_settings: dict[str, Any], datatable: list[list[str]],
                                 storefront: str) -> StorefrontOrder:
    """As "a paid ... order with these lines has been synced to NetSuite", shipped in two packages:
    a shipping line of 0.00 (Free shipping) first, then the table's shipping row (Shopify and
    WooCommerce keep a shipping line per package: an order's ``shipping_lines`` is an array).
    Checked first: the account links Shopify or WooCommerce, and the table has a shipping row (the
    second package's)."""
    return _order_of_two_packages(request, storefront_user, netsuite_user, connector, connector_settings, storefront,
                                  datatable, (Decimal("0.00"), Decimal("0.00")))


@given(phrase("a paid {storefront:w} order with these lines, its first package shipped for {shipping} with {tax} tax, "
              "has been synced to NetSuite:"), target_fixture="storefront_order")
def order_of_two_paid_packages_synced(request: pytest.FixtureRequest, storefront_user: Storefront,
                                      netsuite_user: NetSuiteUser, connector: DrivenConnector,
                                      connector_settings: dict[str, Any], datatable: list[list[str]],
                                      storefront: str, shipping: str, tax: str) -> StorefrontOrder:
    """As "a paid ... order with these lines has been synced to NetSuite", shipped in two packages
    that each charged shipping: a shipping line of ``shipping`` with ``tax`` first (amounts such as
    5.00 and 0.50; 0.00 tax for none), then the table's shipping row. Checked first: the account
    links Shopify or WooCommerce, the table has a shipping row (the second package's), and the first
    package charged some shipping (for one sent free, "its first package shipped free")."""
    first = parameters.amount(shipping, "the first package's shipping")
    first_tax = parameters.amount(tax, "the first package's tax")
    if not first:
        raise ScenarioError("the first package's shipping: 0.00 is no charge: write what it charged (such as 5.00), "
                            "or 'its first package shipped free'")
    return _order_of_two_packages(request, storefront_user, netsuite_user, connector, connector_settings, storefront,
                                  datatable, (first, first_tax))


def _order_of_two_packages(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                           connector: DrivenConnector, connector_settings: dict[str, Any], storefront: str,
                           datatable: list[list[str]], first_package: tuple[Decimal, Decimal]) -> StorefrontOrder:
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) not in ("shopify", "woocommerce"):
        raise ScenarioError("an order of several shipping lines is a Shopify or WooCommerce step (Magento keeps one "
                            "shipping amount per order, eBay one delivery cost): start with 'Given a Shopify connector "
                            "account ...' or 'Given a WooCommerce connector account ...', or write the order as 'Given "
                            "a paid ... order with these lines has been synced to NetSuite:'")
    table = parameters.order_table(datatable)
    if not table.shipping:
        raise ScenarioError("the order's table needs a shipping row: the shipping of the second package")
    spec = _mapped(connector_settings, _spec("paid", None, **table._asdict(), first_package=first_package))
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


def _woocommerce_fees(storefront: str) -> None:
    """:raise ScenarioError: an order with fees on another storefront than WooCommerce."""
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) != "woocommerce":
        raise ScenarioError("an order with a fee is a WooCommerce step (only WooCommerce keeps fee lines on an order): "
                            "start with 'Given a WooCommerce connector account ...', or write the order as 'Given a paid "
                            "... order with these lines has been synced to NetSuite:'")


def _fee_item_set(connector_settings: dict[str, Any], fees: str) -> None:
    """:raise ScenarioError: the account sets no fee item for the order's ``fees`` ("fee", "fees") to sync against."""
    if connector_settings.get("woocommerce_fee_item") is None:
        raise ScenarioError(f"the order's {fees} sync{'s' if fees == 'fee' else ''} against the account's fee item, and "
                            "the account sets none: write 'Given the WooCommerce fee item is set on the account' before "
                            "the order (for an order with a fee that does not sync, write '... for \"<name>\" that was "
                            "never synced to NetSuite:' and 'When the connector syncs the order to NetSuite')")


def _order_with_a_fee(connector_settings: dict[str, Any], storefront: str, amount: str, tax: str, name: str,
                      datatable: list[list[str]]) -> OrderSpec:
    """The paid order of "... order with these lines and a fee of ...": the table's, with a fee line.

    :raise ScenarioError: another storefront than WooCommerce, a fee of no money, a fee without a
        name, an order whose total passes the simulators' bound."""
    _woocommerce_fees(storefront)
    fee = parameters.amount(amount, "the fee")
    if not fee:
        raise ScenarioError("the fee: 0.00 is no fee: write what it charged before tax (such as 5.00), or write the "
                            "order without a fee")
    fee_tax = parameters.amount(tax, "the fee's tax")
    if not name.strip():
        raise ScenarioError('the fee named "": write its name as the order shows it (such as "Gift wrap")')
    table = parameters.order_table(datatable)
    total = (sum((line.price * line.units - line.discount + line.tax for line in table.lines), Decimal("0.00"))
             + table.shipping + table.shipping_tax + fee + fee_tax)
    if total >= parameters.MAX_AMOUNT:  # the order's total and its payment are amounts too
        raise ScenarioError(f"an order: its lines, shipping, fee and tax add up to {total}: write less than "
                            f"{parameters.MAX_AMOUNT} in all (the simulators' bound on an amount: the order's total is one)")
    return _mapped(connector_settings, _spec("paid", None, **{**table._asdict(), "fees": ((name.strip(), fee, fee_tax),)}))


@given(phrase("a paid {storefront:w} order with these lines and a fee of {amount} with {tax} tax for {name:q} has been "
              "synced to NetSuite:"), target_fixture="storefront_order")
def order_with_a_fee_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                            connector: DrivenConnector, connector_settings: dict[str, Any], storefront: str, amount: str,
                            tax: str, name: str, datatable: list[list[str]]) -> StorefrontOrder:
    """As "a paid ... order with these lines has been synced to NetSuite", with a fee line besides
    (WooCommerce's ``fee_lines``: gift wrap, a surcharge) of ``amount`` before tax and ``tax`` (0.00
    for none; at the store's state and county rates), named ``name``: the order's total and tax
    hold it, and the connector syncs it against the account's fee item. Checked first: the account
    is WooCommerce's and sets its fee item ("Given the WooCommerce fee item is set on the account");
    the fee charged something (at least 0.01) and has a name."""
    spec = _order_with_a_fee(connector_settings, storefront, amount, tax, name, datatable)
    _fee_item_set(connector_settings, "fee")
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a paid {storefront:w} order with these lines and these fees has been synced to NetSuite:"),
       target_fixture="storefront_order")
def order_with_fees_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                           connector: DrivenConnector, connector_settings: dict[str, Any], storefront: str,
                           datatable: list[list[str]]) -> StorefrontOrder:
    """As "a paid ... order with these lines and a fee of ... has been synced to NetSuite:", with
    one fee line or more, each a row of the table ``| fee: Gift wrap | | 5.00 | 0.40 |``: its name
    after ``fee:``, what it charged before tax in the price column, and its tax (empty or 0.00 for
    none; at the store's state and county rates), units and discount left empty; the fees in the
    table's order. Checked first: the account is WooCommerce's and sets its fee item ("Given the
    WooCommerce fee item is set on the account"); each fee charged something (at least 0.01) and
    has a name of its own (two fees of one name, whatever its case, are refused: a refund names
    the fee it gives back)."""
    _woocommerce_fees(storefront)
    table = parameters.order_table(datatable, fees=True)
    _fee_item_set(connector_settings, "fees")
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront,
                                     _mapped(connector_settings, _spec("paid", None, **table._asdict()))))


@given(phrase("a paid {storefront:w} order with these lines and a fee of {amount} with {tax} tax for {name:q} that was "
              "never synced to NetSuite:"), target_fixture="storefront_order")
def order_with_a_fee_never_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                  connector_settings: dict[str, Any], storefront: str, amount: str, tax: str, name: str,
                                  datatable: list[list[str]]) -> StorefrontOrder:
    """As "... order with these lines and a fee of ... has been synced to NetSuite:", not synced (its
    SKUs are in NetSuite's catalogue): with the same checks, but the account need not set a fee item."""
    spec = _order_with_a_fee(connector_settings, storefront, amount, tax, name, datatable)
    return _unsynced(request, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a paid eBay order the seller has not shipped yet has been synced to NetSuite"), target_fixture="storefront_order")
def ebay_order_not_shipped_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                  connector: DrivenConnector) -> StorefrontOrder:
    """As "a paid eBay order has been synced to NetSuite", not shipped yet (eBay's
    ``orderFulfillmentStatus`` NOT_STARTED): the order a buyer may still ask to cancel, within an
    hour of buying it. eBay only (checked first: the account links eBay)."""
    return _synced(connector, _order(request, storefront_user, netsuite_user, "eBay", _spec("paid", None, shipped=False)))


@given(phrase("a/an {payment:w} WooCommerce order paid through {gateway:q} has been synced to NetSuite"),
       target_fixture="storefront_order")
def woocommerce_order_through_gateway_synced(request: pytest.FixtureRequest, storefront_user: Storefront,
                                             netsuite_user: NetSuiteUser, connector: DrivenConnector,
                                             connector_settings: dict[str, Any], payment: str, gateway: str) -> StorefrontOrder:
    """As "a paid WooCommerce order has been synced to NetSuite", through this gateway of the store's,
    by its checkout title: a paid order through one that refunds (Credit Card (Stripe) | PayPal |
    WooPayments | Credit Card (Square)), an unpaid one through one of payment on terms, which cannot
    (Direct bank transfer | Check payments | Cash on delivery | Purchase Order, a plugin's)."""
    paid = parameters.pick("payment", payment, parameters.PAYMENTS)
    spec = _mapped(connector_settings, _spec(payment, None, gateway=parameters.pick(
        f"gateway of {'a paid' if paid else 'an unpaid'} order", gateway, parameters.WOOCOMMERCE_GATEWAYS[paid])))
    return _synced(connector, _order(request, storefront_user, netsuite_user, "WooCommerce", spec))


@given(phrase("{count:d} paid {storefront:w} orders of other customers have been synced to NetSuite"))
def other_orders_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                        connector: DrivenConnector, connector_settings: dict[str, Any], count: int, storefront: str) -> None:
    """``count`` (1 to 50) paid orders of other customers, each synced to NetSuite by the connector,
    before the scenario's: an account in use, whose order the scenario's is not the first nor the
    only (a schedule that looks at a batch of the oldest orders misses the scenario's)."""
    for _ in range(parameters.other_orders(count)):
        _synced(connector, _order(request, storefront_user, netsuite_user, storefront, _mapped(connector_settings, _spec("paid", None))))


@given(phrase("a second {payment:w} {storefront:w} order from the same customer [in {currency:w} ]has been synced to NetSuite"),
       target_fixture="second_order")
def second_order_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser, connector: DrivenConnector,
                        connector_settings: dict[str, Any], storefront_order: StorefrontOrder, payment: str, storefront: str,
                        currency: str | None) -> StorefrontOrder:
    """Another order of the scenario's customer (same name and email), synced to NetSuite by the
    connector; the scenario's order stays the first one. currency: the first order's by default, or
    another the account maps (a store selling in several: NetSuite takes an order only in one of
    its customer's currencies)."""
    spec = _mapped(connector_settings, _spec(payment, currency or storefront_order.currency, customer_of=storefront_order))
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a second paid {storefront:w} order from the same customer with these lines, its items already in NetSuite, "
              "has been synced to NetSuite:"), target_fixture="second_order")
def second_order_of_items_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                 connector: DrivenConnector, connector_settings: dict[str, Any], storefront_order: StorefrontOrder,
                                 storefront: str, datatable: list[list[str]]) -> StorefrontOrder:
    """As "a second ... order from the same customer", its contents the table of "... order with these
    lines has been synced to NetSuite:", of SKUs NetSuite already holds items of (none is added: the
    merchant renamed a SKU in both systems, and its item serves the new orders). Checked first:
    each SKU is an item's name in NetSuite."""
    table = parameters.order_table(datatable)
    missing = sorted({line.sku for line in table.lines if netsuite_user.item_of(line.sku) is None})
    if missing:
        raise ScenarioError(f"NetSuite has no item named {', '.join(missing)}: write the SKUs of items it holds (such as "
                            "the first order's, or the name an item was renamed to)")
    spec = _mapped(connector_settings, _spec("paid", storefront_order.currency, **table._asdict(), customer_of=storefront_order))
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec, catalogue=0))


@given(phrase("a third {payment:w} {storefront:w} order from the same customer in {currency:w} has been synced to NetSuite"),
       target_fixture="third_order")
def third_order_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                       connector: DrivenConnector, connector_settings: dict[str, Any], storefront_order: StorefrontOrder,
                       second_order: StorefrontOrder, payment: str, storefront: str, currency: str) -> StorefrontOrder:
    """As "a second ... order from the same customer in ...": her third order, in a currency the
    account maps (after the second's). Checked first: a second order of hers, and the currency
    neither of her orders' so far (a third currency on her customer)."""
    if currency in (storefront_order.currency, second_order.currency):
        raise ScenarioError(f"her orders are in {storefront_order.currency} and {second_order.currency} already: write a "
                            "third currency the account maps (such as GBP)")
    spec = _mapped(connector_settings, _spec(payment, currency, customer_of=storefront_order))
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a second {payment:w} {storefront:w} order from the same customer, her email typed in capitals, has been "
              "synced to NetSuite"), target_fixture="second_order")
def second_order_in_capitals_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                    connector: DrivenConnector, storefront_order: StorefrontOrder, payment: str,
                                    storefront: str) -> StorefrontOrder:
    """As "a second ... order from the same customer", her email typed in capitals this time: a
    guest checkout keeps the email as typed (WooCommerce's billing email, Magento's
    ``customer_email``), and an email's case means nothing (NetSuite's ``IS`` ignores it). Magento
    and WooCommerce only (checked first): Shopify and eBay keep one email per customer account."""
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) not in ("magento", "woocommerce"):
        raise ScenarioError(f"{storefront} keeps one email per customer account, as it was first given: an email typed in "
                            "capitals is a guest checkout's, on Magento or WooCommerce")
    typed = storefront_order.email.upper()
    her = replace(storefront_order, email=typed, customer={**storefront_order.customer, "email": typed})
    spec = _spec(payment, storefront_order.currency, customer_of=her)
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a second {payment:w} {storefront:w} order from the same customer, her name typed as {buyer:q}, has been "
              "synced to NetSuite"), target_fixture="second_order")
def second_order_in_another_name_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                        connector: DrivenConnector, storefront_order: StorefrontOrder, payment: str,
                                        storefront: str, buyer: str) -> StorefrontOrder:
    """As "a second ... order from the same customer", her name typed otherwise this time ("Annie
    Lee" for Ann Lee, a name taken in marriage): a guest checkout keeps the name as typed with the
    email (WooCommerce's billing name, Magento's ``customer_firstname`` and ``customer_lastname``),
    and the email is what makes her the same customer. Magento and WooCommerce only (checked first:
    Shopify and eBay keep one name per customer account); the name two words at least, and not the
    first order's."""
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) not in ("magento", "woocommerce"):
        raise ScenarioError(f"{storefront} keeps one name per customer account: a name typed otherwise is a guest "
                            "checkout's, on Magento or WooCommerce")
    first, _, last = buyer.strip().partition(" ")
    if (first, last.strip()) == (storefront_order.customer.get("first_name"), storefront_order.customer.get("last_name")):
        raise ScenarioError(f'the first order\'s customer is named "{buyer}" already: write another name, such as '
                            f'"{first}ie {last.strip()}"')
    spec = _spec(payment, storefront_order.currency, customer_of=storefront_order, buyer=buyer)
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a paid {storefront:w} order whose first card payment was declined has been synced to NetSuite"),
       target_fixture="storefront_order")
def order_declined_first_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser, connector: DrivenConnector,
                                storefront: str) -> StorefrontOrder:
    """As "a paid ... order has been synced to NetSuite", where the customer's card was declined
    once before the payment that went through: the order keeps the failed sale among its
    transactions (Shopify only)."""
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) != "shopify":
        raise ScenarioError("an order whose first card payment was declined is a Shopify step (only Shopify keeps a "
                            "declined payment among an order's transactions): start with 'Given a Shopify connector "
                            "account ...'")
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, _spec("paid", None, declined_first=True)))


#: How a Shopify customer paid the first part of an order: the gateway of its sale transaction.
FIRST_PAYMENT_METHODS = {"gift card": "gift_card", "card": "shopify_payments"}


@given(phrase("a paid {storefront:w} order [in {currency:w} ]with these lines, {first} of it paid by {method} and the rest "
              "by card, has been synced to NetSuite:"), target_fixture="storefront_order")
def order_paid_twice_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                            connector: DrivenConnector, connector_settings: dict[str, Any], storefront: str,
                            currency: str | None, first: str, method: str, datatable: list[list[str]]) -> StorefrontOrder:
    """As "a paid ... order [in <currency>] with these lines has been synced to NetSuite", paid in two payments:
    ``first`` (an amount less than the order's total) by ``method`` — gift card (a gift card applied
    at checkout) | card (as when an order edit collected more) —, then the rest by card. Shopify
    keeps a sale transaction per payment, and a refund transaction gives back at most what its own
    payment has left. Shopify only (the other storefronts take one payment for the order)."""
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) != "shopify":
        raise ScenarioError("an order paid in two payments is a Shopify step (only Shopify keeps a transaction per "
                            "payment of an order): start with 'Given a Shopify connector account ...'")
    gateway = parameters.pick("payment method", method, FIRST_PAYMENT_METHODS)
    paid_first = parameters.refund_amount(first, "the first payment", instead="for one payment, write 'Given a paid "
                                          "Shopify order with these lines has been synced to NetSuite:'")
    table = parameters.order_table(datatable)
    spec = _mapped(connector_settings, _spec("paid", currency, **table._asdict(), first_payment=(paid_first, gateway)))
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a paid {storefront:w} order with these lines, all of it paid by gift card, has been synced to NetSuite:"),
       target_fixture="storefront_order")
def order_paid_by_gift_card_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                   connector: DrivenConnector, connector_settings: dict[str, Any], storefront: str,
                                   datatable: list[list[str]]) -> StorefrontOrder:
    """As "a paid ... order with these lines has been synced to NetSuite", paid whole with a gift card
    at checkout: the order's one sale transaction is the gift card's, and no card payment could take
    a refund. Shopify only (the other storefronts here keep no gift card payments)."""
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) != "shopify":
        raise ScenarioError("an order paid by gift card is a Shopify step (the other storefronts here keep no gift card "
                            "payments): start with 'Given a Shopify connector account ...'")
    spec = _mapped(connector_settings, _spec("paid", None, **parameters.order_table(datatable)._asdict(), gift_card_only=True))
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a paid {storefront:w} order with these lines, its card payment authorized at checkout and captured in two "
              "parts, the first {first}, has been synced to NetSuite:"), target_fixture="storefront_order")
def order_captured_in_parts_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                   connector: DrivenConnector, storefront: str, first: str,
                                   datatable: list[list[str]]) -> StorefrontOrder:
    """As "a paid ... order with these lines has been synced to NetSuite", its card payment
    authorized at checkout and captured later by the merchant in two parts: ``first`` (an amount
    less than the order's total), then the rest. Shopify keeps the authorization and a capture
    transaction per part; a refund goes back on the captures (the authorization is no payment),
    each up to what it has left. Shopify only."""
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) != "shopify":
        raise ScenarioError("an order captured in parts is a Shopify step (only Shopify keeps a transaction per capture "
                            "of an order): start with 'Given a Shopify connector account ...'")
    captured_first = parameters.refund_amount(first, "the first capture", instead="for a payment captured at checkout, "
                                              "write 'Given a paid Shopify order with these lines has been synced to NetSuite:'")
    table = parameters.order_table(datatable)
    spec = _spec("paid", None, **table._asdict(), first_capture=captured_first)
    return _synced(connector, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a/an {payment:w} {storefront:w} order [in {currency:w} ]that was never synced to NetSuite"),
       target_fixture="storefront_order")
def order_never_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                       payment: str, storefront: str, currency: str | None) -> StorefrontOrder:
    """A new storefront order the connector has not synced (its SKUs are in NetSuite's catalogue).
    payment: paid | unpaid; currency: USD (default) or another ISO code (on Shopify one its shop sells
    in: EUR, GBP, CAD, AUD; else the scenario's error)."""
    return _unsynced(request, _order(request, storefront_user, netsuite_user, storefront, _spec(payment, currency)))


@given(phrase("a/an {payment:w} {storefront:w} order [in {currency:w} ]with these lines that was never synced to NetSuite:"),
       target_fixture="storefront_order")
def order_with_lines_never_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                  connector_settings: dict[str, Any], payment: str, storefront: str, currency: str | None,
                                  datatable: list[list[str]]) -> StorefrontOrder:
    """As "... order that was never synced to NetSuite", with the order described by its contents:
    the table of "... order with these lines has been synced to NetSuite:" (its lines, an optional
    shipping row and discount code row, with the same checks)."""
    table = parameters.order_table(datatable)
    spec = _mapped(connector_settings, _spec(payment, currency, **table._asdict()))
    return _unsynced(request, _order(request, storefront_user, netsuite_user, storefront, spec))


@given(phrase("a second {payment:w} {storefront:w} order of another buyer named {buyer:q} that was never synced to NetSuite"),
       target_fixture="second_order")
def second_buyer_order_never_synced(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                    storefront_order: StorefrontOrder, payment: str, storefront: str,
                                    buyer: str) -> StorefrontOrder:
    """An order of another eBay buyer (another account, so another email) who bears the name
    ``buyer`` — the first order's buyer's, in a scenario about two people of one name — not synced
    yet; the scenario's order stays the first one. eBay only (checked first: eBay names a buyer by
    one full name, and shows no email after 14 days, so a connector has the name alone to go by)."""
    if parameters.pick("storefront", storefront, parameters.STOREFRONTS) != "ebay":
        raise ScenarioError(f"another buyer of one name is an eBay step (eBay shows an order's email for 14 days, its "
                            f"name for 90): start with 'Given an eBay connector account ...', not {storefront}")
    if not buyer.strip():
        raise ScenarioError('the buyer named "": write the buyer\'s name as eBay shows it (such as "John Smith")')
    spec = _spec(payment, storefront_order.currency, buyer=buyer.strip())
    return _unsynced(request, _order(request, storefront_user, netsuite_user, storefront, spec))


def _unsynced(request: pytest.FixtureRequest, order: StorefrontOrder) -> StorefrontOrder:
    """``order``, which no step has asked the connector to sync yet: until one does, NetSuite having
    no sales order of it is the scenario's doing (:mod:`steps.history`)."""
    history.sales_order_gone(request, order.id, "the scenario's order was never synced to NetSuite")
    return order


@given(phrase("a/an {payment:w} {storefront:w} order with an item unknown to NetSuite"), target_fixture="storefront_order")
def order_with_unknown_item(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                            payment: str, storefront: str) -> StorefrontOrder:
    """A new storefront order, not synced, whose last SKU is missing from NetSuite's catalogue."""
    return _unsynced(request, _order(request, storefront_user, netsuite_user, storefront, _spec(payment, None), catalogue=-1))


#: The lines of "... order of three lines whose ... line's item is unknown to NetSuite".
THREE_LINES = (LineSpec("MUG-01", 1, Decimal("12.00")), LineSpec("TEA-02", 2, Decimal("8.50")),
               LineSpec("BOWL-03", 1, Decimal("15.00")))


@given(phrase("a/an {payment:w} {storefront:w} order of three lines whose {line} line's item is unknown to NetSuite"),
       target_fixture="storefront_order")
def order_with_unknown_item_at(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                               payment: str, storefront: str, line: str) -> StorefrontOrder:
    """A new storefront order, not synced, of MUG-01 (1 × 12.00), TEA-02 (2 × 8.50) and BOWL-03
    (1 × 15.00), whose ``line`` line's SKU (first | second | third | last, or the SKU) is missing
    from NetSuite's catalogue, the others in it: the order's refusal names that SKU, not another."""
    parameters.one_of("line", line, [*parameters.ORDINALS, *(l.sku for l in THREE_LINES)])
    order = _order(request, storefront_user, netsuite_user, storefront, _spec(payment, None, lines=THREE_LINES), catalogue=0)
    unknown = parameters.line_of(order, line)
    netsuite_user.add_items([l for l in order.lines if l is not unknown])
    return _unsynced(request, order)


@given("the order's item unknown to NetSuite has since been added to NetSuite's catalogue")
def unknown_item_added(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> None:
    """The SKU of the order's last line, which "... order with an item unknown to NetSuite" left out of
    NetSuite's catalogue, is now in it: the merchant added the item after the order failed to sync.
    A connector that remembers a SKU it did not find never syncs the order."""
    line = storefront_order.lines[-1]
    if netsuite_user.item_of(line.sku) is not None:
        raise ScenarioError(f"NetSuite already has an item of SKU {line.sku}, the order's last line: this step follows "
                            "'a paid <storefront> order with an item unknown to NetSuite'")
    netsuite_user.add_items([line])


@given(phrase("a/an {payment:w} {storefront:w} order with a line that has no SKU"), target_fixture="storefront_order")
def order_without_sku(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                      payment: str, storefront: str) -> StorefrontOrder:
    """A new storefront order, not synced, with a custom line that has no SKU (the merchant typed it
    in) besides an item NetSuite knows."""
    lines = (LineSpec("MUG-01", 1, Decimal("12.00")), LineSpec("", 1, Decimal("4.00")))
    return _unsynced(request, _order(request, storefront_user, netsuite_user, storefront, _spec(payment, None, lines=lines),
                                     catalogue=1))


@given(phrase("the connector has failed to sync an earlier {storefront:w} order, one with an item unknown to NetSuite"))
def earlier_order_failed(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                         connector: DrivenConnector, storefront: str) -> None:
    """Before the scenario's order: another paid order, whose last SKU NetSuite's catalogue lacks,
    which the connector was asked to sync and could not (its status "Error Posting to NetSuite",
    checked). It comes first among the connector's orders, so a scheduled sync that stops at the
    first order it cannot read refunds of never reaches the scenario's order. The scenario's order
    stays the one its later steps name."""
    earlier = _order(request, storefront_user, netsuite_user, storefront, _spec("paid", None), catalogue=-1)
    result = connector.sync_order(earlier.id)
    equal("status", f"earlier order {earlier.id}, with an item unknown to NetSuite, to sync to NetSuite:",
          OrderStatus.ERROR, result.status)


@when("the connector syncs the order to NetSuite", target_fixture="order_sync_result")
def sync_order(request: pytest.FixtureRequest, connector: DrivenConnector,
               storefront_order: StorefrontOrder) -> OrderSyncResult:
    """The connector syncs the scenario's order to NetSuite."""
    history.sync_asked(request, storefront_order.id)
    return connector.sync_order(storefront_order.id)


@when("the connector syncs the second order to NetSuite", target_fixture="second_order_sync_result")
def sync_second_order(request: pytest.FixtureRequest, connector: DrivenConnector,
                      second_order: StorefrontOrder) -> OrderSyncResult:
    """The connector syncs the scenario's second order to NetSuite (the first stays the scenario's order)."""
    history.sync_asked(request, second_order.id)
    return connector.sync_order(second_order.id)


@when("the connector syncs the order to NetSuite with its ID between spaces", target_fixture="order_sync_result")
def sync_padded(request: pytest.FixtureRequest, connector: DrivenConnector,
                storefront_order: StorefrontOrder) -> OrderSyncResult:
    """The connector is asked to sync the order's ID pasted with spaces before and after it."""
    history.sync_asked(request, storefront_order.id)
    return connector.sync_order(f"  {storefront_order.id}  ")


@when(phrase("the connector syncs order {order_id:q} to NetSuite"), target_fixture="order_sync_result")
def sync_typed_order(request: pytest.FixtureRequest, connector: DrivenConnector, order_id: str) -> OrderSyncResult:
    """The connector is asked to sync the order of this ID, typed as given (one the storefront may
    not have)."""
    history.sync_asked(request, order_id)
    return connector.sync_order(order_id)


@then(phrase("the order's status in the connector is {status:q}"))
def order_status(request: pytest.FixtureRequest, connector: DrivenConnector, netsuite_user: NetSuiteUser,
                 order_sync_result: OrderSyncResult, status: str) -> None:
    """The order sync answered under the exact ID of the order the scenario asked it to sync (spaces
    around a typed ID trimmed) and ended with this status, and the connector's orders list the
    order once, as that sync left it (status, sales order, message). A posted order names the
    internal id of NetSuite's sales order of it and shows no error; one in error names none. status: Order Posted,
    Pending Fulfillment | Error Posting to NetSuite."""
    asked = history.order_asked(request)
    # The order's ID is its record key: an answer (and row) under another spelling of it is a
    # record no lookup of the order finds, whatever its status says.
    check(asked is None or order_sync_result.order_id == asked, "record",
          f"expected the sync of order {asked} to answer under its ID {quoted(str(asked))}, "
          f"found {quoted(order_sync_result.order_id)}")
    equal("status", "the order to be", parameters.order_status(status), order_sync_result.status,
          f" ({order_sync_result.error_message})" if order_sync_result.error_message else "")
    # A posted order shows no error on hover: an earlier sync's failure kept on it sends the merchant
    # after a fault that is gone (to sync the order by hand: a second sales order).
    check(order_sync_result.status != OrderStatus.POSTED or not order_sync_result.error_message, "message",
          f"expected posted order {order_sync_result.order_id} to show no error, it says "
          f"{quoted(order_sync_result.error_message)}")
    # The connector API: the sales order's internal id when the order synced, null when it did not.
    # A wrong or missing id is a row that links to no sales order (or another one) in the UI.
    made = netsuite_user.find_sales_order(order_sync_result.order_id) \
        if order_sync_result.status == OrderStatus.POSTED else None
    equal("record", f"the sync of order {order_sync_result.order_id} to name the sales order it "
          f"{'made' if made is not None else 'did not make'} (its internal id):",
          made.id if made is not None else None, order_sync_result.sales_order_id)
    listed = [order for order in connector.orders() if order.order_id == order_sync_result.order_id]
    equal("count", f"the connector's orders to list order {order_sync_result.order_id} this many times:", 1, len(listed))
    equal("record", "the order's row in the connector's orders to be what its sync answered:", order_sync_result, listed[0])


@then(phrase("the order's error message contains {text:q}"))
def order_error(order_sync_result: OrderSyncResult, text: str) -> None:
    """The order sync failed with a message containing the text (case ignored, as in the refunds'
    message checks: the connector's error shown on hover)."""
    text = parameters.words(text)
    check(text.lower() in order_sync_result.error_message.lower(), "message",
          f"expected the order's error to contain {quoted(text)}, it says {quoted(order_sync_result.error_message)}")


@then("NetSuite has a sales order for it whose external ID is the storefront order ID")
def sales_order_has_external_id(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser,
                                storefront_order: StorefrontOrder) -> None:
    """The synced sales order carries the storefront order ID as its external ID, and its total is
    the order's (lines after discounts, shipping and tax)."""
    sales_order = history.synced_sales_order(request, netsuite_user, storefront_order)
    equal("record", "the sales order's externalId", storefront_order.id, sales_order.body.get("externalId"))
    equal("amount", "the sales order's total", storefront_order.total, sales_order.total)


#: How the sales order check names a line of the account's WooCommerce fee item.
FEE_LINE = "the fee item"


@then("the sales order has the order's lines, shipping and tax")
def sales_order_lines(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder,
                      connector_settings: dict[str, Any]) -> None:
    """Each line of the storefront order is a line of the sales order: the NetSuite item named by
    its SKU, its units, what it costs after its discount, and the storefront's title as its
    description; each fee of the order (WooCommerce's fee lines) a line of the account's fee item
    (``woocommerce_fee_item``): 1 unit at the fee's total before tax, its name as the description;
    the shipping and the tax (lines', fees' and shipping's) are the order's; the currency is the order's."""
    sales_order = history.synced_sales_order(request, netsuite_user, storefront_order)
    fee_item = str(connector_settings.get("woocommerce_fee_item"))
    expected = sorted([(line.sku, line.units, line.subtotal, line.title) for line in storefront_order.lines]
                      + [(FEE_LINE, 1, fee.total, fee.name) for fee in storefront_order.fees])
    found = sorted((FEE_LINE if line["item"] == fee_item else line["name"], line["quantity"], line["amount"],
                    line.get("description")) for line in sales_order.lines)
    equal("lines", "the sales order's lines (SKU or the fee item, units, amount, description)"
          if storefront_order.fees else "the sales order's lines (SKU, units, amount, description)", expected, found)
    equal("amount", "the sales order's shipping", storefront_order.shipping, sales_order.shipping)
    equal("amount", "the sales order's tax", storefront_order.tax, sales_order.tax)
    equal("currency", "the sales order's currency", storefront_order.currency, sales_order.currency)


@then("NetSuite has the order's customer: one person with the buyer's name and email")
def order_customer(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> None:
    """The sales order's customer is the buyer: a person (not a company), with the order's email
    (and the only NetSuite customer with it), and the buyer's name — the storefront's first and last
    name, or for a storefront that keeps one full name (eBay), that name as first name and last
    name; a buyer known by one word only has it as first name."""
    customer = _order_person(request, netsuite_user, storefront_order)
    body = customer.body
    equal("record", f"customer {customer.id}'s email to be", storefront_order.email, body.get("email"))
    equal("record", f"one NetSuite customer with {storefront_order.email}, found", [customer.id],
          netsuite_user.customers_with_email(storefront_order.email))
    full = storefront_order.customer.get("full_name")
    if full is None:
        first, last = body.get("firstName") or "", body.get("lastName") or ""
        equal("record", f"customer {customer.id} named (first, last)", (storefront_order.customer.get("first_name"),
              storefront_order.customer.get("last_name") or last), (first, last))
    else:
        _named_in_full(customer, full)


def _order_person(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, order: StorefrontOrder) -> NetSuiteRecord:
    """The customer of the order's sales order, checked to be a person (not a company)."""
    sales_order = history.synced_sales_order(request, netsuite_user, order)
    customer = netsuite_user.record("customer", sales_order.body["entity"]["id"])
    is_person = customer.body.get("isPerson")
    check(is_person is True, "record", f"expected customer {customer.id} to be a person, isPerson is {said(is_person)}")
    return customer


def _named_in_full(customer: NetSuiteRecord, full: str) -> None:
    """``customer`` bears the one full name a storefront keeps (eBay): its first word as first name
    and the rest as last name; a name of one word as first name."""
    first, last = customer.body.get("firstName") or "", customer.body.get("lastName") or ""
    if " " in full:
        equal("record", f"customer {customer.id} named", full, f"{first} {last}", f" (first name {quoted(first)}, last name {quoted(last)})")
    else:
        equal("record", f"customer {customer.id}'s first name to be", full, first)


def _as_ebay_shows_the_buyer(storefront_user: Storefront, order: StorefrontOrder, customer: NetSuiteRecord) -> None:
    """``customer`` is the order's buyer as getOrder answers now (``buyer.buyerRegistrationAddress``:
    the buyer's own contact, whomever the order ships to): eBay answers its ``email`` for 14 days
    and its ``fullName`` for 90 (its FIDELITY.md), so a connector syncing an older order names the
    buyer by ``buyer.username`` and has no email to give. Named as :func:`order_customer` says,
    with the email eBay shows, or none when it shows none."""
    buyer = storefront_user.ebay.get_order(order.id)["buyer"]  # type: ignore[attr-defined]
    contact = buyer.get("buyerRegistrationAddress") or {}
    email = contact.get("email")
    equal("record", f"customer {customer.id}'s email to be", email, customer.body.get("email"),
          "" if email else " (eBay shows the order's email no more: a connector has none to give)")
    _named_in_full(customer, (contact.get("fullName") or buyer["username"]).strip())


def _ebay_check(storefront_user: Storefront, what: str) -> None:
    """:raise ScenarioError: the scenario's account is not eBay's."""
    if storefront_user.storefront != "ebay":
        raise ScenarioError(f"{what} is an eBay check: write 'Then NetSuite has the order's customer: one person with "
                            "the buyer's name and email'")


@then("NetSuite has the order's customer as eBay shows the buyer now")
def order_customer_as_ebay_shows(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                 storefront_order: StorefrontOrder) -> None:
    """The sales order's customer is a person, the buyer as eBay shows them now
    (:func:`_as_ebay_shows_the_buyer`), and the only NetSuite customer of that name (a creation
    retried, or an order synced again, made none more). eBay only (checked first)."""
    _ebay_check(storefront_user, "the customer as eBay shows the buyer")
    customer = _order_person(request, netsuite_user, storefront_order)
    _as_ebay_shows_the_buyer(storefront_user, storefront_order, customer)
    # Without an email a retried or repeated creation cannot be found by it: one buyer is one customer all the same.
    first, last = customer.body.get("firstName") or "", customer.body.get("lastName") or ""
    equal("record", f"the NetSuite customers named {quoted(f'{first} {last}'.strip())} to be", [customer.id],
          netsuite_user.customers_named(first, last), " (one buyer, one customer)")


@then("the second order's NetSuite customer is its own buyer, not the first order's")
def second_order_customer_its_own(request: pytest.FixtureRequest, storefront_user: Storefront, netsuite_user: NetSuiteUser,
                                  storefront_order: StorefrontOrder, second_order: StorefrontOrder) -> None:
    """Two buyers of one name are two NetSuite customers: the second order's sales order is another
    customer's than the first's, a person, the second buyer as eBay shows them now (none of the
    first buyer's email, orders and refunds are the second's). eBay only (checked first)."""
    _ebay_check(storefront_user, "another buyer of one name")
    first = _order_person(request, netsuite_user, storefront_order)
    second = _order_person(request, netsuite_user, second_order)
    check(first.id != second.id, "record", f"expected the second order's customer to be another than the first order's, "
          f"both are customer {first.id} ({quoted(str(first.body.get('email') or ''))}): two buyers of one name made one")
    _as_ebay_shows_the_buyer(storefront_user, second_order, second)


@then("NetSuite has one customer for the order's email, shared by both orders")
def one_customer(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder,
                 second_order: StorefrontOrder) -> None:
    """The connector found the customer it created for the first order instead of creating a
    second one: one NetSuite customer has the email, and both sales orders are hers."""
    customers = netsuite_user.customers_with_email(storefront_order.email)
    equal("record", f"the number of NetSuite customers with {storefront_order.email}", 1, len(customers))
    entities = [history.synced_sales_order(request, netsuite_user, order).body["entity"]["id"]
                for order in (storefront_order, second_order)]
    equal("record", "the customer of both sales orders", [customers[0]] * 2, entities)


@then("NetSuite has no customer of the order's email and no sales order of it")
def netsuite_left_as_it_was(netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder) -> None:
    """An order refused for its own reason (a currency, an item, a fee item the account lacks) leaves
    NetSuite as it was: no customer made for its buyer, who would stay behind with no order (a
    customer record the merchant did not ask for, which a later order of another email never cleans
    up), and no sales order of it."""
    customers = netsuite_user.customers_with_email(storefront_order.email) if storefront_order.email else []
    check(not customers, "record", f"expected no NetSuite customer of {storefront_order.email} (the order did not sync), "
          f"found {said(customers)}")
    check(netsuite_user.find_sales_order(storefront_order) is None, "record",
          f"expected no sales order of order {storefront_order.id} in NetSuite (it did not sync)")


@then("NetSuite has one customer for the order's email, shared by all three orders")
def one_customer_of_three(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder,
                          second_order: StorefrontOrder, third_order: StorefrontOrder) -> None:
    """As "... shared by both orders", of her three orders: each added its currency to her one customer
    and kept the others (an order in a currency she no longer has is refused by NetSuite)."""
    customers = netsuite_user.customers_with_email(storefront_order.email)
    equal("record", f"the number of NetSuite customers with {storefront_order.email}", 1, len(customers))
    entities = [history.synced_sales_order(request, netsuite_user, order).body["entity"]["id"]
                for order in (storefront_order, second_order, third_order)]
    equal("record", "the customer of all three sales orders", [customers[0]] * 3, entities)


@then(phrase("the order can be billed in NetSuite as {billing}"))
def order_can_be_billed(request: pytest.FixtureRequest, netsuite_user: NetSuiteUser, storefront_order: StorefrontOrder,
                        billing: str) -> None:
    """Bills the synced sales order in NetSuite (a record it creates) and checks the bill is created
    from it for its full total. billing: a cash sale | an invoice."""
    record = parameters.billing(billing)
    sales_order = history.synced_sales_order(request, netsuite_user, storefront_order)  # before billing: NetSuite would answer 404
    billed = netsuite_user.bill(storefront_order, record)
    equal("record", f"{billed.label} to be created from", sales_order.id, billed.created_from)
    equal("amount", f"{billed.label} to bill", sales_order.total, billed.total)


def _names(text: str, name: str) -> bool:
    """Whether ``text`` names the setting ``name`` as a word of its own: not inside another name
    (``currency_ids`` is not named by ``currency_ids_v2`` nor ``XXcurrency_idsXX``)."""
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


#: What a message may hold where its words should be: no reason at all.
_PLACEHOLDERS = {"none", "null", "undefined", "nan"}


def _says_why(text: str, name: str) -> bool:
    """Whether ``text`` says more than the setting's name: a word of its own besides it (a
    placeholder such as ``None``, left where the reason should be, says nothing)."""
    words = re.findall(r"[A-Za-z]{2,}", text.replace(name, " "))
    return any(word.lower() not in _PLACEHOLDERS for word in words)


def _refused(request: pytest.FixtureRequest, connector_factory: ConnectorFactory, connector_context: Any,
             settings: dict[str, Any], name: str, what: str) -> None:
    """The connector must refuse ``settings``, naming ``name`` and saying why: it will not start
    with them, and a connector already running refuses to save them (it keeps the settings it has)."""
    try:
        connector = build_connector(connector_factory, connector_context(settings))
    except ValueError as exc:
        check(_names(str(exc), name) or (name == "refund_direction" and "both directions" in str(exc)), "settings",
              f"expected the refusal to name {quoted(name)}, it says: {quoted(str(exc))}")
        check(_says_why(str(exc), name), "settings", f"expected the refusal of {what} to say why, not only name "
              f"{quoted(name)}; it says: {quoted(str(exc))}")
    else:
        connector.close()
        check(False, "settings", f"expected the connector to refuse the account with {what}, it saved it")
    running: DrivenConnector | None = request.node.stash.get(CONNECTOR, None)
    if running is None:
        return
    try:
        running.connector.update_settings(settings)
    except ValueError as exc:
        check(_names(str(exc), name), "settings", f"expected the refusal to name {quoted(name)}, it says: {quoted(str(exc))}")
        check(_says_why(str(exc), name), "settings", f"expected the running connector's refusal of {what} to say why, "
              f"not only name {quoted(name)}; it says: {quoted(str(exc))}")
    except Exception as exc:  # anything else escaping is the connector's defect too
        check(False, "raised", f"expected the connector's save of the account settings (method update_settings) to "
              f"refuse {what}, it raised {type(exc).__name__}: {exc}")
    else:
        check(False, "settings", f"expected the running connector to refuse to save {what}, it saved it")


@then(phrase("the connector refuses to save the account with {name:q} set to {value}"))
def refuses_setting(request: pytest.FixtureRequest, connector_factory: ConnectorFactory, connector_context: Any,
                    connector_settings: dict[str, Any], name: str, value: str) -> None:
    """An account the connector must refuse: it will not start with the account's settings and this
    one changed, and says why naming the setting; a connector already running refuses the change
    the same way and keeps the settings it has. value: as for "the account setting ... is", or a
    JSON object (``{"USD": "1"}``) for currency_ids; one the account cannot have (a value the
    account takes is the scenario's mistake: the connector must save it)."""
    parameters.one_of("account setting", name, ConnectorSettings.__dataclass_fields__)
    settings = {**connector_settings, name: parameters.setting_value(value)}
    try:
        ConnectorSettings.parse(settings)
    except SettingsError:
        pass  # a value the account cannot have: the connector must refuse it
    else:  # the contract takes it: the check would blame the connector for saving what it must save
        raise ScenarioError(f"the account setting \"{name}\" can be {value}: the connector must save the account with "
                            "it, so it cannot refuse it; write a value the setting cannot take (docs/steps.md lists "
                            "each setting's values)")
    _refused(request, connector_factory, connector_context, settings, name, f"{name} = {value}")


@then(phrase("the connector refuses to save the account with an unknown setting {name:q}"))
def refuses_unknown_setting(request: pytest.FixtureRequest, connector_factory: ConnectorFactory, connector_context: Any,
                            connector_settings: dict[str, Any], name: str) -> None:
    """A setting the connector does not have (a misspelt one, or one of another connector) is
    refused by name rather than ignored, at start and while it runs."""
    if name in ConnectorSettings.__dataclass_fields__:
        raise ScenarioError(f"{quoted(name)} is a setting of the connector account: name one it does not have")
    _refused(request, connector_factory, connector_context, {**connector_settings, name: True}, name,
             f"the unknown setting {quoted(name)}")


@then("an account that syncs refunds in both directions is refused without the override")
def both_refused(connector_factory: ConnectorFactory, connector_context: Any, connector_settings: dict[str, Any]) -> None:
    """A connector account of the scenario's storefront set to sync refunds both ways is refused
    (naming both directions) unless allow_both_directions is on."""
    context = connector_context({"storefront": connector_settings.get("storefront", "shopify"), "refund_direction": "both"})
    try:
        connector = build_connector(connector_factory, context)
    except ValueError as exc:
        check("both directions" in str(exc), "settings", f"expected the refusal to name both directions, it says {exc}")
    else:
        connector.close()
        check(False, "settings", "expected the connector to refuse refund sync in both directions without the override")
