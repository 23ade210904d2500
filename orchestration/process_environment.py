"""Environment variables set for a block, then put back as they were.

dbt, started by dagster-dbt as a process of its own, inherits this process's environment: it
is how the refresh tells dbt which warehouse to build, which lock to hold and which
authorities to rebuild.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager


@contextmanager
def environment_set(settings: Mapping[str, str]) -> Iterator[None]:
    """For the block, os.environ has `settings`; afterwards each variable is as it was
    (removed if it was not set)."""
    before = {name: os.environ.get(name) for name in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
