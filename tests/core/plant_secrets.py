"""A pytest plugin (``-p tests.core.plant_secrets``) that makes every credential the simulators
give a tenant recognisable: each starts with :data:`MARKER`, so a scan of a report can prove that no
credential reached it (tests/core/test_report_secrets.py). Values stay unique and as long as real
ones, so authentication works exactly as usual. With ``REFUNDSIM_PLANTED_LOG`` set, every value
planted is also appended to that file, so the test knows the run really used them."""

from __future__ import annotations

import itertools
import os
import secrets
import threading

from simulators.core.tenants import TenantRegistry

MARKER = "PLANTEDSECRET"
_count = itertools.count(1)
_lock = threading.Lock()


def _planted(nbytes: int) -> str:
    value = f"{MARKER}{next(_count):06d}{secrets.token_hex(nbytes)}"[: max(2 * nbytes, len(MARKER) + 6)]
    log = os.environ.get("REFUNDSIM_PLANTED_LOG")
    if log:
        with _lock, open(log, "a", encoding="utf-8") as planted:
            planted.write(value + "\n")
    return value


TenantRegistry.secret = staticmethod(_planted)  # type: ignore[method-assign]
