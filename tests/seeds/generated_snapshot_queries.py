"""Direct queries over generated CSV snapshots, independent of the generator and of dbt.

Each snapshot folder is opened as DuckDB views over its CSV files (every column read as
text, then parsed here), with a working-day calendar built from the ``holidays`` package, so
the tests measure what the files say the way an inspector would: working days are Monday to
Friday except England and Wales bank holidays, and wd(a, b) counts working days d with
a < d <= b.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import holidays

# DD/MM/YYYY and SQL Server date-times are valid spellings of a date; anything else is not.
PARSE_DATE = """
    CASE
        WHEN regexp_full_match({v}, '\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN TRY_CAST({v} AS DATE)
        WHEN regexp_full_match({v}, '\\d{{4}}-\\d{{2}}-\\d{{2}} \\d{{2}}:\\d{{2}}:\\d{{2}}(\\.\\d{{1,3}})?')
            THEN TRY_CAST(left({v}, 10) AS DATE)
        WHEN regexp_full_match({v}, '\\d{{2}}/\\d{{2}}/\\d{{4}}') THEN TRY_STRPTIME({v}, '%d/%m/%Y')::DATE
    END
"""


def parse_date(sql_value: str) -> str:
    return PARSE_DATE.format(v=sql_value)


def open_snapshot(folder: Path, first: date = date(2015, 1, 1), last: date = date(2040, 12, 31)) -> duckdb.DuckDBPyConnection:
    """A connection with one view per CSV (all VARCHAR) and a ``calendar`` table:
    day, working (bool), cumulative (working days up to and including the day)."""
    con = duckdb.connect()
    for csv in sorted(Path(folder).glob("*.csv")):
        con.execute(
            f"CREATE VIEW {csv.stem} AS SELECT * FROM read_csv('{csv}', header=true, all_varchar=true, "
            "delim=',', quote='\"', escape='\"')"
        )
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(first.year, last.year + 1))
    con.execute("CREATE TABLE bank_holiday (day DATE)")
    con.executemany("INSERT INTO bank_holiday VALUES (?)", [(d,) for d in sorted(bank)])
    con.execute(
        """
        CREATE TABLE calendar AS
        SELECT day, working, sum(working::INT) OVER (ORDER BY day) AS cumulative
        FROM (
            SELECT d::DATE AS day,
                   dayofweek(d) NOT IN (0, 6) AND d::DATE NOT IN (SELECT day FROM bank_holiday) AS working
            FROM generate_series(?::DATE, ?::DATE, INTERVAL 1 DAY) AS g(d)
        )
        """,
        [first, last],
    )
    return con


def scalar(con: duckdb.DuckDBPyConnection, sql: str, parameters: list | None = None):
    rows = con.execute(sql, parameters or []).fetchall()
    assert len(rows) == 1 and len(rows[0]) == 1, f"expected one value from {sql!r}, got {rows!r}"
    return rows[0][0]


def rows(con: duckdb.DuckDBPyConnection, sql: str, parameters: list | None = None) -> list[tuple]:
    return con.execute(sql, parameters or []).fetchall()


# -- headline figures ----------------------------------------------------------------------
# Each takes a date range [first, last] for the event date that places the record.

def assessment_timeliness(con, first: date, last: date) -> tuple[float, float, int]:
    """(% authorised within 45 working days, median working days, cohort size)."""
    return con.execute(
        """
        WITH a AS (
            SELECT c1.cumulative - c0.cumulative AS wd
            FROM ssd_cin_assessments x
            JOIN calendar c0 ON c0.day = x.cina_assessment_start_date::DATE
            JOIN calendar c1 ON c1.day = x.cina_assessment_auth_date::DATE
            WHERE x.cina_assessment_auth_date::DATE BETWEEN ? AND ?
        )
        SELECT 100.0 * avg((wd <= 45)::INT), median(wd), count(*) FROM a
        """,
        [first, last],
    ).fetchall()[0]


def rereferral_rate(con, first: date, last: date) -> tuple[float, int]:
    """(% of referrals with another referral of the child in the 12 months before, cohort)."""
    return con.execute(
        """
        WITH r AS (SELECT cine_person_id AS person, cine_referral_date::DATE AS day FROM ssd_cin_episodes)
        SELECT 100.0 * avg((EXISTS (
                   SELECT 1 FROM r p WHERE p.person = r.person
                   AND p.day < r.day AND p.day > r.day - INTERVAL 1 YEAR))::INT),
               count(*)
        FROM r WHERE r.day BETWEEN ? AND ?
        """,
        [first, last],
    ).fetchall()[0]


def s47_to_icpc(con, first: date, last: date) -> tuple[float, int]:
    return con.execute(
        """
        SELECT 100.0 * avg((EXISTS (SELECT 1 FROM ssd_initial_cp_conference i
                                    WHERE i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id))::INT), count(*)
        FROM ssd_s47_enquiry s WHERE s.s47e_s47_end_date::DATE BETWEEN ? AND ?
        """,
        [first, last],
    ).fetchall()[0]


def s47_to_icpc_by_team(con, first: date, last: date, minimum: int) -> dict[str, float]:
    return dict(con.execute(
        """
        SELECT s.s47e_s47_completed_by_team,
               100.0 * avg((EXISTS (SELECT 1 FROM ssd_initial_cp_conference i
                                    WHERE i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id))::INT)
        FROM ssd_s47_enquiry s WHERE s.s47e_s47_end_date::DATE BETWEEN ? AND ?
        GROUP BY 1 HAVING count(*) >= ? ORDER BY 1
        """,
        [first, last, minimum],
    ).fetchall())


def icpc_within_15wd(con, first: date, last: date) -> tuple[float, int]:
    return con.execute(
        """
        SELECT 100.0 * avg((c1.cumulative - c0.cumulative <= 15)::INT), count(*)
        FROM ssd_initial_cp_conference i
        JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = i.icpc_s47_enquiry_id
        JOIN calendar c0 ON c0.day = s.s47e_s47_start_date::DATE
        JOIN calendar c1 ON c1.day = i.icpc_icpc_date::DATE
        WHERE i.icpc_icpc_transfer_in = 'N' AND i.icpc_icpc_date::DATE BETWEEN ? AND ?
        """,
        [first, last],
    ).fetchall()[0]


def factor_rate(con, codes: tuple[str, ...], first: date, last: date) -> float:
    """% of assessments authorised in the range whose factors include any of ``codes``."""
    wanted = ", ".join(f"'{c}'" for c in codes)
    return scalar(
        con,
        f"""
        SELECT 100.0 * avg((list_has_any(CAST(json(f.cinf_assessment_factors_json) AS VARCHAR[]), [{wanted}]))::INT)
        FROM ssd_cin_assessments a JOIN ssd_assessment_factors f ON f.cinf_assessment_id = a.cina_assessment_id
        WHERE a.cina_assessment_auth_date::DATE BETWEEN ? AND ?
        """,
        [first, last],
    )


def seen_within_5wd(con, first: date, last: date) -> float:
    return scalar(
        con,
        """
        SELECT 100.0 * avg((EXISTS (
            SELECT 1 FROM ssd_cin_visits v
            JOIN calendar c0 ON c0.day = a.cina_assessment_start_date::DATE
            JOIN calendar cv ON cv.day = v.cinv_cin_visit_date::DATE
            WHERE v.cinv_person_id = a.cina_person_id AND v.cinv_cin_visit_seen = 'Y'
              AND v.cinv_cin_visit_date::DATE BETWEEN a.cina_assessment_start_date::DATE
                                                  AND a.cina_assessment_auth_date::DATE
              AND cv.cumulative - c0.cumulative <= 5))::INT)
        FROM ssd_cin_assessments a WHERE a.cina_assessment_auth_date::DATE BETWEEN ? AND ?
        """,
        [first, last],
    )


def open_children(con, day: date) -> str:
    """SQL for the children open on ``day`` (person ids)."""
    return f"""
        SELECT DISTINCT cine_person_id AS person FROM ssd_cin_episodes
        WHERE cine_referral_date::DATE <= DATE '{day}' AND cine_referral_nfa = 'N'
          AND (cine_close_date IS NULL OR cine_close_date::DATE > DATE '{day}')
    """


def oversight_within_20wd(con, day: date) -> tuple[float, int]:
    return con.execute(
        f"""
        WITH o AS ({open_children(con, day)})
        SELECT 100.0 * avg((EXISTS (
            SELECT 1 FROM ext_case_notes n JOIN calendar c ON c.day = n.note_note_date::DATE
            WHERE n.note_person_id = o.person
              AND n.note_note_type IN ('MANAGEMENT_OVERSIGHT', 'SUPERVISION')
              AND n.note_note_date::DATE <= DATE '{day}'
              AND (SELECT cumulative FROM calendar WHERE day = DATE '{day}') - c.cumulative <= 20))::INT),
            count(*)
        FROM o
        """
    ).fetchall()[0]


def chronology_within_3m(con, day: date) -> float:
    return scalar(
        con,
        f"""
        WITH o AS ({open_children(con, day)})
        SELECT 100.0 * avg((EXISTS (
            SELECT 1 FROM ext_case_notes n WHERE n.note_person_id = o.person
              AND n.note_note_type = 'CHRONOLOGY_UPDATE'
              AND n.note_note_date::DATE <= DATE '{day}'
              AND n.note_note_date::DATE > DATE '{day}' - INTERVAL 3 MONTH))::INT)
        FROM o
        """,
    )


def disabled_not_assessed_12m(con, day: date) -> tuple[float, int]:
    return con.execute(
        f"""
        WITH o AS ({open_children(con, day)}),
        d AS (SELECT DISTINCT disa_person_id AS person FROM ssd_disability WHERE disa_disability_code <> 'NONE')
        SELECT 100.0 * avg((NOT EXISTS (
            SELECT 1 FROM ssd_cin_assessments a WHERE a.cina_person_id = o.person
              AND a.cina_assessment_auth_date::DATE <= DATE '{day}'
              AND a.cina_assessment_auth_date::DATE > DATE '{day}' - INTERVAL 1 YEAR))::INT), count(*)
        FROM o JOIN d USING (person)
        """
    ).fetchall()[0]


def direct_payment_reviews_overdue(con, day: date) -> tuple[float, int]:
    return con.execute(
        f"""
        SELECT 100.0 * avg((coalesce(dpay_last_review_date, dpay_start_date)::DATE
                            + to_months(dpay_review_interval_months::INT) < DATE '{day}')::INT), count(*)
        FROM ext_direct_payments
        WHERE dpay_start_date::DATE <= DATE '{day}'
          AND (dpay_end_date IS NULL OR dpay_end_date::DATE > DATE '{day}')
        """
    ).fetchall()[0]


def strategy_multiagency(con, first: date, last: date, case_status: str) -> tuple[float, int]:
    """% of discussions with an agency other than CSC and police, for ``open`` or ``new`` cases."""
    return con.execute(
        """
        WITH s AS (
            SELECT d.*, EXISTS (
                SELECT 1 FROM ssd_cin_episodes e JOIN ssd_cin_assessments a ON a.cina_referral_id = e.cine_referral_id
                WHERE e.cine_person_id = d.strd_person_id AND e.cine_referral_nfa = 'N'
                  AND e.cine_referral_date::DATE <= d.strd_discussion_date::DATE - 1
                  AND (e.cine_close_date IS NULL OR e.cine_close_date::DATE > d.strd_discussion_date::DATE - 1)
                  AND a.cina_assessment_auth_date::DATE < d.strd_discussion_date::DATE) AS open_case
            FROM ext_strategy_discussions d
            WHERE d.strd_discussion_date::DATE BETWEEN ? AND ?
        )
        SELECT 100.0 * avg((len(list_filter(CAST(json(strd_agencies_json) AS VARCHAR[]),
                                            lambda x: x NOT IN ('CSC', 'POLICE'))) > 0)::INT), count(*)
        FROM s WHERE open_case = (? = 'open')
        """,
        [first, last, case_status],
    ).fetchall()[0]


def flag_rate(con, table: str, flag: str, day_column: str, first: date, last: date) -> float:
    return scalar(
        con,
        f"SELECT 100.0 * avg(({flag} = 'Y')::INT) FROM {table} WHERE {day_column}::DATE BETWEEN ? AND ?",
        [first, last],
    )


def set_rate(con, table: str, column: str, day_column: str, first: date, last: date) -> float:
    return scalar(
        con,
        f"SELECT 100.0 * avg(({column} IS NOT NULL)::INT) FROM {table} WHERE {day_column}::DATE BETWEEN ? AND ?",
        [first, last],
    )


def audit_good_or_better(con, first: date, last: date) -> float:
    return scalar(
        con,
        "SELECT 100.0 * avg((audi_grade IN ('OUTSTANDING', 'GOOD'))::INT) FROM ext_case_audits "
        "WHERE audi_audit_date::DATE BETWEEN ? AND ?",
        [first, last],
    )


def seen_once_only(con, first: date, last: date) -> float:
    return scalar(
        con,
        """
        SELECT 100.0 * avg(((SELECT count(DISTINCT v.cinv_cin_visit_date) FROM ssd_cin_visits v
                              WHERE v.cinv_person_id = a.cina_person_id AND v.cinv_cin_visit_seen = 'Y'
                                AND v.cinv_cin_visit_date::DATE BETWEEN a.cina_assessment_start_date::DATE
                                                                    AND a.cina_assessment_auth_date::DATE) = 1)::INT)
        FROM ssd_cin_assessments a WHERE a.cina_assessment_auth_date::DATE BETWEEN ? AND ?
        """,
        [first, last],
    )
