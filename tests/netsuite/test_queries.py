"""Record collections (paging, links, the q filter) and SuiteQL."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import requests

from simulators.clients import NetSuiteClient, VendorError
from tests.conftest import assert_netsuite_error
from tests.netsuite.conftest import order_body


@pytest.fixture
def orders(netsuite: NetSuiteClient, catalogue: dict[str, str], control, tenant) -> dict[str, Any]:
    """Three orders on three days: the first billed as a cash sale and refunded, the second
    invoiced, credited and the credit refunded, the third open."""
    out: dict[str, Any] = {"customer": catalogue["customer"], "item": catalogue["item"]}
    out["so1"] = netsuite.create("salesOrder", order_body(catalogue, externalId="SHOP-1"))
    out["cs1"] = netsuite.transform("salesOrder", out["so1"], "cashSale")
    out["cr1"] = netsuite.transform("cashSale", out["cs1"], "cashRefund")
    control.advance_clock(tenant["tenant"], 86_400)
    out["so2"] = netsuite.create("salesOrder", order_body(catalogue, externalId="SHOP-2"))
    out["inv2"] = netsuite.transform("salesOrder", out["so2"], "invoice")
    out["pay2"] = netsuite.transform("invoice", out["inv2"], "customerPayment")
    out["cm2"] = netsuite.transform("invoice", out["inv2"], "creditMemo")
    out["rf2"] = netsuite.create("customerRefund", {"customer": {"id": catalogue["customer"]},
                                                    "apply": {"items": [{"doc": {"id": out["cm2"]}, "apply": True}]}})
    control.advance_clock(tenant["tenant"], 86_400)
    other = netsuite.create("customer", {"lastName": "Other", "email": "other@example.com"})
    out["other"] = other
    out["so3"] = netsuite.create("salesOrder", {**order_body(catalogue, externalId="SHOP-3"), "entity": {"id": other}})
    out["days"] = [netsuite.get("salesOrder", out[k])["tranDate"] for k in ("so1", "so2", "so3")]
    return out


def _raw(netsuite: NetSuiteClient, method: str, path: str, **kwargs: Any) -> requests.Response:
    return netsuite.session.request(method, f"{netsuite.root}{path}", **kwargs)


# -------------------------------------------------------------- collections
def test_paging_links_and_counts(netsuite, catalogue) -> None:
    ids = [netsuite.create("customer", {"lastName": f"C{i}"}) for i in range(4)]
    page = netsuite.page("customer", limit=2, offset=2)
    assert (page["count"], page["offset"], page["totalResults"], page["hasMore"]) == (2, 2, 5, True)
    assert [i["id"] for i in page["items"]] == ids[1:3]
    rels = {link["rel"]: link["href"] for link in page["links"]}
    assert rels["next"].endswith("limit=2&offset=4") and rels["previous"].endswith("limit=2&offset=0")
    assert rels["self"].endswith("limit=2&offset=2") and page["items"][0]["links"][0]["rel"] == "self"
    last = netsuite.page("customer", limit=2, offset=4)
    assert last["hasMore"] is False and last["count"] == 1 and "next" not in {l["rel"] for l in last["links"]}
    assert len(netsuite.query("customer", limit=2)) == 5  # the client follows the pages
    assert_netsuite_error(_raw(netsuite, "GET", "/customer?limit=0"), 400, "INVALID_PARAMETER")
    assert_netsuite_error(_raw(netsuite, "GET", "/customer?limit=1001"), 400, "INVALID_PARAMETER")


@pytest.mark.parametrize("q, expected", [
    ("createdFrom ANY_OF [{so1}]", ["cs1"]),
    ("createdFrom ANY_OF [{so1}, {so2}]", ["cs1"]),
    ('externalId IS "SHOP-1"', None),
])
def test_created_from_and_external_id_filters(netsuite, orders, q, expected) -> None:
    if expected is None:
        assert netsuite.query("salesOrder", q.format(**orders)) == [orders["so1"]]
    else:
        assert netsuite.query("cashSale", q.format(**orders)) == [orders[k] for k in expected]


def test_the_connector_lookups(netsuite, orders) -> None:
    """The chain a connector walks: order by external id → billed records → refunds → customer refunds."""
    so = netsuite.query("salesOrder", 'externalId IS "SHOP-2"')
    assert so == [orders["so2"]]
    assert netsuite.query("invoice", f"createdFrom ANY_OF [{so[0]}]") == [orders["inv2"]]
    assert netsuite.query("cashSale", f"createdFrom ANY_OF [{so[0]}]") == []
    assert netsuite.query("creditMemo", f"createdFrom ANY_OF [{orders['inv2']}]") == [orders["cm2"]]
    refunds = netsuite.query("customerRefund", f"customer ANY_OF [{orders['customer']}]")
    applied = [r for r in refunds if any(a["doc"]["id"] == orders["cm2"] for a in netsuite.get("customerRefund", r)["apply"]["items"])]
    assert applied == [orders["rf2"]]


def test_entity_status_date_and_logic(netsuite, orders) -> None:
    d1, d2, d3 = orders["days"]
    assert netsuite.query("salesOrder", f"entity ANY_OF [{orders['other']}]") == [orders["so3"]]
    assert netsuite.query("salesOrder", f'tranDate ON_OR_AFTER "{d2}"') == [orders["so2"], orders["so3"]]
    assert netsuite.query("salesOrder", f'tranDate AFTER "{d2}"') == [orders["so3"]]
    assert netsuite.query("salesOrder", f'tranDate BEFORE "{d2}"') == [orders["so1"]]
    assert netsuite.query("salesOrder", f'tranDate ON_OR_BEFORE "{d2}"') == [orders["so1"], orders["so2"]]
    month, day, year = d2[5:7], d2[8:10], d2[:4]
    assert netsuite.query("salesOrder", f'tranDate ON "{int(month)}/{int(day)}/{year}"') == [orders["so2"]]
    assert netsuite.query("salesOrder", 'status ANY_OF ["SalesOrd:B"]') == [orders["so3"]]
    assert netsuite.query("salesOrder", 'status ANY_OF ["G"]') == [orders["so1"], orders["so2"]]
    assert netsuite.query("invoice", 'status ANY_OF ["CustInvc:B"]') == [orders["inv2"]]
    assert netsuite.query("customer", 'email IS_NOT "other@example.com"') == [orders["customer"]]
    assert netsuite.query("salesOrder", f'externalId IS "SHOP-1" OR entity ANY_OF [{orders["other"]}]') == [orders["so1"], orders["so3"]]
    assert netsuite.query("salesOrder", f'externalId IS "SHOP-1" AND entity ANY_OF [{orders["other"]}]') == []
    q = f'(externalId IS "SHOP-1" OR externalId IS "SHOP-2") AND tranDate ON_OR_AFTER "{d2}"'
    assert netsuite.query("salesOrder", q) == [orders["so2"]]
    assert netsuite.query("salesOrder", f"id EQUAL {orders['so2']}") == [orders["so2"]]
    assert netsuite.query("salesOrder", f"id ANY_OF_NOT [{orders['so2']}]") == [orders["so1"], orders["so3"]]
    assert netsuite.query("customer", 'lastName START_WITH "oth"') == [orders["other"]]
    assert netsuite.query("customer", "companyName EMPTY") == [orders["customer"], orders["other"]]


@pytest.mark.parametrize("record_type, q, fragment", [
    ("salesOrder", "createdFrom", "unknown operator"),
    ("salesOrder", "createdFrom ANY_OF [1", "expected ']'"),
    ("salesOrder", "colour IS \"red\"", "Field 'colour' for record 'salesOrder' was not found"),
    ("salesOrder", "externalId ANY_OF [\"A\"]", "cannot be used with field 'externalId'"),
    ("salesOrder", "tranDate ON_OR_AFTER \"yesterday\"", "invalid date"),
    ("salesOrder", "externalId IS \"A\" externalId IS \"B\"", "join conditions with AND or OR"),
    ("salesOrder", "(externalId IS \"A\"", "expected ')'"),
    ("salesOrder", "(" * 2000 + 'externalId IS "A"' + ")" * 2000, "parentheses nested more than 100 deep"),  # not a 500
    # Numbers are ASCII digits: Python's \\d also read "٨٩٩" (or fullwidth "８９９") as 899.
    ("salesOrder", "id EQUAL \u0668\u0669\u0669", "unexpected character"),
    ("salesOrder", "id EQUAL \uff18\uff19\uff19", "unexpected character"),
    # The browser's customerPayment and customerRefund have no createdFrom (a payment applies to the
    # invoice instead): the filter found nothing instead of naming the missing field.
    ("customerPayment", "createdFrom ANY_OF [1]", "Field 'createdFrom' for record 'customerPayment' was not found"),
    ("customerRefund", "createdFrom ANY_OF [1]", "Field 'createdFrom' for record 'customerRefund' was not found"),
])
def test_bad_filters_are_400_invalid_parameter(netsuite, orders, record_type, q, fragment) -> None:
    detail = assert_netsuite_error(_raw(netsuite, "GET", f"/{record_type}", params={"q": q}), 400, "INVALID_PARAMETER")
    assert fragment in detail["detail"] and detail["o:errorPath"] == "q"


# ------------------------------------------------------------------ SuiteQL
def test_suiteql_finds_the_refund_chain(netsuite, orders) -> None:
    rows = netsuite.suiteql("SELECT id, type, tranid, externalid FROM transaction WHERE externalid = 'SHOP-2'")
    assert rows == [{"id": orders["so2"], "type": "SalesOrd", "tranid": rows[0]["tranid"], "externalid": "SHOP-2"}]
    billed = netsuite.suiteql(f"SELECT id, type FROM transaction WHERE createdfrom = {orders['so2']} "
                              "AND type IN ('CustInvc', 'CashSale')")
    assert billed == [{"id": orders["inv2"], "type": "CustInvc"}]
    refunds = netsuite.suiteql(f"SELECT t.id, t.type, t.foreigntotal FROM transaction t "
                               f"WHERE t.createdfrom IN ({orders['cs1']}, {orders['inv2']}) AND t.type IN ('CashRfnd', 'CustCred') ORDER BY t.id")
    assert [(r["id"], r["type"], r["foreigntotal"]) for r in refunds] == [
        (orders["cr1"], "CashRfnd", "25.01"), (orders["cm2"], "CustCred", "25.01")]
    lines = netsuite.suiteql(f"SELECT DISTINCT transaction FROM transactionline WHERE createdfrom = {orders['inv2']}")
    assert lines == [{"transaction": orders["cm2"]}]
    applied = netsuite.suiteql(f"SELECT nextdoc, nexttype, foreignamount FROM nexttransactionlinelink "
                               f"WHERE previousdoc = {orders['cm2']} AND linktype = 'Payment'")
    assert applied == [{"nextdoc": orders["rf2"], "nexttype": "CustRfnd", "foreignamount": "25.01"}]


def test_suiteql_reads_the_currency_table(netsuite, orders) -> None:
    """SuiteQL's ``Currency`` table holds the account's currency records (the REST ``currency``
    record): a client maps an ISO code to the id its transactions carry. It was 400 "Record
    'currency' was not found"."""
    rows = netsuite.suiteql("SELECT id, name, symbol, displaysymbol, isbasecurrency, isinactive, currencyprecision "
                            "FROM currency WHERE symbol = 'EUR'")
    assert rows == [{"id": "4", "name": "EUR", "symbol": "EUR", "displaysymbol": "€", "isbasecurrency": "F",
                     "isinactive": "F", "currencyprecision": "2"}]
    assert netsuite.suiteql("SELECT symbol, exchangerate FROM currency WHERE isbasecurrency = 'T'") == [
        {"symbol": "USD", "exchangerate": "1"}]
    currency = netsuite.suiteql(f"SELECT currency FROM transaction WHERE id = {orders['so1']}")[0]["currency"]
    assert netsuite.suiteql(f"SELECT symbol FROM currency WHERE id = {currency}") == [{"symbol": "USD"}]
    assert netsuite.suiteql("SELECT symbol, currencyprecision FROM currency WHERE currencyprecision = 0") == [
        {"symbol": "JPY", "currencyprecision": "0"}]

