"""The register of social workers in a browser, in Chinese on a phone (390 px): the demo's
workers with their monthly subsidy in words; civil affairs withdraws one with a reason and the
page then says there is no subsidy and why; the page passes axe and fits the phone's width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser

from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.demo.social_workers import ACCOUNT
from settle.registry.migrate import upgrade
from settle.web.app import create_app
from tests.web.conftest import _serve, shot, submit
from tests.web.conftest import sign_in as browser_sign_in
from tests.web.test_accessibility import AXE, _audit

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('social_workers')) / 'social_workers.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        seed_demo_city(session=session, persons=20, applications=0)
    yield app
    app.state.engine.dispose()


@pytest.mark.browser
def test_civil_affairs_withdraws_a_social_worker_in_chinese_on_a_phone(demo_app: FastAPI,
                                                                       browser: Browser) -> None:
    for base in _serve(demo_app):
        context = browser.new_context(viewport=PHONE, locale="zh-CN")  # type: ignore[arg-type]
        context.add_init_script(AXE)
        page = context.new_page()
        browser_sign_in(page, base, ACCOUNT)
        page.goto(f"{base}/staff/social-workers?lang=zh")
        assert _audit(page) == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        subsidies = page.locator("[data-testid=subsidy]").all_inner_texts()
        assert "每月60.00美元" in subsidies and "每月30.00美元" in subsidies
        shot(page, "social-workers-zh-phone", full_page=False)
        row = page.locator("tr[data-state=registered]").first
        worker = row.get_attribute("id")
        row.locator("input[name=reason]").fill("调离本市")
        submit(page, f"#{worker} button[type=submit]")
        withdrawn = page.locator(f"#{worker}")
        assert withdrawn.get_attribute("data-state") == "withdrawn"
        assert "调离本市" in withdrawn.inner_text()
        assert withdrawn.locator("[data-testid=subsidy]").inner_text().startswith("无补贴：")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        context.close()
