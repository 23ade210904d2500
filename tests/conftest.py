"""How `make test` shares out the tests between its two workers (pytest-xdist, `--dist
loadfile --no-loadscope-reorder`).

A unit of work runs whole on one worker. Each test file is one, so that its module-scoped
fixtures are built once; but the files that use one of the session-scoped fixtures that build
a whole warehouse the real way (BUILT_ONCE) are one unit together: a worker builds such a
fixture for itself, so files split between the two would build it twice. (xdist's own
`xdist_group` marks would say this, but pytest-xdist 3.8 cannot apply them under pytest 9:
the workers write the units to a file the scheduler reads, UnitScheduling.)

The units are handed out heaviest first (HEAVIEST_FIRST, measured with `--durations`; then
the other units with slow tests; then the rest): a heavy unit handed out last keeps one worker
busy long after the other has run out of work.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from xdist.scheduler import LoadScopeScheduling

pytest_plugins = ("tests.memory_basetemp",)  # the temporary folders in memory, when there is room

# (folder of the conftest that defines it, fixture name): each builds a warehouse (generate,
# load, dbt build) that its files share.
BUILT_ONCE = {
    ("tests/dbt", "warehouse"),  # the hand-made extracts and the demo authority, dbt built
    ("tests/integration", "demo"),  # the demo's landing area, refreshed end to end
}
# The units that take longest, longest first (a fresh clone's `make test` of 2 December: 50 to
# 220 s each): several refreshes, with the dbt build or as `dagster job execute`; a fixture of
# BUILT_ONCE; the browser's.
HEAVIEST_FIRST = (
    "tests/orchestration/test_refresh_crash_recovery.py",
    "tests/orchestration/test_dagster_refresh.py",
    "tests/dbt/conftest.py::warehouse",
    "tests/orchestration/test_incremental_refresh.py",
    "tests/benchmarks/test_benchmark_suite.py",
    "tests/orchestration/test_refresh_command.py",
    "tests/orchestration/test_auditors_trail.py",
    "tests/integration/conftest.py::demo",
    "tests/app/test_app_browser.py",
    "tests/integration/test_annex_a_history.py",
    "tests/integration/test_cin_census_history.py",
)
_UNITS_FILE = "csc_test_units"  # the workers' input naming the file of units


def shared_build(item: pytest.Item) -> str | None:
    """The fixture of BUILT_ONCE the test uses, if any, as "<its conftest>::<name>"."""
    for name in item.fixturenames:
        definitions = item._fixtureinfo.name2fixturedefs.get(name)
        if not definitions:
            continue
        used = definitions[-1]  # the closest definition is the one the test gets
        if used.scope == "session" and (used.baseid, name) in BUILT_ONCE:
            return f"{used.baseid}/conftest.py::{name}"
    return None


def units_of_work(items: list[pytest.Item]) -> dict[str, list[pytest.Item]]:
    """Each file's tests under the file's name, or under the BUILT_ONCE fixture one of them
    uses (the whole file: its module fixtures are built once too)."""
    files: dict[str, list[pytest.Item]] = {}
    for item in items:
        files.setdefault(file_of(item.nodeid), []).append(item)
    units: dict[str, list[pytest.Item]] = {}
    for file, tests in files.items():
        unit = next(filter(None, map(shared_build, tests)), file)
        units.setdefault(unit, []).extend(tests)
    return units


def file_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def _rank(unit: str, slow: bool) -> int:
    if unit in HEAVIEST_FIRST:
        return HEAVIEST_FIRST.index(unit)
    return len(HEAVIEST_FIRST) + (0 if slow else 1)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    units = units_of_work(items)
    slow = {unit: any(t.get_closest_marker("slow") for t in tests) for unit, tests in units.items()}
    # Stable: the tests of a unit keep their order, and units of one rank theirs.
    ordered = sorted(units, key=lambda unit: _rank(unit, slow[unit]))
    items[:] = [item for unit in ordered for item in units[unit]]
    path = getattr(config, "workerinput", {}).get(_UNITS_FILE)
    if path:  # every worker collects the same tests, so writes the same units
        written = f"{path}.{os.getpid()}"
        Path(written).write_text(
            json.dumps({file_of(t.nodeid): unit for unit in ordered for t in units[unit]})
        )
        os.replace(written, path)


class UnitScheduling(LoadScopeScheduling):
    """xdist's scheduling by scope, the scope of a test being its unit of work (as the workers
    wrote them)."""

    def __init__(self, config: pytest.Config, units_path: Path, log=None) -> None:
        super().__init__(config, log)
        self._units_path = units_path
        self._units: dict[str, str] | None = None

    def _split_scope(self, nodeid: str) -> str:
        if self._units is None:  # asked once every worker has collected
            # Not written when the collection failed: files alone, and pytest reports why.
            written = self._units_path.exists()
            self._units = json.loads(self._units_path.read_text()) if written else {}
        return self._units.get(file_of(nodeid), file_of(nodeid))


_UNITS_KEY = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    gone = [u for u in HEAVIEST_FIRST if not (config.rootpath / file_of(u)).exists()]
    assert not gone, f"HEAVIEST_FIRST (tests/conftest.py) names files that are not there: {gone}"


def units_path(config: pytest.Config) -> Path:
    """The file the workers write their units to: made once, by the controller, when it starts
    workers; gone when the run ends."""
    if _UNITS_KEY not in config.stash:
        folder = Path(tempfile.mkdtemp(prefix="csc-test-units-"))
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        config.stash[_UNITS_KEY] = folder / "units.json"
    return config.stash[_UNITS_KEY]


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    if config.getvalue("dist") != "loadfile":
        return None
    config.option.loadscopereorder = False  # the order is HEAVIEST_FIRST's, not by test count
    return UnitScheduling(config, units_path(config), log)


def pytest_configure_node(node) -> None:
    node.workerinput[_UNITS_FILE] = str(units_path(node.config))
