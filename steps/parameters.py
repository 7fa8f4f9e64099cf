"""How the steps read the values a scenario writes into them: one place for every vocabulary and
every check, each refusing a value with a message that says what the scenario may write instead.
A step given a value it does not know fails before it acts with a :class:`ScenarioError`, filed as
a harness error in the report, never as a connector defect (a misspelt status would otherwise read
as the connector showing the wrong one)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from harness.actors import STOREFRONT_NAMES, LineSpec, OrderFee, OrderLine, StorefrontOrder
from harness.expectations import Refunded, ScenarioError, quoted
from simulators.connector.protocol import OrderStatus, Status
from simulators.core.faults import MAX_COUNT, MAX_RETRY_AFTER_SECONDS
from simulators.core.numbers import MAX_MAGNITUDE

#: What "billed as {billing}" may say → the NetSuite record the order is billed with.
BILLING = {"a cash sale": "cash sale", "an invoice": "invoice"}
#: The storefronts a connector account links, as scenarios name them.
STOREFRONTS = {name: key for key, name in STOREFRONT_NAMES.items()}
#: The services a scenario names for faults and requests.
SERVICES = {"NetSuite": "netsuite", **STOREFRONTS}
#: Where a retrieve reads refunds from; "the storefront" is the account's own.
CHANNELS = {"NetSuite": "netsuite", **STOREFRONTS, "the storefront": None}
PAYMENTS = {"paid": True, "unpaid": False}
#: The harness's WooCommerce store's gateways by their checkout titles: those a paid order is paid
#: through (they refund), and those an unpaid one waits on (payment on terms: they cannot refund).
WOOCOMMERCE_GATEWAYS = {
    True: {"Credit Card (Stripe)": "stripe", "PayPal": "ppcp-gateway", "WooPayments": "woocommerce_payments",
           "Credit Card (Square)": "square_credit_card"},
    False: {"Direct bank transfer": "bacs", "Check payments": "cheque", "Cash on delivery": "cod",
            "Purchase Order": "woocommerce_gateway_purchase_order"},
}
#: Which line of an order: "the first line", ..., "the last line".
ORDINALS = {"first": 0, "second": 1, "third": 2, "last": -1}
REFUND_STATUSES = (Status.RETRIEVED, Status.POSTED, Status.ERROR, Status.CANCELED)
ORDER_STATUSES = (OrderStatus.POSTED, OrderStatus.ERROR)
#: The NetSuite refund records, as a scenario names them (either, when it does not say).
RECORD_TYPES = {"cash refund": "cashRefund", "credit memo": "creditMemo", "refund": None}
#: An amount of money as a scenario writes it: digits, and at most two decimals (money is written to
#: the cent: a third decimal would be rounded away and the scenario would check another amount).
_AMOUNT = re.compile(r"[0-9]+(\.[0-9]{1,2})?")  # ASCII digits: "２" or "²" are not how an amount is written
#: What the seconds of a wait may be: a number, whole or not.
_SECONDS = re.compile(r"\d+(\.\d+)?")
_CURRENCY = re.compile(r"[A-Z]{3}")


def one_of(kind: str, text: str, choices: Iterable[str]) -> str:
    """``text`` if it is one of ``choices``; else a ScenarioError naming them all."""
    choices = list(choices)
    if text not in choices:
        raise ScenarioError(f"unknown {kind} {quoted(text)}: use one of {' | '.join(choices)}")
    return text


def pick(kind: str, text: str, vocabulary: Mapping[str, Any]) -> Any:
    """``vocabulary[text]``, or a ScenarioError naming what the scenario may write."""
    return vocabulary[one_of(kind, text, vocabulary)]


def account_step(storefront: str, rest: str = "...") -> str:
    """The step that starts a scenario's account on ``storefront`` as a message quotes it, with its
    article as the glossary writes it: "Given an eBay connector account ...", "Given a Shopify ..."."""
    article = "an" if storefront[:1].lower() in "aeiou" else "a"
    return f"Given {article} {storefront} connector account {rest}"


def billing(text: str) -> str:
    """``a cash sale`` → ``cash sale``, ``an invoice`` → ``invoice``."""
    return pick("billing", text, BILLING)


def refund_status(text: str) -> str:
    """A status of a retrieved refund in Other Transactions (:class:`Status`), as the connector shows it."""
    return one_of("refund status", text, REFUND_STATUSES)


def order_status(text: str) -> str:
    """A status of an order in the connector (:class:`OrderStatus`), as the connector shows it."""
    return one_of("order status", text, ORDER_STATUSES)


def currency(text: str) -> str:
    """An ISO 4217 currency code as the storefronts write it: three capital letters (``USD``)."""
    if not _CURRENCY.fullmatch(text):
        raise ScenarioError(f"{quoted(text)} is not a currency code: write three capital letters, such as USD")
    return text


def refund_currency(text: str, order: StorefrontOrder) -> str:
    """The currency a check expects the order's refunds in: a :func:`currency`, and the order's own.
    A refund is in its order's currency on either side (the storefront's presentment currency, the
    sales order's in NetSuite), so another is none a right connector can post — the check would
    blame it for the scenario's slip, and pass only for a connector that posts in the wrong one."""
    wanted = currency(text)
    if wanted != order.currency:
        raise ScenarioError(f"the order is in {order.currency}, and so are its refunds on either side: none can be in "
                            f"{wanted}; write {order.currency} (or make the order in {wanted}: 'Given a paid ... order in "
                            f"{wanted} ...')")
    return wanted


#: The bound on an amount (exclusive), a line's cost, an order's total and a count of units in every
#: simulator (simulators.core.numbers.MAX_MAGNITUDE), as a scenario writes money.
MAX_AMOUNT = MAX_MAGNITUDE.quantize(Decimal("0.01"))
_BOUND = "the simulators' bound on an amount"


