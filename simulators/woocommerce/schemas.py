"""WooCommerce REST v3 shapes: the order and refund serialisers, and WordPress's validation of
request arguments (``rest_validate_request_arg``) with its messages.

Money is printed as WooCommerce prints it: ``wc_format_decimal(value, dp)`` strings (``dp`` defaults
to the store's price decimals, 2), item tax breakdowns as stored (``"0.45"``, ``"-0.9"``), ``price``
as a JSON number. Dates are the site's time (UTC here) without an offset, and the same as GMT.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import TYPE_CHECKING, Any, Callable

from .query import build_link_query

if TYPE_CHECKING:
    from .models import Gateway, Item, Order, Refund, Store

NAMESPACE = "wc/v3"
API_ROOT = "/wp-json/wc/v3"
ZERO = Decimal(0)
PRICE_DECIMALS = 2
#: The largest ``dp`` printed (a simulator bound; PHP's number_format takes any).
MAX_DP = 50
WC_VERSION = "9.8.0"

#: Order statuses without their ``wc-`` prefix (``wc_get_order_statuses()``).
ORDER_STATUSES = ("pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed",
                  "checkout-draft")
#: The orders schema's ``currency`` enum, ``array_keys( get_woocommerce_currencies() )``, as the v3
#: docs list its options (``docs-wp-api-v3_orders.md``, order properties).
CURRENCIES: tuple[str, ...] = (
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD",
    "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTC", "BTN", "BWP", "BYR", "BZD", "CAD", "CDF", "CHF", "CLP",
    "CNY", "COP", "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR",
    "FJD", "FKP", "GBP", "GEL", "GGP", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG",
    "HUF", "IDR", "ILS", "IMP", "INR", "IQD", "IRR", "IRT", "ISK", "JEP", "JMD", "JOD", "JPY", "KES", "KGS",
    "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL",
    "MGA", "MKD", "MMK", "MNT", "MOP", "MRO", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO",
    "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PRB", "PYG", "QAR", "RON", "RSD",
    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLL", "SOS", "SRD", "SSP", "STD", "SYP",
    "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VEF", "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW",
)
#: Statuses in which WooCommerce has reduced stock (``wc_maybe_reduce_stock_levels``).
STOCK_REDUCED_STATUSES = ("processing", "completed", "on-hold")
#: Statuses of a paid order (``wc_get_is_paid_statuses()``).
PAID_STATUSES = ("processing", "completed")
#: Statuses from which a payment completes the order (``woocommerce_valid_order_statuses_for_payment_complete``).
AWAITING_PAYMENT_STATUSES = ("on-hold", "pending", "failed", "cancelled")

#: Payment gateways installed in every simulated store: id → (title, supports refunds).
#: bacs, cheque and cod do not declare the ``refunds`` feature (RULES.md §2.5).
GATEWAYS: dict[str, tuple[str, bool]] = {
    "bacs": ("Direct bank transfer", False),
    "cheque": ("Check payments", False),
    "cod": ("Cash on delivery", False),
    "stripe": ("Credit Card (Stripe)", True),
    "ppcp-gateway": ("PayPal", True),
    "woocommerce_payments": ("WooPayments", True),
    "square_credit_card": ("Credit Card (Square)", True),
}
#: The gateways WooCommerce itself registers (``WC_Payment_Gateways::init``: ``WC_Gateway_BACS``,
#: ``WC_Gateway_Cheque``, ``WC_Gateway_COD``); every other one comes with a plugin, which the merchant
#: may deactivate.
CORE_GATEWAYS = ("bacs", "cheque", "cod")
#: What a refund-capable gateway answers for a zero amount (RULES.md §2.2, observed).
GATEWAY_ZERO_AMOUNT = "Refund Error: You need to specify a refund amount."
GATEWAY_FAILED = "An error occurred while attempting to create the refund using the payment gateway API."
#: WordPress's answer to a PHP fatal error during a REST request (``WP_Fatal_Error_Handler``).
CRITICAL_ERROR = ("<p>There has been a critical error on this website.</p><p><a href=\"https://wordpress.org/"
                  "documentation/article/faq-troubleshooting/\">Learn more about troubleshooting WordPress.</a></p>")


# =============================================================================== numbers
def format_decimal(value: Decimal, dp: int = PRICE_DECIMALS) -> str:
    """``wc_format_decimal($value, $dp)``: ``number_format`` rounds half away from zero."""
    places = Decimal(1).scaleb(-dp)
    context = Context(prec=max(28, value.adjusted() + dp + 3))
    rounded = value.quantize(places, rounding=ROUND_HALF_UP, context=context)
    return f"{abs(rounded) if rounded == 0 else rounded:f}"  # PHP 7.2+ never prints "-0.00"


def php_number(value: Decimal) -> str:
    """A stored amount as PHP prints a float: no trailing zeros, no exponent (``"0.9"``, ``"-2"``)."""
    text = f"{value.normalize():f}"
    return "0" if text == "-0" else text


def json_number(value: Decimal) -> int | float:
    """An amount as PHP's ``json_encode`` prints a float that is a whole number (``3``) or not (``12.5``)."""
    return int(value) if value == value.to_integral_value() else float(value)


