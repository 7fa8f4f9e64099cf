"""``searchCriteria`` of the ``getList`` endpoints (orders, invoices, credit memos), read from the
query string as PHP reads it and applied as Magento's collection processor applies it
(``docs-performing-searches.md``; FIDELITY.md):

- ``searchCriteria[filter_groups][i][filters][j][field|value|condition_type]``: filters in one
  group are ORed, groups are ANDed; ``condition_type`` defaults to ``eq`` and is one of ``eq, neq,
  gt, gteq, moreq, lt, lteq, like, nlike, in, nin, finset, nfinset, null, notnull, from, to`` (an
  unknown one compares for equality, as Magento's SQL builder falls back to ``=``);
- ``searchCriteria[sortOrders][k][field|direction]``: ``ASC`` or ``DESC`` (the default);
- ``searchCriteria[pageSize]`` (all when omitted or 0; a negative size is one row, the first),
  ``searchCriteria[currentPage]`` (1 when omitted; past the last page Magento's collection answers
  the last page again).

Magento accepts both spellings of every key (``filter_groups`` / ``filterGroups``,
``condition_type`` / ``conditionType``...). Fields are the entity's top-level columns. Magento
quotes every filter value into its SQL, so MySQL compares by the **column's** type: a text column
(``increment_id``, ``customer_email``, ``status``, dates...) as text without regard to case (the
default collation), so ``'000000123'`` is not ``123`` and ``'10'`` sorts before ``'9'``; a numeric
column as a number, reading the filter text as MySQL reads a string as a number (its leading
numeric part, else 0). ``searchCriteria`` itself is a required parameter of ``getList``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Callable

from simulators.core.numbers import whole_number
from simulators.core.php import parse_php_query

from . import errors

CONDITIONS = ("eq", "neq", "gt", "gteq", "moreq", "lt", "lteq", "like", "nlike", "in", "nin", "finset", "nfinset",
              "null", "notnull", "from", "to")
_ALIASES = {"filterGroups": "filter_groups", "sortOrders": "sort_orders", "pageSize": "page_size",
            "currentPage": "current_page", "conditionType": "condition_type"}


@dataclass
class Filter:
    field: str
    value: str
    condition_type: str


@dataclass
class SearchCriteria:
    groups: list[list[Filter]] = field(default_factory=list)
    sort_orders: list[tuple[str, str]] = field(default_factory=list)
    page_size: int | None = None
    current_page: int | None = None

    def echo(self) -> dict[str, Any]:
        """The criteria as Magento's answer repeats them under ``search_criteria``."""
        out: dict[str, Any] = {"filter_groups": [
            {"filters": [{"field": f.field, "value": f.value, "condition_type": f.condition_type} for f in group]}
            for group in self.groups]}
        if self.sort_orders:
            out["sort_orders"] = [{"field": f, "direction": d} for f, d in self.sort_orders]
        if self.page_size is not None:
            out["page_size"] = self.page_size
        if self.current_page is not None:
            out["current_page"] = self.current_page
        return out


def _php_query(raw_query: str) -> dict[str, Any] | None:
    """The ``searchCriteria`` part of a query string as PHP's ``parse_str`` builds ``$_GET``
    (:mod:`simulators.core.php`: ``[]`` appends a member, a repeated name keeps its last value);
    ``None`` when the parameter is absent; ``{}`` when it is present without sub-keys (or as a
    plain value)."""
    value = parse_php_query(raw_query).get("searchCriteria")
    if value is None:
        return None
    return value if isinstance(value, dict) else {}


def _canonical(node: Any) -> Any:
    if isinstance(node, dict):
        return {_ALIASES.get(k, k): _canonical(v) for k, v in node.items()}
    return node


def _children(node: Any) -> list[Any]:
    """The members of a PHP list (``[0]``, ``[1]``... in the order given)."""
    return list(node.values()) if isinstance(node, dict) else []


