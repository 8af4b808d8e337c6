"""A live server on a small demo city, and a real Chromium driven by Playwright.

Debian's chromium (/usr/bin/chromium) is installed by scripts/install-chromium.sh, which
`make test` runs; Playwright's own browser download is not used."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright

from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.registry.migrate import upgrade
from settle.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parents[2] / "out" / "screenshots"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _serve(app: FastAPI) -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=5)
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FastAPI]]:
    """A demo city with no applications yet and a quota of one, at the demo's own date."""
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        round_ = seed_demo_city(session=session, persons=20, applications=0)
        round_.quota = 1
    for base in _serve(app):
        yield base, app


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh demo city, as `settle serve` builds it (smaller): applications waiting at every
    department, nothing fixed up."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        seed_demo_city(session=session, persons=300, applications=40)
    yield from _serve(app)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run bash scripts/install-chromium.sh", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def shot(page: Page, name: str, full_page: bool = True) -> None:
    """Save a screenshot as a test artifact (out/screenshots/)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


def submit(page: Page, selector: str) -> None:
    """Click a control that submits a form, and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def sign_in(page: Page, base: str, username: str, password: str = "demo") -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    submit(page, "main button[type=submit]")

