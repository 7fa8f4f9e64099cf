"""The shared faults on Magento's routes, in both transports: a status in Magento's error shape with
nothing committed, a connection dropped before the commit (nothing refunded) or after it (refunded
exactly once: a retry is refused, never a second credit memo), a client timeout after the commit."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
import requests

from harness.transports import LiveTransport
from simulators.clients import ControlPlaneClient, MagentoClient
from tests.conftest import race

from .conftest import ORDER, MagentoSim, make_client, refused, validation

REFUND_PATH = r"/V1/order/\d+/refund$"


@pytest.fixture(params=["inprocess", "live"])
def world(request: pytest.FixtureRequest) -> dict[str, Any]:
    if request.param == "inprocess":
        control, tenant = request.getfixturevalue("control"), request.getfixturevalue("tenant")
        base = request.getfixturevalue("simulators").base_url
    else:
        live: LiveTransport = request.getfixturevalue("live")
        base = live.base_url
        control = ControlPlaneClient(base)
        tenant = control.create_tenant(seed=12)
    sim = MagentoSim(base, tenant["tenant"])
    return {"control": control, "tenant": tenant["tenant"], "sim": sim, "order": sim.order(**ORDER), "base": base,
            "credentials": tenant["magento"], "magento": make_client(base, tenant["magento"], timeout=1)}


def _memos(magento: MagentoClient, order: dict[str, Any]) -> list[dict[str, Any]]:
    return magento.order_creditmemos(order["entity_id"])


def test_a_status_fault_answers_in_magentos_shape_and_commits_nothing(world) -> None:
    magento, order = world["magento"], world["order"]
    world["control"].arm_fault(world["tenant"], {"service": "magento", "method": "POST", "path": REFUND_PATH,
                                                 "status": 503})
    error = refused(magento.refund_order, order["entity_id"])
    assert error.status == 503 and error.body["message"].startswith("Internal Error. Details are available")
    assert _memos(magento, order) == [] and magento.order(order["entity_id"])["state"] == "processing"


def test_a_drop_before_the_commit_refunds_nothing(world) -> None:
    magento, order = world["magento"], world["order"]
    world["control"].arm_fault(world["tenant"], {"service": "magento", "path": REFUND_PATH, "drop": "before"})
    with pytest.raises(requests.ConnectionError):
        magento.refund_order(order["entity_id"])
    assert _memos(magento, order) == []
    magento.refund_order(order["entity_id"])  # the retry is the first refund
    assert len(_memos(magento, order)) == 1


@pytest.mark.parametrize("fault", [{"drop": "after_commit"}, {"timeout": True, "hold_ms": 1500}])
def test_a_refund_whose_answer_is_lost_is_committed_exactly_once(world, fault: dict[str, Any]) -> None:
    magento, order = world["magento"], world["order"]
    world["control"].arm_fault(world["tenant"], {"service": "magento", "path": REFUND_PATH, **fault})
    with pytest.raises((requests.ConnectionError, requests.Timeout)):
        magento.refund_order(order["entity_id"])
    [memo] = _memos(magento, order)
    assert memo["grand_total"] == 40.5
    # A naive retry of the same full refund is refused: the order is closed, nothing more is paid out.
    error = refused(magento.refund_order, order["entity_id"])
    assert error.raw_message == validation(
        "A creditmemo can not be created when an order has a status of closed",
        "We can't create creditmemo for the order.", "The credit memo's total must be positive.")
    after = magento.order(order["entity_id"])
    assert after["total_refunded"] == after["total_paid"] == 40.5 and len(_memos(magento, order)) == 1


def test_a_fault_on_one_route_leaves_the_others_alone(world) -> None:
    magento, order = world["magento"], world["order"]
    world["control"].arm_fault(world["tenant"], {"service": "magento", "path": REFUND_PATH, "status": 429})
    assert magento.order(order["entity_id"])["entity_id"] == order["entity_id"]
    assert refused(magento.refund_order, order["entity_id"]).status == 429
    magento.refund_order(order["entity_id"])  # count 1: spent
    assert len(_memos(magento, order)) == 1


def test_faults_only_hit_the_tenant_that_armed_them(world) -> None:
    other = world["control"].create_tenant(seed=13)
    world["control"].arm_fault(other["tenant"], {"service": "magento", "path": REFUND_PATH, "status": 503})
    world["magento"].refund_order(world["order"]["entity_id"])
    assert len(_memos(world["magento"], world["order"])) == 1




def test_two_refunds_held_until_they_meet_refund_once(world) -> None:
    """A ``meet`` fault holds both posts of a full refund until the second arrives, then lets them
    run together: the order's lock still lets only one through."""
    order = world["order"]
    clients = [make_client(world["base"], world["credentials"]) for _ in range(2)]
    world["control"].arm_fault(world["tenant"], {"service": "magento", "path": REFUND_PATH, "meet": 2, "count": 2,
                                                 "hold_ms": 2000})
    results = race([partial(c.refund_order, order["entity_id"]) for c in clients])
    assert sum(isinstance(r, int) for r in results) == 1, results
    assert len(_memos(world["magento"], order)) == 1
    [fault] = world["control"]._call("GET", f"/tenants/{world['tenant']}/faults")["faults"]
    assert fault["fired"] == 2
    notes = [e["note"] for e in world["control"].journal(world["tenant"]) if e["method"] == "POST"]
    assert sum("held until 2 requests met" in n for n in notes) == 2, notes


def test_report_ids_are_seeded_per_scenario(simulators, control) -> None:
    """Magento names each internal error ``webapi-<13 hex>`` (``uniqid("webapi-")``); here the id
    comes from the tenant's seed and a count of its reports, so a replayed scenario answers the
    same ids and two reports of one scenario still differ."""
    reports = []
    for _ in range(2):  # two tenants of one seed: the same scenario twice
        tenant = control.create_tenant(seed=31)
        order = MagentoSim(simulators.base_url, tenant["tenant"]).order(**ORDER)
        control.arm_fault(tenant["tenant"], {"service": "magento", "method": "POST", "path": REFUND_PATH,
                                             "status": 500, "count": 2})
        magento = make_client(simulators.base_url, tenant["magento"])
        reports.append([refused(magento.refund_order, order["entity_id"]).body["message"] for _ in range(2)])
    assert reports[0] == reports[1]
    first, second = reports[0]
    assert first != second
    for message in (first, second):
        prefix, _, report = message.rpartition(" ")
        assert prefix == "Internal Error. Details are available in Magento log file. Report ID:"
        assert report.startswith("webapi-") and len(report) == len("webapi-") + 13
        int(report[len("webapi-"):], 16)
