"""eBay simulator: the Sell Fulfillment API (orders, issue_refund) and the Post-Order API v2
(buyer returns and their refunds), with a seller per tenant.
What it reproduces and what it does not: FIDELITY.md beside this file."""