def wp_date(moment: datetime | None) -> str | None:
    """``wc_rest_prepare_date_response``: ``Y-m-d\\TH:i:s`` (the site is on UTC)."""
    if moment is None:
        return None
    return moment.astimezone(timezone.utc).replace(tzinfo=None, microsecond=0).isoformat()


# =============================================================================== links
def rest_url(base: str, path: str) -> str:
    """``rest_url()``: the store's home URL, ``/wp-json/`` and the route."""
    return f"{base.rstrip('/')}/wp-json/{path.lstrip('/')}"


def link(href: str, **extra: Any) -> list[dict[str, Any]]:
    return [{"href": href, **extra}]


# =============================================================================== orders
def _meta_json(meta: list[tuple[int, str, Any]]) -> list[dict[str, Any]]:
    return [{"id": meta_id, "key": key, "value": value} for meta_id, key, value in meta]


def _taxes_json(item: "Item", *, subtotal: bool) -> list[dict[str, Any]]:
    # Shipping and fee items store no tax subtotals: WooCommerce prints "" for them.
    before = item.subtotal_tax_by_rate
    return [{"id": rate_id, "total": php_number(total), "subtotal": php_number(before.get(rate_id, ZERO)) if subtotal else ""}
            for rate_id, total in item.taxes.items()]


def line_item_json(item: "Item", store: "Store", dp: int) -> dict[str, Any]:
    product = store.products.get(item.product_id)
    return {
        "id": item.id, "name": item.name, "product_id": item.product_id, "variation_id": 0,
        "quantity": item.quantity, "tax_class": "",
        "subtotal": format_decimal(item.subtotal, dp), "subtotal_tax": format_decimal(item.subtotal_tax, dp),
        "total": format_decimal(item.total, dp), "total_tax": format_decimal(item.total_tax, dp),
        "taxes": _taxes_json(item, subtotal=True), "meta_data": _meta_json(item.meta),
        "sku": product.sku if product is not None else None,
        "price": json_number(item.total / item.quantity) if item.quantity else 0,
        "parent_name": None,
    }


def shipping_line_json(item: "Item", dp: int) -> dict[str, Any]:
    return {
        "id": item.id, "method_title": item.name, "method_id": item.method_id, "instance_id": "",
        "total": format_decimal(item.total, dp), "total_tax": format_decimal(item.total_tax, dp),
        "taxes": _taxes_json(item, subtotal=False), "meta_data": _meta_json(item.meta),
    }


def fee_line_json(item: "Item", dp: int) -> dict[str, Any]:
    return {
        "id": item.id, "name": item.name, "tax_class": "", "tax_status": "taxable" if item.taxes else "none",
        "total": format_decimal(item.total, dp), "total_tax": format_decimal(item.total_tax, dp),
        "taxes": _taxes_json(item, subtotal=False), "meta_data": _meta_json(item.meta),
    }


