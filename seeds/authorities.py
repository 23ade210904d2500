"""The synthetic authorities: their codes, sizes, practice profiles and which tables they send.

Authority codes
---------------
The format calls ``la_code`` the authority's three-digit DfE code and reserves ``9xx`` for
synthetic data. Not every 9xx code is free, though: county councils hold real codes from
908 to 943 (908 Cornwall, 909 Cumbria, 916 Gloucestershire, 919 Hertfordshire, 921 Isle of
Wight, 925 Lincolnshire, ... 940/941 the Northamptonshires, 942 Cumberland, 943 Westmorland
and Furness), and new unitary councils have been given the next free numbers in that run.
So the generator uses, in this order:

1. 901-907 (authority 1 is 901, the demo authority);
2. 950-999, clear of the county run and of the numbers it is likely to grow into;
3. 100-199: no English authority code begins with 1 (real codes run from 201).

That is 157 codes, all three digits and none a real authority's; asking for more is an error.

Which optional tables an authority sends
----------------------------------------
Authority 1 always sends all 21 tables. From authority 2 on, a fixed cycle of ten patterns
leaves some optional tables out, so the warehouse's "not available" path is exercised with
as few as two authorities (authority 2 has no ``ext_direct_payments``, 3 no
``ext_case_audits`` and no ``ssd_department`` (its team columns hold team names), 4 no
``ext_prevent_referrals`` ...). See ``ABSENT_TABLE_CYCLE``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seeds.profiles import PROFILES

AUTHORITY_CODES: tuple[str, ...] = tuple(
    [str(code) for code in range(901, 908)]
    + [str(code) for code in range(950, 1000)]
    + [str(code) for code in range(100, 200)]
)
MAX_AUTHORITIES = len(AUTHORITY_CODES)

ABSENT_TABLE_CYCLE: tuple[frozenset[str], ...] = (
    frozenset({"ext_direct_payments"}),
    frozenset({"ext_case_audits", "ssd_department"}),
    frozenset({"ext_prevent_referrals"}),
    frozenset(),
    frozenset({"ssd_contacts", "ssd_cp_reviews"}),
    frozenset({"ext_case_notes"}),
    frozenset(),
    frozenset({"ext_strategy_discussions", "ext_homeless_presentations"}),
    frozenset({"ssd_cin_plans", "ssd_professionals"}),
    frozenset(),
)

# Sizes of the other authorities relative to the first: log-normal, clipped, so a national
# landing area holds small shire-like and large city-like councils around the given size.
SIZE_LOG_SD = 0.45
SIZE_RANGE = (0.3, 3.0)
QUALITY_OFFSET_RANGE = 0.15


@dataclass(frozen=True)
class Authority:
    number: int  # 1-based position in the run
    la_code: str
    profile: str  # typical, struggling or improving
    referrals_per_year: int
    quality_offset: float
    absent_tables: frozenset[str]
    seed: tuple[int, ...]  # the authority's own random stream


def plan_authorities(count: int, *, seed: int, profile: str, referrals_per_year: int) -> list[Authority]:
    """The authorities of one run, each fixed by the run's seed and its position."""
    if not 1 <= count <= MAX_AUTHORITIES:
        raise ValueError(
            f"authorities must be between 1 and {MAX_AUTHORITIES} (the number of fictional "
            f"three-digit codes available), got {count}"
        )
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    rng = np.random.default_rng([seed, 0])
    sizes = np.exp(rng.normal(0.0, SIZE_LOG_SD, count))
    offsets = rng.uniform(-QUALITY_OFFSET_RANGE, QUALITY_OFFSET_RANGE, count)
    mixed = rng.choice(np.array(["typical", "struggling", "improving"]), count)
    authorities = []
    for index in range(count):
        first = index == 0
        if profile == "mixed":
            own_profile = "improving" if first else str(mixed[index])
        else:
            own_profile = profile
        size = 1.0 if first else float(np.clip(sizes[index], *SIZE_RANGE))
        authorities.append(Authority(
            number=index + 1,
            la_code=AUTHORITY_CODES[index],
            profile=own_profile,
            referrals_per_year=max(1, round(referrals_per_year * size)),
            quality_offset=0.0 if first else float(offsets[index]),
            absent_tables=frozenset() if first else ABSENT_TABLE_CYCLE[(index - 1) % len(ABSENT_TABLE_CYCLE)],
            seed=(seed, index + 1),
        ))
    return authorities
