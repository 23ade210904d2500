"""The command line and the function validate every option with a clear message."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from seeds.generate import generate, main

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--authorities", "0"], "--authorities must be a whole number from 1 to 157"),
        (["--authorities", "158"], "--authorities must be a whole number from 1 to 157"),
        (["--profile", "excellent"], "--profile must be one of typical, struggling, improving, mixed"),
        (["--snapshots", "weekly"], "--snapshots must be one of single, monthly"),
        (["--defect-rate", "-0.1"], "--defect-rate is the share of rows given a defect, from 0 to 0.5"),
        (["--defect-rate", "2"], "--defect-rate is the share of rows given a defect, from 0 to 0.5"),
        (["--extract-date", "2026-02-30"], "not a date in the form YYYY-MM-DD: '2026-02-30'"),
        (["--extract-date", "16/11/2026"], "not a date in the form YYYY-MM-DD: '16/11/2026'"),
        (["--extract-date", "1999-12-31"], "--extract-date must fall in the years 2000-2090"),
        (["--seed", "-1"], "--seed must be a whole number, 0 or more"),
        (["--referrals-per-year", "5"], "--referrals-per-year must be a whole number from 10 to 50000"),
        (["--jobs", "0"], "--jobs must be a whole number, 1 or more"),
        (["--authorities", "two"], "argument --authorities: invalid int value: 'two'"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(tmp_path, capsys, arguments, message):
    with pytest.raises(SystemExit) as exit_:
        main(["--out", str(tmp_path / "landing"), *arguments])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "landing").exists()


def test_the_out_option_is_required(capsys):
    with pytest.raises(SystemExit):
        main([])
    assert "the following arguments are required: --out" in capsys.readouterr().err


def test_the_function_refuses_a_report_inside_the_landing_folder(tmp_path):
    with pytest.raises(ValueError, match="is inside the landing folder"):
        generate(tmp_path / "landing", report_path=tmp_path / "landing" / "report.json", progress=False)
    with pytest.raises(ValueError, match="--out .* exists and is not a folder"):
        (tmp_path / "file").write_text("x")
        generate(tmp_path / "file", progress=False)
    with pytest.raises(ValueError, match="--extract-date must be a date"):
        generate(tmp_path / "landing", extract_date="2026-11-16", progress=False)


def test_the_command_writes_snapshots_a_report_and_progress(tmp_path):
    landing, report = tmp_path / "data" / "landing", tmp_path / "report.json"
    completed = subprocess.run(
        [sys.executable, "-m", "seeds.generate", "--out", str(landing), "--authorities", "2", "--seed", "3",
         "--profile", "struggling", "--defect-rate", "0.01", "--extract-date", "2025-06-30",
         "--referrals-per-year", "150", "--report", str(report)],
        cwd=REPOSITORY, capture_output=True, text=True, check=True,
    )
    assert completed.stdout == ""
    progress = completed.stderr.splitlines()
    assert progress[0].startswith("seeds: 901 2025-06-30: 21 tables, ") or progress[0].startswith("seeds: 902 2025-06-30: 20 tables, ")
    assert "wrote 2 snapshot(s) of 2 authority(ies)" in progress[-1]
    summary = json.loads(report.read_text(encoding="utf-8"))
    assert summary["history_start"] == "2021-04-01"
    assert [a["la_code"] for a in summary["authorities"]] == ["901", "902"]
    assert [a["profile"] for a in summary["authorities"]] == ["struggling", "struggling"]
    for authority in summary["authorities"]:
        snapshot = authority["snapshots"][0]
        folder = Path(snapshot["folder"])
        assert folder == landing / authority["la_code"] / "2025-06-30"
        assert sorted(p.name for p in folder.iterdir()) == sorted([f"{t}.csv" for t in snapshot["rows"]] + ["_SUCCESS"])
        for table, count in snapshot["rows"].items():
            lines = (folder / f"{table}.csv").read_text(encoding="utf-8").count("\n")
            assert lines >= count + 1  # header, rows (a quoted value may hold no newline; none do)
    assert not any(p.suffix == ".json" for p in landing.rglob("*"))


def test_the_function_defaults_match_the_brief(tmp_path):
    summary = generate(tmp_path, referrals_per_year=100, progress=False)
    assert summary["profile"] == "improving" and summary["seed"] == 42
    assert summary["extract_date"] == date(2026, 11, 16).isoformat()
    assert summary["snapshots"] == "single" and summary["defect_rate"] == 0.003
    assert [a["la_code"] for a in summary["authorities"]] == ["901"]
