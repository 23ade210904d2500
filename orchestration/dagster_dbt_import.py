"""dagster-dbt imported as for a dbt it can only start as a command, not import.

When it can import dbt-core, dagster-dbt imports dbt's adapters, contracts and selection
engine as it is imported (some 2 s of every Dagster process: each run, the UI, the daemon,
each sensor tick's code server). It uses them only to work with dbt inside the Dagster process:
opening an adapter for row counts and column metadata, which these assets never ask for, and
evaluating a `select` given to `@dbt_assets`, which `dbt_metrics` does not give. dbt itself
runs in a process of its own (`csc-dbt`, dbt_child), whose events dagster-dbt reads by dbt's
version, which it is told (dbt_assets.InstalledDbtCliResource).

dagster-dbt has a path for a dbt it cannot import (dbt Fusion has no Python package): its
own copies of dbt's node types and statuses, and the manifest's nodes as the whole selection.
Importing it while `dbt.version` cannot be imported takes that path, in every process alike,
whether or not that process has imported dbt for something else (a test running dbt in
process). Other imports of dbt, after this one, are unaffected.
"""

import sys
from collections.abc import Iterator
from contextlib import contextmanager

# The module dagster-dbt imports to learn whether dbt-core is importable (dagster_dbt.compat).
_PROBE = "dbt.version"
_ABSENT = object()


@contextmanager
def dbt_core_not_importable() -> Iterator[None]:
    """For the block, `import dbt.version` fails as if dbt-core were not installed."""
    kept = sys.modules.get(_PROBE, _ABSENT)
    sys.modules[_PROBE] = None  # import raises ModuleNotFoundError
    try:
        yield
    finally:
        if kept is _ABSENT:
            del sys.modules[_PROBE]
        else:
            sys.modules[_PROBE] = kept
