"""Synthetic case-system extracts: ``python -m seeds.generate`` and ``generate()``.

Writes complete snapshots in the extract format, ``<out>/<la_code>/<extract_date>/<table>.csv``
for every table an authority sends and ``_SUCCESS`` last; with ``--format annex-a``, the same
children and events as Ofsted Annex A workbooks instead, ``<out>/<la_code>/<extract_date>/
annex_a.xlsx`` (see ``annex_a_lists`` and ``annex_a_workbook``); with ``--format cin-census``,
as the DfE children in need census returns of every collection year the history holds whole,
``<out>/<la_code>/<31 March>/cin_census.xml`` (see ``cin_census_return``). Nothing here is a real child's
record: every name, number and date is drawn from the seed.

- History: from 1 April four financial years before the start of the extract date's
  financial year (2022-04-01 for the default extract date 2026-11-16) to the extract date.
  No case is open before the history starts, so the first months are a warm-up in which the
  number of open cases builds up; referral and re-referral rates are steady from the start.
- ``--snapshots single`` writes the extract date only; ``monthly`` writes every month end from
  the end of the history's first financial year, then the extract date: one history censored
  to each date (see ``censoring``), so loads can be replayed month by month.
- Same seed and options, same bytes: every random draw comes from the seed, each authority
  and each snapshot from its own stream, so neither the order of work nor ``--jobs`` matters.
- Authorities are written in parallel (``--jobs``, default: one process per core).

The default authority is a metropolitan borough of about 3,500 referrals a year; its
practice profile, codes and sizes are explained in ``profiles`` and ``authorities``, the
defects in ``defects``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import duckdb
import numpy as np

from seeds.annex_a_lists import SOURCE_TABLES, annex_a_lists
from seeds.annex_a_workbook import write_workbook as write_annex_a_workbook
from seeds.authorities import MAX_AUTHORITIES, Authority, plan_authorities
from seeds.cin_census_return import SOURCE_TABLES as CENSUS_SOURCE_TABLES
from seeds.cin_census_return import reference_dates
from seeds.cin_census_return import write_return as write_census_return
from seeds.censoring import censor
from seeds.defects import DEFAULT_DEFECT_RATE, DEFECT_KINDS, inject_defects
from seeds.profiles import PROFILES
from seeds.extract_format import SUCCESS_MARKER
from seeds.snapshot_writer import TABLE_FILE_NAMES, SnapshotWriter
from seeds.timeline import build_timeline
from seeds.working_days import WorkingCalendar, day_number

DEFAULT_EXTRACT_DATE = date(2026, 11, 16)
DEFAULT_REFERRALS_PER_YEAR = 3500
SNAPSHOT_MODES = ("single", "monthly")
FORMATS = ("ssd", "annex-a", "cin-census")
MAX_DEFECT_RATE = 0.5
REFERRALS_PER_YEAR_RANGE = (10, 50_000)
EXTRACT_YEARS = (2000, 2090)
# Events run on past the extract date (long plans, yearly reviews) before being censored.
CALENDAR_YEARS_AFTER = 8


def history_start(extract_date: date) -> date:
    """1 April four financial years before the start of the extract date's financial year."""
    year = extract_date.year if extract_date.month >= 4 else extract_date.year - 1
    return date(year - 4, 4, 1)


def snapshot_dates(mode: str, extract_date: date) -> list[date]:
    """The snapshot dates of a run, oldest first."""
    if mode == "single":
        return [extract_date]
    first_year_end = date(history_start(extract_date).year + 1, 3, 31)
    dates = []
    month_start = date(first_year_end.year, first_year_end.month, 1)
    while True:
        next_month = (month_start + timedelta(days=32)).replace(day=1)
        month_end = next_month - timedelta(days=1)
        if month_end >= extract_date:
            break
        dates.append(month_end)
        month_start = next_month
    return dates + [extract_date]


