"""NetSuite SuiteTalk REST simulator (record and query services, Token-Based Authentication).
What it reproduces and what it does not: FIDELITY.md beside this file."""
