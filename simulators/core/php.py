"""PHP's ``parse_str`` (how PHP builds ``$_GET`` and ``$_POST`` from a query or a urlencoded form),
for the simulators of PHP platforms (WooCommerce on WordPress, Magento).

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
