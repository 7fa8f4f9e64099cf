"""The per-tenant request journal: every vendor-API exchange a tenant's credentials made.

The harness reads it (``GET /_sim/tenants/<tenant>/journal?since=<seq>``) to attach each HTTP
exchange to the report step where it happened, whoever made it: the harness itself or the
connector under test. Secrets are masked before an entry is stored.
"""

from __future__ import annotations

import re
import threading
from urllib.parse import parse_qsl, quote, unquote_plus, urlsplit
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from werkzeug.wrappers import Request

#: Headers whose values are credentials; they are masked in the journal and in reports.
SECRET_HEADERS = frozenset({"authorization", "x-shopify-access-token", "cookie"})
#: Headers worth keeping in the journal (the rest is transport noise).
KEPT_HEADERS = frozenset(
    {
        "authorization", "content-type", "location", "prefer", "retry-after", "www-authenticate",
        "x-shopify-access-token", "x-shopify-shop-api-call-limit", "x-netsuite-propertynamevalidation",
        "idempotency-key", "x-shopify-api-version", "x-netsuite-idempotency-key", "preference-applied",
    }
)


#: Names of the parameters and JSON fields whose values are credentials: tokens, secrets,
#: signatures, and OAuth 1.0a's token id and consumer key (half of a TBA credential each, given out
#: with the secrets: ``oauth_token``, ``oauth_consumer_key``), as WooCommerce's consumer key is
#: (``consumer_key``, sent beside its secret in the query over HTTPS).
SECRET_FIELDS = frozenset({
    "access_token", "refresh_token", "client_secret", "client_assertion", "consumer_secret", "access_token_secret",
    "token_secret", "oauth_token", "oauth_token_secret", "oauth_consumer_key", "oauth_signature", "password",
    "consumer_key",
    # A token request's other bearer secrets: RFC 7523's signed `assertion`, an OpenID `id_token`,
    # PKCE's `code_verifier`.
    "assertion", "id_token", "code_verifier",
    # The private key (PEM) of a NetSuite M2M mapping, as the tenant answer names it.
    "m2m_private_key", "private_key",
})
#: A JSON field named as one of them, in any case and with or without its underscores (``accessToken``,
#: ``ACCESS_TOKEN``: a vendor's camelCase answer), with a string value.
_SECRET_JSON = re.compile(rf'(?i)("(?:{"|".join(sorted(name.replace("_", "_?") for name in SECRET_FIELDS))})"\s*:\s*)'
                          r'"(?:[^"\\]|\\.)*"')
#: A JSON body names a credential field only if it holds one of these (in any case, its underscores
#: aside: ``accessToken`` holds ``token``, ``consumerKey`` ``consumerkey``).
_FLAT_JSON_WORDS = ("token", "secret", "signature", "password", "assertion", "consumerkey", "codeverifier", "privatekey")
#: A PEM private key (PKCS#8 ``PRIVATE KEY``, ``EC``/``RSA``/``ENCRYPTED PRIVATE KEY``) wherever it
#: is and whatever names it: its line breaks as they are or escaped (``\n`` in a JSON string). One
#: whose end was cut off is masked to the end of the text.
_PEM_PRIVATE_KEY = re.compile(r"-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(?:-----END \1PRIVATE KEY-----|\Z)", re.DOTALL)
#: One ``name=value`` of a query string or a form body (``&``-separated), or of a URL's query
#: inside a JSON text: a value ends where a raw form value cannot go on (a quote, a space, ``<>``),
#: so a URL in a JSON string is masked to its end and not the rest of the document.
_PARAMETER = re.compile(r"(^|[?&])([^&=#\s\"'<>]*)=([^&#\s\"'<>]*)")


#: In a URL a user gives the harness (``--connector-url``, ``--base-url``: a connector's, a gateway's,
#: whose parameters no vendor names), a parameter is a credential's when its name, read as below,
#: holds one of these words (``api_key``, ``apikey``, ``x-auth``, ``sig``) or is one of :data:`SECRET_FIELDS`.
GIVEN_URL_SECRET_WORDS = re.compile(r"token|secret|key|pass|auth|sig|credential|assertion|verifier")
#: One ``name=value`` of a URL's query as a user wrote it: the value runs to the next ``&`` (or the fragment).
_GIVEN_PARAMETER = re.compile(r"(^|&)([^&=#]*)=([^&#]*)")


