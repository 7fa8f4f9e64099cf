"""Fixtures of the NetSuite simulator's tests: a customer and an item to sell, and the body of a
sales order for them."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from simulators.clients import NetSuiteClient


@pytest.fixture
def catalogue(netsuite: NetSuiteClient) -> dict[str, str]:
    """Ada, a customer in USD who buys in each of the account's currencies (her Currencies subtab
    lists all six: a transaction must be in one of its customer's), and an item."""
    every = [{"currency": {"id": str(currency)}} for currency in range(2, 7)]
    customer = netsuite.create("customer", {"firstName": "Ada", "lastName": "Lovelace", "isPerson": True,
                                            "email": "ada@example.com", "externalId": "CUST-1",
                                            "currencyList": {"items": every}})
    item = netsuite.create("nonInventorySaleItem", {"itemId": "SKU-1", "basePrice": 10.0, "externalId": "SKU-1"})
    return {"customer": customer, "item": item}


def order_body(catalogue: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "entity": {"id": catalogue["customer"]},
        "shippingCost": 5.0,
        "item": {"items": [{"item": {"id": catalogue["item"]}, "quantity": 2, "rate": 10.005}]},
        **extra,
    }


def raw(netsuite: NetSuiteClient, method: str, path: str, **kwargs: Any) -> requests.Response:
    """A request under `record/v1` signed as the client signs, for what the client would never send."""
    return netsuite.session.request(method, f"{netsuite.root}{path}", **kwargs)
