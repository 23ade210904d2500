"""Scenario 6: the app's server-side response times on the national serving database.

Two measurements, p50 and p95 (nearest rank) over the authorities visited:

- interactions: the app run by Streamlit's AppTest, as the server runs it (the entry page, the
  authority selector and the page: queries, pandas, charts and widgets), timed from the
  interaction to the end of the script. Each page is opened for each authority visited with
  Streamlit's caches emptied and the serving file's connection closed first (the first visit
  after a refresh, which opens the newly published file: the slow case), then run again with
  the caches warm (a revisit, or a widget change that reuses the data). The explorer's
  "compare all authorities" toggle is timed too, cold: one line per authority.
- queries: every read function of app/serving_db.py on its own, uncached (the file's
  connection open, as it stays while the file is the same), and the case-level reads of
  app/case_rows.py (with their access-log record).

The process is prepared first as the app's server prepares itself before it serves anyone
(`python -m app.server`, as `make app` and `make demo` start it, imports app/startup.py: every
module of the app, Altair's included, then the garbage collector's freeze), so no timed visit
pays an import a real server has already paid at start. A plain `streamlit run app/main.py`
pays it (about 0.2 s) on its first visitor's first page instead.

The app is signed in as a data engineer, who sees every page and every row (AppTest's sign-in,
tests/app/signed_in_app.py); the access log goes to a file of its own beside the site.

An interaction whose script raises is not timed: the report names it and what it raised.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.figures import Spread, memory, seconds
from benchmarks.process_runs import BenchmarkError
from benchmarks.report import ScenarioResult, Table, described
from benchmarks.suite import Suite
from benchmarks.workspace import REPOSITORY_ROOT

KEY = "app"
TITLE = "App responsiveness at national scale"
APP_FOLDER = REPOSITORY_ROOT / "app"
COMPARE_TOGGLE = "explorer_compare"
EXPLORER_PAGE = "views/explorer.py"
APP_TIMEOUT_SECONDS = 300
COLUMNS = ("", "measurements", "p50", "p95", "slowest")


def run(suite: Suite) -> ScenarioResult:
    if suite.app_serving_path is not None:
        serving_path = suite.app_serving_path
        measured_on = f"The serving database {serving_path} ({memory(serving_path.stat().st_size)})"
    else:
        serving_path = suite.refreshed_site(suite.sizes.national).serving_path
        measured_on = suite.sizes.national.label
    with _app_environment(serving_path):
        import streamlit as st  # only here: importing Streamlit takes a while
        import streamlit.logger

        # Outside a server, every cached call would warn that there is no runtime.
        streamlit.logger.set_log_level("error")

        from app import serving_db, startup  # noqa: F401  (startup: as the server, before timing)

        codes = serving_db.authorities()["la_code"].tolist()
        if not codes:
            raise BenchmarkError(f"{serving_path} holds no authority to measure the app on")
        step = max(1, len(codes) // suite.sizes.app_authorities)
        visited = codes[::step][: suite.sizes.app_authorities]

        def as_after_a_refresh() -> None:
            st.cache_data.clear()
            serving_db.close_files()

        interactions, failures = _interactions(as_after_a_refresh, visited, len(codes))
        suite.log(f"app interactions timed on {len(visited)} authorities")
        queries = _queries(st.cache_data.clear, serving_db, visited)
        suite.log(f"app queries timed on {len(visited)} authorities")
    notes = [f"**{name} raised, so is not timed:** {error}" for name, error in failures.items()]
    return ScenarioResult(
        KEY,
        TITLE,
        f"{measured_on}: {len(codes)} authorities published, "
        f"{len(visited)} visited. " + described(__doc__),
        [_table("interaction", interactions), _table("query (app/serving_db.py)", queries)],
        notes=notes,
        figures={
            figure: worst
            for figure, worst in (
                ("worst_cold_p95", _worst(interactions, lambda name: name.endswith(", cold"))),
                ("worst_warm_p95", _worst(interactions, lambda name: name.endswith(", warm"))),
                ("worst_query_p95", _worst(queries, lambda name: True)),
            )
            if worst is not None
        },
    )


def _worst(spreads: dict[str, Spread], chosen: Callable[[str], bool]) -> float | None:
    """The highest p95 of the chosen rows (None when none was timed)."""
    return max((spread.percentile(0.95) for name, spread in spreads.items() if chosen(name)),
               default=None)


@contextmanager
def _app_environment(serving_path: Path) -> Iterator[None]:
    """The app's settings: this serving database, the test roles, an access log of its own."""
    from tests.app.signed_in_app import settings_environment

    settings = {"CSC_SERVING_PATH": str(serving_path),
                **settings_environment(serving_path.with_name("benchmark_access_log.jsonl"))}
    before = {variable: os.environ.get(variable) for variable in settings}
    os.environ.update(settings)
    try:
        yield
    finally:
        for variable, value in before.items():
            if value is None:
                os.environ.pop(variable, None)
            else:
                os.environ[variable] = value


