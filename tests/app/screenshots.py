"""The screenshots of docs/app.md, taken from the demo's serving database in a real browser.

    make demo          # or: make data refresh
    make screenshots   # python -m tests.app.screenshots --serving data/serving.duckdb --out docs/screenshots

It serves the app (the demo's identity provider and people, app/demo_sign_in.py) on free ports
of 127.0.0.1, signs in as the demo's data engineer and its manager of Assessment Team 1, and
saves the overview, the explorer (the whole authority and its teams as small multiples) and the
cases behind a number, each 1366 pixels wide (a laptop screen), as small palette PNGs.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

from app.demo_sign_in import DEMO_PEOPLE, access_text
from tests.app import browser_session
from tests.app.browser_session import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, REPOSITORY, open_page, settled

WIDTH = 1366
HEIGHT = 1500
COLOURS = 96  # a palette this small keeps the files a few hundred kilobytes
ENGINEER = next(p.email for p in DEMO_PEOPLE if "csc-data-team" in p.groups)
MANAGER = next(p.email for p in DEMO_PEOPLE if p.role == "manager")


def drawn(page: Page) -> None:
    """Wait until the page has stopped growing, no element is still a placeholder and every
    chart in view has drawn. On a busy machine that takes seconds: a fixed pause left the
    overview's trends and the explorer's chart and table blank."""
    state_of_page = """() => {
        const main = document.querySelector('[data-testid="stMain"]');
        const inView = element => element.getBoundingClientRect().top < window.innerHeight;
        const charts = [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(inView);
        const ready = !main.querySelector('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')
            && charts.every(chart => [...chart.querySelectorAll('canvas, svg')]
                .some(drawing => drawing.getBoundingClientRect().height > 0));
        return ready ? main.querySelectorAll('[data-testid="stElementContainer"]').length : -1;
    }"""
    last = -1
    for _ in range(WAIT_MS // 500):
        page.wait_for_timeout(500)
        elements = page.evaluate(state_of_page)
        if elements > 0 and elements == last:  # ready, and the same as half a second ago
            return
        last = elements
    raise TimeoutError(f"the page at {page.url} did not finish drawing within {WAIT_MS} ms")


def saved(page: Page, path: Path, starting_at: str | None = None) -> Path:
    """The window (or, from `starting_at`, a window's height of the page from that text down)
    as a small palette PNG."""
    drawn(page)
    if starting_at is None:
        page.screenshot(path=str(path))
    else:
        # Streamlit scrolls inside its main block: draw the whole page, then crop from the text.
        expect(page.get_by_text(starting_at, exact=True).first).to_be_visible(timeout=WAIT_MS)
        settled(page)
        browser_session.full_page_screenshot(page, path, WIDTH)
        full_height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
        page.set_viewport_size({"width": WIDTH, "height": max(HEIGHT, full_height)})
        page.wait_for_timeout(800)
        top = page.get_by_text(starting_at, exact=True).first.evaluate(
            "element => element.getBoundingClientRect().top")
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        with Image.open(path) as image:
            top = int(max(0, min(top - 24, image.height - HEIGHT)))
            image.crop((0, top, WIDTH, top + HEIGHT)).save(path)
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    return path


def take(serving_path: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    taken = []
    with tempfile.TemporaryDirectory() as work, sync_playwright() as playwright:
        folder = Path(work)
        with browser_session.identity_provider(folder) as port, \
                browser_session.app_server(folder, port, serving_path, access_text()) as url:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                engineer = browser_session.signed_in_page(browser, url, ENGINEER, WIDTH, HEIGHT)
                open_page(engineer, url)
                taken.append(saved(engineer, out / "overview.png"))
                open_page(engineer, f"{url}/explorer")
                taken.append(saved(engineer, out / "explorer.png"))
                engineer.get_by_test_id("stMain").get_by_test_id("stSelectbox").nth(1).click()
                engineer.get_by_role("option", name="Team", exact=True).click()
                settled(engineer)
                taken.append(saved(engineer, out / "explorer-teams.png", starting_at="Periods shown"))
                manager = browser_session.signed_in_page(browser, url, MANAGER, WIDTH, HEIGHT)
                open_page(manager, f"{url}/explorer")
                taken.append(saved(manager, out / "cases-behind-a-number.png", starting_at="The cases behind a number"))
            finally:
                browser.close()
    return taken


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.app.screenshots", description=__doc__.splitlines()[0])
    parser.add_argument("--serving", type=Path, default=REPOSITORY / "data" / "serving.duckdb",
                        help="the demo's serving database (make demo writes it)")
    parser.add_argument("--out", type=Path, default=REPOSITORY / "docs" / "screenshots")
    arguments = parser.parse_args(argv)
    if not arguments.serving.exists():
        parser.exit(2, f"{arguments.serving} does not exist: run `make data refresh` (or `make demo`) first.\n")
    for path in take(arguments.serving.absolute(), arguments.out.absolute()):
        print(f"wrote {path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
