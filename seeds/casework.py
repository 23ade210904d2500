"""The statutory path each referral takes, from referral to the episode's close.

Played out for every referral at once, before referrals are joined into children (the close
day decides which later referral may be the same child's). The path, with the profile
setting every rate and pace on the day it applies:

- some referrals end with no further action at once; the rest get a child and family
  assessment (started on the referral's working day or a few days later);
- a share of new concerns go to a strategy discussion and a section 47 enquiry straight
  away; the enquiry may lead to an initial child protection conference (the conversion
  depends on the team's and worker's thresholds), which may start a child protection plan,
  reviewed after three months and then six-monthly and ended at a review;
- after the assessment the case closes (no further action, or stepped down to early help)
  or continues as a child in need plan; during the plan a new incident can bring a strategy
  discussion and enquiry in the *open* case, and perhaps a conference and plan;
- disabled children held by the Children with Disabilities Team stay open for years, with a
  re-assessment each year where practice is typical and only rarely where it is struggling.

Everything is dated on working days; a very few transfers in arrive with their conference.
Transfers in get an enquiry record of their own (started on the day the case arrives), so
that the conference points at an enquiry that exists in the extract.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from seeds.authority_setting import AuthoritySetting
from seeds.extract_format import NO_DATE

Records = dict[str, np.ndarray]

TRANSFER_IN_SHARE = 0.003
DISABLED_TO_DISABILITY_TEAM = 0.7
LONG_TERM_DISABILITY_SHARE = 0.4  # of the disability team's child in need cases
CIN_PLAN_MEDIAN_DAYS = 130
CP_REVIEW_STEPS = 6
# How many reviews a child protection plan lasts (ended at the last), and the share ended early.
CP_REVIEWS_UNTIL_END = np.array([0.33, 0.35, 0.2, 0.08, 0.04])
CP_EARLY_END = 0.07
CP_CATEGORY_WEIGHTS = np.array([0.48, 0.08, 0.04, 0.36, 0.04])  # NEG PHY SAB EMO MUL

# Outcomes after an assessment
OUTCOME_NFA, OUTCOME_EARLY_HELP, OUTCOME_CIN, OUTCOME_CP = 0, 1, 2, 3


def concat(parts: list[Records]) -> Records:
    """Stack record sets that share their columns."""
    return {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}


def take(records: Records, index: np.ndarray) -> Records:
    return {name: values[index] for name, values in records.items()}


@dataclass
class Casework:
    referrals: Records  # day, nfa, transfer_in, team, worker, disabled, outcome, close, close_reason
    assessments: Records  # referral, start, auth, first_seen, team, worker, outcome, reassessment
    assessment_visits: Records  # assessment, day, seen
    s47: Records  # referral, start, end, nfa, icpc, team, worker, transfer_in, open_case
    icpcs: Records  # s47, day, target, cp, transfer_in
    cp_plans: Records  # icpc, referral, start, end, initial, latest, transfer_in
    cp_reviews: Records  # plan, due, held, last
    cin_plans: Records  # referral, start, end, team, worker
    strategy: Records  # referral, s47, day, outcome, open_case


class CaseworkPlayer:
    def __init__(self, setting: AuthoritySetting) -> None:
        self.rng = setting.rng
        self.calendar = setting.calendar
        self.course = setting.course
        self.workforce = setting.workforce
        self.extract_day = setting.extract_day

    # -- assessments -------------------------------------------------------------------
    def assessment_durations(self, teams: np.ndarray, starts: np.ndarray) -> np.ndarray:
        """Working days from start to authorisation: a few quick ones, a log-normal body."""
        rng, course = self.rng, self.course
        quick = course.draw("assessment_quick_share", starts, rng)
        team_pace = np.exp(course.value("assessment_team_spread", starts) * self.workforce.team_tendency[teams])
        median = course.value("assessment_median_wd", starts) * team_pace
        body = median * np.exp(course.value("assessment_log_sd", starts) * rng.standard_normal(len(starts)))
        quick_days = rng.integers(3, 21, len(starts))
        return np.where(quick, quick_days, np.clip(np.round(body), 1, 400)).astype(np.int64)

    def assessments(
        self,
        referral: np.ndarray,
        starts: np.ndarray,
        durations: np.ndarray,
        teams: np.ndarray,
        workers: np.ndarray,
        outcome: np.ndarray,
        reassessment: bool,
    ) -> tuple[Records, Records]:
        """Assessment rows and the visits made during them."""
        rng, course, calendar = self.rng, self.course, self.calendar
        n = len(starts)
        auth = calendar.add(starts, durations)
        seen = course.draw("child_seen", starts, rng)
        offset = np.floor(rng.exponential(course.value("first_seen_mean_wd", starts))).astype(np.int64)
        first_seen_day = calendar.add(starts, np.minimum(offset, durations))
        first_seen = np.where(seen, first_seen_day, NO_DATE)
        start_index = calendar.index_on_or_after(starts)
        auth_index = calendar.index_on_or_after(auth)
        seen_index = calendar.index_on_or_after(first_seen_day)
        further = rng.poisson(course.value("further_seen_visits_mean", starts)) * seen
        owner = np.repeat(np.arange(n), further)
        low, high = seen_index[owner], auth_index[owner]
        further_days = calendar.day_at(low + np.floor(rng.random(len(owner)) * (high - low + 1)).astype(np.int64))
        # A visit where the child was not seen (no access), more often when never seen at all.
        unseen = rng.random(n) < np.where(seen, 0.1, 0.6)
        unseen_owner = np.flatnonzero(unseen)
        low, high = start_index[unseen_owner], auth_index[unseen_owner]
        unseen_days = calendar.day_at(low + np.floor(rng.random(len(unseen_owner)) * (high - low + 1)).astype(np.int64))
        seen_owner = np.flatnonzero(seen)
        visits = {
            "assessment": np.concatenate([seen_owner, owner, unseen_owner]),
            "day": np.concatenate([first_seen_day[seen_owner], further_days, unseen_days]),
            "seen": np.concatenate([
                np.ones(len(seen_owner) + len(owner), dtype=bool), np.zeros(len(unseen_owner), dtype=bool)
            ]),
        }
        records = {
            "referral": referral,
            "start": starts,
            "auth": auth,
            "first_seen": first_seen,
            "team": teams,
            "worker": workers,
            "outcome": outcome,
            "reassessment": np.full(n, reassessment),
        }
        return records, visits

    # -- section 47 enquiries and conferences ------------------------------------------
    def section47(
        self,
        referral: np.ndarray,
        starts: np.ndarray,
        teams: np.ndarray,
        workers: np.ndarray,
        transfer_in: np.ndarray,
        open_case: bool,
    ) -> Records:
        """Enquiries: whether each leads to a conference, when it ends, and the conference."""
        rng, course, calendar, workforce = self.rng, self.course, self.calendar, self.workforce
        n = len(starts)
        threshold = (
            course.value("icpc_team_spread", starts) * workforce.team_tendency[teams]
            + course.value("icpc_worker_spread", starts) * workforce.worker_tendency[workers]
        )
        conversion = np.clip(course.value("icpc_conversion", starts) * np.exp(threshold), 0.01, 0.95)
        icpc = transfer_in | (rng.random(n) < conversion)
        on_time = course.draw("icpc_within_15wd", starts, rng)
        icpc_wd = np.where(on_time, rng.integers(5, 16, n), rng.integers(16, 41, n))
        icpc_wd = np.where(transfer_in, rng.integers(3, 16, n), icpc_wd)
        end_wd = np.where(icpc, np.maximum(1, icpc_wd - rng.integers(0, 6, n)), rng.integers(3, 26, n))
        icpc_day = calendar.add(starts, icpc_wd)
        cp = icpc & (rng.random(n) < np.where(transfer_in, 0.95, course.value("icpc_cp_plan", icpc_day)))
        return {
            "referral": referral,
            "start": starts,
            "end": calendar.add(starts, end_wd),
            "nfa": ~icpc & (rng.random(n) < 0.45),
            "icpc": icpc,
            "icpc_day": np.where(icpc, icpc_day, NO_DATE),
            "target": calendar.add(starts, 15),
            "cp": cp,
            "team": teams,
            "worker": workers,
            "transfer_in": transfer_in,
            "open_case": np.full(n, open_case),
        }

    def cp_plans(self, starts: np.ndarray) -> tuple[np.ndarray, Records]:
        """End day of each plan and its reviews (due, held, last), ended at its last review."""
        rng, course, calendar = self.rng, self.course, self.calendar
        n = len(starts)
        early = rng.random(n) < CP_EARLY_END
        reviews_until_end = np.where(
            early, 0, rng.choice(np.arange(1, len(CP_REVIEWS_UNTIL_END) + 1), n, p=CP_REVIEWS_UNTIL_END)
        )
        end = calendar.add(starts, rng.integers(5, 56, n))
        previous = starts
        parts: list[Records] = []
        for step in range(1, len(CP_REVIEWS_UNTIL_END) + 1):
            due = calendar.roll_forward(previous + (91 if step == 1 else 182))
            on_time = course.draw("cp_review_on_time", due, rng)
            held = np.where(on_time, due, calendar.add(due, rng.integers(1, 21, n)))
            happens = reviews_until_end >= step
            last = reviews_until_end == step
            end = np.where(last, held, end)
            index = np.flatnonzero(happens)
            parts.append({"plan": index, "due": due[index], "held": held[index], "last": last[index]})
            previous = held
        return end, concat(parts)

    # -- the whole path ----------------------------------------------------------------
    def play(self, days: np.ndarray, disabled: np.ndarray) -> Casework:
        rng, course, calendar, workforce = self.rng, self.course, self.calendar, self.workforce
        n = len(days)
        to_disability_team = disabled & (rng.random(n) < DISABLED_TO_DISABILITY_TEAM)
        team = np.where(
            to_disability_team,
            workforce.disability_team,
            rng.choice(workforce.assessment_teams, n),
        )
        worker = workforce.pick_worker(rng, team)
        nfa = course.draw("referral_nfa", days, rng)
        transfer_in = ~nfa & (rng.random(n) < TRANSFER_IN_SHARE)
        assessed = np.flatnonzero(~nfa)
        working_day = calendar.roll_forward(days)

        # First assessments
        lag = np.where(rng.random(len(assessed)) < 0.6, 0, rng.integers(1, 4, len(assessed)))
        a_start = calendar.add(days[assessed], lag)
        a_duration = self.assessment_durations(team[assessed], a_start)
        a_auth = calendar.add(a_start, a_duration)
        auth = np.full(n, NO_DATE)
        auth[assessed] = a_auth

        # New concerns: strategy discussion and enquiry straight away
        new_concern = assessed[course.draw("s47_new_concern", days[assessed], rng) | transfer_in[assessed]]
        s47_new = self.section47(
            new_concern, working_day[new_concern], team[new_concern], worker[new_concern],
            transfer_in[new_concern], open_case=False,
        )

        # What the assessment leads to
        outcome = np.full(n, -1)
        u = rng.random(len(assessed))
        disability_case = team[assessed] == workforce.disability_team
        p_nfa = course.value("outcome_nfa", a_auth) * np.where(disability_case, 0.4, 1.0)
        p_help = course.value("outcome_early_help", a_auth) * np.where(disability_case, 0.3, 1.0)
        outcome[assessed] = np.where(u < p_nfa, OUTCOME_NFA, np.where(u < p_nfa + p_help, OUTCOME_EARLY_HELP, OUTCOME_CIN))
        outcome[s47_new["referral"][s47_new["cp"]]] = OUTCOME_CP

        # Child in need plans; the disability team's run for years
        cin = np.flatnonzero(outcome == OUTCOME_CIN)
        cin_team = np.where(
            team[cin] == workforce.disability_team,
            workforce.disability_team,
            rng.choice(workforce.family_support_teams, len(cin)),
        )
        cin_start = calendar.add(auth[cin], rng.integers(0, 6, len(cin)))
        long_term = (team[cin] == workforce.disability_team) & (rng.random(len(cin)) < LONG_TERM_DISABILITY_SHARE)
        length = np.where(
            long_term,
            rng.integers(365, 1300, len(cin)),
            np.clip(CIN_PLAN_MEDIAN_DAYS * np.exp(0.55 * rng.standard_normal(len(cin))), 45, 720).astype(np.int64),
        )
        cin_end = calendar.roll_forward(cin_start + length)

        # A new incident in an open child in need case
        start_index = calendar.index_on_or_after(cin_start)
        end_index = calendar.index_on_or_after(cin_end)
        room = end_index - start_index - 15
        incident = np.flatnonzero((room > 0) & course.draw("s47_open_case", cin_start, rng))
        incident_day = calendar.day_at(
            start_index[incident] + 10 + np.floor(rng.random(len(incident)) * room[incident]).astype(np.int64)
        )
        s47_open = self.section47(
            cin[incident], incident_day, team[cin[incident]], worker[cin[incident]],
            np.zeros(len(incident), dtype=bool), open_case=True,
        )
        # A plan replaces the child in need plan from the conference on.
        cp_in_open = incident[s47_open["cp"]]
        cin_end[cp_in_open] = s47_open["icpc_day"][s47_open["cp"]]
        s47 = concat([s47_new, s47_open])

        # Conferences and child protection plans
        conferenced = np.flatnonzero(s47["icpc"])
        planned = np.flatnonzero(s47["cp"])
        plan_start = s47["icpc_day"][planned]
        plan_end, reviews = self.cp_plans(plan_start)
        initial = rng.choice(len(CP_CATEGORY_WEIGHTS), len(planned), p=CP_CATEGORY_WEIGHTS)
        changed = rng.random(len(planned)) < 0.1
        latest = np.where(changed, rng.choice(len(CP_CATEGORY_WEIGHTS), len(planned), p=CP_CATEGORY_WEIGHTS), initial)
        icpc_of_s47 = np.full(len(s47["start"]), -1)
        icpc_of_s47[conferenced] = np.arange(len(conferenced))
        cp_plans = {
            "icpc": icpc_of_s47[planned],
            "referral": s47["referral"][planned],
            "start": plan_start,
            "end": plan_end,
            "initial": initial,
            "latest": latest,
            "transfer_in": s47["transfer_in"][planned],
        }
        icpcs = {
            "s47": conferenced,
            "day": s47["icpc_day"][conferenced],
            "target": s47["target"][conferenced],
            "cp": s47["cp"][conferenced],
            "transfer_in": s47["transfer_in"][conferenced],
        }

        # When each episode closes
        close = working_day.copy()
        after_assessment = calendar.add(auth, rng.integers(0, 4, n))
        close = np.where(np.isin(outcome, (OUTCOME_NFA, OUTCOME_EARLY_HELP)), after_assessment, close)
        close[cin] = cin_end
        plan_close = np.full(n, NO_DATE)
        np.maximum.at(plan_close, cp_plans["referral"], plan_end)
        close = np.maximum(close, plan_close)
        s47_close = np.full(n, NO_DATE)
        np.maximum.at(s47_close, s47["referral"], s47["end"])
        close = np.maximum(np.maximum(close, s47_close), np.where(nfa, NO_DATE, auth))
        close_reason = np.select(
            [nfa | (outcome == OUTCOME_NFA), outcome == OUTCOME_EARLY_HELP],
            [7, 8],  # RC8, RC9 (indices into CLOSE_REASON)
            default=rng.choice([6, 4, 2, 3], n, p=[0.9, 0.06, 0.02, 0.02]),  # RC7, RC5, RC3, RC4
        )

        # Re-assessments of disabled children in long-running cases
        reassessments, reassessment_visits = self.disability_reassessments(
            cin[long_term], auth[cin[long_term]], close[cin[long_term]], team, worker
        )
        first, first_visits = self.assessments(
            assessed, a_start, a_duration, team[assessed], worker[assessed], outcome[assessed], reassessment=False,
        )
        reassessment_visits["assessment"] = reassessment_visits["assessment"] + len(assessed)
        # A case stays open until its last re-assessment is authorised.
        np.maximum.at(close, reassessments["referral"], reassessments["auth"])

        referrals = {
            "day": days,
            "nfa": nfa,
            "transfer_in": transfer_in,
            "team": team,
            "worker": worker,
            "disabled": disabled,
            "outcome": outcome,
            "close": close,
            "close_reason": close_reason,
            "s47_new": np.isin(np.arange(n), new_concern),
        }
        cin_plans = {
            "referral": cin,
            "start": cin_start,
            "end": cin_end,
            "team": cin_team,
            "worker": workforce.pick_worker(rng, cin_team),
        }
        return Casework(
            referrals=referrals,
            assessments=concat([first, reassessments]),
            assessment_visits=concat([first_visits, reassessment_visits]),
            s47=s47,
            icpcs=icpcs,
            cp_plans=cp_plans,
            cp_reviews=reviews,
            cin_plans=cin_plans,
            strategy=self.strategy_discussions(referrals, s47, cin_plans, incident),
        )

    def disability_reassessments(
        self,
        referral: np.ndarray,
        first_auth: np.ndarray,
        close: np.ndarray,
        team: np.ndarray,
        worker: np.ndarray,
    ) -> tuple[Records, Records]:
        """Yearly re-assessments where practice is typical; where it struggles a due
        re-assessment is mostly skipped and looked at again a quarter later."""
        rng, course, calendar = self.rng, self.course, self.calendar
        due = first_auth + 335 + rng.integers(-20, 21, len(referral))
        chosen_referral, chosen_start, chosen_duration = [], [], []
        while True:
            day = calendar.roll_forward(due)
            active = (day + 80 < close) & (day <= self.extract_day)
            if not active.any():
                break
            done = active & course.draw("cwd_annual_reassessment", day, rng)
            index = np.flatnonzero(done)
            duration = self.assessment_durations(team[referral[index]], day[index])
            chosen_referral.append(referral[index])
            chosen_start.append(day[index])
            chosen_duration.append(duration)
            auth = calendar.add(day[index], duration)
            due = np.where(active, due + 91, close)
            due[index] = auth + 335 + rng.integers(-20, 21, len(index))
        referrals = np.concatenate(chosen_referral) if chosen_referral else np.zeros(0, dtype=np.int64)
        starts = np.concatenate(chosen_start) if chosen_start else np.zeros(0, dtype=np.int64)
        durations = np.concatenate(chosen_duration) if chosen_duration else np.zeros(0, dtype=np.int64)
        return self.assessments(
            referrals, starts, durations, team[referrals], worker[referrals],
            np.full(len(referrals), OUTCOME_CIN), reassessment=True,
        )

    def strategy_discussions(
        self, referrals: Records, s47: Records, cin_plans: Records, incident: np.ndarray
    ) -> Records:
        """One discussion before every enquiry (transfers in excepted), and some that lead to
        no enquiry, both for new concerns and in open cases."""
        rng, calendar = self.rng, self.calendar
        held = np.flatnonzero(~s47["transfer_in"])
        assessed_without_s47 = np.flatnonzero(~referrals["nfa"] & ~referrals["s47_new"])
        new_only = assessed_without_s47[rng.random(len(assessed_without_s47)) < 0.07]
        new_day = calendar.add(referrals["day"][new_only], rng.integers(0, 3, len(new_only)))
        quiet_plans = np.setdiff1d(np.arange(len(cin_plans["referral"])), incident)
        open_only = quiet_plans[rng.random(len(quiet_plans)) < 0.06]
        low = calendar.index_on_or_after(cin_plans["start"][open_only])
        high = calendar.index_on_or_after(cin_plans["end"][open_only])
        open_day = calendar.day_at(low + np.floor(rng.random(len(open_only)) * (high - low + 1)).astype(np.int64))
        without = len(new_only) + len(open_only)
        return {
            "referral": np.concatenate([s47["referral"][held], new_only, cin_plans["referral"][open_only]]),
            "s47": np.concatenate([held, np.full(without, -1)]),
            "day": np.concatenate([s47["start"][held], new_day, open_day]),
            "outcome": np.concatenate([
                np.zeros(len(held), dtype=np.int64),  # S47
                rng.choice([1, 2], without, p=[0.55, 0.45]),  # NFA, OTHER
            ]),
            "open_case": np.concatenate([
                s47["open_case"][held], np.zeros(len(new_only), dtype=bool), np.ones(len(open_only), dtype=bool)
            ]),
        }
