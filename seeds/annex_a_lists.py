"""The Annex A lists of a snapshot: the same children and events as the SSD extract of that day,
as an Annex A workbook shows them.

Each censored SSD table (``censoring``) is put into DuckDB as the extract would hold it
(``snapshot_writer.register_typed_view``), and one query per list picks what Ofsted's template
asks for in the window before the extract date, ``(extract date - 6 months, extract date]``:

- List 1, contacts received in the window; List 3, referrals received in it;
- List 4, assessments started in the window or still open at some time in it (an assessment
  started earlier and authorised inside the window is listed, so that a later workbook carries
  its authorisation);
- List 5, section 47 enquiries started in the window, or whose initial child protection
  conference was held in it, each with its conference;
- List 6, children in need episodes (every referral episode of the extract, from its referral
  to its close) open at any time in the window; List 7, child protection plans open at any time
  in it, with the last statutory visit (and whether the child was seen alone then) and the latest
  review held by the extract date.

A list has one row per natural key (the child and the list's own date): where the extract holds
two records with one key (two contacts of a child on one day), the first is listed. Every child
list carries the child's columns (sex, ethnicity, date of birth, age on the extract
date, disability: the child's first disability code, ``NONE`` when only that is recorded, empty
when nothing is), the team (its name) and the worker (the professional's name). The child id is
the extract's ``pers_person_id``. Lists 2 and 8-11 have no source in the extract and are not
written. Values are typed (dates as ``date``, yes/no as bool, counts as int); ``annex_a_workbook``
writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np

from orchestration.formats.description import load_format
from seeds.snapshot_writer import register_typed_view

WINDOW_MONTHS = 6

# The child columns every list starts with, as the lists' SQL names them.
_CHILD = """
    person.pers_person_id AS child_id, person.pers_sex AS sex, person.pers_ethnicity AS ethnicity,
    person.pers_dob AS date_of_birth,
    date_diff('year', person.pers_dob, $extract_date)
        - CASE WHEN strftime(person.pers_dob, '%m-%d') > strftime($extract_date, '%m-%d')
          THEN 1 ELSE 0 END AS age,
    disability.disability"""


@dataclass(frozen=True)
class _ListQuery:
    source: str  # the SSD table and its alias
    person: str  # the column naming the child
    team: str | None  # the team column (an id or a name), the worker's id column
    worker: str | None
    own: str  # the list's own columns, by the format's names
    where: str
    order: str
    joins: str = ""
    needs: tuple[str, ...] = ()  # other SSD tables the list is read from

    def sql(self, key_date: str) -> str:
        """The list's rows, one per natural key (the child and `key_date`, the list's own date):
        of the extract's records with one key, the first (Annex A cannot tell them apart)."""
        team = f"coalesce(team_names.team_name, {self.team})" if self.team else "NULL"
        worker = "professional.prof_professional_name" if self.worker else "NULL"
        return f"""
        SELECT * EXCLUDE (listed_order) FROM (
        SELECT {_CHILD}, {team} AS team, {worker} AS worker, {self.own},
            row_number() OVER (ORDER BY {self.order}) AS listed_order
        FROM {self.source}
        JOIN ssd_person AS person ON person.pers_person_id = {self.person}
        LEFT JOIN disabilities AS disability ON disability.person_id = {self.person}
        {self.joins}
        {f"LEFT JOIN team_names ON team_names.team_id = {self.team}" if self.team else ""}
        {f"LEFT JOIN ssd_professionals AS professional ON professional.prof_professional_id = {self.worker}" if self.worker else ""}
        WHERE {self.where})
        QUALIFY row_number() OVER (PARTITION BY child_id, {key_date} ORDER BY listed_order) = 1
        ORDER BY listed_order"""

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.source.split()[0], *self.needs)


_ICPC_OF_ENQUIRY = (
    "LEFT JOIN ssd_initial_cp_conference AS icpc ON icpc.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id"
)
_PLAN_ICPC_AND_LAST_VISIT = """
        LEFT JOIN ssd_initial_cp_conference AS icpc ON icpc.icpc_icpc_id = p.cppl_icpc_id
        LEFT JOIN (SELECT * FROM ssd_cp_visits
                   QUALIFY row_number() OVER (PARTITION BY cppv_cp_plan_id
                                              ORDER BY cppv_cp_visit_date DESC, cppv_cp_visit_id DESC) = 1)
            AS visit ON visit.cppv_cp_plan_id = p.cppl_cp_plan_id"""

