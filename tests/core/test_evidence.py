"""Evidence and its categories: how a step's HTTP exchanges are attached, which category the
report files a failure under (the same in the harness and in Allure 3's JavaScript), and how an
exception that escapes the connector under test becomes a connector defect."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests

from harness import evidence
from harness.connector import DrivenConnector, secrets_of, start_connector
from harness.expectations import KINDS, ConnectorDefect, Refunded, categories, equal, said
from harness.evidence import (
    CATEGORIES,
    attach_exchanges,
    category_of,
    write_results_metadata,
)
from simulators.connector.protocol import ConnectorContext, OrderSyncResult, OtherTransaction

ROOT = Path(__file__).resolve().parents[2]

#: (status, message as allure-pytest-bdd writes it, the category it must land in)
FAILURES = [
    ("failed", "ConnectorDefect: Refund doubled: expected exactly 1 refund on Shopify order 5625, found 2",
     "Connector defect: refund doubled"),
    ("failed", "ConnectorDefect: Amount differs: expected Shopify to have refunded 41.94, found 41.00",
     "Connector defect: amount differs"),
    ("failed", "ConnectorDefect: Status differs: expected refund OT-00001 to be 'Posted', found 'Error'\nmore",
     "Connector defect: status differs"),
    ("failed", ("ConnectorDefect: Connector raised: expected the connector's post of refund OT-00001 (method post) "
                "to return a result, "
                "it raised requests.exceptions.ConnectionError: ('Connection aborted.',)"), "Connector defect: connector raised"),
    ("failed", "AssertionError: expected exactly 1 refund(s), found 2\nassert 2 == 1", "Connector defect: other"),
    ("failed", ("ConnectorDefect: Status differs: expected refund OT-00001 to be 'Posted', found 'Error' with error: "
                "Unexpected simulator error: KeyError."), "Simulator errors"),
    ("broken", ("simulators.clients.base.VendorError: netsuite GET http://refundsim.invalid/services/rest/record/v1/"
                "salesOrder/1 -> 500: Unexpected simulator error: KeyError."), "Simulator errors"),
    ("broken", "ScenarioError: unknown storefront \"etsy\": use one of Shopify | eBay", "Harness errors"),
    ("failed", "AssertionError: a buyer's return request is an eBay step: use an eBay connector account",
     "Harness errors"),
    ("broken", "TypeError: expected str, got int", "Harness errors"),
    ("passed", "", None),
]
#: One sample message of every kind of connector defect: each lands in its own category.
FAILURES += [("failed", f"ConnectorDefect: {label}: expected a, found b",
              f"Connector defect: {label[0].lower()}{label[1:]}") for label in KINDS.values()]


@pytest.mark.parametrize(("status", "message", "category"), FAILURES)
def test_a_failure_is_filed_under_its_category(status: str, message: str, category: str | None) -> None:
    assert category_of(status, message) == category


def test_allure_3_files_failures_the_same_way() -> None:
    """Allure 3 matches categories in JavaScript (first match, ``RegExp.test``): the same regexes
    must give the same answers there (JavaScript has no inline flags such as ``(?s)``)."""
    node = shutil.which("node")
    assert node, "Node.js is a prerequisite (README): it renders the report"
    script = """