def _interactions(
    clear_caches: Callable[[], None], visited: list[str], authorities: int
) -> tuple[dict[str, Spread], dict[str, str]]:
    """Times by interaction, and what the interactions that raised raised."""
    from streamlit.testing.v1 import AppTest

    from app.authority_choice import SESSION_KEY
    from tests.app.signed_in_app import ENGINEER, signed_in

    app = signed_in(AppTest.from_file(str(APP_FOLDER / "main.py"), default_timeout=APP_TIMEOUT_SECONDS), ENGINEER)
    _checked(app.run())
    pages = sorted(f"views/{p.name}" for p in (APP_FOLDER / "views").glob("*.py"))
    times: dict[str, list[float]] = {}
    failures: dict[str, str] = {}

    def timed(name: str, runnable) -> None:
        started = time.perf_counter()
        ran = runnable.run()
        elapsed = time.perf_counter() - started
        if ran.exception:
            failures.setdefault(name, "; ".join(e.message for e in ran.exception))
        else:
            times.setdefault(name, []).append(elapsed)

    for code in visited:
        for page in pages:
            name = page.removeprefix("views/").removesuffix(".py").replace("_", " ")
            clear_caches()
            app.session_state[SESSION_KEY] = code
            timed(f"open {name}, cold", app.switch_page(page))
            timed(f"open {name}, warm", app)
        if authorities > 1:
            _checked(app.switch_page(EXPLORER_PAGE).run())
            clear_caches()
            toggle = app.toggle(key=COMPARE_TOGGLE)
            timed("explorer: compare all authorities, cold", toggle.set_value(True))
            toggle.set_value(False)
    return {name: Spread.of(values) for name, values in times.items()}, failures


def _checked(app):
    if app.exception:
        raise BenchmarkError("The app raised: " + "; ".join(e.message for e in app.exception))
    return app


def _queries(clear_caches: Callable[[], None], serving_db, visited: list[str]) -> dict[str, Spread]:
    # Called outside a Streamlit server, every cached function warns that it caches in memory.
    logging.getLogger("streamlit.runtime.caching.cache_data_api").setLevel(logging.ERROR)
    times: dict[str, list[float]] = {}
    for code in visited:
        for name, call in _query_calls(serving_db, code).items():
            clear_caches()
            started = time.perf_counter()
            call()
            times.setdefault(name, []).append(time.perf_counter() - started)
    return {name: Spread.of(values) for name, values in times.items()}


def _query_calls(serving_db, code: str) -> dict[str, Callable[[], object]]:
    """Each read function with arguments an authority's pages would give it; those whose
    arguments the database cannot supply (nothing published for them) are left out."""
    from app import case_rows
    from app.improvement_areas import AREA_TITLES
    from app.judgement import HISTORY_TOO_SHORT
    from app.roles import Role, Viewer

    engineer = Viewer("benchmark@localhost", Role.DATA_ENGINEER)
    calls: dict[str, Callable[[], object]] = {
        "authorities": serving_db.authorities,
        "refresh_info": serving_db.refresh_info,
        "current_loads": serving_db.current_loads,
        "metric_catalogue": serving_db.metric_catalogue,
        "snapshot_loads": serving_db.snapshot_loads,
        "metric_slices": lambda: serving_db.metric_slices([code]),
        "latest_complete_values": lambda: serving_db.latest_complete_values(code, "month"),
        "improvement_tracker": lambda: serving_db.improvement_tracker(code),
        "tracker_months": lambda: serving_db.tracker_months(code),
        "scorecard_months": lambda: serving_db.scorecard_months(
            code, None, list(AREA_TITLES), HISTORY_TOO_SHORT),
        "delivery_freshness": serving_db.delivery_freshness,
        **{
            f"worklist: {table}": (
                lambda table=table: case_rows.case_rows(engineer, table, code, page="Benchmark"))
            for table in serving_db.WORKLIST_TABLES
        },
    }
    months = serving_db.tracker_months(code)
    if not months.empty:
        newest = months["month_start"].iloc[0]
        calls["latest_financial_years"] = lambda: serving_db.latest_financial_years(code, newest)
    slices = serving_db.metric_slices([code])
    if not slices.empty:
        metric = slices["metric_id"].iloc[0]
        every_code = serving_db.authorities()["la_code"].tolist()
        calls["metric_values, one authority"] = lambda: serving_db.metric_values(
            [code], metric, "month", ["all"]
        )
        calls["metric_values, every authority"] = lambda: serving_db.metric_values(
            every_code, metric, "month", ["all"]
        )
    loads = serving_db.current_loads()
    load_ids = loads.loc[loads["la_code"] == code, "load_id"].dropna().tolist()
    if load_ids:
        load_id = load_ids[0]
        calls["load_ledger"] = lambda: serving_db.load_ledger(load_id)
        calls["quarantine_counts"] = lambda: serving_db.quarantine_counts(load_id)
        counts = serving_db.quarantine_counts(load_id)
        if not counts.empty:
            table, rule = counts["table_name"].iloc[0], counts["rule"].iloc[0]
            calls["quarantined_rows"] = lambda: case_rows.case_rows(
                engineer, "quarantine", code, page="Benchmark",
                where={"load_id": load_id, "table_name": table, "rule": rule})
    return calls


def _table(what: str, spreads: dict[str, Spread]) -> Table:
    return Table(
        (what, *COLUMNS[1:]),
        tuple(
            (
                name,
                str(len(spread.values)),
                seconds(spread.percentile(0.5)),
                seconds(spread.percentile(0.95)),
                seconds(spread.high),
            )
            for name, spread in spreads.items()
        ),
    )
