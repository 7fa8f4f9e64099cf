"""Shopify Admin API simulator (REST, versions in the path, X-Shopify-Access-Token).
What it reproduces and what it does not: FIDELITY.md beside this file."""
