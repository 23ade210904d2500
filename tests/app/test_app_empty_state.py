"""Nothing loaded yet: every page says how to load data instead of failing."""

import pytest

from app.authority_choice import NO_DATA_MESSAGE
from tests.app.conftest import element_values

PAGES = [None, "views/explorer.py", "views/compare.py", "views/worklists.py", "views/data_quality.py", "views/definitions.py",
         "views/changes.py"]


@pytest.mark.parametrize("page", PAGES)
def test_no_serving_database_gives_the_loading_instructions(open_app, tmp_path, page):
    app = open_app(tmp_path / "not-yet.duckdb", page)
    [message] = element_values(app, "info")
    assert message.startswith(NO_DATA_MESSAGE)
    assert str(tmp_path / "not-yet.duckdb") in message
    assert NO_DATA_MESSAGE == (
        "No data loaded yet. Run `make demo` (synthetic data) or point CSC_LANDING_DIR at your "
        "extracts and run `make refresh`."
    )


@pytest.mark.parametrize("page", [None, "views/explorer.py", "views/compare.py", "views/worklists.py", "views/changes.py"])
def test_every_snapshot_rejected_gives_the_loading_instructions(open_app, serving_database_nothing_loaded, page):
    app = open_app(serving_database_nothing_loaded, page)
    [message] = element_values(app, "info")
    assert message.startswith(NO_DATA_MESSAGE)


def test_every_snapshot_rejected_still_shows_why_on_data_quality(open_app, serving_database_nothing_loaded):
    app = open_app(serving_database_nothing_loaded, "views/data_quality.py")
    assert element_values(app, "warning")[0] == "No snapshot has loaded successfully yet; the loads below say why."
    assert len(app.dataframe[0].value) == 4


def test_a_serving_database_from_another_version_is_reported_not_raised(open_app, tmp_path):
    import duckdb

    path = tmp_path / "serving.duckdb"
    connection = duckdb.connect(str(path))
    connection.execute("create table authorities (la_code varchar)")
    connection.close()
    app = open_app(path)
    [error] = element_values(app, "error")
    assert "could not answer a query" in error
