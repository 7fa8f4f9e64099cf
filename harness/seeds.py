"""Every scenario's seed: ``--seed`` when given (to replay a failure), else a stable hash of the
scenario's node id, so a scenario draws the same data whether it runs alone or in the suite."""

from __future__ import annotations

import argparse
import zlib

import pytest

from simulators.core.tenants import MAX_SEED


def parse_seed(text: str) -> int:
    """``--seed``: what the simulators accept as a tenant's seed, an integer from 0 to
    :data:`~simulators.core.tenants.MAX_SEED`."""
    try:
        seed: int | None = int(text)
    except ValueError:  # said as any other seed it cannot take, not Python's "invalid int value: 'abc'"
        seed = None
    if seed is None or not 0 <= seed <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"must be an integer from 0 to {MAX_SEED:,}, not {text.strip()}")
    return seed


def seed_for(item: pytest.Item) -> int:
    """A test's seed: ``--seed`` or a stable hash of its id."""
    seed = item.config.getoption("--seed")
    return seed if seed is not None else zlib.crc32(item.nodeid.encode())
