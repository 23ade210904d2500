"""What an auditor asks of a warehouse (issue 17): three monthly SSD extracts of authority 901,
the middle one back-dating two assessments' authorisations: a refresh after the first, and one
after the other two (which arrive together).

The assessments, worked out by hand (working days after the start, to the authorisation; Easter
2024 falls after every one of these dates):

| id | start      | authorised, 31 March | wd | authorised, 30 April and 31 May | wd |
| A1 | 2024-01-08 | 2024-02-01           | 18 | 2024-02-01                      | 18 |
| A2 | 2024-01-11 | 2024-03-27           | 54 | 2024-03-08                      | 41 |
| A3 | 2024-01-02 | 2024-03-28           | 62 | 2024-02-26                      | 39 |

So `assessment_within_45wd` for the whole authority: after 31 March, February 1 of 1 (100%) and
March 0 of 2 (0%); after 30 April, February 2 of 2 (100%) and March 1 of 1 (100%).
"""

from __future__ import annotations

from datetime import date

import dagster as dg
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from code_location_fixtures import warehouse_resource
from snapshot_fixtures import BASE, make_paths, query, write_snapshot

from orchestration.code_location import build_definitions
from tests.app.conftest import APP_TIMEOUT_SECONDS, MAIN_SCRIPT, figures
from tests.app.signed_in_app import AUDITOR, LEADER, settings_environment, signed_in

pytestmark = pytest.mark.slow  # two refreshes with the dbt build

DAYS = ("2024-03-31", "2024-04-30", "2024-05-31")
ORDER = "ORDER BY ALL"
TIMELY = (
    "SELECT period_start, numerator, denominator, value FROM metric_values "
    "WHERE metric_id = 'assessment_within_45wd' AND period_grain = 'month' AND dimension = 'all' "
    "AND period_start IN ('2024-02-01', '2024-03-01') ORDER BY period_start"
)
ASSESSMENTS_HEADER = BASE["ssd_cin_assessments"].splitlines()[0]


def assessments(a2_authorised: str, a3_authorised: str) -> str:
    return "\n".join(
        (
            ASSESSMENTS_HEADER,
            "A1,P1,R1,2024-01-08,Y,2024-02-01,Team A",
            f"A2,P2,R2,2024-01-11,N,{a2_authorised},Team B",
            f"A3,P3,R3,2024-01-02,Y,{a3_authorised},Team A",
            "",
        )
    )


AS_FIRST_DELIVERED = {"ssd_cin_assessments": assessments("2024-03-27", "2024-03-28")}
BACK_DATED = {"ssd_cin_assessments": assessments("2024-03-08", "2024-02-26")}


@pytest.fixture(scope="module")
def trail(tmp_path_factory):
    """The two refreshes, on one Dagster instance."""
    paths = make_paths(tmp_path_factory.mktemp("auditors"))
    warehouse = warehouse_resource(paths)
    instance = dg.DagsterInstance.ephemeral()
    job = build_definitions(warehouse=warehouse).resolve_job_def("refresh")
    runs, published = [], []
    for days, changes in ((DAYS[:1], AS_FIRST_DELIVERED), (DAYS[1:], BACK_DATED)):
        for day in days:
            write_snapshot(paths.landing_dir, changes, day=day)
        result = job.execute_in_process(instance=instance, raise_on_error=False)
        assert result.success
        runs.append(result.run_id)
        # What the app was given, and showed on its overview, at the time.
        published.append(query(paths.serving_path, f"SELECT * FROM metric_values {ORDER}"))
        published.append(figures(open_app(paths)))
    return paths, instance, runs, published


def open_app(paths, page: str | None = None, user: str = AUDITOR, as_published: str | None = None) -> AppTest:
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("CSC_SERVING_PATH", str(paths.serving_path))
        for variable, value in settings_environment(paths.serving_path.parent / "access.jsonl").items():
            environment.setenv(variable, value)
        app = signed_in(AppTest.from_file(str(MAIN_SCRIPT), default_timeout=APP_TIMEOUT_SECONDS), user)
        if as_published:
            app.query_params["as_published"] = as_published
        app.run()
        if page:
            app.switch_page(page).run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_metric_values_names_the_snapshots_it_was_built_from(trail):
    paths, instance, *_ = trail
    event = instance.get_latest_materialization_event(dg.AssetKey(["marts", "metric_values"]))
    metadata = event.asset_materialization.metadata
    loads = query(
        paths.warehouse_path,
        "SELECT snapshot_date, load_id FROM audit.snapshot_loads ORDER BY snapshot_date",
    )
    hashes = dict(
        query(
            paths.warehouse_path,
            "SELECT source_file, sha256 FROM audit.load_ledger "
            "WHERE table_name = 'ssd_cin_assessments'",
        )
    )
    records = [record.data for record in metadata["snapshots"].records]
    assert [
        (r["authority"], r["extract date"], r["load id"], r["kind"]) for r in records
    ] == [("901", day.isoformat(), load_id, "ssd") for day, load_id in loads]
    assert metadata["snapshots_built_from"].value == 3
    for record, day in zip(records, DAYS):
        files = dict(item.split(" sha256:") for item in record["files"].split("; "))
        assert len(files) == len(BASE)  # every file of the snapshot, each once
        source = f"901/{day}/ssd_cin_assessments.csv"
        assert files[source] == hashes[source]
    assert files[f"901/{DAYS[2]}/ssd_cin_assessments.csv"] == hashes[
        f"901/{DAYS[1]}/ssd_cin_assessments.csv"
    ]  # the same file delivered twice
    [(rows,)] = query(paths.serving_path, "SELECT count(*) FROM metric_values")
    assert metadata["rows_per_authority"].data == {"901": rows}


