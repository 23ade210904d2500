"""The same seed and options give byte-identical files; another seed gives other files."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from seeds.generate import generate


def _digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*")) if path.is_file()
    }


def _relative(summary: dict) -> list[dict]:
    """The summary's authorities with snapshot folders relative to the landing folder."""
    root = Path(summary["out_dir"])
    return [
        {**a, "snapshots": [{**s, "folder": str(Path(s["folder"]).relative_to(root))} for s in a["snapshots"]]}
        for a in summary["authorities"]
    ]


def test_same_seed_same_bytes_whatever_the_number_of_processes(tmp_path):
    options = dict(authorities=3, referrals_per_year=300, defect_rate=0.01, progress=False, seed=7)
    first = generate(tmp_path / "one", jobs=1, **options)
    second = generate(tmp_path / "two", jobs=3, **options)
    one, two = _digests(tmp_path / "one"), _digests(tmp_path / "two")
    assert len(one) == 22 + 21 + 20  # 901 all tables, 902 one absent, 903 two absent; each with _SUCCESS
    assert one == two
    assert _relative(first) == _relative(second)


def test_a_monthly_series_ends_with_the_single_snapshot_of_its_extract_date(monthly, tmp_path):
    single = generate(tmp_path, snapshots="single", defect_rate=0, referrals_per_year=250, progress=False, jobs=1)
    assert _digests(tmp_path / "901") == {
        name: digest for name, digest in _digests(monthly.root / "901").items() if name.startswith("2026-11-16/")
    }
    assert single["authorities"][0]["snapshots"][0]["rows"] == monthly.summary["authorities"][0]["snapshots"][-1]["rows"]


def test_same_bytes_from_separate_interpreters_with_different_hash_seeds(tmp_path):
    repository = Path(__file__).resolve().parents[2]
    for hash_seed in ("1", "2"):
        subprocess.run(
            [sys.executable, "-m", "seeds.generate", "--out", str(tmp_path / hash_seed), "--referrals-per-year", "300",
             "--authorities", "2", "--quiet"],
            cwd=repository, env={**os.environ, "PYTHONHASHSEED": hash_seed}, check=True,
        )
    assert _digests(tmp_path / "1") == _digests(tmp_path / "2")


def test_a_different_seed_gives_different_files(tmp_path):
    options = dict(referrals_per_year=200, defect_rate=0, progress=False, jobs=1)
    generate(tmp_path / "a", seed=1, **options)
    generate(tmp_path / "b", seed=2, **options)
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert a.keys() == b.keys()
    differing = [name for name in a if a[name] != b[name]]
    # Every table with rows differs; only the workforce tables (fixed team structure) may not.
    assert len(differing) >= 18


def test_rewriting_a_snapshot_replaces_it(tmp_path):
    generate(tmp_path, referrals_per_year=200, defect_rate=0, progress=False, jobs=1)
    before = _digests(tmp_path)
    stale = tmp_path / "901" / "2026-11-16" / "ext_case_notes.csv"
    stale.write_text("half a file", encoding="utf-8")
    generate(tmp_path, referrals_per_year=200, defect_rate=0, progress=False, jobs=1)
    assert _digests(tmp_path) == before
