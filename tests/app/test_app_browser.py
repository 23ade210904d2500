"""End to end in a real browser: `streamlit run` on the fixture, driven by headless Chromium.

Screenshots of every page go to tests/artifacts/app/ so a person can look at them. Streamlit
runs with the repository's settings (.streamlit/config.toml), and every request the browser
makes is watched: none may leave the machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.app.conftest import REPOSITORY

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = REPOSITORY / "tests" / "artifacts" / "app"
STARTUP_LIMIT_SECONDS = 60
WAIT_MS = 30_000
WIDTH = 1400

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(serving_database, tmp_path_factory):
    """The app served by `streamlit run` on a free port, reading the fixture database."""
    port = free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
    environment = {**os.environ, "CSC_SERVING_PATH": str(serving_database)}
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app/main.py", "--server.port", str(port),
             "--server.fileWatcherType", "none"],
            cwd=REPOSITORY, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"streamlit did not start; its output:\n{log_path.read_text()}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.fixture(scope="module")
def requested_urls() -> list[str]:
    """Every URL the browser has requested in this module's tests."""
    return []


@pytest.fixture(scope="module")
def browser_page(tmp_path_factory, requested_urls):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": WIDTH, "height": 900}, accept_downloads=True,
        )
        context.on("request", lambda request: requested_urls.append(request.url))
        try:
            yield context.new_page()
        finally:
            context.close()


def settled(page: Page) -> None:
    """Wait until Streamlit has finished running the script and drawn the page."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=WAIT_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMain\"] h1').length > 0",
        timeout=WAIT_MS,
    )


def screenshot(page: Page, name: str) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the window to fit it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": WIDTH, "height": max(900, height)})
    page.wait_for_timeout(800)  # let charts re-lay themselves out at the new size
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": WIDTH, "height": 900})


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    settled(page)


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


@pytest.mark.parametrize(("path", "name", "expected"), [
    ("compare", "compare", "Section 47 enquiries leading to an initial conference, 2023-24"),
    ("worklists", "worklists", "Which open assessments are past 45 working days, or within 10 of it?"),
    ("data-quality", "data-quality", "Rows this load held back, by rule"),
    ("definitions", "definitions", "Median working days to complete an assessment"),
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