def test_each_refresh_kept_its_publication_as_it_was(trail):
    paths, instance, runs, published = trail
    kept = query(
        paths.serving_path,
        "SELECT run_id, file, [s.extract_date FOR s IN snapshots] FROM publications "
        "ORDER BY published_at",
    )
    assert [(run_id, [d.isoformat() for d in days]) for run_id, _, days in kept] == [
        (runs[0], [DAYS[0]]),
        (runs[1], list(DAYS)),
    ]
    first_file = kept[0][1]
    # The first publication holds, number for number, what the app was given after the first
    # snapshot, though two more have been loaded since.
    assert query(first_file, f"SELECT * FROM metric_values {ORDER}") == published[0]
    # The app shows that publication's overview number for number, and says which it is.
    [(first_id,)] = query(paths.serving_path, "SELECT min(publication_id) FROM publications")
    as_published = open_app(paths, as_published=first_id)
    assert figures(as_published) == published[1]
    assert figures(open_app(paths)) == published[3] != published[1]
    assert any(w.value.startswith("As published on") for w in as_published.warning)
    assert query(first_file, TIMELY) == [(date(2024, 2, 1), 1, 1, 100.0), (date(2024, 3, 1), 0, 2, 0.0)]
    assert query(paths.serving_path, TIMELY) == [
        (date(2024, 2, 1), 2, 2, 100.0),
        (date(2024, 3, 1), 1, 1, 100.0),
    ]
    event = instance.get_latest_materialization_event(dg.AssetKey("serving_database"))
    metadata = event.asset_materialization.metadata
    [(publication_id,)] = query(paths.serving_path, "SELECT publication_id FROM refresh_info")
    assert metadata["publication_id"].value == publication_id
    assert metadata["publications_kept"].value == 2


def test_the_changes_report_lists_the_two_back_dated_authorisations_and_what_they_moved(trail):
    paths, *_ = trail
    assert query(
        paths.serving_path,
        "SELECT finding, record_id, person_id, team, changed_column, old_value, new_value, "
        "period_start, new_period_start, from_extract_date, to_extract_date, to_source_file, "
        "to_source_row FROM changes_after_the_fact ORDER BY record_id",
    ) == [
        (
            "timescale now met", "A2", "P2", "Team B", "authorised_date", "2024-03-27",
            "2024-03-08", date(2024, 3, 1), date(2024, 3, 1), date(2024, 3, 31),
            date(2024, 4, 30), "901/2024-04-30/ssd_cin_assessments.csv", 3,
        ),
        (
            "timescale now met", "A3", "P3", "Team A", "authorised_date", "2024-03-28",
            "2024-02-26", date(2024, 3, 1), date(2024, 2, 1), date(2024, 3, 31),
            date(2024, 4, 30), "901/2024-04-30/ssd_cin_assessments.csv", 4,
        ),
    ]
    # February gains A3, on time: 1 of 1 becomes 2 of 2. March loses A3 (late) and A2 turns
    # on time: 0 of 2 (0%) becomes 1 of 1 (100%): the values the first publication showed.
    assert query(
        paths.serving_path,
        "SELECT metric_id, period_start, numerator_change, denominator_change, numerator_before, "
        "denominator_before, value_before, numerator_now, denominator_now, value_now "
        "FROM metric_value_moves ORDER BY period_start",
    ) == [
        ("assessment_within_45wd", date(2024, 2, 1), 1, 1, 1, 1, 100.0, 2, 2, 100.0),
        ("assessment_within_45wd", date(2024, 3, 1), 1, -1, 0, 2, 0.0, 1, 1, 100.0),
    ]
    assert query(
        paths.serving_path,
        "SELECT period_start, team, finding, changes FROM changes_after_the_fact_monthly "
        "ORDER BY team",
    ) == [
        (date(2024, 3, 1), "Team A", "timescale now met", 1),
        (date(2024, 3, 1), "Team B", "timescale now met", 1),
    ]


def test_the_changes_page_shows_them_with_their_history_and_a_leader_no_case(trail):
    paths, *_ = trail
    auditor = open_app(paths, "views/changes.py")
    counts, moves, records, history = (frame.value for frame in auditor.dataframe)
    assert counts.values.tolist() == [
        [pd.Timestamp("2024-03-01"), "Team A", "timescale now met", 1],
        [pd.Timestamp("2024-03-01"), "Team B", "timescale now met", 1],
    ]
    assert moves[["period_start", "value_before", "value_now", "value_change"]].values.tolist() == [
        [pd.Timestamp("2024-02-01"), 100.0, 100.0, 0.0],
        [pd.Timestamp("2024-03-01"), 0.0, 100.0, 100.0],
    ]
    assert records["record_id"].tolist() == ["A2", "A3"]
    # The first record's history: its one change, traced to both deliveries' file and row.
    assert history[["change", "changed_column", "old_value", "new_value", "from_source_file", "to_source_row"]
                   ].values.tolist() == [
        ["changed", "authorised_date", "2024-03-27", "2024-03-08", "901/2024-03-31/ssd_cin_assessments.csv", 3]
    ]
    leader = open_app(paths, "views/changes.py", user=LEADER)
    assert len(leader.dataframe) == 2  # the counts and the values moved, not the records