@dataclass(frozen=True)
class Options:
    out_dir: Path
    authorities: int
    seed: int
    profile: str
    snapshots: str
    defect_rate: float
    extract_date: date
    referrals_per_year: int
    jobs: int
    report_path: Path | None
    progress: bool
    format: str = "ssd"

    def validate(self) -> None:
        if self.out_dir.exists() and not self.out_dir.is_dir():
            raise ValueError(f"--out {self.out_dir} exists and is not a folder")
        if not isinstance(self.authorities, int) or not 1 <= self.authorities <= MAX_AUTHORITIES:
            raise ValueError(
                f"--authorities must be a whole number from 1 to {MAX_AUTHORITIES} "
                f"(the fictional authority codes available), got {self.authorities!r}"
            )
        if not isinstance(self.seed, int) or self.seed < 0:
            raise ValueError(f"--seed must be a whole number, 0 or more, got {self.seed!r}")
        if self.profile not in PROFILES:
            raise ValueError(f"--profile must be one of {', '.join(PROFILES)}, got {self.profile!r}")
        if self.snapshots not in SNAPSHOT_MODES:
            raise ValueError(f"--snapshots must be one of {', '.join(SNAPSHOT_MODES)}, got {self.snapshots!r}")
        if not isinstance(self.defect_rate, (int, float)) or not 0 <= self.defect_rate <= MAX_DEFECT_RATE:
            raise ValueError(
                f"--defect-rate is the share of rows given a defect, from 0 to {MAX_DEFECT_RATE}, "
                f"got {self.defect_rate!r}"
            )
        if not isinstance(self.extract_date, date):
            raise ValueError(f"--extract-date must be a date, got {self.extract_date!r}")
        if not EXTRACT_YEARS[0] <= self.extract_date.year <= EXTRACT_YEARS[1]:
            raise ValueError(
                f"--extract-date must fall in the years {EXTRACT_YEARS[0]}-{EXTRACT_YEARS[1]}, "
                f"got {self.extract_date.isoformat()}"
            )
        low, high = REFERRALS_PER_YEAR_RANGE
        if not isinstance(self.referrals_per_year, int) or not low <= self.referrals_per_year <= high:
            raise ValueError(
                f"--referrals-per-year must be a whole number from {low} to {high}, got {self.referrals_per_year!r}"
            )
        if self.format not in FORMATS:
            raise ValueError(f"--format must be one of {', '.join(FORMATS)}, got {self.format!r}")
        if not isinstance(self.jobs, int) or self.jobs < 1:
            raise ValueError(f"--jobs must be a whole number, 1 or more, got {self.jobs!r}")
        if self.report_path is not None:
            report = self.report_path.resolve()
            landing = self.out_dir.resolve()
            if report == landing or landing in report.parents:
                raise ValueError(
                    f"--report {self.report_path} is inside the landing folder {self.out_dir}; "
                    "a landing folder holds only extracts, so write the report elsewhere"
                )


@lru_cache(maxsize=4)
def _calendar(first: date, last: date) -> WorkingCalendar:
    return WorkingCalendar(first, last)


