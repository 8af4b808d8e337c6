"""The monitoring dashboard in a real browser, in Chinese on a phone: the indicators, the
charts, a district's drill-down, nothing wider than the screen; a screenshot is kept under the
test's tmp path."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from settle.database import transaction
from settle.registry.migrate import upgrade
from settle.web.app import create_app
from tests.web.conftest import _serve, sign_in
from tests.web.test_monitoring import seed

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('monitoring-browser') / 'monitoring.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        seed(session)
    yield from _serve(app)


def test_the_dashboard_in_chinese_on_a_phone(city: str, browser: Browser, tmp_path: Path) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")  # type: ignore[arg-type]
    page = context.new_page()
    sign_in(page, city, "analyst")
    page.goto(f"{city}/monitoring?indicator=interim_assistance_recipients&period=2015&by=sex&lang=zh")
    assert page.get_by_test_id("indicator-title").inner_text().startswith("临时救助受助人数")
    assert page.locator("[data-testid=charts] svg").count() >= 2
    assert page.locator("td[data-hidden=true]").count() >= 2  # Liwan's four, and what would reveal them
    assert page.get_by_test_id("city-total").inner_text() == "29"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(tmp_path / "monitoring-zh-phone.png"), full_page=True)
    page.locator("a[data-district=tianhe]").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("district-detail").inner_text().startswith("天河区")
    page.screenshot(path=str(tmp_path / "monitoring-zh-tianhe.png"), full_page=True)
    assert (tmp_path / "monitoring-zh-phone.png").stat().st_size > 10_000
    context.close()
