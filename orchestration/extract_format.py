"""The extract format as data: every table, column, code list and relation the loader checks.

This module is the loader's copy of docs/extract-format.md. Everything else in the loader (raw
table layouts, parsing, the validation rules, the Dagster asset specs) is derived from it, so a
column added here is loaded, typed, validated and documented in the UI without further code.
"""

from __future__ import annotations

import graphlib
from dataclasses import dataclass, field
from enum import Enum

# The SSD's own limit on identifier length; longer values are quarantined.
MAX_IDENTIFIER_LENGTH = 48


class Kind(Enum):
    """What a column holds; decides its raw type, how it is parsed and which rules apply."""

    IDENTIFIER = "identifier"
    TEXT = "text"
    CODE = "code"
    DATE = "date"
    FLAG = "flag"
    INTEGER = "integer"
    TEXT_ARRAY = "text array"
    CODE_ARRAY = "code array"


@dataclass(frozen=True)
class CodeList:
    """A fixed list of codes, with the plain name rule texts use for it."""

    name: str
    codes: tuple[str, ...]


def _codes(name: str, codes: str) -> CodeList:
    return CodeList(name, tuple(codes.split()))


SEX = _codes("sex codes", "M F U")
ETHNICITY = _codes(
    "CIN census ethnicity codes",
    "WBRI WIRI WIRT WOTH WROM MWBC MWBA MWAS MOTH AIND APKN ABAN AOTH BCRB BAFR BOTH CHNE OOTH "
    "REFU NOBT",
)
DISABILITY = _codes("disability codes", "NONE MOB HAND PC INC COMM LD HEAR VIS BEH CON AUT DDA")
PRIMARY_NEED = _codes("CIN primary need codes", "N0 N1 N2 N3 N4 N5 N6 N7 N8 N9")
REFERRAL_SOURCE = _codes(
    "referral source codes",
    "1A 1B 1C 1D 2A 2B 3A 3B 3C 3D 3E 3F 4 5A 5B 5C 5D 6 7 8 9 10",
)
CLOSE_REASON = _codes("CIN closure reason codes", "RC1 RC2 RC3 RC4 RC5 RC6 RC7 RC8 RC9")
CP_CATEGORY = _codes("child protection plan categories", "NEG PHY SAB EMO MUL")
ASSESSMENT_FACTORS = _codes(
    "CIN census assessment factor codes",
    "1A 1B 1C 2A 2B 2C 3A 3B 3C 4A 4B 4C 5A 5B 5C 6A 6B 6C 7A 8B 8C 8D 8E 8F 9A 10A 11A 12A "
    "13A 14A 15A 16A 17A 18B 18C 19B 19C 20 21 22A 23A 24A",
)
AGENCIES = _codes(
    "strategy discussion agencies", "CSC POLICE HEALTH EDUCATION PROBATION HOUSING OTHER"
)
STRATEGY_OUTCOME = _codes("strategy discussion outcomes", "S47 NFA OTHER")
NOTE_TYPE = _codes(
    "case note types",
    "MANAGEMENT_OVERSIGHT SUPERVISION CHRONOLOGY_UPDATE DIRECT_WORK OTHER",
)
PREVENT_OUTCOME = _codes(
    "Prevent referral outcomes", "CHANNEL NO_FURTHER_ACTION OTHER_SUPPORT OPEN"
)
HOMELESS_OUTCOME = _codes(
    "homeless presentation outcomes",
    "S20_LOOKED_AFTER S17_SUPPORT RETURNED_HOME HOUSING_ONLY DECLINED OTHER",
)
AUDIT_AREA = _codes(
    "case audit areas",
    "ASSESSMENT PLAN CHILD_PROTECTION DISABLED_CHILDREN MANAGEMENT_OVERSIGHT OTHER",
)
AUDIT_GRADE = _codes("case audit grades", "OUTSTANDING GOOD REQUIRES_IMPROVEMENT INADEQUATE")

# Dates that may legitimately lie after the extract date (planned or expected events).
FUTURE_DATES_ALLOWED = frozenset(
    {"icpc_icpc_target_date", "cppr_cp_review_due", "pers_expected_dob", "dpay_end_date"}
)

