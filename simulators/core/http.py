"""Small HTTP helpers every service's routes share: reading a JSON body, the methods a path takes
(a 405's ``Allow``), marking the tenant of a request for the journal."""

from __future__ import annotations

import json
import math
import re
from typing import Any, Callable

from flask import current_app, g, request
from werkzeug.datastructures import MultiDict

from .errors import SimulatorError
from .tenants import Tenant


def json_body(invalid: Callable[[str], SimulatorError], *, required: bool = True) -> Any:
    """The request's JSON body; ``{}`` when empty and not ``required``.

    :raise SimulatorError: ``invalid(message)`` — the service's own error — when the body is not
        JSON (:func:`parse_json`).
    """
    raw = request.get_data(cache=True)
    if not raw.strip():
        if required:
            raise invalid("The request body is empty; a JSON document is required.")
        return {}
    try:
        return parse_json(raw)
    except ValueError as exc:
        raise invalid(f"The request body is not valid JSON: {exc}.") from None


def parse_json(text: str | bytes) -> Any:
    """JSON as the vendors' parsers read it, for a body or for JSON inside one (GraphQL variables
    sent as a string, a pagination cursor).

    :raise ValueError: not JSON, including what Python's parser would take and JSON does not (NaN,
        Infinity), a number too large for a float, bytes that are not UTF-8, and a document nested
        deeper than Python's recursive parser can follow.
    """
    try:
        return json.loads(text, parse_constant=_not_json, parse_float=_finite)
    except UnicodeDecodeError as exc:
        raise ValueError(str(exc)) from None
    except RecursionError:  # Python's parser recurses per nesting level; a vendor's just refuses
        raise ValueError("it is nested too deeply") from None
    except ValueError as exc:
        # int() refuses more than 4,300 digits with advice for Python programmers ("use
        # sys.set_int_max_str_digits() to increase the limit"), which reached the answers; said
        # here in the caller's words (caught, not checked per integer: no cost to a body that parses).
        found = _TOO_MANY_DIGITS.search(str(exc))
        if found is None:
            raise
        raise ValueError(f"a number of {int(found['digits']):,} digits is longer than any value here") from None


#: int()'s refusal of a number too long to read (Python 3.11+), and how many digits it had.
_TOO_MANY_DIGITS = re.compile(r"integer string conversion: value has (?P<digits>[0-9]+) digits")


def _not_json(constant: str) -> Any:
    """Python's parser takes NaN and Infinity; JSON (RFC 8259) and the vendors' parsers do not."""
    raise ValueError(f"{constant} is not a JSON value")


def _finite(text: str) -> float:
    """A JSON number as a float, refused when a float cannot hold it (``1e400`` would be infinity)."""
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"the number {text} is out of range")
    return value


def last_values(args: MultiDict[str, str]) -> dict[str, str]:
    """Each query parameter's last value, as Rack (Rails) and PHP (``$_GET``) read a plain name given
    more than once; Werkzeug's ``args.get`` answers the first."""
    return {name: values[-1] for name, values in args.lists()}


def allowed_methods() -> list[str]:
    """The methods the request's path takes, for a 405's ``Allow`` (RFC 9110 §15.5.6): those routing
    found when it refused the method, else (an armed 405 fault on a path that takes it) the URL map's."""
    valid: list[str] | None = getattr(request.routing_exception, "valid_methods", None)
    if valid:
        return valid
    return list(current_app.url_map.bind_to_environ(request.environ).allowed_methods())


def bind_tenant(service: str, tenant: Tenant) -> Tenant:
    """Remember which tenant and service the current request belongs to (read by the journal)."""
    flask_g = g._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup, not two
    flask_g.refundsim_service = service
    flask_g.refundsim_tenant = tenant
    return tenant


def current_tenant() -> Tenant:
    """The tenant bound by the service's authentication for this request."""
    return g.refundsim_tenant
