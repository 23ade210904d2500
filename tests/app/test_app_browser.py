"""End to end in a real browser: `streamlit run` on the fixture, signed in through a real local
identity provider (the demo's, app/demo_sign_in.py), driven by headless Chromium.

One provider and one app server for the module; each person signs in in a browser context of
their own. Screenshots of every page go to tests/artifacts/app/ so a person can look at them.
Streamlit runs with the repository's settings (.streamlit/config.toml), and every request the
browser makes is watched: none may leave the machine.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from app.demo_sign_in import DEMO_PEOPLE
from tests.app import browser_session
from tests.app.browser_session import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, open_page, settled, signed_in_page
from tests.app.conftest import REPOSITORY
from tests.app.serving_fixture import build_serving_database

SCREENSHOTS = REPOSITORY / "tests" / "artifacts" / "app"
WIDTH = 1400
LEADER, MANAGER, AUDITOR, ENGINEER = (person.email for person in DEMO_PEOPLE[:4])
# The demo people, given roles over the fixture's teams.
ACCESS_SETTINGS = f"""
[users."{LEADER}"]
role = "leader"
[users."{MANAGER}"]
role = "manager"
teams = ["Team A"]
authority = "901"
[groups."csc-auditors"]
role = "auditor"
[groups."csc-data-team"]
role = "data engineer"
"""
# A case id and a worker id that a spreadsheet would run.
HOSTILE = {"P001": '=HYPERLINK("x")', "W1": "=cmd|' /C calc'!A0"}
CASE_ID = re.compile(r"\bP\d{3}\b|HYPERLINK\(\"x\"\)")

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def identity_provider(tmp_path_factory) -> int:
    """The demo's identity provider on a free port of 127.0.0.1."""
    with browser_session.identity_provider(tmp_path_factory.mktemp("provider")) as port:
        yield port


@dataclass(frozen=True)
class AppServer:
    url: str
    access_log: Path


@pytest.fixture(scope="module")
def app_server(identity_provider, tmp_path_factory) -> AppServer:
    """The app served by `streamlit run` on a free port, signing in through the provider,
    reading the fixture with hostile ids."""
    folder = tmp_path_factory.mktemp("app")
    serving = build_serving_database(folder / "serving.duckdb", substitute=HOSTILE)
    with browser_session.app_server(folder, identity_provider, serving, ACCESS_SETTINGS) as url:
        yield AppServer(url, folder / "access_log.jsonl")


@pytest.fixture(scope="module")
def requested_urls() -> list[str]:
    """Every URL the browser has requested in this module's tests."""
    return []


@pytest.fixture(scope="module")
def browser(requested_urls) -> Browser:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def signed_in(browser: Browser, app: AppServer, email: str, requested_urls: list[str]) -> Page:
    """A browser of its own, signed in as `email` on the provider's page."""
    return signed_in_page(browser, app.url, email, WIDTH, requested_urls=requested_urls)


@pytest.fixture(scope="module")
def browser_page(browser, app_server, requested_urls) -> Page:
    """The data engineer's browser, who sees every page."""
    page = signed_in(browser, app_server, ENGINEER, requested_urls)
    yield page
    page.context.close()


@pytest.fixture(scope="module")
def app_url(app_server) -> str:
    return app_server.url


def screenshot(page: Page, name: str) -> None:
    browser_session.full_page_screenshot(page, SCREENSHOTS / f"{name}.png", WIDTH)


def first_metric(page: Page):
    return page.get_by_test_id("stMain").get_by_test_id("stMetricValue").first


def test_the_app_sends_nothing_off_the_machine(app_url, browser_page, requested_urls):
    """No usage statistics, fonts or scripts from elsewhere: only the app's own server."""
    open_page(browser_page, app_url)
    browser_page.wait_for_timeout(3000)  # Streamlit's statistics would go once the page is up
    hosts = {
        urlsplit(url).hostname for url in requested_urls if urlsplit(url).scheme in ("http", "https")
    }
    assert hosts == {"127.0.0.1"}
    expect(browser_page.get_by_text("Deploy", exact=True)).to_have_count(0)