def tax_lines_json(items: list["Item"], store: "Store", line_ids: dict[int, int], dp: int) -> list[dict[str, Any]]:
    """One tax line per rate: ``tax_total`` from products and fees, ``shipping_tax_total`` from shipping."""
    rows = []
    for rate_id, line_id in line_ids.items():
        rate = store.tax_rate(rate_id)
        cart = sum((i.taxes.get(rate_id, ZERO) for i in items if i.type != "shipping"), ZERO)
        shipping = sum((i.taxes.get(rate_id, ZERO) for i in items if i.type == "shipping"), ZERO)
        rows.append({"id": line_id, "rate_code": rate.code, "rate_id": rate_id, "label": rate.label,
                     "compound": False, "tax_total": format_decimal(cart, dp),
                     "shipping_tax_total": format_decimal(shipping, dp), "meta_data": []})
    return rows


def order_json(order: "Order", store: "Store", base: str, dp: int = PRICE_DECIMALS) -> dict[str, Any]:
    """``GET /orders/{id}`` (``WC_REST_Orders_V2_Controller::get_formatted_item_data``, view context)."""
    items = order.items
    body: dict[str, Any] = {
        "id": order.id, "parent_id": 0, "number": order.number or str(order.id), "order_key": order.order_key,
        "created_via": order.created_via, "version": WC_VERSION, "status": order.status, "currency": order.currency,
        "date_created": wp_date(order.created_at), "date_created_gmt": wp_date(order.created_at),
        "date_modified": wp_date(order.modified_at), "date_modified_gmt": wp_date(order.modified_at),
        "discount_total": format_decimal(order.discount_total, dp), "discount_tax": format_decimal(order.discount_tax, dp),
        "shipping_total": format_decimal(order.shipping_total, dp),
        "shipping_tax": format_decimal(order.shipping_tax, dp), "cart_tax": format_decimal(order.cart_tax, dp),
        "total": format_decimal(order.total, dp), "total_tax": format_decimal(order.cart_tax + order.shipping_tax, dp),
        "prices_include_tax": order.prices_include_tax, "customer_id": order.customer_id, "customer_ip_address": "",
        "customer_user_agent": "", "customer_note": order.customer_note,
        "billing": dict(order.billing), "shipping": dict(order.shipping),
        "payment_method": order.payment_method, "payment_method_title": order.payment_method_title,
        "transaction_id": order.transaction_id,
        "date_paid": wp_date(order.paid_at), "date_paid_gmt": wp_date(order.paid_at),
        "date_completed": wp_date(order.completed_at), "date_completed_gmt": wp_date(order.completed_at),
        "cart_hash": "", "meta_data": _meta_json(order.meta),
        "line_items": [line_item_json(i, store, dp) for i in items if i.type == "line_item"],
        "tax_lines": tax_lines_json(items, store, order.tax_line_ids, dp),
        "shipping_lines": [shipping_line_json(i, dp) for i in items if i.type == "shipping"],
        "fee_lines": [fee_line_json(i, dp) for i in items if i.type == "fee"],
        "coupon_lines": [],
        # Newest first; the total is negative (RULES.md §4).
        "refunds": [{"id": r.id, "reason": r.reason or "", "total": "-" + format_decimal(r.amount, dp)}
                    for r in reversed(order.refunds)],
    }
    links: dict[str, Any] = {"self": link(rest_url(base, f"{NAMESPACE}/orders/{order.id}")),
                             "collection": link(rest_url(base, f"{NAMESPACE}/orders"))}
    if order.customer_id:
        links["customer"] = link(rest_url(base, f"{NAMESPACE}/customers/{order.customer_id}"))
    body["_links"] = links
    return body


