"""Shopify Admin API simulator: REST and a GraphQL subset (versions in the path,
X-Shopify-Access-Token), the per-shop leaky-bucket rate limit, and webhooks.

Modules: ``models`` (the shop and its rules), ``routes`` (REST and GraphQL endpoints), ``schemas``
(REST JSON shapes), ``errors``, ``auth``, ``ratelimit``, ``graphql``, ``webhooks`` and ``control``
(its part of the ``/_sim/`` control plane). What it reproduces and what it does not: FIDELITY.md.
"""
