"""tests/fuzz.py (``make fuzz``) can fail: it sends each field of a write wrong once, and a crash
answer of the app is reported; a signed GET keeps its query. The whole run is `make fuzz` (CI)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from flask import Flask, request

import tests.fuzz as fuzz
from harness.transports import InProcessTransport
from simulators.core.inprocess import WsgiDispatcher

BASE = "http://fuzz.invalid"


def _prepared(method: str, url: str, **kwargs: Any) -> requests.PreparedRequest:
    return requests.Request(method, url, **kwargs).prepare()


def _of_the_body(mutants: list[tuple[str, requests.PreparedRequest]]) -> list[tuple[str, requests.PreparedRequest]]:
    """The mutants that change the body or the query (not the Host, the OAuth header or the path)."""
    return [(said, mutant) for said, mutant in mutants
            if not said.split(" ", 2)[2].startswith(("Host=", "OAuth ", "segment "))]


def test_each_field_of_a_write_is_sent_wrong_once_and_left_out_once() -> None:
    fuzzer = fuzz.Fuzzer()
    body = {"amount": "5.00", "lines": [{"qty": 1}, {"qty": 2}, {"qty": 3}]}
    write = _prepared("POST", f"{BASE}/orders/12/refunds", json=body)
    mutants = _of_the_body(list(fuzzer.mutants(write, None)))
    # amount, lines, lines.0, lines.0.qty, lines.1, lines.1.qty (the first two items of a list)
    assert len(mutants) == 6 * (len(fuzz.WRONG_VALUES) + 1)
    changed = {said.split(" ", 2)[2] for said, _ in mutants}
    assert {"amount=left out", "lines.1.qty=null", 'amount="NaN"'} <= changed
    for said, mutant in mutants:
        sent = json.loads(mutant.body or b"")
        assert json.dumps(sent) != json.dumps(body), said  # as JSON: True == 1 in Python, not on the wire
        assert (sent.keys() == body.keys()) == (not said.endswith("amount=left out") and "lines=left out" not in said)
    assert list(fuzzer.mutants(_prepared("POST", f"{BASE}/orders/99/refunds", json=body), None)) == [], \
        "an id in the path is the same route: each wrong value once a run"


def test_each_token_of_a_suiteql_query_is_sent_wrong_once_per_query_shape() -> None:
    fuzzer = fuzz.Fuzzer()
    url = f"{BASE}/services/rest/query/v1/suiteql"
    query = _prepared("POST", url, json={"q": "SELECT id FROM transaction WHERE id = 12"})
    sent = [json.loads(mutant.body or b"")["q"] for said, mutant in fuzzer.mutants(query, None) if " q: " in said]
    assert len(sent) == 8 * (3 + len(fuzz.WRONG_SQL_TOKENS))  # 8 tokens: each left out, doubled, swapped, replaced
    assert "SELECT id FROM transaction WHERE id = TO_DATE(" in sent and "SELECT FROM transaction WHERE id = 12" in sent
    again = _prepared("POST", url, json={"q": "SELECT id FROM transaction WHERE id = 345"})
    assert [said for said, _ in fuzzer.mutants(again, None) if " q: " in said] == [], "another id is the same shape"


def test_a_query_is_sent_wrong_unless_the_request_is_signed() -> None:
    fuzzer = fuzz.Fuzzer()
    get = _prepared("GET", f"{BASE}/orders?status=any&limit=50")
    assert len(_of_the_body(list(fuzzer.mutants(get, None)))) == 2 * len(fuzz.WRONG_QUERY_VALUES)
    signed = _prepared("GET", f"{BASE}/refunds?page=1", headers={"Authorization": 'OAuth oauth_token="t"'})
    assert _of_the_body(list(fuzz.Fuzzer().mutants(signed, None))) == []


def test_every_request_is_sent_with_a_wrong_host_and_an_unsigned_one_with_each_path_segment_wrong() -> None:
    fuzzer = fuzz.Fuzzer()
    said = [said.split(" ", 2)[2] for said, _ in fuzzer.mutants(_prepared("GET", f"{BASE}/orders/12/refunds"), None)]
    assert sum(s.startswith("Host=") for s in said) == len(fuzz.WRONG_HOSTS)
    assert sum(s.startswith("segment ") for s in said) == 3 * len(fuzz.WRONG_SEGMENTS)  # orders, 12, refunds
    oauth = 'OAuth realm="1", oauth_token="t", oauth_signature="s%3D"'
    signed = _prepared("GET", f"{BASE}/record/7", headers={"Authorization": oauth})
    mutants = {said.split(" ", 2)[2]: mutant for said, mutant in fuzz.Fuzzer().mutants(signed, None)}
    assert not any(s.startswith("segment ") for s in mutants), "a signature covers the path"
    assert sum(s.startswith("OAuth ") for s in mutants) == 3 * len(fuzz.WRONG_OAUTH_VALUES)
    assert mutants["OAuth oauth_signature='%E9'"].headers["Authorization"] == oauth.replace("s%3D", "%E9")


def test_a_crash_answer_is_reported_and_the_request_s_own_answer_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    app = Flask("crashes")

    @app.post("/refunds")
    def refund() -> tuple[dict[str, Any], int]:
        amount = (request.get_json(silent=True) or {}).get("amount")
        if isinstance(amount, list):  # the kind of bug the fuzzer is for, answered as simulators/app.py answers one
            return {"error": {"message": "Unexpected simulator error: TypeError."}}, 500
        return {"amount": amount}, 201

    found = fuzz.Fuzzer()
    monkeypatch.setattr(fuzz, "FUZZER", found)
    monkeypatch.setattr(WsgiDispatcher, "send", fuzz._send_and_fuzz)
    transport = InProcessTransport(app, BASE)
    transport.start()
    try:
        answer = requests.post(f"{BASE}/refunds", json={"amount": "5.00"}, timeout=5)
    finally:
        transport.stop()
    assert (answer.status_code, answer.json()) == (201, {"amount": "5.00"})
    assert [crash.split(":")[0] for crash in found.crashes] == [
        '500 POST /refunds amount=[]', '500 POST /refunds amount=[null]', '500 POST /refunds amount=[[[[[]]]]]']
