"""The warehouse's files are readable by their owner only.

The warehouse, the archive's copies of every delivery and the serving database hold children's
records. Whatever writes them (the loader, dbt, the publisher) does so holding the warehouse
lock, and taking the lock first narrows the process's umask to 077: every file created from
then on, by this process and by what it starts (dbt and DuckDB's write-ahead log included), is
readable and writable by its owner only (0600, folders 0700). The umask is only ever narrowed,
never widened back, so a later step of the same process cannot create a readable file either.
Files made before this rule (an older installation) keep their modes: `chmod -R go= data`.
"""

from __future__ import annotations

import os

OWNER_ONLY_UMASK = 0o077


def keep_new_files_private() -> None:
    """From now on, this process creates files and folders for their owner only."""
    os.umask(os.umask(OWNER_ONLY_UMASK) | OWNER_ONLY_UMASK)
