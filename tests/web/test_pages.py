"""The pages in a real browser (Chromium through Playwright): a migrant on a phone, and a full
round from intake to settlement card across the clerk, the verifiers and the officer."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page

from settle.packs import default_catalogue
from settle.packs.routing import routing_table
from settle.registry.identity import make_identity
from tests.web.conftest import shot, sign_in, submit

pytestmark = pytest.mark.browser


def test_a_migrant_checks_points_in_chinese_on_a_phone(live: tuple[str, FastAPI], browser: Browser) -> None:
    base, _ = live
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{base}/assess/guangzhou-2025?lang=zh")
    assert page.locator("label[for=birth_date]").inner_text().startswith("出生日期")
    page.fill("#birth_date", "1989-09-12")
    page.select_option("#education", "college")
    for box in ("stable_employment", "holds_valid_residence_permit"):
        page.check(f"#{box}")
    page.fill("#residence_permit_since", "2020-03-01")
    page.fill("#pension_insurance_years", "6")
    page.fill("#child_birth_date", "2012-05-01")
    submit(page, "button:has-text('计算我的积分')")
    total = page.get_by_test_id("total")
    assert total.inner_text().startswith("总分")
    assert page.get_by_test_id("service").count() >= 1
    assert "达到条件的途径" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(page, "self-assessment-zh-phone", full_page=False)
    submit(page, "[data-testid=lang-switch]")
    assert "Check my points" in page.content()
    context.close()


def test_a_bad_answer_is_shown_beside_its_field(live: tuple[str, FastAPI], page: Page) -> None:
    base, _ = live
    page.goto(f"{base}/assess/hangzhou-2017?lang=en")
    page.fill("#volunteer_hours", "-5")
    submit(page, "button:has-text('Compute my points')")
    assert page.locator("#error-birth_date").inner_text() == "is required"
    assert "below the minimum 0" in page.locator("#error-volunteer_hours").inner_text()
    assert page.locator("#volunteer_hours").get_attribute("aria-describedby") == \
        "hint-volunteer_hours error-volunteer_hours"


def _intake(page: Page, base: str, n: int, born: dt.date) -> None:
    page.goto(f"{base}/staff/intake")
    page.fill("#identity_number", make_identity("440106", born, 2 * n + 1))
    page.fill("#person_name", f"张{'三四'[n]}")
    page.fill("#birth_date", born.isoformat())
    page.fill("#origin_place", "湖南")
    page.select_option("#education", "college")
    page.select_option("#skill_level", "senior_labour_or_nvq_3_and_above")
    for box in ("holds_guangdong_residence_permit", "stable_employment", "currently_insured_all_five",
                "legal_stable_residence"):
        page.check(f"#{box}")
    page.fill("#other_insurances_min_months", "60")
    submit(page, "button:has-text('Register and open the application')")
    errors = [e for e in page.locator(".error").all_inner_texts() if e.strip()]
    assert not errors, errors
    page.get_by_test_id("intake-done").wait_for(timeout=15_000)


def _registry_periods(page: Page, base: str, identity: str, insured_from: str) -> None:
    """The departments' own data: insurance and permit periods, through the API."""
    token = page.request.post(f"{base}/auth/token", data={"username": "clerk", "password": "demo"}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    found = page.request.get(f"{base}/persons", params={"q": identity, "purpose": "test intake"},
                             headers=headers).json()
    person_id = found["items"][0]["id"]
    for body in ({"kind": "social_insurance", "subtype": "medical", "start": insured_from},
                 {"kind": "residence_permit", "start": "2012-01-01"}):
        assert page.request.post(f"{base}/persons/{person_id}/periods", data=body, headers=headers).ok


def test_a_full_round_from_intake_to_settlement_card(live: tuple[str, FastAPI], page: Page) -> None:
    base, app = live
    sign_in(page, base, "clerk")
    people = [dt.date(1985, 3, 1), dt.date(1986, 4, 2)]
    for n, born in enumerate(people):
        _intake(page, base, n, born)
        _registry_periods(page, base, make_identity("440106", born, 2 * n + 1),
                          ["2010-11-01", "2012-11-01"][n])
    shot(page, "intake")

    pack = default_catalogue().load("guangzhou-2017")
    for department in sorted({d for d in routing_table(pack).values() if d}):
        sign_in(page, base, f"verifier-{department}")
        page.goto(f"{base}/staff/tasks")
        rows = page.locator("tr[data-fact]")
        facts = {rows.nth(i).get_attribute("data-fact") for i in range(rows.count())}
        assert facts <= {f for f, d in routing_table(pack).items() if d == department}, department
        if department == "education":
            shot(page, "verifier-queue")
            response = page.goto(f"{base}/staff/rounds")
            assert response is not None and response.status == 403
            page.goto(f"{base}/staff/tasks")
        waiting = page.locator("tr[data-fact]:not([data-status])")
        while waiting.count():
            row_id = waiting.first.get_attribute("id")
            waiting.first.locator("button[value=confirm]").click()
            page.locator(f"#{row_id}[data-status=confirmed]").wait_for(timeout=15_000)  # htmx swap

    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/rounds/1")
    submit(page, "button[data-action=rank]")
    ranked = page.locator("table[data-testid=ranked] tbody tr")
    assert ranked.count() == 2
    assert ranked.nth(0).locator("td").nth(5).inner_text() == "yes"
    assert "medical_insurance_months" in page.get_by_test_id("cutoff").inner_text()
    submit(page, "button[data-action=disclose]")
    app.state.today = dt.date(2017, 12, 1)
    submit(page, "button[data-action=notice]")
    assert page.get_by_test_id("round-state").inner_text() == "public_notice"
    shot(page, "officer-round")

    page.goto(f"{base}/notice/1")
    before = page.get_by_test_id("admitted").all_inner_texts()
    assert before == ["yes", "no"]
    assert "张*" in page.content() and "********" in page.content()
    first = page.locator("tr[data-application]").first
    objected = first.get_attribute("data-application")
    first.locator("input[name=text]").fill("此人已离职")
    with page.expect_navigation():
        first.locator("button").click()
    shot(page, "public-notice")

    page.goto(f"{base}/staff/rounds/1")
    objection = page.locator("[data-objection]").first
    objection.locator("input[name=decision]").fill("Employer confirms the contract ended")
    objection.locator("input[name=correction_fact]").fill("stable_employment")
    objection.locator("input[name=correction_value]").fill("false")
    with page.expect_navigation():
        objection.locator("button[value=yes]").click()
    page.goto(f"{base}/notice/1")
    # the objected applicant is no longer eligible, leaves the list, and the other is admitted
    after = page.locator("tr[data-application]")
    assert after.count() == 1
    assert after.first.get_attribute("data-application") != objected
    assert after.first.get_by_test_id("admitted").inner_text() == "yes"

    app.state.today = dt.date(2017, 12, 10)
    page.goto(f"{base}/staff/rounds/1")
    submit(page, "button[data-action=finalize]")
    assert page.get_by_test_id("round-state").inner_text() == "final"
    with page.expect_navigation():
        page.locator("button[data-card]").first.click()
    assert "SC-" in page.content()
    shot(page, "settlement-card")
