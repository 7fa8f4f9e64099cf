from harness.scenario_fixtures import frozen_clock  # noqa: F401 - one frozen clock per feature file
