"""The connector account's settings: what is saved, what is refused and why."""

from __future__ import annotations

import pytest

from simulators.connector.errors import SettingsError
from simulators.connector.schemas import ConnectorSettings


def test_defaults_sync_refunds_from_netsuite_to_shopify() -> None:
    settings = ConnectorSettings.parse({})
    assert (settings.storefront, settings.refund_direction) == ("shopify", "from_netsuite")
    assert settings.from_netsuite and not settings.to_netsuite
    assert not settings.only_cash_refund_against_matching_record  # Oracle: leave both unchecked


def test_both_directions_need_the_explicit_override() -> None:
    with pytest.raises(SettingsError) as refused:
        ConnectorSettings.parse({"refund_direction": "both"})
    assert refused.value.field == "refund_direction" and "both directions" in refused.value.message
    both = ConnectorSettings.parse({"refund_direction": "both", "allow_both_directions": True})
    assert both.to_netsuite and both.from_netsuite


@pytest.mark.parametrize("raw, field", [
    ({"colour": "red"}, "colour"),
    ({"storefront": "amazon"}, "storefront"),
    ({"refund_direction": "sideways"}, "refund_direction"),
    ({"scheduled_sync": "yes"}, "scheduled_sync"),
    ({"positive_adjustment_item": "Refund Item"}, "positive_adjustment_item"),
    ({"positive_adjustment_item": True}, "positive_adjustment_item"),
    ({"currency_ids": {"USD": "one"}}, "currency_ids"),
    ({"currency_ids": {"usd": "1"}}, "currency_ids"),
    ({"currency_ids": {}}, "currency_ids"),
    ({"currency_ids": {"USD": "1", "CAD": "1"}}, "currency_ids"),
    ({"max_attempts": 0}, "max_attempts"),
    ({"storefront": "magento", "magento_shipping_display": "incl"}, "magento_shipping_display"),
    ({"magento_shipping_display": "including_tax"}, "magento_shipping_display"),
    ({"storefront": "woocommerce", "woocommerce_fee_item": "Gift wrap"}, "woocommerce_fee_item"),
    ({"storefront": "woocommerce", "woocommerce_fee_item": True}, "woocommerce_fee_item"),
    ({"woocommerce_fee_item": "812"}, "woocommerce_fee_item"),
])
def test_bad_settings_are_refused_naming_the_setting(raw, field) -> None:
    with pytest.raises(SettingsError) as refused:
        ConnectorSettings.parse(raw)
    assert refused.value.field == field


def test_adjustment_items_are_internal_ids() -> None:
    settings = ConnectorSettings.parse({"positive_adjustment_item": 812, "negative_adjustment_item": "813"})
    assert (settings.positive_adjustment_item, settings.negative_adjustment_item) == ("812", "813")
    assert ConnectorSettings.parse({"currency_ids": {"USD": 1, "EUR": "4"}}).currency_ids == {"USD": "1", "EUR": "4"}
    # Saved in NetSuite's plain form: the connector matches a refund's currency id ("1") to it as text.
    assert ConnectorSettings.parse({"currency_ids": {"USD": "01", "EUR": "004"}}).currency_ids == {"USD": "1", "EUR": "4"}


@pytest.mark.parametrize("storefront", ["magento", "woocommerce"])
@pytest.mark.parametrize("direction, override", [("to_netsuite", False), ("both", True)])
def test_a_shopping_cart_syncs_refunds_from_netsuite_only(storefront: str, direction: str, override: bool) -> None:
    """A cart's connector has one refund workflow (Oracle's best practice for carts): its account takes
    no refund sync to NetSuite, not even to reproduce the bidirectional conflict."""
    assert ConnectorSettings.parse({"storefront": storefront}).from_netsuite
    with pytest.raises(SettingsError) as refused:
        ConnectorSettings.parse({"storefront": storefront, "refund_direction": direction,
                                 "allow_both_directions": override})
    assert refused.value.field == "refund_direction" and "from NetSuite to the storefront only" in refused.value.message


_SHARED = ("{first} and {second} both map to NetSuite currency {id}: map each ISO currency code to a NetSuite "
           "currency of its own (a refund in currency {id} cannot say which of them it is in, and orders in both "
           "would be booked in one currency)")


