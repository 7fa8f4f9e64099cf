"""Asynchronous requests (``Prefer: respond-async``) and idempotency keys, as Oracle documents them
("REST Web Services Request Processing"): 202 with the job's Location; the job runs on the tenant
clock; its task's result is the answer the request would have had; a second request with the same
``X-NetSuite-Idempotency-Key`` is refused with IDEMPOTENCY_ERROR naming the first job (whatever its
body), so it never makes a second record; a synchronous request ignores the key."""

from __future__ import annotations

import uuid
from functools import partial
from typing import Any

import pytest
import requests

from harness.transports import LiveTransport
from simulators.clients import ControlPlaneClient, NetSuiteClient, VendorError
from simulators.netsuite.models import Outcome
from simulators.netsuite.schemas import ASYNC_JOB_SECONDS
from tests.conftest import assert_netsuite_error, race
from tests.netsuite.conftest import order_body, raw

ASYNC = {"Prefer": "respond-async"}


def _key() -> str:
    return str(uuid.uuid4())


def _submit(netsuite: NetSuiteClient, method: str, path: str, key: str | None = None, **kwargs: Any) -> requests.Response:
    headers = {**ASYNC, **({"X-NetSuite-Idempotency-Key": key} if key else {})}
    return raw(netsuite, method, path, headers=headers, **kwargs)


def _job(netsuite: NetSuiteClient, response: requests.Response) -> str:
    assert response.status_code == 202, response.text
    assert response.headers["Preference-Applied"] == "respond-async" and not response.content
    location = response.headers["Location"]
    assert location.startswith(f"{netsuite.base_url}/services/rest/async/v1/job/")
    return location


def _get(netsuite: NetSuiteClient, url: str) -> dict[str, Any]:
    response = netsuite.session.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def _result(netsuite: NetSuiteClient, job_url: str) -> requests.Response:
    task_url = _get(netsuite, f"{job_url}/task")["items"][0]["links"][0]["href"]
    return netsuite.session.get(f"{task_url}/result")


def test_an_async_create_runs_as_a_job_on_the_tenant_clock(netsuite, catalogue, control, tenant) -> None:
    job_url = _job(netsuite, _submit(netsuite, "POST", "/salesOrder", json=order_body(catalogue)))
    # Queued, not run: nothing exists until the clock reaches the job.
    job = _get(netsuite, job_url)
    assert (job["completed"], job["progress"], job["id"]) == (False, "pending", job_url.rsplit("/", 1)[1])
    assert job["task"]["links"] == [{"rel": "self", "href": f"{job_url}/task"}]
    assert netsuite.query("salesOrder") == []
    assert_netsuite_error(_result(netsuite, job_url), 404, "NONEXISTENT_ID")

    control.advance_clock(tenant["tenant"], ASYNC_JOB_SECONDS)
    assert _get(netsuite, job_url)["completed"] is True
    [so_id] = netsuite.query("salesOrder")
    tasks = _get(netsuite, f"{job_url}/task")
    assert (tasks["count"], tasks["totalResults"], tasks["hasMore"]) == (1, 1, False)
    task = _get(netsuite, tasks["items"][0]["links"][0]["href"])
    assert (task["completed"], task["progress"]) == (True, "succeeded")
    assert task["startTime"] == task["endTime"] == control.clock(tenant["tenant"])
    assert task["links"][0]["rel"] == "related" and task["links"][0]["href"].endswith("/result")
    result = _result(netsuite, job_url)
    assert (result.status_code, result.content) == (204, b"")
    assert result.headers["Location"] == f"{netsuite.root}/salesOrder/{so_id}"


def test_the_same_key_again_is_refused_with_the_first_job_whatever_the_body(netsuite, catalogue, control, tenant) -> None:
    key = _key()
    first = _job(netsuite, _submit(netsuite, "POST", "/salesOrder", key, json=order_body(catalogue)))
    for body in (order_body(catalogue), order_body(catalogue, memo="another order")):
        again = _submit(netsuite, "POST", "/salesOrder", key, json=body)
        detail = assert_netsuite_error(again, 400, "IDEMPOTENCY_ERROR")
        assert again.json()["title"] == "Conflict" and "already submitted" in detail["detail"]
        assert again.headers["Location"] == first and again.headers["Preference-Applied"] == "respond-async"
    control.advance_clock(tenant["tenant"], ASYNC_JOB_SECONDS)
    assert len(netsuite.query("salesOrder")) == 1
    # Even once the first job has run, the key still names it: a late retry reads its result.
    late = _submit(netsuite, "POST", "/salesOrder", key, json=order_body(catalogue))
    assert late.headers["Location"] == first and len(netsuite.query("salesOrder")) == 1
    assert _result(netsuite, first).status_code == 204


