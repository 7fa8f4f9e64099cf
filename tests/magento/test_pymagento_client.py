"""PyMagento (``pymagento`` on PyPI, Bixoto's maintained Magento 2 REST client), unchanged, against the
live simulator: it authenticates with the integration's access token as a bearer token (so the
store allows it), reads orders by entity id and increment id, pages through ``searchCriteria``
searches, invoices, refunds through the raw API and reads Magento's errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import magento as pymagento
import pytest

from harness.transports import LiveTransport
from simulators.clients import ControlPlaneClient

from .conftest import ORDER, MagentoSim, items_of


@pytest.fixture
def store(live: LiveTransport) -> Iterator[dict[str, Any]]:
    control = ControlPlaneClient(live.base_url)
    tenant = control.create_tenant(seed=21, settings={"magento": {"integration_as_bearer": True}})
    yield tenant
    control.delete_tenant(tenant["tenant"])


@pytest.fixture(params=["default", "all"])
def client(request: pytest.FixtureRequest, live: LiveTransport, store: dict[str, Any]) -> pymagento.Magento:
    """PyMagento as its README sets it up (``scope`` "default" calls ``/rest/V1``, "all" ``/rest/all/V1``)."""
    return pymagento.Magento(token=store["magento"]["access_token"], base_url=live.base_url, scope=request.param)


def test_orders_are_read_by_id_and_increment_id_and_paged(client: pymagento.Magento, live, store) -> None:
    sim = MagentoSim(live.base_url, store["tenant"])
    created = [sim.order(**ORDER) for _ in range(3)]
    first = created[0]
    assert client.get_order(first["entity_id"]) == first
    found = client.get_order_by_increment_id(first["increment_id"])
    assert found is not None and found["entity_id"] == first["entity_id"]
    with pytest.raises(pymagento.MagentoException) as missing:
        client.get_order(999_999)
    assert str(missing.value) == "The entity that was requested doesn't exist. Verify the entity and try again."
    assert client.get_total_orders_count() == 3
    # Paging one order at a time: PyMagento stops at total_count (Magento repeats the last page).
    paged = list(client.get_orders(status="processing", page_size=1))
    assert sorted(o["entity_id"] for o in paged) == sorted(o["entity_id"] for o in created)
    assert [o["increment_id"] for o in client.get_last_orders(limit=2)] == sorted(
        (o["increment_id"] for o in created), reverse=True)[:2]


def test_invoices_and_credit_memos_are_found_and_refunds_go_through(client: pymagento.Magento, live, store) -> None:
    sim = MagentoSim(live.base_url, store["tenant"])
    pending = sim.order(**ORDER, invoice="none")
    invoice_id = client.create_order_invoice(pending["entity_id"], {"capture": True})
    [invoice] = client.get_order_invoices(pending["entity_id"])
    assert invoice["entity_id"] == int(invoice_id) and client.get_invoice(int(invoice_id))["grand_total"] == 40.5
    tea = items_of(pending)["TEA-1"]
    memo_id = client.post_json_api(f"/V1/order/{pending['entity_id']}/refund", json={
        "items": [{"order_item_id": tea, "qty": 1}], "arguments": {"shipping_amount": 0}})
    memos = list(client.get_credit_memos(query=pymagento.make_field_value_query("order_id", pending["entity_id"])))
    assert [m["entity_id"] for m in memos] == [memo_id] and memos[0]["grand_total"] == 8


def test_magentos_errors_reach_the_client_with_their_parameters(client: pymagento.Magento, live, store) -> None:
    order = MagentoSim(live.base_url, store["tenant"]).order(**ORDER)
    with pytest.raises(pymagento.MagentoException) as shipping:
        client.post_json_api(f"/V1/order/{order['entity_id']}/refund", json={"arguments": {"shipping_amount": 9}})
    assert shipping.value.parameters == ["$5.00"]
    assert str(shipping.value) == "Maximum shipping amount allowed to refund is: $5.00"
    client.post_json_api(f"/V1/order/{order['entity_id']}/refund", json={})
    with pytest.raises(pymagento.MagentoException) as closed:
        client.post_json_api(f"/V1/order/{order['entity_id']}/refund", json={})
    assert "an order has a status of closed" in str(closed.value)


def test_without_the_stores_permission_the_bearer_token_is_a_guest(live: LiveTransport) -> None:
    tenant = ControlPlaneClient(live.base_url).create_tenant(seed=22)
    api = pymagento.Magento(token=tenant["magento"]["access_token"], base_url=live.base_url, scope="default")
    with pytest.raises(pymagento.MagentoException) as refused:
        api.request_api("GET", "/V1/orders/1", throw=True)
    assert str(refused.value) == "The consumer isn't authorized to access Magento_Sales::actions_view."