@pytest.mark.parametrize("raw, message", [
    # The values an API caller sends (JSON), a profile writes (YAML) and a step is given, said in
    # their words: not Python's ('must be a bool, not int', "'usd'").
    ({"scheduled_sync": 5}, "must be true or false"),
    ({"scheduled_sync": "yes"}, "must be true or false"),
    ({"allow_both_directions": None}, "must be true or false"),
    ({"storefront": 5}, "must be one of shopify, ebay, magento, woocommerce"),
    ({"refund_direction": ["both"]}, "must be one of off, to_netsuite, from_netsuite, both"),
    ({"max_attempts": 11}, "must be a whole number from 1 to 10"),
    ({"max_attempts": 2.5}, "must be a whole number from 1 to 10"),
    ({"storefront": "magento", "magento_shipping_display": ["both"]},
     "must be one of excluding_tax, including_tax, both"),
    ({"storefront": "woocommerce", "magento_shipping_display": "including_tax"},
     "is a Magento store's setting: a woocommerce account has no Magento store (leave it out)"),
    ({"storefront": "woocommerce", "woocommerce_fee_item": "Gift wrap"},
     "must be the internal id of an Other Charge for Sale item (digits)"),
    ({"storefront": "magento", "woocommerce_fee_item": "812"},
     "is a WooCommerce store's setting: a magento account has no WooCommerce fee lines (leave it out)"),
    ({"currency_ids": {"usd": "1"}}, '"usd" is not an ISO currency code: write three capital letters, such as USD'),
    ({"currency_ids": {"USD": "one"}}, 'USD: "one" is not a NetSuite currency internal id: write its digits, such as "1"'),
    ({"currency_ids": {"USD": None}}, 'USD: null is not a NetSuite currency internal id: write its digits, such as "1"'),
    ({"currency_ids": {"USD": True}}, 'USD: true is not a NetSuite currency internal id: write its digits, such as "1"'),
    ({"currency_ids": {"USD": {"id": 1}}}, 'USD: {"id": 1} is not a NetSuite currency internal id: write its digits, '
                                           'such as "1"'),
    # Two codes, one NetSuite currency (given as text, a number, or with a leading zero: one internal
    # id): a refund in it could not say which code it is in, and both codes' orders would be booked in it.
    ({"currency_ids": {"USD": "1", "GBP": "2", "CAD": 1}}, _SHARED.format(first="USD", second="CAD", id=1)),
    ({"currency_ids": {"EUR": "04", "AUD": "4"}}, _SHARED.format(first="EUR", second="AUD", id=4)),
])
def test_a_refusal_says_the_value_in_the_words_it_was_written_in(raw: dict, message: str) -> None:
    with pytest.raises(SettingsError) as refused:
        ConnectorSettings.parse(raw)
    assert refused.value.message == message


def test_a_magento_account_says_how_its_store_displays_shipping() -> None:
    """The store's Display Shipping Amount, which decides whether Magento reads a credit memo's
    shipping with its tax: excluding it by default (Magento's), as any account that is not Magento's."""
    assert ConnectorSettings.parse({}).magento_shipping_display == "excluding_tax"
    for display in ("excluding_tax", "including_tax", "both"):
        assert ConnectorSettings.parse({"storefront": "magento", "magento_shipping_display": display}).magento_shipping_display == display
    assert ConnectorSettings.parse({"storefront": "ebay", "magento_shipping_display": "excluding_tax"}).storefront == "ebay"


def test_a_woocommerce_account_names_the_item_its_fees_sync_against() -> None:
    """The Other Charge for Sale item a WooCommerce order's fees (``fee_lines``) sync against: none by
    default (an order with a fee then does not sync), an internal id as text (given as text or a
    whole number), and none on any account that is not WooCommerce's."""
    assert ConnectorSettings.parse({}).woocommerce_fee_item is None
    assert ConnectorSettings.parse({"storefront": "woocommerce", "woocommerce_fee_item": 814}).woocommerce_fee_item == "814"
    assert ConnectorSettings.parse({"storefront": "woocommerce", "woocommerce_fee_item": "815"}).woocommerce_fee_item == "815"
    assert ConnectorSettings.parse({"storefront": "shopify", "woocommerce_fee_item": None}).woocommerce_fee_item is None
