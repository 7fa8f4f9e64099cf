"""The contract checker in the loop: every test run holds the simulators' answers to the vendors'
contracts, a violation fails whoever met it as a simulator error, and it can be turned off."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.evidence import category_of
from simulators.app import CONTRACT_CHECKS_ENV, create_app
from simulators.clients import ControlPlaneClient, EbayClient, VendorError
from simulators.ebay import routes as ebay_routes
from simulators.ebay.schemas import order_json

ROOT = Path(__file__).resolve().parents[2]
PLANTED = ("Unexpected simulator error: the answer breaks eBay Sell Fulfillment API v1.20.7: $: legacyOrderId is "
           "not a field of Order")


def _plant_legacy_order_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """getOrder answers the field the contract dropped in v1.20.7 (the control plane's echo does not)."""
    def planted(order: Any, **kwargs: Any) -> dict[str, Any]:
        return {**order_json(order, **kwargs), "legacyOrderId": "110123456789-2000123456789"}
    monkeypatch.setattr(ebay_routes, "order_json", planted)


def test_a_planted_violation_fails_the_test_as_a_simulator_error(monkeypatch, simulators, tenant, control, caplog) -> None:
    _plant_legacy_order_id(monkeypatch)
    order = control.create_ebay_order(tenant["tenant"])
    with caplog.at_level(logging.ERROR, logger="contracts"), pytest.raises(VendorError) as broken:
        EbayClient(simulators.base_url, tenant["ebay"]).get_order(order["orderId"])
    error = broken.value
    # The answer became a 500 in eBay's own shape, saying what broke which contract where.
    assert error.status == 500 and error.body["errors"][0]["errorId"] == 30500
    assert error.body["errors"][0]["message"] == PLANTED and PLANTED in error.message
    # How the report files this failure, whether a step let the exception escape or asserted on it.
    assert category_of("broken", f"simulators.clients.base.VendorError: {error}") == "Simulator errors"
    assert category_of("failed", f"AssertionError: expected a refund, found: {error.message}") == "Simulator errors"
    assert PLANTED in caplog.text
    [entry] = [e for e in control.journal(tenant["tenant"]) if e["url"].endswith(order["orderId"])]
    assert (entry["status"], entry["note"]) == (500, f"30500 {PLANTED}")


@pytest.mark.parametrize("path, message", [
    ("/services/rest/record/v1/salesOrder/1", "NetSuite"),
    ("/admin/api/2025-01/orders/1.json", "Shopify"),
    ("/post-order/v2/return/1", "Post-Order"),
])
def test_every_service_answers_a_violation_in_its_own_shape(path: str, message: str) -> None:
    from flask import Flask

    from simulators.app import SERVICES

    service = next(s for s in SERVICES if path.startswith(s.path_prefixes))
    with Flask(__name__).test_request_context(path):
        error = service.error_for_status(500, PLANTED)
    assert error.status == 500 and PLANTED in error.to_response().get_data(as_text=True), message


def test_with_the_checks_off_the_answer_goes_out_as_it_is(monkeypatch) -> None:
    _plant_legacy_order_id(monkeypatch)
    client = create_app({"CONTRACT_CHECKS": False}).test_client()
    tenant = client.post("/_sim/tenants", json={}).get_json()
    order = client.post(f"/_sim/tenants/{tenant['tenant']}/ebay/orders", json={}).get_json()
    answer = client.get(f"/sell/fulfillment/v1/order/{order['orderId']}",
                        headers={"Authorization": f"Bearer {tenant['ebay']['access_token']}"})
    assert answer.status_code == 200 and "legacyOrderId" in answer.get_json()


def test_the_app_takes_its_default_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv(CONTRACT_CHECKS_ENV, "0")
    assert create_app().config["CONTRACT_CHECKS"] is False
    assert create_app({"CONTRACT_CHECKS": True}).config["CONTRACT_CHECKS"] is True
    monkeypatch.setenv(CONTRACT_CHECKS_ENV, "1")
    assert create_app().config["CONTRACT_CHECKS"] is True


def test_the_run_checks_contracts_unless_told_not_to(request: pytest.FixtureRequest, simulator_app) -> None:
    """Every app of a run — create_app() anywhere, and subprocesses — learns the option from the environment."""
    off = request.config.getoption("--no-contract-checks")
    assert os.environ[CONTRACT_CHECKS_ENV] == ("0" if off else "1")
    assert simulator_app.config["CONTRACT_CHECKS"] is (not off)


def test_no_contract_checks_turns_them_off() -> None:
    this = f"{Path(__file__).relative_to(ROOT)}::test_the_run_checks_contracts_unless_told_not_to"
    done = subprocess.run([sys.executable, "-m", "pytest", this, "--no-contract-checks", "-q", "-p", "no:cacheprovider",
                           "--alluredir", ""], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={k: v for k, v in os.environ.items() if k != CONTRACT_CHECKS_ENV})
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr


def test_the_control_plane_echo_of_an_order_is_checked_too(monkeypatch, simulators, tenant) -> None:
    from simulators.ebay import control as ebay_control

    def planted(order: Any, **kwargs: Any) -> dict[str, Any]:
        return {**order_json(order, **kwargs), "salesRecordReference": 42}
    monkeypatch.setattr(ebay_control, "order_json", planted)
    with pytest.raises(VendorError) as broken:
        ControlPlaneClient(simulators.base_url).create_ebay_order(tenant["tenant"])
    assert broken.value.status == 500
    assert "$.salesRecordReference: must be string" in broken.value.message