def test_overview_then_explorer_filters_change_the_numbers(app_url, browser_page):
    page = browser_page
    open_page(page, app_url)
    expect(page.get_by_role("heading", name="Are we improving where Ofsted said we must?")).to_be_visible()
    expect(page.get_by_text("90.0%").first).to_be_visible()
    screenshot(page, "overview")

    open_page(page, f"{app_url}/explorer")
    expect(first_metric(page)).to_have_text("90.0%", timeout=WAIT_MS)
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="LA 902").click()
    expect(first_metric(page)).to_have_text("75.0%", timeout=WAIT_MS)
    page.get_by_text("Quarter", exact=True).click()
    # LA 902, 2023-24 Q4: 18 of 30 assessments within 45 working days.
    expect(first_metric(page)).to_have_text("60.0%", timeout=WAIT_MS)
    settled(page)
    screenshot(page, "explorer")

    # The chosen authority stays chosen on the next page.
    page.get_by_test_id("stSidebarNav").get_by_text("Work lists").click()
    expect(page.get_by_text("LA 902, as at the extract date 31 May 2024.", exact=False)).to_be_visible(timeout=WAIT_MS)


def test_the_banner_says_when_the_latest_delivery_is_stale_or_was_refused(app_url, browser_page):
    """Above everything on the overview: LA 901's latest delivery is stale, LA 902's was refused;
    each says which figures the page still shows."""
    page = browser_page
    open_page(page, app_url)
    banner = page.get_by_test_id("stMain").get_by_test_id("stAlert").first
    expect(banner).to_contain_text("The latest delivery looks like an old export.", timeout=WAIT_MS)
    expect(banner).to_contain_text("its newest activity, an assessment dated 16 May 2024, is 20 working days "
                                   "before its extract date of 14 June 2024")
    expect(banner).to_contain_text("The figures below are those of this extract (14 Jun 2024)")
    above = page.evaluate(
        "() => { const main = document.querySelector('[data-testid=\"stMain\"]');"
        " const alert = main.querySelector('[data-testid=\"stAlert\"]').getBoundingClientRect().top;"
        " const title = main.querySelector('h1').getBoundingClientRect().top; return alert < title; }")
    assert above, "the banner is above the page's title"
    screenshot(page, "overview-stale-delivery")
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="LA 902").click()
    banner = page.get_by_test_id("stMain").get_by_test_id("stAlert").first
    expect(banner).to_contain_text("The latest delivery was refused.", timeout=WAIT_MS)
    expect(banner).to_contain_text("The delivery with extract date 7 Jun 2024, received 15 Jun 2024 06:00, was "
                                   "refused: ssd_person.csv has no column pers_dob, which is required.")
    expect(banner).to_contain_text("The figures below are still those of the extract of 31 May 2024.")
    screenshot(page, "overview-refused-delivery")
    page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="LA 901").click()
    expect(page.get_by_test_id("stMain").get_by_test_id("stAlert").first).to_contain_text(
        "looks like an old export", timeout=WAIT_MS)


@pytest.mark.parametrize(("path", "name", "expected"), [
    ("compare", "compare", "Section 47 enquiries leading to an initial conference, 2023-24"),
    ("worklists", "worklists", "Which open assessments are past 45 working days, or within 10 of it?"),
    ("data-quality", "data-quality", "Rows this load held back, by rule"),
    ("definitions", "definitions", "Median working days to complete an assessment"),
    ("access-log", "access-log", "Access log"),
])
def test_every_page_renders(app_url, browser_page, path, name, expected):
    page = browser_page
    open_page(page, f"{app_url}/{path}")
    expect(page.get_by_text(expected, exact=True).first).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, name)
    if path == "compare":
        page.get_by_role("tab", name="Funnel plot").click()
        page.wait_for_timeout(500)
        screenshot(page, "compare-funnel")


def page_text(page: Page) -> str:
    """Everything the page holds as text, the cells of its tables included (text_content reads
    the hidden table a data grid keeps for screen readers)."""
    return page.get_by_test_id("stApp").text_content()