def _int(value: Any, name: str) -> int:
    if isinstance(value, dict):
        raise errors.InvalidType(value, "int", name)
    number = whole_number(value.strip()) if isinstance(value, str) else None
    if number is None:
        negative = whole_number(value.strip()[1:]) if isinstance(value, str) and value.strip().startswith("-") else None
        if negative is None:
            raise errors.InvalidType(value, "int", name)
        return -negative
    return number


def parse(raw_query: str) -> SearchCriteria:
    """The search criteria of a ``getList`` request.

    :raise MagentoError: 400 ``"%fieldName" is required`` when ``searchCriteria`` is absent; 400 a
        type error for a page size or page that is not an integer or a sort direction that is
        neither ASC nor DESC.
    """
    raw = _php_query(raw_query)
    if raw is None:
        raise errors.InputErrors([('"%fieldName" is required. Enter and try again.', {"fieldName": "searchCriteria"})])
    data = _canonical(raw)
    criteria = SearchCriteria()
    for group in _children(data.get("filter_groups")):
        filters = []
        for item in _children(group.get("filters") if isinstance(group, dict) else None):
            if not isinstance(item, dict):
                continue
            name, value = item.get("field"), item.get("value")
            condition = item.get("condition_type") or "eq"
            if not isinstance(name, str) or not name or isinstance(value, dict) or not isinstance(condition, str):
                continue  # Magento drops a filter without a field name
            filters.append(Filter(name, value if isinstance(value, str) else "", condition.lower()))
        if filters:
            criteria.groups.append(filters)
    for order in _children(data.get("sort_orders")):
        if not isinstance(order, dict) or not isinstance(order.get("field"), str) or not order.get("field"):
            continue
        direction = order.get("direction") or "DESC"
        if not isinstance(direction, str) or direction.upper() not in ("ASC", "DESC"):
            raise errors.InputErrors([("Sort order \"%1\" is not supported. Use \"ASC\" or \"DESC\".",
                                       [str(direction) if not isinstance(direction, dict) else "array"])])
        criteria.sort_orders.append((order["field"], direction.upper()))
    if "page_size" in data:
        criteria.page_size = _int(data["page_size"], "pageSize")
    if "current_page" in data:
        criteria.current_page = _int(data["current_page"], "currentPage")
    return criteria


# ------------------------------------------------------------------------ input limits
#: Magento's web API input limits (Stores > Configuration > Services > Web Api Input Limits), off
#: by default; on with ``settings.magento.input_limits: true``.
DEFAULT_PAGE_SIZE = 20
MAXIMUM_PAGE_SIZE = 300


def limits_on(settings: Any) -> bool:
    """Whether the tenant's ``settings`` turn the store's input limits on."""
    magento = settings.get("magento") if isinstance(settings, dict) else None
    return isinstance(magento, dict) and magento.get("input_limits") is True


def limit(criteria: SearchCriteria, settings: Any) -> None:
    """Apply the input limits when the tenant turned them on: a page size over the maximum is
    refused, a search without one gets the default.

    :raise MagentoError: 400 ``Maximum SearchCriteria pageSize is %max``.
    """
    if not limits_on(settings):
        return
    if criteria.page_size is not None and criteria.page_size > MAXIMUM_PAGE_SIZE:
        raise errors.Localized("Maximum SearchCriteria pageSize is %max", {"max": str(MAXIMUM_PAGE_SIZE)})
    if not criteria.page_size:
        criteria.page_size = DEFAULT_PAGE_SIZE


# ------------------------------------------------------------------------ evaluation
_NUMERIC_PREFIX = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)")


def _mysql_number(text: str) -> Decimal:
    """A quoted string as MySQL reads it against a numeric column: its leading number, else 0
    (``'12abc'`` is 12, ``'abc'`` is 0)."""
    match = _NUMERIC_PREFIX.match(text)
    if match is None:
        return Decimal(0)
    try:
        return Decimal(match.group(1))
    except InvalidOperation:
        return Decimal(0)


