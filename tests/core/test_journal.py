"""The journal's shortcuts give what the general code gives: a request's kept headers read from its
WSGI environ are werkzeug's (names, order, empty values), a request's body text is werkzeug's
``get_data(as_text=True)``, and an entry's dict is dataclasses.asdict's."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from werkzeug.wrappers import Request

from werkzeug.datastructures import EnvironHeaders
from werkzeug.test import EnvironBuilder

from simulators.core.journal import KEPT_HEADERS, JournalEntry, request_headers, request_text


def test_the_kept_headers_are_werkzeugs() -> None:
    environ = EnvironBuilder(path="/x", data=b"{}", headers=[
        ("X-Other", "1"), ("Authorization", "OAuth realm=\"1\""), ("Prefer", ""), ("X-NetSuite-Idempotency-Key", "k"),
        ("Content-Type", "application/json"), ("X-Shopify-Access-Token", "shpat"), ("Idempotency-Key", "i"),
    ]).get_environ()
    expected = [(k, v) for k, v in EnvironHeaders(environ).items() if k.lower() in KEPT_HEADERS]
    assert list(request_headers(environ).items()) == expected
    assert ("Prefer", "") in expected and ("X-Netsuite-Idempotency-Key", "k") in expected
    bare = EnvironBuilder(path="/x").get_environ()
    bare["CONTENT_TYPE"] = ""
    assert request_headers(bare) == {k: v for k, v in EnvironHeaders(bare).items() if k.lower() in KEPT_HEADERS} == {}


def test_an_entry_as_a_dict_is_asdicts() -> None:
    entry = JournalEntry(seq=3, at="2026-03-02T15:00:00Z", service="netsuite", method="GET", url="http://x/y", status=200,
                         request_headers={"Authorization": "OAuth ***"}, request_body="", response_headers={"A": "b"},
                         response_body="{}", note="n")
    as_dict = entry.as_dict()
    assert as_dict == asdict(entry) and list(as_dict) == list(asdict(entry))
    as_dict["request_headers"]["Authorization"] = "changed"  # a reader's copy: the entry keeps its own
    assert entry.request_headers == {"Authorization": "OAuth ***"}


@pytest.mark.parametrize(("data", "length", "chunked"), [
    (b"", "0", False), (b"", None, False), (b'{"a": 1}', None, False), ("é".encode(), None, False),
    (b"abc", "0", False), (b"abc", "0", True), (b"abc", "2", False), (b"\xff", None, False),
])
def test_the_request_text_is_werkzeugs(data: bytes, length: str | None, chunked: bool) -> None:
    def environ() -> dict[str, object]:
        built = EnvironBuilder(path="/x", method="POST", data=data).get_environ()
        if length is not None:
            built["CONTENT_LENGTH"] = length
        if chunked:
            built["HTTP_TRANSFER_ENCODING"] = "chunked"
            built["wsgi.input_terminated"] = True
        return built
    assert request_text(Request(environ())) == Request(environ()).get_data(as_text=True)
