"""The OAuth 1.0a nonce cache (simulators/core/oauth1.py) that NetSuite's TBA and Magento share: a
replay is refused exactly within the window however many other nonces it holds, a nonce older
than the window is taken as new, and memory stays bounded by the window."""

from __future__ import annotations

from typing import Any

import requests
from oauthlib.oauth1.rfc5849.utils import parse_authorization_header

from simulators.clients import NetSuiteClient
from simulators.core.oauth1 import NonceCache
from simulators.magento.auth import NONCE_LIFETIME as MAGENTO_NONCE_LIFETIME
from simulators.magento.auth import NonceCache as MagentoNonces
from simulators.netsuite.auth import TIMESTAMP_TOLERANCE
from simulators.netsuite.auth import NonceCache as NetSuiteNonces


def test_a_replay_is_refused_after_100_000_other_nonces() -> None:
    cache = NonceCache(horizon=600)
    assert cache.first_use(("t-1", "replayed", "1700000000"), 1000.0)
    for n in range(100_000):
        assert cache.first_use(("t-1", f"n{n}", "1700000000"), 1000.0 + n / 1000)  # 100 s of traffic
    assert len(cache) == 100_001  # all within the window: none forgotten
    assert not cache.first_use(("t-1", "replayed", "1700000000"), 1100.0)
    assert not cache.first_use(("t-1", "n99999", "1700000000"), 1100.0)
    assert cache.first_use(("t-2", "replayed", "1700000000"), 1100.0)  # another tenant's is its own


def test_the_window_is_exact_and_expired_nonces_are_forgotten() -> None:
    cache = NonceCache(horizon=600)
    assert cache.first_use(("t", "a"), 0.0)
    assert cache.first_use(("t", "b"), 300.0)
    assert not cache.first_use(("t", "a"), 600.0)  # at the edge of the window: still a replay
    assert cache.first_use(("t", "a"), 600.5)  # past it: new, and recorded again at 600.5
    assert len(cache) == 2  # "a" of 0.0 was forgotten on the way
    assert not cache.first_use(("t", "b"), 900.0)
    assert not cache.first_use(("t", "a"), 1200.0)  # the second use is remembered in its turn
    assert cache.first_use(("t", "c"), 5000.0)
    assert len(cache) == 1  # everything before 4400 s is gone: memory is bounded by the window


def test_a_clock_that_steps_back_never_forgets_a_nonce_inside_the_window() -> None:
    # In-process the process clock is frozen and put back to the epoch before each scenario.
    cache = NonceCache(horizon=600)
    assert cache.first_use(("t", "late"), 5000.0)
    assert cache.first_use(("t", "early"), 100.0)
    assert not cache.first_use(("t", "early"), 200.0)
    assert not cache.first_use(("t", "late"), 5100.0)
    assert cache.first_use(("t", "late"), 5601.0)


def test_netsuite_remembers_nonces_for_twice_the_timestamp_tolerance() -> None:
    cache = NetSuiteNonces()
    assert cache.first_use(("t", "n", "1"), 0.0)
    assert not cache.first_use(("t", "n", "1"), 2 * TIMESTAMP_TOLERANCE)
    assert cache.first_use(("t", "n", "1"), 2 * TIMESTAMP_TOLERANCE + 1)


def test_magento_remembers_nonces_for_its_cleanup_expiration_period() -> None:
    """Magento keeps a (nonce, consumer) row until a cleanup deletes rows whose timestamp is
    ``oauth/cleanup/expiration_period`` (120 minutes by default) old: a replay eleven minutes later is
    still refused (it was served: the cache forgot after 600 s)."""
    cache = MagentoNonces()
    key = ("t-1", "consumer", "nonce")
    assert cache.first_use(key, 0.0)
    assert not cache.first_use(key, 11 * 60.0)
    assert not cache.first_use(key, MAGENTO_NONCE_LIFETIME)
    assert cache.first_use(key, MAGENTO_NONCE_LIFETIME + 1.0)


def test_netsuite_refuses_a_replay_among_many_recent_nonces(simulator_app, tenant: dict[str, Any],
                                                           netsuite: NetSuiteClient) -> None:
    """Through the app: the cache is filled with 20,000 nonces of the same tenant (twice what the
    old cache held before it started rebuilding itself), then a signed request is replayed."""
    url = f"{netsuite.root}/customer"
    signed = netsuite.session.prepare_request(requests.Request("GET", url))
    assert netsuite.session.send(signed, timeout=10).status_code == 200
    nonces: NetSuiteNonces = simulator_app.extensions["refundsim.netsuite.nonces"]
    header = signed.headers["Authorization"]  # requests-oauthlib sets it as bytes
    stamp = float(dict(parse_authorization_header(header.decode() if isinstance(header, bytes) else header))["oauth_timestamp"])
    for n in range(20_000):
        assert nonces.first_use((tenant["tenant"], f"filler-{n}", str(int(stamp))), stamp)
    replay = netsuite.session.send(signed, timeout=10)
    assert replay.status_code == 401, replay.text
    assert replay.json()["o:errorDetails"][0]["o:errorCode"] == "INVALID_LOGIN"
    assert netsuite.session.get(url, timeout=10).status_code == 200  # a fresh nonce still passes
