"""WooCommerce REST API errors, shaped as WordPress sends them (FIDELITY.md, RULES.md §5):
``{"code": "<string>", "message": "<string>", "data": {"status": <int>, ...}}``.

WordPress takes the HTTP status from ``data["status"]`` only when ``data`` is an array; the refund
controllers build some errors with a bare integer as ``data`` (``new WP_Error(code, message, 404)``),
and those go out as **HTTP 500 with ``"data": 404``**. :class:`BareDataError` reproduces that: it is
the vendor's own 500, not a crash of the simulator (a crash says "Unexpected simulator error").
"""

from __future__ import annotations

from typing import Any

from simulators.core.errors import SimulatorError


class WooCommerceError(SimulatorError):
    """Base: ``{"code", "message", "data": {"status", **extra}}`` with HTTP ``status``."""

    code = "woocommerce_rest_error"
    status = 400

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None,
                 **extra: Any) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status
        if code is not None:
            self.code = code
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "data": {"status": self.status, **self.extra}}


class BareDataError(WooCommerceError):
    """A ``WP_Error`` whose data is a bare integer: HTTP 500, ``"data": <that integer>``."""

    status = 500

    def __init__(self, code: str, message: str, data: int) -> None:
        super().__init__(message, code=code)
        self.data = data
        self.reason = f"WooCommerce answers this error with HTTP 500 (its data is the integer {data})"

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "data": self.data}


# --------------------------------------------------------------------- routing and input
class NoRoute(WooCommerceError):
    """404 ``rest_no_route``: WordPress has no route for the path and method (a wrong method too)."""

    code = "rest_no_route"
    status = 404

    def __init__(self) -> None:
        super().__init__("No route was found matching the URL and request method.")


class InvalidJson(WooCommerceError):
    """400 ``rest_invalid_json``: a JSON body PHP's ``json_decode`` refuses."""

    code = "rest_invalid_json"

    def __init__(self, error_code: int, error_message: str) -> None:
        super().__init__("Invalid JSON body passed.", json_error_code=error_code, json_error_message=error_message)


class InvalidParams(WooCommerceError):
    """400 ``rest_invalid_param``: WordPress's argument validation (``WP_REST_Request::has_valid_params``).

    ``problems`` maps each invalid parameter, in the order the route declares them, to
    ``(error code, message)`` such as ``("rest_invalid_type", "amount is not of type string.")``.
    """

    code = "rest_invalid_param"

    def __init__(self, problems: dict[str, tuple[str, str]]) -> None:
        super().__init__(
            f"Invalid parameter(s): {', '.join(problems)}",
            params={name: message for name, (_, message) in problems.items()},
            details={name: {"code": code, "message": message, "data": {"param": name}}
                     for name, (code, message) in problems.items()},
        )


class ServerError(WooCommerceError):
    """An HTTP error status armed by the fault machinery (or a crash), in WordPress's shape."""

    code = "internal_server_error"
    status = 500


# --------------------------------------------------------------------- authentication
class AuthenticationError(WooCommerceError):
    """401 ``woocommerce_rest_authentication_error`` (``class-wc-rest-authentication.php``)."""

    code = "woocommerce_rest_authentication_error"
    status = 401


class MissingOAuthParameters(WooCommerceError):
    code = "woocommerce_rest_authentication_missing_parameter"
    status = 401

    def __init__(self, missing: list[str]) -> None:
        label = "parameter" if len(missing) == 1 else "parameters"
        super().__init__(f"Missing OAuth {label} {', '.join(missing)}")


class NotPermitted(WooCommerceError):
    """401 when nobody is logged in (no key, or a key the store does not know): the permission
    callbacks' ``woocommerce_rest_cannot_*`` errors with ``rest_authorization_required_code()``."""

    status = 401

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code=code)


# --------------------------------------------------------------------- records
class InvalidId(WooCommerceError):
    """404 ``woocommerce_rest_<post type>_invalid_id`` "Invalid ID." (CRUD ``get_item`` / ``delete_item``)."""

    status = 404

    def __init__(self, post_type: str) -> None:
        super().__init__("Invalid ID.", code=f"woocommerce_rest_{post_type}_invalid_id")


class RefundExists(WooCommerceError):
    code = "woocommerce_rest_shop_order_refund_exists"

    def __init__(self) -> None:
        super().__init__("Cannot create existing shop_order_refund.")


class TrashNotSupported(WooCommerceError):
    code = "woocommerce_rest_trash_not_supported"
    status = 501

    def __init__(self) -> None:
        super().__init__("The shop_order_refund does not support trashing.")


def invalid_order_id() -> BareDataError:
    """``woocommerce_rest_invalid_order_id`` "Invalid order ID." with data 404: HTTP 500."""
    return BareDataError("woocommerce_rest_invalid_order_id", "Invalid order ID.", 404)


def invalid_refund_id() -> BareDataError:
    """``woocommerce_rest_invalid_order_refund_id`` (the refund is not the order's): HTTP 500."""
    return BareDataError("woocommerce_rest_invalid_order_refund_id", "Invalid order refund ID.", 404)


def negative_amount() -> BareDataError:
    """``woocommerce_rest_invalid_order_refund`` (an amount below zero), data 400: HTTP 500."""
    return BareDataError("woocommerce_rest_invalid_order_refund", "Refund amount must be greater than zero.", 400)


def cannot_create_refund(message: str) -> BareDataError:
    """``woocommerce_rest_cannot_create_order_refund`` with ``wc_create_refund``'s or the gateway's
    message ("Invalid refund amount.", ...), data 500: HTTP 500."""
    return BareDataError("woocommerce_rest_cannot_create_order_refund", message, 500)


#: Every error code WooCommerce itself answers with HTTP 500 on the routes simulated here (the
#: bad-request sweep tells these from a crash of the simulator).
VENDOR_500_CODES = frozenset({
    "woocommerce_rest_invalid_order_id", "woocommerce_rest_invalid_order_refund_id",
    "woocommerce_rest_invalid_order_refund", "woocommerce_rest_cannot_create_order_refund",
})
