"""The simulators' app remembers what each URL matched (simulators/app.py's ``_RememberingMatcher``):
every route matches what werkzeug's own matcher matches, the first time and again, with view
arguments of its own each time; a 404 or a 405 is answered again as the first time."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map

from simulators.app import create_app

PATHS = [
    ("GET", "/services/rest/record/v1/salesOrder/12"),
    ("GET", "/services/rest/record/v1/salesOrder/eid:SHOP-1001"),
    ("POST", "/services/rest/record/v1/customer"),
    ("GET", "/admin/api/2025-01/orders/5716208170134.json"),
    ("POST", "/admin/api/2025-01/graphql.json"),
    ("GET", "/sell/fulfillment/v1/order/12-34567-89012"),
    ("GET", "/_sim/tenants/t-1/journal"),
]


def test_every_match_is_werkzeugs_and_its_own() -> None:
    app = create_app()
    plain = Map([rule.empty() for rule in app.url_map.iter_rules()]).bind("refundsim.invalid")
    ours = app.url_map.bind("refundsim.invalid")
    for method, path in PATHS:
        expected = plain.match(path, method)
        first = ours.match(path, method)
        assert first == expected, path
        values = first[1]
        assert isinstance(values, dict)
        values.clear()  # a hook changing the request's view_args changes no later request's
        assert ours.match(path, method) == expected, path


@pytest.mark.parametrize(("method", "path", "error"), [("GET", "/no/such/path", NotFound),
                                                        ("DELETE", "/_sim/health", MethodNotAllowed)])
def test_a_miss_is_answered_every_time(method: str, path: str, error: type[Exception]) -> None:
    ours = create_app().url_map.bind("refundsim.invalid")
    for _ in range(2):
        with pytest.raises(error):
            ours.match(path, method)