def test_suiteql_columns_values_dates_and_display(netsuite, orders) -> None:
    d1, d2, d3 = orders["days"]
    rows = netsuite.suiteql(f"SELECT id, trandate, BUILTIN.DF(status) AS status, BUILTIN.DF(entity), memo "
                            f"FROM transaction WHERE type = 'SalesOrd' AND trandate >= TO_DATE('{d2}', 'YYYY-MM-DD') ORDER BY id DESC")
    assert [r["id"] for r in rows] == [orders["so3"], orders["so2"]]
    assert rows[1]["status"] == "Sales Order : Billed" and rows[0]["expr4"] == "Other"
    assert "memo" not in rows[0]  # NULL columns are left out
    month, day, year = int(d2[5:7]), int(d2[8:10]), d2[:4]
    assert rows[1]["trandate"] == f"{month}/{day}/{year}"
    assert list(rows[1]) == sorted(rows[1])  # keys come back in alphabetical order
    same = netsuite.suiteql(f"SELECT id FROM transaction WHERE type = 'SalesOrd' AND trandate >= '{month}/{day}/{year}' "
                            f"AND trandate < DATE '{d3}'")
    assert same == [{"id": orders["so2"]}]
    customers = netsuite.suiteql("SELECT ID, email AS mail FROM customer WHERE email LIKE 'other%' OR entityid = 'nobody'")
    assert customers == [{"id": orders["other"], "mail": "other@example.com"}]
    count = netsuite.suiteql(f"SELECT COUNT(*) AS n FROM transaction WHERE entity = {orders['customer']}")
    assert count == [{"n": "8"}]
    assert netsuite.suiteql(f"SELECT id FROM transaction WHERE id = {orders['so1']} AND NOT (memo IS NOT NULL)") == [{"id": orders["so1"]}]