def refund_json(refund: "Refund", store: "Store", base: str, dp: int = PRICE_DECIMALS, *,
                with_parent: bool = False) -> dict[str, Any]:
    """A refund (``WC_REST_Order_Refunds_V2_Controller::get_formatted_item_data``); ``with_parent``
    for ``GET /refunds`` (WooCommerce 9.0+), which adds ``parent_id`` and a ``refunded_by`` link."""
    body: dict[str, Any] = {"id": refund.id}
    if with_parent:
        body["parent_id"] = refund.order_id
    items = refund.items
    body.update({
        "date_created": wp_date(refund.created_at), "date_created_gmt": wp_date(refund.created_at),
        "amount": format_decimal(refund.amount, dp), "reason": refund.reason or "",
        "refunded_by": refund.refunded_by, "refunded_payment": refund.refunded_payment,
        "meta_data": _meta_json(refund.meta),
        "line_items": [line_item_json(i, store, dp) for i in items if i.type == "line_item"],
        "shipping_lines": [shipping_line_json(i, dp) for i in items if i.type == "shipping"],
        "tax_lines": tax_lines_json(items, store, refund.tax_line_ids, dp),
        "fee_lines": [fee_line_json(i, dp) for i in items if i.type == "fee"],
    })
    collection = rest_url(base, f"{NAMESPACE}/orders/{refund.order_id}/refunds")
    links: dict[str, Any] = {"self": link(f"{collection}/{refund.id}"), "collection": link(collection),
                             "up": link(rest_url(base, f"{NAMESPACE}/orders/{refund.order_id}"))}
    if with_parent:
        links["refunded_by"] = link(rest_url(base, f"wp/v2/users/{refund.refunded_by}"), embeddable=True)
    body["_links"] = links
    return body


# =============================================================================== arguments
@dataclass(frozen=True)
class Arg:
    """One argument of a route as WordPress declares it (``type``, ``enum``, ``minimum``, ...).
    ``validated=False`` for arguments with a sanitizer but no ``validate_callback``."""

    name: str
    type: str  # integer | string | boolean | array | object
    default: Any = None
    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    date: bool = False
    email: bool = False  # format: email (``is_email()``)
    items: "Arg | None" = None
    properties: tuple["Arg", ...] = ()
    validated: bool = True
    sanitize: Callable[[Any], Any] | None = None


def _absint(value: Any) -> int:
    return abs(int(value))


def _id_list(value: Any) -> list[int]:
    """``wp_parse_id_list``: comma or space separated, each ``absint`` (junk becomes 0); an array's
    members as they are (a query's ``include[a]=1`` is an array with names)."""
    if isinstance(value, dict):
        value = list(value.values())
    parts = value if isinstance(value, list) else re.split(r"[,\s]+", str(value), flags=re.ASCII)
    ids = []
    for part in parts:
        match = re.match(r"\s*[+-]?(\d{1,19})", str(part), re.ASCII)
        ids.append(int(match.group(1)) if match else 0)
    return list(dict.fromkeys(i for i in ids))


COLLECTION_ARGS: tuple[Arg, ...] = (
    Arg("context", "string", "view", enum=("view", "edit")),
    Arg("page", "integer", 1, minimum=1, sanitize=_absint),
    Arg("per_page", "integer", 10, minimum=1, maximum=100, sanitize=_absint),
    Arg("search", "string"),
    Arg("after", "string", date=True),
    Arg("before", "string", date=True),
    Arg("modified_after", "string", date=True),
    Arg("modified_before", "string", date=True),
    Arg("dates_are_gmt", "boolean", False),
    Arg("exclude", "array", [], validated=False, sanitize=_id_list),
    Arg("include", "array", [], validated=False, sanitize=_id_list),
    Arg("offset", "integer", sanitize=_absint),
    Arg("order", "string", "desc", enum=("asc", "desc")),
    Arg("orderby", "string", "date", enum=("date", "id", "include", "title", "slug", "modified")),
    Arg("parent", "array", [], validated=False, sanitize=_id_list),
    Arg("parent_exclude", "array", [], validated=False, sanitize=_id_list),
)
_STATUS_ENUM = ("any", "trash", *ORDER_STATUSES)
ORDER_COLLECTION_ARGS: tuple[Arg, ...] = (
    *COLLECTION_ARGS,
    Arg("status", "array", ["any"], items=Arg("status", "string", enum=_STATUS_ENUM)),
    Arg("customer", "integer", sanitize=_absint),
    Arg("product", "integer", sanitize=_absint),
    Arg("dp", "integer", PRICE_DECIMALS, sanitize=_absint),
)
#: The refunds collections take the orders' arguments less ``status``, ``customer`` and ``product``.
REFUND_COLLECTION_ARGS: tuple[Arg, ...] = tuple(a for a in ORDER_COLLECTION_ARGS
                                                if a.name not in ("status", "customer", "product"))
