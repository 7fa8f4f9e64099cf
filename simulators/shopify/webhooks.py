"""Shopify webhooks: subscriptions (REST ``webhooks.json``) and the deliveries they cause.

A write of the shop (an order, a refund, a transaction) *triggers* its topics inside the model's
critical section: one delivery per matching subscription is put in the shop's outbox, with the
payload frozen at that moment. Nothing is sent there. Deliveries are sent later, outside the lock
and after the triggering response has been produced:

- after every Shopify request of the tenant (``response.call_on_close``),
- after every move of the tenant's clock (``POST /_sim/tenants/<t>/clock``),
- on demand: ``POST /_sim/tenants/<t>/shopify/webhooks/flush`` (waits for them).

Each delivery is a ``POST`` of the REST JSON of the resource to the subscription's address, with
Shopify's headers (``X-Shopify-Topic``, ``-Shop-Domain``, ``-API-Version``, ``-Webhook-Id``,
``-Event-Id``, ``-Triggered-At``, ``-Hmac-Sha256`` = base64(HMAC-SHA256(webhook secret, raw body))).
A non-2xx answer (redirects included), a connection error or a timeout (5 s) fails the attempt; it
is retried on the tenant's clock 8 times over 4 hours (:data:`RETRY_DELAYS`) with the same payload,
the same webhook id and to the same address — so a receiver may see one webhook more than once, as
in production. Every attempt is written to the tenant's journal as service ``shopify-webhook``.

Deliveries are made with ``requests``: in-process they reach the simulators' own base URL through
the transport's interception (anything else fails as a connection error); live, they go over the
network (loopback in tests).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Callable
from urllib.parse import urlsplit

import requests

from simulators.core.clock import iso
from simulators.core.journal import given_url_secrets, mask_body, mask_given_url

from . import errors

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

JOURNAL_SERVICE = "shopify-webhook"
#: Topics a subscription may name. Those in :data:`FIRED_TOPICS` are delivered by this simulator;
#: the others are accepted and never fire (nothing here causes them).
TOPICS = (
    "app/uninstalled", "customers/create", "customers/delete", "customers/update", "fulfillments/create",
    "fulfillments/update", "order_transactions/create", "orders/cancelled", "orders/create", "orders/delete",
    "orders/edited", "orders/fulfilled", "orders/paid", "orders/partially_fulfilled", "orders/updated",
    "products/create", "products/delete", "products/update", "refunds/create", "returns/request",
)
FIRED_TOPICS = ("orders/create", "orders/updated", "orders/paid", "order_transactions/create", "refunds/create")
#: Waits before retries 1..8 after a failed attempt, in seconds: exponential, 4 hours in all.
RETRY_DELAYS = (60, 120, 240, 480, 960, 1920, 3840, 6780)
DELIVERY_TIMEOUT = 5.0
BODY_LIMIT = 64_000
USER_AGENT = "Shopify-Captain-Hook"


def signature(secret: str, body: bytes) -> str:
    """``X-Shopify-Hmac-Sha256``: base64 of the HMAC-SHA256 of the raw body with the app's secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


@dataclass
class Subscription:
    id: int
    address: str
    topic: str
    format: str
    fields: list[str]
    api_version: str
    created_at: datetime
    updated_at: datetime


@dataclass
class Delivery:
    """One webhook (one event for one subscription) and its attempts."""

    webhook_id: str
    event_id: str
    subscription_id: int
    topic: str
    address: str
    api_version: str
    body: bytes
    triggered_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    status: str = "pending"  # pending | sending | delivered | failed | cancelled
    history: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "webhook_id": self.webhook_id, "event_id": self.event_id, "subscription_id": self.subscription_id,
            "topic": self.topic, "address": self.address, "api_version": self.api_version,
            "triggered_at": iso(self.triggered_at), "status": self.status, "attempts": self.attempts,
            "next_attempt_at": iso(self.next_attempt_at) if self.status == "pending" else None,
            "history": list(self.history),
        }


def _valid_address(address: str) -> bool:
    try:
        parts = urlsplit(address)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