def parameter_name(raw: str) -> str:
    """A query or form parameter's name as a server reads it: percent-decoded (``access%5Ftoken``),
    ``+`` as a space, a PHP array's ``[]`` or ``[key]`` left off, lower case."""
    return unquote_plus(raw).strip().split("[", 1)[0].lower()


def secret_name(raw: str, given: bool = False) -> bool:
    """Whether a query or form parameter's name, as sent, names a credential: read as the server
    reads it, percent-decoded (``access%5Ftoken``, ``%61ccess_token``), ``+`` as a space, a PHP
    array's ``[]`` or ``[key]`` left off (``consumer_secret[]``), and, as PHP's ``$_GET`` reads
    names (WordPress, so WooCommerce), spaces and dots as ``_`` (``consumer.secret``, ``consumer+secret``).
    ``given``: the name is in a URL a user gave, where it names a credential when it holds a word of
    :data:`GIVEN_URL_SECRET_WORDS` too."""
    name = parameter_name(raw)
    return (name in SECRET_FIELDS or name.replace(" ", "_").replace(".", "_") in SECRET_FIELDS
            or (given and GIVEN_URL_SECRET_WORDS.search(name) is not None))


#: A text may hold a credential parameter only if it holds one of these (in any case: names are
#: read case-blind) or a percent sign (a name spelled in percent-escapes): every other text skips
#: the scan of each of its characters, which costs ten times these lookups (a 700-byte JSON body:
#: about 2 µs against 20 µs), on every journaled request and answer.
_SECRET_WORDS = ("token", "secret", "assertion", "password", "signature", "consumer", "verifier", "private", "%")


def _mask_parameters(text: str) -> str:
    """``text`` with the value of every credential parameter (each of them, when one is repeated)
    replaced by ``***``."""
    if "=" not in text:
        return text
    lowered = text.lower()
    if not any(word in lowered for word in _SECRET_WORDS):
        return text
    return _PARAMETER.sub(lambda m: f"{m[1]}{m[2]}=***" if secret_name(m[2]) else m[0], text)


def mask_private_keys(text: str) -> str:
    """``text`` with every PEM private key in it replaced by ``***``, whatever holds it (a tenant
    answer's ``m2m_private_key``, a connector's error that quotes its credentials)."""
    return _PEM_PRIVATE_KEY.sub("***", text) if "PRIVATE KEY-----" in text else text


#: A JSON field ``address`` whose value is a URL: a Shopify webhook subscription's (``webhook.address``),
#: the receiver's endpoint, which may carry the app's credential (its user info, a ``token=`` of its query).
_ADDRESS_JSON = re.compile(r'("address"\s*:\s*")([a-zA-Z][a-zA-Z0-9+.-]*:(?:\\?/){2}(?:[^"\\]|\\.)*)(")')


def _masked_address(match: re.Match[str]) -> str:
    """A JSON ``address`` URL masked as a URL a user gave (:func:`mask_given_url`), its slashes
    escaped again where the body escaped them (``https:\\/\\/``, as PHP's encoder writes)."""
    url = match[2]
    escaped = "\\/" in url
    masked = mask_given_url(url.replace("\\/", "/") if escaped else url)
    if escaped:
        masked = masked.replace("/", "\\/")
    return f"{match[1]}{masked}{match[3]}"


def mask_body(text: str) -> str:
    """Replace the values of token and secret fields in a JSON or form body with ``***`` (a form
    field's name may be percent-encoded, as servers decode it), any PEM private key, and the
    credentials of a webhook's address (``"address": "<url>"``, masked as a URL a user gave)."""
    text = mask_private_keys(text)
    flat = text.lower().replace("_", "")
    if any(word in flat for word in _FLAT_JSON_WORDS):  # most bodies name no credential: skip the scan
        text = _SECRET_JSON.sub(r'\1"***"', text)
    if '"address"' in text:
        text = _ADDRESS_JSON.sub(_masked_address, text)
    return _mask_parameters(text)