def _generate_authority(authority: Authority, options: Options) -> dict:
    """Play one authority's history and write each of its snapshots."""
    started = time.monotonic()
    start = history_start(options.extract_date)
    calendar = _calendar(
        start - timedelta(days=31),
        date(options.extract_date.year + CALENDAR_YEARS_AFTER, 12, 31),
    )
    timeline = build_timeline(authority, start, options.extract_date, calendar)
    if options.format == "annex-a":
        snapshots = _write_annex_a(authority, options, timeline, started)
        return _authority_summary(authority, timeline, snapshots)
    if options.format == "cin-census":
        snapshots = _write_census(authority, options, timeline, started)
        return _authority_summary(authority, timeline, snapshots)
    writer = SnapshotWriter()
    snapshots = []
    try:
        for snapshot_date in snapshot_dates(options.snapshots, options.extract_date):
            day = day_number(snapshot_date)
            rng = np.random.default_rng([options.seed, authority.number, day])
            tables = {}
            defects_by_table = {}
            for name, table in timeline.tables.items():
                defected = inject_defects(rng, name, censor(table, day), options.defect_rate, day)
                tables[name] = (defected, table.vocabularies)
                defects_by_table[name] = {kind: n for kind, n in defected.counts.items() if n}
            folder = options.out_dir / authority.la_code / snapshot_date.isoformat()
            rows = writer.write_snapshot(folder, tables)
            totals = {kind: sum(d.get(kind, 0) for d in defects_by_table.values()) for kind in DEFECT_KINDS}
            snapshots.append({
                "extract_date": snapshot_date.isoformat(),
                "folder": str(folder),
                "rows": rows,
                "defects": {
                    "by_kind": totals,
                    "by_table": {t: d for t, d in defects_by_table.items() if d},
                },
            })
            if options.progress:
                print(
                    f"seeds: {authority.la_code} {snapshot_date.isoformat()}: {len(rows)} tables, "
                    f"{sum(rows.values()):,} rows, {sum(totals.values()):,} defects "
                    f"({time.monotonic() - started:.1f}s)",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        writer.close()
    return _authority_summary(authority, timeline, snapshots)


def _write_annex_a(authority: Authority, options: Options, timeline, started: float) -> list[dict]:
    """Each snapshot date's Annex A workbook: the lists of that day's censored tables."""
    connection = duckdb.connect()
    connection.execute("SET threads = 1")
    snapshots = []
    try:
        for snapshot_date in snapshot_dates(options.snapshots, options.extract_date):
            day = day_number(snapshot_date)
            tables = {
                name: (censor(table, day), table.vocabularies)
                for name, table in timeline.tables.items()
                if name in SOURCE_TABLES
            }
            lists = annex_a_lists(connection, tables, snapshot_date)
            folder = options.out_dir / authority.la_code / snapshot_date.isoformat()
            marker = _fresh_folder(folder)
            # Its own stream, apart from the extract's, so the extracts stay as they were.
            rng = np.random.default_rng([options.seed, authority.number, day, 1])
            written = write_annex_a_workbook(folder, lists, snapshot_date, rng, options.defect_rate)
            marker.touch()
            snapshots.append({"extract_date": snapshot_date.isoformat(), "folder": str(folder), **written})
            if options.progress:
                print(
                    f"seeds: {authority.la_code} {snapshot_date.isoformat()}: Annex A, "
                    f"{sum(written['rows'].values()):,} rows in {len(written['rows'])} lists, "
                    f"{sum(written['defects'].values()):,} defects ({time.monotonic() - started:.1f}s)",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        connection.close()
    return snapshots


def _fresh_folder(folder: Path) -> Path:
    """Make the snapshot folder ready for a delivery of one file: no _SUCCESS yet (returned, to
    be touched last), and no files of another kind (a folder holds one kind of delivery)."""
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / SUCCESS_MARKER
    marker.unlink(missing_ok=True)
    for stale in folder.iterdir():
        if stale.name in TABLE_FILE_NAMES or stale.name in ("annex_a.xlsx", "cin_census.xml"):
            stale.unlink()
    return marker


def _write_census(authority: Authority, options: Options, timeline, started: float) -> list[dict]:
    """The authority's CIN census return of every collection year its history holds whole
    (whatever --snapshots says: a return is annual), each in the folder of its reference
    date, from the tables censored to that day."""
    connection = duckdb.connect()
    connection.execute("SET threads = 1")
    snapshots = []
    try:
        for reference_date in reference_dates(history_start(options.extract_date), options.extract_date):
            day = day_number(reference_date)
            tables = {
                name: (censor(table, day), table.vocabularies)
                for name, table in timeline.tables.items()
                if name in CENSUS_SOURCE_TABLES
            }
            folder = options.out_dir / authority.la_code / reference_date.isoformat()
            marker = _fresh_folder(folder)
            # Its own stream, apart from the extract's and the workbooks'.
            rng = np.random.default_rng([options.seed, authority.number, day, 2])
            written = write_census_return(
                connection, tables, folder, authority.la_code, reference_date, rng, options.defect_rate
            )
            marker.touch()
            snapshots.append({"extract_date": reference_date.isoformat(), "folder": str(folder), **written})
            if options.progress:
                print(
                    f"seeds: {authority.la_code} {reference_date.isoformat()}: CIN census return, "
                    f"{written['records'].get('children', 0):,} children, "
                    f"{sum(written['defects'].values()):,} defects ({time.monotonic() - started:.1f}s)",
                    file=sys.stderr,
                    flush=True,
                )
    finally:
        connection.close()
    return snapshots


def _authority_summary(authority: Authority, timeline, snapshots: list[dict]) -> dict:
    change = timeline.course.change_date
    return {
        "la_code": authority.la_code,
        "number": authority.number,
        "profile": authority.profile,
        "referrals_per_year": authority.referrals_per_year,
        "quality_offset": round(authority.quality_offset, 4),
        "leadership_change": change.isoformat() if change else None,
        "absent_tables": sorted(authority.absent_tables),
        "snapshots": snapshots,
    }


def _generate_authority_packed(arguments: tuple[Authority, Options]) -> dict:
    return _generate_authority(*arguments)


def generate(
    out_dir: str | os.PathLike,
    *,
    authorities: int = 1,
    seed: int = 42,
    profile: str = "improving",
    snapshots: str = "single",
    defect_rate: float = DEFAULT_DEFECT_RATE,
    extract_date: date = DEFAULT_EXTRACT_DATE,
    report_path: str | os.PathLike | None = None,
    referrals_per_year: int = DEFAULT_REFERRALS_PER_YEAR,
    jobs: int | None = None,
    progress: bool = True,
    format: str = "ssd",
) -> dict:
    """Write synthetic extracts under ``out_dir`` and return a summary of what was written:
    per authority, each snapshot's folder, rows per table and defects injected by kind (and
    by table). With ``report_path`` the summary is also written there as JSON."""
    options = Options(
        out_dir=Path(out_dir),
        authorities=authorities,
        seed=seed,
        profile=profile,
        snapshots=snapshots,
        defect_rate=float(defect_rate) if isinstance(defect_rate, (int, float)) else defect_rate,
        extract_date=extract_date,
        referrals_per_year=referrals_per_year,
        jobs=jobs if jobs is not None else max(1, min(os.cpu_count() or 1, authorities if isinstance(authorities, int) else 1)),
        report_path=Path(report_path) if report_path is not None else None,
        progress=progress,
        format=format,
    )
    options.validate()
    plan = plan_authorities(authorities, seed=seed, profile=profile, referrals_per_year=referrals_per_year)
    options.out_dir.mkdir(parents=True, exist_ok=True)
    work = [(authority, options) for authority in plan]
    if options.jobs == 1 or len(plan) == 1:
        results = [_generate_authority_packed(w) for w in work]
    else:
        with ProcessPoolExecutor(max_workers=options.jobs) as pool:
            results = list(pool.map(_generate_authority_packed, work))
    summary = {
        "out_dir": str(options.out_dir),
        "seed": seed,
        "profile": profile,
        "snapshots": snapshots,
        "format": format,
        "defect_rate": options.defect_rate,
        "extract_date": extract_date.isoformat(),
        "history_start": history_start(extract_date).isoformat(),
        "referrals_per_year": referrals_per_year,
        "authorities": results,
    }
    if options.report_path is not None:
        options.report_path.parent.mkdir(parents=True, exist_ok=True)
        options.report_path.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def _date_argument(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m seeds.generate",
        description="Write synthetic children's social care extracts (no real data) for the warehouse.",
    )
    parser.add_argument("--out", required=True, help="landing folder to write <la_code>/<date>/<table>.csv into")
    parser.add_argument("--authorities", type=int, default=1, help=f"how many authorities, 1-{MAX_AUTHORITIES} (default 1)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--profile", default="improving", help=f"practice profile: {', '.join(PROFILES)} (default improving)")
    parser.add_argument("--snapshots", default="single", help="single (the extract date) or monthly (default single)")
    parser.add_argument(
        "--format", default="ssd",
        help="ssd (CSV extracts, the default), annex-a (Ofsted Annex A workbooks of the same children and "
        "events) or cin-census (the DfE CIN census return of every whole collection year, whatever --snapshots says)",
    )
    parser.add_argument(
        "--defect-rate", type=float, default=DEFAULT_DEFECT_RATE,
        help=f"share of rows given a real-world defect, 0 for clean data (default {DEFAULT_DEFECT_RATE})",
    )
    parser.add_argument(
        "--extract-date", type=_date_argument, default=DEFAULT_EXTRACT_DATE,
        help=f"the extract date, YYYY-MM-DD (default {DEFAULT_EXTRACT_DATE.isoformat()})",
    )
    parser.add_argument(
        "--referrals-per-year", type=int, default=DEFAULT_REFERRALS_PER_YEAR,
        help=f"size of the first authority; others vary around it (default {DEFAULT_REFERRALS_PER_YEAR}, "
        "a metropolitan borough; use a few hundred for small fast test data)",
    )
    parser.add_argument("--jobs", type=int, default=None, help="processes to write authorities with (default: cores)")
    parser.add_argument("--report", default=None, help="also write the summary as JSON here (outside --out)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    started = time.monotonic()
    try:
        summary = generate(
            arguments.out,
            authorities=arguments.authorities,
            seed=arguments.seed,
            profile=arguments.profile,
            snapshots=arguments.snapshots,
            defect_rate=arguments.defect_rate,
            extract_date=arguments.extract_date,
            report_path=arguments.report,
            referrals_per_year=arguments.referrals_per_year,
            jobs=arguments.jobs,
            progress=not arguments.quiet,
            format=arguments.format,
        )
    except ValueError as error:
        parser.error(str(error))
    snapshots = sum(len(a["snapshots"]) for a in summary["authorities"])
    if not arguments.quiet:
        print(
            f"seeds: wrote {snapshots} snapshot(s) of {len(summary['authorities'])} authority(ies) "
            f"to {summary['out_dir']} in {time.monotonic() - started:.1f}s",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
