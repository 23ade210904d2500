"""The referral stream and the children behind it.

The stream comes first: referral days drawn over the history with fewer on weekends, bank
holidays, in August and over Christmas, and none on Christmas Day. Each referral's casework
is then played out (``casework``), which fixes when its episode closes. Only then are
referrals joined into children: a referral that the profile makes a *re-referral* is linked to
an earlier referral whose episode had already closed, dated within the 12 months before it
(or, for an older history, more than a year before). Linked referrals form one child's chain
of episodes, which therefore never overlap.

Linking this way keeps the re-referral rate at the profile's level from the first months of
the history: a re-referral in the history's first year is linked to an earlier referral
*inside* the history (its gap is shortened in proportion), so the rate does not start low
because the years before the history are missing. Disabled and other children are linked
within their own groups, so a child's disability is the same on every referral.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seeds.extract_format import ETHNICITY, SEX
from seeds.working_days import WorkingCalendar

DAYS_PER_YEAR = 365.25
WEEKDAY_WEIGHT = np.array([1.0, 1.0, 1.0, 1.0, 0.95, 0.3, 0.25])
MATCH_ROUNDS = 8
MATCH_WINDOW = 24

# Age at first referral, by whole year 0..17: many babies, then an adolescent peak.
AGE_WEIGHTS = np.array(
    [11, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5.5, 5.5, 6, 6.5, 7, 7.5, 7.5, 6.5], dtype=np.float64
)
SEX_WEIGHTS = {"M": 0.515, "F": 0.48, "U": 0.005}
# England's children in need: about two thirds White, a tenth Mixed, 8-10% Asian, 6-8% Black.
ETHNICITY_WEIGHTS = {
    "WBRI": 58.0, "WIRI": 0.5, "WIRT": 0.3, "WOTH": 7.5, "WROM": 0.7,
    "MWBC": 4.0, "MWBA": 1.5, "MWAS": 1.5, "MOTH": 3.0,
    "AIND": 1.5, "APKN": 4.0, "ABAN": 1.0, "AOTH": 2.5,
    "BCRB": 1.5, "BAFR": 3.5, "BOTH": 2.0,
    "CHNE": 0.3, "OOTH": 2.7, "REFU": 0.5, "NOBT": 3.5,
}
DISABLED_SHARE = 0.12


def referral_days(
    rng: np.random.Generator, calendar: WorkingCalendar, start: int, end: int, per_year: float
) -> np.ndarray:
    """Sorted referral days over [start, end]."""
    days = np.arange(start, end + 1, dtype=np.int64)
    offset = days - calendar.first
    weight = WEEKDAY_WEIGHT[calendar.weekday[offset]].copy()
    weight[calendar.is_holiday[offset]] = 0.3
    weight[calendar.month[offset] == 8] *= 0.8
    festive = ((calendar.month[offset] == 12) & (calendar.day_of_month[offset] >= 20)) | (
        (calendar.month[offset] == 1) & (calendar.day_of_month[offset] <= 2)
    )
    weight[festive] *= 0.7
    weight[calendar.is_christmas_day[offset]] = 0.0
    count = max(1, round(per_year * len(days) / DAYS_PER_YEAR))
    return np.sort(rng.choice(days, size=count, p=weight / weight.sum()))


def _first_eligible(
    pool_days: np.ndarray,
    pool_close: np.ndarray,
    used: np.ndarray,
    targets: np.ndarray,
    lowest: np.ndarray,
    highest: np.ndarray,
    referral_day: np.ndarray,
) -> np.ndarray:
    """For each target day, the nearest unused pool referral dated within [lowest, highest]
    whose episode closed before ``referral_day``; -1 where none is near."""
    offsets = np.empty(2 * MATCH_WINDOW + 1, dtype=np.int64)
    offsets[0] = 0
    offsets[1::2] = np.arange(1, MATCH_WINDOW + 1)
    offsets[2::2] = -np.arange(1, MATCH_WINDOW + 1)
    position = np.searchsorted(pool_days, targets)
    candidates = np.clip(position[:, None] + offsets[None, :], 0, len(pool_days) - 1)
    day = pool_days[candidates]
    eligible = (
        (day >= lowest[:, None])
        & (day <= highest[:, None])
        & (pool_close[candidates] < referral_day[:, None])
        & ~used[candidates]
    )
    found = eligible.any(axis=1)
    chosen = candidates[np.arange(len(targets)), eligible.argmax(axis=1)]
    return np.where(found, chosen, -1)


def link_rereferrals(
    rng: np.random.Generator,
    days: np.ndarray,
    closes: np.ndarray,
    groups: np.ndarray,
    within_12m: np.ndarray,
    after_12m: np.ndarray,
    history_start: int,
) -> np.ndarray:
    """The earlier referral each re-referral belongs with (its predecessor), or -1.

    ``days`` must be sorted. ``within_12m``/``after_12m`` say which referrals the profile
    makes re-referrals; the few that find no eligible predecessor become new children.
    """
    predecessor = np.full(len(days), -1, dtype=np.int64)
    for group in np.unique(groups):
        members = np.flatnonzero(groups == group)
        pool_days, pool_close = days[members], closes[members]
        used = np.zeros(len(members), dtype=bool)
        for wanted, recent in ((within_12m[members], True), (after_12m[members] & ~within_12m[members], False)):
            waiting = np.flatnonzero(wanted)
            for _ in range(MATCH_ROUNDS):
                if len(waiting) == 0:
                    break
                day = pool_days[waiting]
                elapsed = day - history_start
                if recent:
                    gap = 7 + 357 * rng.beta(1.1, 1.7, len(waiting))
                    # In the first year the gap shrinks so the predecessor is inside the history.
                    gap = 1 + (gap - 1) * np.minimum(1.0, elapsed / 365.0)
                    lowest, highest = day - 364, day - 1
                else:
                    gap = 366 + rng.random(len(waiting)) * np.maximum(elapsed - 366, 0)
                    lowest, highest = np.full(len(waiting), history_start), day - 366
                targets = np.round(day - gap).astype(np.int64)
                chosen = _first_eligible(pool_days, pool_close, used, targets, lowest, highest, day)
                # One successor per predecessor: among rivals a random one wins.
                order = rng.permutation(np.flatnonzero(chosen >= 0))
                _, first = np.unique(chosen[order], return_index=True)
                winners = order[first]
                used[chosen[winners]] = True
                predecessor[members[waiting[winners]]] = members[chosen[winners]]
                waiting = np.delete(waiting, winners)
    return predecessor


def chain_roots(predecessor: np.ndarray) -> np.ndarray:
    """The first referral of each referral's chain (pointer jumping; chains run forward)."""
    root = np.where(predecessor >= 0, predecessor, np.arange(len(predecessor)))
    while True:
        jumped = root[root]
        if np.array_equal(jumped, root):
            return root
        root = jumped