def mask_url(url: str) -> str:
    """Replace the values of secret query parameters (WooCommerce's ``consumer_secret`` over HTTPS,
    OAuth 1.0a's parameters in the query string, a Shopify ``access_token`` sent there) with ``***``:
    URLs are journaled. Every spelling a server decodes to such a name is masked."""
    path, question, query = url.partition("?")
    if not question:
        return url
    if "address=" in query:  # a webhook list's filter: the address as its subscription gave it
        query = _ADDRESS_PARAMETER.sub(_masked_address_parameter, query)
    return f"{path}{question}{_mask_parameters(query)}"


#: A query's ``address`` parameter (Shopify's webhook list filter), its value percent-encoded.
_ADDRESS_PARAMETER = re.compile(r"(^|&)(address=)([^&#]*)")


def _masked_address_parameter(match: re.Match[str]) -> str:
    """An ``address`` parameter's URL masked as :func:`mask_given_url` masks it, encoded again
    (``***`` kept readable) only when something was masked: the rest of the query as sent."""
    url = unquote_plus(match[3])
    masked = mask_given_url(url)
    return match[0] if masked == url else f"{match[1]}{match[2]}{quote(masked, safe=':/*@')}"


def mask_given_url(url: str) -> str:
    """A URL a user gave the harness (``--connector-url``, ``--base-url``, a redirect's ``Location``)
    as the harness shows it anywhere (the console, the verdict, the report, a replay line): the
    password of its user info (its user name too when there is no password: a token given as the
    user name) and the value of every credential parameter of its query become
    ``***`` — its names read as :func:`mask_url` reads them (one reading of names for the journal
    and the harness), a name holding a word of :data:`GIVEN_URL_SECRET_WORDS` being a credential's
    too. Text that is no URL is masked as one (a refusal quotes what was given)."""
    scheme, sep, rest = url.partition("://")
    if sep:
        end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
        userinfo, at, host = rest[:end].rpartition("@")
        if at:  # a password masked, the user name kept; a user name alone is a token (https://<token>@host)
            shown = f"{userinfo.partition(':')[0]}:***" if ":" in userinfo else "***"
            rest = f"{shown}@{host}{rest[end:]}"
        url = f"{scheme}{sep}{rest}"
    path, question, query = url.partition("?")
    if not question:
        return url
    query, hash_, fragment = query.partition("#")
    masked = _GIVEN_PARAMETER.sub(lambda m: f"{m[1]}{m[2]}=***" if secret_name(m[2], given=True) else m[0], query)
    return f"{path}{question}{masked}{hash_}{fragment}"


def given_url_secrets(url: str | None) -> list[str]:
    """The credentials in a URL a user gave (``--base-url``, ``--connector-url``, a webhook's
    address): its user info's password (its user name when it has none: a token given so) and the
    values of the parameters :func:`mask_given_url` masks — to mask where a text quotes the URL
    otherwise than whole (an HTTP library's error)."""
    if not url:
        return []
    parts = urlsplit(url.strip())
    found = [parts.password or parts.username or ""]
    found += [value for name, value in parse_qsl(parts.query, keep_blank_values=True) if secret_name(name, given=True)]
    return [text for text in found if text]


#: WSGI environ key → the header's name as werkzeug spells it (``X-Netsuite-Idempotency-Key``),
#: for the kept headers: the journal reads a request's headers straight from its environ.
ENVIRON_KEPT = {("CONTENT_TYPE" if name == "content-type" else "HTTP_" + name.upper().replace("-", "_")): name.title()
                for name in KEPT_HEADERS}


def request_headers(environ: dict[str, Any]) -> dict[str, str]:
    """The kept headers of a request, from its WSGI environ, in the order the environ has them
    (what ``dict(request.headers)`` filtered by :data:`KEPT_HEADERS` gives, without building the rest)."""
    return {ENVIRON_KEPT[key]: value for key, value in environ.items()
            if key in ENVIRON_KEPT and (value or key != "CONTENT_TYPE")}  # werkzeug leaves out an empty Content-Type only


