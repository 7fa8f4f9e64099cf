"""The tenants' credentials, and taking them out of whatever the harness writes.

"Secrets never leave the tenant": nothing under reports/, in a log or on the console holds a
credential. The journal masks what the simulators record (:mod:`simulators.core.journal`); this
module masks the rest — a connector's words (its exceptions, its refusals), its logs and its
output that pytest captures, the harness's own failures — by two readings:

- the values themselves (:func:`credential_texts`): every credential of the tenants alive in this
  process and the tokens the run was given, in the forms a quote of them takes (as JSON writes it,
  percent-encoded, and a key and secret as HTTP Basic authentication encodes them);
- their shapes (:func:`scrubbed`): a credential header's value (``Authorization: OAuth ...``,
  ``X-Shopify-Access-Token``), a parameter named like a credential (``oauth_signature="..."``,
  ``client_key=...``, ``?api_key=...``), a bearer or basic token after its scheme, a PEM key.
"""

from __future__ import annotations

import base64
import json
import logging
import re
import threading
import traceback
from collections.abc import Iterable, Mapping, Sequence
from itertools import permutations
from typing import Any
from urllib.parse import quote

from simulators.core.journal import AUTH_SCHEMES, mask_private_keys, parameter_name

MASK = "***"
#: What a parameter's or a field's name holds when its value is a credential.
_SECRET_NAME = re.compile(r"token|secret|passw|signature|credential|assertion|verifier|"
                          r"(?:api|client|consumer|resource_owner|private|access)_?key")


def credential_texts(blocks: Iterable[Mapping[str, Any]], *tokens: str | None, named: bool = False) -> list[str]:
    """The credentials in ``blocks`` (every text of 8 characters or more of each; ``named``: of the
    fields named as credentials only, :data:`_SECRET_NAME`, so that a shop's domain or an API's root
    path stays readable wherever the run writes) and the ``tokens`` given, longest first (so a secret
    that contains another is masked whole): what a quote of the connector's must never show
    (:func:`masked`). Each is there in the forms a quote takes too: as JSON writes it (a PEM key's
    line breaks as ``\\n``), percent-encoded (eBay's ``v^1.1#...`` in a URL), and each two of one
    block as HTTP Basic authentication sends them (``base64(key:secret)``: WooCommerce's consumer
    key and secret)."""
    texts: set[str] = {token for token in tokens if token}
    for block in blocks:
        values = [value for name, value in block.items() if isinstance(value, str) and len(value) >= 8
                  and (not named or _SECRET_NAME.search(name.lower()))]
        texts.update(values)
        texts.update(base64.b64encode(f"{user}:{password}".encode()).decode() for user, password in permutations(values, 2))
    derived = {json.dumps(text, ensure_ascii=False)[1:-1] for text in texts} | {quote(text, safe="") for text in texts}
    return sorted(texts | derived, key=len, reverse=True)


def masked(text: str, secrets: Sequence[str]) -> str:
    """``text`` with each of ``secrets`` (:func:`credential_texts`) replaced by ``***``, and any PEM
    private key (a quote cut inside one, a key written some other way: the journal's rule)."""
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return mask_private_keys(text)


#: A credential header's value as a text quotes it: in an HTTP message (``Authorization: Bearer x``),
#: a printed dict (``'X-Shopify-Access-Token': 'shpat_x'``, ``b'Authorization': b'OAuth ...'``).
_HEADER = re.compile(r"(?i)\b(authorization|proxy-authorization|x-shopify-access-token|cookie)"
                     r"(['\"]?\s*[:=]\s*b?['\"]?)([^'\"\r\n]*)")
#: A token after its scheme, without its header's name (``Basic Y2tf...``, ``Bearer v^1.1#i^1...``):
#: a word of 12 characters or more holding a digit (an English word after "Basic" is no token).
_SCHEMED = re.compile(r"(?i)\b(basic|bearer|iaf|token)\s+(?=[^\s'\",]*\d)[^\s'\",]{12,}")
#: ``name=value`` wherever it is (a query, a form, OAuth's ``name="value"``, a printed object's
#: ``client_key=...``): masked when the name, read as a server reads it (:func:`parameter_name`),
#: holds one of :data:`_SECRET_NAME`'s words.
_PARAMETER = re.compile(r"([\w.%\[\]-]+)=(\"[^\"]*\"|'[^']*'|[^&\s\"'<>,)]+)")


def _header_value(match: re.Match[str]) -> str:
    """A token header's value masked whole; an ``Authorization`` one after its scheme, and only
    when it starts with one ("the return authorization: found ..." is prose)."""
    name, between, value = match[1], match[2], match[3]
    if not value.strip():
        return match[0]
    if name.lower().endswith("authorization"):
        scheme = value.split(None, 1)[0]
        return f"{name}{between}{scheme} {MASK}" if scheme.lower() in AUTH_SCHEMES and " " in value.strip() else match[0]
    return f"{name}{between}{MASK}"


def _parameter(match: re.Match[str]) -> str:
    if not _SECRET_NAME.search(parameter_name(match[1])):
        return match[0]
    quote_mark = match[2][0] if match[2][0] in "\"'" else ""
    return f"{match[1]}={quote_mark}{MASK}{quote_mark}"


def scrubbed(text: str, secrets: Sequence[str] = ()) -> str:
    """``text`` as the harness may write it: :func:`masked` by the values of ``secrets`` and of the
    credentials alive in this process (:data:`LIVE`), then by the shapes of credentials."""
    text = masked(text, [*secrets, *LIVE.texts()])
    if "=" in text:
        text = _PARAMETER.sub(_parameter, text)
    text = _HEADER.sub(_header_value, text)
    return _SCHEMED.sub(lambda m: f"{m[1]} {MASK}", text)


class LiveCredentials:
    """The credentials this process knows of now: each scenario's tenant's, from its creation until
    its report is written (``add``/``discard`` by the scenario's node id), and the run's own tokens
    (the admin token, the connector token, a password in a URL given: under ``"run"``). What a log
    record or a captured output is masked by, whoever wrote it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_owner: dict[str, list[str]] = {}
        self._texts: list[str] = []

    def add(self, owner: str, texts: Iterable[str]) -> None:
        with self._lock:
            self._by_owner[owner] = [*self._by_owner.get(owner, []), *texts]
            self._rebuild()

    def discard(self, owner: str) -> None:
        with self._lock:
            if self._by_owner.pop(owner, None) is not None:
                self._rebuild()

    def texts(self) -> list[str]:
        return self._texts

    def _rebuild(self) -> None:
        self._texts = sorted({text for texts in self._by_owner.values() for text in texts}, key=len, reverse=True)


LIVE = LiveCredentials()


class ScrubbingFilter(logging.Filter):
    """Masks a log record before any handler writes it (pytest's capture for the report, ``--log-file``,
    the live log): its message with its arguments, its traceback and stack as text. A connector's
    logs and its libraries' (``requests_oauthlib`` at DEBUG prints a request's ``Authorization``)
    are the connector's to write; they are the harness's to keep out of the report."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the message: logging says so when it writes it
            message = f"{record.msg} {record.args}"
        record.msg, record.args = scrubbed(message), None
        if record.exc_info:
            record.exc_text = scrubbed("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrubbed(record.exc_text)
        if record.stack_info:
            record.stack_info = scrubbed(record.stack_info)
        return True
