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
from benchmarks.run import main, targets
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
        "load_multiple": 4.5})
    suite.results["full_refresh"] = ScenarioResult("full_refresh", "", "", [], figures={
        "national_seconds": 290.0, "national_peak_rss": 9 * 1024**3})
    suite.results["app"] = ScenarioResult("app", "", "", [], figures={
        "worst_cold_p95": 0.25, "worst_warm_p95": 0.2, "worst_query_p95": 0.015})
    checks = {check.target: (check.measured, check.met) for check in targets(suite)}
    national = "150 authorities (national)"
    assert checks == {
        f"validated load within 3× the raw scan ({national})": ("4.50×", False),
        f"full refresh under 5 minutes ({national})": ("290 s (4.8 min)", True),
        f"full refresh under 8 GB peak memory ({national})": ("9.00 GB", False),
        f"one new authority snapshot under 60 s ({national})": ("not measured", None),
        "app, first visit after a refresh: every interaction's p95 within 300 ms": ("250 ms", True),
        "app, revisit: every interaction's p95 within 150 ms": ("200 ms", False),
        "app, one read of the serving database: every read's p95 within 20 ms": ("15 ms", True),
        f"generator under 5 minutes ({national})": ("not measured", None),
    }


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