# Columns that identify a child directly; they never leave the raw layer.
DIRECT_IDENTIFIERS = (
    "pers_forename",
    "pers_surname",
    "pers_upn",
    "pers_legacy_id",
    "pers_single_unique_id",
    "pers_dob",
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind
    required: bool = False
    codes: CodeList | None = None

    @property
    def future_allowed(self) -> bool:
        return self.name in FUTURE_DATES_ALLOWED


@dataclass(frozen=True)
class DatePair:
    """An end date that must not come before its start date."""

    start: str
    end: str


@dataclass(frozen=True)
class ParentReference:
    """A column naming a row of another table that must be there (and not quarantined)."""

    column: str
    parent_table: str
    parent_column: str
    parent_noun: str
    exempt_when: str | None = None  # a flag column that, when true, excuses a missing parent
    exemption: str = ""  # the exemption in plain words, for the rule text


@dataclass(frozen=True)
class ExtractTable:
    name: str
    description: str
    columns: tuple[Column, ...]
    optional: bool = False
    date_pairs: tuple[DatePair, ...] = ()
    parents: tuple[ParentReference, ...] = ()
    # Unknown extra columns go to raw.<table>.extra_columns, unless they could carry free text.
    keeps_extra_columns: bool = True
    column_names: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_names", frozenset(c.name for c in self.columns))
        for pair in self.date_pairs:
            assert {pair.start, pair.end} <= self.column_names, (self.name, pair)
        for parent in self.parents:
            assert parent.column in self.column_names, (self.name, parent)

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def identifier(self) -> Column:
        """The table's own identifier: its first column, unique within a file."""
        return self.columns[0]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def columns_of(self, *kinds: Kind) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.kind in kinds)

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    @property
    def dates_not_after_extract(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns_of(Kind.DATE) if not c.future_allowed)

    @property
    def child_references(self) -> tuple[Column, ...]:
        """Columns naming a child, who must be in ssd_person."""
        if self.name == PERSON_TABLE:
            return ()
        return tuple(c for c in self.columns if c.name.endswith("_person_id"))


PERSON_TABLE = "ssd_person"
_ID, _TEXT, _CODE, _DATE, _FLAG = Kind.IDENTIFIER, Kind.TEXT, Kind.CODE, Kind.DATE, Kind.FLAG


def _required(name: str, kind: Kind, codes: CodeList | None = None) -> Column:
    return Column(name, kind, required=True, codes=codes)


def _optional(name: str, kind: Kind, codes: CodeList | None = None) -> Column:
    return Column(name, kind, required=False, codes=codes)


def _referral_of(column: str) -> ParentReference:
    return ParentReference(column, "ssd_cin_episodes", "cine_referral_id", "referral")


