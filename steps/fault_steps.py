"""Steps that make NetSuite or the storefront misbehave on purpose, through the control plane's
faults (simulators/core/faults.py), and check how the connector coped: the requests it made and how
long it waited between them, on the simulator clock."""

from __future__ import annotations

from typing import Any

from pytest_bdd import given, then

from harness.expectations import ScenarioError, check, said
from harness.timeline import ScenarioJournal, Timeline
from simulators.clients import ControlPlaneClient
from steps import parameters
from steps.phrases import phrase

#: The requests a fault or a count names, per service: (method, a regular expression of the path).
#: "refund requests" are the ones that move money; the others are reads.
REQUESTS: dict[str, dict[str, tuple[str | None, str]]] = {
    "shopify": {
        "refund requests": ("POST", r"/orders/\d+/refunds\.json$"),
        "order lookups": ("GET", r"/orders/\d+\.json$"),
        "refund lookups": ("GET", r"/orders/\d+/refunds\.json$"),
        "refund lookups by id": ("GET", r"/orders/\d+/refunds/\d+\.json$"),
        "transaction lookups": ("GET", r"/orders/\d+/transactions\.json$"),
        "requests": (None, r""),
    },
    "netsuite": {
        "refund requests": ("POST", r"/!transform/(cashRefund|creditMemo)$"),
        "sales order creations": ("POST", r"/record/v1/salesOrder$"),
        "customer creations": ("POST", r"/record/v1/customer$"),
        "customer refund creations": ("POST", r"/record/v1/customerRefund$"),
        "credit memo applications": ("PATCH", r"/record/v1/creditMemo/[^/]+$"),
        "order lookups": ("GET", r"/record/v1/salesOrder/[^/]+$"),
        "searches": ("GET", r"/record/v1/\w+$"),
        "return authorization searches": ("GET", r"/record/v1/returnAuthorization$"),
        "record lookups": ("GET", r"/record/v1/\w+/[^/]+$"),
        "requests": (None, r""),
    },
    "ebay": {
        "refund requests": ("POST", r"/issue_refund$"),
        "order lookups": ("GET", r"/sell/fulfillment/v1/order/[^/]+$"),
        "return lookups": ("GET", r"/post-order/v2/return/"),
        "cancellation lookups": ("GET", r"/post-order/v2/cancellation/"),
        "requests": (None, r""),
    },
    "magento": {  # a refund is a credit memo, made from the order (offline) or from its invoice
        "refund requests": ("POST", r"/V1/(order|invoice)/\d+/refund$"),
        "order lookups": ("GET", r"/V1/orders(/\d+)?$"),
        "invoice lookups": ("GET", r"/V1/invoices(/\d+)?$"),
        "credit memo lookups": ("GET", r"/V1/creditmemos?(/\d+)?$"),
        "requests": (None, r""),
    },
    "woocommerce": {
        "refund requests": ("POST", r"/wc/v3/orders/\d+/refunds$"),
        "order lookups": ("GET", r"/wc/v3/orders/\d+$"),
        "refund lookups": ("GET", r"/wc/v3/orders/\d+/refunds(/\d+)?$"),
        "requests": (None, r""),
    },
}
FAULTS: dict[str, dict[str, Any]] = {
    "drop the answer after committing it": {"drop": "after_commit"},
    "time out after committing it": {"timeout": True, "hold_ms": 300},
    "drop the connection before answering it": {"drop": "before"},
    "answer HTTP 504 after committing it": {"status": 504, "after_commit": True},
    "answer HTTP 500 after committing it": {"status": 500, "after_commit": True},
}