#: A payment gateway's read takes its ``context`` only.
GATEWAY_ARGS: tuple[Arg, ...] = (Arg("context", "string", "view", enum=("view", "edit")),)
ITEM_ARGS: tuple[Arg, ...] = (Arg("context", "string", "view", enum=("view", "edit")),
                              Arg("dp", "integer", PRICE_DECIMALS, sanitize=_absint))
DELETE_REFUND_ARGS: tuple[Arg, ...] = (Arg("force", "boolean", True), Arg("dp", "integer", PRICE_DECIMALS, sanitize=_absint))
_META = Arg("meta_data", "array", items=Arg("meta_data", "object", properties=(
    Arg("id", "integer"), Arg("key", "string"))))
#: ``POST /orders/{id}/refunds``: the item schema's writable properties (v3), in schema order.
CREATE_REFUND_ARGS: tuple[Arg, ...] = (
    Arg("amount", "string"), Arg("reason", "string"), Arg("refunded_by", "integer"), _META,
    Arg("api_refund", "boolean", True), Arg("api_restock", "boolean", True),
)
_ADDRESS = ("first_name", "last_name", "company", "address_1", "address_2", "city", "state", "postcode",
            "country", "email", "phone")
#: ``POST /orders``: the writable properties of the order schema this simulator reads.
CREATE_ORDER_ARGS: tuple[Arg, ...] = (
    Arg("parent_id", "integer"),
    Arg("status", "string", "pending", enum=ORDER_STATUSES),
    Arg("currency", "string", "USD", enum=CURRENCIES),
    Arg("customer_id", "integer", 0),
    Arg("customer_note", "string"),
    Arg("billing", "object", properties=tuple(Arg(n, "string", email=n == "email") for n in _ADDRESS)),
    Arg("shipping", "object", properties=tuple(Arg(n, "string") for n in _ADDRESS if n not in ("email",))),
    Arg("payment_method", "string"), Arg("payment_method_title", "string"), Arg("transaction_id", "string"),
    _META,
    Arg("line_items", "array", items=Arg("line_items", "object", properties=(
        Arg("quantity", "integer"), Arg("subtotal", "string"), Arg("total", "string")))),
    Arg("shipping_lines", "array", items=Arg("shipping_lines", "object", properties=(
        Arg("method_id", "string"), Arg("method_title", "string"), Arg("total", "string")))),
    Arg("fee_lines", "array", items=Arg("fee_lines", "object", properties=(
        Arg("name", "string"), Arg("total", "string"), Arg("tax_status", "string", enum=("taxable", "none"))))),
    Arg("set_paid", "boolean", False),
)

# re.ASCII throughout: PHP's (PCRE without /u) \d and \s are ASCII's; Python's are any Unicode digit or space.
_INTEGER = re.compile(r"\s*[+-]?\d{1,19}(?:\.0*)?\s*", re.ASCII)
_WP_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}(?::\d{2})?)?$", re.ASCII)


