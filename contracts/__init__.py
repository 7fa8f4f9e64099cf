"""The vendors' own contracts, vendored (``ebay/``, ``netsuite/``, ``shopify/``; each folder's
PROVENANCE.md says where a file comes from), and the checker that holds every simulator answer to
them (:mod:`contracts.checker`). A test-time concern: the app factory turns the checker on with its
``CONTRACT_CHECKS`` setting; nothing here runs when the simulators serve for real.
"""
