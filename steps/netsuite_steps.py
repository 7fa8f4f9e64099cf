"""Steps about NetSuite, done as a NetSuite user would: billing orders and refunding them."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given

from simulators.clients import NetSuiteClient


@given("the order has been billed in NetSuite as a cash sale", target_fixture="billed_record")
def billed_as_cash_sale(netsuite: NetSuiteClient, storefront_order: dict[str, Any]) -> dict[str, Any]:
    sales_order = netsuite.get("salesOrder", f"eid:{storefront_order['id']}")
    cash_sale_id = netsuite.transform("salesOrder", sales_order["id"], "cashSale")
    return netsuite.get("cashSale", cash_sale_id)


@given("a cash refund has been created from the cash sale", target_fixture="netsuite_refund")
def cash_refund_from_cash_sale(netsuite: NetSuiteClient, billed_record: dict[str, Any]) -> dict[str, Any]:
    refund_id = netsuite.transform("cashSale", billed_record["id"], "cashRefund")
    return netsuite.get("cashRefund", refund_id)