def _is_numeric_column(value: Any) -> bool:
    """Whether a column holds numbers: the answers print integer and decimal columns as JSON
    numbers and every text or date column as a string."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compare(left: Any, right: str) -> int | None:
    """-1, 0 or 1 comparing a column value with a filter value as MySQL compares the column with a
    quoted literal: by the column's type (see the module's docstring); None when the column is NULL."""
    if left is None:
        return None
    if _is_numeric_column(left):
        a, b = Decimal(str(left)), _mysql_number(right)
        return (a > b) - (a < b)
    x, y = str(left).lower(), right.lower()
    return (x > y) - (x < y)


def _like(pattern: str) -> re.Pattern[str]:
    out = []
    for char in pattern:
        out.append(".*" if char == "%" else "." if char == "_" else re.escape(char))
    return re.compile("".join(out), re.IGNORECASE | re.DOTALL)


def _matches(row: dict[str, Any], f: Filter) -> bool:
    value = row.get(f.field)
    cond = f.condition_type if f.condition_type in CONDITIONS else "eq"
    if cond == "null":
        return value is None
    if cond == "notnull":
        return value is not None
    if value is None:
        return False
    if cond in ("in", "nin"):
        found = any(_compare(value, member.strip()) == 0 for member in f.value.split(","))
        return found if cond == "in" else not found
    if cond in ("finset", "nfinset"):
        found = f.value.lower() in [member.strip().lower() for member in str(value).split(",")]
        return found if cond == "finset" else not found
    if cond in ("like", "nlike"):
        found = _like(f.value).fullmatch(str(value)) is not None
        return found if cond == "like" else not found
    order = _compare(value, f.value)
    assert order is not None
    return {"eq": order == 0, "neq": order != 0, "gt": order > 0, "gteq": order >= 0, "moreq": order >= 0,
            "from": order >= 0, "lt": order < 0, "lteq": order <= 0, "to": order <= 0}[cond]


def apply(rows: list[dict[str, Any]], criteria: SearchCriteria, optional: frozenset[str],
          unknown_field: Callable[[str], errors.MagentoError]) -> tuple[list[dict[str, Any]], int]:
    """The page of ``rows`` (entities serialised, in creation order) the criteria select, and how
    many match in all. A column is a top-level field of the answers or one of ``optional`` (left
    out of an answer while it is NULL).

    :raise MagentoError: ``unknown_field(name)`` for a filter or sort on a column the entity lacks.
    """
    columns = set(optional).union(*(row.keys() for row in rows))
    for name in [f.field for group in criteria.groups for f in group] + [name for name, _ in criteria.sort_orders]:
        if rows and name not in columns:
            raise unknown_field(name)
    selected = [row for row in rows if all(any(_matches(row, f) for f in group) for group in criteria.groups)]
    for name, direction in reversed(criteria.sort_orders):
        present = [r for r in selected if r.get(name) is not None]
        absent = [r for r in selected if r.get(name) is None]
        present.sort(key=lambda r: _sort_key(r.get(name)), reverse=direction == "DESC")
        # MySQL puts NULLs first ascending and last descending.
        selected = absent + present if direction == "ASC" else present + absent
    total = len(selected)
    size = criteria.page_size or 0
    if size == 0:
        return selected, total  # AbstractDb::_renderLimit limits only a page size that is not 0
    if size < 0:
        # Zend_Db_Select::limitPage reads a row count below 1 as 1, and the page is clamped to a
        # last page a negative size makes 0 or less, read as page 1: the first row.
        return selected[:1], total
    last = max(1, -(-total // size))
    page = min(max(criteria.current_page or 1, 1), last)
    return selected[(page - 1) * size:page * size], total


def _sort_key(value: Any) -> tuple[int, Any]:
    """ORDER BY the column's type: numbers as numbers, text as text without regard to case."""
    if _is_numeric_column(value):
        return (0, Decimal(str(value)))
    return (1, str(value).lower())
