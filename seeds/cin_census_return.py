"""The DfE children in need census returns of an authority: the same children and events as its
SSD extract, as one XML file per collection year.

A return covers its collection year, 1 April to 31 March of its reference date, and is read
here from the SSD tables censored to its reference date (``censoring``), put into DuckDB as the
extract would hold them (``snapshot_writer.register_typed_view``):

- every child with a children in need episode (an ``ssd_cin_episodes`` row, from its referral
  to its close) open at any time in the year, after the reference date a year before: closed
  after it, or still open;
- each such episode, with its assessments (and their factors), CIN plans, section 47 enquiries
  (each with the date of its initial conference), child protection plans (with their review
  conferences held) as the extract holds them on the reference date. Every conference of the
  extract follows an enquiry, so each is given in its Section47 element (a return cannot say a
  child was transferred in).


The element names and their order are the format's description
(``orchestration/formats/cin_census.yaml``) as DfE returns write them. Above defect rate 0 a
return has what real ones have (``write_return``): older element names (``GenderCurrent``), a
block this warehouse does not know (pre-proceedings), dates as ``DD/MM/YYYY`` (which the
loader quarantines), episodes delivered twice and episodes without a referral date.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import duckdb
import numpy as np

from orchestration.formats.description import load_format
from seeds.snapshot_writer import register_typed_view

CIN_CENSUS = load_format("cin_census")
FILE_NAME = CIN_CENSUS.delivery["file_name"]

# The SSD tables a return is read from.
SOURCE_TABLES = frozenset({
    "ssd_person", "ssd_disability", "ssd_cin_episodes", "ssd_cin_assessments",
    "ssd_assessment_factors", "ssd_cin_plans", "ssd_s47_enquiry", "ssd_initial_cp_conference",
    "ssd_cp_plans", "ssd_cp_reviews",
})
DEFECT_KINDS = ("old_element_names", "unknown_block", "uk_date", "duplicate_episode", "no_referral_date")
_SEX = {"M": "1", "F": "2", "U": "0"}

_QUERIES = {
    "children": """
        SELECT pers_person_id, pers_upn, pers_dob, pers_expected_dob, pers_sex, pers_ethnicity,
               pers_death_date
        FROM ssd_person
        WHERE pers_person_id IN (SELECT cine_person_id FROM episodes)
        ORDER BY pers_person_id""",
    "disabilities": """
        SELECT disa_person_id, disa_disability_code FROM ssd_disability
        QUALIFY row_number() OVER (PARTITION BY disa_person_id, disa_disability_code ORDER BY disa_table_id) = 1
        ORDER BY disa_person_id, disa_table_id""",
    "episodes": """
        SELECT cine_person_id, cine_referral_id, cine_referral_date, cine_referral_source_code,
               cine_cin_primary_need_code, cine_close_date, cine_close_reason, cine_referral_nfa
        FROM episodes
        ORDER BY cine_person_id, cine_referral_date, cine_referral_id""",
    "assessments": """
        SELECT a.cina_referral_id, a.cina_assessment_start_date, a.cina_assessment_auth_date,
               (SELECT list_sort(list_distinct(flatten(list(f.cinf_assessment_factors_json::VARCHAR[]))))
                FROM ssd_assessment_factors AS f WHERE f.cinf_assessment_id = a.cina_assessment_id)
                   AS factors
        FROM ssd_cin_assessments AS a
        ORDER BY a.cina_assessment_start_date, a.cina_assessment_id""",
    "cin_plans": """
        SELECT cinp_referral_id, cinp_cin_plan_start_date, cinp_cin_plan_end_date FROM ssd_cin_plans
        ORDER BY cinp_cin_plan_start_date, cinp_cin_plan_id""",
    "s47_enquiries": """
        SELECT s.s47e_referral_id, s.s47e_s47_start_date, icpc.icpc_icpc_target_date,
               icpc.icpc_icpc_date, s.s47e_s47_end_date IS NOT NULL AND icpc.icpc_icpc_id IS NULL
                   AS not_required
        FROM ssd_s47_enquiry AS s
        LEFT JOIN ssd_initial_cp_conference AS icpc ON icpc.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id
        QUALIFY row_number() OVER (PARTITION BY s.s47e_s47_enquiry_id ORDER BY icpc.icpc_icpc_date) = 1
        ORDER BY s.s47e_s47_start_date, s.s47e_s47_enquiry_id""",
    "cp_plans": """
        SELECT p.cppl_referral_id, p.cppl_cp_plan_id, p.cppl_cp_plan_start_date, p.cppl_cp_plan_end_date,
               p.cppl_cp_plan_initial_category, p.cppl_cp_plan_latest_category,
               (SELECT count(*) FROM ssd_cp_plans AS earlier
                WHERE earlier.cppl_person_id = p.cppl_person_id
                  AND earlier.cppl_cp_plan_start_date < p.cppl_cp_plan_start_date) AS previous
        FROM ssd_cp_plans AS p
        ORDER BY p.cppl_cp_plan_start_date, p.cppl_cp_plan_id""",
    "reviews": """
        SELECT cppr_cp_plan_id, cppr_cp_review_date FROM ssd_cp_reviews
        WHERE cppr_cp_review_date IS NOT NULL
        ORDER BY cppr_cp_review_date, cppr_cp_review_id""",
}


def reference_dates(first_day: date, last_day: date) -> list[date]:
    """The 31 Marches that end a collection year wholly inside the history, oldest first."""
    first = first_day.year + (1 if first_day > date(first_day.year, 4, 1) else 0)
    return [date(year, 3, 31) for year in range(first + 1, last_day.year + 1) if date(year, 3, 31) <= last_day]


def write_return(
    connection: duckdb.DuckDBPyConnection,
    tables: dict[str, tuple[dict[str, np.ndarray], dict[str, tuple[str, ...]]]],
    folder: Path,
    la_code: str,
    reference_date: date,
    rng: np.random.Generator,
    defect_rate: float,
) -> dict:
    """Write the return of the year to `reference_date` into `folder`; its counts and defects."""
    for name, (columns, vocabularies) in tables.items():
        register_typed_view(connection, name, columns, vocabularies)
    year_before = date(reference_date.year - 1, 3, 31)
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE episodes AS SELECT * FROM ssd_cin_episodes "
        "WHERE cine_referral_date <= $reference AND (cine_close_date IS NULL OR cine_close_date > $before)",
        {"reference": reference_date, "before": year_before},
    )
    rows = {name: connection.execute(sql).fetchall() for name, sql in _QUERIES.items()}
    by_referral = {
        name: _grouped(rows[name], 0) for name in ("assessments", "cin_plans", "s47_enquiries", "cp_plans")
    }
    disabilities = _grouped(rows["disabilities"], 0)
    episodes = _grouped(rows["episodes"], 0)
    reviews = _grouped(rows["reviews"], 0)
    defects = dict.fromkeys(DEFECT_KINDS, 0)

    def defect(kind: str) -> bool:
        hit = defect_rate > 0 and rng.random() < defect_rate
        defects[kind] += hit
        return bool(hit)

    old_names = defect("old_element_names")  # the whole return, as an older system writes it
    parts = [_header(la_code, reference_date)]
    counts = defaultdict(int)
    for child in rows["children"]:
        person, upn, dob, expected, sex, ethnicity, death = child
        counts["children"] += 1
        sex_element = "GenderCurrent" if old_names else "Sex"
        identifiers = (
            _element("LAchildID", person) + _element("UPN", upn)
            + _element("PersonBirthDate", _day(dob)) + _element("ExpectedPersonBirthDate", _day(expected))
            + _element(sex_element, _SEX.get(sex)) + _element("PersonDeathDate", _day(death))
        )
        codes = [code for _, code in disabilities.get(person, [])] or ["NONE"]
        characteristics = _element("Ethnicity", ethnicity) + (
            "<Disabilities>" + "".join(_element("Disability", code) for code in codes) + "</Disabilities>"
        )
        body = [f"<ChildIdentifiers>{identifiers}</ChildIdentifiers>",
                f"<ChildCharacteristics>{characteristics}</ChildCharacteristics>"]
        for episode in episodes.get(person, []):
            counts["episodes"] += 1
            text = _episode(episode, by_referral, reviews, defect, counts, old_names)
            body.append(text)
            if defect("duplicate_episode"):
                body.append(text)
        parts.append("<Child>" + "".join(body) + "</Child>\n")
    parts.append("</Children>\n</Message>\n")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / FILE_NAME).write_text("".join(parts), encoding="utf-8")
    return {"records": dict(counts), "defects": defects}


def _episode(episode, by_referral, reviews, defect, counts, old_names) -> str:
    (_, referral_id, referral_date, source, need, close_date, close_reason, nfa) = episode
    referral_day = None if defect("no_referral_date") else _day(referral_date)
    if referral_day and defect("uk_date"):
        referral_day = referral_date.strftime("%d/%m/%Y")
    parts = [
        _element("CINreferralDate", referral_day), _element("ReferralSource", source),
        _element("PrimaryNeedCode", need), _element("CINclosureDate", _day(close_date)),
        _element("ReasonForClosure", close_reason),
        _element("ReferralNFA", "true" if nfa == 1 else "false"),
    ]
    for _, start, authorised, factors in by_referral["assessments"].get(referral_id, []):
        counts["assessments"] += 1
        listed = "".join(_element("AssessmentFactors", code) for code in factors or [])
        if listed and not old_names:
            listed = f"<FactorsIdentifiedAtAssessment>{listed}</FactorsIdentifiedAtAssessment>"
        parts.append(
            "<Assessments>" + _element("AssessmentActualStartDate", _day(start))
            + _element("AssessmentAuthorisationDate", _day(authorised)) + listed + "</Assessments>"
        )
    for _, start, end in by_referral["cin_plans"].get(referral_id, []):
        counts["cin_plans"] += 1
        parts.append(
            "<CINPlanDates>" + _element("CINPlanStartDate", _day(start))
            + _element("CINPlanEndDate", _day(end)) + "</CINPlanDates>"
        )
    for _, start, target, icpc_date, not_required in by_referral["s47_enquiries"].get(referral_id, []):
        counts["s47_enquiries"] += 1
        parts.append(
            "<Section47>" + _element("S47ActualStartDate", _day(start))
            + _element("InitialCPCtarget", _day(target)) + _element("DateOfInitialCPC", _day(icpc_date))
            + _element("ICPCnotRequired", "true" if not_required else "false") + "</Section47>"
        )
    for _, plan_id, start, end, initial, latest, previous in by_referral["cp_plans"].get(referral_id, []):
        counts["cp_plans"] += 1
        held = "".join(_element("CPPreviewDate", _day(day)) for _, day in reviews.get(plan_id, []))
        parts.append(
            "<ChildProtectionPlans>" + _element("CPPstartDate", _day(start))
            + _element("CPPendDate", _day(end)) + _element("InitialCategoryOfAbuse", initial)
            + _element("LatestCategoryOfAbuse", latest) + _element("NumberOfPreviousCPP", previous)
            + (f"<Reviews>{held}</Reviews>" if held else "") + "</ChildProtectionPlans>"
        )
    if defect("unknown_block"):
        parts.append(
            "<PreProceedings>" + _element("PreProceedingsStartDate", _day(referral_date))
            + "</PreProceedings>"
        )
    return "<CINdetails>" + "".join(parts) + "</CINdetails>"


def _header(la_code: str, reference_date: date) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n<Header>'
        "<CollectionDetails><Collection>CIN</Collection>"
        f"<Year>{reference_date.year}</Year><ReferenceDate>{reference_date.isoformat()}</ReferenceDate>"
        "</CollectionDetails><Source><SourceLevel>L</SourceLevel>"
        f"<LEA>{la_code}</LEA><SoftwareCode>Synthetic</SoftwareCode><Release>1</Release>"
        f"<SerialNo>{reference_date.year}</SerialNo>"
        f"<DateTime>{reference_date.isoformat()}T18:00:00</DateTime></Source></Header>\n<Children>\n"
    )


def _grouped(rows: list[tuple], key: int) -> dict:
    grouped: dict = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _element(name: str, value) -> str:
    return "" if value is None else f"<{name}>{escape(str(value))}</{name}>"
