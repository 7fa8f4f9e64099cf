"""NetSuite record types, the transforms between them, and the REST (de)serialisation.

Every field name the simulator accepts or returns is declared here, in one place, because the
exact REST names beyond Oracle's examples are not all confirmed (DOMAIN.md §2): a correction is a
one-line change. Rules that use these declarations live in :mod:`simulators.netsuite.models`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import NetSuiteAccount, Record

REST_ROOT = "/services/rest"
RECORD_ROOT = f"{REST_ROOT}/record/v1"


@dataclass(frozen=True)
class FieldSpec:
    """One body field: ``kind`` is string | number | boolean | date | ref; ``ref`` names the
    record family a reference points into (entity | item | transaction | currency)."""

    kind: str
    required: bool = False
    ref: str | None = None
    readonly: bool = False


@dataclass(frozen=True)
class RecordType:
    """A REST record type. ``family`` decides the id sequence and what references may name it."""

    name: str
    label: str
    family: str
    fields: dict[str, FieldSpec]
    has_lines: bool = False
    initial_status: tuple[str, str] | None = None  # (id, refName)


#: Fields of one line of a transaction's ``item`` sublist.
LINE_FIELDS: dict[str, FieldSpec] = {
    "item": FieldSpec("ref", required=True, ref="item"),
    "quantity": FieldSpec("number"),
    "rate": FieldSpec("number"),
    "amount": FieldSpec("number"),
    "description": FieldSpec("string"),
}

_COMMON = {"externalId": FieldSpec("string"), "id": FieldSpec("string", readonly=True)}

_TRANSACTION_FIELDS: dict[str, FieldSpec] = {
    **_COMMON,
    "entity": FieldSpec("ref", required=True, ref="entity"),
    "tranDate": FieldSpec("date"),
    "tranId": FieldSpec("string"),
    "memo": FieldSpec("string"),
    "currency": FieldSpec("ref", ref="currency"),
    "shippingCost": FieldSpec("number"),
    # NetSuite computes tax from tax codes; the simulator takes the total the connector sends
    # (see FIDELITY.md) because the refund rules only need the amount.
    "taxTotal": FieldSpec("number"),
    "createdFrom": FieldSpec("ref", ref="transaction", readonly=True),
    "status": FieldSpec("string", readonly=True),
    "subtotal": FieldSpec("number", readonly=True),
    "total": FieldSpec("number", readonly=True),
    "item": FieldSpec("sublist"),
}

_ITEM_FIELDS: dict[str, FieldSpec] = {
    **_COMMON,
    "itemId": FieldSpec("string", required=True),
    "displayName": FieldSpec("string"),
    "basePrice": FieldSpec("number"),
}

RECORD_TYPES: dict[str, RecordType] = {
    t.name: t
    for t in (
        RecordType(
            "customer", "Customer", "entity",
            {
                **_COMMON,
                "firstName": FieldSpec("string"),
                "lastName": FieldSpec("string"),
                "companyName": FieldSpec("string"),
                "email": FieldSpec("string"),
                "phone": FieldSpec("string"),
                "isPerson": FieldSpec("boolean"),
            },
        ),
        RecordType("nonInventorySaleItem", "Non-inventory Item for Sale", "item", _ITEM_FIELDS),
        RecordType("otherChargeSaleItem", "Other Charge Item for Sale", "item", _ITEM_FIELDS),
        RecordType(
            "salesOrder", "Sales Order", "transaction", _TRANSACTION_FIELDS, has_lines=True,
            initial_status=("B", "Pending Fulfillment"),
        ),
        RecordType(
            "cashSale", "Cash Sale", "transaction", _TRANSACTION_FIELDS, has_lines=True,
            initial_status=("B", "Not Deposited"),
        ),
        RecordType("cashRefund", "Cash Refund", "transaction", _TRANSACTION_FIELDS, has_lines=True),
    )
}

#: (source type, target type) pairs NetSuite's ``!transform`` accepts here.
TRANSFORMS: frozenset[tuple[str, str]] = frozenset({("salesOrder", "cashSale"), ("cashSale", "cashRefund")})

#: NetSuite currency records (internal id → ISO code); id 1 is the base currency.
CURRENCIES: dict[int, str] = {1: "USD", 2: "GBP", 3: "CAD", 4: "EUR", 5: "AUD"}
CURRENCY_IDS: dict[str, int] = {code: cid for cid, code in CURRENCIES.items()}

CENT = Decimal("0.01")


def money(value: Decimal) -> float:
    """A Decimal amount as the JSON number NetSuite prints (two decimals)."""
    return float(value.quantize(CENT))


@dataclass
class Links:
    base_url: str

    def record(self, type_: str, id_: int | str) -> str:
        return f"{self.base_url}{RECORD_ROOT}/{type_}/{id_}"

    def self_link(self, href: str) -> list[dict[str, str]]:
        return [{"rel": "self", "href": href}]


@dataclass
class RecordView:
    """Turns a stored :class:`~simulators.netsuite.models.Record` into its REST JSON."""

    account: "NetSuiteAccount"
    links: Links
    expand: bool = False
    _cache: dict[str, Any] = field(default_factory=dict)

    def reference(self, family: str, id_: int) -> dict[str, Any]:
        if family == "currency":
            return {"id": str(id_), "refName": CURRENCIES.get(id_, str(id_))}
        target = self.account.find_in_family(family, id_)
        if target is None:  # the referenced record was deleted; NetSuite still prints the id
            return {"id": str(id_)}
        return {
            "id": str(id_),
            "refName": self.account.ref_name(target),
            "links": self.links.self_link(self.links.record(target.type, target.id)),
        }

    def render(self, record: "Record") -> dict[str, Any]:
        spec = RECORD_TYPES[record.type]
        href = self.links.record(record.type, record.id)
        out: dict[str, Any] = {"links": self.links.self_link(href), "id": str(record.id)}
        for name, value in record.fields.items():
            fspec = spec.fields.get(name)
            if fspec is None or value is None:
                continue
            if fspec.kind == "ref":
                out[name] = self.reference(fspec.ref or "", value)
            elif fspec.kind == "number":
                out[name] = money(value) if isinstance(value, Decimal) else value
            else:
                out[name] = value
        if record.status is not None:
            out["status"] = {"id": record.status[0], "refName": record.status[1]}
        if spec.has_lines:
            totals = self.account.totals(record)
            out["subtotal"] = money(totals.subtotal)
            out["taxTotal"] = money(totals.tax)
            out["shippingCost"] = money(totals.shipping)
            out["total"] = money(totals.total)
            sublist: dict[str, Any] = {"links": self.links.self_link(f"{href}/item")}
            if self.expand:
                sublist["items"] = [
                    {
                        "links": [],
                        "line": line.line,
                        "item": self.reference("item", line.item),
                        "quantity": float(line.quantity),
                        "rate": float(line.rate),
                        "amount": money(line.amount),
                        **({"description": line.description} if line.description else {}),
                    }
                    for line in record.lines
                ]
            out["item"] = sublist
        return out

    def collection(self, type_: str, ids: list[int], offset: int, limit: int, total: int, query: str) -> dict[str, Any]:
        base = f"{self.links.base_url}{RECORD_ROOT}/{type_}"
        suffix = f"&q={query}" if query else ""
        links = [{"rel": "self", "href": f"{base}?limit={limit}&offset={offset}{suffix}"}]
        if offset + limit < total:
            links.append({"rel": "next", "href": f"{base}?limit={limit}&offset={offset + limit}{suffix}"})
        return {
            "links": links,
            "count": len(ids),
            "hasMore": offset + len(ids) < total,
            "offset": offset,
            "totalResults": total,
            "items": [{"links": self.links.self_link(self.links.record(type_, i)), "id": str(i)} for i in ids],
        }