def parse_wp_date(text: str) -> datetime | None:
    """``rest_parse_date``: ISO 8601 with seconds; no offset means the site's time (UTC here)."""
    if not _WP_DATE.match(text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("t", "T").replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


_EMAIL_LOCAL = re.compile(r"[a-zA-Z0-9!#$%&'*+/=?^_`{|}~.-]+", re.ASCII)
_EMAIL_SUB = re.compile(r"[a-zA-Z0-9-]+", re.ASCII)
_PHP_TRIM = " \t\n\r\0\x0b"


def is_email(text: str) -> bool:
    """WordPress's ``is_email()``: at least 6 characters, an ``@`` after the first, a local part of
    the allowed characters, a domain of two or more dot-separated labels of letters, digits and
    inner hyphens (no empty label, no surrounding dots or spaces)."""
    if len(text.encode()) < 6 or "@" not in text[1:]:
        return False
    local, domain = text.split("@", 1)
    if not _EMAIL_LOCAL.fullmatch(local) or ".." in domain or domain.strip(_PHP_TRIM + ".") != domain:
        return False
    subs = domain.split(".")
    return len(subs) >= 2 and all(sub.strip(_PHP_TRIM + "-") == sub and _EMAIL_SUB.fullmatch(sub) for sub in subs)


def _one_of(values: tuple[str, ...]) -> str:
    """``wp_sprintf('%l')``: "a and b", "a, b, and c"."""
    if len(values) == 2:
        return f"{values[0]} and {values[1]}"
    return ", ".join(values[:-1]) + f", and {values[-1]}"


def _is_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, str):
        return value.lower() in ("true", "false", "1", "0")
    return isinstance(value, int) and value in (0, 1)


def _to_boolean(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).lower() in ("true", "1")


def _is_integer(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) < 10 ** 19
    if isinstance(value, float):
        return value.is_integer() and abs(value) < 1e19
    return isinstance(value, str) and _INTEGER.fullmatch(value) is not None


def _php_string(value: Any) -> str:
    """A JSON scalar as PHP casts it to a string (``true`` is "1", ``false`` "")."""
    if isinstance(value, bool):
        return "1" if value else ""
    return str(value)


def _parse_list(value: Any) -> Any:
    """``wp_parse_list`` as ``rest_is_array`` applies it: a scalar (a query's "a,b", or a JSON
    number or boolean) is split on commas and spaces; an array is left as it is."""
    if isinstance(value, (str, int, float, bool)):
        return [v for v in re.split(r"[,\s]+", _php_string(value), flags=re.ASCII) if v]
    return value


def _check(arg: Arg, value: Any, name: str) -> tuple[str, str, dict[str, Any] | None] | None:
    """``rest_validate_value_from_schema``: None when valid, else (code, message, data)."""
    param = {"param": name}
    if arg.type == "integer":
        if not _is_integer(value):
            return "rest_invalid_type", f"{name} is not of type integer.", param
        number = int(float(value)) if not isinstance(value, int) else value
        if arg.minimum is not None and arg.maximum is not None and not arg.minimum <= number <= arg.maximum:
            return ("rest_out_of_bounds", f"{name} must be between {arg.minimum} (inclusive) and {arg.maximum} "
                    "(inclusive)", param)
        if arg.minimum is not None and number < arg.minimum:
            return "rest_out_of_bounds", f"{name} must be greater than or equal to {arg.minimum}", param
        return None
    if arg.type == "boolean":
        return None if _is_boolean(value) else ("rest_invalid_type", f"{name} is not of type boolean.", param)
    if arg.type == "string":
        if not isinstance(value, str):
            return "rest_invalid_type", f"{name} is not of type string.", param
        if arg.enum is not None and value not in arg.enum:
            return "rest_not_in_enum", f"{name} is not one of {_one_of(arg.enum)}.", param
        if arg.date and parse_wp_date(value) is None:
            return "rest_invalid_date", "Invalid date.", None
        if arg.email and not is_email(value):
            return "rest_invalid_email", "Invalid email address.", None
        return None
    if arg.type == "array":
        values = _parse_list(value)
        if not isinstance(values, list):  # rest_is_array: an array with names is not a list
            return "rest_invalid_type", f"{name} is not of type array.", param
        if arg.items is not None:
            for index, item in enumerate(values):
                problem = _check(arg.items, item, f"{name}[{index}]")
                if problem is not None:
                    return problem
        return None
    # object
    if not isinstance(value, dict):
        if value == [] or value == "":  # PHP cannot tell an empty array from an empty object
            return None
        return "rest_invalid_type", f"{name} is not of type object.", param
    for prop in arg.properties:
        if value.get(prop.name) is not None:
            problem = _check(prop, value[prop.name], f"{name}[{prop.name}]")
            if problem is not None:
                return problem
    return None


