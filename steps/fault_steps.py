"""Steps that make NetSuite or the storefront misbehave on purpose, through the control plane's
faults (simulators/core/faults.py), and check how the connector coped."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, parsers, then

from simulators.clients import ControlPlaneClient
from steps import parameters

SERVICES = {"Shopify": "shopify", "NetSuite": "netsuite", "eBay": "ebay"}
#: The request that moves money on each service: what a refund fault aims at.
REFUND_REQUESTS = {
    "shopify": ("POST", r".*/orders/\d+/refunds\.json$"),
    "netsuite": ("POST", r".*/!transform/(cashRefund|creditMemo)$"),
    "ebay": ("POST", r".*/issue_refund$"),
}
FAULTS: dict[str, dict[str, Any]] = {
    "drop the answer after committing it": {"drop": "after_commit"},
    "time out after committing it": {"timeout": True, "hold_ms": 300},
    "drop the connection before it": {"drop": "before"},
}


def _service(name: str) -> str:
    return SERVICES[parameters.one_of("service", name, SERVICES)]


def _arm(control: ControlPlaneClient, tenant: dict[str, Any], service: str, count: int, **fault: Any) -> dict[str, Any]:
    method, path = REFUND_REQUESTS[service]
    return control.arm_fault(tenant["tenant"], {"service": service, "method": method, "path": path, "count": count, **fault})


@given(parsers.re(r"(?P<service>\w+) will answer the next (?P<count>\d+) refund requests? with HTTP (?P<status>\d{3})"),
       converters={"count": int, "status": int})
def answer_with_status(control: ControlPlaneClient, tenant: dict[str, Any], service: str, count: int, status: int) -> None:
    """The next refund requests to Shopify | NetSuite | eBay get that HTTP status (a 429 says Retry-After: 2)."""
    extra = {"headers": {"Retry-After": "2"}} if status == 429 else {}
    _arm(control, tenant, _service(service), count, status=status, **extra)


@given(parsers.re(r"(?P<service>\w+) will (?P<fault>.+) on the next refund request"))
def lose_the_answer(control: ControlPlaneClient, tenant: dict[str, Any], service: str, fault: str) -> None:
    """fault: drop the answer after committing it | time out after committing it | drop the connection before it."""
    _arm(control, tenant, _service(service), 1, **FAULTS[parameters.one_of("fault", fault, FAULTS)])


@given(parsers.re(r"(?P<service>\w+) holds each refund request until a second one arrives"))
def refund_requests_meet(control: ControlPlaneClient, tenant: dict[str, Any], service: str) -> None:
    """Two refund requests to Shopify | NetSuite | eBay wait for each other before either runs (the
    first waits 100 ms at most): if the connector let two posts of one refund past its own checks,
    both are written and the double refund shows; if it did not, the first simply runs alone."""
    _arm(control, tenant, _service(service), 2, meet=2)


@then(parsers.parse("the simulator clock has moved forward by at least {seconds:d} seconds"))
def clock_moved(control: ControlPlaneClient, tenant: dict[str, Any], seconds: int) -> None:
    """The connector waited (backoff, Retry-After) on the simulator clock, not by sleeping."""
    offset = control.clock_offset(tenant["tenant"])
    assert offset >= seconds, f"expected the connector to wait at least {seconds} s before retrying, it waited {offset} s"
