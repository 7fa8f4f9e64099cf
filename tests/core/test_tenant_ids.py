"""Tenant ids nobody can guess (128 random bits), and the ids derived from a tenant kept valid for
their vendor: the NetSuite account id (``realm``, the account's host name) and the Shopify shop
domain. Seeded runs still replay byte for byte: tests/core/test_determinism.py."""

from __future__ import annotations

import re

import pytest

from simulators.core import tenants as tenants_module
from simulators.core.tenants import TenantRegistry

#: A DNS label (RFC 1123): what ``<shop>.myshopify.com`` and ``<account>.suitetalk.api.netsuite.com`` need.
_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def test_a_tenant_id_holds_128_random_bits_not_drawn_from_its_seed() -> None:
    registry = TenantRegistry()
    made = [registry.create(seed=7) for _ in range(50)]
    for tenant in made:
        assert re.fullmatch(r"t-[0-9a-f]{32}", tenant.id), tenant.id
    assert len({t.id for t in made}) == 50  # one seed, fifty tenants, fifty ids
    # Every hex digit shows up in every position over fifty ids only if they are really random.
    assert all(len({t.id[i] for t in made}) > 4 for i in range(2, 34))


def test_the_shop_domain_and_the_netsuite_account_stay_valid_for_their_vendor() -> None:
    tenant = TenantRegistry().create()
    shop, _, domain = tenant.shopify.shop.partition(".")
    assert domain == "myshopify.com" and shop == tenant.id and _LABEL.fullmatch(shop)
    account = tenant.netsuite.account_id
    assert re.fullmatch(r"TSTDRV[1-9]\d{6}", account), account  # a test drive account, as NetSuite numbers them
    assert _LABEL.fullmatch(account.lower().replace("_", "-"))  # its host name: <account>.suitetalk.api.netsuite.com
    # The account id is in every request's realm: it must not give the tenant id away.
    assert account[6:].lower() not in tenant.id and tenant.id[2:8].upper() not in account


def test_no_two_live_tenants_share_a_netsuite_account(monkeypatch: pytest.MonkeyPatch) -> None:
    """Even when the random draws collide (forced here); a deleted tenant's account id is free again."""
    draws = iter([5, 5, 5, 6, 5])
    monkeypatch.setattr(tenants_module.secrets, "randbelow", lambda n: next(draws))
    registry = TenantRegistry()
    first, second = registry.create(seed=1), registry.create(seed=1)
    assert (first.netsuite.account_id, second.netsuite.account_id) == ("TSTDRV1000005", "TSTDRV1000006")
    registry.delete(first.id)
    assert registry.create(seed=1).netsuite.account_id == "TSTDRV1000005"
