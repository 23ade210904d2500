"""A reader of the serving database, run as its own process by the publishing tests.

    python serving_reader.py <serving database> <stop file> <report file>

It opens the database read-only, reads what the app would, closes it, and again, as fast as it
can until the stop file appears; then writes one JSON line per reading (or per error) to the
report file.
"""

import json
import sys
import time
from pathlib import Path

import duckdb

TABLES = ("snapshot_loads", "load_ledger", "quarantine", "authorities", "refresh_info")


def read_once(database: str) -> dict:
    connection = duckdb.connect(database, read_only=True)
    try:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
            for table in TABLES
        }
        (run_id,) = connection.execute("SELECT run_id FROM refresh_info").fetchall()[0]
        return {"run_id": run_id, "counts": counts}
    finally:
        connection.close()


def main(database: str, stop_file: str, report_file: str) -> None:
    readings = []
    while not Path(stop_file).exists():
        try:
            readings.append(read_once(database))
        except Exception as error:  # every error is a finding, reported rather than raised
            readings.append({"error": f"{type(error).__name__}: {error}"})
        time.sleep(0.001)
    Path(report_file).write_text("\n".join(json.dumps(r) for r in readings))


if __name__ == "__main__":
    main(*sys.argv[1:])