def validate_args(args: tuple[Arg, ...], lookup: Callable[[str], Any]) -> tuple[dict[str, Any], dict[str, tuple[str, str, Any]]]:
    """Validate and sanitise ``args`` (``WP_REST_Request::has_valid_params`` and
    ``sanitize_params``): the values (defaults where absent) and the problems, in declaration order.
    ``lookup(name)`` is the parameter as the request gives it, or None."""
    values: dict[str, Any] = {}
    problems: dict[str, tuple[str, str, Any]] = {}
    for arg in args:
        raw = lookup(arg.name)
        if raw is None:
            values[arg.name] = arg.default
            continue
        problem = _check(arg, raw, arg.name) if arg.validated else None
        if problem is not None:
            problems[arg.name] = problem
            continue
        values[arg.name] = _sanitise(arg, raw)
    return values, problems


def _sanitise(arg: Arg, raw: Any) -> Any:
    if arg.sanitize is not None:
        return arg.sanitize(raw)
    if arg.type == "boolean":
        return _to_boolean(raw)
    if arg.type == "integer":
        return int(float(raw)) if not isinstance(raw, int) else raw
    if arg.type == "array":
        return _parse_list(raw)
    return raw


# =============================================================================== pagination
@dataclass
class Page:
    """One page of a collection and the headers WordPress sends with it."""

    items: list[Any]
    total: int
    pages: int
    links: list[str] = field(default_factory=list)


def paginate(items: list[Any], values: dict[str, Any], url: str, query: dict[str, Any]) -> Page:
    """The CRUD controller's ``get_items`` paging: ``offset`` wins over ``page``; ``X-WP-Total`` is
    every match, ``X-WP-TotalPages`` = ceil(total / per_page); ``Link`` has ``prev`` (page > 1,
    pointing at most at the last page) and ``next`` (more pages), built from the request's own
    query as PHP parsed it (``query``, :func:`~.query.parse_php_query`: every member of an array
    such as ``include[]=1&include[]=2`` is kept) with ``page`` replaced, written as
    ``add_query_arg`` writes it (:func:`~.query.build_link_query`)."""
    per_page, page = values["per_page"], values["page"]
    offset = values.get("offset")
    start = offset if offset is not None else (page - 1) * per_page
    total = len(items)
    pages = -(-total // per_page)
    result = Page(items[start:start + per_page], total, pages)

    def page_link(number: int, rel: str) -> str:
        params = dict(query)
        params["page"] = str(number)  # add_query_arg replaces it where it stands, or appends it
        return f"<{url}?{build_link_query(params)}>; rel=\"{rel}\""

    if page > 1:
        result.links.append(page_link(min(page - 1, pages), "prev"))
    if pages > page:
        result.links.append(page_link(page + 1, "next"))
    return result


def payment_gateway_json(gateway: Gateway, order: int) -> dict[str, Any]:
    """A payment gateway as ``GET /payment_gateways`` answers it (the ``payment_gateway`` schema):
    ``enabled`` is its WooCommerce > Settings > Payments switch (``'yes' === $gateway->enabled``);
    ``method_supports`` lists ``refunds`` for a gateway that gives money back through its API —
    what ``wc_refund_payment`` checks (``$gateway->supports('refunds')``) before it refunds — and
    ``products`` for every one. Its settings are the store's, none simulated."""
    return {"id": gateway.id, "title": gateway.title, "description": "", "order": order, "enabled": gateway.enabled,
            "method_title": gateway.title, "method_description": "",
            "method_supports": ["products", "refunds"] if gateway.supports_refunds else ["products"], "settings": {}}
