"""Shopify's leaky bucket per shop: the call-limit header on every REST answer, 429 with
Retry-After past it, the leak on the tenant's clock (tests move the clock, they never sleep), and the
per-tenant settings (tenant settings and the control plane), including turning it off."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from simulators.clients import ControlPlaneClient, ShopifyClient, VendorError

from .conftest import ORDER

THROTTLED = {"errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}


def _get(shopify: ShopifyClient, path: str = "/orders.json") -> requests.Response:
    return shopify.session.get(f"{shopify.root}{path}")


def _shop_with(simulators, control: ControlPlaneClient, settings: dict[str, Any]) -> tuple[dict[str, Any], ShopifyClient]:
    created = control.create_tenant(seed=1, settings={"shopify": settings})
    return created, ShopifyClient(simulators.base_url, created["shopify"])


def test_every_rest_answer_says_how_full_the_bucket_is(shopify) -> None:
    created = shopify.session.post(f"{shopify.root}/orders.json", json={"order": ORDER})
    assert created.headers["X-Shopify-Shop-Api-Call-Limit"] == "1/40"
    missing = _get(shopify, "/orders/1.json")
    assert (missing.status_code, missing.headers["X-Shopify-Shop-Api-Call-Limit"]) == (404, "2/40")
    refused = shopify.session.post(f"{shopify.root}/orders.json", json={"order": {"line_items": []}})
    assert (refused.status_code, refused.headers["X-Shopify-Shop-Api-Call-Limit"]) == (422, "3/40")


def test_past_the_bucket_the_answer_is_429_until_the_clock_lets_it_leak(control, tenant, shopify) -> None:
    for n in range(1, 41):
        assert _get(shopify).headers["X-Shopify-Shop-Api-Call-Limit"] == f"{n}/40"
    throttled = _get(shopify)
    assert throttled.status_code == 429 and throttled.json() == THROTTLED
    assert throttled.headers["Retry-After"] == "2.0"
    assert throttled.headers["X-Shopify-Shop-Api-Call-Limit"] == "40/40"
    with pytest.raises(VendorError) as refused:  # a throttled write is not made
        shopify.create_order(ORDER)
    assert refused.value.status == 429
    control.advance_clock(tenant["tenant"], 1)  # 2 calls leak per second
    assert [_get(shopify).status_code for _ in range(3)] == [200, 200, 429]
    control.advance_clock(tenant["tenant"], float(throttled.headers["Retry-After"]))
    assert _get(shopify).headers["X-Shopify-Shop-Api-Call-Limit"] == "37/40"
    control.advance_clock(tenant["tenant"], 60)
    assert _get(shopify).headers["X-Shopify-Shop-Api-Call-Limit"] == "1/40"
    assert shopify.orders() == []  # the throttled create made nothing


def test_each_shop_has_its_own_bucket(simulators, control, shopify) -> None:
    for _ in range(40):
        _get(shopify)
    assert _get(shopify).status_code == 429
    _, other = _shop_with(simulators, control, {})
    assert _get(other).headers["X-Shopify-Shop-Api-Call-Limit"] == "1/40"


def test_bucket_size_and_leak_rate_are_set_per_tenant(simulators, control) -> None:
    created, shopify = _shop_with(simulators, control, {"bucket_size": 3, "leak_rate": 0.5})
    assert [_get(shopify).status_code for _ in range(4)] == [200, 200, 200, 429]
    throttled = _get(shopify)
    assert throttled.json() == {"errors": "Exceeded 0.5 calls per second for api client. "
                                          "Reduce request rates to resume uninterrupted service."}
    control.advance_clock(created["tenant"], 2)
    assert _get(shopify).headers["X-Shopify-Shop-Api-Call-Limit"] == "3/3"
    assert _get(shopify).status_code == 429


@pytest.mark.parametrize("settings", [{"rate_limit": False}, {"bucket_size": None}, {"leak_rate": None}])
def test_the_limit_can_be_turned_off(simulators, control, settings) -> None:
    _, shopify = _shop_with(simulators, control, settings)
    answers = [_get(shopify) for _ in range(60)]
    assert {a.status_code for a in answers} == {200}
    assert "X-Shopify-Shop-Api-Call-Limit" not in answers[-1].headers


def test_the_control_plane_reads_and_changes_the_limit(simulators, control, tenant, shopify) -> None:
    url = f"{control.root}/tenants/{tenant['tenant']}/shopify/rate-limit"
    _get(shopify)
    assert requests.get(url).json() == {"rate_limit": True, "bucket_size": 40, "leak_rate": 2.0, "used": 1}
    assert requests.put(url, json={"used": 40}).json()["used"] == 40
    assert _get(shopify).status_code == 429
    assert requests.put(url, json={"rate_limit": False}).json()["rate_limit"] is False
    assert _get(shopify).status_code == 200
    changed = requests.put(url, json={"rate_limit": True, "bucket_size": 10, "used": 0}).json()
    assert changed == {"rate_limit": True, "bucket_size": 10, "leak_rate": 2.0, "used": 0}
    assert _get(shopify).headers["X-Shopify-Shop-Api-Call-Limit"] == "1/10"
    for bad in ({"bucket_size": 0}, {"leak_rate": -1}, {"rate_limit": "no"}, {"used": 11}, {"burst": 5}):
        answer = requests.put(url, json=bad)
        assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_body", bad
    assert requests.get(url).json()["bucket_size"] == 10
    assert requests.get(f"{control.root}/tenants/t-nobody/shopify/rate-limit").status_code == 404


@pytest.mark.parametrize("settings", [{"bucket_size": 0}, {"bucket_size": "40"}, {"leak_rate": 0}, {"rate_limit": 1}, "fast"])
def test_invalid_tenant_settings_are_refused_at_creation(control, settings) -> None:
    with pytest.raises(VendorError) as refused:
        control.create_tenant(settings={"shopify": settings})
    assert refused.value.status == 400 and "settings.shopify" in refused.value.message


def test_graphql_is_not_counted_in_the_rest_bucket(shopify) -> None:
    answer = shopify.session.post(f"{shopify.root}/graphql.json", json={"query": "{ shop { name } }"})
    assert answer.status_code == 200 and "X-Shopify-Shop-Api-Call-Limit" not in answer.headers
    assert answer.json()["extensions"]["cost"]["throttleStatus"]["maximumAvailable"] == 2000.0
    assert _get(shopify).headers["X-Shopify-Shop-Api-Call-Limit"] == "1/40"
