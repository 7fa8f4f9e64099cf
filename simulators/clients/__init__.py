"""Thin clients of the vendor APIs as a real integration calls them: requests + requests-oauthlib
for NetSuite Token-Based Authentication, Magento integrations and WooCommerce over plain HTTP, an
access-token header for Shopify, a bearer token for eBay.

Used by the reference connector and by the harness's action clients, so both speak exactly the
protocol a connector in production speaks. A non-2xx answer raises :class:`VendorError` carrying the
vendor's status and error body.
"""

from __future__ import annotations

from .base import VendorError
from .control import ControlPlaneClient
from .ebay import EbayClient
from .magento import MagentoClient
from .netsuite import NetSuiteClient
from .shopify import ShopifyClient
from .woocommerce import WooCommerceClient, WooCommerceError

__all__ = ["VendorError", "ControlPlaneClient", "EbayClient", "MagentoClient", "NetSuiteClient", "ShopifyClient",
           "WooCommerceClient", "WooCommerceError"]
