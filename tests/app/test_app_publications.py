"""Figures as published on an earlier day: a kept publication shown number for number, and
every page saying so."""

from __future__ import annotations

import shutil
from datetime import datetime

import duckdb
import pytest

from tests.app.conftest import element_values, figures, metric_values

PAGES = ("views/overview.py", "views/explorer.py", "views/data_quality.py", "views/definitions.py")
EARLIER, LATEST = "20240401T060000000000Z", "20240501T060000000000Z"
NOTICE = (
    "As published on 01 Apr 2024 06:00 UTC (snapshots to 31 Mar 2024): every figure on this "
    f"page is as the warehouse published it then (publication {EARLIER}), not the latest. "
    'Choose "Latest" under "Figures as published on" to return.'
)


@pytest.fixture(scope="module")
def publications(serving_database, tmp_path_factory):
    """The fixture as an earlier publication, kept; the latest one with every value 10 more,
    and the list of both."""
    folder = tmp_path_factory.mktemp("publications")
    earlier = folder / f"{EARLIER}.duckdb"
    latest = folder / "serving.duckdb"
    shutil.copyfile(serving_database, earlier)
    shutil.copyfile(serving_database, latest)
    connection = duckdb.connect(str(latest))
    try:
        connection.execute("update metric_values set value = value + 10")
        connection.execute("update improvement_tracker set latest_month_value = latest_month_value + 10")
        # The overview's cards read the tracker's history.
        connection.execute("update improvement_tracker_history set month_value = month_value + 10, "
                           "judged_value = judged_value + 10")
        connection.execute(
            "create table publications (publication_id varchar, published_at timestamp, run_id varchar, "
            "file varchar, snapshots struct(la_code varchar, extract_date date, load_id varchar, kind varchar)[])"
        )
        for identifier, at, file, day in (
            (EARLIER, datetime(2024, 4, 1, 6), earlier, "2024-03-31"),
            (LATEST, datetime(2024, 5, 1, 6), latest, "2024-04-30"),
        ):
            connection.execute(
                "insert into publications values (?, ?, 'run', ?, [{'la_code': '901', "
                "'extract_date': cast(? as date), 'load_id': 'L', 'kind': 'ssd'}])",
                [identifier, at, str(file), day],
            )
    finally:
        connection.close()
    return earlier, latest


def test_the_app_shows_a_kept_publication_number_for_number_and_says_so_on_every_page(open_app, publications):
    earlier, latest = publications
    as_it_was = open_app(earlier)  # the earlier publication, when it was the latest
    then = {page: figures(as_it_was.switch_page(page).run()) for page in PAGES}
    cards_then = metric_values(as_it_was.switch_page(PAGES[0]).run())

    shown = open_app(latest)
    assert shown.sidebar.selectbox(key="as_published").options == [
        "Latest (01 May 2024 06:00 UTC (snapshots to 30 Apr 2024))",
        "01 Apr 2024 06:00 UTC (snapshots to 31 Mar 2024)",
    ]
    assert metric_values(shown) != cards_then  # the numbers have moved since
    shown.sidebar.selectbox(key="as_published").select(EARLIER).run()
    assert metric_values(shown) == cards_then
    for page in PAGES:
        shown.switch_page(page).run()
        assert not shown.exception, page
        assert NOTICE in element_values(shown, "warning"), page
        assert figures(shown) == then[page], page


def test_the_latest_publication_carries_no_notice(open_app, publications):
    _, latest = publications
    app = open_app(latest)
    assert not [w for w in element_values(app, "warning") if w.startswith("As published on")]
