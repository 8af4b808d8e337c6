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
    assert page.input_value("#birth_date") == born.isoformat()  # read from the identity number
    assert page.input_value("#sex") == "male"
    page.fill("#person_name", f"张{'三四'[n]}")
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


def set_clock(page: Page, day: str) -> None:
    """Move the demo's date forward from the round page, as its staff would."""
    page.fill("#clock-day", day)
    submit(page, "[data-testid=demo-clock] button")
    assert page.get_by_test_id("today").inner_text() == day


def test_a_full_round_from_intake_to_settlement_card(live: tuple[str, FastAPI], page: Page) -> None:
    base, _app = live
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
    rank = page.locator("button[data-action=rank]")
    assert rank.is_disabled()  # the window is still open on the demo's date, 2017-11-01
    assert "2017-11-09" in page.locator("[data-refusal=rank]").inner_text()
    set_clock(page, "2017-11-09")
    submit(page, "button[data-action=rank]")
    ranked = page.locator("table[data-testid=ranked] tbody tr")
    assert ranked.count() == 2
    assert ranked.nth(0).locator("td").nth(5).inner_text() == "yes"
    assert "Months of employee medical insurance" in page.get_by_test_id("cutoff").inner_text()
    submit(page, "button[data-action=disclose]")
    assert page.locator("button[data-action=open_notice]").is_disabled()  # disclosed for 5 days first
    set_clock(page, "2017-11-14")
    submit(page, "button[data-action=open_notice]")
    assert page.get_by_test_id("round-state").get_attribute("data-state") == "public_notice"
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
    objection.locator("select[name=correction_fact]").select_option("stable_employment")
    objection.locator("input[name=correction_value]").fill("false")
    with page.expect_navigation():
        objection.locator("button[value=yes]").click()
    assert "human_resources" in page.get_by_test_id("message").inner_text()
    assert page.locator("button[data-action=finalize]").is_disabled()

    # the department that holds the fact re-verifies it; its decision re-ranks the round
    sign_in(page, base, "verifier-human_resources")
    page.goto(f"{base}/staff/tasks")
    task = page.locator("tr[data-fact=stable_employment]").first
    row_id = task.get_attribute("id")
    task.locator("button[value=confirm]").click()
    page.locator(f"#{row_id}[data-status=confirmed]").wait_for(timeout=15_000)
    page.goto(f"{base}/notice/1")
    # the objected applicant is no longer eligible, leaves the list, and the other is admitted
    after = page.locator("tr[data-application]")
    assert after.count() == 1
    assert after.first.get_attribute("data-application") != objected
    assert after.first.get_by_test_id("admitted").inner_text() == "yes"

    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/rounds/1")
    set_clock(page, "2017-11-19")
    submit(page, "button[data-action=finalize]")
    assert page.get_by_test_id("round-state").get_attribute("data-state") == "final"
    with page.expect_navigation():
        page.locator("button[data-card]").first.click()
    assert "SC-" in page.content()
    shot(page, "settlement-card")


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1100, "height": 900}