TABLES: tuple[ExtractTable, ...] = (
    ExtractTable(
        "ssd_person",
        "One row per child.",
        (
            _required("pers_person_id", _ID),
            _optional("pers_legacy_id", _ID),
            _optional("pers_upn", _TEXT),
            _optional("pers_forename", _TEXT),
            _optional("pers_surname", _TEXT),
            _required("pers_sex", _CODE, SEX),
            _optional("pers_gender", _TEXT),
            _required("pers_ethnicity", _CODE, ETHNICITY),
            _required("pers_dob", _DATE),
            _optional("pers_single_unique_id", _ID),
            _optional("pers_upn_unknown", _TEXT),
            _optional("pers_send_flag", _FLAG),
            _optional("pers_expected_dob", _DATE),
            _optional("pers_death_date", _DATE),
            _optional("pers_nationality", _TEXT),
        ),
    ),
    ExtractTable(
        "ssd_disability",
        "Zero or more disability codes per child.",
        (
            _required("disa_table_id", _ID),
            _required("disa_person_id", _ID),
            _required("disa_disability_code", _CODE, DISABILITY),
        ),
    ),
    ExtractTable(
        "ssd_contacts",
        "Contacts.",
        (
            _required("cont_contact_id", _ID),
            _required("cont_person_id", _ID),
            _required("cont_contact_date", _DATE),
            _optional("cont_contact_source_code", _TEXT),
            _optional("cont_contact_source_desc", _TEXT),
            _optional("cont_contact_outcome_json", Kind.TEXT_ARRAY),
        ),
        optional=True,
    ),
    ExtractTable(
        "ssd_cin_episodes",
        "One row per referral (children in need episodes).",
        (
            _required("cine_referral_id", _ID),
            _required("cine_person_id", _ID),
            _required("cine_referral_date", _DATE),
            _optional("cine_cin_primary_need_code", _CODE, PRIMARY_NEED),
            _optional("cine_referral_source_code", _CODE, REFERRAL_SOURCE),
            _optional("cine_referral_source_desc", _TEXT),
            _optional("cine_referral_outcome_json", Kind.TEXT_ARRAY),
            _required("cine_referral_nfa", _FLAG),
            _optional("cine_close_reason", _CODE, CLOSE_REASON),
            _optional("cine_close_date", _DATE),
            _required("cine_referral_team", _TEXT),
            _optional("cine_referral_worker_id", _ID),
        ),
        date_pairs=(DatePair("cine_referral_date", "cine_close_date"),),
    ),
    ExtractTable(
        "ssd_cin_assessments",
        "Child and family assessments.",
        (
            _required("cina_assessment_id", _ID),
            _required("cina_person_id", _ID),
            _required("cina_referral_id", _ID),
            _required("cina_assessment_start_date", _DATE),
            _required("cina_assessment_child_seen", _FLAG),
            _optional("cina_assessment_auth_date", _DATE),
            _optional("cina_assessment_outcome_json", Kind.TEXT_ARRAY),
            _optional("cina_assessment_outcome_nfa", _FLAG),
            _required("cina_assessment_team", _TEXT),
            _optional("cina_assessment_worker_id", _ID),
        ),
        date_pairs=(DatePair("cina_assessment_start_date", "cina_assessment_auth_date"),),
        parents=(_referral_of("cina_referral_id"),),
    ),
    ExtractTable(
        "ssd_assessment_factors",
        "Factors identified at assessment (CIN census codes).",
        (
            _required("cinf_table_id", _ID),
            _required("cinf_assessment_id", _ID),
            _required("cinf_assessment_factors_json", Kind.CODE_ARRAY, ASSESSMENT_FACTORS),
        ),
    ),
    ExtractTable(
        "ssd_cin_plans",
        "Child in need plans.",
        (
            _required("cinp_cin_plan_id", _ID),
            _required("cinp_referral_id", _ID),
            _required("cinp_person_id", _ID),
            _required("cinp_cin_plan_start_date", _DATE),
            _optional("cinp_cin_plan_end_date", _DATE),
            _optional("cinp_cin_plan_team", _TEXT),
            _optional("cinp_cin_plan_worker_id", _ID),
        ),
        optional=True,
        date_pairs=(DatePair("cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),),
    ),
    ExtractTable(
        "ssd_cin_visits",
        "Visits to children in need, including during assessments.",
        (
            _required("cinv_cin_visit_id", _ID),
            _required("cinv_person_id", _ID),
            _required("cinv_cin_visit_date", _DATE),
            _required("cinv_cin_visit_seen", _FLAG),
            _optional("cinv_cin_visit_seen_alone", _FLAG),
            _optional("cinv_cin_visit_bedroom", _FLAG),
        ),
    ),
    ExtractTable(
        "ssd_s47_enquiry",
        "Section 47 enquiries.",
        (
            _required("s47e_s47_enquiry_id", _ID),
            _required("s47e_referral_id", _ID),
            _required("s47e_person_id", _ID),
            _required("s47e_s47_start_date", _DATE),
            _optional("s47e_s47_end_date", _DATE),
            _optional("s47e_s47_nfa", _FLAG),
            _optional("s47e_s47_outcome_json", Kind.TEXT_ARRAY),
            _required("s47e_s47_completed_by_team", _TEXT),
            _optional("s47e_s47_completed_by_worker_id", _ID),
        ),
        date_pairs=(DatePair("s47e_s47_start_date", "s47e_s47_end_date"),),
        parents=(_referral_of("s47e_referral_id"),),
    ),
    ExtractTable(
        "ssd_initial_cp_conference",
        "Initial child protection conferences.",
        (
            _required("icpc_icpc_id", _ID),
            _optional("icpc_icpc_meeting_id", _ID),
            _required("icpc_s47_enquiry_id", _ID),
            _required("icpc_person_id", _ID),
            _optional("icpc_cp_plan_id", _ID),
            _optional("icpc_referral_id", _ID),
            _required("icpc_icpc_transfer_in", _FLAG),
            _optional("icpc_icpc_target_date", _DATE),
            _required("icpc_icpc_date", _DATE),
            _required("icpc_icpc_outcome_cp_flag", _FLAG),
            _optional("icpc_icpc_outcome_json", Kind.TEXT_ARRAY),
            _optional("icpc_icpc_team", _TEXT),
            _optional("icpc_icpc_worker_id", _ID),
        ),
        parents=(
            ParentReference(
                "icpc_s47_enquiry_id",
                "ssd_s47_enquiry",
                "s47e_s47_enquiry_id",
                "S47 enquiry",
                exempt_when="icpc_icpc_transfer_in",
                exemption="conferences flagged as transfers in are exempt",
            ),
        ),
    ),
    ExtractTable(
        "ssd_cp_plans",
        "Child protection plans.",
        (
            _required("cppl_cp_plan_id", _ID),
            _optional("cppl_referral_id", _ID),
            _optional("cppl_icpc_id", _ID),
            _required("cppl_person_id", _ID),
            _required("cppl_cp_plan_start_date", _DATE),
            _optional("cppl_cp_plan_end_date", _DATE),
            _optional("cppl_cp_plan_ola", _FLAG),
            _optional("cppl_cp_plan_initial_category", _CODE, CP_CATEGORY),
            _optional("cppl_cp_plan_latest_category", _CODE, CP_CATEGORY),
        ),
        date_pairs=(DatePair("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),),
    ),
    ExtractTable(
        "ssd_cp_visits",
        "Visits to children on a child protection plan.",
        (
            _required("cppv_cp_visit_id", _ID),
            _required("cppv_person_id", _ID),
            _required("cppv_cp_plan_id", _ID),
            _required("cppv_cp_visit_date", _DATE),
            _required("cppv_cp_visit_seen", _FLAG),
            _optional("cppv_cp_visit_seen_alone", _FLAG),
            _optional("cppv_cp_visit_bedroom", _FLAG),
        ),
    ),
    ExtractTable(
        "ssd_cp_reviews",
        "Child protection reviews.",
        (
            _required("cppr_cp_review_id", _ID),
            _required("cppr_person_id", _ID),
            _required("cppr_cp_plan_id", _ID),
            _required("cppr_cp_review_due", _DATE),
            _optional("cppr_cp_review_date", _DATE),
            _optional("cppr_cp_review_meeting_id", _ID),
            _optional("cppr_cp_review_outcome_continue_cp", _FLAG),
            _optional("cppr_cp_review_quorate", _FLAG),
            _optional("cppr_cp_review_participation", _TEXT),
        ),
        optional=True,
    ),
    ExtractTable(
        "ssd_professionals",
        "Workers.",
        (
            _required("prof_professional_id", _ID),
            _optional("prof_staff_id", _ID),
            _optional("prof_professional_name", _TEXT),
            _optional("prof_agency_worker_flag", _FLAG),
            _optional("prof_professional_job_title", _TEXT),
            _optional("prof_professional_department", _TEXT),
        ),
        optional=True,
    ),
    ExtractTable(
        "ssd_department",
        "Teams; team columns elsewhere hold dept_team_id when this table is present.",
        (
            _required("dept_team_id", _ID),
            _required("dept_team_name", _TEXT),
            _optional("dept_team_parent_id", _ID),
            _optional("dept_team_parent_name", _TEXT),
        ),
        optional=True,
    ),
    ExtractTable(
        "ext_strategy_discussions",
        "Strategy discussions (extension table).",
        (
            _required("strd_strategy_discussion_id", _ID),
            _required("strd_person_id", _ID),
            _optional("strd_referral_id", _ID),
            _optional("strd_s47_enquiry_id", _ID),
            _required("strd_discussion_date", _DATE),
            _required("strd_agencies_json", Kind.CODE_ARRAY, AGENCIES),
            _optional("strd_outcome", _CODE, STRATEGY_OUTCOME),
        ),
        optional=True,
    ),
    ExtractTable(
        "ext_case_notes",
        "Case note types and dates: management oversight, supervision, chronology updates "
        "(extension table). Free text is never loaded.",
        (
            _required("note_case_note_id", _ID),
            _required("note_person_id", _ID),
            _optional("note_referral_id", _ID),
            _required("note_note_date", _DATE),
            _required("note_note_type", _CODE, NOTE_TYPE),
            _optional("note_worker_id", _ID),
            _optional("note_team", _TEXT),
        ),
        optional=True,
        keeps_extra_columns=False,
    ),
    ExtractTable(
        "ext_prevent_referrals",
        "Prevent referrals: children vulnerable to radicalisation (extension table).",
        (
            _required("prev_prevent_referral_id", _ID),
            _required("prev_person_id", _ID),
            _required("prev_referral_date", _DATE),
            _optional("prev_mash_referral_date", _DATE),
            _required("prev_recorded_on_file", _FLAG),
            _optional("prev_channel_panel_date", _DATE),
            _optional("prev_outcome", _CODE, PREVENT_OUTCOME),
        ),
        optional=True,
    ),
    ExtractTable(
        "ext_homeless_presentations",
        "16- and 17-year-olds presenting as homeless (extension table).",
        (
            _required("hpre_presentation_id", _ID),
            _required("hpre_person_id", _ID),
            _required("hpre_presentation_date", _DATE),
            _required("hpre_advised_of_s20_rights", _FLAG),
            _optional("hpre_assessment_id", _ID),
            _optional("hpre_outcome", _CODE, HOMELESS_OUTCOME),
            _optional("hpre_outcome_date", _DATE),
        ),
        optional=True,
        date_pairs=(DatePair("hpre_presentation_date", "hpre_outcome_date"),),
    ),
    ExtractTable(
        "ext_direct_payments",
        "Direct payments to families of disabled children (extension table).",
        (
            _required("dpay_direct_payment_id", _ID),
            _required("dpay_person_id", _ID),
            _required("dpay_start_date", _DATE),
            _optional("dpay_end_date", _DATE),
            _optional("dpay_last_review_date", _DATE),
            _required("dpay_review_interval_months", Kind.INTEGER),
        ),
        optional=True,
        date_pairs=(DatePair("dpay_start_date", "dpay_end_date"),),
    ),
    ExtractTable(
        "ext_case_audits",
        "Practice audits and their moderation (extension table).",
        (
            _required("audi_audit_id", _ID),
            _required("audi_person_id", _ID),
            _required("audi_audit_date", _DATE),
            _required("audi_audit_area", _CODE, AUDIT_AREA),
            _required("audi_grade", _CODE, AUDIT_GRADE),
            _optional("audi_moderated", _FLAG),
            _optional("audi_team", _TEXT),
        ),
        optional=True,
    ),
)

TABLES_BY_NAME: dict[str, ExtractTable] = {table.name: table for table in TABLES}


def tables_parents_first() -> tuple[ExtractTable, ...]:
    """Every table after the tables it refers to, so a parent's quarantine is known first."""
    graph: dict[str, set[str]] = {}
    for table in TABLES:
        depends_on = {parent.parent_table for parent in table.parents}
        if table.child_references:
            depends_on.add(PERSON_TABLE)
        graph[table.name] = depends_on
    order = graphlib.TopologicalSorter(graph).static_order()
    return tuple(TABLES_BY_NAME[name] for name in order)