const [categories, failures] = JSON.parse(require("fs").readFileSync(0, "utf8"));
const filed = failures.map(([status, message]) => {
  const hit = categories.find((c) => c.matchedStatuses.includes(status)
    && (c.messageRegex === undefined || new RegExp(c.messageRegex).test(message)));
  return hit ? hit.name : null;
});
process.stdout.write(JSON.stringify(filed));
"""
    done = subprocess.run([node, "-e", script], input=json.dumps([CATEGORIES, FAILURES]),
                          capture_output=True, text=True, check=True, timeout=30)
    assert json.loads(done.stdout) == [category for _, _, category in FAILURES]


def test_the_categories_file_is_the_one_the_harness_generates() -> None:
    """harness/categories.json is what ``python -m harness.expectations`` prints (one kind → one category)."""
    assert json.loads((ROOT / "harness" / "categories.json").read_text(encoding="utf-8")) == categories()


def test_the_report_and_the_results_read_one_categories_file(tmp_path: Path) -> None:
    write_results_metadata(str(tmp_path), {"connector": "x"})
    written = json.loads((tmp_path / "categories.json").read_text(encoding="utf-8"))
    assert written == json.loads((ROOT / "harness" / "categories.json").read_text(encoding="utf-8"))
    # allurerc.mjs, in harness/report/, reads it by its path relative to itself.
    assert '"../categories.json"' in (ROOT / "harness" / "report" / "allurerc.mjs").read_text(encoding="utf-8")


def _entry(method: str, path: str, status: int, note: str = "", ignored: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"service": "shopify", "method": method, "url": f"http://refundsim.invalid{path}?limit=1",
            "status": status, "at": "2026-03-02T15:00:00Z", "note": note, "ignored": list(ignored),
            "request_headers": {"X-Shopify-Access-Token": "***"}, "request_body": '{"refund": {}}',
            "response_headers": {"Content-Type": "application/json"}, "response_body": '{"errors": "x"}'}


def test_a_steps_exchanges_are_one_attachment_named_by_what_went_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    attached: list[tuple[str, str]] = []
    monkeypatch.setattr(evidence.allure, "attach", lambda body, name, attachment_type: attached.append((name, body)))
    attach_exchanges([
        _entry("GET", "/admin/api/2025-01/orders/1/refunds.json", 200),
        _entry("POST", "/admin/api/2025-01/orders/1/refunds.json", 503, "fault f1 fired: answered 503"),
        _entry("POST", "/admin/api/2025-01/orders/1/refunds.json", 201),
    ])
    attach_exchanges([_entry("GET", "/admin/api/2025-01/orders/1.json", 200)])
    attach_exchanges([])
    (name, body), (single_name, single_body) = attached
    assert name == "HTTP: 3 exchanges (status 503; a fault fired)"
    assert body.splitlines()[:3] == [
        "1. shopify: GET /admin/api/2025-01/orders/1/refunds.json?limit=1 → 200",
        "2. shopify: POST /admin/api/2025-01/orders/1/refunds.json?limit=1 → 503 (fault f1 fired: answered 503)",
        "3. shopify: POST /admin/api/2025-01/orders/1/refunds.json?limit=1 → 201",
    ]
    assert body.count("POST http://refundsim.invalid/admin/api/2025-01/orders/1/refunds.json?limit=1") == 2
    assert '"refund": {}' in body and "X-Shopify-Access-Token: ***" in body
    assert single_name == "shopify: GET /admin/api/2025-01/orders/1.json?limit=1 → 200"
    assert single_body.startswith("GET http://refundsim.invalid/admin/api/2025-01/orders/1.json?limit=1")


def test_an_exchange_whose_fields_the_vendor_ignored_says_which(monkeypatch: pytest.MonkeyPatch) -> None:
    attached: list[tuple[str, str]] = []
    monkeypatch.setattr(evidence.allure, "attach", lambda body, name, attachment_type: attached.append((name, body)))
    attach_exchanges([_entry("GET", "/orders/1.json", 200),
                      _entry("POST", "/orders/1/refunds.json", 201, "fault f1 fired: held 10 ms",
                             ignored=("note", "item.items[0].qty"))])
    [(name, body)] = attached
    assert name == "HTTP: 2 exchanges (a fault fired; fields ignored)"
    assert body.splitlines()[1] == ("2. shopify: POST /orders/1/refunds.json?limit=1 → 201 (fault f1 fired: held 10 ms; "
                                    "fields ignored: note, item.items[0].qty)")
    assert "HTTP 201  (2026-03-02T15:00:00Z, fault f1 fired: held 10 ms; fields ignored: note, item.items[0].qty)" in body


@pytest.mark.parametrize("body", [
    '{"refund": {"amount": 10.01, "lines": [1, {"sku": "A", "qty": 2}], "note": null, "ok": true}, "e": {}, "l": []}',
    '[{"id": "1"}, {"id": "2"}]',
    '{"big": 123456789012345678901234567890, "small": 1.10, "text": "café"}',  # beyond 64 bits: kept exactly
    '{"amount": NaN, "limit": Infinity}',  # not JSON, but sent: printed back as it came
    '{"overflow": 1e400}',
])
def test_a_json_body_is_printed_indented_with_every_value_as_sent(body: str) -> None:
    assert json.loads(evidence._pretty(body)) == json.loads(body) or "NaN" in body
    assert evidence._pretty(body) == json.dumps(json.loads(body), indent=2, ensure_ascii=False)


def test_a_body_that_is_not_json_is_printed_as_it_is() -> None:
    assert evidence._pretty("plain text {") == "plain text {"
    assert evidence._pretty("") == ""


def test_records_are_attached_as_indented_json_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import dataclass
    from datetime import datetime, timezone
    from decimal import Decimal

    @dataclass
    class Row:
        amount: Decimal

    attached: list[tuple[str, str]] = []
    monkeypatch.setattr(evidence.allure, "attach", lambda body, name, attachment_type: attached.append((name, body)))
    value = {"netsuite": {"salesOrder": [{"id": 7, "total": Decimal("20.00"), "at": datetime(2026, 3, 2, tzinfo=timezone.utc)}]},
             1: [Row(Decimal("1.5"))], "tuple": (1, 2), "empty": {}, "text": "é"}
    evidence.attach_json("Records after", value)
    assert attached == [("Records after", json.dumps(value, indent=2, default=str, ensure_ascii=False))]


class _Dropping:
    """A connector whose post lets a dropped connection escape (the protocol says it never raises)."""

    def post(self, transaction_id: str):
        raise requests.exceptions.ConnectionError("Connection aborted.")

    def transactions(self) -> list:
        return []


def _context(**settings: Any) -> ConnectorContext:
    return ConnectorContext(base_url="http://refundsim.invalid", tenant="t1", netsuite={}, shopify={}, ebay={},
                            settings=settings)


@pytest.mark.parametrize(("value", "words"), [
    (Decimal("25.00"), "25.00"),
    ({"MUG-1": Refunded(2, Decimal("25.00")), "TEE-2": Refunded(1, Decimal("20.00")), "tax": Refunded(0, Decimal("2.50"))},
     "MUG-1: 2 units for 25.00; TEE-2: 1 unit for 20.00; tax: 2.50"),
    ({"MUG-1": 2}, "MUG-1: 2"),
    ({}, "nothing"),
    ({"GBP", "EUR"}, "EUR, GBP"),
    (set(), "none"),
    (["cash refund 7", "credit memo 9"], "cash refund 7, credit memo 9"),
    (("Ada", "Lovelace"), "Ada, Lovelace"),
    ("Posted", "Posted"),
    # A record the connector answers, a list of tuples, nothing and a truth: Python printed them
    # as "OrderSyncResult(order_id='1001', ...)", "[('MUG-1', 2, Decimal('25.00'))]", "None", "True".
    (OrderSyncResult("1001", "Error Posting to NetSuite", None, "No item"),
     "order_id: 1001; status: Error Posting to NetSuite; sales_order_id: nothing; error_message: No item"),
    ([("MUG-1", 2, Decimal("25.00")), ("TEE-2", 1, Decimal("20.00"))], "(MUG-1, 2, 25.00), (TEE-2, 1, 20.00)"),
    ({("MUG-1", 2)}, "(MUG-1, 2)"),
    (None, "nothing"),
    (True, "true"),
    (False, "false"),
])
def test_a_failure_says_values_as_a_scenario_writes_them(value: Any, words: str) -> None:
    """QA reads "expected Shopify to have refunded MUG-1: 2 units for 25.00", never Python's
    ``{'MUG-1': (2, Decimal('25.00'))}``."""
    assert said(value) == words


def test_two_tables_that_differ_say_where() -> None:
    expected = {"MUG-1": Refunded(2, Decimal("25.00"))}
    found = {"MUG-1": Refunded(1, Decimal("12.50")), "tax": Refunded(0, Decimal("2.50"))}
    with pytest.raises(ConnectorDefect) as failed:
        equal("lines", "Shopify to have refunded", expected, found)
    assert str(failed.value) == (
        "Lines differ: expected Shopify to have refunded MUG-1: 2 units for 25.00, found MUG-1: 1 unit for 12.50; "
        "tax: 2.50 (where they differ: MUG-1: expected 2 units for 25.00, found 1 unit for 12.50; tax: expected "
        "nothing, found 2.50)")
    assert failed.value.expected == expected and failed.value.found == found
    with pytest.raises(ConnectorDefect) as failed:  # two records the connector answers: where they differ too
        equal("record", "the order's row to be", OrderSyncResult("1001", "Order Posted, Pending Fulfillment", "7"),
              OrderSyncResult("1001", "Error Posting to NetSuite"))
    assert str(failed.value).endswith(
        "(where they differ: status: expected Order Posted, Pending Fulfillment, found Error Posting to NetSuite; "
        "sales_order_id: expected 7, found nothing)"), str(failed.value)
    equal("lines", "the same", {"MUG-1": Refunded(2, Decimal("25.00"))}, {"MUG-1": (2, Decimal("25.00"))})


def test_an_exception_escaping_the_connector_is_a_connector_defect() -> None:
    driven = DrivenConnector(_Dropping())  # type: ignore[arg-type]
    assert driven.transactions() == []
    with pytest.raises(ConnectorDefect) as caught:
        driven.post("OT-00001")
    message = str(caught.value)
    assert message == ("Connector raised: expected the connector's post of refund OT-00001 (method post) to return a "
                       "result, it raised "
                       "requests.exceptions.ConnectionError: Connection aborted.")
    assert isinstance(caught.value.__cause__, requests.exceptions.ConnectionError)
    assert category_of("failed", f"ConnectorDefect: {message}") == "Connector defect: connector raised"


class _Quoting:
    """A connector whose refund's Error message quotes what it was given: its shop, and its token."""

    def __init__(self, quoted: str) -> None:
        self.quoted = quoted

    def transactions(self) -> list[OtherTransaction]:
        return [OtherTransaction("OT-00001", "netsuite", "1001", "12.00", "USD", "Error",
                                 f"Shopify answered 401 for {self.quoted}")]


