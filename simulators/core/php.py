"""PHP's ``parse_str`` (how PHP builds ``$_GET`` and ``$_POST`` from a query or a urlencoded form),
and how PHP 8 reads numbers in text (``is_numeric``, ``(int)``, comparing a string with an int) and
orders names naturally (``strnatcmp``), for the simulators of PHP platforms (WooCommerce on
WordPress, Magento).

PHP arrays are kept as Python dicts in insertion order, with integer keys where PHP makes them
integers (a canonical decimal such as ``"0"`` or ``"12"``).

- ``name=v`` sets a scalar (a later one replaces it); ``name[]=v`` appends to an array (the next
  integer key); ``name[k]=v`` and ``name[a][b]=v`` set keys in (nested) arrays;
- the later of ``name=`` and ``name[...]=`` wins (``per_page=2&per_page[]=3`` is an array);
- in the base name, spaces and dots become ``_``, and a ``[`` never closed becomes ``_`` too;
  anything after the last ``]`` of the keys is ignored; an empty base name drops the pair;
- nesting deeper than PHP's ``max_input_nesting_level`` (64) drops the pair.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_plus

#: PHP's ``max_input_nesting_level`` default.
MAX_NESTING = 64
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9]\d{0,18})", re.ASCII)


def _key(text: str) -> int | str:
    """A PHP array key: a canonical decimal integer becomes an int (``"07"`` stays a string)."""
    if _CANONICAL_INT.fullmatch(text) and text != "-0" and -(2 ** 63) <= int(text) < 2 ** 63:
        return int(text)
    return text


def _split_name(name: str) -> tuple[str, list[str]] | None:
    """The base name and the bracketed keys of ``name`` as ``php_register_variable_ex`` reads them."""
    name = name.lstrip(" ")
    open_at = name.find("[")
    if open_at == -1 or "]" not in name[open_at:]:
        base = name.replace("[", "_", 1) if open_at != -1 else name
        keys: list[str] = []
    else:
        base = name[:open_at]
        keys = []
        rest = name[open_at:]
        while rest.startswith("["):
            close = rest.find("]")
            if close == -1:
                break
            keys.append(rest[1:close])
            rest = rest[close + 1:]
    base = base.replace(" ", "_").replace(".", "_")
    if not base:
        return None
    return base, keys


def parse_php_query(raw: str) -> dict[str, Any]:
    """``parse_str($raw, $result)``: the query's parameters, arrays as dicts (see the module)."""
    result: dict[Any, Any] = {}
    for pair in raw.split("&"):
        if not pair:
            continue
        name, _, value = pair.partition("=")
        split = _split_name(unquote_plus(name))
        if split is None:
            continue
        base, keys = split
        if len(keys) >= MAX_NESTING:
            continue
        text = unquote_plus(value)
        if not keys:
            result[base] = text
            continue
        node = result
        path: list[Any] = [base, *keys]
        for index, part in enumerate(path[:-1]):
            key: Any = part if index == 0 else _append_key(node, part)
            child = node.get(key)
            if not isinstance(child, dict):
                child = node[key] = {}
            node = child
        node[_append_key(node, path[-1])] = text
    return result


def _append_key(node: dict[Any, Any], part: str) -> Any:
    """``[]`` is the next integer key of ``node`` (one more than its largest, or 0)."""
    if part == "":
        ints = [k for k in node if isinstance(k, int)]
        return max(ints) + 1 if ints else 0
    return _key(part)


def array_key(text: str) -> int | str:
    """The key PHP makes of ``text`` in an array (``$a[$text]``): a canonical decimal integer
    (``"12"``, ``"-3"``) becomes that int; anything else (``"012"``, ``" 12"``, ``"1.0"``) stays text."""
    return _key(text)


# ----------------------------------------------------------------- numeric strings (PHP 8)
#: ``is_numeric_string_ex``'s whitespace, skipped before a number and (PHP 8) after it.
_PHP_SPACE = " \t\n\r\v\f"
#: A numeric prefix as ``is_numeric_string_ex`` reads it after the leading whitespace: a sign, then
#: digits with an optional fraction (``1.``, ``1.5``) or a fraction alone (``.5``), then an exponent
#: only when digits follow it (``1e3``; in ``1e`` the ``e`` is trailing data). ASCII digits only.
_NUMERIC_PREFIX = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INT_TEXT = re.compile(r"[+-]?[0-9]+")
_LONG_MIN, _LONG_MAX = -(2 ** 63), 2 ** 63 - 1


def _numeric_prefix(text: str) -> tuple[int | float, bool] | None:
    """The number at the start of ``text`` as ``is_numeric_string_ex`` reads it (an int when it
    is written as one and fits a 64-bit ``zend_long``, else a float), and whether nothing but
    whitespace follows it; ``None`` when no number starts it."""
    start = len(text) - len(text.lstrip(_PHP_SPACE))
    match = _NUMERIC_PREFIX.match(text, start)
    if match is None:
        return None
    number = match.group(0)
    value: int | float = int(number) if _INT_TEXT.fullmatch(number) else float(number)
    if isinstance(value, int) and not _LONG_MIN <= value <= _LONG_MAX:
        value = float(value)  # an integer too long for a zend_long is read as a double
    return value, not text[match.end():].strip(_PHP_SPACE)


