"""An authority's whole history, as the 21 extract tables with their censoring rules.

``build_timeline`` plays the history out once (population, casework, recorded work, the
duties to disabled children and adolescents) and lays it into the format's tables; a
snapshot is then ``censoring.censor`` of each table on the snapshot's day.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import numpy as np

from seeds.adolescent_duties import homeless_presentations, prevent_referrals
from seeds.authorities import Authority
from seeds.authority_setting import AuthoritySetting
from seeds.casework import OUTCOME_CIN, OUTCOME_CP, OUTCOME_EARLY_HELP, OUTCOME_NFA, CaseworkPlayer, Records
from seeds.censoring import TimelineTable
from seeds.disabled_children import direct_payments, disability_rows
from seeds.extract_format import (
    AGENCIES, ASSESSMENT_FACTORS, CLOSE_REASON, NO_DATE, PRIMARY_NEED, REFERRAL_SOURCE,
)
from seeds.population import (
    DAYS_PER_YEAR, DISABLED_SHARE, build_children, link_rereferrals, referral_days, weighted_codes,
)
from seeds.profiles import PracticeCourse
from seeds.recorded_work import CIN_PLAN_VISITS, CP_PLAN_VISITS, case_audits, case_notes, visits_through
from seeds.working_days import WorkingCalendar, day_number
from seeds.workforce import JOB_TITLES, SERVICES, Workforce, build_workforce

REFERRAL_SOURCES = {
    "1A": ("Individual: family member, relative or carer", 0.04),
    "1B": ("Individual: acquaintance", 0.01),
    "1C": ("Individual: self", 0.015),
    "1D": ("Individual: other", 0.01),
    "2A": ("Schools", 0.2),
    "2B": ("Education services", 0.015),
    "3A": ("Health services: GP", 0.03),
    "3B": ("Health services: health visitor", 0.03),
    "3C": ("Health services: school nurse", 0.01),
    "3D": ("Health services: other primary health services", 0.02),
    "3E": ("Health services: A&E", 0.04),
    "3F": ("Health services: other", 0.02),
    "4": ("Housing", 0.02),
    "5A": ("Local authority services: social care", 0.05),
    "5B": ("Local authority services: other internal", 0.03),
    "5C": ("Local authority services: external", 0.01),
    "5D": ("Local authority services: early help", 0.05),
    "6": ("Police", 0.29),
    "7": ("Other legal agency", 0.02),
    "8": ("Other", 0.04),
    "9": ("Anonymous", 0.015),
    "10": ("Unknown", 0.02),
}
if tuple(REFERRAL_SOURCES) != REFERRAL_SOURCE:  # descriptions share the codes' indices
    raise ImportError("REFERRAL_SOURCES must list the format's referral source codes in order")
SOURCE_WEIGHTS = {code: weight for code, (_, weight) in REFERRAL_SOURCES.items()}
SOURCE_DESCRIPTIONS = tuple(description for description, _ in REFERRAL_SOURCES.values())
PRIMARY_NEED_WEIGHTS = {
    "N1": 0.55, "N2": 0.03, "N3": 0.04, "N4": 0.17, "N5": 0.12, "N6": 0.03, "N7": 0.01, "N8": 0.03,
    "N9": 0.02,
}
DISABLED_NEED_SHARE = 0.85  # disabled children's referrals to the disability team: N2
EXTRA_CONTACTS_PER_REFERRAL = 0.35
CONTACT_OUTCOMES = ('["REFERRAL"]', '["NFA"]', '["EARLY_HELP"]', '["INFORMATION_ADVICE"]')
REFERRAL_OUTCOMES = ('["NFA"]', '["ASSESSMENT"]', '["ASSESSMENT","STRATEGY_DISCUSSION"]', '["TRANSFER_IN"]')
ASSESSMENT_OUTCOMES = {  # casework outcome -> JSON
    OUTCOME_NFA: '["NFA"]', OUTCOME_EARLY_HELP: '["EARLY_HELP"]', OUTCOME_CIN: '["CIN_PLAN"]', OUTCOME_CP: '["CP_PLAN"]',
}
S47_OUTCOMES = ('["ICPC"]', '["NFA"]', '["CIN_PLAN"]')
ICPC_OUTCOMES = ('["CP_PLAN"]', '["CIN_PLAN"]')
NATIONALITY = {"British": 0.88, "Irish": 0.01, "Polish": 0.02, "Romanian": 0.02, "Pakistani": 0.01,
               "Nigerian": 0.01, "Other": 0.03, "Not known": 0.02}
GENDER = ("Male", "Female", "Not known")
UPN_UNKNOWN = ("UN1", "UN2", "UN3", "UN4", "UN5")
PARTICIPATION = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
LETTERS = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
# Assessment factors: (codes, chance or profile parameter, sub-code weights, lowest age).
FACTOR_GROUPS: tuple[tuple[tuple[str, ...], float | str, tuple[float, ...], int], ...] = (
    (("3A", "3B", "3C"), "factor_domestic_abuse", (0.25, 0.65, 0.1), 0),
    (("4A", "4B", "4C"), "factor_mental_health", (0.2, 0.75, 0.05), 0),
    (("16A",), "factor_neglect", (1.0,), 0),
    (("17A",), 0.17, (1.0,), 0),
    (("1A", "1B", "1C"), 0.16, (0.1, 0.75, 0.15), 0),
    (("2A", "2B", "2C"), 0.16, (0.2, 0.7, 0.1), 0),
    (("5A", "5B", "5C"), 0.06, (0.4, 0.5, 0.1), 0),
    (("6A", "6B", "6C"), 0.07, (0.4, 0.5, 0.1), 0),
    (("7A",), 0.02, (1.0,), 6),
    (("8B", "8C", "8D", "8E", "8F"), 0.004, (0.2, 0.2, 0.2, 0.2, 0.2), 0),
    (("9A",), 0.01, (1.0,), 12),
    (("10A",), 0.04, (1.0,), 10),
    (("11A",), 0.03, (1.0,), 10),
    (("12A",), 0.005, (1.0,), 10),
    (("13A",), 0.02, (1.0,), 10),
    (("14A",), 0.03, (1.0,), 8),
    (("15A",), 0.05, (1.0,), 10),
    (("18B", "18C"), 0.09, (0.6, 0.4), 0),
    (("19B", "19C"), 0.04, (0.6, 0.4), 0),
    (("20",), 0.1, (1.0,), 0),
    (("22A",), 0.003, (1.0,), 0),
    (("23A",), 0.003, (1.0,), 0),
    (("24A",), 0.03, (1.0,), 10),
)
MULTIAGENCY_PARTNERS = {"HEALTH": 0.8, "EDUCATION": 0.65, "PROBATION": 0.1, "HOUSING": 0.06, "OTHER": 0.05}


def json_vocabulary(masks: np.ndarray, codes: tuple[str, ...]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Bit masks over ``codes`` as indices into a vocabulary of JSON arrays (one per distinct
    mask, so the JSON is built once per combination, never once per row)."""
    distinct, index = np.unique(masks, return_inverse=True)
    vocabulary = tuple(
        json.dumps([code for bit, code in enumerate(codes) if int(mask) >> bit & 1], separators=(",", ":"))
        for mask in distinct
    )
    return index.astype(np.int64), vocabulary