def test_suiteql_like_matches_the_whole_value(netsuite, catalogue) -> None:
    """LIKE is the whole value against the whole pattern: a value with a line break after what the
    pattern matches is not matched (a regular expression's "$" matches before a last line break),
    and '%' and '_' stand for line breaks as for any character."""
    so = netsuite.create("salesOrder", order_body(catalogue, memo="gift\n"))
    assert netsuite.suiteql("SELECT id FROM transaction WHERE memo LIKE 'gift'") == []
    assert netsuite.suiteql("SELECT id FROM transaction WHERE memo NOT LIKE 'gift'") == [{"id": so}]
    assert netsuite.suiteql("SELECT id FROM transaction WHERE memo LIKE 'gift_'") == [{"id": so}]
    assert netsuite.suiteql("SELECT id FROM transaction WHERE memo LIKE 'g%'") == [{"id": so}]


def test_suiteql_reads_text_as_an_id_in_ascii_digits_only(netsuite, orders) -> None:
    """An id compared with text: '899' is that id, '٨٩٩' (or fullwidth) names nothing, as 'x' does."""
    so = orders["so1"]
    assert netsuite.suiteql(f"SELECT id FROM transaction WHERE id = '{so}'") == [{"id": so}]
    for other in ("".join(chr(0x0660 + int(c)) for c in so), "".join(chr(0xFF10 + int(c)) for c in so), "x"):
        assert netsuite.suiteql(f"SELECT id FROM transaction WHERE id = '{other}'") == [], other


