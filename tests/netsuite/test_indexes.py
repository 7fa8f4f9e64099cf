"""The text indexes (externalId, email, itemId, tranId) answer exactly what reading every record
answers: the case rules of ``IS`` (ignores case) and of SuiteQL's ``=`` (does not), after a
patch, after a delete, with several records sharing a value, and with a literal that is not text."""

from __future__ import annotations

from typing import Any

import pytest

from simulators.clients import NetSuiteClient
from simulators.netsuite import models, suiteql
from tests.netsuite.conftest import order_body


@pytest.fixture
def records(netsuite: NetSuiteClient, catalogue: dict[str, str]) -> dict[str, str]:
    out = dict(catalogue)
    out["twin"] = netsuite.create("customer", {"lastName": "Twin", "email": "ADA@example.com"})  # same email, other case
    out["gone"] = netsuite.create("customer", {"lastName": "Gone", "email": "gone@example.com", "externalId": "GONE-1"})
    netsuite.delete("customer", out["gone"])
    out["moved"] = netsuite.create("customer", {"lastName": "Moved", "email": "before@example.com"})
    netsuite.patch("customer", out["moved"], {"email": "after@example.com", "externalId": "Moved-1"})
    out["so"] = netsuite.create("salesOrder", order_body(catalogue, externalId="Shop-1001", tranId="01001"))
    out["so2"] = netsuite.create("salesOrder", order_body(catalogue, externalId="SHOP-1002"))
    out["item2"] = netsuite.create("inventoryItem", {"itemId": "sku-1", "externalId": "INV-1"})  # SKU-1 in another case
    return out


REST = [
    ("customer", 'email IS "ada@example.com"'),
    ("customer", 'email IS "ADA@EXAMPLE.COM"'),
    ("customer", 'email IS "gone@example.com"'),
    ("customer", 'email IS "before@example.com"'),
    ("customer", 'email IS "after@example.com"'),
    ("customer", 'email IS "after@example.com" OR email IS "ada@example.com"'),
    ("customer", 'externalId IS "moved-1"'),
    ("customer", 'externalId IS "GONE-1"'),
    ("customer", 'email IS_NOT "ada@example.com"'),
    ("salesOrder", 'externalId IS "shop-1001"'),
    ("salesOrder", 'externalId IS "SHOP-1002" AND tranId IS "01001"'),
    ("salesOrder", "tranId IS 01001"),
    ("salesOrder", "tranId IS 1001"),
    ("nonInventorySaleItem", 'itemId IS "sku-1"'),
    ("inventoryItem", 'itemId IS "SKU-1"'),
]

SUITEQL = [
    "SELECT id FROM customer WHERE email = 'ada@example.com'",
    "SELECT id FROM customer WHERE email = 'ADA@example.com'",
    "SELECT id FROM customer WHERE email IN ('after@example.com', 'before@example.com', 'ADA@example.com')",
    "SELECT id FROM customer WHERE externalid = 'Moved-1'",
    "SELECT id FROM customer WHERE externalid = 'moved-1'",
    "SELECT id FROM transaction WHERE externalid = 'Shop-1001'",
    "SELECT id FROM transaction WHERE externalid = 'SHOP-1001'",
    "SELECT id FROM transaction WHERE tranid = '01001'",
    "SELECT id FROM transaction WHERE tranid = 1001",
    "SELECT id FROM transaction WHERE tranid = '1001' AND type = 'SalesOrd'",
    "SELECT id FROM item WHERE itemid = 'sku-1'",
    "SELECT id FROM item WHERE itemid = 'SKU-1'",
    "SELECT id FROM item WHERE externalid = 'INV-1'",
]


@pytest.fixture
def scanning(monkeypatch: pytest.MonkeyPatch):
    """Turns every index off, so a query reads every record (the reference answer)."""
    def off() -> None:
        monkeypatch.setattr(models.NetSuiteAccount, "_candidates", lambda self, spec, node: None)
        for make in list(suiteql.TABLES):
            original = suiteql.TABLES[make]

            def unindexed(account: Any, original: Any = original) -> suiteql.Table:
                table = original(account)
                table.indexes = {}
                return table
            monkeypatch.setitem(suiteql.TABLES, make, unindexed)
    return off


def test_indexed_lookups_answer_what_a_full_scan_answers(netsuite: NetSuiteClient, records: dict[str, str], scanning) -> None:
    indexed_rest = [sorted(netsuite.query(t, q)) for t, q in REST]
    indexed_sql = [sorted(row["id"] for row in netsuite.suiteql(q)) for q in SUITEQL]
    scanning()
    assert indexed_rest == [sorted(netsuite.query(t, q)) for t, q in REST]
    assert indexed_sql == [sorted(row["id"] for row in netsuite.suiteql(q)) for q in SUITEQL]
    # and the answers are the rules', not an empty agreement
    assert indexed_rest[0] == sorted([records["customer"], records["twin"]])  # IS ignores case
    assert indexed_rest[2] == [] and indexed_rest[3] == [] and indexed_rest[4] == [records["moved"]]
    assert indexed_rest[6] == [records["moved"]] and indexed_rest[9] == [records["so"]]
    assert indexed_rest[12] == [records["so2"]]  # numbered 1001 by the account; "01001" is not "1001" as text
    assert indexed_sql[0] == [records["customer"]] and indexed_sql[1] == [records["twin"]]  # = does not
    assert indexed_sql[4] == [] and indexed_sql[7] == [records["so"]]
    assert records["so"] in indexed_sql[8]  # tranid = 1001 compares as numbers: "01001" matches


def test_lookups_use_the_indexes(netsuite: NetSuiteClient, records: dict[str, str], simulator_app, tenant,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    account = simulator_app.extensions["refundsim.tenants"].get(tenant["tenant"]).state("netsuite")

    def no_scan(*args: Any) -> Any:
        raise AssertionError("a full scan")
    monkeypatch.setattr(account, "records", no_scan)
    monkeypatch.setattr(account, "transactions", no_scan)
    monkeypatch.setitem(account._records, "customer", _Unreadable(account._records["customer"]))
    assert netsuite.query("customer", 'email IS "ada@example.com"') == sorted([records["customer"], records["twin"]])
    assert [r["id"] for r in netsuite.suiteql("SELECT id FROM customer WHERE email = 'ada@example.com'")] == [records["customer"]]
    assert [r["id"] for r in netsuite.suiteql("SELECT id FROM transaction WHERE tranid = '01001'")] == [records["so"]]


class _Unreadable(dict):
    """A record table whose values may not be walked (a scan), only looked up by id."""

    def values(self) -> Any:
        raise AssertionError("a full scan")