LIST_QUERIES: dict[int, _ListQuery] = {
    1: _ListQuery(
        "ssd_contacts AS contact", "contact.cont_person_id", None, None,
        "contact.cont_contact_date AS contact_date, contact.cont_contact_source_code AS contact_source",
        "contact.cont_contact_date > $window_start",
        "contact.cont_contact_date, contact.cont_contact_id",
    ),
    3: _ListQuery(
        "ssd_cin_episodes AS r", "r.cine_person_id", "r.cine_referral_team", "r.cine_referral_worker_id",
        """r.cine_referral_date AS referral_date, r.cine_referral_source_code AS referral_source,
        r.cine_referral_nfa = 1 AS referral_nfa,
        (SELECT count(*) FROM ssd_cin_episodes AS earlier
         WHERE earlier.cine_person_id = r.cine_person_id
           AND earlier.cine_referral_date > r.cine_referral_date - INTERVAL 12 MONTH
           AND earlier.cine_referral_date <= r.cine_referral_date) AS referrals_last_12_months""",
        "r.cine_referral_date > $window_start",
        "r.cine_referral_date, r.cine_referral_id",
    ),
    4: _ListQuery(
        "ssd_cin_assessments AS a", "a.cina_person_id", "a.cina_assessment_team",
        "a.cina_assessment_worker_id",
        """a.cina_assessment_start_date AS assessment_start_date,
        a.cina_assessment_child_seen = 1 AS child_seen,
        a.cina_assessment_auth_date AS assessment_authorised_date,
        CASE a.cina_assessment_outcome_nfa WHEN 1 THEN false WHEN 0 THEN true END
            AS needs_social_care_support""",
        "a.cina_assessment_start_date > $window_start OR a.cina_assessment_auth_date IS NULL "
        "OR a.cina_assessment_auth_date > $window_start",
        "a.cina_assessment_start_date, a.cina_assessment_id",
    ),
    5: _ListQuery(
        "ssd_s47_enquiry AS s", "s.s47e_person_id", "s.s47e_s47_completed_by_team",
        "s.s47e_s47_completed_by_worker_id",
        """s.s47e_s47_start_date AS s47_start_date,
        CASE WHEN icpc.icpc_icpc_date IS NOT NULL THEN false
             WHEN s.s47e_s47_end_date IS NOT NULL THEN true END AS icpc_deemed_unnecessary,
        icpc.icpc_icpc_date AS icpc_date,
        CASE WHEN icpc.icpc_icpc_date IS NOT NULL THEN icpc.icpc_icpc_outcome_cp_flag = 1 END
            AS icpc_led_to_cp_plan,
        (SELECT count(*) FROM ssd_s47_enquiry AS earlier
         WHERE earlier.s47e_person_id = s.s47e_person_id
           AND earlier.s47e_s47_start_date > s.s47e_s47_start_date - INTERVAL 12 MONTH
           AND earlier.s47e_s47_start_date <= s.s47e_s47_start_date) AS s47_enquiries_last_12_months,
        (SELECT count(*) FROM ssd_initial_cp_conference AS earlier
         WHERE earlier.icpc_person_id = s.s47e_person_id
           AND earlier.icpc_icpc_date > s.s47e_s47_start_date - INTERVAL 12 MONTH
           AND earlier.icpc_icpc_date <= s.s47e_s47_start_date) AS icpcs_last_12_months""",
        "s.s47e_s47_start_date > $window_start OR icpc.icpc_icpc_date > $window_start",
        "s.s47e_s47_start_date, s.s47e_s47_enquiry_id",
        joins=_ICPC_OF_ENQUIRY,
        needs=("ssd_initial_cp_conference",),
    ),
    6: _ListQuery(
        "ssd_cin_episodes AS r", "r.cine_person_id", "r.cine_referral_team", "r.cine_referral_worker_id",
        """r.cine_referral_date AS cin_start_date, r.cine_cin_primary_need_code AS primary_need,
        (SELECT max(v.cinv_cin_visit_date) FROM ssd_cin_visits AS v
         WHERE v.cinv_person_id = r.cine_person_id AND v.cinv_cin_visit_seen = 1
           AND v.cinv_cin_visit_date >= r.cine_referral_date) AS last_seen_date,
        r.cine_close_date AS cin_closure_date, r.cine_close_reason AS closure_reason,
        CASE WHEN r.cine_close_date IS NULL THEN 'Open' ELSE 'Closed' END AS case_status""",
        "r.cine_close_date IS NULL OR r.cine_close_date > $window_start",
        "r.cine_referral_date, r.cine_referral_id",
        needs=("ssd_cin_visits",),
    ),
    7: _ListQuery(
        "ssd_cp_plans AS p", "p.cppl_person_id", "icpc.icpc_icpc_team", "icpc.icpc_icpc_worker_id",
        """p.cppl_cp_plan_start_date AS cp_plan_start_date,
        p.cppl_cp_plan_initial_category AS initial_category,
        p.cppl_cp_plan_latest_category AS latest_category,
        visit.cppv_cp_visit_date AS last_statutory_visit_date,
        visit.cppv_cp_visit_seen_alone = 1 AS seen_alone,
        (SELECT max(review.cppr_cp_review_date) FROM ssd_cp_reviews AS review
         WHERE review.cppr_cp_plan_id = p.cppl_cp_plan_id) AS latest_review_date,
        p.cppl_cp_plan_end_date AS cp_plan_end_date,
        (SELECT count(*) FROM ssd_cp_plans AS earlier
         WHERE earlier.cppl_person_id = p.cppl_person_id
           AND earlier.cppl_cp_plan_start_date < p.cppl_cp_plan_start_date) AS previous_cp_plans""",
        "p.cppl_cp_plan_end_date IS NULL OR p.cppl_cp_plan_end_date > $window_start",
        "p.cppl_cp_plan_start_date, p.cppl_cp_plan_id",
        joins=_PLAN_ICPC_AND_LAST_VISIT,
        needs=("ssd_cp_visits", "ssd_cp_reviews", "ssd_initial_cp_conference"),
    ),
}


