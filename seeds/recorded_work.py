"""Records of the work done while a case is open: visits during plans, case notes, audits.

These do not change when a case closes, so they are made after the casework is played out,
through each open period, at the cadences below (see ``recurring_events``).
"""

from __future__ import annotations

import numpy as np

from seeds.authority_setting import AuthoritySetting
from seeds.casework import Casework, Records, concat
from seeds.extract_format import AUDIT_AREA, AUDIT_GRADE, NOTE_TYPE
from seeds.recurring_events import Cadence, recurring_events

CIN_PLAN_VISITS = Cadence(every=30, jitter=5, first=(2, 15), kept="cin_visit_kept")
CP_PLAN_VISITS = Cadence(every=9, jitter=1, first=(1, 5), kept="cp_visit_kept")
# Note type -> cadence, and whether the team manager (rather than the social worker) writes it.
NOTE_CADENCES: dict[str, tuple[Cadence, bool]] = {
    "MANAGEMENT_OVERSIGHT": (Cadence(every=20, jitter=1, first=(10, 20), kept="oversight_kept"), True),
    "SUPERVISION": (Cadence(every=120, jitter=10, first=(20, 120), kept="supervision_kept"), True),
    "CHRONOLOGY_UPDATE": (Cadence(every=58, jitter=6, first=(5, 30), kept="chronology_kept"), False),
    "DIRECT_WORK": (Cadence(every=200, jitter=20, first=(5, 200), kept="direct_work_kept"), False),
    "OTHER": (Cadence(every=250, jitter=30, first=(5, 250), kept=None), False),
}
AUDITS_PER_REFERRAL = 0.05
AUDIT_OUTSTANDING_SHARE = 0.1


def visits_through(setting: AuthoritySetting, starts: np.ndarray, ends: np.ndarray, cadence: Cadence) -> Records:
    """Visits through each plan: (owner plan, day, seen, seen alone, bedroom seen)."""
    rng, course = setting.rng, setting.course
    owner, days = recurring_events(setting, starts, ends, cadence)
    seen = course.draw("visit_seen", days, rng)
    return {
        "owner": owner,
        "day": days,
        "seen": seen,
        "alone": np.where(seen, course.draw("seen_alone", days, rng), -1),
        "bedroom": np.where(seen, course.draw("bedroom_seen", days, rng), -1),
    }


def case_notes(setting: AuthoritySetting, casework: Casework) -> Records:
    """Notes through every open episode: (referral, day, type, worker)."""
    rng, calendar, course, workforce = setting.rng, setting.calendar, setting.course, setting.workforce
    referrals = casework.referrals
    open_episodes = np.flatnonzero(~referrals["nfa"])
    starts = referrals["day"][open_episodes]
    ends = np.minimum(referrals["close"][open_episodes], setting.extract_day)
    teams = referrals["team"][open_episodes]
    managers = workforce.manager_of_team[teams]
    workers = referrals["worker"][open_episodes]
    oversight = NOTE_TYPE.index("MANAGEMENT_OVERSIGHT")
    # The manager's decision on the referral, recorded as oversight within two working days.
    decided = course.draw("oversight_at_referral", starts, rng)
    first_day = calendar.add(starts, rng.integers(0, 3, len(starts)))
    parts = [{
        "referral": open_episodes[decided],
        "day": first_day[decided],
        "type": np.full(int(decided.sum()), oversight),
        "worker": managers[decided],
    }]
    for note_type, (cadence, by_manager) in NOTE_CADENCES.items():
        owner, days = recurring_events(setting, starts, ends, cadence)
        parts.append({
            "referral": open_episodes[owner],
            "day": days,
            "type": np.full(len(owner), NOTE_TYPE.index(note_type)),
            "worker": (managers if by_manager else workers)[owner],
        })
    return concat(parts)


def case_audits(setting: AuthoritySetting, casework: Casework) -> Records:
    """Practice audits of open cases: (referral, day, area, grade, moderated, team)."""
    rng, calendar, course, workforce = setting.rng, setting.calendar, setting.course, setting.workforce
    referrals = casework.referrals
    start = referrals["day"] + 20
    end = np.minimum(referrals["close"], setting.extract_day)
    candidates = np.flatnonzero(~referrals["nfa"] & (end > start))
    count = int(round(len(referrals["day"]) * AUDITS_PER_REFERRAL))
    if len(candidates) == 0 or count == 0:
        return {name: np.zeros(0, dtype=np.int64) for name in ("referral", "day", "area", "grade", "moderated", "team")}
    length = (end - start)[candidates].astype(np.float64)
    chosen = rng.choice(candidates, size=count, p=length / length.sum())
    day = calendar.roll_forward(start[chosen] + np.floor(rng.random(count) * (end - start)[chosen]).astype(np.int64))
    team = referrals["team"][chosen]
    had_plan = np.isin(chosen, casework.cp_plans["referral"])
    area = rng.choice(
        [AUDIT_AREA.index(a) for a in ("ASSESSMENT", "PLAN", "MANAGEMENT_OVERSIGHT", "OTHER")],
        count, p=[0.35, 0.3, 0.2, 0.15],
    )
    area = np.where(had_plan & (rng.random(count) < 0.5), AUDIT_AREA.index("CHILD_PROTECTION"), area)
    area = np.where(
        (team == workforce.disability_team) & (rng.random(count) < 0.7), AUDIT_AREA.index("DISABLED_CHILDREN"), area
    )
    good = course.value("audit_good_or_better", day)
    inadequate = course.value("audit_inadequate", day)
    u = rng.random(count)
    grade = np.select(
        [u < good * AUDIT_OUTSTANDING_SHARE, u < good, u < 1 - inadequate],
        [AUDIT_GRADE.index(g) for g in ("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT")],
        default=AUDIT_GRADE.index("INADEQUATE"),
    )
    return {
        "referral": chosen,
        "day": day,
        "area": area,
        "grade": grade,
        "moderated": course.draw("audit_moderated", day, rng),
        "team": team,
    }
