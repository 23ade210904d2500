"""Serving the app in a real browser: the demo's identity provider and `streamlit run` on free
ports of 127.0.0.1, headless Debian Chromium through Playwright, signed in on the provider's
page. Shared by the browser tests (tests/app/test_app_browser.py) and the docs' screenshots
(tests/app/screenshots.py).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from app.demo_sign_in import provider_command, write_settings

REPOSITORY = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
STARTUP_LIMIT_SECONDS = 60
WAIT_MS = 30_000


class ServerDidNotStart(RuntimeError):
    """A server did not answer its health check in time; the message holds its output."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def started(command: list[str], health_url: str, log_path: Path, environment: dict[str, str]) -> subprocess.Popen:
    """A server process, once `health_url` answers."""
    with open(log_path, "w") as log:
        server = subprocess.Popen(command, cwd=REPOSITORY, env=environment, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
    while True:
        try:
            urllib.request.urlopen(health_url, timeout=2)
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise ServerDidNotStart(f"{command[:4]} did not start; its output:\n{log_path.read_text()}")
            time.sleep(0.2)


def stopped(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)


@contextmanager
def identity_provider(folder: Path) -> Iterator[int]:
    """The demo's identity provider on a free port of 127.0.0.1, for as long as the block runs."""
    port = free_port()
    server = started(provider_command(port), f"http://127.0.0.1:{port}/.well-known/openid-configuration",
                     folder / "provider.log", dict(os.environ))
    try:
        yield port
    finally:
        stopped(server)


@contextmanager
def app_server(folder: Path, provider_port: int, serving_path: Path, access_settings: str) -> Iterator[str]:
    """The app's server (`python -m app.server`: `streamlit run app/main.py`, prepared) on a
    free port, signing in through the provider, reading `serving_path`, with the given access
    settings; yields its address."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    secrets_path, _ = write_settings(folder / "sign-in", url, provider_port)
    (folder / "access.toml").write_text(access_settings)
    server = started(
        [sys.executable, "-m", "app.server", "--server.port", str(port),
         "--server.fileWatcherType", "none", "--secrets.files", str(secrets_path)],
        f"{url}/_stcore/health", folder / "streamlit.log",
        {**os.environ, "CSC_SERVING_PATH": str(serving_path), "CSC_ACCESS_PATH": str(folder / "access.toml"),
         "CSC_ACCESS_LOG_PATH": str(folder / "access_log.jsonl"),
         # This repository's app/, whichever checkout the venv's editable install points at.
         "PYTHONPATH": os.pathsep.join(filter(None, [str(REPOSITORY), os.environ.get("PYTHONPATH")]))},
    )
    try:
        yield url
    finally:
        stopped(server)


def settled(page: Page) -> None:
    """Wait until Streamlit has finished running the script and drawn the page."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=WAIT_MS)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stMain\"] h1').length > 0",
        timeout=WAIT_MS,
    )


def signed_in_page(browser: Browser, url: str, email: str, width: int, height: int = 900,
                   requested_urls: list[str] | None = None) -> Page:
    """A browser context of its own, signed in as `email` on the provider's page."""
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    if requested_urls is not None:
        # Every request that went out, answered or not; one the page's Content-Security-Policy
        # stopped (the demo provider's CDN stylesheet) never left the browser.
        context.on("requestfinished", lambda request: requested_urls.append(request.url))
        context.on("requestfailed", lambda request: request.failure == "csp" or requested_urls.append(request.url))
    page = context.new_page()
    page.goto(url)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=email).click()  # the provider's sign-in page
    expect(page.get_by_test_id("stSidebar").get_by_text("Signed in as")).to_be_visible(timeout=WAIT_MS)
    settled(page)
    return page


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    settled(page)


def full_page_screenshot(page: Page, path: Path, width: int) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the window to fit it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    height = 0
    for _ in range(4):  # elements drawn only once in view (tables) make the page grow again
        grown = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        if grown <= height:
            break
        height = grown
        page.set_viewport_size({"width": width, "height": max(900, height)})
        page.wait_for_timeout(800)  # let charts re-lay themselves out at the new size
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})
