"""NetSuite record types, their fields and sublists, the transforms between them, the status
table, and the REST (de)serialisation.

Every field name the simulator accepts or returns is declared here, in one place, because the
exact REST names beyond Oracle's examples are not all confirmed (DOMAIN.md §2): a correction is a
one-line change. Rules that use these declarations live in :mod:`simulators.netsuite.models`;
the source of each rule is in FIDELITY.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import NetSuiteAccount, Record

REST_ROOT = "/services/rest"
RECORD_ROOT = f"{REST_ROOT}/record/v1"
SUITEQL_PATH = f"{REST_ROOT}/query/v1/suiteql"
TOKEN_PATH = f"{REST_ROOT}/auth/oauth2/v1/token"
ASYNC_ROOT = f"{REST_ROOT}/async/v1"
#: An asynchronous request runs this long after it was submitted, on the tenant clock (Oracle
#: queues it for the account's async processors and states no delay): a client polls its job.
ASYNC_JOB_SECONDS = 1


@dataclass(frozen=True)
class FieldSpec:
    """One body field: ``kind`` is string | number | integer | boolean | date | datetime | ref |
    select | sublist (``integer``: a whole number, as the browser types a line's ``line``);
    ``ref`` names the record family a reference points into (entity | item | transaction |
    currency); ``choices`` are the ids a ``select`` accepts; ``labels`` the ``refName`` of each
    (a select without labels takes them from :data:`STATUSES`)."""

    kind: str
    required: bool = False
    ref: str | None = None
    readonly: bool = False
    choices: tuple[str, ...] = ()
    labels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RecordType:
    """A REST record type. ``family`` decides the id sequence and what references may name it;
    ``code`` is the SuiteQL ``transaction.type`` value; ``entity_field`` names the customer field
    (``entity`` on most transactions, ``customer`` on payments and refunds)."""

    name: str
    label: str
    family: str
    fields: dict[str, FieldSpec]
    sublists: tuple[str, ...] = ()
    code: str = ""
    entity_field: str = "entity"
    #: The creation timestamp's field: ``dateCreated`` on entities (the REST browser's customer),
    #: ``createdDate`` on items and transactions.
    created_field: str = "createdDate"
    #: False for the records the simulator serves read-only (the account's currencies): a create,
    #: update, upsert, delete or transform of one is refused.
    writable: bool = True
    #: On an item type: whether a transaction line of the item carries a quantity. A discount item's
    #: does not (NetSuite disables the line's Quantity: the line is its rate and amount, once).
    line_quantity: bool = True

    @property
    def has_lines(self) -> bool:
        return "item" in self.sublists

    @property
    def has_apply(self) -> bool:
        return "apply" in self.sublists


#: Fields of one line of a transaction's ``item`` sublist.
LINE_FIELDS: dict[str, FieldSpec] = {
    "line": FieldSpec("integer"),
    "item": FieldSpec("ref", required=True, ref="item"),
    "quantity": FieldSpec("number"),
    "rate": FieldSpec("number"),
    "amount": FieldSpec("number"),
    "description": FieldSpec("string"),
    # The line of the sales order a billing line bills (NetSuite's ``orderLine``).
    "orderLine": FieldSpec("integer"),
    # A closed sales order line is not billed; an order whose lines are all closed is Closed.
    "isClosed": FieldSpec("boolean"),
}

#: Fields of one line of an ``apply`` sublist (credit memo, customer payment, customer refund).
APPLY_FIELDS: dict[str, FieldSpec] = {
    "doc": FieldSpec("ref", required=True, ref="transaction"),
    "apply": FieldSpec("boolean"),
    "amount": FieldSpec("number"),
    # Read-only columns NetSuite shows on the Apply subtab.
    "line": FieldSpec("integer", readonly=True),
    "type": FieldSpec("string", readonly=True),
    "refNum": FieldSpec("string", readonly=True),
    "total": FieldSpec("number", readonly=True),
    "due": FieldSpec("number", readonly=True),
    "applyDate": FieldSpec("date", readonly=True),
}

#: Fields of one line of a customer's ``currencyList`` sublist (the Currencies subtab): the
#: currencies her transactions may be in. The others the browser lists (balances, symbol, format)
#: are NetSuite's to compute or format, taken and ignored (:data:`LINE_NOT_MODELLED`).
CURRENCY_LIST_FIELDS: dict[str, FieldSpec] = {
    "currency": FieldSpec("ref", required=True, ref="currency"),
}

#: Each served sublist's line fields.
SUBLIST_FIELDS: dict[str, dict[str, FieldSpec]] = {
    "item": LINE_FIELDS, "apply": APPLY_FIELDS, "currencyList": CURRENCY_LIST_FIELDS}

_COMMON = {
    "externalId": FieldSpec("string"),
    "id": FieldSpec("string", readonly=True),
    "createdDate": FieldSpec("datetime", readonly=True),
    "lastModifiedDate": FieldSpec("datetime", readonly=True),
}

_TRANSACTION_BASE: dict[str, FieldSpec] = {
    **_COMMON,
    "tranDate": FieldSpec("date"),
    "tranId": FieldSpec("string"),
    "memo": FieldSpec("string"),
    "currency": FieldSpec("ref", ref="currency"),
    "createdFrom": FieldSpec("ref", ref="transaction", readonly=True),
    "status": FieldSpec("select", readonly=True),
    "total": FieldSpec("number", readonly=True),
}

_SALES_FIELDS: dict[str, FieldSpec] = {
    **_TRANSACTION_BASE,
    "entity": FieldSpec("ref", required=True, ref="entity"),
    "shippingCost": FieldSpec("number"),
    # NetSuite computes tax from tax codes; the simulator takes the header total the client sends
    # (see FIDELITY.md) because the refund rules only need the amount.
    "taxTotal": FieldSpec("number"),
    "subtotal": FieldSpec("number", readonly=True),
    "otherRefNum": FieldSpec("string"),
}

_ORDER_FIELDS: dict[str, FieldSpec] = {
    **_SALES_FIELDS,
    # A: Pending Approval, B: Pending Fulfillment (approved): the browser's salesOrder.orderStatus.id
    # enumerates these two only. An order is closed by closing its lines (the item line's isClosed).
    "orderStatus": FieldSpec("select", choices=("A", "B")),
}

_CREDIT_FIELDS: dict[str, FieldSpec] = {
    **_SALES_FIELDS,
    "applied": FieldSpec("number", readonly=True),
    "unapplied": FieldSpec("number", readonly=True),
}

_INVOICE_FIELDS: dict[str, FieldSpec] = {
    **_SALES_FIELDS,
    "amountPaid": FieldSpec("number", readonly=True),
    "amountRemaining": FieldSpec("number", readonly=True),
    "dueDate": FieldSpec("date"),
}

#: ``undepFunds`` is a select in REST (the browser: ``{"id", "refName"}`` without an enumeration).
#: The ids are those of the UI's radio button, as SuiteScript reads it (T: the payment waits in
#: Undeposited Funds; F: it went to an account, so the record is Deposited) — inferred, FIDELITY.md.
UNDEP_FUNDS = FieldSpec("select", choices=("T", "F"), labels=(("T", "Undeposited Funds"), ("F", "Account")))

_CASH_SALE_FIELDS: dict[str, FieldSpec] = {
    **_SALES_FIELDS,
    "undepFunds": UNDEP_FUNDS,
}

#: A payment or a customer refund is created from nothing: it applies to its documents, and the
#: browser gives neither a ``createdFrom``.
_APPLYING_BASE: dict[str, FieldSpec] = {k: v for k, v in _TRANSACTION_BASE.items() if k != "createdFrom"}

_PAYMENT_FIELDS: dict[str, FieldSpec] = {
    **_APPLYING_BASE,
    "customer": FieldSpec("ref", required=True, ref="entity"),
    "payment": FieldSpec("number"),
    "applied": FieldSpec("number", readonly=True),
    "unapplied": FieldSpec("number", readonly=True),
    "undepFunds": UNDEP_FUNDS,
}

_REFUND_FIELDS: dict[str, FieldSpec] = {
    **_APPLYING_BASE,
    "customer": FieldSpec("ref", required=True, ref="entity"),
}

_ITEM_FIELDS: dict[str, FieldSpec] = {
    **_COMMON,
    "itemId": FieldSpec("string", required=True),
    "displayName": FieldSpec("string"),
    "salesDescription": FieldSpec("string"),
    # The item's price ("Price" in the browser); a new line's rate defaults to it.
    "rate": FieldSpec("number"),
    "isInactive": FieldSpec("boolean"),
}
#: The item records whose browser definition has no ``salesDescription`` (a kit, an assembly, a
#: discount): their sales text is ``description`` ("Description" in the browser).
_DESCRIBED_ITEM_FIELDS: dict[str, FieldSpec] = {
    **{k: v for k, v in _ITEM_FIELDS.items() if k != "salesDescription"},
    "description": FieldSpec("string"),
}
#: A simulator-only input alias of an item's ``rate`` (the project's fixtures say ``basePrice``);
#: never printed, and refused like any unknown field under ``X-NetSuite-PropertyNameValidation: Error``.
ITEM_RATE_ALIAS = "basePrice"

_RETURN_FIELDS: dict[str, FieldSpec] = {
    # A return authorization has no shipping cost in the browser, and its orderStatus is A (Pending
    # Approval) or B (Pending Receipt) only; its status moves on with refunds.
    **{k: v for k, v in _SALES_FIELDS.items() if k != "shippingCost"},
    "orderStatus": FieldSpec("select", choices=("A", "B")),
}

#: The browser's ``currency`` record, as far as the simulator fills it: ``name`` (every currency
#: reference's ``refName``), ``symbol`` (its ISO code) and the formatting and rate fields. Read-only:
#: the account's currencies are :data:`CURRENCY_RECORDS`.
_CURRENCY_FIELDS: dict[str, FieldSpec] = {
    "id": FieldSpec("string", readonly=True),
    "externalId": FieldSpec("string"),
    "name": FieldSpec("string", required=True),
    "symbol": FieldSpec("string", required=True),
    "displaySymbol": FieldSpec("string"),
    "isBaseCurrency": FieldSpec("boolean", readonly=True),
    "isInactive": FieldSpec("boolean"),
    "overrideCurrencyFormat": FieldSpec("boolean"),
    "symbolPlacement": FieldSpec("select", choices=("1", "2"), labels=(("1", "Before Number"), ("2", "After Number"))),
    "formatSample": FieldSpec("string", readonly=True),
    "currencyPrecision": FieldSpec("integer"),
    "exchangeRate": FieldSpec("number"),
    "lastModifiedDate": FieldSpec("datetime", readonly=True),
}

RECORD_TYPES: dict[str, RecordType] = {
    t.name: t
    for t in (
        RecordType("currency", "Currency", "currency", _CURRENCY_FIELDS, writable=False),
        RecordType(
            "customer", "Customer", "entity",
            {
                **{k: v for k, v in _COMMON.items() if k != "createdDate"},
                "dateCreated": FieldSpec("datetime", readonly=True),
                "entityId": FieldSpec("string"),
                "firstName": FieldSpec("string"),
                "lastName": FieldSpec("string"),
                "companyName": FieldSpec("string"),
                "email": FieldSpec("string"),
                "phone": FieldSpec("string"),
                "isPerson": FieldSpec("boolean"),
                "isInactive": FieldSpec("boolean"),
                "currency": FieldSpec("ref", ref="currency"),
            },
            ("currencyList",),
            created_field="dateCreated",
        ),
        RecordType("inventoryItem", "Inventory Item", "item", _ITEM_FIELDS, code="InvtPart"),
        RecordType("nonInventorySaleItem", "Non-inventory Item for Sale", "item", _ITEM_FIELDS, code="NonInvtPart"),
        RecordType("otherChargeSaleItem", "Other Charge Item for Sale", "item", _ITEM_FIELDS, code="OthCharge"),
        # The other records a storefront SKU is kept as (SuiteQL's item.itemtype codes: the browser's
        # itemType enumeration). A kit's and an assembly's members are not modelled (FIDELITY.md).
        RecordType("kitItem", "Kit/Package", "item", _DESCRIBED_ITEM_FIELDS, code="Kit"),
        RecordType("serviceSaleItem", "Service Item for Sale", "item", _ITEM_FIELDS, code="Service"),
        RecordType("nonInventoryResaleItem", "Non-inventory Item for Resale", "item", _ITEM_FIELDS,
                   code="NonInvtPart"),
        RecordType("assemblyItem", "Assembly/Bill of Materials", "item", _DESCRIBED_ITEM_FIELDS, code="Assembly"),
        # A discount's rate is a flat amount (negative to lower a total); its lines have no quantity.
        RecordType("discountItem", "Discount Item", "item", _DESCRIBED_ITEM_FIELDS, code="Discount",
                   line_quantity=False),
        RecordType("salesOrder", "Sales Order", "transaction", _ORDER_FIELDS, ("item",), "SalesOrd"),
        RecordType("invoice", "Invoice", "transaction", _INVOICE_FIELDS, ("item",), "CustInvc"),
        RecordType("cashSale", "Cash Sale", "transaction", _CASH_SALE_FIELDS, ("item",), "CashSale"),
        RecordType("creditMemo", "Credit Memo", "transaction", _CREDIT_FIELDS, ("item", "apply"), "CustCred"),
        RecordType("cashRefund", "Cash Refund", "transaction", _SALES_FIELDS, ("item",), "CashRfnd"),
        RecordType("returnAuthorization", "Return Authorization", "transaction", _RETURN_FIELDS, ("item",), "RtnAuth"),
        RecordType("customerPayment", "Payment", "transaction", _PAYMENT_FIELDS, ("apply",), "CustPymt", "customer"),
        RecordType("customerRefund", "Customer Refund", "transaction", _REFUND_FIELDS, ("apply",), "CustRfnd", "customer"),
    )
}

#: The project's transcription of NetSuite's REST API Browser (Record REST v1 2026.1): the contract.
CONTRACT_DIR = Path(__file__).resolve().parents[2] / "contracts" / "netsuite"


def _browser_types() -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """Every property the browser lists, with its type, as ``contracts/netsuite/`` transcribes it:
    record type → body property → type, and (record type, sublist) → line property → type. Each
    record's are the refund-central transcription's (``record_v1_2026_1_subset.json``, its
    ``common_transaction`` fields where they apply, less its ``no_field``; ``record_v1_2026_1_more.json``
    ``records``) and the browser definition's in full (``record_v1_2026_1_more.json`` ``browser``); a
    line's are the shared element's (``itemElement``, ``applyElement``) and the record's own element's.
    Where both name a property the refund-central transcription's type wins (the ``browser`` section's
    own rule). Types: ``string``, ``number``, ``integer``, ``boolean``, ``date``, ``date-time``,
    ``ref`` (a reference object), ``select`` (an enumeration), ``object`` (a subrecord),
    ``collection`` (a sublist), ``array<nsLink>``."""
    subset = json.loads((CONTRACT_DIR / "record_v1_2026_1_subset.json").read_text(encoding="utf-8"))
    more = json.loads((CONTRACT_DIR / "record_v1_2026_1_more.json").read_text(encoding="utf-8"))
    browser = more["browser"]["records"]
    bodies: dict[str, dict[str, str]] = {}
    lines: dict[tuple[str, str], dict[str, str]] = {}
    for name in RECORD_TYPES:
        record = subset["records"].get(name) or more["records"][name]
        common = subset["common_transaction"] if record.get("common", name in subset["records"]) else {}
        full = browser.get(name, {})
        body = {**full.get("fields", {}), **common, **record["fields"]}
        bodies[name] = {k: v for k, v in body.items() if k not in set(record.get("no_field", ()))}
        for sublist in RECORD_TYPES[name].sublists:
            element = {"item": "itemElement", "apply": "applyElement"}.get(sublist)
            lines[name, sublist] = {**full.get("lines", {}).get(sublist, {}),
                                    **(subset["types"][element] if element else {})}
    return bodies, lines


#: The browser's properties and their types: record type → body field → type; (record type,
#: sublist) → line field → type.
BROWSER_TYPES, BROWSER_LINE_TYPES = _browser_types()
def _browser_parts() -> dict[tuple[str, str], dict[str, str]]:
    """(record type, field) → property → type, for a subrecord (an address) or a sublist the simulator
    does not serve (``partners``, ``salesTeam``, a payment's ``credit``) whose browser definition
    ``contracts/netsuite/record_v1_2026_1_more.json`` transcribes (``browser`` → ``parts``)."""
    more = json.loads((CONTRACT_DIR / "record_v1_2026_1_more.json").read_text(encoding="utf-8"))
    return {(name, field): types for name, record in more["browser"]["records"].items()
            for field, types in record.get("parts", {}).items()}


#: The properties of a subrecord's, or of an unserved sublist's line, where transcribed.
BROWSER_PARTS = _browser_parts()
#: An address's ``country``: the ids the REST API Browser enumerates for ``<record>-billingAddress.country.id``
#: (and every address subrecord's; ISO 3166 codes plus NetSuite's own, such as ``AN``, ``CS``, ``EA``, ``IC``,
#: ``XK``), transcribed in ``contracts/netsuite/record_v1_2026_1_more.json`` ``selects.country``.
ADDRESS_COUNTRIES: frozenset[str] = frozenset(
    json.loads((CONTRACT_DIR / "record_v1_2026_1_more.json").read_text(encoding="utf-8"))["selects"]["country"])
#: The browser's property names: record type → body fields; (record type, sublist) → line fields.
BROWSER_FIELDS: dict[str, frozenset[str]] = {name: frozenset(types) for name, types in BROWSER_TYPES.items()}
BROWSER_LINE_FIELDS: dict[tuple[str, str], frozenset[str]] = {
    key: frozenset(types) for key, types in BROWSER_LINE_TYPES.items()}

#: Fields the REST API Browser lists (as the project transcribes it, ``contracts/netsuite/``) that
#: the simulator does not model: taken and ignored, under ``X-NetSuite-PropertyNameValidation:
#: Error`` too, and never printed. NetSuite knows them, so refusing one as a field that does not
#: exist would fail a connector that is right (a OneWorld ``subsidiary``, a refund's ``account``, a
#: cash refund's ``shipDate``). Read from the transcription so that a field transcribed later is
#: taken at once; tests/netsuite/test_errors.py holds the simulator's own fields to it.
NOT_MODELLED: dict[str, frozenset[str]] = {
    name: BROWSER_FIELDS[name] - set(spec.fields) - set(spec.sublists) - {"links", "status"}
    for name, spec in RECORD_TYPES.items()
}
#: The same for a sublist's lines: (record type, sublist) → names (the browser's ``itemElement`` and
#: ``applyElement``, and each record's own ``<record>-itemElement`` / ``-applyElement``; the
#: customer's ``customer-currencyListElement``).
LINE_NOT_MODELLED: dict[tuple[str, str], frozenset[str]] = {
    key: names - set(SUBLIST_FIELDS[key[1]]) - {"links"}
    for key, names in BROWSER_LINE_FIELDS.items()
}

#: SuiteQL ``transaction.type`` code → REST record type.
TYPE_BY_CODE: dict[str, str] = {t.code: t.name for t in RECORD_TYPES.values() if t.family == "transaction"}


@dataclass(frozen=True)
class Transform:
    """How ``!transform`` builds a ``target`` from a ``source``.

    ``kind``: ``bill`` (bills what remains of an order's lines), ``refund`` (refunds at most what
    remains of the source's total), ``authorize`` (a return authorization of a billed order),
    ``pay`` (a payment applying what remains due on an invoice)."""

    source: str
    target: str
    kind: str


TRANSFORMS: dict[tuple[str, str], Transform] = {
    (t.source, t.target): t
    for t in (
        Transform("salesOrder", "invoice", "bill"),
        Transform("salesOrder", "cashSale", "bill"),
        Transform("salesOrder", "returnAuthorization", "authorize"),
        Transform("cashSale", "cashRefund", "refund"),
        Transform("invoice", "creditMemo", "refund"),
        Transform("invoice", "customerPayment", "pay"),
        Transform("returnAuthorization", "creditMemo", "refund"),
        Transform("returnAuthorization", "cashRefund", "refund"),
    )
}

# ------------------------------------------------------------------ statuses
#: Transaction statuses as NetSuite lists them: record type → letter → label. The letter is what
#: SuiteQL's ``transaction.status`` holds (``SalesOrd:B`` in a saved search); REST prints
#: ``{"id": <letter>, "refName": <label>}``. Record types absent here print no status: cash refunds
#: have none; a customer refund's ids are R and V (the browser), for refunds rejected or voided,
#: which the simulator does not model. Sources: FIDELITY.md.
STATUSES: dict[str, dict[str, str]] = {
    "salesOrder": {
        "A": "Pending Approval", "B": "Pending Fulfillment", "C": "Cancelled", "D": "Partially Fulfilled",
        "E": "Pending Billing/Partially Fulfilled", "F": "Pending Billing", "G": "Billed", "H": "Closed",
    },
    "invoice": {"A": "Open", "B": "Paid In Full"},
    "cashSale": {"A": "Unapproved Payment", "B": "Not Deposited", "C": "Deposited"},
    "creditMemo": {"A": "Open", "B": "Fully Applied"},
    "returnAuthorization": {
        "A": "Pending Approval", "B": "Pending Receipt", "C": "Cancelled", "D": "Partially Received",
        "E": "Pending Refund/Partially Received", "F": "Pending Refund", "G": "Refunded", "H": "Closed",
    },
    "customerPayment": {"A": "Unapproved Payment", "B": "Not Deposited", "C": "Deposited"},
}

@dataclass(frozen=True)
class CurrencyRecord:
    """One of the account's currency records. ``name`` is what every reference to it prints as its
    ``refName``: the ISO code, as Oracle's own REST example names currency 1 ("Format of Selects and
    References": ``"refName": "USD"``). ``exchange_rate`` is the default rate to the base currency
    (USD), a fixed value the simulator never converts with (FIDELITY.md)."""

    id: int
    code: str
    display_symbol: str
    decimals: int
    exchange_rate: Decimal

    @property
    def format_sample(self) -> str:
        """1234.56 as the currency prints it (symbol before the number, its own decimals)."""
        return f"{self.display_symbol}{round(Decimal('1234.56'), self.decimals):,}"

    def fields(self, modified: str) -> dict[str, Any]:
        """The record's fields as the account stores them (``modified``: its lastModifiedDate)."""
        return {
            "name": self.code, "symbol": self.code, "displaySymbol": self.display_symbol,
            "isBaseCurrency": self.id == 1, "isInactive": False, "overrideCurrencyFormat": False,
            "symbolPlacement": "1", "formatSample": self.format_sample, "currencyPrecision": self.decimals,
            "exchangeRate": float(self.exchange_rate), "lastModifiedDate": modified,
        }


#: The account's currency records; id 1, USD, is the base currency. Decimals are ISO 4217's minor units.
CURRENCY_RECORDS: tuple[CurrencyRecord, ...] = (
    CurrencyRecord(1, "USD", "$", 2, Decimal("1.0")),
    CurrencyRecord(2, "GBP", "£", 2, Decimal("1.27")),
    CurrencyRecord(3, "CAD", "$", 2, Decimal("0.73")),
    CurrencyRecord(4, "EUR", "€", 2, Decimal("1.08")),
    CurrencyRecord(5, "AUD", "$", 2, Decimal("0.66")),
    CurrencyRecord(6, "JPY", "¥", 0, Decimal("0.0067")),
)
#: NetSuite currency records (internal id → ISO code); id 1 is the base currency.
CURRENCIES: dict[int, str] = {c.id: c.code for c in CURRENCY_RECORDS}
CURRENCY_IDS: dict[str, int] = {code: cid for cid, code in CURRENCIES.items()}
CURRENCY_SYMBOLS: dict[int, str] = {c.id: c.display_symbol for c in CURRENCY_RECORDS}
#: Decimal places of each currency (ISO 4217 minor units); amounts round half-up to these.
CURRENCY_PRECISION: dict[int, Decimal] = {c.id: Decimal(1).scaleb(-c.decimals) for c in CURRENCY_RECORDS}

CENT = Decimal("0.01")
ZERO = Decimal("0")


def round_money(value: Decimal, currency: int = 1) -> Decimal:
    """``value`` rounded half-up to the currency's precision (NetSuite's currency rounding)."""
    return value.quantize(CURRENCY_PRECISION.get(currency, CENT), rounding=ROUND_HALF_UP)


def money(value: Decimal) -> float:
    """A Decimal amount as the JSON number NetSuite prints."""
    return float(value)


def number(value: Decimal) -> float | int:
    """A quantity or rate as a JSON number (integers stay integers)."""
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class Links:
    base_url: str

    def record(self, type_: str, id_: int | str) -> str:
        return f"{self.base_url}{RECORD_ROOT}/{type_}/{id_}"

    def self_link(self, href: str) -> list[dict[str, str]]:
        return [{"rel": "self", "href": href}]


def collection_links(href: str, limit: int, offset: int, total: int, extra: str = "") -> list[dict[str, str]]:
    """``self``/``first``/``prev``/``next``/``last`` links of a page, as NetSuite prints them."""
    sep = "&" if "?" in href else "?"

    def page(at: int) -> str:
        return f"{href}{sep}limit={limit}&offset={at}{extra}"

    links = []
    if offset > 0:
        links.append({"rel": "previous", "href": page(max(0, offset - limit))})
    links.append({"rel": "first", "href": page(0)})
    if offset + limit < total:
        links.append({"rel": "next", "href": page(offset + limit)})
    last = max(0, ((total - 1) // limit) * limit) if total else 0
    links.append({"rel": "last", "href": page(last)})
    links.append({"rel": "self", "href": page(offset)})
    return links


@dataclass
class RecordView:
    """Turns a stored :class:`~simulators.netsuite.models.Record` into its REST JSON."""

    account: "NetSuiteAccount"
    links: Links
    expand: bool = False
    _cache: dict[str, Any] = field(default_factory=dict)

    def reference(self, family: str, id_: int) -> dict[str, Any]:
        """A reference field: ``{id, refName, links}``, its link the record's own URL."""
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
            elif fspec.kind == "select":
                labels = dict(fspec.labels) or STATUSES.get(record.type, {})
                out[name] = {"id": value, "refName": labels.get(value, value)}
            elif fspec.kind == "number":
                out[name] = number(value) if isinstance(value, Decimal) else value
            else:
                out[name] = value
        out.update(self.account.computed_fields(record))
        status = self.account.status(record)
        if status is not None:
            out["status"] = {"id": status, "refName": STATUSES[record.type][status]}
        for sublist in spec.sublists:
            out[sublist] = self.sublist(record, sublist, expand=self.expand)
        return out

    def sublist(self, record: "Record", name: str, *, expand: bool) -> dict[str, Any]:
        href = f"{self.links.record(record.type, record.id)}/{name}"
        out: dict[str, Any] = {"links": self.links.self_link(href)}
        if expand:
            items = self.sublist_items(record, name)
            out.update({"items": items, "totalResults": len(items), "count": len(items),
                        "hasMore": False, "offset": 0})
        return out

    def sublist_items(self, record: "Record", name: str) -> list[dict[str, Any]]:
        href = f"{self.links.record(record.type, record.id)}/{name}"
        if name == "item":
            return [
                {
                    "links": self.links.self_link(f"{href}/{line.line}"),
                    "line": line.line,
                    "item": self.reference("item", line.item),
                    # A discount line has no quantity, and NetSuite leaves an empty field out.
                    **({"quantity": number(line.quantity)} if line.quantity is not None else {}),
                    "rate": number(line.rate),
                    "amount": money(line.amount),
                    **({"description": line.description} if line.description else {}),
                    **({"orderLine": line.order_line} if line.order_line else {}),
                    **({"isClosed": True} if line.is_closed else {}),
                }
                for line in record.lines
            ]
        if name == "currencyList":
            # The browser's element has no ``line``: a row is at its position, as its self link says.
            return [{"links": self.links.self_link(f"{href}/{index}"), "currency": self.reference("currency", currency),
                     "displaySymbol": CURRENCY_SYMBOLS[currency]}
                    for index, currency in enumerate(self.account.currencies_of(record), start=1)]
        rows = []
        for index, app in enumerate(self.account.applications_of(record), start=1):
            doc = self.account.find_in_family("transaction", app.doc)
            rows.append({
                "links": self.links.self_link(f"{href}/{index}"),
                "line": index,
                "doc": self.reference("transaction", app.doc),
                "apply": True,
                "amount": money(app.amount),
                **({"type": RECORD_TYPES[doc.type].label, "refNum": doc.fields.get("tranId", ""),
                    "applyDate": doc.fields.get("tranDate"), "total": money(doc.total),
                    "due": money(self.account.open_amount(doc))} if doc else {}),
            })
        return rows

    def collection(self, type_: str, ids: list[int], offset: int, limit: int, total: int, query: str) -> dict[str, Any]:
        from urllib.parse import quote

        base = f"{self.links.base_url}{RECORD_ROOT}/{type_}"
        extra = f"&q={quote(query)}" if query else ""
        return {
            "links": collection_links(base, limit, offset, total, extra),
            "count": len(ids),
            "hasMore": offset + len(ids) < total,
            "offset": offset,
            "totalResults": total,
            "items": [{"links": self.links.self_link(self.links.record(type_, i)), "id": str(i)} for i in ids],
        }
