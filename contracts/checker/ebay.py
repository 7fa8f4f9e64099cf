"""eBay's contracts.

- Sell Fulfillment API: eBay's OpenAPI 3 document (``contracts/ebay/sell_fulfillment_v1_oas3.v1.20.7.json``),
  every operation by its path and method. A success answers the operation's response schema; an
  error answers eBay's error envelope ``{"errors": [Error]}``, and its ``errorId`` must sit under
  the HTTP status the operation's ``x-response-codes`` list it under.
- Post-Order API v2: eBay publishes no OpenAPI file; the types are those ebay-sdk-php generated from
  eBay's reference (``contracts/ebay/post_order_v2_types.json``), by call.
- Enumerations the contracts type as plain strings take their values from ``contracts/ebay/enums.json``.
"""

from __future__ import annotations

from typing import Any

from . import openapi
from .core import (
    Allowance, Answer, ContractError, SchemaCheck, ServiceContract, Violation, add_allowances, allowances, allowed_fields,
    load_json,
)

FULFILLMENT = "eBay Sell Fulfillment API v1.20.7"
POST_ORDER = "eBay Post-Order API v2 (ebay-sdk-php types)"
FULFILLMENT_PREFIX = "/sell/fulfillment/v1"
POST_ORDER_PREFIX = "/post-order/v2"
#: How FIDELITY.md names a Post-Order type in its allowances (``PostOrder.ReturnSummaryType``); a bare
#: name is a type of the Fulfillment document.
PO_TYPE = "PostOrder."
#: The envelope every eBay REST API answers errors in (eBay's "Handling errors" guide); the
#: document types only its entries (``Error``).
_ERROR_RESPONSE = {
    "title": "ErrorResponse", "type": "object", "required": ["errors"], "additionalProperties": False,
    "properties": {"errors": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/Error"}}},
}


def _fulfillment_definitions(rows: list[Allowance]) -> tuple[dict[str, Any], dict[str, Any]]:
    document = load_json("ebay/sell_fulfillment_v1_oas3.v1.20.7.json")
    if document["info"]["version"] != "v1.20.7":
        raise ContractError(f"expected the Fulfillment contract v1.20.7, found {document['info']['version']}")
    defs = openapi.definitions(document["components"]["schemas"])
    for path, enum in load_json("ebay/enums.json")["fulfillment"].items():
        type_name, field = path.split(".")
        defs[type_name]["properties"][field]["enum"] = enum["values"]
    defs["ErrorResponse"] = dict(_ERROR_RESPONSE)
    add_allowances(defs, {where: names for where, names in allowed_fields(rows).items()
                          if not where.startswith(PO_TYPE)}, "ebay")
    return document, defs


def _post_order_definitions(rows: list[Allowance]) -> dict[str, Any]:
    source = load_json("ebay/post_order_v2_types.json")
    defs = openapi.definitions(source["components"]["schemas"])
    for path, enum_name in load_json("ebay/enums.json")["post_order"].items():
        type_name, field = path.split(".")
        prop = defs[type_name]["properties"][field]
        # A list of the enum's values (OrderEligibilityResult.failureReason) holds it in its items.
        (prop["items"] if prop.get("type") == "array" else prop)["enum"] = source["enums"][enum_name]
    add_allowances(defs, {where[len(PO_TYPE):]: names for where, names in allowed_fields(rows).items()
                          if where.startswith(PO_TYPE)}, "ebay")
    return defs


class Operation:
    """One Fulfillment operation: its success schemas by status, its error table."""

    def __init__(self, operation_id: str, success: dict[int, SchemaCheck | None], error: SchemaCheck,
                 codes: dict[int, set[int]], allowed_ids: set[int]) -> None:
        """``codes``: every error status the operation lists → the error ids listed under it (maybe
        none). An answer with a status the operation does not list (an armed 503, the gateway's 401
        and 429) is held to the envelope only."""
        self.operation_id = operation_id
        self.success = success
        self.error = error
        self.codes = codes
        self.allowed_ids = allowed_ids
        self.statuses_of: dict[int, set[int]] = {}
        for status, ids in codes.items():
            for error_id in ids:
                self.statuses_of.setdefault(error_id, set()).add(status)

    def __call__(self, answer: Answer, body: Any) -> Violation | None:
        if answer.status < 400:
            if answer.status not in self.success:
                return Violation(FULFILLMENT, "HTTP status", f"{self.operation_id} answers "
                                 f"{', '.join(map(str, sorted(self.success)))} on success, not {answer.status}")
            check = self.success[answer.status]
            if check is None:
                return None if body is None else Violation(FULFILLMENT, "$", f"{self.operation_id} answers "
                                                           f"{answer.status} without a body")
            return check.validate(body)
        return self.error.validate(body) or self._error_ids(answer.status, body)

    def _error_ids(self, status: int, body: Any) -> Violation | None:
        if status not in self.codes:
            return None
        for index, entry in enumerate(body["errors"]):
            error_id = entry.get("errorId")
            if error_id in self.allowed_ids:
                continue
            listed = self.statuses_of.get(error_id)
            where = f"$.errors[{index}].errorId"
            if listed and status not in listed:
                return Violation(FULFILLMENT, where, f"{self.operation_id} lists error {error_id} under HTTP "
                                 f"{', '.join(map(str, sorted(listed)))}, not {status}")
            if not listed and self.codes[status]:
                return Violation(FULFILLMENT, where, f"{error_id} is not an error of {self.operation_id} "
                                 f"(HTTP {status} lists {', '.join(map(str, sorted(self.codes[status])))})")
        return None


def _allowed_ids(rows: list[Allowance], operation_id: str) -> set[int]:
    return {int(r.field.split()[1]) for r in rows
            if r.field.startswith("errorId ") and ("*" in r.where or operation_id in r.where)}


def build() -> ServiceContract:
    """The contract of the eBay paths (both APIs)."""
    rows = allowances("ebay")
    document, defs = _fulfillment_definitions(rows)
    po_defs = _post_order_definitions(rows)
    error = SchemaCheck(FULFILLMENT, lambda: openapi.schema_of({"$ref": "#/definitions/ErrorResponse"}, defs))
    # The Post-Order "Error Response" page: the ErrorMessage type arrives wrapped as {"errorMessage": ...}.
    po_error = SchemaCheck(POST_ORDER, lambda: openapi.schema_of(
        {"title": "ErrorResponse", "type": "object", "required": ["errorMessage"], "additionalProperties": False,
         "properties": {"errorMessage": {"$ref": "#/definitions/ErrorMessage"}}}, po_defs))
    gateway = SchemaCheck(POST_ORDER, lambda: openapi.schema_of(
        {"title": "ErrorResponse", "type": "object", "required": ["errors"], "additionalProperties": False,
         "properties": {"errors": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/ErrorDetailV3"}}}},
        po_defs))

    def either_envelope(answer: Answer, body: Any) -> Violation | None:
        # eBay's gateway (token, call limit, routing) answers the REST envelope on every API.
        if answer.path.startswith(POST_ORDER_PREFIX):
            return (gateway if isinstance(body, dict) and "errors" in body else po_error).validate(body)
        return error.validate(body)

    contract = ServiceContract("ebay", "eBay's contracts", (FULFILLMENT_PREFIX, POST_ORDER_PREFIX), fallback=either_envelope)
    for path, item in document["paths"].items():
        for method, op in item.items():
            if method not in ("get", "post", "put", "delete", "patch"):
                continue
            success: dict[int, SchemaCheck | None] = {}
            codes: dict[int, set[int]] = {}
            for code, response in op["responses"].items():
                status = int(code)
                if status < 400:
                    schema = response.get("content", {}).get("application/json", {}).get("schema")
                    success[status] = (SchemaCheck(FULFILLMENT, _lazy(openapi.convert(schema), defs))
                                       if schema else None)
                else:
                    codes[status] = {int(i) for i in response.get("x-response-codes", {}).get("errors", {})}
            contract.route(method.upper(), FULFILLMENT_PREFIX + path,
                           Operation(op["operationId"], success, error, codes, _allowed_ids(rows, op["operationId"])))

    def po(name: str) -> Any:
        check = SchemaCheck(POST_ORDER, lambda: openapi.schema_of({"$ref": f"#/definitions/{name}"}, po_defs))
        return lambda answer, body: (either_envelope(answer, body) if answer.status >= 400 else check.validate(body))

    contract.route("GET", f"{POST_ORDER_PREFIX}/return/search", po("GetSummaryResponse"))
    contract.route("POST", f"{POST_ORDER_PREFIX}/return/{{returnId}}/issue_refund", po("IssueRefundResponse"))
    contract.route("GET", f"{POST_ORDER_PREFIX}/return/{{returnId}}", po("GetDetailResponse"))
    contract.route("POST", f"{POST_ORDER_PREFIX}/cancellation", po("CreateCancelResponse"))
    contract.route("GET", f"{POST_ORDER_PREFIX}/cancellation/search", po("SearchCancellationsRestResponse"))
    contract.route("GET", f"{POST_ORDER_PREFIX}/cancellation/{{cancelId}}", po("GetCancellationRestResponse"))

    def no_payload(answer: Answer, body: Any) -> Violation | None:
        # Approve and reject: "This method has no request or response payloads" (the approve reference).
        if answer.status >= 400:
            return either_envelope(answer, body)
        return None if body is None else Violation(POST_ORDER, "$", "approve and reject answer no payload")

    for action in ("approve", "reject"):
        contract.route("POST", f"{POST_ORDER_PREFIX}/cancellation/{{cancelId}}/{action}", no_payload)
    return contract


def build_control_echo() -> ServiceContract:
    """The eBay control plane echoes a created order exactly as getOrder answers it."""
    _, defs = _fulfillment_definitions(allowances("ebay"))
    order = SchemaCheck(FULFILLMENT, _lazy({"$ref": "#/definitions/Order"}, defs))
    contract = ServiceContract("ebay-control", FULFILLMENT, ("/_sim/tenants/",), strict=False)
    contract.route("POST", "/_sim/tenants/{tenant}/ebay/orders",
                   lambda answer, body: order.validate(body) if answer.status == 201 else None)
    return contract


def _lazy(root: dict[str, Any], defs: dict[str, Any]) -> Any:
    return lambda: openapi.schema_of(root, defs)