def test_a_credential_in_what_the_connector_returns_is_a_connector_defect_said_masked() -> None:
    """Its messages are the merchant's to read: a token, key or secret in one is the connector's defect
    ("Credential shown"), quoted masked; what else of the tenant's it quotes (its shop) is masked alone."""
    context = ConnectorContext(base_url="http://refundsim.invalid", tenant="t1", netsuite={}, ebay={},
                               shopify={"shop": "refundsim-t1.myshopify.com", "access_token": "shpat_0123456789abcdef"})
    secrets, credentials = secrets_of(context), secrets_of(context, named=True)
    with pytest.raises(ConnectorDefect) as caught:
        DrivenConnector(_Quoting("token shpat_0123456789abcdef"), secrets, credentials).transactions()  # type: ignore[arg-type]
    assert str(caught.value) == ("Credential shown: expected the connector's list of Other Transactions (method transactions) to show "
                                 "none of the tenant's credentials, its error_message shows one: "
                                 "Shopify answered 401 for token ***")
    assert category_of("failed", f"ConnectorDefect: {caught.value}") == "Connector defect: credential shown"
    [shown] = DrivenConnector(_Quoting("refundsim-t1.myshopify.com"), secrets, credentials).transactions()  # type: ignore[arg-type]
    assert shown.error_message == "Shopify answered 401 for ***"


