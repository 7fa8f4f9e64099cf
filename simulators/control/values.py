"""Values the services' control-plane routes read from their bodies (amounts, texts, instants), each
refused with the control plane's 400 ``invalid_body`` naming the field. One reader per kind of value,
shared by every service's ``control.py``."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from simulators.core.errors import ControlPlaneError
from simulators.core.numbers import MAX_MAGNITUDE, ascii_decimal

CENT = Decimal("0.01")


def invalid(message: str) -> ControlPlaneError:
    return ControlPlaneError(message, 400, "invalid_body")


def amount(value: Any, field: str, *, positive: bool = False, signed: bool = False, places: Decimal = CENT) -> Decimal:
    """An amount with at most ``places`` decimals (two by default), at least 0 (above 0 when
    ``positive``; of either sign when ``signed``): a JSON number, or text of ASCII digits
    (:func:`~simulators.core.numbers.ascii_decimal`).

    :raise ControlPlaneError: not such an amount, or :data:`MAX_MAGNITUDE` or more.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise invalid(f"{field} must be an amount such as \"10.00\".")
    # In ASCII digits, as the vendors read amounts: Decimal(text) also read any Unicode digit
    # ('١٢.٥٠', fullwidth '１２.５０'), underscores ('1_2.50'), NaN and Infinity.
    number = ascii_decimal(str(value))
    if number is None:
        raise invalid(f"{field} must be an amount such as \"10.00\".")
    if number.is_finite() and number.copy_abs() >= MAX_MAGNITUDE:
        raise invalid(f"{field} must be less than {MAX_MAGNITUDE:,}.")
    if not number.is_finite() or (number < 0 and not signed) or (positive and number == 0) or number != number.quantize(places):
        digits = len(str(places).partition(".")[2])
        decimals = {1: "one", 2: "two", 3: "three", 4: "four"}.get(digits, str(digits))
        if signed:
            raise invalid(f"{field} must be an amount with at most {decimals} decimals.")
        raise invalid(f"{field} must be {'greater than' if positive else 'at least'} 0 with at most {decimals} decimals.")
    return number.quantize(places)


#: ISO 4217's alphabetic codes: three letters A-Z (str.isalpha() and isupper() take any script's
#: capitals, so a fullwidth 'ＵＳＤ' or a Greek 'ΑΒΓ' passed for one).
_CURRENCY = re.compile(r"[A-Z]{3}")


def currency(value: Any, field: str = "currency") -> str:
    """A currency code: three ASCII capitals (ISO 4217's alphabetic code).

    :raise ControlPlaneError: anything else.
    """
    if not (isinstance(value, str) and _CURRENCY.fullmatch(value)):
        raise invalid(f"{field} must be a three-letter ISO 4217 code such as USD.")
    return value


def text(value: Any, field: str) -> str | None:
    """A non-empty string, or None when absent.

    :raise ControlPlaneError: anything else.
    """
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise invalid(f"{field} must be a non-empty string.")
    return value


def sku(value: Any, field: str) -> str | None:
    """A line's SKU; "" for a line without one (a storefront's product or listing may have none);
    None when absent (the caller draws one).

    :raise ControlPlaneError: anything else (a blank SKU is no SKU: say "").
    """
    if value is None or value == "":
        return value
    if not isinstance(value, str) or not value.strip():
        raise invalid(f'{field} must be a SKU, or "" for a line without one.')
    return value


def instant(value: Any) -> datetime | None:
    """An ISO-8601 timestamp with a time zone, or None when ``value`` is not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
