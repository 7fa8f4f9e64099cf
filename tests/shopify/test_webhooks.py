"""Shopify webhooks: subscriptions over REST, deliveries signed with the shop's webhook secret,
retries of failed deliveries on the tenant's clock (the same X-Shopify-Webhook-Id comes again), and
every attempt in the journal. Deliveries to a real receiver run against the live server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import pytest
import requests

from simulators.clients import ControlPlaneClient, ShopifyClient
from simulators.shopify.webhooks import RETRY_DELAYS

from .conftest import ORDER, Receiver, sale_of


def _hmac(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def _attempts(control: ControlPlaneClient, tenant: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in control.journal(tenant["tenant"]) if e["service"] == "shopify-webhook"]


def _flush(control: ControlPlaneClient, tenant: dict[str, Any], force: bool = False) -> dict[str, Any]:
    return requests.post(f"{control.root}/tenants/{tenant['tenant']}/shopify/webhooks/flush", json={"force": force},
                         timeout=30).json()


def _refund(shopify: ShopifyClient, order: dict[str, Any], amount: str = "12.50") -> dict[str, Any]:
    sale = sale_of(shopify, order)
    return shopify.create_refund(order["id"], {
        "refund_line_items": [{"line_item_id": order["line_items"][0]["id"], "quantity": 1}],
        "transactions": [{"parent_id": sale["id"], "amount": amount, "kind": "refund", "gateway": sale["gateway"]}]})


# ============================================================= subscriptions
def test_subscriptions_are_paged_with_link_headers_and_filters_kept(shopify) -> None:
    """``webhooks.json`` takes ``limit`` (1–250, default 50) and pages with ``page_info`` cursors in a
    ``Link`` header; the cursor keeps the ``topic``/``address`` filter of the first page."""
    made = [shopify.create_webhook("refunds/create", f"https://app.example/hooks/{n}")["id"] for n in range(3)]
    shopify.create_webhook("orders/create", "https://app.example/hooks/orders")
    url = f"{shopify.root}/webhooks.json"
    first = shopify.session.get(url, params={"limit": 2, "topic": "refunds/create"})
    assert [w["id"] for w in first.json()["webhooks"]] == made[:2] and set(first.links) == {"next"}
    second = shopify.session.get(first.links["next"]["url"])
    assert [w["id"] for w in second.json()["webhooks"]] == made[2:] and set(second.links) == {"previous"}
    for limit in (0, 251):
        refused = shopify.session.get(url, params={"limit": limit})
        assert refused.status_code == 400 and "limit" in refused.json()["errors"], limit
    # The client reads every page (limit is the page size), the filter kept on each.
    assert [w["id"] for w in shopify.webhooks(limit=1, topic="refunds/create")] == made


def test_a_credential_in_a_subscription_s_address_is_masked_in_every_journal_entry(control, tenant, shopify) -> None:
    """The receiver's address may carry the app's credential (``token=`` in its query, its user info):
    the journal shows the subscription's request and answer, its update and a list filtered by the
    address with that credential masked, as a URL a user gave; the rest of each address is kept."""
    secret, password = "hookTOKEN7Xq2secret", "rcvPASS9zz"
    address = f"https://app.example/hooks/refunds?token={secret}&shop=1"
    made = shopify.create_webhook("refunds/create", address)
    assert made["address"] == address  # the shop keeps it whole: only the evidence is masked
    shopify.session.put(f"{shopify.root}/webhooks/{made['id']}.json",
                        json={"webhook": {"address": f"https://hook:{password}@app.example/hooks/refunds"}}).raise_for_status()
    assert [w["id"] for w in shopify.webhooks(address=f"https://hook:{password}@app.example/hooks/refunds")] == [made["id"]]
    entries = [e for e in control.journal(tenant["tenant"]) if "/webhooks" in e["url"]]
    text = json.dumps(entries)
    assert len(entries) == 3 and secret not in text and password not in text, text
    assert "https://app.example/hooks/refunds?token=***&shop=1" in entries[0]["request_body"]
    assert "https://hook:***@app.example/hooks/refunds" in entries[1]["response_body"]
    assert "address=https://hook:***@app.example/hooks/refunds" in entries[2]["url"]


def test_subscriptions_are_listed_by_when_they_were_created_and_updated(control, tenant, shopify) -> None:
    """``webhooks.json`` takes ``created_at_min/max`` and ``updated_at_min/max`` (Webhook resource;
    shopify-api-ruby 2025-01 ``Webhook.all``, the source of specs/shopify), ends included, kept on
    the next pages; they were ignored, so every subscription was listed. Not a time: 400 on its name."""
    old = shopify.create_webhook("refunds/create", "https://app.example/hooks/old")
    control.advance_clock(tenant["tenant"], 3600)
    new = shopify.create_webhook("refunds/create", "https://app.example/hooks/new")
    control.advance_clock(tenant["tenant"], 3600)
    changed = shopify.session.put(f"{shopify.root}/webhooks/{old['id']}.json",
                                  json={"webhook": {"address": "https://app.example/hooks/moved"}}).json()["webhook"]
    ids = lambda hooks: [h["id"] for h in hooks]  # noqa: E731
    assert ids(shopify.webhooks(created_at_min=new["created_at"])) == [new["id"]]
    assert ids(shopify.webhooks(created_at_max=old["created_at"])) == [old["id"]]
    assert ids(shopify.webhooks(updated_at_min=changed["updated_at"])) == [old["id"]]
    assert ids(shopify.webhooks(updated_at_max=new["updated_at"], limit=1)) == [new["id"]]
    assert ids(shopify.webhooks(updated_at_min=old["created_at"], limit=1)) == [old["id"], new["id"]]
    for name in ("created_at_min", "updated_at_max"):
        refused = shopify.session.get(f"{shopify.root}/webhooks.json", params={name: "last tuesday"})
        assert (refused.status_code, refused.json()) == (400, {"errors": {name: f"Invalid {name}: last tuesday"}})


def test_subscriptions_are_created_listed_found_changed_and_deleted(shopify) -> None:
    hook = shopify.create_webhook("refunds/create", "https://app.example/hooks/refunds")
    assert {k: hook[k] for k in ("topic", "address", "format", "fields", "api_version")} == {
        "topic": "refunds/create", "address": "https://app.example/hooks/refunds", "format": "json", "fields": [],
        "api_version": "2025-01"}
    orders_hook = shopify.create_webhook("orders/create", "http://127.0.0.1:9/orders", fields=["id", "name"])
    assert [w["id"] for w in shopify.webhooks()] == [hook["id"], orders_hook["id"]]
    assert [w["id"] for w in shopify.webhooks(topic="orders/create")] == [orders_hook["id"]]
    assert shopify.session.get(f"{shopify.root}/webhooks/count.json").json() == {"count": 2}
    assert shopify.session.get(f"{shopify.root}/webhooks/{hook['id']}.json").json()["webhook"] == hook
    changed = shopify.session.put(f"{shopify.root}/webhooks/{hook['id']}.json",
                                  json={"webhook": {"address": "https://app.example/v2"}}).json()["webhook"]
    assert changed["address"] == "https://app.example/v2"
    shopify.delete_webhook(hook["id"])
    assert [w["id"] for w in shopify.webhooks()] == [orders_hook["id"]]
    gone = shopify.session.get(f"{shopify.root}/webhooks/{hook['id']}.json")
    assert (gone.status_code, gone.json()) == (404, {"errors": "Not Found"})


@pytest.mark.parametrize("webhook, field, message", [
    ({"address": "https://app.example/h"}, "topic", "can't be blank"),
    ({"topic": "refunds/explode", "address": "https://app.example/h"}, "topic", "Invalid topic specified: refunds/explode"),
    ({"topic": "refunds/create"}, "address", "can't be blank"),
    ({"topic": "refunds/create", "address": "ftp://app.example/h"}, "address", "is invalid"),
    ({"topic": "refunds/create", "address": "not a url"}, "address", "is invalid"),
    ({"topic": "refunds/create", "address": "https://app.example/h", "format": "xml"}, "format", "is not included in the list"),
    ({"topic": "refunds/create", "address": "https://app.example/h", "fields": "id"}, "fields", "must be an array"),
    ({"topic": "orders/create", "address": "https://app.example/dup"}, "address", "for this topic has already been taken"),
])
def test_invalid_subscriptions_are_422_and_change_nothing(shopify, webhook, field, message) -> None:
    shopify.create_webhook("orders/create", "https://app.example/dup")
    response = shopify.session.post(f"{shopify.root}/webhooks.json", json={"webhook": webhook})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert message in errors[field][0], errors
    assert len(shopify.webhooks()) == 1


def test_a_subscription_without_its_root_is_400(shopify) -> None:
    answer = shopify.session.post(f"{shopify.root}/webhooks.json", json={"topic": "refunds/create"})
    assert (answer.status_code, answer.json()) == (400, {"errors": {"webhook": "Required parameter missing or invalid"}})


# ================================================================ in-process
def test_a_failed_delivery_is_retried_on_the_clock_with_the_same_webhook_id(control, tenant, shopify, order) -> None:
    shopify.create_webhook("refunds/create", "https://unreachable.example/hooks/refunds")
    refund = _refund(shopify, order)
    first = _attempts(control, tenant)
    assert len(first) == 1 and first[0]["status"] == 0 and first[0]["url"] == "https://unreachable.example/hooks/refunds"
    assert "attempt 1/9 failed" in first[0]["note"]
    headers = first[0]["request_headers"]
    assert headers["X-Shopify-Topic"] == "refunds/create" and headers["X-Shopify-Shop-Domain"] == tenant["shopify"]["shop"]
    assert headers["X-Shopify-Hmac-Sha256"] == _hmac(tenant["shopify"]["webhook_secret"], first[0]["request_body"].encode())
    assert json.loads(first[0]["request_body"]) == shopify.refund(order["id"], refund["id"])
    control.advance_clock(tenant["tenant"], RETRY_DELAYS[0] - 1)
    assert len(_attempts(control, tenant)) == 1  # not due yet
    control.advance_clock(tenant["tenant"], 1)
    second = _attempts(control, tenant)
    assert len(second) == 2 and "attempt 2/9 failed" in second[1]["note"]
    assert second[1]["request_headers"]["X-Shopify-Webhook-Id"] == headers["X-Shopify-Webhook-Id"]
    assert second[1]["request_body"] == first[0]["request_body"]
    for delay in RETRY_DELAYS[1:]:
        control.advance_clock(tenant["tenant"], delay)
    attempts = _attempts(control, tenant)
    assert len(attempts) == 1 + len(RETRY_DELAYS) and "no more retries" in attempts[-1]["note"]
    assert sum(RETRY_DELAYS) == 4 * 3600  # 8 retries over 4 hours
    deliveries = requests.get(f"{control.root}/tenants/{tenant['tenant']}/shopify/webhooks/deliveries").json()["deliveries"]
    assert [(d["status"], d["attempts"]) for d in deliveries] == [("failed", 9)]
    control.advance_clock(tenant["tenant"], 86400)
    assert len(_attempts(control, tenant)) == 9


def test_each_write_fires_its_topics_for_each_subscription(control, tenant, shopify) -> None:
    for topic in ("orders/create", "orders/paid", "orders/updated", "refunds/create", "order_transactions/create"):
        shopify.create_webhook(topic, f"https://unreachable.example/{topic}")
    order = shopify.create_order(ORDER)
    assert [a["request_headers"]["X-Shopify-Topic"] for a in _attempts(control, tenant)] == ["orders/create", "orders/paid"]
    _refund(shopify, order)
    topics = [a["request_headers"]["X-Shopify-Topic"] for a in _attempts(control, tenant)][2:]
    assert topics == ["refunds/create", "order_transactions/create", "orders/updated"]
    events = {a["request_headers"]["X-Shopify-Event-Id"] for a in _attempts(control, tenant)}
    assert len(events) == 5


def test_deleting_a_subscription_drops_its_retries(control, tenant, shopify, order) -> None:
    hook = shopify.create_webhook("refunds/create", "https://unreachable.example/hooks")
    _refund(shopify, order)
    shopify.delete_webhook(hook["id"])
    control.advance_clock(tenant["tenant"], 3600)
    assert len(_attempts(control, tenant)) == 1


def test_a_subscription_with_fields_gets_only_those(control, tenant, shopify) -> None:
    shopify.create_webhook("orders/create", "https://unreachable.example/o", fields=["id", "name", "nope"])
    order = shopify.create_order(ORDER)
    assert json.loads(_attempts(control, tenant)[0]["request_body"]) == {"id": order["id"], "name": order["name"]}


# ====================================================================== live
def test_a_receiver_gets_signed_webhooks_it_can_verify(live_control, live_shop, receiver: Receiver) -> None:
    tenant, shopify = live_shop
    shopify.create_webhook("orders/create", receiver.url("orders"))
    shopify.create_webhook("refunds/create", receiver.url("refunds"))
    order = shopify.create_order(ORDER)
    refund = _refund(shopify, order)
    _flush(live_control, tenant)
    assert len(receiver.received) == 2
    secret = tenant["shopify"]["webhook_secret"]
    for headers, body in receiver.received:
        assert hmac.compare_digest(headers["X-Shopify-Hmac-Sha256"], _hmac(secret, body))
        assert headers["X-Shopify-Shop-Domain"] == tenant["shopify"]["shop"]
        assert headers["X-Shopify-Api-Version"] == tenant["shopify"]["api_version"]
        assert headers["Content-Type"] == "application/json" and headers["X-Shopify-Triggered-At"].endswith("Z")
    (order_headers, order_body), (refund_headers, refund_body) = receiver.received
    assert order_headers["X-Shopify-Topic"] == "orders/create" and json.loads(order_body)["id"] == order["id"]
    assert refund_headers["X-Shopify-Topic"] == "refunds/create"
    assert json.loads(refund_body) == shopify.refund(order["id"], refund["id"])
    assert order_headers["X-Shopify-Webhook-Id"] != refund_headers["X-Shopify-Webhook-Id"]
    journal = _attempts(live_control, tenant)
    assert [(e["status"], "delivered" in e["note"]) for e in journal] == [(200, True), (200, True)]


def test_a_failing_receiver_gets_the_same_webhook_again_after_the_clock_moves(live_control, live_shop,
                                                                              receiver: Receiver) -> None:
    tenant, shopify = live_shop
    receiver.statuses = [500, 503]
    shopify.create_webhook("refunds/create", receiver.url())
    _refund(shopify, shopify.create_order(ORDER))
    _flush(live_control, tenant)
    assert len(receiver.received) == 1
    assert _flush(live_control, tenant) == {"attempts": [], "pending": 1}  # the retry is not due yet
    live_control.advance_clock(tenant["tenant"], RETRY_DELAYS[0])
    _flush(live_control, tenant)
    live_control.advance_clock(tenant["tenant"], RETRY_DELAYS[1])
    flushed = _flush(live_control, tenant)
    assert flushed["pending"] == 0
    assert len(receiver.received) == 3
    ids = {h["X-Shopify-Webhook-Id"] for h, _ in receiver.received}
    events = {h["X-Shopify-Event-Id"] for h, _ in receiver.received}
    triggered = {h["X-Shopify-Triggered-At"] for h, _ in receiver.received}
    bodies = {b for _, b in receiver.received}
    assert len(ids) == len(events) == len(triggered) == len(bodies) == 1
    statuses = [e["status"] for e in _attempts(live_control, tenant)]
    assert statuses == [500, 503, 200]


def test_flush_with_force_sends_retries_before_they_are_due(live_control, live_shop, receiver: Receiver) -> None:
    tenant, shopify = live_shop
    receiver.statuses = [500]
    shopify.create_webhook("orders/create", receiver.url())
    shopify.create_order(ORDER)
    _flush(live_control, tenant)
    forced = _flush(live_control, tenant, force=True)
    assert [a["delivered"] for a in forced["attempts"]] == [True] and forced["pending"] == 0
    assert len(receiver.received) == 2
    bad = requests.post(f"{live_control.root}/tenants/{tenant['tenant']}/shopify/webhooks/flush", json={"force": "yes"})
    assert bad.status_code == 400


def test_a_credential_in_a_webhook_address_is_masked_in_the_journal(live_control, live_shop, receiver: Receiver) -> None:
    """An app may authenticate its webhook endpoint with a token in the address's query: each
    attempt's journal entry (its URL, and the note a failed one quotes its error in) masks it, as
    every URL the journal keeps is masked."""
    tenant, shopify = live_shop
    token = "PLANTEDSECRET000042deadbeef"
    shopify.create_webhook("refunds/create", f"{receiver.url('masked')}?access_token={token}")
    shopify.create_webhook("refunds/create", f"http://127.0.0.1:9/hooks?access_token={token}")
    _refund(shopify, shopify.create_order(ORDER))
    _flush(live_control, tenant)
    attempts = _attempts(live_control, tenant)
    assert len(attempts) == 2 and any("delivered" in e["note"] for e in attempts)
    assert token not in str(attempts), attempts
    assert all("access_token=***" in e["url"] for e in attempts)
