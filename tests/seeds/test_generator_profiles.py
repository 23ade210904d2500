"""Profiles differ in the expected direction on every headline figure.

Struggling is worse than typical over the whole history; improving's last 12 months
(2025-11-17 to 2026-11-16) are better than its first 12 (2022-04-01 to 2023-03-31). The
figures about the situation on a day (oversight, chronologies, disabled children, direct
payment reviews) compare the eve of the leadership change with the extract date instead: in
the history's first year few disabled children have been open long enough to be overdue a
re-assessment, so that year cannot show it. Direct payment reviews are left out of that
comparison: the format keeps only a payment's *last* review date, so whether a review was
overdue on an earlier day can only be read from that day's snapshot; improving's end state
is compared with struggling's instead.
"""

from __future__ import annotations

from datetime import date

import pytest

from generated_snapshot_queries import (
    assessment_timeliness, audit_good_or_better, chronology_within_3m, direct_payment_reviews_overdue,
    disabled_not_assessed_12m, factor_rate, flag_rate, icpc_within_15wd, open_snapshot, oversight_within_20wd,
    rereferral_rate, s47_to_icpc_by_team, seen_once_only, seen_within_5wd, set_rate, strategy_multiagency,
)
from seeds.profiles import leadership_change_date

WHOLE = (date(2022, 4, 1), date(2026, 11, 16))
FIRST_YEAR = (date(2022, 4, 1), date(2023, 3, 31))
LAST_YEAR = (date(2025, 11, 17), date(2026, 11, 16))
EVE_OF_CHANGE = date(2024, 7, 31)


def headline_figures(con, first: date, last: date, as_at: date) -> dict[str, float]:
    """Each headline figure, oriented so that higher is better."""
    within_45, median, _ = assessment_timeliness(con, first, last)
    team_rates = s47_to_icpc_by_team(con, first, last, minimum=60).values()
    return {
        "assessments within 45 working days": within_45,
        "median assessment (negated)": -median,
        "child seen within 5 working days": seen_within_5wd(con, first, last),
        "seen once only (negated)": -seen_once_only(con, first, last),
        "child seen during assessment": flag_rate(con, "ssd_cin_assessments", "cina_assessment_child_seen",
                                                  "cina_assessment_auth_date", first, last),
        "re-referrals (negated)": -rereferral_rate(con, first, last)[0],
        "conferences within 15 working days": icpc_within_15wd(con, first, last)[0],
        "spread of team conference rates (negated)": -(max(team_rates) - min(team_rates)),
        "multi-agency discussions in open cases": strategy_multiagency(con, first, last, "open")[0],
        "domestic abuse recorded": factor_rate(con, ("3A", "3B", "3C"), first, last),
        "neglect recorded": factor_rate(con, ("16A",), first, last),
        "Prevent referrals sent to the MASH": set_rate(con, "ext_prevent_referrals", "prev_mash_referral_date",
                                                       "prev_referral_date", first, last),
        "Prevent referrals on file": flag_rate(con, "ext_prevent_referrals", "prev_recorded_on_file",
                                               "prev_referral_date", first, last),
        "homeless advised of s20 rights": flag_rate(con, "ext_homeless_presentations", "hpre_advised_of_s20_rights",
                                                    "hpre_presentation_date", first, last),
        "audits good or better": audit_good_or_better(con, first, last),
        "oversight within 20 working days": oversight_within_20wd(con, as_at)[0],
        "chronology updated in 3 months": chronology_within_3m(con, as_at),
        "disabled children not assessed in 12 months (negated)": -disabled_not_assessed_12m(con, as_at)[0],
        "direct payment reviews overdue (negated)": -direct_payment_reviews_overdue(con, as_at)[0],
    }


@pytest.fixture(scope="module")
def typical_figures(typical):
    con = open_snapshot(typical.snapshot())
    yield headline_figures(con, *WHOLE, as_at=WHOLE[1])
    con.close()


@pytest.fixture(scope="module")
def struggling_figures(struggling):
    con = open_snapshot(struggling.snapshot())
    yield headline_figures(con, *WHOLE, as_at=WHOLE[1])
    con.close()


@pytest.fixture(scope="module")
def improving_years(improving):
    con = open_snapshot(improving.snapshot())
    yield (
        headline_figures(con, *FIRST_YEAR, as_at=EVE_OF_CHANGE),
        headline_figures(con, *LAST_YEAR, as_at=LAST_YEAR[1]),
    )
    con.close()


def test_struggling_is_worse_than_typical_on_every_headline_figure(typical_figures, struggling_figures):
    worse = [name for name in typical_figures if struggling_figures[name] < typical_figures[name]]
    assert worse == list(typical_figures), {
        name: (round(typical_figures[name], 1), round(struggling_figures[name], 1)) for name in typical_figures
    }


def test_struggling_looks_like_the_letter(struggling, struggling_figures):
    figures = struggling_figures
    assert 55 <= figures["assessments within 45 working days"] <= 65
    assert -figures["median assessment (negated)"] >= 38
    assert figures["multi-agency discussions in open cases"] < 25
    assert 10 <= figures["homeless advised of s20 rights"] <= 30
    con = open_snapshot(struggling.snapshot())
    team_rates = s47_to_icpc_by_team(con, *WHOLE, minimum=60)
    con.close()
    assert min(team_rates.values()) < 20 and max(team_rates.values()) > 45, team_rates


def test_improving_last_twelve_months_beat_its_first_twelve(improving_years):
    first, last = improving_years
    compared = [name for name in first if not name.startswith("direct payment")]
    better = [name for name in compared if last[name] > first[name]]
    assert better == compared, {name: (round(first[name], 1), round(last[name], 1)) for name in compared}


def test_improving_ends_with_direct_payment_reviews_in_hand(improving_years, struggling_figures, typical_figures):
    _, last = improving_years
    name = "direct payment reviews overdue (negated)"
    assert last[name] > struggling_figures[name] + 20
    assert -last[name] < -typical_figures[name] + 5


def test_improving_ends_typical_or_better_on_timeliness(improving_years, improving):
    _, last = improving_years
    assert last["assessments within 45 working days"] > 75
    assert last["oversight within 20 working days"] > 90
    assert improving.summary["authorities"][0]["leadership_change"] == "2024-08-01"


def test_leadership_change_is_the_first_of_the_month_nearest_the_middle():
    # 2022-04-01 .. 2026-11-16: the middle is 2024-07-24, nearer 1 August than 1 July.
    assert leadership_change_date(date(2022, 4, 1), date(2026, 11, 16)) == date(2024, 8, 1)
    # 2021-04-01 .. 2025-06-30: the middle is 2023-05-16, nearer 1 May than 1 June.
    assert leadership_change_date(date(2021, 4, 1), date(2025, 6, 30)) == date(2023, 5, 1)
