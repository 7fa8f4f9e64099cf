"""Every scenario's seed: ``--seed`` when given (to replay a failure), else a stable hash of the
scenario's node id, so a scenario draws the same data whether it runs alone or in the suite."""

from __future__ import annotations

import argparse
import zlib

import pytest


def parse_seed(text: str) -> int:
    """``--seed``: what the simulators accept as a tenant's seed, a non-negative integer."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if seed < 0:
        raise argparse.ArgumentTypeError(f"must be a non-negative integer, not {seed}")
    return seed


def seed_for(item: pytest.Item) -> int:
    """A test's seed: ``--seed`` or a stable hash of its id."""
    seed = item.config.getoption("--seed")
    return seed if seed is not None else zlib.crc32(item.nodeid.encode())
