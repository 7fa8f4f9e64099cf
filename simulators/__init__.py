"""Simulators of NetSuite (SuiteTalk REST), Shopify and eBay, the control plane and the reference
connector, served by one Flask app (see :func:`simulators.app.create_app`).

Run them for people and other tools with ``python -m simulators serve``.
"""
