"""Step definitions, grouped by domain. Steps are thin: they call action clients, pass values with
``target_fixture`` and assert on domain facts with messages that say what was expected and found."""
