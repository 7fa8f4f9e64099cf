"""A NetSuite account's records and the rules NetSuite applies to them.

Rules here, HTTP in :mod:`.routes`, names, shapes and the status table in :mod:`.schemas`, errors
in :mod:`.errors`, the ``q`` language in :mod:`.query`, SuiteQL in :mod:`.suiteql`.

Every mutating method validates the whole request first and only then writes, under the
account's lock, so a refused request leaves the account exactly as it was. Every lookup a
connector makes — by id, by external id, by ``createdFrom``, by customer — goes through an index,
never a scan.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Callable, Iterable

from simulators.core.clock import iso
from simulators.core.numbers import MAX_MAGNITUDE, whole_number

from . import errors, query
from .schemas import (
    ADDRESS_COUNTRIES, ASYNC_JOB_SECONDS, BROWSER_LINE_TYPES, BROWSER_PARTS, BROWSER_TYPES, CURRENCIES, CURRENCY_RECORDS, ITEM_RATE_ALIAS,
    LINE_NOT_MODELLED, NOT_MODELLED, RECORD_TYPES, STATUSES, SUBLIST_FIELDS, TRANSFORMS,
    ZERO, FieldSpec, RecordType, round_money,
)

if TYPE_CHECKING:
    from simulators.core.tenants import Tenant

    # Imported by name: inside NetSuiteAccount, ``query`` in an annotation is the method of that name.
    from .query import Node

log = logging.getLogger(__name__)

ONE = Decimal(1)
EID_PATTERN = re.compile(r"^[A-Za-z0-9_\-]+$")
PAGE_MAX = 1000
BILLING_TYPES = ("invoice", "cashSale")
REFUND_TYPES = ("creditMemo", "cashRefund")
#: Fields given a default when a create leaves them out and mandatory all the same (an explicit null
#: is refused on create, transform and PATCH), by record family: a transaction's date (today) and
#: currency (its customer's: :meth:`NetSuiteAccount.create`), a customer's primary currency (the
#: base currency, USD: ``_insert``).
DEFAULTED: dict[str, tuple[str, ...]] = {"transaction": ("currency", "tranDate"), "entity": ("currency",)}
#: The records an ``apply`` line of each type may name.
APPLY_TARGETS: dict[str, tuple[str, ...]] = {
    "creditMemo": ("invoice",),
    "customerPayment": ("invoice",),
    "customerRefund": ("creditMemo", "customerPayment"),
}


class Line:
    """One line of a transaction's ``item`` sublist. ``quantity`` is None on a line of an item whose
    lines carry none (a discount: :attr:`~.schemas.RecordType.line_quantity`); such a line is its
    amount, whole, and counts as one unit where units are counted (:attr:`units`)."""

    __slots__ = ("line", "item", "quantity", "rate", "amount", "description", "order_line", "is_closed")

    def __init__(self, line: int, item: int, quantity: Decimal | None, rate: Decimal, amount: Decimal,
                 description: str = "", order_line: int | None = None, is_closed: bool = False) -> None:
        self.line = line
        self.item = item
        self.quantity = quantity
        self.rate = rate
        self.amount = amount
        self.description = description
        self.order_line = order_line
        self.is_closed = is_closed  # a sales order line closed (``isClosed``): not to be billed

    def copy(self, **changes: Any) -> "Line":
        values = {name: getattr(self, name) for name in self.__slots__}
        values.update(changes)
        return Line(**values)

    @property
    def units(self) -> Decimal:
        """What the line bills, authorizes or has billed, in units: its quantity, or one for a line
        without quantity (a discount line is billed once, whole)."""
        return self.quantity if self.quantity is not None else ONE

    def part(self, units: Decimal, currency: int) -> "Line":
        """This line for ``units`` of it (a bill of what remains, a return of what was billed): the
        amount at the line's rate, to the currency; a line without quantity is whole or nothing."""
        if self.quantity is None:
            return self.copy()
        return self.copy(quantity=units, amount=round_money(units * self.rate, currency))


class Application:
    """``owner`` (a credit memo, payment or customer refund) applies ``amount`` to ``doc``. Its
    ``applyDate`` is not stored: it is ``doc``'s date (the Apply subtab lists the open documents
    with their dates before anything is applied to them)."""

    __slots__ = ("owner", "doc", "amount")

    def __init__(self, owner: int, doc: int, amount: Decimal) -> None:
        self.owner = owner
        self.doc = doc
        self.amount = amount


class Record:
    """A stored record. ``fields`` holds plain values; references are stored as internal ids.
    ``total`` is kept up to date by the account (a transaction's computed total)."""

    __slots__ = ("type", "id", "fields", "lines", "total")

    def __init__(self, type_: str, id_: int, fields: dict[str, Any], lines: list[Line] | None = None) -> None:
        self.type = type_
        self.id = id_
        self.fields = fields
        self.lines = lines if lines is not None else []
        self.total = ZERO

    @property
    def external_id(self) -> str | None:
        return self.fields.get("externalId")

    @property
    def created_from(self) -> int | None:
        return self.fields.get("createdFrom")


#: Text fields a connector looks records up by (``IS`` in a ``q`` filter, ``=`` / ``IN`` in SuiteQL),
#: indexed per record type by lower-cased value: the index gives the records whose value matches
#: ignoring case, and the condition itself then decides (``IS`` ignores case, SuiteQL's ``=`` does not).
TEXT_INDEXED = ("externalId", "email", "itemId", "tranId")


def _fold(value: str) -> str:
    folded = value.lower()
    return value if folded == value else folded  # one string object where the value is lower-case already


@dataclass(frozen=True)
class Page:
    ids: list[int]
    offset: int
    limit: int
    total: int


@dataclass(frozen=True)
class Outcome:
    """What a request comes to: the HTTP status, the ``Location`` it names, the JSON document (or
    none). An asynchronous job keeps its request's outcome as its task's result."""

    status: int
    location: str | None = None
    document: Any = None


@dataclass
class AsyncJob:
    """A request run asynchronously (``Prefer: respond-async``): queued when submitted, run once the
    tenant clock reaches ``due_at`` (at the account's next request), its outcome kept for the client
    to read. ``key`` is the request's ``X-NetSuite-Idempotency-Key``, if it sent one."""

    id: int
    key: str | None
    submitted_at: datetime
    due_at: datetime
    operation: Callable[[], Outcome] = field(repr=False)
    state: str = "pending"  # pending | running | succeeded | failed
    started_at: datetime | None = None
    finished_at: datetime | None = None
    outcome: Outcome | None = None

    @property
    def completed(self) -> bool:
        return self.state in ("succeeded", "failed")

    @property
    def progress(self) -> str:
        """Oracle's ``progress``: pending (queued or running), succeeded, failed."""
        return "pending" if self.state == "running" else self.state


@dataclass
class _Draft:
    """A validated body: field values, and the sublists it names (None when absent)."""

    fields: dict[str, Any]
    lines: list[dict[str, Any]] | None
    applies: list[dict[str, Any]] | None
    #: A customer's ``currencyList``: the currencies its lines name, in their order.
    currencies: list[int] | None = None


def _bad_date(name: str) -> Any:
    raise errors.InvalidContent(f"Invalid value for field '{name}': expected a date YYYY-MM-DD.", path=name)


def _is_date_time(value: Any) -> bool:
    """Whether ``value`` is an ISO 8601 date-time (the browser's ``date-time`` format), a ``Z`` zone too."""
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _ids(values: Iterable[Any]) -> list[int]:
    """The record ids among a filter's values (others name no record)."""
    return [i for i in (whole_number(str(v)) for v in values) if i is not None]


