"""Disabled children: their disability codes and the direct payments made to their families.

About 12% of children in need are disabled (a code other than ``NONE``); half of the others
carry an explicit ``NONE`` row (a third of them) or none at all. A quarter of the disabled children
whose case the Children with Disabilities Team assessed get a direct payment, reviewed every
12 (sometimes 6) months where practice is typical; where it struggles a due review is mostly
missed and looked at again each quarter, so reviews fall years behind.
"""

from __future__ import annotations

import numpy as np

from seeds.authority_setting import AuthoritySetting
from seeds.casework import Casework, Records
from seeds.extract_format import DISABILITY, NO_DATE
from seeds.population import Children

# Weights of the codes other than NONE, in DISABILITY order from MOB.
CODE_WEIGHTS = np.array([0.06, 0.05, 0.04, 0.03, 0.12, 0.25, 0.03, 0.02, 0.08, 0.06, 0.25, 0.01])
CODES_PER_CHILD = np.array([0.6, 0.3, 0.1])
NONE_RECORDED_SHARE = 0.3
DIRECT_PAYMENT_SHARE = 0.25
DAYS_PER_MONTH = 30.44


def disability_rows(rng: np.random.Generator, children: Children) -> Records:
    """(child, code index) rows: distinct weighted codes for disabled children."""
    disabled = np.flatnonzero(children.disabled)
    how_many = rng.choice(np.arange(1, len(CODES_PER_CHILD) + 1), len(disabled), p=CODES_PER_CHILD)
    # Weighted sampling without replacement: sort exponential race keys per child.
    keys = rng.exponential(1.0, (len(disabled), len(CODE_WEIGHTS))) / CODE_WEIGHTS
    ranked = np.argsort(keys, axis=1)
    slot = np.arange(len(CODE_WEIGHTS))[None, :] < how_many[:, None]
    owner = np.repeat(disabled, how_many)
    codes = ranked[slot] + 1  # +1 skips NONE
    others = np.flatnonzero(~children.disabled)
    with_none = others[rng.random(len(others)) < NONE_RECORDED_SHARE]
    child = np.concatenate([owner, with_none])
    code = np.concatenate([codes, np.full(len(with_none), DISABILITY.index("NONE"))])
    order = np.argsort(child, kind="stable")
    return {"child": child[order], "code": code[order]}


def direct_payments(setting: AuthoritySetting, children: Children, casework: Casework) -> Records:
    """(child, start, end, interval months, review days as a 2-D array padded with NO_DATE)."""
    rng, calendar, course, extract_day = setting.rng, setting.calendar, setting.course, setting.extract_day
    disability_team = setting.workforce.disability_team
    assessments = casework.assessments
    referral_team = casework.referrals["team"][assessments["referral"]]
    eligible = (referral_team == disability_team) & ~assessments["reassessment"]
    child = children.child_of_referral[assessments["referral"][eligible]]
    first_auth = np.full(children.count, np.iinfo(np.int64).max)
    np.minimum.at(first_auth, child, assessments["auth"][eligible])
    candidates = np.flatnonzero(first_auth < np.iinfo(np.int64).max)
    chosen = candidates[rng.random(len(candidates)) < DIRECT_PAYMENT_SHARE]
    n = len(chosen)
    start = calendar.roll_forward(first_auth[chosen] + rng.integers(14, 121, n))
    ends = rng.random(n) < 0.3
    end = np.where(ends, calendar.roll_forward(start + rng.integers(200, 1400, n)), NO_DATE)
    interval = np.where(rng.random(n) < 0.85, 12, 6)
    stop = np.minimum(np.where(ends, end, extract_day), extract_day)
    reviews: list[np.ndarray] = []
    due = start + np.round(interval * DAYS_PER_MONTH).astype(np.int64)
    while True:
        active = due <= stop
        if not active.any():
            break
        on_time = active & course.draw("dp_review_on_time", due, rng)
        held = calendar.roll_forward(due - rng.integers(0, 31, n))
        reviews.append(np.where(on_time, held, NO_DATE))
        due = np.where(on_time, held + np.round(interval * DAYS_PER_MONTH).astype(np.int64), due + 91)
    review_days = np.stack(reviews, axis=1) if reviews else np.full((n, 1), NO_DATE)
    return {"child": chosen, "start": start, "end": end, "interval": interval, "reviews": review_days}
