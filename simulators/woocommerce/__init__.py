"""WooCommerce simulator: the REST API v3 (``/wp-json/wc/v3``) orders and order refunds of one store per
tenant, with WooCommerce's authentication (consumer key and secret over HTTPS, OAuth 1.0a one-legged
over plain HTTP) and WordPress's argument validation, pagination and error shapes.

Modules: ``models`` (the store and its rules), ``routes``, ``schemas`` (JSON shapes and arguments),
``errors``, ``auth`` and ``control`` (its part of the ``/_sim/`` control plane). What it reproduces and
what it does not: FIDELITY.md.
"""