def _requests(service: str, kind: str, settings: dict[str, Any]) -> tuple[str, tuple[str | None, str]]:
    """The service's key and the (method, path) of the requests a scenario names: of NetSuite or of
    the storefront the account links (``settings``). Another storefront's requests never come — a
    fault planned for them never fires, a count of them is 0 — and the check would blame the
    connector for the scenario's slip: it is said instead."""
    name = parameters.pick("service", service, parameters.SERVICES)
    if name not in ("netsuite", settings.get("storefront")):
        shown = _linked(settings)
        raise ScenarioError(f"the scenario's connector account links {shown} and NetSuite, not {service}: name one of "
                            f"them (or start with '{parameters.account_step(service)}')")
    singular = {f"{k[:-1]}": k for k in REQUESTS[name] if k.endswith("s")}  # "the next refund request"
    return name, REQUESTS[name][parameters.one_of(f"kind of {service} request", singular.get(kind, kind), REQUESTS[name])]


def _linked(settings: dict[str, Any]) -> str:
    """The storefront the account links, as a scenario writes it ("Shopify")."""
    linked = settings.get("storefront")
    return next((written for written, key in parameters.STOREFRONTS.items() if key == linked), str(linked))


#: What the connector never sends, by its design: (service, kind) → why. A fault planned for such
#: requests is never met, and a wait between them never comes: the scenario's mistake. (A count of
#: them stays a check: "eBay received exactly 0 refund requests" is what the connector must do.)
NEVER_SENT = {("ebay", "refund requests"): "the connector sends eBay no refund request (eBay refunds sync to NetSuite)"}
_INSTEAD = "NetSuite's refund requests, or eBay's order lookups, return lookups or cancellation lookups"


def _sent(service: str, kind: str, settings: dict[str, Any], what: str) -> tuple[str, tuple[str | None, str]]:
    """:func:`_requests`, of requests the connector sends at all; ``what`` says what the step
    would do with them ("a fault planned for one would never be met")."""
    name, request = _requests(service, kind, settings)
    kind_key = next((k for k, v in REQUESTS[name].items() if v == request), kind)
    if (name, kind_key) in NEVER_SENT:
        raise ScenarioError(f"{NEVER_SENT[name, kind_key]}: {what}")
    return name, request


def _arm(control: ControlPlaneClient, tenant: dict[str, Any], settings: dict[str, Any], service: str, kind: str, count: int,
         **fault: Any) -> None:
    name, (method, path) = _sent(service, kind, settings, f"a fault planned for one would never be met; plan it for "
                                 f"{_INSTEAD}")
    control.arm_fault(tenant["tenant"], {"service": name, **({"method": method} if method else {}),
                                         **({"path": path} if path else {}), "count": count, **fault})


@given(phrase("{service:w} will answer the next {count:d} {kind} with HTTP {status:d}[ and Retry-After {retry_after:d}]"))
def answer_with_status(control: ControlPlaneClient, tenant: dict[str, Any], connector_settings: dict[str, Any], service: str,
                       count: int, kind: str, status: int, retry_after: int | None) -> None:
    """The next ``count`` requests of that kind to the service get that HTTP status, in the
    service's own error shape, and do nothing; a 429 says ``Retry-After`` as the service's own does
    (Shopify ``2.0``; NetSuite, eBay, Magento and WooCommerce none: the connector backs off on its
    own) unless the step gives a number of seconds (at most 10000); count: 1 to 10000; status: an HTTP error status, 400 to 599, one
    registered with IANA (no service answers 418 or 599). service:
    NetSuite | Shopify | eBay | Magento | WooCommerce; kind: refund requests (the writes that move
    money) | order lookups | refund lookups | refund lookups by id | transaction lookups (Shopify) | searches | record
    lookups | return authorization searches | sales order creations | customer creations | customer refund creations |
    credit memo applications (NetSuite) | return lookups | cancellation lookups (eBay) |
    invoice lookups | credit memo lookups (Magento) | refund lookups (WooCommerce) | requests (any).
    Not eBay's refund requests: the connector sends eBay none (its refunds sync to NetSuite)."""
    extra: dict[str, Any] = {}
    if retry_after is not None:
        extra["headers"] = {"Retry-After": str(parameters.retry_after(retry_after))}
    _arm(control, tenant, connector_settings, service, kind, parameters.planned_requests(count, kind),
         status=parameters.error_status(status, service), **extra)