class NetSuiteAccount:
    """All records of one tenant's NetSuite account."""

    def __init__(self, tenant: "Tenant") -> None:
        self.tenant = tenant
        self.account_id = tenant.netsuite.account_id
        self._lock = threading.RLock()
        self._records: dict[str, dict[int, Record]] = {name: {} for name in RECORD_TYPES}
        self._families: dict[str, dict[int, Record]] = {"entity": {}, "item": {}, "transaction": {}}
        self._by_external_id: dict[tuple[str, str], int] = {}
        self._children: dict[int, list[Record]] = {}
        self._by_entity: dict[int, list[Record]] = {}
        # (record type, field of TEXT_INDEXED) → folded value → the record, or the records when several.
        self._by_text: dict[tuple[str, str], dict[str, Record | list[Record]]] = {}
        self._owned_apps: dict[int, list[Application]] = {}
        self._apps_on: dict[int, list[Application]] = {}
        self._item_use: dict[int, int] = {}
        # Each family has its own internal-id sequence, starting at a seeded value as a real
        # account's would not start at 1.
        self._next_id = {family: tenant.random.randint(100, 900) for family in self._families}
        # The account's currencies, read-only, under their fixed ids (not drawn from a sequence).
        created = sys.intern(iso(tenant.clock.now()))
        self._families["currency"] = self._records["currency"]
        for currency in CURRENCY_RECORDS:
            self._records["currency"][currency.id] = Record("currency", currency.id, currency.fields(created))
        self._next_tran_id: dict[str, int] = {}
        self._jobs: dict[int, AsyncJob] = {}
        #: The jobs still pending, in the order they were submitted: every request looks for due
        #: ones, and most find none (a scan of every job ever submitted would grow with the account).
        self._pending: list[AsyncJob] = []
        self._job_by_key: dict[str, AsyncJob] = {}
        self._next_job_id = 1
        self._jobs_lock = threading.Lock()
        # Equal amounts, quantities and dates share one object: an account of 100,000 orders
        # repeats the same few thousand values (bounded, so a pathological client cannot grow it).
        self._values: dict[Any, Any] = {}

    def _shared(self, value: Any) -> Any:
        if len(self._values) < 200_000:
            return self._values.setdefault(value, value)
        return self._values.get(value, value)

    @property
    def lock(self) -> threading.RLock:
        return self._lock

    # ============================================================ async jobs
    def submit_job(self, operation: Callable[[], Outcome], key: str | None) -> AsyncJob:
        """Queue ``operation`` as an asynchronous job, due :data:`~.schemas.ASYNC_JOB_SECONDS` later
        on the tenant clock.

        :raise IdempotencyConflict: a job was already submitted with the same idempotency key — the
            error names that job, whatever this request asks (Oracle answers the same way, and a
            second record is never made).
        """
        now = self.tenant.clock.now()
        with self._jobs_lock:
            if key is not None and key in self._job_by_key:
                raise errors.IdempotencyConflict(self._job_by_key[key].id)
            job = AsyncJob(self._next_job_id, key, now, now + timedelta(seconds=ASYNC_JOB_SECONDS), operation)
            self._next_job_id += 1
            self._jobs[job.id] = job
            self._pending.append(job)
            if key is not None:
                self._job_by_key[key] = job
            return job

    def run_due_jobs(self) -> None:
        """Run, in the order they were submitted, the jobs the tenant clock has reached. Each runs
        once: a job is taken under the queue's lock, then runs under the account's rules like any
        request (its refusal becomes the task's failed result)."""
        if not self._pending:  # nothing queued: nothing can be due (a job submitted meanwhile is due later)
            return
        now = self.tenant.clock.now()
        with self._jobs_lock:
            due = [job for job in self._pending if job.due_at <= now]
            if due:
                self._pending = [job for job in self._pending if job.due_at > now]
            for job in due:
                job.state, job.started_at = "running", max(job.due_at, job.submitted_at)
        for job in due:
            try:
                outcome = job.operation()
            except errors.NetSuiteError as exc:
                outcome = Outcome(exc.status, None, exc.body())
            except Exception as exc:  # a bug of the simulator: reported as one, and the job ends
                log.exception("async job %s of %s failed", job.id, self.account_id)
                error = errors.InternalError(f"Unexpected simulator error: {type(exc).__name__}.")
                outcome = Outcome(error.status, None, error.body())
            with self._jobs_lock:
                job.outcome, job.finished_at = outcome, job.started_at
                job.state = "succeeded" if outcome.status < 400 else "failed"

    def job(self, job_id: int) -> AsyncJob:
        """:raise NonexistentId: the account has no such job."""
        with self._jobs_lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise errors.NonexistentId(f"The asynchronous job {job_id} does not exist.", path="id")
        return job

    # ================================================================ lookups
    @staticmethod
    def record_type(name: str) -> RecordType:
        """:raise InvalidRecordType: if the REST API exposes no such record type."""
        spec = RECORD_TYPES.get(name)
        if spec is None:
            raise errors.InvalidRecordType(f"Record type '{name}' does not exist.")
        return spec

    @classmethod
    def writable_type(cls, name: str) -> RecordType:
        """The record type a create, update, upsert, delete or transform names.

        :raise InvalidRecordType: no such type. :raise MethodNotAllowed: the simulator serves the
            type read-only (the account's currencies; FIDELITY.md).
        """
        spec = cls.record_type(name)
        if not spec.writable:
            raise errors.MethodNotAllowed(f"The {spec.label.lower()} records of this account are read-only: "
                                          f"they can be read (GET), not created, changed or deleted.")
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
                "The record instance does not exist. Provide a valid record instance ID.", path="id"
            )
        return record

    def _resolve_key(self, type_: str, key: str) -> int | None:
        if key.startswith("eid:"):
            return self._by_external_id.get((type_, key[4:]))
        return whole_number(key)

    def find_in_family(self, family: str, id_: int) -> Record | None:
        return self._families.get(family, {}).get(id_)

    def find(self, type_: str, id_: int) -> Record | None:
        return self._records.get(type_, {}).get(id_)

    def by_external_id(self, type_: str, eid: str) -> Record | None:
        record_id = self._by_external_id.get((type_, eid))
        return None if record_id is None else self._records[type_].get(record_id)

    def records(self, type_: str) -> Iterable[Record]:
        return self._records[type_].values()

    def transactions(self) -> Iterable[Record]:
        return self._families["transaction"].values()

    def created_from(self, source_id: int) -> list[Record]:
        """Records transformed from ``source_id``, oldest first."""
        with self._lock:
            return list(self._children.get(source_id, ()))

    def of_entity(self, entity_id: int) -> list[Record]:
        """Transactions whose customer is ``entity_id``, oldest first."""
        return list(self._by_entity.get(entity_id, ()))

    def by_text(self, type_: str, name: str, value: str) -> list[Record]:
        """Records of ``type_`` whose ``name`` (one of :data:`TEXT_INDEXED`) equals ``value`` ignoring case."""
        found = self._by_text.get((type_, name), {}).get(_fold(value))
        if found is None:
            return []
        return list(found) if isinstance(found, list) else [found]

    def _index_text(self, record: Record, fields: dict[str, Any]) -> None:
        for name in TEXT_INDEXED:
            value = fields.get(name)
            if isinstance(value, str):
                index = self._by_text.setdefault((record.type, name), {})
                key = _fold(value)
                found = index.get(key)
                if found is None:
                    index[key] = record
                elif isinstance(found, list):
                    found.append(record)
                else:
                    index[key] = [found, record]

    def _unindex_text(self, record: Record, fields: dict[str, Any]) -> None:
        for name in TEXT_INDEXED:
            value = fields.get(name)
            if isinstance(value, str):
                index = self._by_text.get((record.type, name), {})
                key = _fold(value)
                found = index.get(key)
                if found is record:
                    del index[key]
                elif isinstance(found, list):
                    found.remove(record)
                    if len(found) == 1:
                        index[key] = found[0]

    def applications_of(self, owner: Record) -> list[Application]:
        """What ``owner`` applies (its ``apply`` sublist)."""
        return list(self._owned_apps.get(owner.id, ()))

    def applications_on(self, doc: Record) -> list[Application]:
        """What other records apply to ``doc``."""
        return list(self._apps_on.get(doc.id, ()))

    def all_applications(self) -> Iterable[Application]:
        for apps in self._owned_apps.values():
            yield from apps

    @staticmethod
    def currencies_of(customer: Record) -> tuple[int, ...]:
        """The currencies ``customer``'s transactions may be in (Multiple Currencies): her primary
        currency, then the others of her Currencies subtab (``currencyList``), each once."""
        return customer.fields.get("currencyList") or (customer.fields.get("currency") or 1,)

    def _check_customer_currency(self, spec: RecordType, fields: dict[str, Any]) -> None:
        """A transaction is in one of its customer's currencies: Oracle, "Importing Currency Values
        for Sales Orders" ("must be one of the currencies defined for the transaction's customer, on
        the Customer Currencies sublist"); the message is NetSuite's for a currency the customer
        lacks as integrations report it (REST's code for it is **unconfirmed**).

        A transaction's customer is an active one: an inactive customer (a duplicate the merchant
        deactivated) is no longer in the lists a transaction's entity is chosen from, and an
        integration's order naming one is refused "Invalid entity reference key" (Celigo's NetSuite
        Connector documentation of that error: "the particular customer ... is no longer an Active
        Customer"; REST's code for it inferred).

        :raise InvalidKeyOrRef: the customer is inactive, or has no such currency; nothing is written."""
        entity = fields.get(spec.entity_field)
        customer = self.find_in_family("entity", entity) if entity is not None else None
        if customer is not None and customer.fields.get("isInactive"):
            raise errors.InvalidKeyOrRef(f"Invalid entity reference key {entity}.", path=spec.entity_field)
        currency = fields.get("currency") or 1
        if customer is not None and currency not in self.currencies_of(customer):
            raise errors.InvalidKeyOrRef(f"Invalid currency reference key {currency} for entity {entity}.",
                                         path="currency")

    def _patched_currencies(self, customer: Record, fields: dict[str, Any], listed: list[int], *,
                            replace: bool) -> tuple[int, ...]:
        """A customer's currencies after a ``PATCH``: the lines ``listed`` add a currency (one she has
        is no change), or replace them all (``?replace=currencyList``); her primary one stays first.

        :raise UserError: the primary currency changed, or a currency left out, while she has
            transactions in it (NetSuite disables the Currency field once a customer has
            transactions; the REST message is **unconfirmed**); nothing is written."""
        primary = fields.get("currency") or 1
        used = {t.fields.get("currency") or 1 for t in self._by_entity.get(customer.id, ())}
        if primary != (customer.fields.get("currency") or 1) and used:
            raise errors.UserError("You cannot change the primary currency of a customer who has transactions.",
                                   path="currency")
        kept = () if replace else self.currencies_of(customer)
        currencies = tuple(dict.fromkeys((primary, *kept, *listed)))
        dropped = sorted(used - set(currencies))
        if dropped:
            raise errors.UserError(f"You cannot remove the currency {CURRENCIES[dropped[0]]} from a customer who has "
                                   "transactions in it.", path="currencyList")
        return currencies

    def _primary_currency(self, entity_id: int | None) -> int:
        """The primary currency of the customer ``entity_id`` (the base currency, 1, without one)."""
        customer = self.find_in_family("entity", entity_id) if entity_id is not None else None
        return (customer.fields.get("currency") if customer is not None else None) or 1

    def ref_name(self, record: Record) -> str:
        spec = RECORD_TYPES[record.type]
        f = record.fields
        if spec.family == "entity":
            return (f.get("companyName") or " ".join(p for p in (f.get("firstName"), f.get("lastName")) if p)
                    or f.get("entityId") or str(record.id))
        if spec.family == "item":
            return f.get("itemId", str(record.id))
        if spec.family == "currency":
            return str(f["name"])
        return f"{spec.label} #{f.get('tranId', record.id)}"

    # ============================================================ money state
    def _subtotal(self, lines: list[Line]) -> Decimal:
        return sum((line.amount for line in lines), ZERO)

    def _compute_total(self, type_: str, fields: dict[str, Any], lines: list[Line],
                       apps: list[Application] | None = None) -> Decimal:
        spec = RECORD_TYPES[type_]
        currency = fields.get("currency") or 1
        if spec.has_lines:
            tax = fields.get("taxTotal") or ZERO
            shipping = fields.get("shippingCost") or ZERO
            return round_money(self._subtotal(lines) + tax + shipping, currency)
        applied = sum((a.amount for a in apps or ()), ZERO)
        if type_ == "customerPayment":
            payment = fields.get("payment")
            return round_money(payment if payment is not None else applied, currency)
        return round_money(applied, currency)

    def _children_total(self, source_id: int, types: tuple[str, ...], exclude: int | None = None) -> Decimal:
        return sum((c.total for c in self._children.get(source_id, ()) if c.type in types and c.id != exclude), ZERO)

    def applied_by(self, record: Record) -> Decimal:
        """What ``record`` applies to other documents."""
        return sum((a.amount for a in self._owned_apps.get(record.id, ())), ZERO)

    def applied_to(self, record: Record) -> Decimal:
        """What other documents apply to ``record``."""
        return sum((a.amount for a in self._apps_on.get(record.id, ())), ZERO)

    def open_amount(self, record: Record) -> Decimal:
        """What remains due on an invoice, or unapplied on a credit memo or payment."""
        if record.type == "invoice":
            return record.total - self.applied_to(record)
        if record.type in ("creditMemo", "customerPayment"):
            return record.total - self.applied_by(record) - self.applied_to(record)
        return ZERO

    def refundable(self, source: Record, exclude: int | None = None) -> Decimal:
        """What remains to be refunded or credited of a cash sale, invoice or return authorization."""
        return source.total - self._children_total(source.id, REFUND_TYPES, exclude)

    def status(self, record: Record) -> str | None:
        """The record's status letter (see :data:`~.schemas.STATUSES`), or None when its type has none."""
        type_ = record.type
        if type_ == "salesOrder":
            if record.fields.get("orderStatus") == "A":
                return "A"
            open_lines = [line for line in record.lines if not line.is_closed]
            if not open_lines:
                return "H"  # every line closed: what NetSuite's Close does
            billed = self._billed_quantities(record)
            if not any(billed.get(line.line) for line in open_lines):
                return "B"
            if all(billed.get(line.line, ZERO) >= line.units for line in open_lines):
                return "G"
            return "E"
        if type_ == "invoice":
            return "B" if record.total > ZERO and self.open_amount(record) <= ZERO else "A"
        if type_ == "creditMemo":
            return "B" if self.open_amount(record) <= ZERO else "A"
        if type_ in ("cashSale", "customerPayment"):
            return "C" if record.fields.get("undepFunds") == "F" else "B"
        if type_ == "returnAuthorization":
            fixed = record.fields.get("orderStatus")
            if fixed in ("A", "C", "H"):
                return fixed
            refunded = self._children_total(record.id, REFUND_TYPES)
            if refunded and refunded >= record.total:
                return "G"
            return "B"
        return None

    def computed_fields(self, record: Record) -> dict[str, Any]:
        """Read-only amounts NetSuite computes, as REST prints them."""
        spec = RECORD_TYPES[record.type]
        out: dict[str, Any] = {}
        if spec.has_lines:
            f = record.fields
            out["subtotal"] = float(self._subtotal(record.lines))
            out["taxTotal"] = float(f.get("taxTotal") or ZERO)
            if "shippingCost" in spec.fields:
                out["shippingCost"] = float(f.get("shippingCost") or ZERO)
        if spec.family == "transaction":
            out["total"] = float(record.total)
        if record.type == "invoice":
            remaining = self.open_amount(record)
            out["amountPaid"] = float(record.total - remaining)
            out["amountRemaining"] = float(remaining)
        elif record.type in ("creditMemo", "customerPayment"):
            unapplied = self.open_amount(record)
            out["applied"] = float(record.total - unapplied)
            out["unapplied"] = float(unapplied)
            if record.type == "customerPayment":
                out["payment"] = float(record.total)
        return out

    def _billed_quantities(self, order: Record) -> dict[int, Decimal]:
        """Sales order line → quantity billed by its invoices and cash sales."""
        billed: dict[int, Decimal] = {}
        for child in self._children.get(order.id, ()):
            if child.type in BILLING_TYPES:
                for line in child.lines:
                    if line.order_line is not None:
                        billed[line.order_line] = billed.get(line.order_line, ZERO) + line.units
        return billed

    # ================================================================= create
    def create(self, type_: str, body: Any, *, strict_names: bool = False, strict_values: bool = True,
               ignored: list[str] | None = None) -> Record:
        """``POST /record/v1/<type>``: a new record from ``body``. ``strict_names``: under
        ``X-NetSuite-PropertyNameValidation: Error``; ``strict_values``: under
        ``X-NetSuite-PropertyValueValidation: Error`` (the browser's default), as every write takes them.
        ``ignored`` gets the path of each field of ``body`` NetSuite ignores when not ``strict_names``
        (:meth:`_ignore`), as every write's does.

        :raise InvalidRecordType, MethodNotAllowed, InvalidContent, InvalidKeyOrRef, UserError: see FIDELITY.md.
        """
        spec = self.writable_type(type_)
        with self._lock:
            draft = self._parse(spec, body, strict_names=strict_names, strict_values=strict_values, partial=False,
                                ignored=ignored)
            if spec.family == "transaction" and draft.fields.get("currency") is None:
                # Oracle's "Currency on Customer Transactions": the customer's primary currency by default.
                draft.fields["currency"] = self._primary_currency(draft.fields.get(spec.entity_field))
            if spec.family == "transaction":
                self._check_customer_currency(spec, draft.fields)
            if draft.currencies is not None:
                draft.fields["currencyList"] = tuple(draft.currencies)
            lines = self._build_lines(draft.lines or [], draft.fields.get("currency") or 1) if spec.has_lines else []
            apps = self._build_applications(spec, draft.fields, draft.applies or [], owner=None, total=None)
            if spec.has_apply and not apps and spec.name != "creditMemo" and not (
                    spec.name == "customerPayment" and draft.fields.get("payment")):
                raise errors.UserError("You must enter at least one line item for this transaction.", path="apply")
            return self._insert(spec, draft.fields, lines, apps, created_from=None)

    def _insert(self, spec: RecordType, fields: dict[str, Any], lines: list[Line], apps: list[dict[str, Any]],
                created_from: Record | None) -> Record:
        """Write a validated record (the only place records are added). Its checks refuse before
        :meth:`_write`, which numbers the transaction, so a refusal leaves the sequence as it was."""
        eid = fields.get("externalId")
        if eid is not None and (spec.name, eid) in self._by_external_id:
            raise errors.UserError(
                f"A {spec.label} record with externalId '{eid}' already exists.", path="externalId"
            )
        now = sys.intern(iso(self.tenant.clock.now()))
        family = spec.family
        if family in ("transaction", "entity"):
            # A customer's primary currency defaults to the company's ("Assigning Currencies to Entities").
            fields.setdefault("currency", 1)
        if family == "entity":
            # Her primary currency is on her Currencies subtab, first.
            fields["currencyList"] = tuple(dict.fromkeys((fields["currency"], *fields.get("currencyList", ()))))
        if family == "transaction":
            fields.setdefault("tranDate", sys.intern(now[:10]))
        if created_from is not None:
            fields["createdFrom"] = created_from.id
        fields[spec.created_field] = now
        fields["lastModifiedDate"] = now
        record_id = self._next_id[family]
        record = Record(spec.name, record_id, fields, lines)
        total = self._compute_total(spec.name, fields, lines,
                                    [Application(record_id, a["doc"], a["amount"]) for a in apps])
        self._check_total(spec, total, fields.get("currency") or 1)
        self._check_applications(spec, fields, apps, total, owner=None)
        return self._write(spec, record, total, apps, created_from)

    def _write(self, spec: RecordType, record: Record, total: Decimal, apps: list[dict[str, Any]],
               created_from: Record | None) -> Record:
        """Add a record every check has passed (call under the account's lock, as the checks were):
        nothing here can refuse, so a request never leaves half a record behind."""
        family, record_id, eid = spec.family, record.id, record.fields.get("externalId")
        self._next_id[family] += 1
        if family == "transaction" and "tranId" not in record.fields:
            # Numbered here, once nothing can refuse: a refused create leaves its number to the next one.
            seq = self._next_tran_id.get(spec.name, 1000) + 1
            self._next_tran_id[spec.name] = seq
            record.fields["tranId"] = str(seq)
        record.total = self._shared(total)
        self._records[spec.name][record_id] = record
        self._families[family][record_id] = record
        if eid is not None:
            self._by_external_id[(spec.name, eid)] = record_id
        self._index_text(record, record.fields)
        if created_from is not None:
            self._children.setdefault(created_from.id, []).append(record)
        entity = record.fields.get(spec.entity_field) if family == "transaction" else None
        if entity is not None:
            self._by_entity.setdefault(entity, []).append(record)
        for line in record.lines:
            self._item_use[line.item] = self._item_use.get(line.item, 0) + 1
        for app in apps:
            self._add_application(Application(record_id, app["doc"], app["amount"]))
        return record

    def _add_application(self, app: Application) -> None:
        self._owned_apps.setdefault(app.owner, []).append(app)
        self._apps_on.setdefault(app.doc, []).append(app)

    def _remove_applications(self, owner_id: int) -> None:
        for app in self._owned_apps.pop(owner_id, ()):
            on = self._apps_on.get(app.doc)
            if on is not None:
                on.remove(app)
                if not on:
                    del self._apps_on[app.doc]

    # ================================================================== patch
    def patch(self, type_: str, key: str, body: Any, *, strict_names: bool = False, strict_values: bool = True,
              replace: frozenset[str] = frozenset(), ignored: list[str] | None = None) -> Record:
        """``PATCH /record/v1/<type>/<id>``: change the fields ``body`` names. Sublist lines with a
        ``line`` (item) or ``doc`` (apply) update that line, others are added; ``replace`` names the
        sublists whose lines the body replaces (``?replace=item``).

        :raise NonexistentId, MethodNotAllowed, InvalidContent, InvalidKeyOrRef, UserError.
        """
        spec = self.writable_type(type_)
        with self._lock:
            record = self.get(type_, key)
            draft = self._parse(spec, body, strict_names=strict_names, strict_values=strict_values, partial=True,
                                ignored=ignored)
            fields = {**record.fields, **draft.fields}
            for name, value in draft.fields.items():
                if value is None:
                    fields.pop(name, None)
            for name, fspec in spec.fields.items():
                if fspec.required and name in draft.fields and draft.fields[name] is None:
                    raise errors.UserError(f"Error while accessing a resource. Please enter value(s) for: {name}.", path=name)
            currency = fields.get("currency") or 1
            if spec.family == "entity" and (draft.currencies is not None or "currency" in draft.fields):
                fields["currencyList"] = self._patched_currencies(record, fields, draft.currencies or [],
                                                                  replace="currencyList" in replace
                                                                  and draft.currencies is not None)
            if spec.family == "transaction" and self._linked(record):
                # A linked transaction keeps what it shares with the records it is linked to. The
                # customer: a transform copies it from the source (a refund of Ada's cash sale is
                # Ada's), an application needs the same customer on both. The currency: its amounts
                # are counted against (or by) theirs (a credit memo of a USD invoice cannot become
                # GBP, nor the invoice once credited). The customer is checked first.
                shared = ((spec.entity_field, "customer",
                           fields.get(spec.entity_field) != record.fields.get(spec.entity_field)),
                          ("currency", "currency", currency != (record.fields.get("currency") or 1)))
                for path, what, changed in shared:
                    if changed:
                        raise errors.UserError(f"You cannot change the {what} of a transaction that is linked to "
                                               "other transactions.", path=path)
            if spec.family == "transaction" and (spec.entity_field in draft.fields or "currency" in draft.fields):
                self._check_customer_currency(spec, fields)
            lines = record.lines
            if spec.has_lines and draft.lines is not None:
                lines = self._merge_lines(record, draft.lines, currency, replace="item" in replace)
                if not lines:
                    raise errors.UserError("You must enter at least one line item for this transaction.", path="item")
            elif spec.has_lines and "currency" in draft.fields:
                lines = [l.copy(amount=round_money(l.units * l.rate, currency)) for l in lines]
            apps: list[dict[str, Any]] = [{"doc": a.doc, "amount": a.amount} for a in self._owned_apps.get(record.id, ())]
            if spec.has_apply and draft.applies is not None:
                apps = self._merge_applications(spec, fields, record, apps, draft.applies, replace="apply" in replace)
            now = iso(self.tenant.clock.now())
            total = self._compute_total(type_, fields, lines, [Application(record.id, a["doc"], a["amount"]) for a in apps])
            self._check_total(spec, total, fields.get("currency") or 1)
            self._check_applications(spec, fields, apps, total, owner=record)
            self._check_amounts_after_change(record, fields, lines, total)
            eid = fields.get("externalId")
            if eid != record.external_id and eid is not None and (type_, eid) in self._by_external_id:
                raise errors.UserError(f"A {spec.label} record with externalId '{eid}' already exists.", path="externalId")
            # ---- write
            if record.external_id != eid:
                if record.external_id is not None:
                    del self._by_external_id[(type_, record.external_id)]
                if eid is not None:
                    self._by_external_id[(type_, eid)] = record.id
            old_entity = record.fields.get(spec.entity_field)
            if spec.family == "transaction" and fields.get(spec.entity_field) != old_entity:
                # A transaction's customer is required, so the stored record has one (an int).
                self._by_entity[record.fields[spec.entity_field]].remove(record)
                self._by_entity.setdefault(fields[spec.entity_field], []).append(record)
            for line in record.lines:
                self._item_use[line.item] -= 1
            for line in lines:
                self._item_use[line.item] = self._item_use.get(line.item, 0) + 1
            fields["lastModifiedDate"] = now
            self._unindex_text(record, record.fields)
            self._index_text(record, fields)
            record.fields = fields
            record.lines = lines
            record.total = total
            if spec.has_apply and draft.applies is not None:
                self._remove_applications(record.id)
                for app in apps:
                    self._add_application(Application(record.id, app["doc"], app["amount"]))
            return record

    def upsert(self, type_: str, key: str, body: Any, *, strict_names: bool = False, strict_values: bool = True,
               replace: frozenset[str] = frozenset(), ignored: list[str] | None = None) -> Record:
        """``PUT /record/v1/<type>/eid:<X>`` (Oracle's "Using the Upsert Operation"): update the
        record of ``type_`` whose external ID is X as :meth:`patch` does, or, when there is none,
        create it as :meth:`create` does with X as its external ID. Decided and written under the
        account's lock, so two racing upserts of one X make one record.

        :raise InvalidContent: the body names another ``externalId`` than the URL's.
        :raise InvalidRecordType, InvalidKeyOrRef, UserError: as a create or a patch.
        """
        self.writable_type(type_)
        external_id = key[len("eid:"):]
        if isinstance(body, dict) and body.get("externalId") not in (None, external_id):
            raise errors.InvalidContent(f"The body's externalId must be the URL's ('{external_id}') in an upsert.",
                                        path="externalId")
        with self._lock:
            if (type_, external_id) in self._by_external_id:
                return self.patch(type_, key, body, strict_names=strict_names, strict_values=strict_values,
                                  replace=replace, ignored=ignored)
            return self.create(type_, {**body, "externalId": external_id} if isinstance(body, dict) else body,
                               strict_names=strict_names, strict_values=strict_values, ignored=ignored)

    def _linked(self, record: Record) -> bool:
        """Whether ``record`` is linked to another transaction: created from one, something created
        from it, or applying to or applied by one."""
        return bool(record.created_from is not None or self._children.get(record.id)
                    or self._owned_apps.get(record.id) or self._apps_on.get(record.id))

    def _merge_lines(self, record: Record, raw: list[dict[str, Any]], currency: int, *, replace: bool) -> list[Line]:
        if replace:
            return self._build_lines(raw, currency, keep_links={l.line: l.order_line for l in record.lines})
        by_line = {line.line: line for line in record.lines}
        merged = {line.line: line for line in record.lines}
        added: list[dict[str, Any]] = []
        for index, item in enumerate(raw):
            number = item.get("line")
            if number is None:
                added.append(item)
                continue
            current = by_line.get(int(number))
            if current is None:
                raise errors.InvalidKeyOrRef(f"Invalid item line reference key {number}.", path=f"item.items[{index}].line")
            merged[current.line] = self._line_from(item, currency, index, base=current)
        next_line = max(merged, default=0) + 1
        out = list(merged.values())
        for offset, item in enumerate(added):
            line = self._line_from(item, currency, offset)
            line.line = next_line + offset
            out.append(line)
        return out

    @staticmethod
    def _check_total(spec: RecordType, total: Decimal, currency: int = 1) -> None:
        """A cash refund or credit memo may not total less than zero (zero is allowed): negative
        lines, tax or shipping may lower it, not below nothing. Checked on create, transform and
        patch, before anything is written or numbered.

        :raise UserError: "Transaction total can not be negative." (path ``total``).
        """
        if spec.name in REFUND_TYPES and total < ZERO:
            raise errors.UserError(f"Transaction total can not be negative. The {spec.label} would total {_money_text(total, currency)}.",
                                   path="total")

    def _check_amounts_after_change(self, record: Record, fields: dict[str, Any], lines: list[Line], total: Decimal) -> None:
        """A change may not leave more refunded, applied or billed than the record now allows."""
        label, currency = self.ref_name(record), fields.get("currency") or 1
        if record.type in ("cashSale", "invoice", "returnAuthorization"):
            refunded = self._children_total(record.id, REFUND_TYPES)
            if total < refunded:
                raise errors.UserError(f"The total of {label} ({_money_text(total, currency)}) cannot be less than "
                                       f"what has been refunded or credited from it ({_money_text(refunded, currency)}).",
                                       path="total")
        if record.type == "invoice" and total < self.applied_to(record):
            raise errors.UserError(f"The total of {label} ({_money_text(total, currency)}) cannot be less than the payments "
                                   f"and credits applied to it ({_money_text(self.applied_to(record), currency)}).", path="total")
        if record.type in ("creditMemo", "customerPayment") and total < self.applied_to(record):
            raise errors.UserError(f"The total of {label} ({_money_text(total, currency)}) cannot be less than what has been "
                                   f"refunded from it ({_money_text(self.applied_to(record), currency)}).", path="total")
        if record.type == "salesOrder":
            billed = self._billed_quantities(record)
            kept = {line.line: line for line in lines}
            for number, quantity in billed.items():
                if number not in kept or kept[number].units < quantity:
                    raise errors.UserError(f"Line {number} of {label} has been billed ({quantity}); it cannot be "
                                           "removed or reduced below that quantity.", path="item")
        source_id = record.created_from
        if source_id is not None and record.type in REFUND_TYPES:
            source = self._families["transaction"].get(source_id)
            if source is not None:
                remaining = self.refundable(source, exclude=record.id)
                if total > remaining:
                    raise errors.UserError(self._exceeds_message(total, source, remaining), path="total")

    # ================================================================= delete
    def delete(self, type_: str, key: str) -> None:
        """``DELETE /record/v1/<type>/<id>``.

        :raise NonexistentId: no such record. :raise MethodNotAllowed: a read-only record type.
        :raise UserError: other records depend on it (created from it, applying to it, naming it).
        """
        self.writable_type(type_)
        with self._lock:
            record = self.get(type_, key)
            dependents = self._dependents(record)
            if dependents:
                raise errors.UserError(
                    "This record cannot be deleted because it has dependent records. "
                    f"Dependent records: {', '.join(dependents[:5])}.",
                )
            spec = RECORD_TYPES[type_]
            del self._records[type_][record.id]
            del self._families[spec.family][record.id]
            if record.external_id is not None:
                self._by_external_id.pop((type_, record.external_id), None)
            self._unindex_text(record, record.fields)
            source = record.created_from
            if source is not None and source in self._children:
                self._children[source].remove(record)
                if not self._children[source]:
                    del self._children[source]
            entity = record.fields.get(spec.entity_field) if spec.family == "transaction" else None
            if entity is not None and entity in self._by_entity:
                self._by_entity[entity].remove(record)
            for line in record.lines:
                self._item_use[line.item] -= 1
            self._remove_applications(record.id)

    def _dependents(self, record: Record) -> list[str]:
        family = RECORD_TYPES[record.type].family
        if family == "entity":
            return [self.ref_name(r) for r in self._by_entity.get(record.id, ())]
        if family == "item":
            return [f"{self._item_use[record.id]} transaction line(s)"] if self._item_use.get(record.id) else []
        names = [self.ref_name(r) for r in self._children.get(record.id, ())]
        names += [self.ref_name(self._families["transaction"][a.owner]) for a in self._apps_on.get(record.id, ())]
        return names

    # ============================================================== transform
    def transform(self, source_type: str, key: str, target_type: str, body: Any, *,
                  strict_names: bool = False, strict_values: bool = True, ignored: list[str] | None = None) -> Record:
        """NetSuite's ``!transform``: a new ``target_type`` record initialised from the source as
        NetSuite initialises it, with ``body`` overriding fields, lines (``item``) and ``apply``.

        :raise InvalidTransform: the pair is not a NetSuite transform, or the source's state does
            not allow it (an order pending approval, closed or fully billed; nothing due).
        :raise UserError: refunding or crediting more than remains of the source.
        """
        target_spec = self.writable_type(target_type)
        self.writable_type(source_type)
        with self._lock:
            source = self.get(source_type, key)
            rule = TRANSFORMS.get((source_type, target_type))
            if rule is None:
                raise errors.InvalidTransform(
                    f"You cannot transform a {RECORD_TYPES[source_type].label} into a {target_spec.label}. "
                    f"Supported transforms of {source_type}: "
                    f"{', '.join(t for s, t in TRANSFORMS if s == source_type) or 'none'}."
                )
            draft = self._parse(target_spec, body if body is not None else {}, strict_names=strict_names,
                                strict_values=strict_values, partial=True, ignored=ignored)
            if rule.kind == "bill":
                return self._bill(source, target_spec, draft)
            if rule.kind == "authorize":
                return self._authorize(source, target_spec, draft)
            if rule.kind == "pay":
                return self._pay(source, target_spec, draft)
            return self._refund(source, target_spec, draft)

    def _refuse_state(self, source: Record, target: RecordType, why: str) -> errors.InvalidTransform:
        return errors.InvalidTransform(
            f"You can not initialize {target.name.lower()}: invalid reference {source.id}. {why}"
        )

    def _inherited(self, source: Record, names: Iterable[str], target: RecordType, draft: _Draft) -> dict[str, Any]:
        """The fields a ``target`` made from ``source`` starts with, the body's (``draft``) over them.

        :raise UserError: the body names another currency (or null) or another customer than the
            source's: NetSuite sources both from the record transformed (the Currency field is
            disabled on it) and keeps them on linked transactions (as :meth:`patch` does).
        """
        fields = {n: source.fields[n] for n in names if n in source.fields and n in target.fields}
        entity = source.fields.get(RECORD_TYPES[source.type].entity_field)
        fields[target.entity_field] = entity
        shared = ((target.entity_field, "customer", entity),
                  ("currency", "currency", source.fields.get("currency") or 1))
        for path, what, kept in shared:
            if path in draft.fields and draft.fields[path] != kept:
                raise errors.UserError(f"You cannot change the {what} of a transaction that is linked to "
                                       "other transactions.", path=path)
        fields.update(draft.fields)
        return fields

    def _bill(self, order: Record, target: RecordType, draft: _Draft) -> Record:
        state = self.status(order)
        if state in ("A", "C", "H"):
            raise self._refuse_state(order, target, f"The sales order is {STATUSES['salesOrder'][state]}.")
        billed = self._billed_quantities(order)
        if state == "G":
            raise self._refuse_state(order, target, "The sales order is already billed in full.")
        currency = order.fields.get("currency") or 1
        first = not any(c.type in BILLING_TYPES for c in self._children.get(order.id, ()))
        fields = self._inherited(order, ("currency", "memo", "otherRefNum") + (("shippingCost", "taxTotal") if first else ()), target,
                                 draft)
        currency = fields.get("currency") or currency
        # A line without quantity (a discount) is one unit: billed whole on the first bill that bills it.
        remaining = {line.line: ZERO if line.is_closed else line.units - billed.get(line.line, ZERO)
                     for line in order.lines}
        if draft.lines is None:
            lines = [line.part(remaining[line.line], currency).copy(line=i, order_line=line.line, is_closed=False)
                     for i, line in enumerate((l for l in order.lines if remaining[l.line] > 0), start=1)]
        else:
            lines = self._build_lines(draft.lines, currency)
            order_lines = {line.line: line for line in order.lines}
            left = dict(remaining)
            for index, line in enumerate(lines):
                if line.order_line is None:
                    # The item's first order line with units left to bill, else its last one (billed in
                    # full: refused below, as NetSuite bills only what is left on each line).
                    of_item = [n for n, l in order_lines.items() if l.item == line.item]
                    line.order_line = next((n for n in of_item if left[n] > 0), of_item[-1] if of_item else None)
                if line.order_line is None:
                    continue  # an item the order does not have: NetSuite lets the invoice add it
                if line.order_line not in order_lines:
                    raise errors.InvalidKeyOrRef(f"Invalid orderLine reference key {line.order_line}.",
                                                 path=f"item.items[{index}].orderLine")
                if line.units > left[line.order_line]:
                    raise errors.UserError(
                        f"You cannot bill more than the quantity remaining on line {line.order_line} of "
                        f"{self.ref_name(order)} ({left[line.order_line]}).", path=f"item.items[{index}].quantity")
                left[line.order_line] -= line.units
        if not lines:
            raise errors.UserError("You must enter at least one line item for this transaction.", path="item")
        return self._insert(target, fields, lines, [], created_from=order)

    def _authorize(self, order: Record, target: RecordType, draft: _Draft) -> Record:
        billed_total = self._children_total(order.id, BILLING_TYPES)
        if billed_total <= ZERO:
            raise self._refuse_state(order, target, "The sales order has not been billed, so nothing can be returned.")
        fields = self._inherited(order, ("currency", "memo", "otherRefNum"), target, draft)
        currency = fields.get("currency") or 1
        billed = self._billed_quantities(order)
        if draft.lines is None:
            lines = [line.part(billed[line.line], currency).copy(line=i, order_line=line.line, is_closed=False)
                     for i, line in enumerate((l for l in order.lines if billed.get(l.line)), start=1)]
        else:
            lines = self._build_lines(draft.lines, currency)
        if not lines:
            raise errors.UserError("You must enter at least one line item for this transaction.", path="item")
        total = self._compute_total(target.name, fields, lines)
        remaining = billed_total - self._children_total(order.id, ("returnAuthorization",))
        if total > remaining:
            raise errors.UserError(self._exceeds_message(total, order, remaining, "authorized for return"), path="total")
        return self._insert(target, fields, lines, [], created_from=order)

    def _refund(self, source: Record, target: RecordType, draft: _Draft) -> Record:
        if source.type == "returnAuthorization":
            state = self.status(source)
            if state in ("A", "C", "H"):
                raise self._refuse_state(source, target,
                                         f"The return authorization is {STATUSES['returnAuthorization'][state]}.")
        fields = self._inherited(source, ("currency", "memo", "shippingCost", "taxTotal", "otherRefNum"), target, draft)
        currency = fields.get("currency") or 1
        if draft.lines is None:
            lines = [line.copy(line=i, order_line=None, is_closed=False) for i, line in enumerate(source.lines, start=1)]
        else:
            lines = self._build_lines(draft.lines, currency)
        if not lines:
            raise errors.UserError("You must enter at least one line item for this transaction.", path="item")
        total = self._compute_total(target.name, fields, lines)
        remaining = self.refundable(source)
        if total > remaining:
            raise errors.UserError(self._exceeds_message(total, source, remaining), path="total")
        apps: list[dict[str, Any]] = []
        if target.name == "creditMemo":
            # A credit memo made from an open invoice is applied to it (NetSuite's Credit button).
            # One of zero has nothing to apply: it is not applied (an application of zero would be
            # refused, and a refund of zero is allowed).
            default = []
            if source.type == "invoice" and total > ZERO and self.open_amount(source) > ZERO:
                default = [{"doc": source.id, "amount": min(total, self.open_amount(source))}]
            apps = default if draft.applies is None else self._merge_applications(
                target, fields, None, default, draft.applies, replace=False)
        return self._insert(target, fields, lines, apps, created_from=source)

    def _pay(self, invoice: Record, target: RecordType, draft: _Draft) -> Record:
        due = self.open_amount(invoice)
        if due <= ZERO:
            raise self._refuse_state(invoice, target, "The invoice is paid in full.")
        fields = self._inherited(invoice, ("currency",), target, draft)
        default = [{"doc": invoice.id, "amount": min(due, fields["payment"]) if fields.get("payment") else due}]
        apps = default if draft.applies is None else self._merge_applications(
            target, fields, None, default, draft.applies, replace=False)
        if not apps:
            raise errors.UserError("You must enter at least one line item for this transaction.", path="apply")
        # A payment applies to the invoice; it is not "created from" it (no createdFrom link).
        return self._insert(target, fields, [], apps, created_from=None)

    def _exceeds_message(self, amount: Decimal, source: Record, remaining: Decimal, what: str = "refunded") -> str:
        currency = source.fields.get("currency") or 1
        return (f"The amount ({_money_text(amount, currency)}) exceeds the amount remaining to be {what} on "
                f"{self.ref_name(source)} ({_money_text(remaining, currency)}).")

    # ========================================================== applications
    def _build_applications(self, spec: RecordType, fields: dict[str, Any], raw: list[dict[str, Any]],
                            owner: Record | None, total: Decimal | None) -> list[dict[str, Any]]:
        if not spec.has_apply:
            return []
        return self._merge_applications(spec, fields, owner, [], raw, replace=True)

    def _merge_applications(self, spec: RecordType, fields: dict[str, Any], owner: Record | None,
                            current: list[dict[str, Any]], raw: list[dict[str, Any]], *, replace: bool) -> list[dict[str, Any]]:
        """The applications after ``raw`` (apply lines of a body) changes ``current``: a line with
        ``apply: false`` removes the doc, otherwise it is applied for ``amount`` (default: what is
        open on the doc)."""
        merged: dict[int, dict[str, Any]] = {} if replace else {a["doc"]: dict(a) for a in current}
        targets = APPLY_TARGETS[spec.name]
        for index, line in enumerate(raw):
            where = f"apply.items[{index}]"
            doc_id = line["doc"]
            doc = self._families["transaction"].get(doc_id)
            if doc is None or doc.type not in targets:
                raise errors.InvalidKeyOrRef(
                    f"Invalid doc reference key {doc_id}: a {spec.label} applies only to "
                    f"{' or '.join(RECORD_TYPES[t].label for t in targets)} records.", path=f"{where}.doc")
            if line.get("apply") is False:
                merged.pop(doc_id, None)
                continue
            amount = line.get("amount")
            defaulted = amount is None
            if amount is None:
                amount = self._open_for(doc, owner)
            if amount <= ZERO:
                raise errors.UserError(f"The amount applied to {self.ref_name(doc)} must be greater than zero.",
                                       path=f"{where}.amount")
            merged[doc_id] = {"doc": doc_id, "amount": round_money(amount, fields.get("currency") or 1), "where": where,
                              "defaulted": defaulted}
        return list(merged.values())

    def _open_for(self, doc: Record, owner: Record | None) -> Decimal:
        """What is open on ``doc`` for ``owner`` (counting what ``owner`` already applies to it)."""
        mine = sum((a.amount for a in self._apps_on.get(doc.id, ()) if owner is not None and a.owner == owner.id), ZERO)
        return self.open_amount(doc) + mine

    def _check_applications(self, spec: RecordType, fields: dict[str, Any], apps: list[dict[str, Any]],
                            total: Decimal, owner: Record | None) -> None:
        """Each applied doc must belong to the same customer and have the amount open; together
        they may not exceed what the applying record has."""
        if not apps:
            return
        customer, currency = fields.get(spec.entity_field), fields.get("currency") or 1
        available = total - (self.applied_to(owner) if owner is not None else ZERO)
        applied = ZERO
        for app in apps:
            doc = self._families["transaction"][app["doc"]]
            where = app.get("where", "apply")
            doc_customer = doc.fields.get(RECORD_TYPES[doc.type].entity_field)
            if doc_customer != customer:
                raise errors.UserError(f"{self.ref_name(doc)} belongs to another customer and cannot be applied.",
                                       path=f"{where}.doc")
            if doc.fields.get("currency", 1) != fields.get("currency", 1):
                raise errors.UserError(f"{self.ref_name(doc)} is in another currency and cannot be applied.",
                                       path=f"{where}.doc")
            open_ = self._open_for(doc, owner)
            if app.get("defaulted") and spec.name != "customerRefund":
                app["amount"] = min(app["amount"], max(available - applied, ZERO))
            if app["amount"] <= ZERO:
                raise errors.UserError(f"Nothing remains to apply to {self.ref_name(doc)}.", path=f"{where}.amount")
            if app["amount"] > open_:
                what = "due on" if doc.type == "invoice" else "unapplied on"
                raise errors.UserError(
                    f"The amount applied ({_money_text(app['amount'], currency)}) exceeds the amount {what} "
                    f"{self.ref_name(doc)} ({_money_text(open_, currency)}).",
                    path=f"{where}.amount")
            applied += app["amount"]
        if spec.name != "customerRefund" and applied > available:
            raise errors.UserError(
                f"The total applied ({_money_text(applied, currency)}) exceeds the amount of this {spec.label} "
                f"({_money_text(available, currency)}).", path="apply")
        for app in apps:
            app.pop("where", None)
            app.pop("defaulted", None)

    # ================================================================== query
    def query(self, type_: str, q: str | None, limit: int, offset: int) -> Page:
        """A page of ids of ``type_`` matching the ``q`` filter, in id order.

        :raise InvalidParameter: a ``q`` this simulator cannot parse (the message says what).
        """
        spec = self.record_type(type_)
        node = query.parse(q) if q and q.strip() else None
        with self._lock:
            if node is None:
                ids = list(self._records[type_])
            else:
                ids = sorted(r.id for r in self._select(spec, node))
        return Page(ids[offset:offset + limit], offset, limit, len(ids))

    def _select(self, spec: RecordType, node: Node) -> Iterable[Record]:
        predicate = self._predicate(spec, node)
        candidates: Iterable[Record] | None = self._candidates(spec, node)
        if candidates is None:
            candidates = self._records[spec.name].values()
        return [r for r in candidates if predicate(r)]

    def _candidates(self, spec: RecordType, node: Node) -> list[Record] | None:
        """Records that may match ``node`` from an index, or None when no index narrows it."""
        if isinstance(node, query.And):
            for child in node.children:
                found = self._candidates(spec, child)
                if found is not None:
                    return found
            return None
        if isinstance(node, query.Or):
            parts = [self._candidates(spec, child) for child in node.children]
            if any(p is None for p in parts):
                return None
            seen: dict[int, Record] = {}
            for part in parts:
                for record in part or ():
                    seen[record.id] = record
            return list(seen.values())
        field, op, values = node.field, node.operator, node.values
        if op not in ("ANY_OF", "EQUAL", "IS"):
            return None
        records = self._records[spec.name]
        if field == "id":
            return [records[i] for i in _ids(values) if i in records]
        if field in TEXT_INDEXED and op == "IS" and field in spec.fields and spec.fields[field].kind == "string":
            return self.by_text(spec.name, field, str(values[0]))  # as the condition reads its value
        if field == "createdFrom":
            return [r for i in _ids(values) for r in self._children.get(i, ()) if r.type == spec.name]
        if field == spec.entity_field and spec.family == "transaction":
            return [r for i in _ids(values) for r in self._by_entity.get(i, ()) if r.type == spec.name]
        return None

    def _predicate(self, spec: RecordType, node: Node) -> Callable[[Record], bool]:
        if isinstance(node, query.And):
            parts = [self._predicate(spec, c) for c in node.children]
            return lambda r: all(p(r) for p in parts)
        if isinstance(node, query.Or):
            parts = [self._predicate(spec, c) for c in node.children]
            return lambda r: any(p(r) for p in parts)
        kind, getter = self._field_getter(spec, node.field)
        return query.compile_condition(node, kind, getter)

    def _field_getter(self, spec: RecordType, name: str) -> tuple[str, Callable[[Record], Any]]:
        if name == "id":
            return "number", lambda r: r.id
        if name == "status" and spec.name in STATUSES:
            return "select", self.status
        if name == "total" and spec.family == "transaction":
            return "number", lambda r: r.total
        fspec = spec.fields.get(name)
        if fspec is None or fspec.kind == "sublist" or name in ("status",):
            raise errors.InvalidParameter(
                f"Invalid search query. Detailed unprocessed description follows. Search error occurred: "
                f"Field '{name}' for record '{spec.name}' was not found.", path="q")
        kind = {"ref": "select", "datetime": "date", "select": "select", "integer": "number"}.get(fspec.kind, fspec.kind)
        return kind, lambda r: r.fields.get(name)

    # ================================================================ parsing
    def _parse(self, spec: RecordType, body: Any, *, strict_names: bool, partial: bool,
               strict_values: bool = True, ignored: list[str] | None = None) -> _Draft:
        if not isinstance(body, dict):
            raise errors.InvalidContent("The request body must be a JSON object.")
        fields: dict[str, Any] = {}
        lines: list[dict[str, Any]] | None = None
        applies: list[dict[str, Any]] | None = None
        currencies: list[int] | None = None
        for name, value in body.items():
            if name == ITEM_RATE_ALIAS and spec.family == "item" and not strict_names and "rate" not in body:
                name = "rate"  # the fixtures' name for it (schemas.ITEM_RATE_ALIAS)
            if name in spec.sublists:
                parsed = self._parse_sublist(value, spec.name, name, SUBLIST_FIELDS[name], strict_names, strict_values,
                                             ignored)
                if name == "item":
                    lines = parsed
                elif name == "apply":
                    applies = parsed
                else:
                    currencies = [line["currency"] for line in parsed]
                continue
            fspec = spec.fields.get(name)
            if fspec is None and name in NOT_MODELLED.get(spec.name, ()):
                # NetSuite knows the field; the simulator takes it and ignores it (FIDELITY.md), once
                # its value is of the browser's type (under X-NetSuite-PropertyValueValidation: Error).
                kind = BROWSER_TYPES[spec.name][name]
                if strict_values:
                    self._check_unmodelled(kind, value, name)
                parts = BROWSER_PARTS.get((spec.name, name))
                if parts is not None:
                    self._check_part(name, kind, parts, value, strict_names, strict_values, ignored)
                continue
            if fspec is None or fspec.readonly:
                if strict_names:
                    why = "is read-only" if fspec is not None else f"does not exist on record type '{spec.name}'"
                    raise errors.InvalidContent(
                        f"Invalid field '{name}': the field {why}. (X-NetSuite-PropertyNameValidation: Error)", path=name)
                self._ignore(ignored, name, readonly=fspec is not None)
                continue
            fields[name] = self._parse_value(name, fspec, value, spec)
        if not partial:
            for name, fspec in spec.fields.items():
                if fspec.required and fields.get(name) is None:
                    raise errors.UserError(f"Error while accessing a resource. Please enter value(s) for: {name}.", path=name)
            if spec.has_lines and not lines:
                raise errors.UserError("You must enter at least one line item for this transaction.", path="item")
        if spec.family in DEFAULTED:
            # Defaulted when absent, yet mandatory: a null would leave the record without them while
            # its amounts are counted in USD and every date or currency filter misses it.
            for name in DEFAULTED[spec.family]:
                if name in fields and fields[name] is None:
                    raise errors.UserError(f"Error while accessing a resource. Please enter value(s) for: {name}.",
                                           path=name)
        eid = fields.get("externalId")
        if eid is not None and not EID_PATTERN.fullmatch(eid):  # "$" also matches before a last "\n"
            raise errors.InvalidContent(
                "Invalid value for field 'externalId': it may contain only letters, digits, '_' and '-'.", path="externalId"
            )
        return _Draft(fields, lines, applies, currencies)

    def _parse_value(self, name: str, fspec: FieldSpec, value: Any, spec: RecordType) -> Any:
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
            return self._shared(self._decimal(value, name))
        if fspec.kind == "integer":
            return self._integer(value, name)
        if fspec.kind == "date":
            try:
                return query.parse_date(value).isoformat() if isinstance(value, str) else _bad_date(name)
            except errors.InvalidParameter:
                _bad_date(name)
        if fspec.kind == "select":
            raw = value.get("id") if isinstance(value, dict) else value
            if not isinstance(raw, str) or raw not in fspec.choices:
                raise errors.InvalidContent(
                    f"Invalid value for field '{name}': expected {{\"id\": one of {', '.join(fspec.choices)}}}.", path=name)
            return raw
        if fspec.kind == "ref":
            return self._reference(name, fspec.ref or "", value)
        raise errors.InvalidContent(f"Field '{name}' cannot be set.", path=name)

    @classmethod
    def _check_unmodelled(cls, kind: str, value: Any, path: str) -> None:
        """Hold the value of a field the simulator does not model to the browser's type ``kind``
        (:data:`~.schemas.BROWSER_TYPES`), as a modelled field's value is held, with its leniencies:
        a numeric string for a number, a bare id for a select. ``null`` is taken (it clears a field).
        A reference's record, a select's enumeration and a subrecord's or sublist's own fields are
        not checked (the records are not served, the enumerations not transcribed).

        :raise InvalidContent: the value is not of that type; ``path`` is its path in the body.
        """
        if value is None:
            return
        expected = None
        if kind == "string" and not isinstance(value, str):
            expected = "a string"
        elif kind == "boolean" and not isinstance(value, bool):
            expected = "a boolean"
        elif kind == "number":
            cls._decimal(value, path)
        elif kind == "integer":
            cls._integer(value, path)
        elif kind == "date":
            try:
                query.parse_date(value) if isinstance(value, str) else _bad_date(path)
            except errors.InvalidParameter:
                _bad_date(path)
        elif kind == "date-time" and not _is_date_time(value):
            expected = "a date-time such as 2026-01-05T10:00:00Z"
        elif kind == "ref" and not (isinstance(value, dict) and {"id", "externalId"} & value.keys()):
            expected = '{"id": ...} or {"externalId": ...}'
        elif kind == "select" and not (isinstance(value, str) or (isinstance(value, dict) and isinstance(value.get("id"), str))):
            expected = '{"id": ...}'
        elif kind == "object" and not isinstance(value, dict):
            expected = "an object"
        elif kind == "collection" and not (isinstance(value, dict) and isinstance(value.get("items"), list)
                                           and all(isinstance(i, dict) for i in value["items"])):
            expected = '{"items": [...]}'
        if expected is not None:
            raise errors.InvalidContent(f"Invalid value for field '{path}': expected {expected}.", path=path)

    @staticmethod
    def _ignore(ignored: list[str] | None, path: str, *, readonly: bool = False) -> None:
        """Note in ``ignored`` a field of a write that NetSuite ignores (``X-NetSuite-PropertyNameValidation``
        ``Warning`` or ``Ignore``): a name the record, line or subrecord does not have, or a read-only
        one (``"total (read-only)"``). A custom field (``cust...``: ``custbody_``, ``custcol_``, ...) is not
        noted: an account defines its own, and the simulated one has none to tell them by."""
        if ignored is not None and not path.rpartition(".")[2].startswith("cust"):
            ignored.append(f"{path} (read-only)" if readonly else path)

    @classmethod
    def _check_part(cls, name: str, kind: str, parts: dict[str, str], value: Any, strict_names: bool,
                    strict_values: bool, ignored: list[str] | None = None) -> None:
        """Hold the properties inside a subrecord (``kind`` ``object``: an address) or inside each line
        of a sublist the simulator does not serve (``collection``) to their browser definition
        ``parts`` (:data:`~.schemas.BROWSER_PARTS`): an unknown name follows
        ``X-NetSuite-PropertyNameValidation`` and a value ``X-NetSuite-PropertyValueValidation``, as a
        body field's do. A value of the wrong shape is :meth:`_check_unmodelled`'s to refuse.

        :raise InvalidContent: an unknown name under ``Error``, or a value not of its type under ``Error``.
        """
        if kind == "object":
            objects = [(name, value)] if isinstance(value, dict) else []
        else:
            items = value.get("items") if isinstance(value, dict) else None
            objects = [(f"{name}.items[{i}]", item) for i, item in enumerate(items)] if isinstance(items, list) else []
        what = "subrecord" if kind == "object" else "sublist"
        for where, properties in objects:
            if not isinstance(properties, dict):
                continue
            for key, item_value in properties.items():
                part_kind = parts.get(key)
                if part_kind is None:
                    if strict_names:
                        raise errors.InvalidContent(
                            f"Invalid field '{key}' in {where}: the field does not exist on the {name} {what}. "
                            "(X-NetSuite-PropertyNameValidation: Error)", path=f"{where}.{key}")
                    cls._ignore(ignored, f"{where}.{key}")
                elif strict_values and key != "links":
                    cls._check_unmodelled(part_kind, item_value, f"{where}.{key}")
                    if kind == "object" and key == "country" and item_value is not None:
                        cls._check_country(item_value, f"{where}.{key}")

    @staticmethod
    def _check_country(value: Any, path: str) -> None:
        """An address's ``country`` (a select: ``{"id": ...}`` or the bare id, its shape already held
        by :meth:`_check_unmodelled`) must be one of the browser's enumeration,
        :data:`~.schemas.ADDRESS_COUNTRIES`, case and all; NetSuite refuses another value with its
        "Invalid Field Value" (INVALID_CONTENT, as for a line's reference naming no record).

        :raise InvalidContent: a country NetSuite does not have.
        """
        country = value.get("id") if isinstance(value, dict) else value
        if country not in ADDRESS_COUNTRIES:
            raise errors.InvalidContent(f"Error while accessing resource: You have entered an Invalid Field Value "
                                        f"{country} for the following field: country", path=path)

    @classmethod
    def _integer(cls, value: Any, path: str) -> int:
        """A whole number (a line's ``line`` or ``orderLine``): taken as a number is (a numeric
        string too), and refused when it has a fraction — line 1.5 is no line, not line 1.

        :raise InvalidContent: not a number, or not a whole one.
        """
        number = cls._decimal(value, path)
        if number != number.to_integral_value():
            raise errors.InvalidContent(f"Invalid value for field '{path}': expected an integer.", path=path)
        return int(number)

    @staticmethod
    def _decimal(value: Any, path: str) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise errors.InvalidContent(f"Invalid value for field '{path}': expected a number.", path=path)
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise errors.InvalidContent(f"Invalid value for field '{path}': expected a number.", path=path) from None
        if not number.is_finite() or number.copy_abs() >= MAX_MAGNITUDE:
            raise errors.InvalidContent(f"Invalid value for field '{path}': expected a number below "
                                        f"{MAX_MAGNITUDE:,}.", path=path)
        return number

    def _reference(self, name: str, family: str, value: Any) -> int:
        """A reference body (``{"id": "12"}`` or ``{"externalId": "X"}``) → internal id.

        :raise InvalidContent: not a reference object. :raise InvalidKeyOrRef: it names no record
        of the right family.
        """
        if not isinstance(value, dict) or not ({"id", "externalId"} & value.keys()):
            raise errors.InvalidContent(f"Invalid value for field '{name}': expected {{\"id\": ...}} or "
                                        "{\"externalId\": ...}.", path=name)
        if family == "currency":
            currency_id = whole_number(str(value.get("id", "")))
            if currency_id is not None and currency_id in CURRENCIES:
                return currency_id
        elif "id" in value:
            record_id = whole_number(str(value["id"]))
            if record_id is not None and record_id in self._families[family]:
                return record_id
        else:
            eid = str(value["externalId"])
            for type_, spec in RECORD_TYPES.items():
                if spec.family == family:
                    found = self._by_external_id.get((type_, eid))
                    if found is not None:
                        return found
        key = value.get("id", value.get("externalId"))
        raise errors.InvalidKeyOrRef(f"Invalid '{name.rsplit('.', 1)[-1]}' reference key {key}.", path=name)

    def _line_reference(self, path: str, name: str, family: str, value: Any) -> int:
        """A sublist line's reference → internal id. Oracle answers a line's reference that names no
        record with INVALID_CONTENT, not the INVALID_KEY_OR_REF of a body field ("Error Handling in
        REST Web Services", its example of an item line naming item 9999).

        :raise InvalidContent: not a reference object, or it names no record of the right family.
        """
        try:
            return self._reference(path, family, value)
        except errors.InvalidKeyOrRef:
            key = value.get("id", value.get("externalId"))
            raise errors.InvalidContent(f"Error while accessing resource: You have entered an Invalid Field Value "
                                        f"{key} for the following field: {name}", path=path) from None

    def _parse_sublist(self, value: Any, record_type: str, path: str, specs: dict[str, FieldSpec],
                       strict_names: bool, strict_values: bool = True,
                       ignored: list[str] | None = None) -> list[dict[str, Any]]:
        items = value.get("items") if isinstance(value, dict) else None
        if not isinstance(items, list):
            raise errors.InvalidContent(f"Invalid value for sublist '{path}': expected {{\"items\": [...]}}.", path=path)
        parsed: list[dict[str, Any]] = []
        for index, raw in enumerate(items):
            where = f"{path}.items[{index}]"
            if not isinstance(raw, dict):
                raise errors.InvalidContent(f"Invalid line at {where}: expected an object.", path=where)
            line: dict[str, Any] = {}
            for name, item_value in raw.items():
                fspec = specs.get(name)
                if name == "links":
                    continue
                if fspec is None:
                    if name in LINE_NOT_MODELLED.get((record_type, path), ()):
                        # The browser's line field, not modelled: taken and ignored once its value is
                        # of the browser's type (under Error), as a body field (FIDELITY.md).
                        if strict_values:
                            self._check_unmodelled(BROWSER_LINE_TYPES[record_type, path][name], item_value,
                                                   f"{where}.{name}")
                        continue
                    # An unknown name on a line follows X-NetSuite-PropertyNameValidation as one on the
                    # body does: refused under Error, otherwise ignored (Warning is the browser's default).
                    if strict_names:
                        raise errors.InvalidContent(
                            f"Invalid field '{name}' in {where}: the field does not exist on the {path} sublist. "
                            "(X-NetSuite-PropertyNameValidation: Error)", path=f"{where}.{name}")
                    self._ignore(ignored, f"{where}.{name}")
                    continue
                if fspec.readonly:
                    if strict_names:
                        raise errors.InvalidContent(f"Invalid field '{name}' in {where}: the field is read-only.",
                                                    path=f"{where}.{name}")
                    self._ignore(ignored, f"{where}.{name}", readonly=True)
                    continue
                if fspec.kind == "ref":
                    line[name] = self._line_reference(f"{where}.{name}", name, fspec.ref or "", item_value)
                elif fspec.kind == "number":
                    line[name] = None if item_value is None else self._decimal(item_value, f"{where}.{name}")
                elif fspec.kind == "integer":
                    line[name] = None if item_value is None else self._integer(item_value, f"{where}.{name}")
                elif fspec.kind == "boolean":
                    if not isinstance(item_value, bool):
                        raise errors.InvalidContent(f"Invalid value for field '{where}.{name}': expected a boolean.",
                                                    path=f"{where}.{name}")
                    line[name] = item_value
                else:
                    if item_value is not None and not isinstance(item_value, str):
                        raise errors.InvalidContent(f"Invalid value for field '{where}.{name}': expected a string.",
                                                    path=f"{where}.{name}")
                    line[name] = item_value
            required = next(name for name, spec in specs.items() if spec.required)  # the line's key: item, doc, currency
            if required not in line and not (path == "item" and "line" in line):
                raise errors.UserError(f"Error while accessing a resource. Please enter value(s) for: {where}.{required}.",
                                       path=f"{where}.{required}")
            line["_where"] = where
            parsed.append(line)
        return parsed

    def _build_lines(self, raw: list[dict[str, Any]], currency: int, keep_links: dict[int, int | None] | None = None) -> list[Line]:
        lines = []
        for index, item in enumerate(raw):
            line = self._line_from(item, currency, index)
            line.line = index + 1
            if keep_links and line.order_line is None and item.get("line") is not None:
                line.order_line = keep_links.get(int(item["line"]))
            lines.append(line)
        return lines

    def _line_from(self, raw: dict[str, Any], currency: int, index: int, base: Line | None = None) -> Line:
        where = raw.get("_where", f"item.items[{index}]")
        item = raw.get("item", base.item if base else None)
        if item is None:
            raise errors.UserError(f"Error while accessing a resource. Please enter value(s) for: {where}.item.", path=f"{where}.item")
        rate = raw.get("rate")
        amount = raw.get("amount")
        item_record = self._families["item"][item]
        if not RECORD_TYPES[item_record.type].line_quantity:
            # A discount line has no quantity: NetSuite disables the field, so one sent is ignored
            # (whether REST refuses it instead is unconfirmed: FIDELITY.md). Its amount is its rate,
            # the item's when the line gives neither; a patched discount line keeps its own rate unless
            # it names another item (then the new item's rate, as a new line would have).
            quantity: Decimal | None = None
            if rate is None and amount is None and base is not None and base.item == item:
                rate = base.rate
            if rate is None:
                rate = amount if amount is not None else item_record.fields.get("rate") or ZERO
            if amount is None:
                amount = rate
        else:
            raw_quantity = raw.get("quantity")
            quantity = raw_quantity if raw_quantity is not None else (
                base.quantity if base is not None and base.quantity is not None else ONE)
            if rate is None and base is not None and amount is None:
                rate = base.rate
            if rate is None:
                if amount is not None:
                    rate = amount / quantity if quantity else amount
                else:
                    base_price = item_record.fields.get("rate")
                    rate = base_price if base_price is not None else ZERO
            if amount is None:
                amount = quantity * rate
            if quantity < 0:
                raise errors.UserError(f"Invalid quantity {quantity}: a line quantity cannot be negative.",
                                       path=f"{where}.quantity")
        order_line = raw.get("orderLine")
        description = raw.get("description")
        closed = raw.get("isClosed")
        # NetSuite keeps the rate as entered and rounds the amount to the currency.
        shared = self._shared
        return Line(index + 1 if base is None else base.line, item, shared(quantity), shared(rate),
                    shared(round_money(amount, currency)),
                    description if description is not None else (base.description if base else ""),
                    int(order_line) if order_line is not None else (base.order_line if base else None),
                    closed if closed is not None else (base.is_closed if base else False))


def _money_text(value: Decimal, currency: int) -> str:
    """An amount as a refusal prints it: to the currency's decimals (``30.00``, not ``30.0``, for an
    amount read from a JSON float), as NetSuite prints money."""
    return str(round_money(value, currency))
