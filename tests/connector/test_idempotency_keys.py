"""The reference connector's NetSuite writes carry an X-NetSuite-Idempotency-Key derived from what
they write, sent asynchronously (NetSuite honours the key only then): a retry after a lost answer
sends the same key and reads the first attempt's job — even where the connector's own search for its
stamp cannot help — while a new write gets a new key."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from faker import Faker

from harness.actors import ALL_SHIPPING, NetSuiteUser, OrderSpec, RefundAsk, ShopifyMerchant
from simulators.clients import ControlPlaneClient, NetSuiteClient, ShopifyClient
from simulators.connector.protocol import Status
from simulators.connector.reference import REFUND_OF, ReferenceConnector, create_connector

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


@pytest.fixture
def world(tenant, connector_context, netsuite: NetSuiteClient, shopify: ShopifyClient,
          faker: Faker) -> Iterator[dict[str, Any]]:
    """A paid Shopify order synced to NetSuite, billed as a cash sale and refunded in full on Shopify;
    the connector syncs refunds to NetSuite and has retrieved that refund."""
    connector = create_connector(connector_context({"storefront": "shopify", "refund_direction": "to_netsuite"}))
    merchant, user = ShopifyMerchant(shopify, faker), NetSuiteUser(netsuite)
    order = merchant.new_order(OrderSpec())
    user.add_items(order.lines)
    connector.sync_order(order.id)
    billed = user.bill(order, "cash sale")
    merchant.refund(order, RefundAsk(lines=tuple((line, line.units) for line in order.lines), shipping=ALL_SHIPPING))
    (refund,) = connector.retrieve_refunds("shopify", order.id).transactions
    yield {"tenant": tenant["tenant"], "connector": connector, "user": user, "order": order, "billed": billed,
           "refund": refund}
    connector.close()


#: What the connector writes in NetSuite (the test's NetSuite user adds items and bills the order).
CONNECTOR_WRITES = ("/salesOrder", "/customer", "!transform/cashRefund", "!transform/creditMemo")


def _netsuite_writes(control: ControlPlaneClient, tenant: str) -> list[dict[str, Any]]:
    return [e for e in control.journal(tenant) if e["service"] == "netsuite" and e["method"] == "POST"
            and e["url"].split("?")[0].endswith(CONNECTOR_WRITES)]


def test_every_netsuite_write_carries_a_key_and_runs_asynchronously(world, control) -> None:
    posted = world["connector"].post(world["refund"].id)
    assert posted.status == Status.POSTED
    writes = _netsuite_writes(control, world["tenant"])
    assert [w["url"].rsplit("/", 1)[-1] for w in writes] == ["customer", "salesOrder", "cashRefund"]
    keys = []
    for write in writes:
        headers = {k.lower(): v for k, v in write["request_headers"].items()}
        assert UUID.match(headers["x-netsuite-idempotency-key"]), write["url"]
        assert headers["prefer"] == "respond-async" and write["status"] == 202
        keys.append(headers["x-netsuite-idempotency-key"])
    assert len(set(keys)) == len(keys), "each write has its own key"


def test_a_retry_after_a_lost_answer_sends_the_same_key_and_refunds_once(world, control, monkeypatch) -> None:
    # Blind to its own stamp, as the faulty connectors of the self-test are: only the key can save it.
    real = ReferenceConnector._find_one
    monkeypatch.setattr(ReferenceConnector, "_find_one", lambda self, record_type, q: (
        None if record_type in REFUND_OF.values() and q.startswith("externalId") else real(self, record_type, q)))
    control.arm_fault(world["tenant"], {"service": "netsuite", "method": "POST", "path": r"!transform/cashRefund$",
                                        "drop": "after_commit", "count": 1})
    posted = world["connector"].post(world["refund"].id)
    assert posted.status == Status.POSTED, posted.error_message
    attempts = [w for w in _netsuite_writes(control, world["tenant"]) if w["url"].endswith("!transform/cashRefund")]
    keys = [{k.lower(): v for k, v in a["request_headers"].items()}["x-netsuite-idempotency-key"] for a in attempts]
    assert len(attempts) == 2 and keys[0] == keys[1]
    assert [a["status"] for a in attempts] == [202, 400]  # the retry: IDEMPOTENCY_ERROR, naming the first job
    assert len(world["user"].refunds_created_from(world["billed"])) == 1