def test_a_connector_that_refuses_the_settings_or_cannot_start_is_a_connector_defect() -> None:
    def refuses(context: ConnectorContext):
        raise ValueError("refund sync in both directions needs the override")

    def crashes(context: ConnectorContext):
        raise RuntimeError("no database")

    # The settings as the connector API sends them (JSON), not as Python prints a dict ({'...': False, None}).
    with pytest.raises(ConnectorDefect, match=r'^Settings differ: expected the connector to accept the account settings '
                                              r'\{"refund_direction": "both", "allow_both_directions": false, '
                                              r'"positive_adjustment_item": null\}, it refused them: refund sync'):
        start_connector(refuses, _context(refund_direction="both", allow_both_directions=False,
                                          positive_adjustment_item=None))
    with pytest.raises(ConnectorDefect, match=r"^Connector raised: expected the connector's start with the account "
                                              r"settings \{\} \(its factory\) to return a result, "
                                              r"it raised RuntimeError: no database"):
        start_connector(crashes, _context())

    class Refusing:
        def update_settings(self, settings: dict[str, Any]) -> None:
            raise ValueError("no such item")

    with pytest.raises(ConnectorDefect, match=r'^Settings differ: expected the connector to save the account settings '
                                              r'\{"scheduled_sync": true, "negative_adjustment_item": null\}, it refused'):
        DrivenConnector(Refusing()).update_settings({"scheduled_sync": True, "negative_adjustment_item": None})  # type: ignore[arg-type]


def test_evidence_that_cannot_be_read_says_why_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """After a When step, the connector's Other Transactions are attached; a connector whose list
    fails left "ConnectorDefect: Connector raised: ..." (a Python class name) in the report, and a
    dropped connection urllib3's "HTTPConnectionPool(...): Max retries exceeded ...". Now what the
    connector did, and the connection's failure in words."""
    from types import SimpleNamespace

    from harness import reporting

    class Failing:
        def __init__(self, exc: Exception) -> None:
            self.exc = exc

        def transactions(self) -> list:
            raise self.exc

    attached: list[tuple[str, Any]] = []
    monkeypatch.setattr(reporting, "attach_json", lambda name, value: attached.append((name, value)))
    monkeypatch.setattr(reporting, "attach_exchanges", lambda entries: None)
    with socket.socket() as held:  # a port nothing listens on: held, so no other test's server takes it meanwhile
        held.bind(("127.0.0.1", 0))
        port = held.getsockname()[1]
        with pytest.raises(requests.ConnectionError) as caught:
            requests.get(f"http://127.0.0.1:{port}/connector/v1/accounts/t1/transactions", timeout=5)
    refused = caught.value
    for exc, said_ in ((ConnectorDefect("raised", "expected the connector's list of Other Transactions to answer"),
                        "Connector raised: expected the connector's list of Other Transactions to answer"),
                       (refused, f"nothing listens at 127.0.0.1:{port}: connection refused")):
        node = SimpleNamespace(stash={
            reporting.JOURNAL: SimpleNamespace(read_new=lambda **_: SimpleNamespace(entries=[], records={}, clock_offset=0)),
            reporting.CONNECTOR: Failing(exc)})
        attached.clear()
        reporting._attach_step_evidence(SimpleNamespace(node=node), SimpleNamespace(type="when"),  # type: ignore[arg-type]
                                        lambda: None)
        assert attached[-1] == ("Evidence unavailable", {"error": said_}), attached
