"""Parameters that several step modules read from the Gherkin, each checked with a message that
says what the scenario may write instead (a step given a value it does not know is a harness
error in the report, not a connector defect)."""

from __future__ import annotations

import re
from decimal import Decimal

#: What "billed as {billing}" may say → the NetSuite record the order is billed with.
BILLING = {"a cash sale": "cash sale", "an invoice": "invoice"}

_AMOUNT = re.compile(r"-?\d+(\.\d+)?")


def billing(text: str) -> str:
    """``a cash sale`` → ``cash sale``, ``an invoice`` → ``invoice``."""
    if text not in BILLING:
        raise ValueError(f"unknown billing {text!r}: use one of {', '.join(BILLING)}")
    return BILLING[text]


def amount(text: str) -> Decimal:
    """An amount of money as a scenario writes it: digits with an optional decimal part (``5.00``)."""
    if not _AMOUNT.fullmatch(text):
        raise ValueError(f"{text!r} is not an amount: write digits with a decimal point, such as 5.00")
    return Decimal(text)