#: Run in a process of its own: reading a billion-digit int holds the interpreter, so a thread
#: could not time it out, and the test would hang instead of failing.
_HUGE_ID_QUERIES = """
import json
from harness.transports import InProcessTransport
from simulators.app import create_app
from simulators.clients import ControlPlaneClient, NetSuiteClient
transport = InProcessTransport(create_app())
transport.start()
tenant = ControlPlaneClient(transport.base_url).create_tenant(seed=3)
netsuite = NetSuiteClient(transport.base_url, tenant["netsuite"])
print(json.dumps([netsuite.suiteql(q) for q in (
    "SELECT id FROM transaction WHERE id = '1e999999999'", "SELECT id FROM transaction WHERE entity = '1e999999999'",
    "SELECT id FROM customer WHERE id = '-1e999999999'")]))
"""


def test_suiteql_answers_an_id_compared_with_a_huge_number_at_once() -> None:
    """'1e999999999' names no id, and is answered at once: read as an int it has a billion digits,
    and the simulator worked on it for minutes."""
    try:
        done = subprocess.run([sys.executable, "-c", _HUGE_ID_QUERIES], capture_output=True, text=True, timeout=60,
                              cwd=Path(__file__).resolve().parents[2], check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("no answer within 60 s")
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.splitlines()[-1]) == [[], [], []]


def test_suiteql_paging(netsuite, orders) -> None:
    page = netsuite.suiteql_page("SELECT id FROM transaction ORDER BY id", limit=4, offset=4)
    assert (page["count"], page["offset"], page["totalResults"], page["hasMore"]) == (4, 4, 9, True)
    assert page["items"][0]["links"] == [] and {l["rel"] for l in page["links"]} >= {"self", "next", "previous"}
    assert len(netsuite.suiteql("SELECT id FROM transaction", limit=3)) == 9