@given(phrase("{service:w} will {fault} on the next [{count:d} ]{kind}"))
def lose_the_answer(control: ControlPlaneClient, tenant: dict[str, Any], connector_settings: dict[str, Any], service: str,
                    fault: str, count: int | None, kind: str) -> None:
    """The next request (or ``count`` requests, 1 to 10000) of that kind to the service fail on the
    wire. fault: drop the answer after committing it | time out after committing it | drop the
    connection before answering it (nothing committed) | answer HTTP 504 after committing it (a
    gateway timing out on a write that ran, in the service's error shape) | answer HTTP 500 after
    committing it (the server failing after the write ran). kind: as above (refund
    request, order lookups, ...)."""
    count = 1 if count is None else parameters.planned_requests(count, kind)  # "the next refund request": one
    _arm(control, tenant, connector_settings, service, kind, count, **parameters.pick("fault", fault, FAULTS))


@given(phrase("{service:w} holds each refund request until a second one arrives"))
def refund_requests_meet(control: ControlPlaneClient, tenant: dict[str, Any], connector_settings: dict[str, Any],
                         service: str) -> None:
    """Two refund requests to the service wait for each other before either runs (the first waits
    100 ms at most): if the connector let two posts of one refund past its own checks, both are
    written and the double refund shows; if it did not, the first simply runs alone."""
    _arm(control, tenant, connector_settings, service, "refund requests", 2, meet=2)


@then("every planned fault fired")
def faults_fired(control: ControlPlaneClient, tenant: dict[str, Any], connector_settings: dict[str, Any]) -> None:
    """Every fault the scenario armed was met by as many requests as it was armed for (so the
    connector really went through what the scenario set up). There must be one: a scenario that
    planned none is the scenario's mistake (the check would pass having checked nothing)."""
    armed = _fault_planned(control, tenant, connector_settings, "none could fire")
    unfired = [f"{_planned(f)} ({f['remaining']} of {f['count']} left)" for f in armed if f["remaining"]]
    check(not unfired, "retries", f"expected every planned fault to fire, these still wait for requests: "
          f"{'; '.join(unfired)}")


def _fault_planned(control: ControlPlaneClient, tenant: dict[str, Any], settings: dict[str, Any],
                   so: str = "nothing failed for the connector to retry") -> list[dict[str, Any]]:
    """The faults the scenario planned (fired or not); there must be one. With none, no request
    failed on purpose — a check of what the connector did after one (it fired, it was retried) is
    the scenario's slip, not the connector's: said as such (``so``: what follows from none)."""
    armed = control.faults(tenant["tenant"])
    if not armed:
        raise ScenarioError(f"no fault is planned in this scenario, so {so}: plan one first ('Given "
                            f"{_linked(settings)} will answer the next 1 refund request with HTTP 503', "
                            "docs/steps.md), or leave the step out")
    return armed


def _planned(fault: dict[str, Any]) -> str:
    """A fault's requests as the scenario named them ("Shopify refund requests"), from its service,
    method and path (:data:`REQUESTS`), not as the control plane keeps them (a regular expression)."""
    service = next((shown for shown, key in parameters.SERVICES.items() if key == fault["service"]), fault["service"])
    named = (fault.get("method"), fault.get("path") or "")
    kind = next((kind for kind, request in REQUESTS.get(fault["service"], {}).items() if request == named),
                f"{named[0] or 'any'} requests to {named[1] or 'any path'}")
    return f"{service} {kind}"


@then(phrase("{service:w} received exactly {count:d} {kind} from the connector"))
def requests_received(scenario_journal: ScenarioJournal, connector_settings: dict[str, Any], service: str, count: int,
                      kind: str) -> None:
    """Counts the connector's requests of that kind to the service (the requests made during the
    When steps: the harness's own set-up and checks are not counted), answered or not."""
    name, (method, path) = _requests(service, kind, connector_settings)
    found = scenario_journal.connector_requests(name, method, path or None)
    sent = [f"{e['method']} /{e['url'].split('?')[0].split('/', 3)[-1]} → {e['status']}" for e in found]
    check(len(found) == count, "retries", f"expected the connector to send {service} exactly {count} {kind}, it sent "
          f"{len(found)}: {said(sent)}", expected=count, found=len(found))


