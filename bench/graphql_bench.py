"""Shopify GraphQL per-call time, in-process: a typical ``order`` query and a ``refundCreate``.

    .venv/bin/python bench/graphql_bench.py [--calls 2000]
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/graphql_bench.py   # the same on another version

Times two ways, each the best of 3 rounds of ``--calls`` calls with the same query text (as the harness
and connectors send it): the engine alone (``simulators.shopify.graphql.execute`` on the shop, no
HTTP), and the whole Flask request (routing, authentication, JSON, engine; no socket). The order
query asks what a connector reads before refunding (money sets, lines, refunds, a suggested refund);
refundCreate refunds 0.01 a call of a large order (2025-01, no idempotency key, so every call writes).
Prints CPU µs per call (process time: a busy machine skews it less than wall time); no target
(compare before and after a change).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from simulators.app import create_app  # noqa: E402
from simulators.core.tenants import current_registry  # noqa: E402
from simulators.shopify import graphql  # noqa: E402

VERSION = "2025-01"
ORDER_QUERY = """query Order($id: ID!) {
  order(id: $id) {
    id name displayFinancialStatus currencyCode
    totalPriceSet { shopMoney { amount currencyCode } }
    totalRefundedSet { shopMoney { amount currencyCode } }
    lineItems(first: 10) { nodes { id sku quantity refundableQuantity originalUnitPriceSet { shopMoney { amount } } } }
    transactions { id kind status gateway amountSet { shopMoney { amount } } }
    refunds { id createdAt totalRefundedSet { shopMoney { amount } } }
  }
}"""
REFUND_CREATE = """mutation Refund($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { id totalRefundedSet { shopMoney { amount currencyCode } } }
    userErrors { field message }
  }
}"""


def best_us(call: Callable[[], Any], calls: int, rounds: int = 3) -> float:
    """CPU time per call (the process's, so that other load on the machine counts less), best round."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(calls):
            call()
        best = min(best, (time.process_time() - start) / calls)
    return best * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=2000)
    args = parser.parse_args()
    app = create_app()
    http = app.test_client()
    tenant = http.post("/_sim/tenants", json={"seed": 1, "settings": {"shopify": {"rate_limit": False}}}).get_json()
    headers = {"X-Shopify-Access-Token": tenant["shopify"]["access_token"]}
    root = f"/admin/api/{VERSION}"
    order = http.post(f"{root}/orders.json", headers=headers, json={"order": {
        "currency": "USD", "line_items": [{"title": "Crate", "sku": "CRATE", "price": "100000.00", "quantity": 3}],
        "transactions": [{"kind": "sale", "status": "success", "amount": "300000.00", "gateway": "manual"}]}}).get_json()["order"]
    sale = http.get(f"{root}/orders/{order['id']}/transactions.json", headers=headers).get_json()["transactions"][0]
    order_gid = f"gid://shopify/Order/{order['id']}"
    refund_input = {"orderId": order_gid, "transactions": [{
        "orderId": order_gid, "parentId": f"gid://shopify/OrderTransaction/{sale['id']}", "kind": "REFUND",
        "gateway": "manual", "amount": "0.01"}]}
    with app.app_context():
        shop = current_registry().get(tenant["tenant"]).state("shopify")  # type: ignore[union-attr]

        def engine(query: str, variables: dict[str, Any]) -> Callable[[], Any]:
            def call() -> Any:
                answer = graphql.execute(shop, VERSION, query, variables)
                assert "errors" not in answer, answer
            return call

        def request(query: str, variables: dict[str, Any]) -> Callable[[], Any]:
            def call() -> Any:
                answer = http.post(f"{root}/graphql.json", headers=headers, json={"query": query, "variables": variables})
                assert answer.status_code == 200 and "errors" not in answer.get_json(), answer.get_json()
            return call

        rows = [
            ("order query", "engine", best_us(engine(ORDER_QUERY, {"id": order_gid}), args.calls)),
            ("order query", "request", best_us(request(ORDER_QUERY, {"id": order_gid}), args.calls)),
            ("refundCreate", "engine", best_us(engine(REFUND_CREATE, {"input": refund_input}), args.calls // 4)),
            ("refundCreate", "request", best_us(request(REFUND_CREATE, {"input": refund_input}), args.calls // 4)),
        ]
    print(f"{'operation':<14} {'through':<8} {'µs/call':>9}")
    for operation, through, micros in rows:
        print(f"{operation:<14} {through:<8} {micros:>9.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
