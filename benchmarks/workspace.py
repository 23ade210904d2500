"""Where a benchmark run keeps its data: generated landing areas and warehouse sites.

Everything lives under one work folder (`benchmarks/work/` unless told otherwise, ignored by
git), which the run deletes at the end unless asked to keep it. A landing area is generated
once per run and size; a site is one warehouse (archive, warehouse file, serving database,
Dagster instance) over a landing area, set up exactly as `make refresh` would use it.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.process_runs import ProcessRun, run_measured

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
DAGSTER_INSTANCE_SETTINGS = REPOSITORY_ROOT / "orchestration" / "dagster.yaml"


@dataclass(frozen=True)
class LandingSpec:
    """What to generate: seeds.generate's options, and how the report names the size (the
    name does not make two specs different: the same options are the same data)."""

    label: str = field(compare=False)
    authorities: int
    referrals_per_year: int
    profile: str
    seed: int = 42
    extract_date: str | None = None  # None: the generator's default

    @property
    def slug(self) -> str:
        return (
            f"{self.authorities}la-{self.referrals_per_year}rpy-{self.profile}-{self.seed}"
            + (f"-{self.extract_date}" if self.extract_date else "")
        )

    def generator_command(self, out: Path, report: Path) -> list[str]:
        command = [
            sys.executable, "-m", "seeds.generate", "--out", str(out),
            "--authorities", str(self.authorities),
            "--referrals-per-year", str(self.referrals_per_year),
            "--profile", self.profile, "--seed", str(self.seed),
            "--report", str(report), "--quiet",
        ]
        if self.extract_date:
            command += ["--extract-date", self.extract_date]
        return command


@dataclass(frozen=True)
class LandingArea:
    spec: LandingSpec
    path: Path
    rows: int  # data rows in every file
    csv_bytes: int


@dataclass(frozen=True)
class Site:
    """One warehouse over a landing area, with its own Dagster instance."""

    root: Path
    landing: LandingArea

    @property
    def archive_dir(self) -> Path:
        return self.root / "archive"

    @property
    def warehouse_path(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def serving_path(self) -> Path:
        return self.root / "serving.duckdb"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster_home"

    def environment(self) -> dict[str, str]:
        """The environment `make refresh` would give the warehouse's commands."""
        return {
            **os.environ,
            "PYTHONPATH": str(REPOSITORY_ROOT),
            "CSC_LANDING_DIR": str(self.landing.path),
            "CSC_ARCHIVE_DIR": str(self.archive_dir),
            "CSC_WAREHOUSE_PATH": str(self.warehouse_path),
            "CSC_SERVING_PATH": str(self.serving_path),
            "DAGSTER_HOME": str(self.dagster_home),
        }

    def reset(self) -> None:
        """Nothing loaded yet: no archive, warehouse, serving database or run history."""
        shutil.rmtree(self.root, ignore_errors=True)
        self.dagster_home.mkdir(parents=True)
        shutil.copyfile(DAGSTER_INSTANCE_SETTINGS, self.dagster_home / "dagster.yaml")


class Workspace:
    def __init__(self, root: Path):
        self.root = root.resolve()
        self._landing_areas: dict[LandingSpec, LandingArea] = {}

    def generate(self, spec: LandingSpec, out: Path) -> tuple[ProcessRun, LandingArea]:
        """Write a landing area with seeds.generate, as a user would, timed."""
        shutil.rmtree(out, ignore_errors=True)
        report = out.with_name(out.name + ".report.json")
        run = run_measured(
            spec.generator_command(out, report),
            {**os.environ, "PYTHONPATH": str(REPOSITORY_ROOT)},
            REPOSITORY_ROOT,
        )
        area = LandingArea(spec, out, _rows_generated(report), _csv_bytes(out))
        report.unlink()
        return run, area

    def landing(self, spec: LandingSpec) -> LandingArea:
        """The landing area of this size, generated the first time it is asked for."""
        if spec not in self._landing_areas:
            _, area = self.generate(spec, self.root / "landing" / spec.slug)
            self._landing_areas[spec] = area
        return self._landing_areas[spec]

    def keep_landing(self, area: LandingArea) -> None:
        """Use this generated area for its size from now on."""
        self._landing_areas[area.spec] = area

    def site(self, name: str, landing: LandingArea) -> Site:
        """A fresh, empty site."""
        site = Site(self.root / "sites" / name, landing)
        site.reset()
        return site

    def scratch(self, name: str) -> Path:
        """An empty folder for a scenario's own files."""
        folder = self.root / "scratch" / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _rows_generated(report: Path) -> int:
    summary = json.loads(report.read_text())
    return sum(
        sum(snapshot["rows"].values())
        for authority in summary["authorities"]
        for snapshot in authority["snapshots"]
    )


def _csv_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*.csv"))
