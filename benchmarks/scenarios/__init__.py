"""The scenarios of the suite, one module each, every one a `run(suite) -> ScenarioResult`."""
