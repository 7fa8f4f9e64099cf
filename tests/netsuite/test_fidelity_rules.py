"""Rules FIDELITY.md states that no other test held the simulator to: the TBA realm compared
ignoring case, an unnamed ``COUNT(*)`` column called ``expr1``, ``BETWEEN`` and ``WITHIN`` on a number
field of a ``q`` filter, and SuiteQL timestamps written ``M/D/YYYY h:mm am``."""

from __future__ import annotations

from datetime import datetime

import pytest
import requests
from requests_oauthlib import OAuth1

from simulators.clients import NetSuiteClient, VendorError
from tests.netsuite.conftest import order_body


def test_the_realm_is_the_account_id_in_any_case(live, live_tenant) -> None:
    creds = live_tenant["netsuite"]
    url = f"{live.base_url}/services/rest/record/v1/customer"
    for realm in (creds["account_id"].lower(), creds["account_id"].title()):
        assert realm != creds["account_id"]
        auth = OAuth1(creds["consumer_key"], creds["consumer_secret"], creds["token_id"], creds["token_secret"],
                      signature_method="HMAC-SHA256", realm=realm)
        response = requests.get(url, auth=auth)
        assert response.status_code == 200, response.text


def test_an_unnamed_count_is_expr1(netsuite: NetSuiteClient, catalogue) -> None:
    netsuite.create("salesOrder", order_body(catalogue))
    assert netsuite.suiteql("SELECT COUNT(*) FROM transaction") == [{"expr1": "1"}]
    assert netsuite.suiteql("SELECT COUNT(*) AS n FROM transaction") == [{"n": "1"}]


def test_between_on_a_number_field_includes_both_ends(netsuite: NetSuiteClient, catalogue) -> None:
    small = netsuite.create("salesOrder", {**order_body(catalogue), "shippingCost": 0})  # 20.01
    mid = netsuite.create("salesOrder", order_body(catalogue))  # 25.01
    big = netsuite.create("salesOrder", {**order_body(catalogue), "shippingCost": 10})  # 30.01
    assert netsuite.query("salesOrder", "total BETWEEN [20.01, 25.01]") == [small, mid]
    assert netsuite.query("salesOrder", "total BETWEEN [20.02, 30.01]") == [mid, big]
    assert netsuite.query("salesOrder", "total BETWEEN_NOT [20.02, 30.01]") == [small]
    # Oracle's table of q operators lists WITHIN and WITHIN_NOT for number fields (they were 400
    # "unknown operator"): a range of two values, as BETWEEN.
    assert netsuite.query("salesOrder", "total WITHIN [20.01, 25.01]") == [small, mid]
    assert netsuite.query("salesOrder", "total WITHIN_NOT [20.02, 30.01]") == [small]
    with pytest.raises(VendorError) as refused:
        netsuite.query("salesOrder", "total WITHIN [20.01]")
    assert refused.value.status == 400 and "WITHIN takes two values" in str(refused.value)
    with pytest.raises(VendorError) as refused:
        netsuite.query("salesOrder", 'memo WITHIN ["a", "b"]')
    assert refused.value.status == 400 and "cannot be used with field 'memo'" in str(refused.value)


def _twelve_hour(iso: str) -> str:
    moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    hour = 12 if moment.hour in (0, 12) else moment.hour % 12
    return f"{moment.month}/{moment.day}/{moment.year} {hour}:{moment.minute:02d} {'pm' if moment.hour >= 12 else 'am'}"


def test_suiteql_timestamps_are_month_day_year_and_twelve_hours(netsuite: NetSuiteClient, catalogue, control,
                                                                tenant) -> None:
    seen: set[str] = set()
    for _ in range(3):  # morning and afternoon both come round within a day and a half
        so = netsuite.create("salesOrder", order_body(catalogue))
        created = netsuite.get("salesOrder", so)["createdDate"]
        [row] = netsuite.suiteql(f"SELECT createddate, lastmodifieddate FROM transaction WHERE id = {so}")
        assert row == {"createddate": _twelve_hour(created), "lastmodifieddate": _twelve_hour(created)}
        seen.add(row["createddate"][-2:])
        control.advance_clock(tenant["tenant"], 12 * 3600 + 60)
    assert seen == {"am", "pm"}