class Webhooks:
    """The subscriptions and outbox of one shop. ``lock`` is the shop's lock: triggers happen
    inside the model's critical section; sending never does."""

    def __init__(self, tenant: "Tenant", lock: threading.RLock, new_id: Callable[[], int]) -> None:
        self.tenant = tenant
        self._lock = lock
        self._new_id = new_id
        self._subscriptions: dict[int, Subscription] = {}
        self._outbox: list[Delivery] = []
        self._sending = threading.Lock()

    # ------------------------------------------------------------ subscriptions
    def subscribe(self, data: dict[str, Any], api_version: str) -> Subscription:
        """:raise Unprocessable: no or unknown topic, no or invalid address, a duplicate, a bad format."""
        topic = data.get("topic")
        if not isinstance(topic, str) or not topic:
            raise errors.Unprocessable("can't be blank", "topic")
        if topic not in TOPICS:
            raise errors.Unprocessable(f"Invalid topic specified: {topic}. Topics allowed: {', '.join(TOPICS)}", "topic")
        address = self._address(data.get("address"))
        fmt = self._format(data.get("format", "json"))
        fields = self._fields(data.get("fields"))
        with self._lock:
            if any(s.topic == topic and s.address == address for s in self._subscriptions.values()):
                raise errors.Unprocessable("for this topic has already been taken", "address")
            now = self.tenant.clock.now()
            sub = Subscription(self._new_id(), address, topic, fmt, fields, api_version, now, now)
            self._subscriptions[sub.id] = sub
            return sub

    def update(self, sub_id: int, data: dict[str, Any]) -> Subscription:
        """``PUT /webhooks/{id}.json``: address, format or fields.

        :raise NotFound: no such subscription. :raise Unprocessable: as :meth:`subscribe`.
        """
        with self._lock:
            sub = self.get(sub_id)
            if "topic" in data and data["topic"] != sub.topic:
                raise errors.Unprocessable("cannot be changed", "topic")
            address = self._address(data["address"]) if "address" in data else sub.address
            fmt = self._format(data["format"]) if "format" in data else sub.format
            fields = self._fields(data["fields"]) if "fields" in data else sub.fields
            if any(s.id != sub.id and s.topic == sub.topic and s.address == address for s in self._subscriptions.values()):
                raise errors.Unprocessable("for this topic has already been taken", "address")
            sub.address, sub.format, sub.fields = address, fmt, fields
            sub.updated_at = self.tenant.clock.now()
            return sub

    def delete(self, sub_id: int) -> None:
        """Remove a subscription; its pending retries are dropped. :raise NotFound:"""
        with self._lock:
            self.get(sub_id)
            del self._subscriptions[sub_id]
            for delivery in self._outbox:
                if delivery.subscription_id == sub_id and delivery.status == "pending":
                    delivery.status = "cancelled"

    def get(self, sub_id: int) -> Subscription:
        sub = self._subscriptions.get(sub_id)
        if sub is None:
            raise errors.NotFound()
        return sub

    def subscriptions(self, *, topic: str | None = None, address: str | None = None,
                      since_id: int | None = None) -> list[Subscription]:
        with self._lock:
            return sorted(
                (s for s in self._subscriptions.values()
                 if (topic is None or s.topic == topic) and (address is None or s.address == address)
                 and (since_id is None or s.id > since_id)),
                key=lambda s: s.id)

    @staticmethod
    def _address(value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise errors.Unprocessable("can't be blank", "address")
        if not _valid_address(value.strip()):
            raise errors.Unprocessable("is invalid: an http or https URL is required", "address")
        return value.strip()

    @staticmethod
    def _format(value: Any) -> str:
        if value != "json":
            raise errors.Unprocessable("is not included in the list", "format")
        return value

    @staticmethod
    def _fields(value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(f, str) for f in value):
            raise errors.Unprocessable("must be an array of field names", "fields")
        return list(value)

    # ---------------------------------------------------------------- trigger
    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.tenant.random.getrandbits(128), version=4))

    def trigger(self, topic: str, resource_id: int, payload: Callable[[], dict[str, Any]] | dict[str, Any]) -> int:
        """Queue ``topic`` for every subscription to it; the caller holds the shop's lock.
        ``payload`` is the REST JSON of the resource (or a callable building it, called only when
        someone subscribed). Returns how many deliveries were queued."""
        subs = [s for s in self._subscriptions.values() if s.topic == topic]
        if not subs:
            return 0
        document = payload() if callable(payload) else payload
        now = self.tenant.clock.now()
        event_id = self._uuid()
        for sub in subs:
            body = {k: document[k] for k in sub.fields if k in document} if sub.fields else document
            self._outbox.append(Delivery(
                webhook_id=self._uuid(), event_id=event_id, subscription_id=sub.id, topic=topic,
                address=sub.address, api_version=sub.api_version,
                body=json.dumps(body, separators=(",", ":")).encode(), triggered_at=now, next_attempt_at=now,
            ))
        return len(subs)

    # ---------------------------------------------------------------- delivery
    def has_due(self, *, force: bool = False) -> bool:
        now = self.tenant.clock.now()
        return any(d.status == "pending" and (force or d.next_attempt_at <= now) for d in self._outbox)

    def deliveries(self) -> list[Delivery]:
        with self._lock:
            return list(self._outbox)

    def deliver_due(self, *, wait: bool = False, force: bool = False) -> list[dict[str, Any]]:
        """Attempt every delivery that is due (every pending one with ``force``), once each.

        Never called under the shop's lock. One sender at a time per shop: without ``wait`` a call
        that finds another sender at work returns at once (that sender will do it); with ``wait``
        it waits for it, then sends what is still due. Returns one summary per attempt.
        """
        if not self._sending.acquire(blocking=wait, timeout=60 if wait else -1):
            return []
        try:
            with self._lock:
                now = self.tenant.clock.now()
                batch = [d for d in self._outbox if d.status == "pending" and (force or d.next_attempt_at <= now)]
                for delivery in batch:
                    delivery.status = "sending"
            return [self._attempt(d) for d in batch]
        finally:
            self._sending.release()

    def _attempt(self, delivery: Delivery) -> dict[str, Any]:
        tenant = self.tenant
        delivery.attempts += 1
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Shopify-Topic": delivery.topic,
            "X-Shopify-Shop-Domain": tenant.shopify.shop,
            "X-Shopify-API-Version": delivery.api_version,
            "X-Shopify-Webhook-Id": delivery.webhook_id,
            "X-Shopify-Event-Id": delivery.event_id,
            "X-Shopify-Triggered-At": delivery.triggered_at.astimezone(timezone.utc).isoformat().replace("+00:00", "Z"),
            "X-Shopify-Hmac-Sha256": signature(tenant.shopify.webhook_secret, delivery.body),
        }
        status, response_headers, response_body, problem = 0, {}, "", ""
        try:
            response = requests.post(delivery.address, data=delivery.body, headers=headers,
                                     timeout=DELIVERY_TIMEOUT, allow_redirects=False)
            status = response.status_code
            response_headers = {k: v for k, v in response.headers.items() if k.lower() in ("content-type", "location")}
            response_body = response.text[:BODY_LIMIT]
            if not 200 <= status < 300:
                problem = f"the receiver answered {status}"
        except requests.RequestException as exc:
            problem = f"{type(exc).__name__}: {exc}"[:500]
        # The address may carry the app's credential (in its query, its user info); the journal,
        # the note and the control plane's answer show it masked, as the harness shows a URL a user
        # gave (the error text quotes the URL too, whole or in parts).
        address = mask_given_url(delivery.address)
        for secret in given_url_secrets(delivery.address):
            problem = problem.replace(secret, "***")
        now = tenant.clock.now()
        total = len(RETRY_DELAYS) + 1
        with self._lock:
            if not problem:
                delivery.status = "delivered"
                note = f"webhook {delivery.topic} attempt {delivery.attempts}/{total}: delivered"
            elif delivery.attempts <= len(RETRY_DELAYS):
                delivery.next_attempt_at = now + timedelta(seconds=RETRY_DELAYS[delivery.attempts - 1])
                delivery.status = "pending" if delivery.status == "sending" else delivery.status
                note = (f"webhook {delivery.topic} attempt {delivery.attempts}/{total} failed ({problem}); "
                        f"next attempt at {iso(delivery.next_attempt_at)}")
            else:
                delivery.status = "failed" if delivery.status == "sending" else delivery.status
                note = f"webhook {delivery.topic} attempt {delivery.attempts}/{total} failed ({problem}); no more retries"
            delivery.history.append({"at": iso(now), "status": status, "note": note})
        tenant.journal.record(
            at=iso(now), service=JOURNAL_SERVICE, method="POST", url=address, status=status,
            request_headers=headers, request_body=delivery.body.decode()[:BODY_LIMIT],
            response_headers=response_headers, response_body=mask_body(response_body), note=note,
        )
        return {"webhook_id": delivery.webhook_id, "topic": delivery.topic, "address": address,
                "attempt": delivery.attempts, "status": status, "delivered": not problem, "note": note}
