"""The extract format, as data: the 21 tables, their columns, kinds, code lists and links.

This is the only knowledge of the warehouse the generator has (``docs/extract-format.md``
describes the same format in prose). Column names and order follow the format exactly.

Column kinds, and how the generator holds their values before writing them:

- ``id``: an identifier, held as a non-negative integer and written as the entity's prefix
  and zero-padded digits (``P0000042``); -1 is empty.
- ``date``: a day number (see ``working_days``); ``NO_DATE`` is empty.
- ``flag``: 1 (``Y``), 0 (``N``) or -1 (empty).
- ``code``: an index into the column's code list (from the format); -1 is empty.
- ``text``, ``team``, ``json``: an index into a vocabulary the timeline supplies (names,
  descriptions, team ids or names, JSON arrays); -1 is empty.
- ``integer``: a whole number; -1 is empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NO_DATE = -(2**40)  # far below any real day number, so comparisons with real days are safe

SEX = ("M", "F", "U")
ETHNICITY = (
    "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN",
    "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
)
DISABILITY = (
    "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA",
)
PRIMARY_NEED = ("N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9")
REFERRAL_SOURCE = (
    "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A", "5B",
    "5C", "5D", "6", "7", "8", "9", "10",
)
CLOSE_REASON = ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9")
CP_CATEGORY = ("NEG", "PHY", "SAB", "EMO", "MUL")
ASSESSMENT_FACTORS = (
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C",
    "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A",
    "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C", "20", "21", "22A", "23A", "24A",
)
AGENCIES = ("CSC", "POLICE", "HEALTH", "EDUCATION", "PROBATION", "HOUSING", "OTHER")
STRATEGY_OUTCOME = ("S47", "NFA", "OTHER")
NOTE_TYPE = ("MANAGEMENT_OVERSIGHT", "SUPERVISION", "CHRONOLOGY_UPDATE", "DIRECT_WORK", "OTHER")
PREVENT_OUTCOME = ("CHANNEL", "NO_FURTHER_ACTION", "OTHER_SUPPORT", "OPEN")
HOMELESS_OUTCOME = (
    "S20_LOOKED_AFTER", "S17_SUPPORT", "RETURNED_HOME", "HOUSING_ONLY", "DECLINED", "OTHER",
)
AUDIT_AREA = (
    "ASSESSMENT", "PLAN", "CHILD_PROTECTION", "DISABLED_CHILDREN", "MANAGEMENT_OVERSIGHT", "OTHER",
)
AUDIT_GRADE = ("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE")

# How each kind of identifier is written: prefix and number of digits.
ENTITY_FORMAT: dict[str, tuple[str, int]] = {
    "person": ("P", 7),
    "legacy": ("LEGACY-", 7),
    "upn": ("SYN", 10),
    "unique": ("SUID-", 7),
    "disability": ("DIS", 7),
    "contact": ("C", 7),
    "referral": ("R", 7),
    "assessment": ("A", 7),
    "factors": ("AF", 7),
    "cin_plan": ("CINP", 7),
    "cin_visit": ("CINV", 7),
    "s47": ("S47-", 7),
    "icpc": ("ICPC-", 7),
    "meeting": ("MTG", 7),
    "cp_plan": ("CPP", 7),
    "cp_visit": ("CPV", 7),
    "cp_review": ("CPR", 7),
    "professional": ("W", 5),
    "staff": ("STAFF", 5),
    "strategy": ("SD", 7),
    "note": ("N", 8),
    "prevent": ("PVR", 7),
    "homeless": ("HP", 7),
    "direct_payment": ("DP", 7),
    "audit": ("AUD", 7),
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id, date, flag, code, text, team, json, integer
    required: bool = False
    entity: str | None = None  # for ids: which entity's identifier
    codes: tuple[str, ...] | None = None  # for codes: the valid list; for json: valid elements


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    optional: bool = False
    # (start column, end column) pairs whose end must not be before the start
    periods: tuple[tuple[str, str], ...] = ()
    # column -> table whose identifier it must name (the parents the format checks)
    parents: dict[str, str] = field(default_factory=dict)

    @property
    def id_column(self) -> str:
        return self.columns[0].name

    @property
    def person_column(self) -> str | None:
        for column in self.columns[1:]:
            if column.entity == "person":
                return column.name
        return None

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")


def _id(name: str, entity: str, required: bool = False) -> Column:
    return Column(name, "id", required, entity=entity)


def _date(name: str, required: bool = False) -> Column:
    return Column(name, "date", required)


def _flag(name: str, required: bool = False) -> Column:
    return Column(name, "flag", required)


def _code(name: str, codes: tuple[str, ...], required: bool = False) -> Column:
    return Column(name, "code", required, codes=codes)


def _text(name: str, required: bool = False) -> Column:
    return Column(name, "text", required)


def _team(name: str, required: bool = False) -> Column:
    return Column(name, "team", required)


def _json(name: str, codes: tuple[str, ...] | None = None, required: bool = False) -> Column:
    return Column(name, "json", required, codes=codes)


TABLES: tuple[Table, ...] = (
    Table("ssd_person", (
        _id("pers_person_id", "person", True),
        _id("pers_legacy_id", "legacy"),
        _id("pers_upn", "upn"),
        _text("pers_forename"),
        _text("pers_surname"),
        _code("pers_sex", SEX, True),
        _text("pers_gender"),
        _code("pers_ethnicity", ETHNICITY, True),
        _date("pers_dob", True),
        _id("pers_single_unique_id", "unique"),
        _text("pers_upn_unknown"),
        _flag("pers_send_flag"),
        _date("pers_expected_dob"),
        _date("pers_death_date"),
        _text("pers_nationality"),
    )),
    Table("ssd_disability", (
        _id("disa_table_id", "disability", True),
        _id("disa_person_id", "person", True),
        _code("disa_disability_code", DISABILITY, True),
    )),
    Table("ssd_contacts", (
        _id("cont_contact_id", "contact", True),
        _id("cont_person_id", "person", True),
        _date("cont_contact_date", True),
        # The format gives contact sources no code list, so any text is valid here.
        _text("cont_contact_source_code"),
        _text("cont_contact_source_desc"),
        _json("cont_contact_outcome_json"),
    ), optional=True),
    Table("ssd_cin_episodes", (
        _id("cine_referral_id", "referral", True),
        _id("cine_person_id", "person", True),
        _date("cine_referral_date", True),
        _code("cine_cin_primary_need_code", PRIMARY_NEED),
        _code("cine_referral_source_code", REFERRAL_SOURCE),
        _text("cine_referral_source_desc"),
        _json("cine_referral_outcome_json"),
        _flag("cine_referral_nfa", True),
        _code("cine_close_reason", CLOSE_REASON),
        _date("cine_close_date"),
        _team("cine_referral_team", True),
        _id("cine_referral_worker_id", "professional"),
    ), periods=(("cine_referral_date", "cine_close_date"),)),
    Table("ssd_cin_assessments", (
        _id("cina_assessment_id", "assessment", True),
        _id("cina_person_id", "person", True),
        _id("cina_referral_id", "referral", True),
        _date("cina_assessment_start_date", True),
        _flag("cina_assessment_child_seen", True),
        _date("cina_assessment_auth_date"),
        _json("cina_assessment_outcome_json"),
        _flag("cina_assessment_outcome_nfa"),
        _team("cina_assessment_team", True),
        _id("cina_assessment_worker_id", "professional"),
    ), periods=(("cina_assessment_start_date", "cina_assessment_auth_date"),),
        parents={"cina_referral_id": "ssd_cin_episodes"}),
    Table("ssd_assessment_factors", (
        _id("cinf_table_id", "factors", True),
        _id("cinf_assessment_id", "assessment", True),
        _json("cinf_assessment_factors_json", ASSESSMENT_FACTORS, True),
    )),
    Table("ssd_cin_plans", (
        _id("cinp_cin_plan_id", "cin_plan", True),
        _id("cinp_referral_id", "referral", True),
        _id("cinp_person_id", "person", True),
        _date("cinp_cin_plan_start_date", True),
        _date("cinp_cin_plan_end_date"),
        _team("cinp_cin_plan_team"),
        _id("cinp_cin_plan_worker_id", "professional"),
    ), optional=True, periods=(("cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),)),
    Table("ssd_cin_visits", (
        _id("cinv_cin_visit_id", "cin_visit", True),
        _id("cinv_person_id", "person", True),
        _date("cinv_cin_visit_date", True),
        _flag("cinv_cin_visit_seen", True),
        _flag("cinv_cin_visit_seen_alone"),
        _flag("cinv_cin_visit_bedroom"),
    )),
    Table("ssd_s47_enquiry", (
        _id("s47e_s47_enquiry_id", "s47", True),
        _id("s47e_referral_id", "referral", True),
        _id("s47e_person_id", "person", True),
        _date("s47e_s47_start_date", True),
        _date("s47e_s47_end_date"),
        _flag("s47e_s47_nfa"),
        _json("s47e_s47_outcome_json"),
        _team("s47e_s47_completed_by_team", True),
        _id("s47e_s47_completed_by_worker_id", "professional"),
    ), periods=(("s47e_s47_start_date", "s47e_s47_end_date"),),
        parents={"s47e_referral_id": "ssd_cin_episodes"}),
    Table("ssd_initial_cp_conference", (
        _id("icpc_icpc_id", "icpc", True),
        _id("icpc_icpc_meeting_id", "meeting"),
        _id("icpc_s47_enquiry_id", "s47", True),
        _id("icpc_person_id", "person", True),
        _id("icpc_cp_plan_id", "cp_plan"),
        _id("icpc_referral_id", "referral"),
        _flag("icpc_icpc_transfer_in", True),
        _date("icpc_icpc_target_date"),
        _date("icpc_icpc_date", True),
        _flag("icpc_icpc_outcome_cp_flag", True),
        _json("icpc_icpc_outcome_json"),
        _team("icpc_icpc_team"),
        _id("icpc_icpc_worker_id", "professional"),
    ), parents={"icpc_s47_enquiry_id": "ssd_s47_enquiry"}),
    Table("ssd_cp_plans", (
        _id("cppl_cp_plan_id", "cp_plan", True),
        _id("cppl_referral_id", "referral"),
        _id("cppl_icpc_id", "icpc"),
        _id("cppl_person_id", "person", True),
        _date("cppl_cp_plan_start_date", True),
        _date("cppl_cp_plan_end_date"),
        _flag("cppl_cp_plan_ola"),
        _code("cppl_cp_plan_initial_category", CP_CATEGORY),
        _code("cppl_cp_plan_latest_category", CP_CATEGORY),
    ), periods=(("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),)),
    Table("ssd_cp_visits", (
        _id("cppv_cp_visit_id", "cp_visit", True),
        _id("cppv_person_id", "person", True),
        _id("cppv_cp_plan_id", "cp_plan", True),
        _date("cppv_cp_visit_date", True),
        _flag("cppv_cp_visit_seen", True),
        _flag("cppv_cp_visit_seen_alone"),
        _flag("cppv_cp_visit_bedroom"),
    )),
    Table("ssd_cp_reviews", (
        _id("cppr_cp_review_id", "cp_review", True),
        _id("cppr_person_id", "person", True),
        _id("cppr_cp_plan_id", "cp_plan", True),
        _date("cppr_cp_review_due", True),
        _date("cppr_cp_review_date"),
        _id("cppr_cp_review_meeting_id", "meeting"),
        _flag("cppr_cp_review_outcome_continue_cp"),
        _flag("cppr_cp_review_quorate"),
        _text("cppr_cp_review_participation"),
    ), optional=True),
    Table("ssd_professionals", (
        _id("prof_professional_id", "professional", True),
        _id("prof_staff_id", "staff"),
        _text("prof_professional_name"),
        _flag("prof_agency_worker_flag"),
        _text("prof_professional_job_title"),
        _team("prof_professional_department"),
    ), optional=True),
    Table("ssd_department", (
        _text("dept_team_id", True),
        _text("dept_team_name", True),
        _text("dept_team_parent_id"),
        _text("dept_team_parent_name"),
    ), optional=True),
    Table("ext_strategy_discussions", (
        _id("strd_strategy_discussion_id", "strategy", True),
        _id("strd_person_id", "person", True),
        _id("strd_referral_id", "referral"),
        _id("strd_s47_enquiry_id", "s47"),
        _date("strd_discussion_date", True),
        _json("strd_agencies_json", AGENCIES, True),
        _code("strd_outcome", STRATEGY_OUTCOME),
    ), optional=True),
    Table("ext_case_notes", (
        _id("note_case_note_id", "note", True),
        _id("note_person_id", "person", True),
        _id("note_referral_id", "referral"),
        _date("note_note_date", True),
        _code("note_note_type", NOTE_TYPE, True),
        _id("note_worker_id", "professional"),
        _team("note_team"),
    ), optional=True),
    Table("ext_prevent_referrals", (
        _id("prev_prevent_referral_id", "prevent", True),
        _id("prev_person_id", "person", True),
        _date("prev_referral_date", True),
        _date("prev_mash_referral_date"),
        _flag("prev_recorded_on_file", True),
        _date("prev_channel_panel_date"),
        _code("prev_outcome", PREVENT_OUTCOME),
    ), optional=True),
    Table("ext_homeless_presentations", (
        _id("hpre_presentation_id", "homeless", True),
        _id("hpre_person_id", "person", True),
        _date("hpre_presentation_date", True),
        _flag("hpre_advised_of_s20_rights", True),
        _id("hpre_assessment_id", "assessment"),
        _code("hpre_outcome", HOMELESS_OUTCOME),
        _date("hpre_outcome_date"),
    ), optional=True),
    Table("ext_direct_payments", (
        _id("dpay_direct_payment_id", "direct_payment", True),
        _id("dpay_person_id", "person", True),
        _date("dpay_start_date", True),
        _date("dpay_end_date"),
        _date("dpay_last_review_date"),
        Column("dpay_review_interval_months", "integer", True),
    ), optional=True, periods=(("dpay_start_date", "dpay_end_date"),)),
    Table("ext_case_audits", (
        _id("audi_audit_id", "audit", True),
        _id("audi_person_id", "person", True),
        _date("audi_audit_date", True),
        _code("audi_audit_area", AUDIT_AREA, True),
        _code("audi_grade", AUDIT_GRADE, True),
        _flag("audi_moderated"),
        _team("audi_team"),
    ), optional=True),
)

TABLES_BY_NAME: dict[str, Table] = {table.name: table for table in TABLES}
OPTIONAL_TABLES: tuple[str, ...] = tuple(t.name for t in TABLES if t.optional)
REQUIRED_TABLES: tuple[str, ...] = tuple(t.name for t in TABLES if not t.optional)
SUCCESS_MARKER = "_SUCCESS"
