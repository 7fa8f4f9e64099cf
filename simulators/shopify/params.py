"""Form fields as Rails reads them: Rack's ``Rack::QueryParser#parse_nested_query`` /
``normalize_params`` (Rack 3), which turn ``refund[note]=x&refund[transactions][][amount]=1.00``
into ``{"refund": {"note": "x", "transactions": [{"amount": "1.00"}]}}``.

- ``name=v`` sets a value (a later one replaces an earlier one);
- ``name[]=v`` appends to an array; ``name[][key]=v`` sets ``key`` in the array's last hash, or
  starts a new hash when that one already has ``key``;
- ``name[key]=v`` (nested as deep as wanted) sets a key in a hash;
- a name that is an array in one pair and a value or hash in another (``a=1&a[b]=2``), or nested 32
  levels or deeper (Rack's ``param_depth_limit``), is refused (Rails answers 400 Bad Request).

Every value is a string (``None`` for ``name`` without ``=``), so what this returns is a JSON value
the models already read.
"""

from __future__ import annotations

from typing import Any, Iterable
from urllib.parse import unquote_plus

#: Rack 3's ``param_depth_limit``.
DEPTH_LIMIT = 32


class ParameterError(ValueError):
    """A pair Rack refuses (``ParameterTypeError``, ``ParamsTooDeepError``)."""


def parse_form(text: str) -> dict[str, Any]:
    """An ``application/x-www-form-urlencoded`` body (or query) as Rack reads it: pairs split on
    ``&``, ``+`` and ``%XX`` decoded, then nested (see the module).

    :raise ParameterError: a pair Rack refuses.
    """
    pairs: list[tuple[str, str | None]] = []
    for pair in text.split("&"):
        if not pair:
            continue
        name, eq, value = pair.partition("=")
        pairs.append((unquote_plus(name), unquote_plus(value) if eq else None))
    return nest(pairs)


def nest(pairs: Iterable[tuple[str, str | None]]) -> dict[str, Any]:
    """Named values in order, nested as Rack's ``normalize_params`` nests them.

    :raise ParameterError: a pair Rack refuses.
    """
    params: dict[str, Any] = {}
    for name, value in pairs:
        _normalize(params, name, value, 0)
    return params


def _normalize(params: dict[str, Any], name: str, value: Any, depth: int) -> Any:
    """``normalize_params(params, name, v, depth)``, line for line (the returned value is what a
    ``[]`` child adds to its array)."""
    if depth >= DEPTH_LIMIT:
        raise ParameterError("the parameters are nested too deeply")
    if depth == 0:
        start = name.find("[", 1)
        key, after = (name[:start], name[start:]) if start != -1 else (name, "")
    elif name.startswith("[]"):
        key, after = "[]", name[2:]
    elif name.startswith("[") and (close := name.find("]", 1)) != -1:
        key, after = name[1:close], name[close + 1:]
    else:
        key, after = name, ""
    if not key:
        return None
    if after == "":
        if key == "[]" and depth != 0:
            return [value]
        params[key] = value
    elif after == "[":
        params[name] = value
    elif after == "[]":
        array = params.setdefault(key, [])
        if not isinstance(array, list):
            raise ParameterError(f"expected Array for param `{key}'")
        array.append(value)
    elif after.startswith("[]"):
        child = after[3:-1]
        if not (after[2:3] == "[" and after.endswith("]") and child and "[" not in child and "]" not in child):
            child = after[2:]
        array = params.setdefault(key, [])
        if not isinstance(array, list):
            raise ParameterError(f"expected Array for param `{key}'")
        last = array[-1] if array else None
        if isinstance(last, dict) and not _has_key(last, child):
            _normalize(last, child, value, depth + 1)
        else:
            array.append(_normalize({}, child, value, depth + 1))
    else:
        node = params.setdefault(key, {})
        if not isinstance(node, dict):
            raise ParameterError(f"expected Hash for param `{key}'")
        params[key] = _normalize(node, after, value, depth + 1)
    return params


def _has_key(params: dict[str, Any], key: str) -> bool:
    """``params_hash_has_key?``: whether ``key`` (``a][b`` nests) is set in ``params`` already."""
    if "[]" in key:
        return False
    node: Any = params
    for part in key.replace("]", "[").split("["):
        if part == "":
            continue
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


#: ActiveModel::Type::Boolean::FALSE_VALUES (Rails), as they arrive in JSON or a form.
_FALSE_VALUES = frozenset({"0", "f", "F", "false", "FALSE", "off", "OFF"})


def rails_boolean(value: Any) -> bool | None:
    """A boolean parameter as Rails casts it (``ActiveModel::Type::Boolean#cast_value``): ``None``
    for null or ``""``; false for ``false``, ``0`` and the texts ``"0"``, ``"f"``, ``"false"``,
    ``"off"`` (lower or upper case); anything else is true (``"true"``, ``"1"``, ``"on"``, ``"yes"``)."""
    if value is None or value == "":
        return None
    if value is False or (type(value) is int and value == 0):  # Ruby's set holds the Integer 0: 0.0 is true
        return False
    return not (isinstance(value, str) and value in _FALSE_VALUES)
