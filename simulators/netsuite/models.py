"""A NetSuite account's records and the rules NetSuite applies to them.

Rules here, HTTP in :mod:`.routes`, names and shapes in :mod:`.schemas`, errors in :mod:`.errors`.
Every mutating method validates the whole request first and only then writes, under the account's
lock, so a refused request leaves the account exactly as it was.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from . import errors
from .schemas import CENT, CURRENCIES, LINE_FIELDS, RECORD_TYPES, TRANSFORMS, FieldSpec, RecordType

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

EID_PATTERN = re.compile(r"^[A-Za-z0-9_\-]+$")
PAGE_MAX = 1000


@dataclass
class Line:
    """One line of a transaction's ``item`` sublist."""

    line: int
    item: int
    quantity: Decimal
    rate: Decimal
    amount: Decimal
    description: str = ""


@dataclass
class Record:
    """A stored record. ``fields`` holds plain values; references are stored as internal ids."""

    type: str
    id: int
    fields: dict[str, Any]
    lines: list[Line] = field(default_factory=list)
    status: tuple[str, str] | None = None
    created_from: tuple[str, int] | None = None

    @property
    def external_id(self) -> str | None:
        return self.fields.get("externalId")


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    tax: Decimal
    shipping: Decimal
    total: Decimal


@dataclass(frozen=True)
class Page:
    ids: list[int]
    offset: int
    limit: int
    total: int


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class NetSuiteAccount:
    """All records of one tenant's NetSuite account, with indexes for every lookup a connector
    makes (by id, by external id, by ``createdFrom``) so none of them is a scan."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.account_id = tenant.netsuite.account_id
        self._lock = threading.RLock()
        self._records: dict[str, dict[int, Record]] = {name: {} for name in RECORD_TYPES}
        self._families: dict[str, dict[int, Record]] = {"entity": {}, "item": {}, "transaction": {}}
        self._by_external_id: dict[tuple[str, str], int] = {}
        self._created_from: dict[int, list[Record]] = {}
        # Each family has its own internal-id sequence, starting at a seeded value as a real
        # account's would not start at 1.
        self._next_id = {family: tenant.random.randint(100, 900) for family in self._families}
        self._next_tran_id: dict[str, int] = {}

    # ----------------------------------------------------------------- lookups
    @staticmethod
    def record_type(name: str) -> RecordType:
        """:raise InvalidRecordType: if the REST API exposes no such record type."""
        spec = RECORD_TYPES.get(name)
        if spec is None:
            raise errors.InvalidRecordType(f"Record type '{name}' does not exist.")
        return spec

    def get(self, type_: str, key: str) -> Record:
        """The record addressed by ``key``: an internal id or ``eid:<externalId>``.

        :raise InvalidRecordType: unknown type. :raise NonexistentId: no such record.
        """
        self.record_type(type_)
        with self._lock:
            record_id = self._resolve_key(type_, key)
            record = self._records[type_].get(record_id) if record_id is not None else None
        if record is None:
            raise errors.NonexistentId(
                f"The record instance does not exist. Provide a valid record instance ID.", path="id"
            )
        return record

    def _resolve_key(self, type_: str, key: str) -> int | None:
        if key.startswith("eid:"):
            return self._by_external_id.get((type_, key[4:]))
        return int(key) if key.isdigit() else None

    def find_in_family(self, family: str, id_: int) -> Record | None:
        return self._families.get(family, {}).get(id_)

    def created_from(self, source_id: int) -> list[Record]:
        """Records transformed from ``source_id``, oldest first."""
        with self._lock:
            return list(self._created_from.get(source_id, []))

    def ref_name(self, record: Record) -> str:
        spec = RECORD_TYPES[record.type]
        f = record.fields
        if spec.family == "entity":
            return f.get("companyName") or " ".join(p for p in (f.get("firstName"), f.get("lastName")) if p)
        if spec.family == "item":
            return f.get("itemId", str(record.id))
        return f"{spec.label} #{f.get('tranId', record.id)}"

    def totals(self, record: Record) -> Totals:
        subtotal = sum((line.amount for line in record.lines), Decimal("0"))
        tax = record.fields.get("taxTotal") or Decimal("0")
        shipping = record.fields.get("shippingCost") or Decimal("0")
        return Totals(subtotal, tax, shipping, _round(subtotal + tax + shipping))

    # ----------------------------------------------------------------- create
    def create(self, type_: str, body: Any, *, strict_names: bool = False) -> Record:
        """Create a record from a REST body.

        :raise InvalidContent: body not an object, unknown field (when ``strict_names``), wrong
            type or missing required field. :raise InvalidKeyOrRef: a reference names nothing.
            :raise UserError: external id already used.
        """
        spec = self.record_type(type_)
        with self._lock:
            fields, lines = self._parse(spec, body, strict_names=strict_names, partial=False)
            return self._insert(spec, fields, lines, created_from=None)

    def _insert(self, spec: RecordType, fields: dict[str, Any], lines: list[Line] | None,
                created_from: Record | None) -> Record:
        eid = fields.get("externalId")
        if eid is not None and (spec.name, eid) in self._by_external_id:
            raise errors.UserError(
                f"A {spec.label} record with externalId '{eid}' already exists.", path="externalId"
            )
        record_id = self._next_id[spec.family]
        self._next_id[spec.family] += 1
        if spec.family == "transaction":
            fields.setdefault("tranDate", self.tenant.clock.now().date().isoformat())
            fields.setdefault("currency", 1)
            seq = self._next_tran_id.get(spec.name, 1000) + 1
            self._next_tran_id[spec.name] = seq
            fields.setdefault("tranId", str(seq))
        record = Record(spec.name, record_id, fields, lines or [], spec.initial_status)
        if created_from is not None:
            record.created_from = (created_from.type, created_from.id)
            record.fields["createdFrom"] = created_from.id
            self._created_from.setdefault(created_from.id, []).append(record)
        self._records[spec.name][record_id] = record
        self._families[spec.family][record_id] = record
        if eid is not None:
            self._by_external_id[(spec.name, eid)] = record_id
        return record

    # -------------------------------------------------------------- transform
    def transform(self, source_type: str, key: str, target_type: str, body: Any, *,
                  strict_names: bool = False) -> Record:
        """NetSuite's ``!transform``: a new ``target_type`` record initialised from the source,
        with ``body`` overriding fields and (when it has ``item``) replacing the lines.

        :raise InvalidTransform: the pair is not a NetSuite transform here.
        :raise UserError: refunding more than remains of the source.
        """
        target_spec = self.record_type(target_type)
        with self._lock:
            source = self.get(source_type, key)
            if (source_type, target_type) not in TRANSFORMS:
                raise errors.InvalidTransform(
                    f"You cannot transform a {RECORD_TYPES[source_type].label} into a {target_spec.label}."
                )
            overrides, new_lines = self._parse(target_spec, body or {}, strict_names=strict_names, partial=True)
            fields = {
                name: value
                for name, value in source.fields.items()
                if name in ("entity", "currency", "shippingCost", "taxTotal", "memo")
            }
            fields.update(overrides)
            lines = new_lines if new_lines is not None else [
                Line(l.line, l.item, l.quantity, l.rate, l.amount, l.description) for l in source.lines
            ]
            candidate = Record(target_type, 0, fields, lines)
            self._check_refundable(source, target_type, self.totals(candidate).total)
            return self._insert(target_spec, fields, lines, created_from=source)

    def _check_refundable(self, source: Record, target_type: str, amount: Decimal) -> None:
        if target_type != "cashRefund":
            return
        refunded = sum(
            (self.totals(r).total for r in self._created_from.get(source.id, []) if r.type == "cashRefund"),
            Decimal("0"),
        )
        remaining = self.totals(source).total - refunded
        if amount > remaining:
            raise errors.UserError(
                f"The refund amount ({amount}) exceeds the amount remaining to be refunded on "
                f"{self.ref_name(source)} ({remaining}).",
                path="total",
            )

    # ------------------------------------------------------------------ query
    def query(self, type_: str, q: str | None, limit: int, offset: int) -> Page:
        """A page of ids of ``type_`` matching the ``q`` filter, in id order.

        :raise InvalidContent: a ``q`` this simulator cannot parse (the message says what).
        """
        self.record_type(type_)
        with self._lock:
            candidates = self._filter(type_, q)
        ids = sorted(candidates)
        return Page(ids[offset:offset + limit], offset, limit, len(ids))

    def _filter(self, type_: str, q: str | None) -> set[int]:
        records = self._records[type_]
        if not q:
            return set(records)
        result: set[int] | None = None
        for clause in re.split(r"\s+AND\s+", q.strip()):
            ids = self._clause(type_, records, clause)
            result = ids if result is None else result & ids
        return result or set()

    def _clause(self, type_: str, records: dict[int, Record], clause: str) -> set[int]:
        match = re.fullmatch(r'\s*(\w+)\s+(ANY_OF|IS|EQUAL)\s+(.+?)\s*', clause)
        if match is None:
            raise errors.InvalidContent(f"Invalid search query: '{clause}'. Use <field> <operator> <value>.", path="q")
        name, op, raw = match.groups()
        values = [v.strip().strip('"') for v in raw.strip("[]").split(",")] if op == "ANY_OF" else [raw.strip('"')]
        if name == "createdFrom":
            return {r.id for v in values if v.isdigit() for r in self._created_from.get(int(v), []) if r.type == type_}
        if name == "externalId":
            return {i for v in values if (i := self._by_external_id.get((type_, v))) is not None}
        if name == "id":
            return {int(v) for v in values if v.isdigit() and int(v) in records}
        if name in RECORD_TYPES[type_].fields:
            wanted = set(values)
            return {r.id for r in records.values() if str(r.fields.get(name)) in wanted}
        raise errors.InvalidContent(f"Invalid search query: unknown field '{name}'.", path="q")

    # ---------------------------------------------------------------- parsing
    def _parse(self, spec: RecordType, body: Any, *, strict_names: bool,
               partial: bool) -> tuple[dict[str, Any], list[Line] | None]:
        if not isinstance(body, dict):
            raise errors.InvalidContent("The request body must be a JSON object.")
        fields: dict[str, Any] = {}
        lines: list[Line] | None = None
        for name, value in body.items():
            fspec = spec.fields.get(name)
            if fspec is None or fspec.readonly:
                if strict_names:
                    raise errors.InvalidContent(f"Invalid field name '{name}' for record type '{spec.name}'.", path=name)
                continue
            if fspec.kind == "sublist":
                lines = self._parse_lines(value, name)
                continue
            fields[name] = self._parse_value(name, fspec, value, strict_names)
        if not partial:
            for name, fspec in spec.fields.items():
                if fspec.required and fields.get(name) is None:
                    raise errors.InvalidContent(f"Please enter value(s) for: {name}.", path=name)
            if spec.has_lines and not lines:
                raise errors.UserError("You must enter at least one line item for this transaction.", path="item")
        eid = fields.get("externalId")
        if eid is not None and not EID_PATTERN.match(eid):
            raise errors.InvalidContent(
                "externalId may contain only letters, digits, '_' and '-'.", path="externalId"
            )
        return fields, lines

    def _parse_value(self, name: str, fspec: FieldSpec, value: Any, strict_names: bool) -> Any:
        if value is None:
            return None
        if fspec.kind == "string":
            if not isinstance(value, str):
                raise errors.InvalidContent(f"Invalid value for field '{name}': expected a string.", path=name)
            return value
        if fspec.kind == "boolean":
            if not isinstance(value, bool):
                raise errors.InvalidContent(f"Invalid value for field '{name}': expected a boolean.", path=name)
            return value
        if fspec.kind == "number":
            return self._decimal(value, name)
        if fspec.kind == "date":
            try:
                return date.fromisoformat(value).isoformat()
            except (TypeError, ValueError):
                raise errors.InvalidContent(f"Invalid value for field '{name}': expected YYYY-MM-DD.", path=name) from None
        if fspec.kind == "ref":
            return self._reference(name, fspec.ref or "", value)
        raise errors.InvalidContent(f"Field '{name}' cannot be set.", path=name)

    @staticmethod
    def _decimal(value: Any, path: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise errors.InvalidContent(f"Invalid value for field '{path}': expected a number.", path=path)
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise errors.InvalidContent(f"Invalid value for field '{path}': expected a number.", path=path) from None
        if not number.is_finite():
            raise errors.InvalidContent(f"Invalid value for field '{path}': expected a number.", path=path)
        return number

    def _reference(self, name: str, family: str, value: Any) -> int:
        """A reference body (``{"id": "12"}`` or ``{"externalId": "X"}``) → internal id.

        :raise InvalidKeyOrRef: the reference names no record of the right family.
        """
        if not isinstance(value, dict) or not ({"id", "externalId"} & value.keys()):
            raise errors.InvalidContent(f"Invalid value for field '{name}': expected {{\"id\": ...}}.", path=name)
        if family == "currency":
            raw = str(value.get("id", ""))
            if raw.isdigit() and int(raw) in CURRENCIES:
                return int(raw)
        elif "id" in value and str(value["id"]).isdigit():
            if int(value["id"]) in self._families[family]:
                return int(value["id"])
        elif "externalId" in value:
            for (type_, eid), record_id in self._by_external_id.items():
                if eid == value["externalId"] and RECORD_TYPES[type_].family == family:
                    return record_id
        raise errors.InvalidKeyOrRef(
            f"Invalid {name} reference key {value.get('id', value.get('externalId'))}.", path=name
        )

    def _parse_lines(self, value: Any, path: str) -> list[Line]:
        items = value.get("items") if isinstance(value, dict) else None
        if not isinstance(items, list):
            raise errors.InvalidContent(f"Invalid value for sublist '{path}': expected {{\"items\": [...]}}.", path=path)
        lines: list[Line] = []
        for index, raw in enumerate(items, start=1):
            where = f"{path}.items[{index - 1}]"
            if not isinstance(raw, dict):
                raise errors.InvalidContent(f"Invalid line at {where}: expected an object.", path=where)
            unknown = set(raw) - set(LINE_FIELDS)
            if unknown:
                raise errors.InvalidContent(f"Invalid field name '{sorted(unknown)[0]}' in {where}.", path=where)
            if "item" not in raw:
                raise errors.InvalidContent(f"Please enter value(s) for: {where}.item.", path=f"{where}.item")
            item = self._reference(f"{where}.item", "item", raw["item"])
            quantity = self._decimal(raw.get("quantity", 1), f"{where}.quantity")
            rate = self._decimal(raw["rate"], f"{where}.rate") if "rate" in raw else None
            amount = self._decimal(raw["amount"], f"{where}.amount") if "amount" in raw else None
            if rate is None:
                base = self._families["item"][item].fields.get("basePrice")
                rate = amount / quantity if amount is not None and quantity else (base or Decimal("0"))
            if amount is None:
                amount = quantity * rate
            # NetSuite keeps the rate as entered and rounds the amount to the currency.
            lines.append(Line(index, item, quantity, rate, _round(amount), raw.get("description") or ""))
        return lines
