pytest_plugins = ["harness.plugin"]  # the suite's wiring: options, fixtures, the harness plugins, the steps
