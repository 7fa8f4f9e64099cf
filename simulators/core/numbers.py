"""Numbers read from requests: whole numbers out of text (ids, counts, limits, offsets), and the
largest amount or quantity any simulator accepts.

``str.isdigit()`` is not the test: it accepts digits ``int()`` refuses (``"²"``) and numbers too long
for ``int()`` to read (more than 4,300 digits is a ``ValueError`` since Python 3.11), either of
which turned a bad request into a 500. :func:`whole_number` reads ASCII digits only, and no more
of them than any id or count here can have.
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


#: The largest magnitude an amount or a quantity takes in any simulator. ``Decimal`` keeps 28
#: significant digits, so below this price × quantity and every total stay exact; the vendors'
#: own limits are not documented, and no real order comes near this one.
MAX_MAGNITUDE = Decimal(10) ** 11