def _post_suiteql(netsuite: NetSuiteClient, q: Any, headers: dict[str, str] | None = None, **params: Any) -> requests.Response:
    return netsuite.session.post(f"{netsuite.base_url}/services/rest/query/v1/suiteql", json={"q": q},
                                 headers={"Prefer": "transient"} if headers is None else headers, params=params)


@pytest.mark.parametrize("sql, fragment", [
    ("SELECT t.id FROM transaction t JOIN customer c ON t.entity = c.id", "JOIN is not supported"),
    ("SELECT t.id FROM transaction t, customer c", "Joins"),
    ("SELECT type, COUNT(*) FROM transaction GROUP BY type", "GROUP BY"),
    ("SELECT id FROM transaction WHERE id IN (SELECT id FROM customer)", "Subqueries"),
    ("SELECT UPPER(tranid) FROM transaction", "The function UPPER is not supported"),
    ("SELECT id FROM spaceship", "Record 'spaceship' was not found"),
    ("SELECT colour FROM transaction", "Field 'colour' for record 'transaction' was not found"),
    ("UPDATE transaction SET memo = 'x'", "UPDATE"),
    ("SELECT id FROM transaction WHERE", "Syntax error"),
    # Cut short inside a function: the parser read past the end of the query (IndexError, a 500).
    ("SELECT id FROM transaction WHERE id = TO_DATE(", "expected ')', found the end of the query"),
    ("SELECT id FROM transaction WHERE trandate = TO_DATE('2026-01-01',", "expected ')', found the end of the query"),
    ("SELECT BUILTIN.", "BUILTIN. is not supported"),
    ("SELECT id FROM transaction WHERE id = 'x", "Unexpected character"),
    ("SELECT id FROM transaction WHERE id = \u0668\u0669\u0669", "Unexpected character"),  # ASCII digits only
    ("", "empty"),
    # Nesting too deep for a recursive parser: refused, not a 500.
    ("SELECT id FROM transaction WHERE " + "(" * 2000 + "id = 1" + ")" * 2000, "nested more than 100 deep"),
    ("SELECT id FROM transaction WHERE " + "NOT " * 2000 + "id = 1", "nested more than 100 deep"),
])
def test_unsupported_sql_is_a_clear_400(netsuite, orders, sql, fragment) -> None:
    detail = assert_netsuite_error(_post_suiteql(netsuite, sql), 400, "INVALID_PARAMETER")
    assert fragment in detail["detail"], detail


def test_suiteql_needs_prefer_transient_and_a_q(netsuite, orders) -> None:
    assert_netsuite_error(_post_suiteql(netsuite, "SELECT id FROM customer", headers={}), 400, "INVALID_HEADER")
    assert_netsuite_error(_post_suiteql(netsuite, 12), 400, "INVALID_CONTENT")
    assert_netsuite_error(_post_suiteql(netsuite, "SELECT id FROM customer", limit=0), 400, "INVALID_PARAMETER")
    with pytest.raises(VendorError):
        netsuite.suiteql("SELECT nonsense")


def test_suiteql_takes_both_kinds_of_oracle_comment(netsuite, orders) -> None:
    """SuiteQL is Oracle SQL, whose comments are ``-- to the end of the line`` and ``/* ... */``
    (also across lines, and as an optimizer hint ``/*+ ... */``); the second was refused as an
    unexpected ``/``. One never closed is refused as Oracle refuses it (ORA-01742)."""
    expected = [{"id": orders["so2"]}]
    assert netsuite.suiteql("SELECT /*+ FIRST_ROWS */ id FROM transaction /* the\nrefund chain */ "
                            "WHERE externalid = 'SHOP-2' -- the order\n AND type = 'SalesOrd'") == expected
    assert netsuite.suiteql("SELECT id FROM transaction WHERE externalid = '/* not a comment */' OR externalid = 'SHOP-2'") == expected
    with pytest.raises(VendorError) as refused:
        netsuite.suiteql("SELECT id FROM transaction /* open")
    assert refused.value.status == 400
    assert refused.value.body["o:errorDetails"][0]["detail"].endswith("comment not properly terminated.")