def _api(page: Page, base: str, username: str) -> dict[str, str]:
    token = page.request.post(f"{base}/auth/token", data={"username": username, "password": "demo"}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


@pytest.mark.parametrize(("lang", "viewport"), [("zh", PHONE), ("en", DESKTOP)])
def test_a_failed_htmx_request_shows_its_error_beside_the_control(
        demo: str, browser: Browser, lang: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    sign_in(page, demo, "verifier-education")
    page.goto(f"{demo}/staff/tasks?lang={lang}")
    row = page.locator("tr[data-fact]").first
    row_id = row.get_attribute("id")
    row.locator("button[value=correct]").click()  # "correct to" with no value
    slot = page.locator(f"#{row_id} [data-error-slot]")
    slot.locator("span").wait_for(timeout=15_000)
    expected = "请填写更正后的值" if lang == "zh" else "enter the corrected value"
    assert expected in slot.inner_text()
    assert page.locator(f"#{row_id}").get_attribute("data-status") is None  # nothing changed
    # focus moves to the field to fix
    page.wait_for_function("document.activeElement && document.activeElement.name === 'value'")
    context.close()


@pytest.mark.parametrize(("lang", "viewport"), [("zh", PHONE), ("en", DESKTOP)])
def test_a_refused_intake_keeps_the_form_the_session_and_the_language(
        demo: str, browser: Browser, lang: str, viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
    page = context.new_page()
    found = page.request.get(f"{demo}/persons", params={"purpose": "test: an applicant already applied",
                                                        "limit": "1"},
                             headers=_api(page, demo, "clerk")).json()["items"][0]
    sign_in(page, demo, "clerk")
    page.goto(f"{demo}/staff/intake?lang={lang}")
    page.fill("#identity_number", found["identity_number"])
    page.fill("#person_name", found["name"])
    page.fill("#birth_date", found["birth_date"])
    page.fill("#origin_place", "湖南")
    page.select_option("#sex", found["sex"])
    page.select_option("#education", "college")
    submit(page, "form.facts button[type=submit]")
    error = page.get_by_test_id("form-error").inner_text()
    assert ("已有申请" if lang == "zh" else "already has application") in error
    assert page.input_value("#identity_number") == found["identity_number"]  # the form is kept
    assert page.input_value("#education") == "college"
    assert "clerk" in page.locator("header").inner_text()  # still signed in
    assert "illegal_transition" not in page.content()
    context.close()


def test_a_fresh_demo_round_runs_to_the_final_list_in_chinese_on_a_phone(demo: str, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")  # type: ignore[arg-type]
    page = context.new_page()
    sign_in(page, demo, "officer")
    page.goto(f"{demo}/staff/rounds/1?lang=zh")
    assert page.locator("button[data-action=rank]").is_disabled()
    assert "2017-11-09起方可排名" in page.locator("[data-refusal=rank]").inner_text()
    set_clock(page, "2017-11-09")
    # nothing verified yet: the round is not ranked, and each application is named with why
    submit(page, "button[data-action=rank]")
    assert "40件申请尚不能计分" in page.get_by_test_id("round-error").inner_text()
    blocked = page.locator("tr[data-blocked]")
    assert blocked.count() == 40 and "尚待核查" in blocked.first.inner_text()
    assert "officer" in page.locator("header").inner_text()
    excluded = blocked.first.get_attribute("data-blocked")
    blocked.first.locator("input[name=reason]").fill("申请人未补齐材料")
    submit(page, f"tr[data-blocked='{excluded}'] button")
    assert page.locator(f"tr[data-application='{excluded}']").get_attribute("data-state") == "excluded"
    shot(page, "officer-round-blocked", full_page=False)

    pack = default_catalogue().load("guangzhou-2017")
    for department in sorted({d for d in routing_table(pack).values() if d}):  # every department decides
        headers = _api(page, demo, f"verifier-{department}")
        for task in page.request.get(f"{demo}/verification/tasks", headers=headers).json():
            answer = page.request.post(f"{demo}/verification/tasks/{task['id']}", headers=headers,
                                       data={"decision": "confirm", "version": task["version"]})
            assert answer.ok, answer.text()

    page.goto(f"{demo}/staff/rounds/1?lang=zh")
    submit(page, "button[data-action=rank]")
    assert page.get_by_test_id("message").inner_text().startswith("已排名 39")
    assert page.get_by_test_id("round-state").inner_text() == "已排名"
    submit(page, "button[data-action=disclose]")
    assert page.locator("button[data-action=open_notice]").is_disabled()
    set_clock(page, "2017-11-14")
    submit(page, "button[data-action=open_notice]")
    assert page.get_by_test_id("round-state").inner_text() == "公示中"
    set_clock(page, "2017-11-19")
    submit(page, "button[data-action=finalize]")
    assert page.get_by_test_id("round-state").inner_text() == "已公布"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_an_error_page_keeps_the_session_and_the_language_and_offers_a_way_back(
        live: tuple[str, FastAPI], page: Page) -> None:
    base, _app = live
    sign_in(page, base, "officer")
    page.goto(f"{base}/staff/rounds?lang=zh")
    response = page.goto(f"{base}/staff/rounds/999", referer=f"{base}/staff/rounds?lang=zh")
    assert response is not None and response.status == 404
    assert "操作未能完成" in page.content() and "officer" in page.locator("header").inner_text()
    assert page.get_by_test_id("back").get_attribute("href") == "/staff/rounds?lang=zh"
