"""A live server on a small demo city, and a real Chromium driven by Playwright.

Debian's chromium (/usr/bin/chromium) is installed by scripts/install-chromium.sh, which
`make test` runs; Playwright's own browser download is not used."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.registry.accounts import create_account
from settle.registry.migrate import upgrade
from settle.registry.models import Application, EvidenceItem
from settle.web.app import create_app
from settle.workflow import round_service as rounds

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



def seed_notice_round(session: Session) -> int:
    """A demo city at every stage a page can show: its round in public notice, an applicant
    with an account (`applicant`) and an objection of theirs waiting, a second objection upheld
    so that a department re-verifies a fact, and one application excluded. Returns the id of
    the applicant's application."""
    round_id = seed_demo_city(session=session, persons=60, applications=12).id
    first = session.execute(select(Application).order_by(Application.id)).scalars().first()
    assert first is not None
    create_account(session=session, username="applicant", password="demo", role="applicant",
                   person_id=first.person_id)
    pending = session.execute(select(EvidenceItem).where(EvidenceItem.application_id != first.id + 1)
                              ).scalars().all()
    for item in pending:
        rounds.decide_evidence(session=session, actor="v", department=item.department,
                               item_id=item.id, decision="confirm", expected_version=item.version,
                               today=dt.date(2017, 11, 1))
    rounds.close_application(session=session, actor="officer", application_id=first.id + 1,
                             action="exclude", reason="材料不全", today=dt.date(2017, 11, 9))
    rounds.rank(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 11, 9))
    rounds.disclose(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 11, 9))
    rounds.open_notice(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 11, 14))
    rounds.file_objection(session=session, actor="applicant", actor_role="applicant",
                          actor_person_id=first.person_id, application_id=first.id,
                          today=dt.date(2017, 11, 15), text="我的学历应为本科")
    other = rounds.file_objection(session=session, actor="officer", actor_role="bureau_officer",
                                  actor_person_id=None, application_id=first.id + 2,
                                  today=dt.date(2017, 11, 15), text="学历证书为本科",
                                  correction={"education": "bachelor_or_above"})
    rounds.decide_objection(session=session, actor="officer", objection_id=other.id, upheld=True,
                            decision="证书属实")
    return first.id