def amount(text: str, where: str = "", *, signed: bool = False) -> Decimal:
    """An amount of money as a scenario writes it: digits with at most two decimals (``5.00``,
    ``12``), to the cent. A minus sign only where it means something (``signed``: the negative
    adjustment, money taken back); anywhere else the step says which way the money goes, and a sign
    would turn it round unseen.

    Its size less than :data:`MAX_AMOUNT` (100000000000.00), the bound every simulator puts on an
    amount (the vendors document none; Shopify answers 422 "must be less than 100,000,000,000").

    :raise ScenarioError: anything else, the message starting with ``where`` (the step's parameter,
        or the table, row and column) so the scenario's author finds it.
    """
    written = text.strip()
    digits = written[1:] if signed and written.startswith("-") else written
    if not _AMOUNT.fullmatch(digits):
        rule = "at most 2 decimals, and a minus sign only for money taken back" if signed else \
            "at most 2 decimals, no sign"
        raise ScenarioError(f"{where + ': ' if where else ''}{quoted(text)} is not an amount: write digits with a decimal "
                            f"point, such as 5.00 ({rule})")
    if Decimal(digits) >= MAX_AMOUNT:  # before quantize: past 28 digits Decimal cannot keep the cents
        raise ScenarioError(f"{where + ': ' if where else ''}{written} is too large: write less than {MAX_AMOUNT} "
                            f"({_BOUND})")
    return Decimal(written).quantize(Decimal("0.01"))


def refund_amount(text: str, where: str, instead: str = "to refund nothing, leave the step out") -> Decimal:
    """An amount of money a step refunds, or keeps from a refund (a fee): an :func:`amount` of at
    least 0.01. A refund of no money is none — the storefronts refuse it ("must be greater than 0",
    "You need to specify a refund amount", "must be positive") or NetSuite records an empty one — so
    0 is the scenario's mistake, said before anything is asked; ``instead`` says what to write."""
    value = amount(text, where)
    if value <= 0:
        reason = "a refund of no money is none; " if instead.startswith("to refund nothing") else ""
        raise ScenarioError(f"{where}: {quoted(text)} is no money: write an amount of at least 0.01 ({reason}{instead})")
    return value


def seconds_range(low: int, high: int) -> tuple[int, int]:
    """``{low} to {high}`` seconds: the fewer first. The other way round no wait is in the range,
    and the check would blame the connector for the scenario's slip."""
    if low > high:
        raise ScenarioError(f"{low} to {high} seconds: write the fewer seconds first, such as {high} to {low}")
    return low, high


def words(text: str) -> str:
    """The words a message must contain (``containing {text}``): not nothing. Any message contains
    "", so the check would pass whatever the connector said."""
    if not text.strip():
        raise ScenarioError(f"the message to contain {json.dumps(text)}: write the words it must contain (any message "
                            "contains nothing)")
    return text


def seconds_list(text: str) -> list[float]:
    """Waits as a scenario writes them: ``1, 2 and 4`` (or one number) → ``[1.0, 2.0, 4.0]``."""
    parts = [part.strip() for part in re.split(r",|\band\b", text)]
    if not parts or not all(_SECONDS.fullmatch(part) for part in parts):
        raise ScenarioError(f"{quoted(text)} is not a list of seconds: write them like 1, 2 and 4")
    return [float(part) for part in parts]


def record_type(text: str) -> str | None:
    """``cash refund(s)`` | ``credit memo(s)`` | ``refund(s)`` (either) → the NetSuite record type."""
    singular = text[:-1] if text.endswith("s") and text[:-1] in RECORD_TYPES else text
    return pick("record type", singular, {**RECORD_TYPES, **{f"{k}s": v for k, v in RECORD_TYPES.items()}})


def fee_of(order: StorefrontOrder, name: str) -> OrderFee:
    """The order's fee a scenario names by its name (WooCommerce's fee lines), else the scenario's
    error naming the order's fees."""
    fee = next((f for f in order.fees if f.name == name), None)
    if fee is None:
        fees = " | ".join(f'"{f.name}"' for f in order.fees)
        raise ScenarioError(f'the order has no fee named "{name}": ' + (f"name one of its fees, {fees}" if fees else
                            "write the order with its fees ('Given a paid WooCommerce order with these lines and "
                            "these fees has been synced to NetSuite:')"))
    return fee


def line_of(order: StorefrontOrder, text: str) -> OrderLine:
    """The order's line a scenario names: ``first`` | ``second`` | ``third`` | ``last``, or its SKU."""
    if text in ORDINALS:
        index = ORDINALS[text]
        if index >= len(order.lines):
            raise ScenarioError(f"the order has {len(order.lines)} line(s), so it has no {text} line")
        return order.lines[index]
    found = next((line for line in order.lines if line.sku == text), None)
    if found is None:
        raise ScenarioError(f"the order has no line {_written(text)}: name a line first | second | third | last, "
                            f"or by its SKU ({', '.join(line.sku for line in order.lines)})")
    return found


def table_line(order: StorefrontOrder, text: str, where: str, other_rows: tuple[str, ...]) -> OrderLine:
    """The order's line a table's row names (:func:`line_of`), refused naming the table's row, and,
    for a name that is neither a line nor an ordinal, the other rows the table takes.

    :raise ScenarioError: no such line."""
    try:
        return line_of(order, text)
    except ScenarioError as exc:
        other = "" if text in ORDINALS else f", or write a row {' | '.join(other_rows)}"
        raise ScenarioError(f"{where}: {exc}{other}") from None


