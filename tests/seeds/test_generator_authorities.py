"""Several authorities: fictional codes, varied sizes, and some optional tables left out."""

from __future__ import annotations

import csv

from seeds.authorities import AUTHORITY_CODES, MAX_AUTHORITIES, plan_authorities
from seeds.extract_format import OPTIONAL_TABLES, REQUIRED_TABLES

# Three-digit codes English authorities hold or held in the 9xx run (county councils and the
# unitaries that replaced some of them).
REAL_9XX_CODES = {
    "908", "909", "916", "919", "921", "925", "926", "928", "929", "931", "933", "935", "936", "937",
    "938", "940", "941", "942", "943",
}


def test_codes_are_three_digit_fictional_and_start_at_901():
    assert AUTHORITY_CODES[:8] == ("901", "902", "903", "904", "905", "906", "907", "950")
    assert AUTHORITY_CODES[56:58] == ("999", "100")
    assert AUTHORITY_CODES[-1] == "199"
    assert MAX_AUTHORITIES == len(set(AUTHORITY_CODES)) == 157
    assert all(len(code) == 3 and code.isdigit() for code in AUTHORITY_CODES)
    assert not set(AUTHORITY_CODES) & REAL_9XX_CODES
    assert all(code.startswith("9") or code.startswith("1") for code in AUTHORITY_CODES)


def test_a_national_run_plans_150_distinct_authorities():
    plan = plan_authorities(150, seed=42, profile="mixed", referrals_per_year=3500)
    assert len({a.la_code for a in plan}) == 150
    first = plan[0]
    assert (first.la_code, first.profile, first.referrals_per_year, first.quality_offset) == ("901", "improving", 3500, 0.0)
    assert first.absent_tables == frozenset()
    assert {a.profile for a in plan} == {"typical", "struggling", "improving"}
    sizes = [a.referrals_per_year for a in plan]
    assert min(sizes) >= 0.3 * 3500 and max(sizes) <= 3 * 3500 and len(set(sizes)) > 100
    missing_somewhere = set().union(*(a.absent_tables for a in plan))
    assert missing_somewhere == set(OPTIONAL_TABLES)


def test_optional_tables_are_left_out_by_a_fixed_pattern(several):
    written = {
        a["la_code"]: sorted(p.stem for p in (several.root / a["la_code"] / "2026-11-16").glob("*.csv"))
        for a in several.summary["authorities"]
    }
    assert list(written) == ["901", "902", "903", "904"]
    assert len(written["901"]) == 21
    assert "ext_direct_payments" not in written["902"] and len(written["902"]) == 20
    assert {"ext_case_audits", "ssd_department"}.isdisjoint(written["903"]) and len(written["903"]) == 19
    assert "ext_prevent_referrals" not in written["904"]
    for tables in written.values():
        assert set(REQUIRED_TABLES) <= set(tables)
    absent = {a["la_code"]: a["absent_tables"] for a in several.summary["authorities"]}
    assert absent == {
        "901": [], "902": ["ext_direct_payments"], "903": ["ext_case_audits", "ssd_department"],
        "904": ["ext_prevent_referrals"],
    }


def test_team_columns_hold_names_where_the_department_table_is_absent(several):
    def teams(la_code):
        with open(several.root / la_code / "2026-11-16" / "ssd_cin_episodes.csv", encoding="utf-8") as handle:
            return {row["cine_referral_team"] for row in csv.DictReader(handle)}

    assert teams("901") <= {f"T{i:02d}" for i in range(1, 20)}
    assert "Children with Disabilities Team" in teams("903")
    assert all(team.endswith("Team") or team.startswith("Assessment Team") for team in teams("903"))


def test_authorities_differ_in_size(several):
    referrals = [a["snapshots"][0]["rows"]["ssd_cin_episodes"] for a in several.summary["authorities"]]
    assert len(set(referrals)) == 4
