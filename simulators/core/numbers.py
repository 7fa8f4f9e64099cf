"""Numbers read from requests: whole numbers out of text (ids, counts, limits, offsets), and the
largest amount or quantity any simulator accepts.

``str.isdigit()`` is not the test: it accepts digits ``int()`` refuses (``"²"``) and numbers too long
for ``int()`` to read (more than 4,300 digits is a ``ValueError`` since Python 3.11), either of
which turned a bad request into a 500. :func:`whole_number` reads ASCII digits only, and no more
of them than any id or count here can have.

Nor is ``Decimal(text)``: it reads any Unicode digit (``"١.٠٠"``, fullwidth ``"１.００"``), underscores
between digits (``"0_1.00"``) and Unicode spaces around the number, which the vendors' parsers
(Ruby's ``BigDecimal``, PHP's ``is_numeric``) do not. :func:`ascii_decimal` reads what they read.
"""

from __future__ import annotations

import re
from decimal import Decimal

#: Longer than any id or count the simulated services use (Shopify's ids have 13 digits, and a
#: signed 64-bit integer has 19).
MAX_DIGITS = 19

_WHOLE = re.compile(rf"[0-9]{{1,{MAX_DIGITS}}}")


def whole_number(text: object) -> int | None:
    """The non-negative integer ``text`` spells in ASCII digits, or ``None`` for anything else:
    not a string of digits, other digit characters, or more than :data:`MAX_DIGITS` of them."""
    if isinstance(text, str) and _WHOLE.fullmatch(text):
        return int(text)
    return None


#: A decimal number in ASCII, as PHP's ``is_numeric`` takes it (PHP 8: white space before and after,
#: a sign, digits with at most one point, an exponent).
_DECIMAL = re.compile(r"[ \t\n\r\v\f]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[ \t\n\r\v\f]*")


def ascii_decimal(text: str) -> Decimal | None:
    """The number ``text`` spells in ASCII (see :data:`_DECIMAL`), or ``None`` for anything else:
    digits other than ASCII's, underscores, ``Infinity`` / ``NaN``, text around the number. The
    caller still bounds it (:data:`MAX_MAGNITUDE`)."""
    if not _DECIMAL.fullmatch(text):
        return None
    return Decimal(text.strip(" \t\n\r\v\f"))


#: The largest magnitude an amount or a quantity takes in any simulator. ``Decimal`` keeps 28
#: significant digits, so below this price × quantity and every total stay exact; the vendors'
#: own limits are not documented, and no real order comes near this one. Hold a number read from a
#: request to it with ``number.copy_abs() >= MAX_MAGNITUDE``: ``abs(number)`` rounds in the context,
#: and raises ``decimal.Overflow`` for ``Decimal("1e9999999")`` (past its exponent range).
MAX_MAGNITUDE = Decimal(10) ** 11
