"""Shopify's REST Admin API rate limit: a leaky bucket per shop (DOMAIN.md §3, FIDELITY.md).

Every REST request of a shop puts one call in its bucket; the bucket leaks ``leak_rate`` calls per
second of the tenant's simulator clock (so tests move the clock instead of sleeping). A request that
finds the bucket full is answered 429 with ``Retry-After``. Every admitted or refused REST response
says how full the bucket is: ``X-Shopify-Shop-Api-Call-Limit: <used>/<size>``.

Per tenant, in ``POST /_sim/tenants`` ``{"settings": {"shopify": {...}}}`` or later through
``PUT /_sim/tenants/<tenant>/shopify/rate-limit``:

- ``bucket_size`` (int from 1 to 99,999,999,999, default 40), ``leak_rate`` (calls per second
  from 0.0001, so that a Retry-After is at most 10,000 s, to 99,999,999,999; default 2);
- ``"rate_limit": false``, or ``bucket_size`` / ``leak_rate`` null, turns the limit off
  (no 429 and no call-limit header).
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from typing import Any

DEFAULT_BUCKET_SIZE = 40
DEFAULT_LEAK_RATE = 2.0
#: The GraphQL Admin API's cost bucket of a standard plan: restores 100 points a second (shopify.dev
#: "GraphQL Admin API rate limits"), holds 2,000 (FIDELITY.md: modelled). :mod:`.graphql` uses it.
GRAPHQL_BUCKET_SIZE = 2000
GRAPHQL_RESTORE_RATE = 100.0
#: Shopify answers ``Retry-After: 2.0`` to a throttled REST call; a slower leak asks for longer.
MIN_RETRY_AFTER = 2.0
SETTING_KEYS = frozenset({"rate_limit", "bucket_size", "leak_rate"})
#: The slowest leak taken: a throttled call waits at most 1 / leak_rate seconds, so its Retry-After
#: stays at most 10,000 s (a leak of 1e-320 made that wait infinite, and every throttled call a 500).
MIN_LEAK_RATE = 0.0001
#: The largest bucket taken (the simulators' bound on a count, MAX_MAGNITUDE): the bucket's level is
#: a float, and a bucket of 10**400 calls failed as one.
MAX_BUCKET_SIZE = 10**11 - 1


@dataclass(frozen=True)
class RateLimitSettings:
    enabled: bool = True
    bucket_size: int = DEFAULT_BUCKET_SIZE
    leak_rate: float = DEFAULT_LEAK_RATE

    @classmethod
    def parse(cls, raw: Any, base: "RateLimitSettings | None" = None) -> "RateLimitSettings":
        """Settings from ``raw`` (the rate-limit keys of a tenant's ``shopify`` settings); keys it
        lacks keep ``base`` (the defaults).

        :raise ValueError: a value of the wrong type or range, with a message for the caller.
        """
        base = base or cls()
        if raw is None:
            return base
        if not isinstance(raw, dict):
            raise ValueError("settings.shopify must be an object.")
        size, rate = base.bucket_size, base.leak_rate
        if "rate_limit" in raw and not isinstance(raw["rate_limit"], bool):
            raise ValueError("settings.shopify.rate_limit must be true or false.")
        value = raw.get("bucket_size")
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_BUCKET_SIZE:
                raise ValueError(f"settings.shopify.bucket_size must be an integer from 1 to {MAX_BUCKET_SIZE:,}, "
                                 "or null to turn the limit off.")
            size = value
        value = raw.get("leak_rate")
        if value is not None:
            if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                    or not MIN_LEAK_RATE <= value <= MAX_BUCKET_SIZE):
                raise ValueError(f"settings.shopify.leak_rate must be a number from {MIN_LEAK_RATE} to "
                                 f"{MAX_BUCKET_SIZE:,} (calls per second), or null to turn the limit off.")
            rate = float(value)
        nulls = any(key in raw and raw[key] is None for key in ("bucket_size", "leak_rate"))
        if "rate_limit" in raw:
            enabled = raw["rate_limit"] and not nulls
        elif nulls:
            enabled = False
        elif "bucket_size" in raw or "leak_rate" in raw:
            enabled = True
        else:
            enabled = base.enabled
        return cls(enabled, size, rate)

    @classmethod
    def from_tenant(cls, settings: dict[str, Any]) -> "RateLimitSettings":
        """The rate limit of a tenant's ``settings`` (``{"shopify": {...}}``). :raise ValueError:"""
        shopify = settings.get("shopify") if isinstance(settings, dict) else None
        if shopify is not None and not isinstance(shopify, dict):
            raise ValueError("settings.shopify must be an object.")
        return cls.parse({k: v for k, v in (shopify or {}).items() if k in SETTING_KEYS})

    def as_dict(self) -> dict[str, Any]:
        return {"rate_limit": self.enabled, "bucket_size": self.bucket_size, "leak_rate": self.leak_rate}


@dataclass(frozen=True)
class Admission:
    """The bucket's answer to one call: ``allowed`` or not, how full it is, how long to wait."""

    allowed: bool
    used: int | None
    size: int | None
    retry_after: float = 0.0
    leak_rate: float = DEFAULT_LEAK_RATE

    @property
    def header(self) -> str | None:
        """The ``X-Shopify-Shop-Api-Call-Limit`` value, or None when the limit is off."""
        return None if self.used is None else f"{self.used}/{self.size}"


class LeakyBucket:
    """One shop's bucket, on the tenant clock (POSIX seconds passed in by the caller)."""

    def __init__(self, settings: RateLimitSettings) -> None:
        self.settings = settings
        self._level = 0.0
        self._at: float | None = None
        self._lock = threading.Lock()

    def _drain(self, now: float) -> None:
        if self._at is not None:
            self._level = max(0.0, self._level - max(0.0, now - self._at) * self.settings.leak_rate)
        self._at = now if self._at is None else max(self._at, now)

    def _used(self) -> int:
        return min(self.settings.bucket_size, math.ceil(self._level - 1e-9))

    def admit(self, now: float, cost: float = 1) -> Admission:
        """Put one call (``cost`` points of it) in the bucket, or refuse it when they do not fit."""
        with self._lock:
            settings = self.settings
            if not settings.enabled:
                return Admission(True, None, None)
            self._drain(now)
            if self._level + cost > settings.bucket_size + 1e-9:
                wait = (self._level + cost - settings.bucket_size) / settings.leak_rate
                return Admission(False, settings.bucket_size, settings.bucket_size,
                                 max(MIN_RETRY_AFTER, math.ceil(wait * 10) / 10), settings.leak_rate)
            self._level += cost
            return Admission(True, self._used(), settings.bucket_size, 0.0, settings.leak_rate)

    def settle(self, points: float) -> None:
        """Give back ``points`` of what :meth:`admit` took (negative: take more), within the bucket."""
        with self._lock:
            self._level = min(float(self.settings.bucket_size), max(0.0, self._level - points))

    def available(self, now: float) -> float:
        """How many points the bucket can still take."""
        with self._lock:
            self._drain(now)
            return self.settings.bucket_size - self._level

    def status(self, now: float) -> dict[str, Any]:
        with self._lock:
            if self.settings.enabled:
                self._drain(now)
            return {**self.settings.as_dict(), "used": self._used() if self.settings.enabled else None}

    def configure(self, settings: RateLimitSettings, used: float | None = None) -> None:
        """Change the settings (the level is kept, within the new size) or set the level."""
        with self._lock:
            self.settings = settings
            if used is not None:
                self._level = float(used)
            self._level = min(self._level, float(settings.bucket_size))