def request_text(request: Request) -> str:
    """The request's body as text, as werkzeug's ``get_data(as_text=True)`` gives it; for a request
    that declares no body (``Content-Length: 0``, not chunked: every GET a client sends) without
    wrapping its input stream to read nothing."""
    environ = request.environ
    if environ.get("CONTENT_LENGTH") == "0" and "HTTP_TRANSFER_ENCODING" not in environ:
        return ""
    return request.get_data(as_text=True)


#: HTTP authentication schemes (IANA registry, and the OAuth/HMAC ones APIs use): the one part of
#: an ``Authorization`` value kept in the journal, so a reader sees how a request authenticated.
AUTH_SCHEMES = frozenset({"basic", "bearer", "digest", "hoba", "mutual", "negotiate", "ntlm", "oauth",
                          "scram-sha-1", "scram-sha-256", "vapid", "aws4-hmac-sha256", "hmac", "token",
                          "iaf"})  # eBay Post-Order


def _masked_credential(name: str, value: str) -> str:
    """A credential header's value as the journal shows it: ``***``, after the scheme for an
    ``Authorization`` that starts with a known one (``Bearer ***``, ``OAuth ***``). Anything else is
    masked whole: a header that is a token itself (``X-Shopify-Access-Token``, repeated and joined
    with ``, ``, or with a space in it) or an ``Authorization`` whose first word is not a scheme
    but the token."""
    scheme = value.split(None, 1)[0] if name == "authorization" and value.split() else ""
    return f"{scheme} ***" if scheme.lower() in AUTH_SCHEMES else "***"


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    """Keep the headers that matter; replace credential values with a masked form."""
    kept: dict[str, str] = {}
    for name, value in headers.items():
        lower = name.lower()
        if lower not in KEPT_HEADERS:
            continue
        if lower in SECRET_HEADERS:
            value = _masked_credential(lower, value)
        elif lower == "location":  # a redirect may carry a credential (an OAuth code, a token in its query)
            value = mask_given_url(value)
        kept[name] = value
    return kept


@dataclass(slots=True)
class JournalEntry:
    """One exchange as the simulator saw it."""

    seq: int
    at: str
    service: str
    method: str
    url: str
    status: int
    request_headers: dict[str, str]
    request_body: str
    response_headers: dict[str, str]
    response_body: str
    note: str = ""
    #: How far the tenant's clock had been moved (control plane, the connector's waits) when the
    #: simulator answered, in seconds: exact where ``at`` is not (live, ``at`` is real time to the
    #: second), so the harness measures waits on the simulator clock by it.
    clock_moved: float = 0.0
    #: The request body's fields the vendor took and ignored (``item.items[0].qty``, ``total
    #: (read-only)``): NetSuite's writes under ``X-NetSuite-PropertyNameValidation`` Warning or Ignore.
    #: The service's own list, filled as the write runs (an async job's when the job runs).
    ignored: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The entry as a plain dict (its header maps copied): what the control plane answers and
        the harness reads after every step, so built directly rather than by dataclasses.asdict."""
        return {"seq": self.seq, "at": self.at, "service": self.service, "method": self.method, "url": self.url,
                "status": self.status, "request_headers": dict(self.request_headers), "request_body": self.request_body,
                "response_headers": dict(self.response_headers), "response_body": self.response_body, "note": self.note,
                "clock_moved": self.clock_moved, "ignored": list(self.ignored)}


@dataclass
class Journal:
    """Append-only, thread-safe list of :class:`JournalEntry` with increasing ``seq``."""

    _entries: list[JournalEntry] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, **values: Any) -> JournalEntry:
        with self._lock:
            entry = JournalEntry(seq=len(self._entries) + 1, **values)
            self._entries.append(entry)
            return entry

    def since(self, seq: int = 0) -> list[JournalEntry]:
        """Entries with a sequence number greater than ``seq``."""
        with self._lock:
            return self._entries[seq:]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
