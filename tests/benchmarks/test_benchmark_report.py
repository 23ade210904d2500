"""BENCHMARKS.md: generated tables, the commentary carried over, and the targets checked."""

from __future__ import annotations

import pytest

from benchmarks.report import (
    COMMENTARY_HEADING,
    ScenarioResult,
    Table,
    TargetCheck,
    commentary_of,
    described,
    previous_report,
    render,
)
from benchmarks.run import ESTIMATED_SECONDS, Progress, main, targets
from benchmarks.suite import FULL, Suite
from benchmarks.workspace import Workspace


def test_a_report_has_machine_targets_scenarios_then_commentary():
    result = ScenarioResult(
        "demo", "Demo", "Measured twice.",
        [Table(("what", "time"), (("a | b", "1.0 s"),))], notes=["A note."],
    )
    text = render(
        {"Cores": "2"}, "Run: test.", [TargetCheck("under 5 s", "1.0 s", True)], [result],
        f"{COMMENTARY_HEADING}\n\nKept.\n",
    )
    assert text.index("## Machine") < text.index("## Targets") < text.index("## 1. Demo")
    assert "| Cores | 2 |" in text
    assert "| under 5 s | 1.0 s | yes |" in text
    assert "| a \\| b | 1.0 s |" in text  # a pipe in a cell does not break the table
    assert "- A note." in text
    assert text.endswith(f"{COMMENTARY_HEADING}\n\nKept.\n")


def test_a_row_must_fit_its_columns():
    with pytest.raises(ValueError, match="does not fit the columns"):
        Table(("what", "time"), (("only one",),))


