from harness.scenario_fixtures import frozen_clock, netsuite  # noqa: F401 - one frozen clock per feature file; OAuth 2.0 for the harness's NetSuite user
