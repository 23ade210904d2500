"""The suite end to end at tiny sizes (`--quick --without-dbt`): every scenario's tables are
written with figures in them, the commentary is kept, and the generated data is cleaned up.
Refreshes are shared as in a full run: each size is refreshed once, one new snapshot is
measured at one small authority and at the two-authority stand-in, and the kept publications
are those those refreshes left.

This checks that the scripts work, never how fast anything is."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.report import COMMENTARY_HEADING

REPOSITORY = Path(__file__).resolve().parents[2]
SECTIONS = (
    "1. Full refresh",
    "2. No-change refresh",
    "3. One new snapshot of one authority, as the warehouse grows",
    "4. Scaling: the full refresh at 1×, 2× and 4× the data",
    "5. Raw-scan baseline: the load and the refresh as multiples of reading the CSVs",
    "6. App responsiveness at national scale",
    "7. Generator: writing the landing areas",
    "8. Kept publications: storage",
)
A_TIME = re.compile(r"^\d+(\.\d+)? (ms|s)\b")
KEPT_COMMENTARY = f"{COMMENTARY_HEADING}\n\nThe loader spends most of its time staging.\n"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory) -> tuple[Path, Path, str]:
    folder = tmp_path_factory.mktemp("bench")
    output, work = folder / "BENCHMARKS.md", folder / "work"
    output.write_text("# Benchmarks\n\nold figures\n\n" + KEPT_COMMENTARY)
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--without-dbt",
         "--output", str(output), "--work-dir", str(work)],
        cwd=REPOSITORY, capture_output=True, text=True,
    )
    assert finished.returncode == 0, finished.stderr[-4000:]
    return output, work, output.read_text()


def sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## ", text, flags=re.MULTILINE)
    return {part.split("\n", 1)[0]: part for part in parts[1:]}


def tables(section: str) -> list[list[dict[str, str]]]:
    """Each markdown table of the section as rows of column -> cell."""
    found, lines = [], section.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("| ") and i + 1 < len(lines) and lines[i + 1].startswith("| ---"):
            header = [c.strip() for c in line.strip("|").split("|")]
            rows = []
            for row in lines[i + 2:]:
                if not row.startswith("| "):
                    break
                rows.append(dict(zip(header, (c.strip() for c in row.strip("|").split("|")))))
            found.append(rows)
    return found


def test_every_scenario_has_its_section_in_the_issue_order(quick_run):
    _, _, text = quick_run
    numbered = [name for name in sections(text) if name[0].isdigit()]
    assert numbered == list(SECTIONS)


@pytest.mark.parametrize("section", SECTIONS)
def test_every_scenario_table_has_a_time_in_every_row(quick_run, section):
    _, _, text = quick_run
    found = tables(sections(text)[section])
    assert found
    for table in found:
        assert table
        for row in table:
            assert any(A_TIME.match(cell) for cell in row.values()), row


def test_refresh_tables_give_each_step_and_peak_memory(quick_run):
    _, _, text = quick_run
    [full] = tables(sections(text)["1. Full refresh"])
    assert [row["landing area"] for row in full] == [
        "1 small authority", "2 small authorities (national stand-in)"]
    for row in full:
        assert row["runs"] == "1"
        assert A_TIME.match(row["load"]) and A_TIME.match(row["publish"])
        assert row["dbt build"] == "skipped"  # --without-dbt
        assert re.match(r"^\d+ MB$", row["peak memory"])
    asked, started = tables(sections(text)["2. No-change refresh"])
    # `make refresh` asked and started no run (run_refresh_check would have failed the suite)
    assert [(row["landing area"], row["make refresh, runs"]) for row in asked] == [
        ("1 small authority", "1"), ("2 small authorities (national stand-in)", "1")]
    assert all(re.match(r"^\d+ MB$", row["peak memory"]) for row in asked)
    assert {row["publish"] for row in started} == {"skipped"}


def test_scaling_measures_three_sizes_and_fits_a_line(quick_run):
    _, _, text = quick_run
    sizes, line = tables(sections(text)["4. Scaling: the full refresh at 1×, 2× and 4× the data"])
    assert [row["data"] for row in sizes] == [
        "1× (60 referrals a year)", "2× (120 referrals a year)", "4× (240 referrals a year)"]
    assert sizes[0]["rows ×"] == sizes[0]["time ×"] == "1.00×"
    assert [row["part"] for row in line] == ["total", "load", "publish"]


def test_one_new_snapshot_is_measured_at_each_size_against_its_full_refresh(quick_run):
    _, _, text = quick_run
    refreshes, flatness = tables(
        sections(text)["3. One new snapshot of one authority, as the warehouse grows"])
    stand_in = "2 small authorities (national stand-in)"
    assert [(row["landing area"], row["refresh"].split(" of ")[0]) for row in refreshes] == [
        ("1 authority", "one new snapshot"), ("1 authority", "full refresh"),
        (stand_in, "one new snapshot"), (stand_in, "full refresh")]
    assert all(row["runs"] == "1" and re.match(r"^\d+ MB$", row["peak memory"])
               for row in refreshes)
    assert [(row["landing area"], row["authorities"]) for row in flatness] == [
        ("1 authority", "1"), (stand_in, "2")]
    assert flatness[0]["× at 1 authority"] == "1.00×"


def test_kept_publications_are_those_the_new_snapshot_refreshes_left(quick_run):
    _, _, text = quick_run
    [kept] = tables(sections(text)["8. Kept publications: storage"])
    assert [(row["landing area"], row["refresh"], row["publications kept"]) for row in kept] == [
        ("1 authority", "full", "1"), ("1 authority", "after later snapshot 1", "2"),
        ("2 small authorities (national stand-in)", "full", "1"),
        ("2 small authorities (national stand-in)", "after later snapshot 1", "2")]
    assert {row["extra storage"] for row in kept[::2]} == {"0 KB"}


def test_the_targets_are_all_checked(quick_run):
    _, _, text = quick_run
    [targets] = tables(sections(text)["Targets"])
    assert len(targets) == 12
    assert all(row["met"] in ("yes", "**no**") for row in targets)


def test_the_machine_is_described(quick_run):
    _, _, text = quick_run
    [machine] = tables(sections(text)["Machine"])
    facts = {row[""]: row for row in machine}
    assert {"Date", "Cores", "Memory", "CPU", "Python", "Packages"} <= facts.keys()


def test_the_commentary_is_kept_and_the_data_removed(quick_run):
    _, work, text = quick_run
    assert text.endswith(KEPT_COMMENTARY)
    assert "old figures" not in text
    assert not work.exists()
