"""The control plane under ``/_sim/``: what only a test does (tenants, reset, journal, clock)."""
