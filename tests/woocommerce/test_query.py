"""The query string as PHP's ``parse_str`` reads it (``$_GET``) and as WordPress's
``add_query_arg`` writes it back into pagination links."""

from __future__ import annotations

import pytest

from simulators.woocommerce.query import build_link_query, parse_php_query, php_value


@pytest.mark.parametrize("raw, expected", [
    ("a=1&a=2", {"a": "2"}),  # the last wins
    ("a[]=1&a[]=2", {"a": {0: "1", 1: "2"}}),
    ("a[5]=x&a[]=y", {"a": {5: "x", 6: "y"}}),  # [] is one more than the largest integer key
    ("a[07]=x&a[7]=y", {"a": {"07": "x", 7: "y"}}),  # only canonical decimals are integers
    ("a=1&a[]=2", {"a": {0: "2"}}),
    ("a[]=2&a=1", {"a": "1"}),
    ("a[b][c]=1&a[b][d]=2", {"a": {"b": {"c": "1", "d": "2"}}}),
    ("a.b=1&c d=2&e[f=3", {"a_b": "1", "c_d": "2", "e_f": "3"}),  # PHP's name mangling
    ("a[b]junk[c]=1", {"a": {"b": "1"}}),  # after the keys, the rest is ignored
    ("=x&[]=y&q=a+b%26c", {"q": "a b&c"}),  # no base name: dropped
    ("a" + "[x]" * 64 + "=1&b=2", {"b": "2"}),  # deeper than max_input_nesting_level
])
def test_parse_php_query(raw: str, expected: dict) -> None:
    assert parse_php_query(raw) == expected


def test_php_value_is_a_list_only_when_every_key_is_an_integer() -> None:
    assert php_value({0: "1", 5: "2"}) == ["1", "2"]
    assert php_value({0: "1", "a": "2"}) == {"0": "1", "a": "2"}
    assert php_value("x") == "x" and php_value(None) is None


def test_build_link_query_writes_arrays_and_encodes_values_as_wordpress_does() -> None:
    params = parse_php_query("include[]=1&include[]=2&search=a b~&empty=&page=1")
    params["page"] = "2"
    assert build_link_query(params) == "include%5B0%5D=1&include%5B1%5D=2&search=a+b%7E&empty&page=2"
    assert parse_php_query(build_link_query(params)) == params  # a client following the link asks the same
