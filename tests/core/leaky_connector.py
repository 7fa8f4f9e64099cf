"""A connector that says its tenant's credentials every way a connector might (tests/core/test_report_secrets.py):
in its logs, on its standard output and error, in its refusal of settings and in an exception, each
credential as itself and in the forms a quote takes — a header's value, HTTP Basic's base64 of a key
and its secret, percent-encoded, an OAuth header's parameters. It works as the reference connector
otherwise. A report of a run with it must hold none of them."""

from __future__ import annotations

import base64
import logging
import sys
from typing import Any
from urllib.parse import quote

from simulators.connector.errors import SettingsError
from simulators.connector.protocol import ConnectorContext, RetrieveResult
from simulators.connector.reference import ReferenceConnector

log = logging.getLogger("acme.connector")


class LeakyConnector(ReferenceConnector):
    def __init__(self, context: ConnectorContext) -> None:
        woo, shop, ebay, netsuite = context.woocommerce, context.shopify, context.ebay, context.netsuite
        self._basic = "Basic " + base64.b64encode(f"{woo['consumer_key']}:{woo['consumer_secret']}".encode()).decode()
        self._store_key = f"{woo['consumer_key']} / {woo['consumer_secret']}"
        log.warning("calling with %s", {"X-Shopify-Access-Token": shop["access_token"], "Authorization": self._basic})
        log.warning("eBay at https://api.ebay.com/sell?token=%s, as sent: %s", quote(ebay["access_token"], safe=""),
                    quote(ebay["access_token"], safe=""))
        log.debug('Authorization: OAuth realm="%s",oauth_consumer_key="%s",oauth_token="%s",oauth_signature="c2lnbmVk"',
                  netsuite["account_id"], netsuite["consumer_key"], netsuite["token_id"])
        print(f"client_key={netsuite['consumer_key']}, client_secret={netsuite['consumer_secret']}")
        print(f"Authorization: Bearer {ebay['access_token']}", file=sys.stderr)
        try:
            super().__init__(context)
        except SettingsError as exc:
            raise ValueError(f"cannot activate store key {self._store_key}: {exc}") from None

    def update_settings(self, settings: dict[str, Any]) -> None:
        try:
            super().update_settings(settings)
        except SettingsError as exc:
            raise ValueError(f"cannot activate store key {self._store_key}: {exc}") from None

    def retrieve_refunds(self, source_channel: str, order_id: str) -> RetrieveResult:
        try:
            return super().retrieve_refunds(source_channel, order_id)
        finally:
            log.error("retrieved with headers {'Authorization': '%s'}", self._basic)
            if source_channel == "netsuite":
                raise RuntimeError(f"lost the line after sending {{'Authorization': '{self._basic}'}}")


def create_connector(context: ConnectorContext) -> LeakyConnector:
    return LeakyConnector(context)