def test_the_commentary_is_read_back_from_the_existing_file(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    assert commentary_of(path).startswith(COMMENTARY_HEADING)  # no file yet: a placeholder
    path.write_text(f"# Benchmarks\n\n| a |\n\n{COMMENTARY_HEADING}\n\nHand-written.\n")
    assert commentary_of(path) == f"{COMMENTARY_HEADING}\n\nHand-written.\n"


def test_a_scenario_describes_itself_after_its_title_paragraph():
    assert described("Scenario 9: title.\n\nHow it is measured.\n") == "How it is measured."
    with pytest.raises(ValueError, match="after its first paragraph"):
        described("Only a title.")


def test_targets_are_checked_against_the_figures_measured(tmp_path):
    suite = Suite(FULL, Workspace(tmp_path), log=lambda message: None)
    suite.results["raw_scan"] = ScenarioResult("raw_scan", "", "", [], figures={
        "load_multiple": 4.5, "load_seconds": 29.25, "scan_seconds": 6.5})
    suite.results["full_refresh"] = ScenarioResult("full_refresh", "", "", [], figures={
        "national_seconds": 306.0, "national_peak_rss": 2 * 1024**3, "default_seconds": 25.0})
    suite.results["no_change"] = ScenarioResult("no_change", "", "", [], figures={
        "national_check_seconds": 1.5, "national_seconds": 19.0})
    suite.results["new_snapshot"] = ScenarioResult("new_snapshot", "", "", [], figures={
        "seconds": 13.0, "flat_ratio": 1.3, "smallest_seconds": 10.0})
    suite.results["app"] = ScenarioResult("app", "", "", [], figures={
        "worst_cold_p95": 0.25, "worst_warm_p95": 0.2, "worst_query_p95": 0.015})
    checks = {check.target: (check.measured, check.met) for check in targets(suite)}
    national = "150 authorities (national)"
    assert checks == {
        f"full refresh within 120 s ({national})": ("306 s (5.1 min), 2.55× the target", False),
        f"full refresh within 4 GB peak memory ({national})": ("2.00 GB, 0.50× the target", True),
        f"validated load within 5× DuckDB reading the CSVs once ({national})": (
            "4.50× (29.2 s ÷ 6.5 s), 0.90× the target", True),
        f"one new snapshot of one authority within 15 s ({national})": (
            "13.0 s, 0.87× the target", True),
        f"refresh with nothing new within 5 s ({national}; `make refresh`, which the sensor and "
        "the schedule do alike)": ("1.5 s, 0.30× the target", True),
        f"refresh with nothing new within 5 s ({national}; a Dagster run started by hand)": (
            "19.0 s, 3.80× the target", False),
        "full refresh within 20 s (1 authority (default size))": (
            "25.0 s, 1.25× the target", False),
        "app, first visit after a refresh: every interaction's p95 within 300 ms": (
            "250 ms, 0.83× the target", True),
        "app, revisit: every interaction's p95 within 150 ms": ("200 ms, 1.33× the target", False),
        "app, one read of the serving database: every read's p95 within 20 ms": (
            "15 ms, 0.75× the target", True),
        f"one new snapshot flat from 10 authorities to {national}: within 1.25× the time": (
            "1.30× (13.0 s ÷ 10.0 s), 1.04× the target", False),
        f"generator within 5 minutes ({national}; not one of issue 18's targets)": (
            "not measured", None),
    }


def test_the_one_snapshot_refresh_is_measured_from_the_smaller_areas_to_the_national_one():
    assert [(spec.label, spec.authorities, spec.profile) for spec in FULL.snapshot_sizes] == [
        ("10 authorities", 10, "mixed"), ("50 authorities", 50, "mixed"),
        ("150 authorities (national)", 150, "mixed")]
    # The 10-authority area is the full refresh's: refreshed once for both.
    assert FULL.snapshot_sizes[0] == FULL.refresh_sizes[1]
    # A national refresh is measured once, a smaller one three times.
    assert [FULL.runs_of(spec) for spec in FULL.snapshot_sizes] == [3, 3, 1]


def test_the_progress_log_scales_what_remains_by_how_the_run_has_gone(monkeypatch):
    for key, estimate in (("generator", 60), ("full_refresh", 1000), ("app", 90)):
        monkeypatch.setitem(ESTIMATED_SECONDS, key, estimate)
    now, logged = [0.0], []
    progress = Progress(["generator", "full_refresh", "app"], logged.append, estimated=True,
                        clock=lambda: now[0])
    progress.starting("generator")
    now[0] = 120.0  # twice its estimate
    progress.done("generator")
    now[0] = 2120.0  # 2,120 s so far against 1,060 s estimated: still twice
    progress.done("full_refresh")
    progress.done("app")
    assert logged == [
        "3 scenarios: about 1150 s (19.2 min) in all on a quiet 2-core machine (estimated "
        "from earlier runs)",
        "scenario generator (1/3): starting",
        "scenario generator: done; 120 s (2.0 min) so far, about 2180 s (36.3 min) to go "
        "(full_refresh, app)",
        "scenario full_refresh: done; 2120 s (35.3 min) so far, about 180 s (3.0 min) to go "
        "(app)",
        "scenario app: done; 2120 s (35.3 min) so far",
    ]


def test_a_run_of_some_scenarios_keeps_the_other_sections_and_targets(tmp_path):
    path = tmp_path / "BENCHMARKS.md"
    earlier = render(
        {"Cores": "2"}, "Run: `python -m benchmarks.run` — full sizes.",
        [TargetCheck("under 5 s", "1.0 s", True), TargetCheck("under 1 GB", "2 GB", False)],
        [ScenarioResult("a", "First", "Measured once.", [Table(("what",), (("x",),))]),
         ScenarioResult("b", "Second", "Measured twice.", [])],
        f"{COMMENTARY_HEADING}\n\nKept.\n",
    )
    path.write_text(earlier)
    previous = previous_report(path)
    assert previous.run_description == "Run: `python -m benchmarks.run` — full sizes."
    assert previous.targets == {
        "under 5 s": TargetCheck("under 5 s", "1.0 s", True),
        "under 1 GB": TargetCheck("under 1 GB", "2 GB", False),
    }
    assert list(previous.sections) == ["First", "Second"]
    # Re-rendered with the second measured anew, the first kept: the same text where unchanged.
    again = render(
        {"Cores": "2"}, "Run: `python -m benchmarks.run` — full sizes.",
        list(previous.targets.values()),
        [previous.sections["First"], ScenarioResult("b", "Second", "Measured twice.", [])],
        commentary_of(path),
    )
    assert again == earlier


def test_the_app_is_measured_on_a_serving_database_that_is_there(tmp_path):
    with pytest.raises(SystemExit, match="there is no serving database at .*absent.duckdb"):
        main(["--scenarios", "app", "--serving", str(tmp_path / "absent.duckdb"),
              "--output", str(tmp_path / "BENCHMARKS.md"), "--work-dir", str(tmp_path / "work")])
