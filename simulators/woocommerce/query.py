"""A query string as PHP reads it into ``$_GET`` (``parse_str``), which is what WordPress's
``WP_REST_Request::get_query_params()`` hands to argument validation, and the query WordPress
writes back into pagination links (``add_query_arg`` → ``build_query``).

PHP arrays are kept as Python dicts in insertion order, with integer keys where PHP makes them
integers (a canonical decimal such as ``"0"`` or ``"12"``); :func:`php_value` turns one into what
``rest_is_array`` / ``rest_is_object`` see: a list when every key is an integer
(``wp_is_numeric_array``), else a dict.

Read as PHP reads it:

- ``name=v`` sets a scalar; ``name[]=v`` appends to an array (the next integer key);
  ``name[k]=v`` and ``name[a][b]=v`` set keys in (nested) arrays;
- the later of ``name=`` and ``name[...]=`` wins (``per_page=2&per_page[]=3`` is an array);
- in the base name, spaces and dots become ``_``, and a ``[`` never closed becomes ``_`` too;
  anything after the last ``]`` of the keys is ignored; an empty base name drops the pair;
- nesting deeper than PHP's ``max_input_nesting_level`` (64) drops the pair.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote_plus

from flask import Request, g

# Re-exported: WordPress reads $_GET and $_POST as PHP parses them (simulators/core/php.py).
from simulators.core.php import parse_php_query as parse_php_query


def request_query(request: Request) -> dict[str, Any]:
    """The request's ``$_GET``: its query string parsed once per request (PHP builds ``$_GET``
    once), shared by authentication and the route. Callers must not change it (copy it first)."""
    if "woocommerce_query" not in g:
        g.woocommerce_query = parse_php_query(request.query_string.decode("utf-8", "replace"))
    query: dict[str, Any] = g.woocommerce_query
    return query


#: The form types PHP parses into ``$_POST`` (its SAPI's POST handlers).
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: ``wp_is_json_media_type``'s pattern.
_JSON_MEDIA_TYPE = re.compile(r"(^|\s|,)application/([\w!#$&-^.+]+\+)?json(\+oembed)?($|\s|;|,)", re.IGNORECASE)


def is_json_media_type(request: Request) -> bool:
    """``WP_REST_Request::is_json_content_type``: the media type (lower-cased, without parameters)
    is ``application/json`` or ``application/<anything>+json``."""
    return bool(_JSON_MEDIA_TYPE.search(request.mimetype))


def php_post(request: Request) -> dict[str, Any]:
    """PHP's ``$_POST``: filled only for a POST (``php_auto_globals_create_post``), from a
    urlencoded or a multipart form (its fields; files are ``$_FILES``), parsed as a query; empty
    for any other method or body."""
    if request.method != "POST":
        return {}
    mimetype = request.mimetype
    if mimetype == "multipart/form-data":
        fields = request.form.items(multi=True)
        return parse_php_query("&".join(f"{quote_plus(name)}={quote_plus(value)}" for name, value in fields))
    if mimetype != FORM_TYPES[0]:
        return {}
    return parse_php_query(request.get_data(cache=True).decode("utf-8", "replace"))


def request_body_params(request: Request) -> dict[str, Any]:
    """WordPress's body parameters (``WP_REST_Request::get_body_params``), parsed as PHP parses a
    query: for a POST, ``$_POST`` (:func:`php_post`); for another method, ``parse_body_params``,
    which ``parse_str``s the body when it has no ``Content-Type`` or a urlencoded one. Any other
    body has none."""
    if request.method == "POST":
        return php_post(request)
    if request.mimetype not in ("", FORM_TYPES[0]):
        return {}
    return parse_php_query(request.get_data(cache=True).decode("utf-8", "replace"))


def php_value(value: Any) -> Any:
    """A parsed query value as WordPress's validation sees it: a PHP array whose keys are all
    integers is a list (in PHP's order), any other array a dict; scalars stay strings."""
    if not isinstance(value, dict):
        return value
    if all(isinstance(k, int) for k in value):
        return [php_value(v) for v in value.values()]
    return {str(k): php_value(v) for k, v in value.items()}


def _php_urlencode(text: str) -> str:
    """PHP's ``urlencode``: like ``quote_plus`` but ``~`` is encoded too."""
    return quote_plus(text, safe="").replace("~", "%7E")


def build_link_query(params: dict[str, Any]) -> str:
    """The query WordPress's ``add_query_arg`` writes for parsed ``params``: values
    ``urlencode``d, array members as ``name%5Bkey%5D=value`` (``_http_build_query``), and ``=``
    left out after a name whose value is empty (``add_query_arg`` strips ``=(&|$)``)."""
    parts: list[str] = []

    def add(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, member in value.items():
                add(f"{prefix}%5B{key}%5D", member)
        else:
            parts.append(f"{prefix}={_php_urlencode(str(value))}" if str(value) != "" else prefix)

    for name, value in params.items():
        # WordPress writes the names as PHP parsed them; encoding what a URL cannot hold raw keeps
        # the link usable (the names a WooCommerce client sends are plain words).
        add(quote_plus(str(name), safe="[]"), value)
    return "&".join(parts)
