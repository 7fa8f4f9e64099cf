"""A shop's currency, the presentment currencies it sells in, and how an order's money is converted
and rounded (FIDELITY.md, "Money in two currencies").

An order keeps every amount in its *presentment* currency — what the customer was shown and paid,
and what its transactions move. Its *shop* money is each amount converted at the order's exchange
rate (shop units per presentment unit, taken from the shop's rates when the order is created) and
rounded to the shop currency's minor unit, one amount at a time: totals in shop money are the
conversions of the presentment totals, not sums of converted parts (as Shopify's own shop money
can differ from the sum of its parts by a minor unit). An order in one currency has rate 1 and
both sides equal.

Minor units are ISO 4217's (``iso4217``: JPY 0, KWD 3, most 2); a code ISO gives no minor unit, or
that is not a currency at all, rounds to cents as before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from simulators.core.numbers import MAX_MAGNITUDE, ascii_decimal

CENT = Decimal("0.01")
ONE = Decimal(1)
#: The shop currency of a tenant that never set one (Shopify's default store currency).
DEFAULT_SHOP_CURRENCY = "USD"
#: An exchange rate is kept to this many significant digits at most (Shopify's published rates carry
#: about six; more would only say that a test author mistyped one).
RATE_DIGITS = 12


@cache
def minor_unit(code: str) -> Decimal:
    """The smallest amount of ``code`` (``0.01`` USD, ``1`` JPY, ``0.001`` KWD); cents when ISO 4217
    gives the code no minor unit or does not know it."""
    from iso4217 import Currency  # here, not at the top: its table takes 0.04 s to load in every process

    try:
        exponent = Currency(code).exponent
    except ValueError:
        return CENT
    return CENT if exponent is None else Decimal(1).scaleb(-exponent)


def round_to(value: Decimal, unit: Decimal) -> Decimal:
    """``value`` rounded half up to ``unit`` (a currency's minor unit)."""
    return value.quantize(unit, rounding=ROUND_HALF_UP)


@cache
def shopify_currencies() -> frozenset[str]:
    """The currencies a Shopify shop can sell in: Shopify's own ``CurrencyCode`` enum (the vendored
    Admin schema) that ISO 4217 gives a minor unit. Read once, when first needed."""
    from graphql import GraphQLEnumType
    from iso4217 import Currency

    from .graphql.schema import served  # the schema loads lazily; REST-only runs rarely need it

    enum = served("2025-01").schema.type_map["CurrencyCode"]
    assert isinstance(enum, GraphQLEnumType)
    codes = enum.values
    known = {c.code for c in Currency if c.exponent is not None}
    return frozenset(code for code in codes if code in known)


def currency_code(value: Any) -> str | None:
    """``value`` as a currency a shop can use (``"eur"`` → ``"EUR"``), or None when it is not one."""
    if not isinstance(value, str) or len(value.strip()) != 3:
        return None
    code = value.strip().upper()
    return code if code in shopify_currencies() else None


@dataclass(frozen=True)
class Exchange:
    """How one order's presentment money becomes shop money (module docstring)."""

    shop_currency: str
    presentment_currency: str
    rate: Decimal = ONE

    @classmethod
    def single(cls, currency: str) -> "Exchange":
        """An order in one currency: shop and presentment money are the same."""
        return cls(currency, currency, ONE)

    @property
    def multi_currency(self) -> bool:
        return self.shop_currency != self.presentment_currency

    @property
    def unit(self) -> Decimal:
        """The presentment currency's minor unit: every amount of the order is rounded to it."""
        return minor_unit(self.presentment_currency)

    @property
    def shop_unit(self) -> Decimal:
        return minor_unit(self.shop_currency)

    def shop(self, value: Decimal) -> Decimal:
        """``value`` (presentment money) in shop money, rounded to the shop currency's minor unit."""
        unit = minor_unit(self.shop_currency)
        return round_to(value if self.shop_currency == self.presentment_currency else value * self.rate, unit)


def parse_rate(value: Any, where: str) -> Decimal:
    """An exchange rate as the control plane takes it: a positive number (or a string of one in
    ASCII digits), kept normalized (no trailing zeros; :meth:`ShopCurrency.view` prints it without
    an exponent).

    :raise ValueError: with a message naming ``where``.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{where} must be a positive number.")
    # ASCII digits only: Decimal(text) also read any Unicode digit ('١.٠٨') and underscores ('1_0').
    rate = ascii_decimal(str(value))
    if rate is None:
        raise ValueError(f"{where} must be a positive number.")
    if not rate.is_finite() or rate <= 0 or rate >= MAX_MAGNITUDE:
        raise ValueError(f"{where} must be a positive number less than {MAX_MAGNITUDE:,}.")
    if len(rate.normalize().as_tuple().digits) > RATE_DIGITS:
        raise ValueError(f"{where} must have at most {RATE_DIGITS} significant digits.")
    return rate.normalize()


@dataclass
class ShopCurrency:
    """A shop's currency and the presentment currencies it sells in, each with its rate (shop units
    per unit of it). Changed through the control plane (:mod:`.control`); an order takes the rate of
    its presentment currency when it is created and keeps it. The shop's lock guards it."""

    currency: str = DEFAULT_SHOP_CURRENCY
    rates: dict[str, Decimal] = field(default_factory=dict)

    def exchange(self, presentment: str) -> Exchange | None:
        """The exchange of an order presented in ``presentment``; None when the shop does not sell in it."""
        if presentment == self.currency:
            return Exchange.single(presentment)
        rate = self.rates.get(presentment)
        return None if rate is None else Exchange(self.currency, presentment, rate)

    def view(self) -> dict[str, Any]:
        # Fixed-point: a normalized 10 is Decimal('1E+1'), and str() printed it so.
        return {"currency": self.currency, "rates": {code: f"{rate:f}" for code, rate in sorted(self.rates.items())}}

    def change(self, body: dict[str, Any]) -> None:
        """Apply ``{"currency"?, "rates"?}``: everything is checked before anything changes. A new shop
        currency without ``rates`` clears the rates (they were in the old currency).

        :raise ValueError: a value that is not a currency Shopify sells in, or not a positive rate.
        """
        currency = self.currency
        if "currency" in body:
            code = currency_code(body["currency"])
            if code is None:
                raise ValueError("currency must be a currency code Shopify supports (ISO 4217, e.g. USD).")
            currency = code
        rates = dict(self.rates) if currency == self.currency else {}
        if "rates" in body:
            raw = body["rates"]
            if not isinstance(raw, dict):
                raise ValueError("rates must be an object of currency code → rate (shop currency per unit).")
            rates = {}
            for key, value in raw.items():
                code = currency_code(key)
                if code is None:
                    raise ValueError(f"rates.{str(key)[:10]} is not a currency code Shopify supports.")
                if code == currency:
                    raise ValueError(f"rates.{code}: the shop currency needs no rate.")
                rates[code] = parse_rate(value, f"rates.{code}")
        self.currency, self.rates = currency, rates