@dataclass(frozen=True)
class Children:
    """One row per child; referrals point at their child by ``child_of_referral``."""

    child_of_referral: np.ndarray
    first_referral: np.ndarray  # referral index of each child's first referral
    sex: np.ndarray  # index into SEX
    ethnicity: np.ndarray  # index into ETHNICITY
    birth_day: np.ndarray
    disabled: np.ndarray

    @property
    def count(self) -> int:
        return len(self.first_referral)


def weighted_codes(
    rng: np.random.Generator, weights: dict[str, float], size: int, codes: tuple[str, ...]
) -> np.ndarray:
    """``size`` draws from the weighted names, as indices into the code list ``codes``."""
    names = list(weights)
    p = np.array([weights[n] for n in names], dtype=np.float64)
    picks = rng.choice(len(names), size=size, p=p / p.sum())
    return np.array([codes.index(n) for n in names], dtype=np.int64)[picks]


def build_children(
    rng: np.random.Generator,
    days: np.ndarray,
    predecessor: np.ndarray,
    disabled_referral: np.ndarray,
) -> Children:
    """Children from referral chains, with sex, ethnicity and a birth day that keeps every
    referral of the child between ages 0 and 17."""
    root = chain_roots(predecessor)
    roots, child_of_referral = np.unique(root, return_inverse=True)
    count = len(roots)
    span = np.zeros(count, dtype=np.int64)
    np.maximum.at(span, child_of_referral, days - days[root])
    age_years = rng.choice(len(AGE_WEIGHTS), size=count, p=AGE_WEIGHTS / AGE_WEIGHTS.sum())
    age_days = np.floor((age_years + rng.random(count)) * DAYS_PER_YEAR).astype(np.int64)
    latest_allowed = np.floor(18 * DAYS_PER_YEAR).astype(np.int64) - 2 - span
    age_days = np.clip(age_days, 0, latest_allowed)
    return Children(
        child_of_referral=child_of_referral,
        first_referral=roots,
        sex=weighted_codes(rng, SEX_WEIGHTS, count, SEX),
        ethnicity=weighted_codes(rng, ETHNICITY_WEIGHTS, count, ETHNICITY),
        birth_day=days[roots] - age_days,
        disabled=disabled_referral[roots],
    )