def numeric(text: str) -> int | float | None:
    """PHP 8's ``is_numeric($text)`` and the number it reads: whitespace (`` \\t\\n\\r\\v\\f``)
    around, a sign, decimal digits, a fraction, an exponent (``" 12"``, ``"12 "``, ``"1e3"``,
    ``"1."``, ``".5"``, ``"+1.0"``); ``None`` for anything else (``"0x1A"``, ``"12abc"``, ``""``,
    other whitespace or digits than ASCII's)."""
    found = _numeric_prefix(text)
    return found[0] if found is not None and found[1] else None


def int_cast(text: str) -> int:
    """PHP 8's ``(int) $text``: the number its numeric prefix reads (trailing text ignored:
    ``"12abc"`` is 12, ``"1e3"`` is 1000, ``"12.9"`` is 12, toward zero), 0 without one; a double
    beyond a ``zend_long`` saturates (``zend_dval_to_lval_cap``), a NaN is 0."""
    found = _numeric_prefix(text)
    if found is None:
        return 0
    value = found[0]
    if isinstance(value, int):
        return value
    if value != value:  # NaN
        return 0
    if value >= 2.0 ** 63:
        return _LONG_MAX
    if value < -(2.0 ** 63):
        return _LONG_MIN
    return int(value)


def compare_with_int(text: str, number: int) -> int:
    """PHP 8's ``$text <=> $number`` (-1, 0, 1), as ``<`` and ``>`` between a string and an int
    decide: a numeric string (:func:`numeric`) compares as a number; any other string compares
    with the int's decimal text byte by byte (``zend_binary_strcmp``), so ``"1733241000abc"`` is
    greater than ``1733240100`` and ``"abc"`` greater than any number written in digits."""
    value = numeric(text)
    if value is not None:
        return (value > number) - (value < number)
    mine, theirs = text.encode("utf-8", "surrogateescape"), str(number).encode("ascii")
    return (mine > theirs) - (mine < theirs)


# ------------------------------------------------------------- natural order (strnatcmp)
def _isdigit(char: str) -> bool:
    return "0" <= char <= "9"


def _digit_run(text: str, at: int) -> bool:
    return at < len(text) and _isdigit(text[at])


def _compare_right(a: str, ai: int, b: str, bi: int) -> tuple[int, int, int]:
    """``compare_right``: two runs of digits aligned on the right; the longer run wins, else the
    first differing digit (remembered as ``bias``). Returns the result and where each run ended."""
    bias = 0
    while True:
        da, db = _digit_run(a, ai), _digit_run(b, bi)
        if not da and not db:
            return bias, ai, bi
        if not da:
            return -1, ai, bi
        if not db:
            return 1, ai, bi
        if not bias and a[ai] != b[bi]:
            bias = -1 if a[ai] < b[bi] else 1
        ai, bi = ai + 1, bi + 1


def _compare_left(a: str, ai: int, b: str, bi: int) -> tuple[int, int, int]:
    """``compare_left``: two runs of digits aligned on the left (one starts with ``0``): the
    first differing digit wins, a run that ends first is smaller."""
    while True:
        da, db = _digit_run(a, ai), _digit_run(b, bi)
        if not da and not db:
            return 0, ai, bi
        if not da:
            return -1, ai, bi
        if not db:
            return 1, ai, bi
        if a[ai] != b[bi]:
            return (-1 if a[ai] < b[bi] else 1), ai, bi
        ai, bi = ai + 1, bi + 1


def strnatcmp(a: str, b: str) -> int:
    """PHP 8's ``strnatcmp($a, $b)`` (-1, 0, 1; ``ext/standard/strnatcmp.c`` ``strnatcmp_ex``):
    runs of digits compare as numbers (``b9`` before ``b10``; a run starting with ``0`` compares
    digit by digit), leading zeros of the whole string and whitespace are skipped, the rest
    compares byte by byte. Text is taken as its characters' code points (ASCII in practice:
    the callers pass percent-encoded names)."""
    la, lb = len(a), len(b)
    if not la or not lb:
        return 0 if la == lb else (1 if la > lb else -1)

    def at(text: str, index: int) -> str:
        return text[index] if index < len(text) else "\0"  # a zend_string ends with a NUL

    ai = bi = 0
    while a[ai] == "0" and ai + 1 < la and _isdigit(a[ai + 1]):
        ai += 1
    while b[bi] == "0" and bi + 1 < lb and _isdigit(b[bi + 1]):
        bi += 1
    ca, cb = a[ai], b[bi]
    while True:
        while ca in _PHP_SPACE and ca:
            ai += 1
            ca = at(a, ai)
        while cb in _PHP_SPACE and cb:
            bi += 1
            cb = at(b, bi)
        if _isdigit(ca) and _isdigit(cb):
            compare = _compare_left if ca == "0" or cb == "0" else _compare_right
            result, ai, bi = compare(a, ai, b, bi)
            if result:
                return result
            if ai == la and bi == lb:
                return 0
            if ai == la:
                return -1
            if bi == lb:
                return 1
            ca, cb = a[ai], b[bi]
        if ca != cb:
            return -1 if ca < cb else 1
        ai, bi = ai + 1, bi + 1
        if ai >= la and bi >= lb:
            return 0
        if ai >= la:
            return -1
        if bi >= lb:
            return 1
        ca, cb = a[ai], b[bi]
