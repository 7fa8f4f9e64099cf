"""What holding an answer to its vendor's contract costs, per answer, in-process.

    .venv/bin/python bench/contracts_bench.py [--repeat 2000]

Builds three real answers with the simulators (checks off): a big eBay order (10 line items, each
refunded), a NetSuite cash sale (10 lines, sublists expanded) and a Shopify order (10 lines, two
refunds), then times, per answer: parsing its JSON, validating it with fastjsonschema (the
checker's engine, compiled once) and with jsonschema's cached Draft 7 validator when jsonschema is
installed (the alternative it was measured against), and the whole check the app runs
(:meth:`contracts.checker.Registry.check`: route, parse, validate). Also prints what building and
compiling each service's contract costs, once per process. Prints a table; no targets.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from contracts.checker import REGISTRY, Answer, ebay, netsuite, openapi, shopify_rest  # noqa: E402
from contracts.checker.core import SchemaCheck, allowances  # noqa: E402
from simulators.app import create_app  # noqa: E402

LINES = 10


def _answers() -> list[tuple[str, Answer]]:
    """(name, answer) of each kind, exactly as the simulators print them."""
    client = create_app({"CONTRACT_CHECKS": False}).test_client()
    tenant = client.post("/_sim/tenants", json={"settings": {"shopify": {"rate_limit": False}}}).get_json()
    t = tenant["tenant"]
    ebay = {"Authorization": f"Bearer {tenant['ebay']['access_token']}"}
    order = client.post(f"/_sim/tenants/{t}/ebay/orders", json={
        "lineItems": [{"title": f"Item {i}", "sku": f"SKU-{i}", "quantity": 2, "price": "12.50"} for i in range(LINES)],
        "shipping": "10.00"}).get_json()
    for line in order["lineItems"]:
        client.post(f"/sell/fulfillment/v1/order/{order['orderId']}/issue_refund", headers=ebay, json={
            "reasonForRefund": "OTHER_ADJUSTMENT",
            "refundItems": [{"lineItemId": line["lineItemId"], "refundAmount": {"value": "1.00", "currency": "USD"}}]})
        client.post(f"/_sim/tenants/{t}/clock", json={"advance_seconds": 120})
    ebay_path = f"/sell/fulfillment/v1/order/{order['orderId']}"

    from simulators.netsuite import oauth2

    app = client.application
    registry = app.extensions["refundsim.tenants"]
    bearer = app.extensions["refundsim.netsuite.tokens"].issue(registry.get(t))
    registry.register_credential(oauth2.BEARER_KIND, bearer, registry.get(t))
    ns = {"Authorization": f"Bearer {bearer}"}
    root = "/services/rest/record/v1"
    customer = client.post(f"{root}/customer", headers=ns, json={"companyName": "Bench Ltd", "isPerson": False})
    item = client.post(f"{root}/nonInventorySaleItem", headers=ns, json={"itemId": "SKU-B", "rate": 12.5})
    ids = [r.headers["Location"].rsplit("/", 1)[1] for r in (customer, item)]
    so = client.post(f"{root}/salesOrder", headers=ns, json={"entity": {"id": ids[0]}, "item": {"items": [
        {"item": {"id": ids[1]}, "quantity": 2, "rate": 12.5} for _ in range(LINES)]}}).headers["Location"].rsplit("/", 1)[1]
    cs = client.post(f"{root}/salesOrder/{so}/!transform/cashSale", headers=ns).headers["Location"].rsplit("/", 1)[1]
    ns_path = f"{root}/cashSale/{cs}"

    shopify = {"X-Shopify-Access-Token": tenant["shopify"]["access_token"]}
    version = tenant["shopify"]["api_version"]
    created = client.post(f"/admin/api/{version}/orders.json", headers=shopify, json={"order": {
        "line_items": [{"title": f"Item {i}", "sku": f"SKU-{i}", "price": "12.50", "quantity": 2,
                        "tax_lines": [{"title": "Tax", "rate": 0.1}]} for i in range(LINES)],
        "shipping_lines": [{"title": "Standard", "price": "10.00"}]}}).get_json()["order"]
    for line in created["line_items"][:2]:
        client.post(f"/admin/api/{version}/orders/{created['id']}/refunds.json", headers=shopify,
                    json={"refund": {"refund_line_items": [{"line_item_id": line["id"], "quantity": 1}]}})
    shopify_path = f"/admin/api/{version}/orders/{created['id']}.json"

    def answer(path: str, headers: dict[str, str], query: str = "") -> Answer:
        response = client.get(path + query, headers=headers)
        assert response.status_code == 200, response.get_data(as_text=True)
        return Answer("GET", path, 200, dict(response.headers), response.get_data())

    return [("eBay order (getOrder)", answer(ebay_path, ebay)),
            ("NetSuite cash sale (expanded)", answer(ns_path, ns, "?expandSubResources=true")),
            ("Shopify order (REST)", answer(shopify_path, shopify))]


def _best_us(action: Callable[[], Any], repeat: int) -> float:
    """Median of the best fifth of ``repeat`` timings, in microseconds (robust to a busy machine)."""
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1e6)
    timings.sort()
    return statistics.median(timings[: max(1, repeat // 5)])


def _schemas() -> dict[str, tuple[SchemaCheck, Callable[[Any], Any]]]:
    """The schema each answer's body is validated with, and the part of the body it validates."""
    _, ebay_defs = ebay._fulfillment_definitions(allowances("ebay"))
    order = SchemaCheck(ebay.FULFILLMENT, openapi.schema_of({"$ref": "#/definitions/Order"}, ebay_defs))
    shopify_order = SchemaCheck(shopify_rest.REST, {"$ref": "#/definitions/order", "definitions": shopify_rest.definitions()})
    cash_sale = netsuite.NetSuiteChecks().record("cashSale")
    assert cash_sale is not None
    return {"eBay order (getOrder)": (order, lambda body: body),
            "NetSuite cash sale (expanded)": (cash_sale, lambda body: body),
            "Shopify order (REST)": (shopify_order, lambda body: body["order"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()

    answers = _answers()
    print("Once per process: building a contract, and compiling the validator of one kind of answer")
    print("(fastjsonschema generates Python code; the first answer of each kind pays for it):")
    for name, answer in answers:
        start = time.perf_counter()
        REGISTRY.check(answer)
        print(f"  {name:<32} first check {1000 * (time.perf_counter() - start):7.1f} ms")
    schemas = _schemas()
    try:
        import jsonschema
    except ImportError:
        jsonschema = None  # type: ignore[assignment]
    print(f"\nPer answer (µs, median of the best fifth of {args.repeat}):")
    header = f"  {'answer':<32}{'bytes':>7}{'parse':>8}{'fastjsonschema':>16}{'jsonschema':>12}{'whole check':>13}"
    print(header)
    for name, answer in answers:
        assert REGISTRY.check(answer) is None, f"{name} breaks its contract"
        schema_check, part = schemas[name]
        document = part(json.loads(answer.body))
        compiled = schema_check._compiled()
        compiled(document)
        parse = _best_us(partial(json.loads, answer.body), args.repeat)
        fast = _best_us(partial(compiled, document), args.repeat)
        slow = "—"
        if jsonschema is not None:
            schema = schema_check._schema() if callable(schema_check._schema) else schema_check._schema
            validator = jsonschema.Draft7Validator(schema)
            slow = f"{_best_us(partial(validator.validate, document), max(50, args.repeat // 10)):.0f}"
        whole = _best_us(partial(REGISTRY.check, answer), args.repeat)
        print(f"  {name:<32}{len(answer.body):>7}{parse:>8.0f}{fast:>16.0f}{slow:>12}{whole:>13.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