@then(phrase("the connector waited at least {seconds:d} second(s) before each retry of the {kind} to {service:w}"))
def waited_between_attempts(scenario_journal: ScenarioJournal, connector_settings: dict[str, Any], service: str, kind: str,
                            seconds: int, control: ControlPlaneClient, tenant: dict[str, Any]) -> None:
    """Between two consecutive requests of that kind from the connector to the service, the
    simulator clock moved at least this far (backoff and Retry-After are honoured, on the simulator
    clock). There must be a retry (and so a fault planned before: with none, nothing fails for the
    connector to retry, and expecting a retry is the scenario's error)."""
    name, (method, path) = _sent(service, kind, connector_settings, f"no wait between them to check; check {_INSTEAD}")
    found = scenario_journal.connector_requests(name, method, path or None)
    if len(found) < 2:
        _fault_planned(control, tenant, connector_settings)
    check(len(found) >= 2, "retries", f"expected the connector to retry the {kind} to {service}, it did not retry "
          f"(it sent {service} {len(found)} of them)")
    gaps = _waits(found)
    check(min(gaps) >= seconds, "retries", f"expected the connector to wait at least {seconds} s before each retry of "
          f"the {kind} to {service}, it waited {_seconds(gaps)} s")


def _seconds(gaps: list[float]) -> str:
    """Waits as a scenario writes them: ``1, 2 and 4`` (a whole second without its ``.0``)."""
    shown = [f"{gap:g}" for gap in gaps]
    return " and ".join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else "".join(shown)


def _waits(found: list[dict[str, Any]]) -> list[float]:
    """The seconds the simulator clock was moved between consecutive journaled requests: by how far
    it had been moved when each was answered, not by ``at`` (live, that is real time to the second,
    and a wait of 2 s that crosses a second boundary would read 3)."""
    return [b["clock_moved"] - a["clock_moved"] for a, b in zip(found, found[1:], strict=False)]


@then(phrase("the connector waited {waits} second(s) before its retries of the {kind} to {service:w}"))
def waited_each(scenario_journal: ScenarioJournal, connector_settings: dict[str, Any], service: str, kind: str,
                waits: str, control: ControlPlaneClient, tenant: dict[str, Any]) -> None:
    """The backoff, wait by wait: between consecutive requests of that kind from the connector to
    the service the simulator clock moved exactly these seconds, in this order (``1, 2 and 4``: a
    first retry after 1 s, a second 2 s after it, a third 4 s after that), and there were no more
    retries than that."""
    wanted = parameters.seconds_list(waits)
    name, (method, path) = _sent(service, kind, connector_settings, f"no wait between them to check; check {_INSTEAD}")
    found = scenario_journal.connector_requests(name, method, path or None)
    gaps = _waits(found)
    if not gaps:
        _fault_planned(control, tenant, connector_settings)
    waited = f"it waited {_seconds(gaps)} s" if gaps else \
        f"it did not retry (it sent {service} {len(found)} of them)"
    check(gaps == wanted, "retries", f"expected the connector to wait {waits} s before its retries of the {kind} to "
          f"{service}, {waited}", expected=wanted, found=gaps)


@then(phrase("the connector waited {low:d} to {high:d} seconds in all"))
def waited_in_all(timeline: Timeline, low: int, high: int) -> None:
    """How long the connector waited on the simulator clock in all (backoff, Retry-After): the
    clock's movement less what the scenario itself moved (minutes passing, eBay settling refunds)."""
    low, high = parameters.seconds_range(low, high)
    waited = timeline.connector_waited()
    check(low <= waited <= high, "retries", f"expected the connector to wait {low} to {high} s in all, it waited {waited:g} s")
