"""Every number of the explorer opens its cohort, and the cohort's size is the number's
denominator (rates, medians) or the count itself, on the demo data.

For every row of metric_values (every metric, grain, period and slice of the demo authority),
the app's own app.cohorts.cohort_conditions say which cases of the published detail table make
up the number; the cases meeting them are counted in one query per metric and compared with
the denominator or count, and for a rate the cases that met the condition with the numerator.
Then, per metric, the latest complete month's cohort is read the way the page reads it (through
app.case_rows, as a data engineer), and the explorer itself is asked for one.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from app import cohorts, serving_db
from app.case_rows import Between
from app.roles import Role, Viewer
from tests.integration.test_demo_app import open_page

pytestmark = pytest.mark.slow
LA = "901"


def serving_frame(demo, sql: str, params: list | None = None) -> pd.DataFrame:
    with duckdb.connect(str(demo.serving_path), read_only=True) as con:
        return con.execute(sql, params or []).df()


@pytest.fixture(scope="module")
def catalogue(demo) -> pd.DataFrame:
    return serving_frame(demo, "select * from metric_catalogue").set_index("metric_id")


@pytest.fixture(scope="module")
def extract_date(demo) -> dt.date:
    return serving_frame(demo, "select snapshot_date from authorities where la_code = ?", [LA])["snapshot_date"].iloc[0].date()


def conditions_as_columns(where: dict, source: cohorts.CasesSource) -> dict:
    """One number's conditions as the columns of a row: its day (or days) and slice value."""
    placed = where[source.placed_by]
    low, high = (placed.low, placed.high) if isinstance(placed, Between) else (placed, placed)
    flag = where[source.metric_id]
    assert flag == ([True, False] if source.kind == "rate" else True)
    slices = {c: v for c, v in where.items() if c not in (source.placed_by, source.metric_id)}
    assert len(slices) <= 1
    (column, value), = slices.items() if slices else ((None, None),)
    return {"low": low, "high": high, "slice_column": column, "slice_value": value}


def test_every_metric_says_where_its_cases_are(demo, catalogue):
    tables = set(serving_frame(demo, "select table_name from information_schema.tables")["table_name"])
    assert len(catalogue) == 32
    for metric_id, row in catalogue.iterrows():
        source = cohorts.cases_source(metric_id, catalogue)
        assert source is not None and source.table in tables, metric_id
        columns = set(serving_frame(demo, f"select * from {source.table} limit 0").columns)
        assert {source.placed_by, metric_id, "person_id"} <= columns, metric_id
        assert set(row["slices"]) <= columns, (metric_id, set(row["slices"]) - columns)


def test_every_number_of_the_explorer_is_the_size_of_its_cohort(demo, catalogue, extract_date):
    numbers = serving_frame(demo, "select * from metric_values where la_code = ?", [LA])
    checked = 0
    for metric_id, rows in numbers.groupby("metric_id"):
        source = cohorts.cases_source(metric_id, catalogue)
        wanted = pd.DataFrame([
            {**conditions_as_columns(cohorts.cohort_conditions(source, cohorts.Number(
                metric_id, r.period_grain, r.period_start, r.period_end, bool(r.period_complete),
                r.dimension, r.dimension_value), extract_date), source),
             "key": i, "expected": cohorts.expected_size(r._asdict()), "numerator": r.numerator}
            for i, r in enumerate(rows.itertuples())
        ])
        flag = metric_id if source.kind != "rate" else f"{metric_id} is not null"
        met = f"count(*) filter (where {metric_id})" if source.kind == "rate" else "null"
        slice_columns = sorted(c for c in wanted["slice_column"].dropna().unique())
        with duckdb.connect(str(demo.serving_path), read_only=True) as con:
            con.register("wanted", wanted)
            found = con.execute(f"""
                select wanted.key, count(cases.person_id) as cases, {met.replace(metric_id, 'cases.' + metric_id)} as met
                from wanted left join {source.table} as cases
                    on cases.la_code = '{LA}' and {flag.replace(metric_id, 'cases.' + metric_id)}
                    and cases.{source.placed_by} between wanted.low and wanted.high
                    and (wanted.slice_column is null
                         {''.join(f" or (wanted.slice_column = '{c}' and cast(cases.{c} as varchar) = wanted.slice_value)" for c in slice_columns)})
                group by wanted.key
            """).df().set_index("key")
        compared = wanted.join(found, on="key")
        wrong = compared[compared["cases"] != compared["expected"]]
        assert wrong.empty, (metric_id, wrong.head().to_dict("records"))
        if source.kind == "rate":
            unmet = compared[compared["met"] != compared["numerator"]]
            assert unmet.empty, (metric_id, unmet.head().to_dict("records"))
        checked += len(compared)
    assert checked == len(numbers) > 30_000


def test_each_metrics_latest_cohort_read_as_the_page_reads_it(demo, catalogue, extract_date, monkeypatch, tmp_path):
    monkeypatch.setenv("CSC_SERVING_PATH", str(demo.serving_path))
    monkeypatch.setenv("CSC_ACCESS_LOG_PATH", str(tmp_path / "access_log.jsonl"))
    serving_db._read.clear()
    engineer = Viewer("engineer@test.example", Role.DATA_ENGINEER)
    latest = serving_frame(demo, """
        select * from metric_values where la_code = ? and period_grain = 'month' and dimension = 'all'
            and period_complete
        qualify row_number() over (partition by metric_id order by period_start desc) = 1
    """, [LA])
    assert len(latest) == 32
    for row in latest.itertuples():
        source = cohorts.cases_source(row.metric_id, catalogue)
        number = cohorts.Number(row.metric_id, "month", row.period_start, row.period_end, True)
        cases, _ = cohorts.read_cohort(engineer, LA, source, number, extract_date, set(catalogue.index), "test")
        assert len(cases) == cohorts.expected_size(row._asdict()), row.metric_id
        assert {"source_file", "source_row"} <= set(cases.columns) or source.timing == "as_at", row.metric_id


def test_the_explorer_opens_the_cases_behind_a_number(monkeypatch, demo):
    [(denominator,)] = demo.query(
        """
        SELECT denominator FROM metric_values
        WHERE la_code = '901' AND metric_id = 'assessment_within_45wd' AND period_grain = 'month'
          AND dimension = 'all' AND period_complete
        ORDER BY period_start DESC LIMIT 1
        """
    )
    app = open_page(monkeypatch, demo, "views/explorer.py")
    [summary] = [m.value for m in app.markdown if "behind Oct 2026" in m.value]
    assert summary.startswith(f"**{denominator:,} cases** behind Oct 2026")
    cases = app.dataframe[-1].value
    assert len(cases) == denominator
    assert {"Met the condition", "source_file", "working_days_to_authorisation"} <= set(cases.columns)
