"""Two duties to adolescents that the letter found neglected: Prevent referrals of children
vulnerable to radicalisation, and 16- and 17-year-olds who present as homeless.

Both arrive as a referral to children's services, so each is attached to one of the
history's referrals of a child of the right age (10-17 for Prevent, weighted to the older;
16-17 for homelessness) and dated on that referral's day. About 0.9 Prevent referrals and 1.1
homeless presentations per hundred referrals: a few dozen of each a year for a
metropolitan borough.
"""

from __future__ import annotations

import numpy as np

from seeds.authority_setting import AuthoritySetting
from seeds.casework import Casework, Records
from seeds.extract_format import HOMELESS_OUTCOME, NO_DATE, PREVENT_OUTCOME
from seeds.population import DAYS_PER_YEAR, Children, weighted_codes

PREVENT_PER_REFERRAL = 0.009
HOMELESS_PER_REFERRAL = 0.011
PREVENT_OUTCOMES = {"CHANNEL": 0.25, "NO_FURTHER_ACTION": 0.45, "OTHER_SUPPORT": 0.30}
HOMELESS_OTHER_OUTCOMES = {
    "S17_SUPPORT": 0.3, "RETURNED_HOME": 0.25, "HOUSING_ONLY": 0.25, "DECLINED": 0.12, "OTHER": 0.08,
}


def _ages_at_referral(casework: Casework, children: Children) -> np.ndarray:
    days = casework.referrals["day"]
    return (days - children.birth_day[children.child_of_referral]) / DAYS_PER_YEAR


def _pick_referrals(
    rng: np.random.Generator, casework: Casework, candidates: np.ndarray, weights: np.ndarray, share: float
) -> np.ndarray:
    count = min(len(candidates), int(round(len(casework.referrals["day"]) * share)))
    if count == 0:
        return np.zeros(0, dtype=np.int64)
    return np.sort(rng.choice(candidates, size=count, replace=False, p=weights / weights.sum()))


def prevent_referrals(setting: AuthoritySetting, casework: Casework, children: Children) -> Records:
    """(referral, day, MASH day, recorded on file, channel panel day, outcome, decided day)."""
    rng, calendar, course = setting.rng, setting.calendar, setting.course
    age = _ages_at_referral(casework, children)
    candidates = np.flatnonzero((age >= 10) & (age < 18))
    chosen = _pick_referrals(rng, casework, candidates, age[candidates] - 9, PREVENT_PER_REFERRAL)
    n = len(chosen)
    day = casework.referrals["day"][chosen]
    sent = course.draw("prevent_sent_to_mash", day, rng)
    decided = calendar.add(day, rng.integers(10, 41, n))
    outcome = weighted_codes(rng, PREVENT_OUTCOMES, n, PREVENT_OUTCOME)
    return {
        "referral": chosen,
        "day": day,
        "mash_day": np.where(sent, calendar.add(day, rng.integers(0, 3, n)), NO_DATE),
        "recorded": course.draw("prevent_recorded_on_file", day, rng),
        "channel_day": np.where(outcome == PREVENT_OUTCOME.index("CHANNEL"), decided, NO_DATE),
        "outcome": outcome,
        "decided": decided,
    }


def homeless_presentations(setting: AuthoritySetting, casework: Casework, children: Children) -> Records:
    """(referral, day, advised of s20 rights, assessment index or -1, outcome, outcome day)."""
    rng, calendar, course = setting.rng, setting.calendar, setting.course
    age = _ages_at_referral(casework, children)
    candidates = np.flatnonzero((age >= 16) & (age < 18))
    chosen = _pick_referrals(rng, casework, candidates, np.ones(len(candidates)), HOMELESS_PER_REFERRAL)
    n = len(chosen)
    day = casework.referrals["day"][chosen]
    # The referral's first assessment, where it had one and the presentation was assessed.
    assessments = casework.assessments
    first_assessment = np.full(len(casework.referrals["day"]), -1)
    initial = np.flatnonzero(~assessments["reassessment"])
    first_assessment[assessments["referral"][initial]] = initial
    assessed = course.draw("homeless_assessed", day, rng) & (first_assessment[chosen] >= 0)
    advised = course.draw("homeless_advised_s20", day, rng)
    accommodated = rng.random(n) < course.value("homeless_accommodated_s20", day) * np.where(advised, 1.0, 0.2)
    outcome = np.where(
        accommodated,
        HOMELESS_OUTCOME.index("S20_LOOKED_AFTER"),
        weighted_codes(rng, HOMELESS_OTHER_OUTCOMES, n, HOMELESS_OUTCOME),
    )
    return {
        "referral": chosen,
        "day": day,
        "advised": advised,
        "assessment": np.where(assessed, first_assessment[chosen], -1),
        "outcome": outcome,
        "outcome_day": calendar.add(day, rng.integers(5, 31, n)),
    }
