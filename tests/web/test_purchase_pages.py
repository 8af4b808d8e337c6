"""The organization's page and the purchasing department's pages on the demo city, in Chinese:
an organization signs in to its own page and bids through it; the department sees the bids
sealed until the opening; refusals name field, value and rule; the reports page draws its
chart; and, in a real browser on a phone, an officer awards the project waiting for it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser
from sqlalchemy import select

from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.demo.purchases import ACCOUNT, AWAITING_AWARD, ORGANIZATIONS, PROJECTS
from settle.registry.migrate import upgrade
from settle.registry.models import PurchaseProject
from settle.web.app import create_app
from tests.web.conftest import _serve, shot, submit
from tests.web.conftest import sign_in as browser_sign_in
from tests.web.test_accessibility import AXE, _audit

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('purchases')) / 'purchases.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        seed_demo_city(session=session, persons=20, applications=0)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def city(demo_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(demo_app) as client:
        yield client


def _ids(app: FastAPI) -> dict[str, int]:
    with app.state.sessions() as session:
        return {p.title: p.id for p in session.execute(select(PurchaseProject)).scalars()}


def _sign_in(client: TestClient, username: str) -> str:
    client.cookies.clear()
    response = client.post("/login", data={"username": username, "password": "demo"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def _main(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split("<main>", 1)[1]))


def test_an_organization_lands_on_its_own_page_and_bids_through_it(city: TestClient,
                                                                     demo_app: FastAPI) -> None:
    assert _sign_in(city, ACCOUNT) == "/staff/organization"
    page = city.get("/staff/organization", params={"lang": "zh"})
    assert page.status_code == 200
    text = _main(page.text)
    assert ORGANIZATIONS[0][0] in text and "4A" in text and "一窗受理" in text and "招标公告" in text
    assert ORGANIZATIONS[1][0] not in text  # the other organization's name appears nowhere
    call = _ids(demo_app)[PROJECTS[3][0]]
    refused = city.post(f"/staff/organization/bids/{call}", data={"price": "很多", "proposal": "方案"})
    assert refused.status_code == 422 and "price = 很多：不是有效金额" in _main(refused.text)
    done = city.post(f"/staff/organization/bids/{call}", data={"price": "560000", "proposal": "培训方案"},
                     follow_redirects=True)
    assert done.status_code == 200 and "已投标" in _main(done.text)
    again = city.post(f"/staff/organization/bids/{call}", data={"price": "550000", "proposal": "x"})
    assert again.status_code == 409 and "已对项目" in _main(again.text)

    _sign_in(city, "officer")
    sealed = _main(city.get(f"/staff/purchases/{call}", params={"lang": "zh"}).text)
    assert "已收到2份投标" in sealed and "密封" in sealed
    assert "560000" not in sealed and "585000" not in sealed
    early = city.post(f"/staff/purchases/{call}/open")
    assert early.status_code == 403 and "密封" in _main(early.text)


def test_the_department_sees_opened_bids_with_scores_and_the_reports_with_a_chart(city: TestClient,
                                                                                demo_app: FastAPI) -> None:
    _sign_in(city, "officer")
    ids = _ids(demo_app)
    listing = _main(city.get("/staff/purchases", params={"lang": "zh"}).text)
    assert all(title in listing for title, *_ in PROJECTS) and "已开标" in listing
    opened = city.get(f"/staff/purchases/{ids[AWAITING_AWARD]}", params={"lang": "zh"})
    assert 'data-testid="award-form"' in opened.text and "服务方案与成果" in _main(opened.text)
    unscored = city.post(f"/staff/purchases/{ids[AWAITING_AWARD]}/award", data={"bid_id": "999999",
                                                                                 "reasons": "x"})
    assert unscored.status_code == 404
    evaluated = _main(city.get(f"/staff/purchases/{ids[PROJECTS[0][0]]}", params={"lang": "zh"}).text)
    assert "已完成绩效评价" in evaluated and "优秀" in evaluated
    report = city.get("/staff/purchase-reports", params={"lang": "zh"})
    assert report.status_code == 200 and "<svg" in report.text
    assert "100.00%" in _main(report.text) and "000 第1273-1278行" in _main(report.text)
    _sign_in(city, ACCOUNT)
    assert city.get("/staff/purchases").status_code == 403


def test_the_registering_authority_registers_inspects_and_lists_through_its_page(city: TestClient) -> None:
    _sign_in(city, "officer")
    page = city.get("/staff/organizations", params={"lang": "zh"})
    assert page.status_code == 200 and ORGANIZATIONS[0][0] in _main(page.text) and "4A" in _main(page.text)
    refused = city.post("/staff/organizations", data={
        "name": "海珠区社工服务站", "kind": "social_service_agency",
        "registering_authority": "civil_affairs_bureau",
        "city": "guangzhou", "registered_on": "2016-04-01", "credit_code": "51440100MJ00000011"})
    assert refused.status_code == 422 and "credit_code = 51440100MJ00000011" in _main(refused.text)
    assert "校验码应为" in _main(refused.text)
    done = city.post("/staff/organizations", data={
        "name": "海珠区社工服务站", "kind": "social_service_agency",
        "registering_authority": "civil_affairs_bureau",
        "city": "guangzhou", "registered_on": "2016-04-01", "approval_route": "one_window",
        "applied_on": "2016-03-20", "materials_complete_on": "2016-03-25", "visits": "0"},
        follow_redirects=True)
    assert done.status_code == 200 and "海珠区社工服务站" in _main(done.text)
    row = re.search(r'data-organization="(\d+)"><td>海珠区社工服务站', done.text)
    assert row is not None
    organization_id = row.group(1)
    inspected = city.post(f"/staff/organizations/{organization_id}/inspections", data={
        "year": "2016", "result": "qualified", "rating": "3A", "inspected_on": "2017-05-01"},
        follow_redirects=True)
    assert "合格 · 3A" in _main(inspected.text)
    listed = city.post(f"/staff/organizations/{organization_id}/catalogue", data={
        "edition": "2017", "listed_on": "2017-06-01"}, follow_redirects=True)
    assert listed.status_code == 200
    _sign_in(city, "verifier-youth_league")
    league = city.get("/staff/organizations", params={"lang": "zh"})
    assert league.status_code == 200 and 'value="civil_affairs_bureau"' not in league.text
    other = city.post(f"/staff/organizations/{organization_id}/inspections", data={
        "year": "2017", "result": "qualified", "inspected_on": "2017-09-01"})
    assert other.status_code == 403 and "civil_affairs_bureau" in _main(other.text)


@pytest.mark.browser
def test_an_officer_awards_the_project_in_chinese_on_a_phone(demo_app: FastAPI, browser: Browser) -> None:
    for base in _serve(demo_app):
        context = browser.new_context(viewport=PHONE, locale="zh-CN")  # type: ignore[arg-type]
        page = context.new_page()
        browser_sign_in(page, base, "officer")
        page.goto(f"{base}/staff/purchases?lang=zh")
        with page.expect_navigation():
            page.get_by_role("link", name=AWAITING_AWARD).click()
        assert page.locator("[data-testid=bids] tbody tr").count() == 2
        page.fill("#a-reasons", "综合得分最高，服务方案完整")
        shot(page, "purchase-award-zh-phone", full_page=False)
        submit(page, "[data-testid=award]")
        awarded = page.locator("[data-testid=awarded]").inner_text()
        assert "授予" in awarded and ORGANIZATIONS[0][0] in awarded and "综合得分最高" in awarded
        assert page.locator("[data-testid=project] [data-state]").get_attribute("data-state") == "awarded"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        shot(page, "purchase-awarded-zh-phone")
        context.close()


@pytest.mark.browser
def test_the_purchase_pages_pass_axe_and_our_own_checks_on_a_phone_in_chinese(demo_app: FastAPI,
                                                                               browser: Browser) -> None:
    ids = _ids(demo_app)
    pages = [(ACCOUNT, ["/staff/organization"]),
             ("officer", ["/staff/organizations", "/staff/purchases",
                          *(f"/staff/purchases/{ids[title]}" for title, *_ in PROJECTS),
                          "/staff/purchase-reports"])]
    found: dict[str, list[str]] = {}
    for base in _serve(demo_app):
        context = browser.new_context(viewport=PHONE, locale="zh-CN")  # type: ignore[arg-type]
        context.add_init_script(AXE)
        page = context.new_page()
        for username, paths in pages:
            browser_sign_in(page, base, username)
            for path in paths:
                page.goto(f"{base}{path}?lang=zh")
                found[path] = _audit(page)
                if not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"):
                    found[path].append("wider than the phone")
        context.close()
    assert found == {path: [] for _, paths in pages for path in paths}
