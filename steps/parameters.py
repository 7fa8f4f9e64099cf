"""How the steps read the values a scenario writes into them: one place for the checks, each
refusing a value with a message that says what the scenario may write instead. A step given a
value it does not know fails before it acts, filed as a harness error in the report, never as a
connector defect (a misspelt status would otherwise read as the connector showing the wrong one)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from simulators.connector.protocol import OrderStatus, Status

#: What "billed as {billing}" may say → the NetSuite record the order is billed with.
BILLING = {"a cash sale": "cash sale", "an invoice": "invoice"}

REFUND_STATUSES = (Status.RETRIEVED, Status.POSTED, Status.ERROR, Status.CANCELED)
ORDER_STATUSES = (OrderStatus.POSTED, OrderStatus.ERROR)
_AMOUNT = re.compile(r"-?\d+(\.\d+)?")
_CURRENCY = re.compile(r"[A-Z]{3}")


def one_of(kind: str, text: str, choices: Iterable[str]) -> str:
    """``text`` if it is one of ``choices``; else a ValueError naming them all."""
    if text not in choices:
        raise ValueError(f"unknown {kind} {text!r}: use one of {' | '.join(choices)}")
    return text


def billing(text: str) -> str:
    """``a cash sale`` → ``cash sale``, ``an invoice`` → ``invoice``."""
    return BILLING[one_of("billing", text, BILLING)]


def refund_status(text: str) -> str:
    """A status of a retrieved refund in Other Transactions (:class:`Status`), as the connector shows it."""
    return one_of("refund status", text, REFUND_STATUSES)


def order_status(text: str) -> str:
    """A status of an order in the connector (:class:`OrderStatus`), as the connector shows it."""
    return one_of("order status", text, ORDER_STATUSES)


def currency(text: str) -> str:
    """An ISO 4217 currency code as the storefronts write it: three capital letters (``USD``)."""
    if not _CURRENCY.fullmatch(text):
        raise ValueError(f"{text!r} is not a currency code: write three capital letters, such as USD")
    return text


def amount(text: str) -> Decimal:
    """An amount of money as a scenario writes it: digits with an optional decimal part (``5.00``)."""
    if not _AMOUNT.fullmatch(text):
        raise ValueError(f"{text!r} is not an amount: write digits with a decimal point, such as 5.00")
    return Decimal(text)
