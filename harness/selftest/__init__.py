"""The self-test: proof that the acceptance suite can fail. ``make selftest`` plugs each deliberately
faulty connector of :mod:`.catalogue` into the suite through the seam; every fault must make at
least one scenario fail, and the reference connector must pass them all."""
