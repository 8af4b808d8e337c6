"""A school place lodged at the window and allocated, in a real Chromium on a 390-px phone in
Chinese: the clerk finds a migrant by identity number, reads the engine's explanation and lodges
the case for the stock of a school; the migrant services bureau sees the stock's waiting cases
ranked with their ranking-key values and allocates the places. Each page passes axe-core and
our own checks (tests/web/test_accessibility.py) and is no wider than the phone; screenshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.identity import make_identity
from settle.registry.migrate import upgrade
from settle.registry.persons import register_person
from settle.web.app import create_app
from settle.workflow import service_stock
from tests.web.conftest import _serve, shot, sign_in, submit
from tests.web.test_accessibility import AXE
from tests.web.test_case_pages import FAMILY, SCHOOL
from tests.web.test_case_screens import WIDTH, _checked

pytestmark = pytest.mark.browser
PASSWORD = "demo-password"
IDENTITY = make_identity("440112", dt.date(1986, 6, 6), 5)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A registered parent in Guangzhou, a window clerk, the migrant services bureau and a
    stock of two school places."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('window-screens')) / 'cases.db'}"
    upgrade(url)
    today = dt.date(2017, 10, 20)
    app = create_app(url, today=today)
    with transaction(app.state.sessions) as session:
        register_person(session=session, actor="clerk", identity_number=IDENTITY, name="李明", sex="male",
                        birth_date=dt.date(1986, 6, 6), origin_place="湖南", district="huangpu", today=today)
        create_account(session=session, username="clerk", password=PASSWORD, role="window_clerk")
        create_account(session=session, username="bureau", password=PASSWORD, role="department_verifier",
                       department="migrant_services")
        service_stock.open_stock(session=session, actor="bureau", pack_id=SCHOOL, name="黄埔区第一小学",
                                 district="huangpu", period="2017", capacity=2)
    yield from _serve(app)


def _answer(page: Page) -> None:
    for name, value in FAMILY.items():
        if value in ("yes", "no"):
            page.check(f"input[name={name}][value={value}]")
        elif page.locator(f"select[name={name}]").count():
            page.select_option(f"select[name={name}]", value)
        else:
            page.fill(f"[name='{name}']", value)


def test_a_clerk_lodges_a_school_place_and_the_bureau_allocates_it_on_a_phone_in_chinese(
        browser: Browser, city: str) -> None:
    base = city
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    context.add_init_script(AXE)
    page = context.new_page()
    found: dict[str, list[str]] = {}

    sign_in(page, base, "clerk", PASSWORD)
    page.goto(f"{base}/staff/case-intake?lang=zh")
    page.fill("#q", IDENTITY)
    submit(page, "[data-testid=person-search] button[type=submit]")
    assert IDENTITY not in page.url
    _checked(page, "search", found)
    submit(page, "[data-serve] >> nth=0")
    assert "代办对象：李明" in page.inner_text("[data-testid=person]")
    submit(page, "[data-testid=lodge-for]")
    page.select_option("#city", "guangzhou")
    submit(page, "form.filters button[type=submit]")
    submit(page, f"[data-pack={SCHOOL}] a")
    _answer(page)
    page.select_option("[data-testid=stock]", label="黄埔区第一小学（2017，2个名额）")
    submit(page, "[data-testid=check]")
    assert page.get_attribute("[data-testid=eligible]", "data-eligible") == "yes"
    _checked(page, "apply", found)
    shot(page, "window-case-apply-zh-phone")
    submit(page, "[data-testid=apply]")
    lodged = page.inner_text("[data-testid=lodged]")
    assert "已受理案件" in lodged and "来穗人员服务管理局" in lodged
    _checked(page, "lodged", found)
    shot(page, "window-case-lodged-zh-phone")

    sign_in(page, base, "bureau", PASSWORD)
    page.goto(f"{base}/staff/stocks?lang=zh")
    _checked(page, "stocks", found)
    submit(page, "[data-testid=stock-row] a")
    assert page.locator("[data-testid=ranked-row][data-within=yes]").count() == 1
    _checked(page, "stock", found)
    shot(page, "stock-ranked-zh-phone")
    submit(page, "[data-testid=allocate]")
    assert page.get_attribute("[data-testid=stock-state]", "data-state") == "allocated"
    assert "获得名额：排名第1" in page.inner_text("[data-testid=stock-ranked]")
    _checked(page, "allocated", found)
    shot(page, "stock-allocated-zh-phone")
    context.close()
    failing = {where: problems for where, problems in found.items() if problems}
    assert failing == {}, "\n".join(f"{where}:\n  " + "\n  ".join(p) for where, p in failing.items())