#: A number as a setting's value may be written: ASCII digits, a sign, decimals (which the
#: setting's own rule then refuses, in its words).
_SETTING_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _shortened(text: str) -> str:
    """``text`` as a message quotes it: its first 60 characters and an ellipsis when it is longer than 80."""
    return text if len(text) <= 80 else f"{text[:60]}… ({len(text)} characters)"


class _WrittenTwice(Exception):
    """A key a JSON object of a step has twice (its text is the key)."""


def _keys_once(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object's pairs as a dict, refusing a key written twice (:class:`_WrittenTwice`)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _WrittenTwice(key)
        found[key] = value
    return found


def setting_value(text: str) -> Any:
    """An account setting's value as a scenario writes it: ``on`` | ``off`` | a whole number |
    ``"text"`` in double quotes | ``none`` | a JSON object (``{"USD": "1", "EUR": "4"}``). A
    negative number or one with decimals is read as the number it is, so that the setting says
    why it cannot take it (``max_attempts`` -1: "must be an integer from 1 to 10"), in the words
    a profile's error has for the same value."""
    text = text.strip()
    if text.startswith("{"):
        try:
            value = json.loads(text, object_pairs_hook=_keys_once)
        except _WrittenTwice as twice:  # json keeps the last silently: the run used another value than the text shows
            raise ScenarioError(f"{quoted(_shortened(text))} has the key {quoted(str(twice))} twice: write each key once") from None
        except (ValueError, RecursionError):  # RecursionError: nested past what the parser can read
            value = None
        if not isinstance(value, dict):
            raise ScenarioError(f"{quoted(_shortened(text))} is not a JSON object: write it as {{\"USD\": \"1\"}}")
        return value
    if text in ("on", "off"):
        return text == "on"
    if text == "none":
        return None
    if _SETTING_NUMBER.fullmatch(text):
        if len(text) > 15:  # no setting takes it, and past 4,300 digits int() refuses it with a Python error
            raise ScenarioError(f"{text[:20]}… ({len(text)} characters) is not a number any setting takes: write a "
                                "whole number of a few digits")
        return float(text) if "." in text else int(text)
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return text[1:-1]
    raise ScenarioError(f"{quoted(text)} is not a setting value: write on | off | a whole number | \"text\" | none | "
                        "a JSON object")


#: An Outline's placeholder (``<units>``) left in a table cell: no Examples column filled it.
_PLACEHOLDER = re.compile(r"<[^<>]+>")


def _cells(datatable: list[list[str]], columns: Mapping[str, bool], what: str) -> list[dict[str, str]]:
    """The rows of a data table as dicts; ``columns`` names each column and whether it is required.
    A column named twice (the second would replace the first unseen) and a cell still holding an
    Outline's ``<placeholder>`` (read as a value, it was refused as "not a whole number") are the
    scenario's mistakes, said as such."""
    if not datatable or len(datatable) < 2:
        raise ScenarioError(f"{what} needs a table: a header row ({' | '.join(columns)}) and one row per line")
    header = [cell.strip() for cell in datatable[0]]
    unknown = [name or "(a column with no name)" for name in header if name not in columns]
    if unknown:
        raise ScenarioError(f"{what}: unknown column(s) {', '.join(unknown)}; the columns are {' | '.join(columns)}")
    twice = sorted({name for name in header if header.count(name) > 1})
    if twice:
        raise ScenarioError(f"{what}: the column(s) {', '.join(twice)} are in the header twice: write each column once")
    missing = [name for name, required in columns.items() if required and name not in header]
    if missing:
        raise ScenarioError(f"{what}: the table needs the column(s) {', '.join(missing)}")
    rows = [dict(zip(header, (cell.strip() for cell in row), strict=True)) for row in datatable[1:]]
    for number, row in enumerate(rows, start=1):
        for column, cell in row.items():
            if _PLACEHOLDER.fullmatch(cell):
                raise ScenarioError(f"{what}, row {number}, column {column}: {cell} is an Outline placeholder no "
                                    f"Examples column filled: add a column {cell[1:-1]} to the Examples, or write the "
                                    "value itself")
    return rows


def _units(text: str, where: str) -> int:
    # ASCII digits only: str.isdigit() takes "²", which int() then refuses with a traceback.
    if not re.fullmatch(r"[0-9]+", text) or int(text) < 1:
        raise ScenarioError(f"{where}: units must be a whole number of at least 1, not {quoted(text)}")
    if int(text) >= MAX_MAGNITUDE:  # the simulators' bound on a quantity too (Shopify: "must be less than")
        raise ScenarioError(f"{where}: units must be fewer than {MAX_MAGNITUDE}, not {quoted(text)}")
    return int(text)


#: The most minutes one step lets pass: a year. No scheduled sync (every 90 minutes) nor eBay
#: settlement (at most 720 hours) waits longer, and the simulators' clock ends in the year 9999:
#: past it the control plane refuses to move it, which read as a traceback, not the scenario's words.
MINUTES_MAX = 525_600


def minutes(count: int) -> int:
    """The minutes a step lets pass: at least 1. With 0 the clock does not move and no scheduled
    sync falls due, so the step does nothing while it reads as if time passed — the scenario's
    mistake, said before anything is done. At most :data:`MINUTES_MAX` (a year)."""
    if count < 1:
        raise ScenarioError(f"{count} minutes: no time passes, so the step does nothing: write at least 1 minute (a "
                            "scheduled sync runs every 90), or leave the step out")
    if count > MINUTES_MAX:
        raise ScenarioError(f"{count} minutes: write at most {MINUTES_MAX} (a year: the simulators' clock ends in the "
                            "year 9999, and no scheduled sync nor eBay settlement waits longer)")
    return count


#: The most orders of other customers a step syncs before the scenario's (each is a sync the
#: scenario waits for: a schedule's batch shows at a few dozen).
OTHER_ORDERS_MAX = 50


def other_orders(count: int) -> int:
    """How many orders of other customers a step syncs: 1 to :data:`OTHER_ORDERS_MAX`."""
    if not 1 <= count <= OTHER_ORDERS_MAX:
        raise ScenarioError(f"{count} orders of other customers: write 1 to {OTHER_ORDERS_MAX} (to sync none, leave the "
                            "step out)")
    return count


def retry_after(seconds: int) -> int:
    """The seconds a fault's ``Retry-After`` asks the connector to wait: at most the control
    plane's bound (:data:`simulators.core.faults.MAX_RETRY_AFTER_SECONDS`, 10,000 s, as long as
    Shopify's bucket asks for), which refuses more — the step would break on the control plane's
    400 rather than say the scenario's number."""
    if seconds > MAX_RETRY_AFTER_SECONDS:
        raise ScenarioError(f"Retry-After {seconds}: write at most {MAX_RETRY_AFTER_SECONDS} seconds (the simulators' "
                            "bound on a fault's Retry-After)")
    return seconds


def units(quantity: int) -> int:
    """The units a step refunds or returns (``{quantity}`` of its phrase): at least 1. A refund of
    no unit is nothing the connector could be asked about — the storefronts and NetSuite refuse
    it, or record an empty refund — so it is the scenario's mistake, said before anything is made."""
    if quantity < 1:
        raise ScenarioError(f"{quantity} units: write a whole number of at least 1 (a refund or return of no unit "
                            "is none; to refund nothing, leave the step out)")
    return quantity


def refundable_units(line: OrderLine, quantity: int, verb: str = "refund", *, order: StorefrontOrder | None = None,
                     refunded: Mapping[str, int] | None = None) -> int:
    """The units a step refunds (or returns, ``verb``) of one line: at least 1 (:func:`units`), at
    most what the line holds and, given ``refunded`` (units already refunded per SKU on the side the
    step refunds on, as that side shows them) and the ``order``, at most what is left of the SKU on
    the order (its units on every line of the order, less those refunded). More is a scenario the
    order cannot satisfy — NetSuite and the storefronts refuse it with an error of their own, or
    give back units that are not there — so it is the scenario's mistake, said in its words before
    anything is asked of them."""
    units(quantity)
    if quantity > line.units:
        raise ScenarioError(f"the order has {_units_of(line.units)} of {line.sku}: cannot {verb} {quantity}")
    gone = (refunded or {}).get(line.sku, 0)
    if gone:
        # Per SKU, as NetSuite's and the storefronts' refunds name lines: one SKU may be on several lines.
        held = sum(l.units for l in order.lines if l.sku == line.sku) if order is not None else line.units
        left = max(held - gone, 0)
        if quantity > left:
            raise ScenarioError(f"the order has {_units_of(left)} of {line.sku} left to {verb} ({held}, {gone} {verb}ed): "
                                f"cannot {verb} {quantity}")
    return quantity


def _units_of(count: int) -> str:
    return f"{count} unit{'' if count == 1 else 's'}"


def refundable_amount(value: Decimal, total: Decimal, holder: str, refunded: Decimal = Decimal("0.00"),
                      what: str = "") -> Decimal:
    """An amount a step refunds against a whole (``holder`` totals ``total``: "the order", "the
    order's cash sale"): at most that total less what has been ``refunded`` of it already (as
    NetSuite or the storefront shows it). More is a refund NetSuite or the storefront refuses —
    the scenario's mistake, said in its words before anything is asked of them; ``what`` says what
    the amount is when the scenario wrote units, not money ("1 unit of MUG-01 with its tax")."""
    asked = f"{value} ({what})" if what else f"{value}"
    if not refunded:
        if value > total:
            raise ScenarioError(f"{holder} totals {total}: cannot refund {asked}")
        return value
    left = max(total - refunded, Decimal("0.00"))
    if value > left:
        raise ScenarioError(f"{holder} has {left} left to refund ({total}, {refunded} refunded): cannot refund {asked}")
    return value


def units_of_line(line: OrderLine, quantity: int) -> str:
    """``1 unit of MUG-01``, ``2 units of MUG-01``: units of a line as a message names them."""
    return f"{_units_of(quantity)} of {line.sku}"


def restocking_fee(fee: Decimal, refund: Decimal, refunded: str, plural: bool = False, what: str = "a restocking fee") -> Decimal:
    """A restocking fee (or ``what`` else, "a discount") kept from a refund that gives back ``refund``
    (``refunded``: what it refunds, "1 unit of MUG-01"): at most that refund. More would make the
    refund a negative one, which NetSuite refuses ("Transaction total can not be negative") — the
    scenario's mistake, said in its words before anything is made."""
    if fee > refund:
        verb, pronoun = ("refund", "their") if plural else ("refunds", "its")
        raise ScenarioError(f"{refunded} {verb} {refund} with {pronoun} tax: cannot keep {what} of {fee} "
                            f"from it (at most {refund})")
    return fee


def refund_for_less(value: Decimal, refund: Decimal, refunded: str, plural: bool = False) -> Decimal:
    """The money a line refund gives back when the merchant keeps the rest: at most what the
    units refunded (``refunded``, "1 unit of MUG-01") give back with their tax, ``refund``. More
    is no refund for less — the merchant would keep nothing and give back money that is not the
    units' — so it is the scenario's mistake, said before anything is asked."""
    if value > refund:
        verb, pronoun = ("give", "their") if plural else ("gives", "its")
        raise ScenarioError(f"{refunded} {verb} back {refund} with {pronoun} tax: cannot refund {value} for "
                            f"{'them' if plural else 'it'}, the merchant keeping the rest (at most {refund})")
    return value


def planned_requests(count: int, kind: str) -> int:
    """How many requests a fault step plans a fault for (``the next {count} {kind}``): at least 1.
    A fault that meets no request is none — the control plane refuses it — so 0 is the scenario's
    mistake, said before anything is armed."""
    if count < 1:
        raise ScenarioError(f"the next {count} {kind}: write a whole number of at least 1 (a fault planned for no "
                            "request is none; to plan none, leave the step out)")
    if count > MAX_COUNT:  # the control plane refuses more: said as the scenario's number, not its 400
        raise ScenarioError(f"the next {count} {kind}: write at most {MAX_COUNT} (the simulators' bound on one fault; "
                            "no scenario sends more)")
    return count


#: The longest eBay takes to settle a refund in the simulators: 30 days (the control plane's bound).
SETTLE_HOURS_MAX = 720


def settle_hours(hours: int) -> int:
    """How long eBay takes to settle a refund (``{hours}`` of its phrase): 1 to 720 hours, as the
    control plane takes it. 0 is eBay settling at once — what it does without the step — and more
    than 30 days a delay the control plane refuses: the scenario's mistake, said before anything."""
    if not 1 <= hours <= SETTLE_HOURS_MAX:
        raise ScenarioError(f"eBay takes {hours} hours: write a whole number of hours from 1 to {SETTLE_HOURS_MAX} (to have "
                            "eBay settle each refund at once, leave the step out)")
    return hours


def hold_hours(hours: int) -> int:
    """How long Shopify's payment gateway holds a refund pending (``{hours}`` of its phrase): 1 to
    720 hours, as the control plane takes it. 0 is the gateway giving the money back at once — what
    it does without the step — and more than 30 days a hold the control plane refuses: the
    scenario's mistake, said before anything."""
    if not 1 <= hours <= SETTLE_HOURS_MAX:
        raise ScenarioError(f"the gateway holds the refund pending for {hours} hours: write a whole number of hours from 1 "
                            f"to {SETTLE_HOURS_MAX} (to have it give the money back at once, leave the step out)")
    return hours


#: The HTTP error statuses registered with IANA (the HTTP Status Code Registry): 418 is listed
#: there as unused, and 419, 420, 427, 430 and 509 are unassigned. A service answers these only.
REGISTERED_ERROR_STATUSES = frozenset([*range(400, 418), *range(421, 427), 428, 429, 431, 451, *range(500, 509), 510, 511])


def error_status(status: int, service: str = "the service") -> int:
    """The HTTP status a fault step answers with (``with HTTP {status}``): an error status, 400 to
    599, as the control plane takes; any other would not be a failure the connector must cope with.
    And a registered one (:data:`REGISTERED_ERROR_STATUSES`): no vendor (``service``, as the
    scenario names it) answers 418 or 599, so a scenario about it tests what cannot happen."""
    if not 400 <= status <= 599:
        raise ScenarioError(f"HTTP {status} is not an error status: write one from 400 to 599 (429 and 503 are the "
                            "usual ones to retry)")
    if status not in REGISTERED_ERROR_STATUSES:
        raise ScenarioError(f"HTTP {status} is no status {service} answers: it is not a registered HTTP error status "
                            "(IANA); write a registered one, such as 400, 403, 404, 409, 429, 500 or 503 (429 and 503 "
                            "are the usual ones to retry)")
    return status


class OrderTable(NamedTuple):
    """An order's table, read: its fields are :class:`~harness.actors.OrderSpec`'s of the same names
    (``OrderSpec(**table._asdict())``)."""

    lines: tuple[LineSpec, ...]
    shipping: Decimal
    shipping_tax: Decimal
    discount_code: Decimal
    shipping_discount: Decimal
    #: The order's fees (rows ``fee: <name>``, read with ``fees=True`` only): name, total before tax, tax.
    fees: tuple[tuple[str, Decimal, Decimal], ...] = ()


#: How an order table's row of a fee starts: ``| fee: Gift wrap | | 5.00 | 0.40 |`` (no SKU has a colon).
FEE_ROW = "fee:"


def order_table(datatable: list[list[str]], *, fees: bool = False) -> OrderTable:
    """An order described by its contents: ``| line | units | price | tax | discount |`` (tax and
    discount optional: the line's whole tax and discount; a line's price at least 0.01), a row ``| shipping | | 5.00 | 0.50 |``
    for shipping and its tax (and in its discount cell a shipping discount, at most the shipping),
    and a row ``| discount code | | 5.00 |`` for a discount code of that amount off the whole order
    (the storefront spreads it over the lines). With ``fees`` (WooCommerce's fee lines), rows
    ``| fee: Gift wrap | | 5.00 | 0.40 |`` too: a fee of that name, its total before tax (not 0.00;
    negative for a discount entered as a fee, ``| fee: Payment discount | | -3.00 | -0.24 |``, taking
    the order's total to 0.00 at most) and its tax (of the fee's sign), each name once; without,
    such a row is refused, naming the step that takes it."""
    rows = _cells(datatable, {"line": True, "units": False, "price": True, "tax": False, "discount": False}, "an order")
    lines: list[LineSpec] = []
    charges: dict[str, tuple[str, Decimal, Decimal]] = {}  # the fees, by their name in lower case
    shipping = shipping_tax = code = shipping_off = Decimal("0.00")
    code_cell = ""
    special: dict[str, int] = {}  # the shipping and discount code rows: each once
    for number, row in enumerate(rows, start=1):
        where = f"order table row {number}"
        cell = f"an order, row {number} ({row['line']})"
        fee = row["line"][:len(FEE_ROW)].lower() == FEE_ROW  # a fee may be negative: a discount entered as a fee
        price = amount(row["price"], f"{cell}, price", signed=fee)
        tax = amount(row.get("tax") or "0", f"{cell}, tax", signed=fee)
        if fee:
            name = _fee_row(row, cell, price, tax, fees)
            if name.lower() in charges:
                raise ScenarioError(f"{cell}: the order has a fee named {quoted(charges[name.lower()][0])} already: give "
                                    "each fee a name of its own (the fee's name is how a refund names the fee)")
            charges[name.lower()] = (name, price, tax)
            continue
        if row["line"] in ("shipping", "discount code"):
            # A second row would replace the first unseen; units would be left unread.
            _once(special, row["line"], number, cell, "its price")
            if row.get("units"):
                raise ScenarioError(f"{cell}, units: the {row['line']} takes no units, not {quoted(row['units'])}: leave "
                                    "its units empty")
        if row["line"] == "shipping":
            shipping, shipping_tax = price, tax
            shipping_off = amount(row.get("discount") or "0", f"{cell}, discount")
            if shipping_off > shipping:  # a discount comes off what the shipping costs, at most all of it
                raise ScenarioError(f"{cell}, discount: {shipping_off} is more than the shipping costs ({shipping}): "
                                    f"write at most {shipping}")
            continue
        if row["line"] == "discount code" and row.get("discount"):
            raise ScenarioError(f"{cell}, discount: the discount code is a discount itself: write its amount as its "
                                "price and leave its discount empty")
        if row["line"] == "discount code":
            code, code_cell = price, f"{cell}, price"
            continue
        if not _SKU.fullmatch(row["line"]):  # the SKU is the NetSuite item's external ID (fixtures/builders.py)
            raise ScenarioError(f"{cell}, line: {_written(row['line'])} is not a SKU: write letters, digits, _ and - "
                                "(such as MUG-01): the SKU is the NetSuite item's external ID, which takes no other")
        if price <= 0:  # refunding its units would be a refund of no money, which the storefronts refuse
            raise ScenarioError(f"{cell}, price: {price} is no money: write at least 0.01 (a free line cannot be "
                                "refunded: the storefronts refuse a refund of no money, and Magento and eBay take no "
                                "free line on an order)")
        count = _units(row.get("units") or "", where)
        if price * count >= MAX_AMOUNT:  # the storefront's line total, and NetSuite's line amount
            raise ScenarioError(f"{cell}: the line costs {price * count} ({count} × {price}): write less than "
                                f"{MAX_AMOUNT} a line ({_BOUND})")
        discount = amount(row.get("discount") or "0", f"{cell}, discount")
        if discount > price * count:  # every storefront refuses a discount beyond what the line costs
            raise ScenarioError(f"{cell}, discount: {discount} is more than the line costs ({count} × {price} = "
                                f"{price * count}): write at most {price * count}")
        lines.append(LineSpec(row["line"], count, price, tax, discount))
    if not lines:
        raise ScenarioError("an order needs at least one line besides shipping")
    goods = sum((line.price * line.units - line.discount for line in lines), Decimal("0.00"))
    if code > goods:  # the storefront spreads the code over the lines: it cannot take more than they cost
        raise ScenarioError(f"{code_cell}: {code} is more than the lines cost after their discounts ({goods}): "
                            f"write at most {goods}")
    if fees and not charges:
        raise ScenarioError(f"an order with fees needs a row per fee, such as | {FEE_ROW} Gift wrap | | 5.00 | 0.40 |: "
                            "its name after 'fee:', its total before tax as its price, and its tax")
    off = -sum((price for _, price, _ in charges.values() if price < 0), Decimal("0.00"))
    if off > goods - code + shipping - shipping_off:  # WooCommerce would take the order to 0.00 at most, not this
        raise ScenarioError(f"an order: its negative fees take {off} off an order whose lines and shipping cost "
                            f"{goods - code + shipping - shipping_off}: a negative fee takes the order's total to 0.00 "
                            "at most (WooCommerce's cart caps it), so write less")
    total = goods - code + sum((line.tax for line in lines), Decimal("0.00")) + shipping + shipping_tax
    total += sum((price + tax for _, price, tax in charges.values()), Decimal("0.00"))
    if total >= MAX_AMOUNT:  # the order's total and its payment are amounts too
        raise ScenarioError(f"an order: its lines, shipping{', fees' if charges else ''} and tax add up to {total}: "
                            f"write less than {MAX_AMOUNT} in all ({_BOUND}: the order's total is one)")
    return OrderTable(tuple(lines), shipping, shipping_tax, code, shipping_off, tuple(charges.values()))


def _fee_row(row: dict[str, str], cell: str, price: Decimal, tax: Decimal, fees: bool) -> str:
    """The name of the fee an order table's row ``| fee: <name> | | <price> | <tax> |`` charges.

    :raise ScenarioError: the step takes no fees, a fee without a name, of no money, with units or
        a discount, a tax of the other sign."""
    if not fees:
        raise ScenarioError(f"{cell}: a fee row is WooCommerce's, in 'Given a paid WooCommerce order with these lines "
                            "and these fees has been synced to NetSuite:' (only WooCommerce keeps fee lines on an "
                            "order): write the order with that step, or leave the row out")
    name = row["line"][len(FEE_ROW):].strip()
    if not name:
        raise ScenarioError(f"{cell}, line: a fee without a name: write its name as the order shows it after "
                            f"'{FEE_ROW}' (such as {FEE_ROW} Gift wrap)")
    if price == 0:
        raise ScenarioError(f"{cell}, price: {price} is no fee: write what it charged before tax (such as 5.00; "
                            "-3.00 for a discount entered as a fee), or leave the row out")
    for column in ("units", "discount"):
        if row.get(column):
            raise ScenarioError(f"{cell}, {column}: a fee takes no {column}, not {quoted(row[column])}: leave its "
                                f"{column} empty (its price is what it charged before tax)")
    if tax and (tax < 0) != (price < 0):
        raise ScenarioError(f"{cell}, tax: {tax} has not the sign of the fee's price ({price}): a fee's tax goes its "
                            "way (a negative fee, a discount, takes its tax off too)")
    return name


def _by_name(datatable: list[list[str]], key: str, names: Sequence[str], columns: tuple[str, ...], what: str,
             none: str) -> dict[str, tuple[Decimal, ...]]:
    """The amounts of each row of a table ``| <key> | <columns> |`` by the row's name, one of
    ``names`` (first | second ..., as many as the order has of them); ``none`` says why a name is
    wrong when the order has none.

    :raise ScenarioError: a name the order has not, one written twice, an amount that is none."""
    rows = _cells(datatable, {key: True, **dict.fromkeys(columns, True)}, what)
    found: dict[str, tuple[Decimal, ...]] = {}
    for number, row in enumerate(rows, start=1):
        where = f"{what}, row {number}"
        name = row[key].strip()
        if name not in names:
            raise ScenarioError(f"{where}, {key}: {quoted(name)} is not a {key} of the order: " +
                                (f"write {' or '.join(names)} (the order has {len(names)})" if names else none))
        if name in found:
            raise ScenarioError(f"{where}, {key}: the {name} {key} is in the table twice: write each once")
        found[name] = tuple(amount(row[column], f"{where}, {column}") for column in columns)
    return found


def package_shipping_table(datatable: list[list[str]], packages: Sequence[str]) -> dict[str, tuple[Decimal, ...]]:
    """The shipping and its tax a table ``| package | shipping | tax |`` expects given back on each
    of ``packages`` (first | second ..., as many as the order has), by package.

    :raise ScenarioError: a package the order has not, one written twice, an amount that is none."""
    return _by_name(datatable, "package", packages, ("shipping", "tax"), "the shipping of each package",
                    "the order has no shipping line")


def fee_refund_table(datatable: list[list[str]], fees: Sequence[str]) -> dict[str, tuple[Decimal, ...]]:
    """The money before tax and the tax a table ``| fee | amount | tax |`` expects given back on each
    of ``fees`` (the names of the order's fees, as its fee lines show them), by fee.

    :raise ScenarioError: a fee the order has not, one written twice, an amount that is none."""
    return _by_name(datatable, "fee", fees, ("amount", "tax"), "the fees refunded", "the order has no fee")


def rate_tax_table(datatable: list[list[str]], rates: Sequence[str]) -> dict[str, tuple[Decimal, ...]]:
    """The tax a table ``| rate | tax | shipping tax |`` expects given back at each of ``rates``
    (the labels of the order's tax rates, as its tax lines show them), by rate.

    :raise ScenarioError: a rate the order has not, one written twice, an amount that is none."""
    return _by_name(datatable, "rate", rates, ("tax", "shipping tax"), "the tax at each rate",
                    "the order charged no tax")


def payment_refund_table(datatable: list[list[str]], payments: Sequence[str]) -> dict[str, Decimal]:
    """The money a table ``| payment | refunded |`` expects given back to each of ``payments``
    (first | second ..., as many as the order has), by payment.

    :raise ScenarioError: a payment the order has not, one written twice, an amount that is none."""
    return {payment: values[0] for payment, values in _by_name(
        datatable, "payment", payments, ("refunded",), "the money back on each payment",
        "the order has no payment (it was not paid through the store)").items()}


def refundable_shipping(order: StorefrontOrder, refunded: Decimal) -> Decimal:
    """The shipping a step refunds whole: the order's, if it has some and none of it is ``refunded``
    already (as NetSuite or the storefront shows its refunds). Refunded again, NetSuite and
    WooCommerce would give back shipping the order never charged, the others refuse it — the
    scenario's mistake, said before anything is asked."""
    if not order.shipping:
        raise ScenarioError("the order has no shipping to refund: leave the shipping out")
    return refundable_amount(order.shipping, order.shipping, "the order's shipping", refunded)


def refund_table(order: StorefrontOrder, datatable: list[list[str]], refunded: Mapping[str, int] | None = None,
                 shipping_refunded: Decimal = Decimal("0.00")) -> tuple[list[tuple[OrderLine, int]], bool]:
    """What to refund, by line: ``| line | units |`` (a line by ordinal or SKU), and a row
    ``| shipping | |`` (no units, once) to refund the shipping too, each line's units at most what
    it holds and at most what is left of its SKU after ``refunded`` (units refunded already per
    SKU) and the rows above, the shipping only if none of it is refunded already
    (``shipping_refunded``, :func:`refundable_shipping`). Returns the lines with units, and whether
    shipping is in."""
    rows = _cells(datatable, {"line": True, "units": False}, "a refund")
    lines: list[tuple[OrderLine, int]] = []
    shipping = 0  # the row of the shipping, if any
    taken: Counter[str] = Counter(refunded or {})
    for number, row in enumerate(rows, start=1):
        where = f"refund table row {number}"
        if row["line"] == "shipping":
            if row.get("units"):
                raise ScenarioError(f"{where}: the shipping takes no units, not {quoted(row['units'])}: leave its units empty "
                                    "(it is refunded whole)")
            if shipping:
                raise ScenarioError(f"{where}: the shipping is in the table already (row {shipping}): a refund gives it "
                                    "back once")
            try:
                refundable_shipping(order, shipping_refunded)
            except ScenarioError as exc:
                raise ScenarioError(f"{where}: {exc}") from None
            shipping = number
            continue
        line = table_line(order, row["line"], where, ("shipping",))
        quantity = _units(row.get("units") or "", where)
        try:
            refundable_units(line, quantity, order=order, refunded=taken)
        except ScenarioError as exc:
            raise ScenarioError(f"{where}: {exc}") from None
        taken[line.sku] += quantity  # the rows of one refund add up: two rows of a line take from one stock
        lines.append((line, quantity))
    return lines, bool(shipping)


#: A SKU as NetSuite's item external ID takes it (the harness makes the item with the SKU as external ID).
_SKU = re.compile(r"[A-Za-z0-9_-]+")


def _written(text: str) -> str:
    """``text`` as a message names it, quoted, with any character that is not plain ASCII named by
    its code point: a "‐" (U+2010) looks like "-" and the scenario's author cannot see why it differs."""
    if not text:
        return "nothing"
    odd = sorted({f"{char} is U+{ord(char):04X}" for char in text if not (char.isascii() and char.isprintable())})
    return f'"{text}"' + (f" ({', '.join(odd)})" if odd else "")


def _once(rows: dict[str, int], key: str, number: int, where: str, what: str) -> None:
    """A check's table names each line (by ordinal or SKU) or row once: a second row of it would
    replace the first unseen, and the check would check another amount than the table shows."""
    if key in rows:
        raise ScenarioError(f"{where}: {key} is in the table already (row {rows[key]}): write each line once, with "
                            f"{what} in all")
    rows[key] = number


#: Rows of a table of refunded lines that are not order lines.
NON_LINES = ("shipping", "tax", "positive adjustment", "negative adjustment")


def tax_table(order: StorefrontOrder, datatable: list[list[str]]) -> dict[str, Decimal]:
    """The tax a scenario says each refunded line gave back: ``| line | tax |`` — an order line by
    ordinal or SKU, or ``shipping`` — as SKU or ``shipping`` → tax; rows of nothing are left out."""
    expected: dict[str, Decimal] = {}
    rows: dict[str, int] = {}
    for number, row in enumerate(_cells(datatable, {"line": True, "tax": True}, "the tax of each line"), 1):
        where = f"the tax of each line, row {number} ({row['line']})"
        key = "shipping" if row["line"] == "shipping" else table_line(order, row["line"], where, ("shipping",)).sku
        _once(rows, key, number, where, "its tax")
        expected[key] = amount(row["tax"], where)
        charged = order.shipping_tax if key == "shipping" else sum((l.tax for l in order.lines if l.sku == key),
                                                                   Decimal("0.00"))
        if expected[key] and not charged:  # no refund can give back a tax the order never charged
            raise ScenarioError(f"{where}: the order charged no tax on {'its shipping' if key == 'shipping' else key}, "
                                "so no refund gives any back: leave the row out (or give the order's line its tax)")
    return {k: v for k, v in expected.items() if v != Decimal("0.00")}


def lines_table(order: StorefrontOrder, datatable: list[list[str]],
                non_lines: tuple[str, ...] = NON_LINES) -> dict[str, Refunded]:
    """What a scenario says was refunded, line by line: ``| line | units | amount |`` — an order line
    by ordinal or SKU, or one of ``non_lines`` (its amount; no units: :data:`NON_LINES` for
    NetSuite, shipping and tax for a storefront, which has no adjustment items) — as SKU or row
    name → (units, amount); rows of nothing are left out, as a check leaves out what was not
    refunded. The negative adjustment is money kept back: written with its minus sign (written
    without, no refund could hold it, and the check would blame the connector)."""
    expected: dict[str, Refunded] = {}
    rows: dict[str, int] = {}
    for number, row in enumerate(_cells(datatable, {"line": True, "units": False, "amount": True}, "the lines refunded"), 1):
        where = f"the lines refunded, row {number} ({row['line']})"
        if row["line"] in NON_LINES and row["line"] not in non_lines:
            raise ScenarioError(f"{where}: the storefront has no adjustment items (NetSuite has): name an order line "
                                "(first | second | third | last or its SKU), shipping or tax")
        if row["line"] in NON_LINES:  # the negative adjustment is money taken back: written with its minus sign
            if row.get("units"):
                raise ScenarioError(f"{where}: {row['line']} takes no units, not {quoted(row['units'])}: leave its units empty")
            _once(rows, row["line"], number, where, "its units and amount")
            value = amount(row["amount"], where, signed=row["line"] == "negative adjustment")
            if row["line"] == "negative adjustment" and value > 0:
                raise ScenarioError(f"{where}: {value} is money kept back: write it with its minus sign, -{value}")
            charged = {"shipping": order.shipping, "tax": order.tax}.get(row["line"])
            if value and charged is not None and not charged:  # no refund gives back what the order never charged
                raise ScenarioError(f"{where}: the order has no {row['line']}, so no refund gives any back: leave the "
                                    "row out")
            expected[row["line"]] = Refunded(0, value)
        else:
            units = _units(row["units"], where) if row.get("units") else 0
            sku = table_line(order, row["line"], where, non_lines).sku
            _once(rows, sku, number, where, "its units and amount")
            held = sum(line.units for line in order.lines if line.sku == sku)
            if units > held:  # the refunds of an order give back at most the units it has
                raise ScenarioError(f"{where}: the order has {_units_of(held)} of {sku}, so no refund gives back {units}: "
                                    f"write at most {held}")
            expected[sku] = Refunded(units, amount(row["amount"], where))
    return {k: v for k, v in expected.items() if v != (0, Decimal("0.00"))}