def ids(count: int) -> np.ndarray:
    """Identifiers 1..count for the rows of a table."""
    return np.arange(1, count + 1, dtype=np.int64)


def by_day(records: Records) -> Records:
    """Records in date order, so identifiers follow the calendar."""
    order = np.argsort(records["day"], kind="stable")
    return {name: values[order] for name, values in records.items()}


@dataclass
class AuthorityTimeline:
    authority: Authority
    course: PracticeCourse
    tables: dict[str, TimelineTable]  # only the tables the authority sends


class TimelineBuilder:
    def __init__(self, authority: Authority, history_start: date, extract_date: date, calendar: WorkingCalendar):
        self.authority = authority
        rng = np.random.default_rng(list(authority.seed))
        self.setting = AuthoritySetting(
            rng=rng,
            calendar=calendar,
            course=PracticeCourse(authority.profile, history_start, extract_date, authority.quality_offset),
            workforce=build_workforce(rng, authority.referrals_per_year),
            history_start=day_number(history_start),
            extract_day=day_number(extract_date),
        )
        self.rng, self.calendar, self.course = rng, calendar, self.setting.course
        self.workforce: Workforce = self.setting.workforce
        self.start, self.end = self.setting.history_start, self.setting.extract_day
        self.team_labels = self.workforce.team_labels("ssd_department" not in authority.absent_tables)

    def build(self) -> AuthorityTimeline:
        rng, course = self.rng, self.course
        days = referral_days(rng, self.calendar, self.start, self.end, self.authority.referrals_per_year)
        disabled = rng.random(len(days)) < DISABLED_SHARE
        casework = CaseworkPlayer(self.setting).play(days, disabled)
        predecessor = link_rereferrals(
            rng, days, casework.referrals["close"], disabled,
            course.draw("rereferral_within_12m", days, rng), course.draw("rereferral_after_12m", days, rng),
            self.start,
        )
        self.casework = casework
        self.children = build_children(rng, days, predecessor, disabled)
        self.person_of_referral = self.children.child_of_referral + 1
        self.referral_source = self.referral_sources()
        prevent = prevent_referrals(self.setting, casework, self.children)
        homeless = homeless_presentations(self.setting, casework, self.children)
        contacts = self.contacts()
        first_seen = np.full(self.children.count, np.iinfo(np.int64).max)
        np.minimum.at(first_seen, self.children.child_of_referral, days)
        np.minimum.at(first_seen, contacts["person"] - 1, contacts["day"])
        self.first_seen = first_seen
        tables = [
            self.person(),
            self.disability(),
            self.contacts_table(contacts),
            self.episodes(prevent["referral"], homeless["referral"]),
            *self.assessments_and_factors(),
            self.cin_plans(),
            self.cin_visits(),
            *self.enquiries_conferences_plans(),
            self.professionals(),
            self.department(),
            self.strategy_discussions(),
            self.notes(),
            self.prevent(prevent),
            self.homeless(homeless),
            self.direct_payments(),
            self.audits(),
        ]
        return AuthorityTimeline(
            authority=self.authority,
            course=course,
            tables={t.name: t for t in tables if t.name not in self.authority.absent_tables},
        )

    # -- children ----------------------------------------------------------------------
    def person(self) -> TimelineTable:
        rng, children = self.rng, self.children
        n = children.count
        age_at_first = (self.casework.referrals["day"][children.first_referral] - children.birth_day) / DAYS_PER_YEAR
        has_upn = (age_at_first >= 4) & (rng.random(n) < 0.9)
        forenames = tuple(f"Forename-{a}{b}" for a in LETTERS for b in LETTERS)
        surnames = tuple(f"Surname-{a}{b}" for a in LETTERS for b in LETTERS)
        send = rng.random(n) < np.where(children.disabled, 0.7, 0.08)
        nationality = weighted_codes(rng, NATIONALITY, n, tuple(NATIONALITY))
        gender = np.where(rng.random(n) < 0.9, np.minimum(children.sex, 2), -1)
        return TimelineTable(
            "ssd_person",
            {
                "pers_person_id": ids(n),
                "pers_legacy_id": np.where(rng.random(n) < 0.7, rng.permutation(n) + 1, -1),
                "pers_upn": np.where(has_upn, (ids(n) * 7919 + 104729) % 10**10, -1),
                "pers_forename": rng.integers(0, len(forenames), n),
                "pers_surname": rng.integers(0, len(surnames), n),
                "pers_sex": children.sex,
                "pers_gender": gender,
                "pers_ethnicity": children.ethnicity,
                "pers_dob": children.birth_day,
                "pers_single_unique_id": np.where(rng.random(n) < 0.6, ids(n), -1),
                "pers_upn_unknown": np.where(has_upn, -1, np.where(age_at_first < 5, 0, rng.integers(1, 5, n))),
                "pers_send_flag": send.astype(np.int8),
                "pers_expected_dob": np.full(n, NO_DATE),
                "pers_death_date": np.full(n, NO_DATE),
                "pers_nationality": nationality,
            },
            {
                "pers_forename": forenames, "pers_surname": surnames, "pers_gender": GENDER,
                "pers_upn_unknown": UPN_UNKNOWN, "pers_nationality": tuple(NATIONALITY),
            },
            appears=self.first_seen,
        )

    def disability(self) -> TimelineTable:
        rows = disability_rows(self.rng, self.children)
        return TimelineTable(
            "ssd_disability",
            {"disa_table_id": ids(len(rows["child"])), "disa_person_id": rows["child"] + 1, "disa_disability_code": rows["code"]},
            {},
            appears=self.first_seen[rows["child"]],
        )

    def contacts(self) -> Records:
        """Every referral's contact (that day or the day before) and contacts that led to none."""
        rng, calendar, referrals = self.rng, self.calendar, self.casework.referrals
        days = referrals["day"]
        n = len(days)
        day_before = days - 1
        earlier = (rng.random(n) < 0.3) & (day_before >= self.start) & ~calendar.is_christmas_day[day_before - calendar.first]
        extra = int(round(n * EXTRA_CONTACTS_PER_REFERRAL))
        about = rng.integers(0, n, extra)
        # Never before the child was born (nor before the history, nor after the extract date).
        born = self.children.birth_day[self.children.child_of_referral[about]]
        extra_day = np.clip(days[about] + rng.integers(-200, 201, extra), np.maximum(self.start, born), self.end)
        # Off Christmas Day by a day towards the referral (never itself on Christmas Day).
        extra_day = extra_day + calendar.is_christmas_day[extra_day - calendar.first] * np.sign(days[about] - extra_day)
        return by_day({
            "person": np.concatenate([self.person_of_referral, self.person_of_referral[about]]),
            "day": np.concatenate([np.where(earlier, day_before, days), extra_day]),
            "source": np.concatenate([self.referral_source, weighted_codes(rng, SOURCE_WEIGHTS, extra, REFERRAL_SOURCE)]),
            "outcome": np.concatenate([np.zeros(n, dtype=np.int64), rng.choice([1, 2, 3], extra, p=[0.5, 0.3, 0.2])]),
        })

    def referral_sources(self) -> np.ndarray:
        """Who referred: England's mix of sources; transfers in come from another authority."""
        n = len(self.casework.referrals["day"])
        source = weighted_codes(self.rng, SOURCE_WEIGHTS, n, REFERRAL_SOURCE)
        return np.where(self.casework.referrals["transfer_in"], REFERRAL_SOURCE.index("5C"), source)

    def contacts_table(self, contacts: Records) -> TimelineTable:
        n = len(contacts["day"])
        return TimelineTable(
            "ssd_contacts",
            {
                "cont_contact_id": ids(n),
                "cont_person_id": contacts["person"],
                "cont_contact_date": contacts["day"],
                "cont_contact_source_code": contacts["source"],
                "cont_contact_source_desc": contacts["source"],
                "cont_contact_outcome_json": contacts["outcome"],
            },
            {
                "cont_contact_source_code": REFERRAL_SOURCE,
                "cont_contact_source_desc": SOURCE_DESCRIPTIONS,
                "cont_contact_outcome_json": CONTACT_OUTCOMES,
            },
            appears=contacts["day"],
        )

    # -- episodes and assessments --------------------------------------------------------
    def episodes(self, prevent_referrals: np.ndarray, homeless_referrals: np.ndarray) -> TimelineTable:
        rng, referrals, workforce = self.rng, self.casework.referrals, self.workforce
        n = len(referrals["day"])
        source = self.referral_source.copy()
        source[prevent_referrals] = rng.choice([REFERRAL_SOURCE.index("6"), REFERRAL_SOURCE.index("2A")], len(prevent_referrals))
        source[homeless_referrals] = rng.choice([REFERRAL_SOURCE.index("4"), REFERRAL_SOURCE.index("1C")], len(homeless_referrals))
        need = weighted_codes(rng, PRIMARY_NEED_WEIGHTS, n, PRIMARY_NEED)
        disability_case = referrals["team"] == workforce.disability_team
        need = np.where(disability_case & (rng.random(n) < DISABLED_NEED_SHARE), PRIMARY_NEED.index("N2"), need)
        outcome = np.select(
            [referrals["nfa"], referrals["transfer_in"], referrals["s47_new"]], [0, 3, 2], default=1
        )
        # Young people leaving a long-running case at 17 and a half or older go to adult services.
        close = referrals["close"]
        birth = self.children.birth_day[self.children.child_of_referral]
        adult = ((close - birth) / DAYS_PER_YEAR >= 17.5) & (referrals["close_reason"] == CLOSE_REASON.index("RC7"))
        close_reason = np.where(adult, CLOSE_REASON.index("RC6"), referrals["close_reason"])
        return TimelineTable(
            "ssd_cin_episodes",
            {
                "cine_referral_id": ids(n),
                "cine_person_id": self.person_of_referral,
                "cine_referral_date": referrals["day"],
                "cine_cin_primary_need_code": need,
                "cine_referral_source_code": source,
                "cine_referral_source_desc": source,
                "cine_referral_outcome_json": outcome,
                "cine_referral_nfa": referrals["nfa"].astype(np.int8),
                "cine_close_reason": close_reason,
                "cine_close_date": close,
                "cine_referral_team": referrals["team"],
                "cine_referral_worker_id": referrals["worker"] + 1,
            },
            {
                "cine_referral_source_desc": SOURCE_DESCRIPTIONS,
                "cine_referral_outcome_json": REFERRAL_OUTCOMES,
                "cine_referral_team": self.team_labels,
            },
            appears=referrals["day"],
            empty_until=[(close, ("cine_close_reason", "cine_close_date"))],
        )

    def factor_masks(self, assessments: Records) -> np.ndarray:
        rng, course = self.rng, self.course
        n = len(assessments["auth"])
        child = self.children.child_of_referral[assessments["referral"]]
        age = (assessments["auth"] - self.children.birth_day[child]) / DAYS_PER_YEAR
        masks = np.zeros(n, dtype=np.int64)
        for codes, chance, weights, lowest_age in FACTOR_GROUPS:
            p = course.value(chance, assessments["auth"]) if isinstance(chance, str) else np.full(n, chance)
            present = (rng.random(n) < p) & (age >= lowest_age)
            bits = np.array([1 << ASSESSMENT_FACTORS.index(code) for code in codes], dtype=np.int64)
            sub = rng.choice(len(codes), n, p=np.array(weights) / sum(weights))
            masks |= np.where(present, bits[sub], 0)
            # Now and then a second sub-code of the same factor (the parent and the child, say).
            second = present & (rng.random(n) < 0.15)
            masks |= np.where(second, bits[rng.integers(0, len(codes), n)], 0)
        return np.where(masks == 0, 1 << ASSESSMENT_FACTORS.index("21"), masks)

    def assessments_and_factors(self) -> tuple[TimelineTable, TimelineTable]:
        assessments = self.casework.assessments
        n = len(assessments["start"])
        outcome_vocabulary = tuple(ASSESSMENT_OUTCOMES[k] for k in sorted(ASSESSMENT_OUTCOMES))
        auth = assessments["auth"]
        table = TimelineTable(
            "ssd_cin_assessments",
            {
                "cina_assessment_id": ids(n),
                "cina_person_id": self.person_of_referral[assessments["referral"]],
                "cina_referral_id": assessments["referral"] + 1,
                "cina_assessment_start_date": assessments["start"],
                "cina_assessment_child_seen": np.zeros(n, dtype=np.int8),
                "cina_assessment_auth_date": auth,
                "cina_assessment_outcome_json": assessments["outcome"],
                "cina_assessment_outcome_nfa": (assessments["outcome"] == OUTCOME_NFA).astype(np.int8),
                "cina_assessment_team": assessments["team"],
                "cina_assessment_worker_id": assessments["worker"] + 1,
            },
            {"cina_assessment_outcome_json": outcome_vocabulary, "cina_assessment_team": self.team_labels},
            appears=assessments["start"],
            empty_until=[(auth, ("cina_assessment_auth_date", "cina_assessment_outcome_json", "cina_assessment_outcome_nfa"))],
            yes_from=[("cina_assessment_child_seen", assessments["first_seen"])],
        )
        factor_index, factor_vocabulary = json_vocabulary(self.factor_masks(assessments), ASSESSMENT_FACTORS)
        factors = TimelineTable(
            "ssd_assessment_factors",
            {"cinf_table_id": ids(n), "cinf_assessment_id": ids(n), "cinf_assessment_factors_json": factor_index},
            {"cinf_assessment_factors_json": factor_vocabulary},
            appears=auth,
        )
        return table, factors

    def cin_plans(self) -> TimelineTable:
        plans = self.casework.cin_plans
        n = len(plans["start"])
        return TimelineTable(
            "ssd_cin_plans",
            {
                "cinp_cin_plan_id": ids(n),
                "cinp_referral_id": plans["referral"] + 1,
                "cinp_person_id": self.person_of_referral[plans["referral"]],
                "cinp_cin_plan_start_date": plans["start"],
                "cinp_cin_plan_end_date": plans["end"],
                "cinp_cin_plan_team": plans["team"],
                "cinp_cin_plan_worker_id": plans["worker"] + 1,
            },
            {"cinp_cin_plan_team": self.team_labels},
            appears=plans["start"],
            empty_until=[(plans["end"], ("cinp_cin_plan_end_date",))],
        )

    def cin_visits(self) -> TimelineTable:
        rng, course, casework = self.rng, self.course, self.casework
        during = casework.assessment_visits
        seen = during["seen"]
        plans = casework.cin_plans
        through = visits_through(self.setting, plans["start"], np.minimum(plans["end"], self.end), CIN_PLAN_VISITS)
        visits = by_day({
            "person": np.concatenate([
                self.person_of_referral[casework.assessments["referral"][during["assessment"]]],
                self.person_of_referral[plans["referral"][through["owner"]]],
            ]),
            "day": np.concatenate([during["day"], through["day"]]),
            "seen": np.concatenate([seen, through["seen"]]).astype(np.int8),
            "alone": np.concatenate([np.where(seen, course.draw("seen_alone", during["day"], rng), -1), through["alone"]]),
            "bedroom": np.concatenate([np.where(seen, course.draw("bedroom_seen", during["day"], rng), -1), through["bedroom"]]),
        })
        n = len(visits["day"])
        return TimelineTable(
            "ssd_cin_visits",
            {
                "cinv_cin_visit_id": ids(n),
                "cinv_person_id": visits["person"],
                "cinv_cin_visit_date": visits["day"],
                "cinv_cin_visit_seen": visits["seen"],
                "cinv_cin_visit_seen_alone": visits["alone"].astype(np.int8),
                "cinv_cin_visit_bedroom": visits["bedroom"].astype(np.int8),
            },
            {},
            appears=visits["day"],
        )

    # -- child protection --------------------------------------------------------------
    def enquiries_conferences_plans(self) -> tuple[TimelineTable, ...]:
        rng, casework = self.rng, self.casework
        s47, icpcs, plans, reviews = casework.s47, casework.icpcs, casework.cp_plans, casework.cp_reviews
        n_s47, n_icpc, n_plan = len(s47["start"]), len(icpcs["day"]), len(plans["start"])
        s47_outcome = np.select([s47["icpc"], s47["nfa"]], [0, 1], default=2)
        enquiries = TimelineTable(
            "ssd_s47_enquiry",
            {
                "s47e_s47_enquiry_id": ids(n_s47),
                "s47e_referral_id": s47["referral"] + 1,
                "s47e_person_id": self.person_of_referral[s47["referral"]],
                "s47e_s47_start_date": s47["start"],
                "s47e_s47_end_date": s47["end"],
                "s47e_s47_nfa": s47["nfa"].astype(np.int8),
                "s47e_s47_outcome_json": s47_outcome,
                "s47e_s47_completed_by_team": s47["team"],
                "s47e_s47_completed_by_worker_id": s47["worker"] + 1,
            },
            {"s47e_s47_outcome_json": S47_OUTCOMES, "s47e_s47_completed_by_team": self.team_labels},
            appears=s47["start"],
            empty_until=[(s47["end"], ("s47e_s47_end_date", "s47e_s47_nfa", "s47e_s47_outcome_json"))],
        )
        plan_of_icpc = np.full(n_icpc, -1)
        plan_of_icpc[plans["icpc"]] = np.arange(n_plan)
        icpc_referral = s47["referral"][icpcs["s47"]]
        conferences = TimelineTable(
            "ssd_initial_cp_conference",
            {
                "icpc_icpc_id": ids(n_icpc),
                "icpc_icpc_meeting_id": ids(n_icpc),
                "icpc_s47_enquiry_id": icpcs["s47"] + 1,
                "icpc_person_id": self.person_of_referral[icpc_referral],
                "icpc_cp_plan_id": np.where(plan_of_icpc >= 0, plan_of_icpc + 1, -1),
                "icpc_referral_id": icpc_referral + 1,
                "icpc_icpc_transfer_in": icpcs["transfer_in"].astype(np.int8),
                "icpc_icpc_target_date": icpcs["target"],
                "icpc_icpc_date": icpcs["day"],
                "icpc_icpc_outcome_cp_flag": icpcs["cp"].astype(np.int8),
                "icpc_icpc_outcome_json": np.where(icpcs["cp"], 0, 1),
                "icpc_icpc_team": s47["team"][icpcs["s47"]],
                "icpc_icpc_worker_id": s47["worker"][icpcs["s47"]] + 1,
            },
            {"icpc_icpc_outcome_json": ICPC_OUTCOMES, "icpc_icpc_team": self.team_labels},
            appears=icpcs["day"],
            # The target date is only shown once it has passed, so no snapshot looks ahead.
            empty_until=[(icpcs["target"], ("icpc_icpc_target_date",))],
        )
        cp_plans = TimelineTable(
            "ssd_cp_plans",
            {
                "cppl_cp_plan_id": ids(n_plan),
                "cppl_referral_id": plans["referral"] + 1,
                "cppl_icpc_id": plans["icpc"] + 1,
                "cppl_person_id": self.person_of_referral[plans["referral"]],
                "cppl_cp_plan_start_date": plans["start"],
                "cppl_cp_plan_end_date": plans["end"],
                "cppl_cp_plan_ola": plans["transfer_in"].astype(np.int8),
                "cppl_cp_plan_initial_category": plans["initial"],
                "cppl_cp_plan_latest_category": plans["latest"],
            },
            {},
            appears=plans["start"],
            empty_until=[(plans["end"], ("cppl_cp_plan_end_date",))],
        )
        visits = visits_through(self.setting, plans["start"], np.minimum(plans["end"], self.end), CP_PLAN_VISITS)
        n_visit = len(visits["day"])
        visit_order = np.argsort(visits["day"], kind="stable")
        visits = {name: values[visit_order] for name, values in visits.items()}
        cp_visits = TimelineTable(
            "ssd_cp_visits",
            {
                "cppv_cp_visit_id": ids(n_visit),
                "cppv_person_id": self.person_of_referral[plans["referral"][visits["owner"]]],
                "cppv_cp_plan_id": visits["owner"] + 1,
                "cppv_cp_visit_date": visits["day"],
                "cppv_cp_visit_seen": visits["seen"].astype(np.int8),
                "cppv_cp_visit_seen_alone": visits["alone"].astype(np.int8),
                "cppv_cp_visit_bedroom": visits["bedroom"].astype(np.int8),
            },
            {},
            appears=visits["day"],
        )
        n_review = len(reviews["due"])
        held = reviews["held"]
        cp_reviews = TimelineTable(
            "ssd_cp_reviews",
            {
                "cppr_cp_review_id": ids(n_review),
                "cppr_person_id": self.person_of_referral[plans["referral"][reviews["plan"]]],
                "cppr_cp_plan_id": reviews["plan"] + 1,
                "cppr_cp_review_due": reviews["due"],
                "cppr_cp_review_date": held,
                "cppr_cp_review_meeting_id": 500000 + ids(n_review),
                "cppr_cp_review_outcome_continue_cp": (~reviews["last"]).astype(np.int8),
                "cppr_cp_review_quorate": (rng.random(n_review) < 0.92).astype(np.int8),
                "cppr_cp_review_participation": rng.choice(len(PARTICIPATION), n_review, p=[0.05, 0.3, 0.2, 0.15, 0.1, 0.1, 0.05, 0.05]),
            },
            {"cppr_cp_review_participation": PARTICIPATION},
            appears=reviews["due"],
            empty_until=[(held, (
                "cppr_cp_review_date", "cppr_cp_review_meeting_id", "cppr_cp_review_outcome_continue_cp",
                "cppr_cp_review_quorate", "cppr_cp_review_participation",
            ))],
        )
        return enquiries, conferences, cp_plans, cp_visits, cp_reviews

    # -- workforce ---------------------------------------------------------------------
    def professionals(self) -> TimelineTable:
        workforce = self.workforce
        n = len(workforce.worker_team)
        names = tuple(f"Practitioner {i:04d}" for i in range(1, n + 1))
        agency = self.course.draw("agency_worker", np.full(n, self.end), self.rng)
        return TimelineTable(
            "ssd_professionals",
            {
                "prof_professional_id": ids(n),
                "prof_staff_id": ids(n),
                "prof_professional_name": np.arange(n),
                "prof_agency_worker_flag": agency.astype(np.int8),
                "prof_professional_job_title": workforce.worker_title,
                "prof_professional_department": workforce.worker_team,
            },
            {
                "prof_professional_name": names,
                "prof_professional_job_title": JOB_TITLES,
                "prof_professional_department": self.team_labels,
            },
            appears=np.full(n, NO_DATE),
        )

    def department(self) -> TimelineTable:
        workforce = self.workforce
        n = len(workforce.team_ids)
        return TimelineTable(
            "ssd_department",
            {
                "dept_team_id": np.arange(n),
                "dept_team_name": np.arange(n),
                "dept_team_parent_id": workforce.team_service,
                "dept_team_parent_name": workforce.team_service,
            },
            {
                "dept_team_id": workforce.team_ids,
                "dept_team_name": workforce.team_names,
                "dept_team_parent_id": tuple(code for code, _ in SERVICES),
                "dept_team_parent_name": tuple(name for _, name in SERVICES),
            },
            appears=np.full(n, NO_DATE),
        )

    # -- extension tables --------------------------------------------------------------
    def strategy_discussions(self) -> TimelineTable:
        rng, course = self.rng, self.course
        discussions = by_day(self.casework.strategy)
        n = len(discussions["day"])
        day = discussions["day"]
        multiagency = np.where(
            discussions["open_case"],
            course.draw("multiagency_open_case", day, rng),
            course.draw("multiagency_new_concern", day, rng),
        )
        mask = np.where(rng.random(n) < 0.98, 1 << AGENCIES.index("CSC"), 0)
        mask |= np.where(rng.random(n) < 0.97, 1 << AGENCIES.index("POLICE"), 0)
        partners = np.zeros(n, dtype=np.int64)
        for agency, chance in MULTIAGENCY_PARTNERS.items():
            partners |= np.where(rng.random(n) < chance, 1 << AGENCIES.index(agency), 0)
        partners = np.where(partners == 0, 1 << AGENCIES.index("HEALTH"), partners)
        mask |= np.where(multiagency, partners, 0)
        mask = np.where(mask == 0, 1 << AGENCIES.index("CSC"), mask)
        agencies, vocabulary = json_vocabulary(mask, AGENCIES)
        s47 = discussions["s47"]
        s47_start = np.where(s47 >= 0, self.casework.s47["start"][np.maximum(s47, 0)], NO_DATE)
        return TimelineTable(
            "ext_strategy_discussions",
            {
                "strd_strategy_discussion_id": ids(n),
                "strd_person_id": self.person_of_referral[discussions["referral"]],
                "strd_referral_id": discussions["referral"] + 1,
                "strd_s47_enquiry_id": np.where(s47 >= 0, s47 + 1, -1),
                "strd_discussion_date": day,
                "strd_agencies_json": agencies,
                "strd_outcome": discussions["outcome"],
            },
            {"strd_agencies_json": vocabulary},
            appears=day,
            empty_until=[(s47_start, ("strd_s47_enquiry_id",))],
        )

    def notes(self) -> TimelineTable:
        notes = by_day(case_notes(self.setting, self.casework))
        n = len(notes["day"])
        return TimelineTable(
            "ext_case_notes",
            {
                "note_case_note_id": ids(n),
                "note_person_id": self.person_of_referral[notes["referral"]],
                "note_referral_id": notes["referral"] + 1,
                "note_note_date": notes["day"],
                "note_note_type": notes["type"],
                "note_worker_id": notes["worker"] + 1,
                "note_team": self.casework.referrals["team"][notes["referral"]],
            },
            {"note_team": self.team_labels},
            appears=notes["day"],
        )

    def prevent(self, prevent: Records) -> TimelineTable:
        n = len(prevent["day"])
        return TimelineTable(
            "ext_prevent_referrals",
            {
                "prev_prevent_referral_id": ids(n),
                "prev_person_id": self.person_of_referral[prevent["referral"]],
                "prev_referral_date": prevent["day"],
                "prev_mash_referral_date": prevent["mash_day"],
                "prev_recorded_on_file": prevent["recorded"].astype(np.int8),
                "prev_channel_panel_date": prevent["channel_day"],
                "prev_outcome": prevent["outcome"],
            },
            {},
            appears=prevent["day"],
            empty_until=[
                (prevent["mash_day"], ("prev_mash_referral_date",)),
                (prevent["channel_day"], ("prev_channel_panel_date",)),
            ],
            until=[("prev_outcome", prevent["decided"], 3)],  # OPEN until decided
        )

    def homeless(self, homeless: Records) -> TimelineTable:
        n = len(homeless["day"])
        assessment = homeless["assessment"]
        assessment_start = np.where(
            assessment >= 0, self.casework.assessments["start"][np.maximum(assessment, 0)], NO_DATE
        )
        return TimelineTable(
            "ext_homeless_presentations",
            {
                "hpre_presentation_id": ids(n),
                "hpre_person_id": self.person_of_referral[homeless["referral"]],
                "hpre_presentation_date": homeless["day"],
                "hpre_advised_of_s20_rights": homeless["advised"].astype(np.int8),
                "hpre_assessment_id": np.where(assessment >= 0, assessment + 1, -1),
                "hpre_outcome": homeless["outcome"],
                "hpre_outcome_date": homeless["outcome_day"],
            },
            {},
            appears=homeless["day"],
            empty_until=[
                (homeless["outcome_day"], ("hpre_outcome", "hpre_outcome_date")),
                (assessment_start, ("hpre_assessment_id",)),
            ],
        )

    def direct_payments(self) -> TimelineTable:
        payments = direct_payments(self.setting, self.children, self.casework)
        order = np.argsort(payments["start"], kind="stable")
        payments = {name: values[order] for name, values in payments.items()}
        n = len(payments["start"])
        return TimelineTable(
            "ext_direct_payments",
            {
                "dpay_direct_payment_id": ids(n),
                "dpay_person_id": payments["child"] + 1,
                "dpay_start_date": payments["start"],
                "dpay_end_date": payments["end"],
                "dpay_last_review_date": np.full(n, NO_DATE),
                "dpay_review_interval_months": payments["interval"],
            },
            {},
            appears=payments["start"],
            empty_until=[(payments["end"], ("dpay_end_date",))],
            latest_of=[("dpay_last_review_date", payments["reviews"])],
        )

    def audits(self) -> TimelineTable:
        audits = by_day(case_audits(self.setting, self.casework))
        n = len(audits["day"])
        return TimelineTable(
            "ext_case_audits",
            {
                "audi_audit_id": ids(n),
                "audi_person_id": self.person_of_referral[audits["referral"]],
                "audi_audit_date": audits["day"],
                "audi_audit_area": audits["area"],
                "audi_grade": audits["grade"],
                "audi_moderated": audits["moderated"].astype(np.int8),
                "audi_team": audits["team"],
            },
            {"audi_team": self.team_labels},
            appears=audits["day"],
        )


def build_timeline(
    authority: Authority, history_start: date, extract_date: date, calendar: WorkingCalendar
) -> AuthorityTimeline:
    """Play out one authority's history."""
    return TimelineBuilder(authority, history_start, extract_date, calendar).build()