def downloaded(page: Page, button: str) -> list[dict[str, str]]:
    """The rows of the CSV a download button hands over, as the browser saved it."""
    with page.expect_download(timeout=WAIT_MS) as download:
        page.get_by_role("button", name=button).first.click()
    with open(download.value.path(), newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_each_role_sees_what_it_may_and_the_auditor_sees_who_looked(browser, app_server, requested_urls):
    """The leader: every aggregate, no case id anywhere (pages and downloads). The manager: the
    cases of Team A only; the work list downloads with its formula-like id as text. The
    auditor: both visits in the access log."""
    leader = signed_in(browser, app_server, LEADER, requested_urls)
    navigation = leader.get_by_test_id("stSidebarNav").text_content()
    assert "Work lists" not in navigation and "Access log" not in navigation
    for path, heading in (("", "Are we improving where Ofsted said we must?"), ("explorer", "Metric explorer"),
                          ("compare", "Teams and workers: comparing fairly"), ("data-quality", "Data quality"),
                          ("definitions", "Definitions"), ("worklists", "Are we improving where Ofsted said we must?")):
        open_page(leader, f"{app_server.url}/{path}")
        expect(leader.get_by_role("heading", name=heading)).to_be_visible(timeout=WAIT_MS)
        assert not CASE_ID.search(page_text(leader)), path
    open_page(leader, f"{app_server.url}/explorer")
    table = downloaded(leader, "Download this table (CSV, small counts suppressed)")
    assert len(table) == 6 and not any(CASE_ID.search(",".join(row.values())) for row in table)
    screenshot(leader, "leader-explorer")
    leader.context.close()

    manager = signed_in(browser, app_server, MANAGER, requested_urls)
    open_page(manager, f"{app_server.url}/worklists")
    expect(manager.get_by_text("The cases of your teams: Team A.", exact=False)).to_be_visible(timeout=WAIT_MS)
    expect(manager.get_by_test_id("stDataFrame").first).to_contain_text('=HYPERLINK("x")', timeout=WAIT_MS)
    shown = page_text(manager)
    assert '=HYPERLINK("x")' in shown and "P002" in shown
    assert not re.search(r"P00[3-9]|P010|P900|Team B|Team C", shown)
    # The table's own export (CSV, clipboard) is off: downloads go through the app's buttons.
    manager.get_by_test_id("stDataFrame").first.hover()
    expect(manager.get_by_role("button", name="Download as CSV")).to_have_count(0)
    work_list = downloaded(manager, "Download this list (CSV)")
    assert [(row["person_id"], row["worker_id"], row["team"]) for row in work_list] == [
        ("'=HYPERLINK(\"x\")", "'=cmd|' /C calc'!A0", "Team A"), ("P002", "W2", "Team A"),
    ]
    screenshot(manager, "manager-worklists")
    manager.context.close()

    auditor = signed_in(browser, app_server, AUDITOR, requested_urls)
    open_page(auditor, f"{app_server.url}/access-log")
    expect(auditor.get_by_role("heading", name="Access log")).to_be_visible(timeout=WAIT_MS)
    log = downloaded(auditor, "Export these records (CSV)")
    visits = [(row["user"], row["action"], row["table"], row["rows"], row["file_name"])
              for row in reversed(log) if row["user"] != ENGINEER]  # the other tests' data engineer
    assert visits[:2] == [(LEADER, "sign in", "", "", ""), (MANAGER, "sign in", "", "", "")]
    assert sorted(visits[2:7]) == sorted((MANAGER, "view", table, rows, "") for table, rows in (
        ("worklist_open_assessments", "2"), ("worklist_s47_without_icpc", "1"), ("worklist_cwd_not_assessed", "1"),
        ("worklist_oversight_overdue", "1"), ("worklist_homeless_without_s20_advice", "1")))
    assert visits[7] == (MANAGER, "download", "worklist_open_assessments", "2", "worklist_open_assessments_901.csv")
    assert visits[8][:2] == (AUDITOR, "sign in")
    screenshot(auditor, "auditor-access-log")
    auditor.context.close()
