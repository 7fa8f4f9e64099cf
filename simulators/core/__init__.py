"""What every simulated service shares: tenants, the clock, seeded randomness, the request journal,
vendor-shaped errors and armed faults. One place each."""