def test_a_synchronous_request_ignores_the_key(netsuite, catalogue) -> None:
    """Oracle: the key is for asynchronous requests; "if the request is executed synchronously, this
    header is ignored" — two synchronous creates with one key make two records."""
    key = _key()
    for _ in range(2):
        response = raw(netsuite, "POST", "/salesOrder", json=order_body(catalogue),
                       headers={"X-NetSuite-Idempotency-Key": key})
        assert response.status_code == 204
    assert len(netsuite.query("salesOrder")) == 2


def test_a_refused_async_request_fails_its_job_and_its_result_is_the_error(netsuite, catalogue, control, tenant) -> None:
    so = netsuite.create("salesOrder", order_body(catalogue))
    cs = netsuite.transform("salesOrder", so, "cashSale")
    job_url = _job(netsuite, _submit(netsuite, "POST", f"/cashSale/{cs}/!transform/cashRefund", _key(),
                                     json={"shippingCost": 0, "item": {"items": [
                                         {"item": {"id": catalogue["item"]}, "quantity": 5, "rate": 10}]}}))
    control.advance_clock(tenant["tenant"], ASYNC_JOB_SECONDS)
    job = _get(netsuite, job_url)
    assert (job["completed"], job["progress"]) == (True, "failed")
    assert "exceeds the amount remaining" in assert_netsuite_error(_result(netsuite, job_url), 400, "USER_ERROR")["detail"]
    assert netsuite.query("cashRefund") == []


@pytest.mark.parametrize("method, path, body", [
    ("GET", "/salesOrder/{so}", None),
    ("GET", "/salesOrder/{so}/item", None),
    ("GET", "/salesOrder", None),
    ("PATCH", "/salesOrder/{so}", {"memo": "rush"}),
    ("DELETE", "/salesOrder/{so}", None),
])
def test_reads_and_other_writes_run_asynchronously_too(netsuite, catalogue, control, tenant,
                                                       method: str, path: str, body: Any) -> None:
    so = netsuite.create("salesOrder", order_body(catalogue))
    url = path.format(so=so)
    synchronous = raw(netsuite, method, url, json=body) if method == "GET" else None
    job_url = _job(netsuite, _submit(netsuite, method, url, json=body))
    control.advance_clock(tenant["tenant"], ASYNC_JOB_SECONDS)
    result = _result(netsuite, job_url)
    if synchronous is not None:
        assert (result.status_code, result.json()) == (200, synchronous.json())
    else:
        assert result.status_code == 204
    if method == "PATCH":
        assert netsuite.get("salesOrder", so)["memo"] == "rush"
    if method == "DELETE":
        assert netsuite.query("salesOrder") == []


def test_suiteql_runs_asynchronously_with_both_preferences(netsuite, catalogue, control, tenant) -> None:
    response = netsuite.session.post(f"{netsuite.base_url}/services/rest/query/v1/suiteql",
                                     json={"q": "SELECT id FROM customer"}, headers={"Prefer": "respond-async, transient"})
    job_url = _job(netsuite, response)
    control.advance_clock(tenant["tenant"], ASYNC_JOB_SECONDS)
    assert [row["id"] for row in _result(netsuite, job_url).json()["items"]] == [catalogue["customer"]]


def test_unknown_jobs_and_tasks_are_404(netsuite, catalogue) -> None:
    root = f"{netsuite.base_url}/services/rest/async/v1/job"
    assert_netsuite_error(netsuite.session.get(f"{root}/424242"), 404, "NONEXISTENT_ID")
    job_url = _job(netsuite, _submit(netsuite, "POST", "/salesOrder", json=order_body(catalogue)))
    task = _get(netsuite, f"{job_url}/task")["items"][0]["id"]
    assert_netsuite_error(netsuite.session.get(f"{job_url}/task/{int(task) + 1}"), 404, "NONEXISTENT_ID")
    assert_netsuite_error(netsuite.session.get(f"{root}/x"), 404, "NONEXISTENT_PATH")


