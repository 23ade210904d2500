"""Practice profiles: how well the synthetic authority works, and how that changes over time.

Every practice parameter has a *typical* value (calibrated to published England figures) and
a *struggling* value (the picture of the 2019 focused-visit letter: late assessments, children
seen once, inconsistent conference thresholds, thin oversight, stale chronologies, police-only
strategy discussions in open cases, Prevent and homeless 16/17 duties missed). A profile is a
*quality course* q(t): 0 is struggling, 1 is typical, and a parameter's value on a day is
``struggling + q(t) * (typical - struggling)``.

- ``typical``: q = 1 throughout.
- ``struggling``: q = 0 throughout.
- ``improving`` (the demo): q = 0 until the leadership change, then rising in a straight
  line to 1.1 (a little better than typical) on the extract date. The change is the first
  day of the month nearest the middle of the history (2024-08-01 for the default history
  2022-04-01 to 2026-11-16), so trend charts show a long flat struggling stretch, then a
  steady climb.
- ``mixed`` (for many authorities): authority 1 is improving; the others are typical,
  struggling or improving, drawn from the seed.

Authorities other than the first also get a small fixed quality offset drawn from the seed
(within +/-0.15) so that a national landing area does not hold 150 identical councils.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from seeds.working_days import day_number

PROFILES = ("typical", "struggling", "improving", "mixed")
IMPROVED_QUALITY = 1.1


@dataclass(frozen=True)
class Parameter:
    """One practice parameter: its typical and struggling values and its valid range."""

    typical: float
    struggling: float
    low: float = 0.0
    high: float = 1.0
    # False for parameters that must not be pushed past typical (spreads between teams).
    extrapolate: bool = True


PARAMETERS: dict[str, Parameter] = {
    # Referrals
    "referral_nfa": Parameter(0.08, 0.10),
    "rereferral_within_12m": Parameter(0.225, 0.36),
    "rereferral_after_12m": Parameter(0.07, 0.07),
    # Assessments: duration in working days is a mixture of quick assessments and a
    # log-normal body whose median and spread the profile sets.
    "assessment_quick_share": Parameter(0.12, 0.05),
    "assessment_median_wd": Parameter(34.5, 41.5, 5.0, 200.0),
    "assessment_log_sd": Parameter(0.27, 0.45, 0.05, 2.0),
    "assessment_team_spread": Parameter(0.03, 0.15, 0.0, 1.0, extrapolate=False),
    "child_seen": Parameter(0.97, 0.84),
    "first_seen_mean_wd": Parameter(2.2, 9.0, 0.2, 60.0),
    "further_seen_visits_mean": Parameter(1.3, 0.3, 0.0, 10.0),
    "seen_alone": Parameter(0.65, 0.3),
    "bedroom_seen": Parameter(0.5, 0.25),
    # What an assessment leads to (the rest become a child in need plan)
    "outcome_nfa": Parameter(0.40, 0.48),
    "outcome_early_help": Parameter(0.18, 0.10),
    # Section 47 enquiries and conferences
    "s47_new_concern": Parameter(0.29, 0.27),
    "s47_open_case": Parameter(0.16, 0.16),
    "icpc_conversion": Parameter(0.30, 0.29),
    "icpc_team_spread": Parameter(0.06, 0.62, 0.0, 2.0, extrapolate=False),
    "icpc_worker_spread": Parameter(0.08, 0.35, 0.0, 2.0, extrapolate=False),
    "icpc_within_15wd": Parameter(0.80, 0.55),
    "icpc_cp_plan": Parameter(0.86, 0.80),
    "cp_review_on_time": Parameter(0.95, 0.75),
    # Strategy discussions: share with an agency other than children's services and police
    "multiagency_new_concern": Parameter(0.92, 0.75),
    "multiagency_open_case": Parameter(0.88, 0.12),
    # Visits during plans (kept share of a regular cadence)
    "cin_visit_kept": Parameter(0.92, 0.6),
    "cp_visit_kept": Parameter(0.96, 0.62),
    "visit_seen": Parameter(0.95, 0.85),
    # Case notes (kept share of a regular cadence)
    "oversight_at_referral": Parameter(0.95, 0.55),
    "oversight_kept": Parameter(0.96, 0.42),
    "supervision_kept": Parameter(0.9, 0.5),
    "chronology_kept": Parameter(0.93, 0.28),
    "direct_work_kept": Parameter(0.7, 0.35),
    # Assessment factors recorded (share of completed assessments)
    "factor_domestic_abuse": Parameter(0.40, 0.21),
    "factor_mental_health": Parameter(0.35, 0.31),
    "factor_neglect": Parameter(0.20, 0.08),
    # Disabled children: annual re-assessment, direct payment reviews
    "cwd_annual_reassessment": Parameter(0.93, 0.1),
    "dp_review_on_time": Parameter(0.9, 0.2),
    # Prevent referrals and homeless 16/17-year-olds
    "prevent_sent_to_mash": Parameter(0.93, 0.3),
    "prevent_recorded_on_file": Parameter(0.95, 0.35),
    "homeless_advised_s20": Parameter(0.9, 0.2),
    "homeless_assessed": Parameter(0.92, 0.5),
    "homeless_accommodated_s20": Parameter(0.35, 0.06),
    # Audits: share graded good or better, share of those outstanding, inadequate share
    "audit_good_or_better": Parameter(0.6, 0.14),
    "audit_inadequate": Parameter(0.08, 0.36),
    "audit_moderated": Parameter(0.45, 0.08),
    # Workforce
    "agency_worker": Parameter(0.12, 0.35),
}


def leadership_change_date(history_start: date, extract_date: date) -> date:
    """The first day of the month nearest the middle of the history."""
    middle = date.fromordinal((history_start.toordinal() + extract_date.toordinal()) // 2)
    this_month = middle.replace(day=1)
    next_month = (this_month.replace(day=28).toordinal() + 4)
    next_month_start = date.fromordinal(next_month).replace(day=1)
    if (middle - this_month).days <= (next_month_start - middle).days:
        return this_month
    return next_month_start


class PracticeCourse:
    """An authority's practice quality over time, and the parameter values it implies."""

    def __init__(
        self,
        profile: str,
        history_start: date,
        extract_date: date,
        quality_offset: float = 0.0,
    ) -> None:
        if profile not in ("typical", "struggling", "improving"):
            raise ValueError(f"unknown practice profile {profile!r}")
        self.profile = profile
        self.quality_offset = quality_offset
        self.change_date = (
            leadership_change_date(history_start, extract_date) if profile == "improving" else None
        )
        self._change = day_number(self.change_date) if self.change_date else None
        self._end = day_number(extract_date)

    def quality(self, days: np.ndarray) -> np.ndarray:
        days = np.asarray(days, dtype=np.float64)
        if self.profile == "typical":
            q = np.ones_like(days)
        elif self.profile == "struggling":
            q = np.zeros_like(days)
        else:
            span = max(self._end - self._change, 1)
            q = np.clip((days - self._change) / span, 0.0, 1.0) * IMPROVED_QUALITY
        return q + self.quality_offset

    def value(self, name: str, days: np.ndarray) -> np.ndarray:
        """The parameter's value on each day."""
        parameter = PARAMETERS[name]
        q = self.quality(days)
        if not parameter.extrapolate:
            q = np.clip(q, 0.0, 1.0)
        values = parameter.struggling + q * (parameter.typical - parameter.struggling)
        return np.clip(values, parameter.low, parameter.high)

    def draw(self, name: str, days: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A yes/no draw per day with the parameter's probability on that day."""
        days = np.asarray(days)
        return rng.random(days.shape) < self.value(name, days)