# Each list's own date, the natural key's with the child (the format's description).
_KEY_DATES = {
    table.list_number: table.natural_key[-1]
    for table in load_format("annex_a").tables
    if len(table.natural_key) == 2
}

# The extract's tables the lists are read from.
SOURCE_TABLES = frozenset(
    {"ssd_person", "ssd_disability", "ssd_department", "ssd_professionals"}
    | {table for query in LIST_QUERIES.values() for table in query.tables}
)


@dataclass(frozen=True)
class ListRows:
    number: int
    columns: tuple[str, ...]  # the format's column names (and `age`)
    rows: list[tuple]


def window_start(extract_date: date, months: int = WINDOW_MONTHS) -> date:
    """The extract date less the months (the window runs from the day after it)."""
    month = extract_date.month - months
    year = extract_date.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for day in range(extract_date.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise ValueError(extract_date)


def annex_a_lists(
    connection: duckdb.DuckDBPyConnection,
    tables: dict[str, tuple[dict[str, np.ndarray], dict[str, tuple[str, ...]]]],
    extract_date: date,
) -> list[ListRows]:
    """The snapshot's lists, from its censored tables (name -> (columns, vocabularies))."""
    for name, (columns, vocabularies) in tables.items():
        register_typed_view(connection, name, columns, vocabularies)
    connection.execute(
        "CREATE OR REPLACE TABLE disabilities AS SELECT disa_person_id AS person_id, "
        "coalesce(min(disa_disability_code) FILTER (WHERE disa_disability_code <> 'NONE'), "
        "min(disa_disability_code)) AS disability FROM ssd_disability GROUP BY ALL"
        if "ssd_disability" in tables
        else "CREATE OR REPLACE TABLE disabilities (person_id VARCHAR, disability VARCHAR)"
    )
    connection.execute(
        "CREATE OR REPLACE TABLE team_names AS SELECT dept_team_id AS team_id, "
        "dept_team_name AS team_name FROM ssd_department"
        if "ssd_department" in tables
        else "CREATE OR REPLACE TABLE team_names (team_id VARCHAR, team_name VARCHAR)"
    )
    parameters = {"extract_date": extract_date, "window_start": window_start(extract_date)}
    lists = []
    for number, query in LIST_QUERIES.items():
        if not all(table in tables for table in query.tables):
            continue
        result = connection.execute(query.sql(_KEY_DATES[number]), parameters)
        columns = tuple(d[0] for d in result.description)
        lists.append(ListRows(number, columns, result.fetchall()))
    return lists