def test_jobs_are_per_account(simulators, netsuite, catalogue) -> None:
    job_url = _job(netsuite, _submit(netsuite, "POST", "/salesOrder", json=order_body(catalogue)))
    other = ControlPlaneClient(simulators.base_url).create_tenant()
    try:
        stranger = NetSuiteClient(simulators.base_url, other["netsuite"])
        assert_netsuite_error(stranger.session.get(job_url), 404, "NONEXISTENT_ID")
    finally:
        ControlPlaneClient(simulators.base_url).delete_tenant(other["tenant"])


# ------------------------------------------------------------------ the client
def test_the_client_writes_with_a_key_once_and_reads_the_first_attempts_job(netsuite, catalogue, control, tenant) -> None:
    """What a connector does after a lost answer: the same write, the same key — one record."""
    netsuite.wait = lambda seconds: control.advance_clock(tenant["tenant"], seconds)
    key = _key()
    _job(netsuite, _submit(netsuite, "POST", "/salesOrder", key, json=order_body(catalogue)))  # its answer "lost"
    so_id = netsuite.create("salesOrder", order_body(catalogue), idempotency_key=key)
    assert netsuite.query("salesOrder") == [so_id]
    assert netsuite.transform("salesOrder", so_id, "cashSale", idempotency_key=_key()) in netsuite.query("cashSale")


def test_the_client_raises_the_jobs_refusal(netsuite, catalogue, control, tenant) -> None:
    netsuite.wait = lambda seconds: control.advance_clock(tenant["tenant"], seconds)
    with pytest.raises(VendorError) as refused:
        netsuite.create("salesOrder", {"memo": "no customer"}, idempotency_key=_key())
    assert (refused.value.status, refused.value.body["o:errorDetails"][0]["o:errorCode"]) == (400, "USER_ERROR")


def test_a_job_that_never_completes_is_a_timeout(netsuite, catalogue) -> None:
    netsuite.wait = lambda seconds: None  # time never passes
    with pytest.raises(requests.Timeout):
        netsuite.create("salesOrder", order_body(catalogue), idempotency_key=_key())


def test_concurrent_requests_with_one_key_make_one_job(live: LiveTransport, live_tenant) -> None:
    netsuite = NetSuiteClient(live.base_url, live_tenant["netsuite"])
    customer = netsuite.create("customer", {"companyName": "Race Ltd", "isPerson": False})
    item = netsuite.create("nonInventorySaleItem", {"itemId": "SKU-R", "rate": 10.0})
    key, body = _key(), order_body({"customer": customer, "item": item})
    clients = [NetSuiteClient(live.base_url, live_tenant["netsuite"]) for _ in range(8)]
    answers = race([partial(_submit, client, "POST", "/salesOrder", key, json=body) for client in clients])
    assert sorted(a.status_code for a in answers) == [202] + [400] * 7
    assert len({a.headers["Location"] for a in answers}) == 1
    ControlPlaneClient(live.base_url).advance_clock(live_tenant["tenant"], ASYNC_JOB_SECONDS)
    assert len(netsuite.query("salesOrder")) == 1


def test_due_jobs_run_once_each_in_the_order_they_were_submitted(simulator_app, control, tenant) -> None:
    """The account keeps the jobs still pending apart from the finished ones: each due job runs
    once, in submission order, a job not yet due waits, and a request with nothing due runs none."""
    account = simulator_app.extensions["refundsim.tenants"].get(tenant["tenant"]).state("netsuite")
    ran: list[str] = []

    def job(name: str) -> Outcome:
        ran.append(name)
        return Outcome(204)

    for name in ("a", "b", "c"):
        account.submit_job(partial(job, name), None)
    account.run_due_jobs()
    assert ran == []  # none due yet
    control.advance_clock(tenant["tenant"], ASYNC_JOB_SECONDS)
    account.submit_job(partial(job, "d"), None)  # submitted later: due later
    account.run_due_jobs()
    account.run_due_jobs()
    assert ran == ["a", "b", "c"]
    control.advance_clock(tenant["tenant"], ASYNC_JOB_SECONDS)
    account.run_due_jobs()
    account.run_due_jobs()
    assert ran == ["a", "b", "c", "d"]
    assert [account.job(n).state for n in range(1, 5)] == ["succeeded"] * 4
