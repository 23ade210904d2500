"""The code location without the metrics layer: load and publish only.

The smoke test of the benchmark suite (tests/benchmarks) measures the refresh with it, so that
the suite's scripts are exercised in seconds rather than minutes of dbt builds; the
crash-recovery tests (tests/orchestration/test_refresh_crash_recovery.py) kill refreshes of it
where dbt is not what they test. The recorded benchmarks always use orchestration.definitions,
dbt included.
"""

from orchestration.code_location import build_definitions

defs = build_definitions(dbt_project_dir=None)
