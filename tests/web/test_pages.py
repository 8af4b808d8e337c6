"""The pages in a real browser (Chromium through Playwright): a migrant's calculator on a phone
and on a desk, and a full round from intake to settlement card across the clerk, the verifiers
and the officer."""

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
    assert ranked.nth(0).locator("td[data-admitted]").inner_text() == "yes"
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
    objection.locator("select[name=correction_value]").select_option("false")  # the fact's values
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


# ---------------------------------------------------------------- the migrant's calculator
# In Chinese on a 390-px phone and in English on a 1100-px desk: step by step with JavaScript,
# one long form without it; each walk checks several things to keep the browser's time small.

WORDS = {
    "zh": {"next": "下一步", "compute": "计算我的积分", "fix": "请更正以下 1 项",
           "required": "出生日期：必须填写", "running": "目前得分：30 分",
           "day": "按您选择的 2017-12-31 计算", "no_line": "资料未公布本办法的申请分数线",
           "cutoffs": "资料未公布各轮次的录取分数线", "blocked": "在杭居住一年以上", "quote": "查看原文",
           "source": "依据：《比较报告：柏林、科隆、广州、杭州》，第 939–940 行", "print": "打印本摘要",
           "line": "申请所需总积分：150 分。", "bad": "所填“-5”低于下限 0"},
    "en": {"next": "Next", "compute": "Compute my points", "fix": "Please correct 1 answer(s)",
           "required": "date of birth: is required", "running": "Score so far: 30 points",
           "day": "Computed for 2017-12-31, the day you chose",
           "no_line": "The sources publish no points line",
           "cutoffs": "The sources publish no round's cut-off score",
           "blocked": "Has lived in Hangzhou for more than one year", "quote": "Show the source's words",
           "source": "Source: Comparative report: Berlin, Cologne, Guangzhou, Hangzhou, lines 939–940",
           "print": "Print this summary", "line": "Total points needed to apply: 150 points.",
           "bad": "“-5” — below the minimum 0"},
}
def _shown_step(page: Page) -> str | None:
    return page.locator("fieldset.step.current").get_attribute("data-step")


def _swap(page: Page, button: str) -> None:
    """Press a button that htmx answers by swapping the calculator, and wait for the answer."""
    page.evaluate("window.settled = false; document.addEventListener('htmx:afterSettle',"
                  " () => { window.settled = true; }, {once: true})")
    page.locator(button).click()
    page.wait_for_function("window.settled === true")


def _step(page: Page, label: str) -> None:
    _swap(page, f"fieldset.step.current .step-nav button:has-text('{label}')")


def _fits(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize(("lang", "viewport"), [("zh", PHONE), ("en", DESKTOP)])
def test_a_migrant_answers_one_step_at_a_time_and_reads_a_printable_result(
        live: tuple[str, FastAPI], browser: Browser, lang: str, viewport: dict[str, int]) -> None:
    base, _ = live
    w = WORDS[lang]
    context = browser.new_context(viewport=viewport, locale="zh-CN" if lang == "zh" else "en-GB")  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{base}/assess/hangzhou-2017?lang={lang}")
    # one step at a time: the first shown, the others hidden; the day chosen above them
    assert page.locator("fieldset.step[data-step='0']").is_visible()
    assert page.locator("fieldset.step[data-step='1']").is_hidden()
    page.fill("#as_of", "2017-12-31")
    # a step refused: the summary on top, the field focused, the step kept
    _step(page, w["next"])
    assert w["fix"] in page.get_by_test_id("error-summary").inner_text()
    assert w["required"] in page.get_by_test_id("error-summary").inner_text()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'birth_date'")
    assert _shown_step(page) == "0"
    page.fill("#birth_date", "1990-05-01")
    _step(page, w["next"])
    assert _shown_step(page) == "1"
    assert page.get_by_test_id("running").inner_text() == w["running"]  # 27 on the day chosen
    # the language switched: the same answers and step, in the other language
    submit(page, "[data-testid=lang-switch]")
    assert page.locator("html").get_attribute("lang") == ("en" if lang == "zh" else "zh-CN")
    assert page.input_value("#birth_date") == "1990-05-01" and page.input_value("#as_of") == "2017-12-31"
    assert _shown_step(page) == "1"
    submit(page, "[data-testid=lang-switch]")
    assert page.get_by_test_id("running").inner_text() == w["running"]
    # on to the services; a service's questions wait closed until opened (what does not apply is skipped)
    while page.locator("fieldset.step.current button.next").count():
        _step(page, w["next"])
    legal = page.locator("details.group", has=page.locator("#migrant_in_hangzhou"))
    assert not legal.evaluate("node => node.open")
    legal.locator("summary").click()
    page.check("#migrant_in_hangzhou")
    page.check("#lives_in_urban_area")
    page.fill("#years_lived_in_hangzhou", "0")
    _swap(page, "button.compute")
    # the result: the day, the line (none published), the places, the chart by item group
    result = page.locator("#result")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'result'")
    shot(page, "self-assessment-zh-phone" if lang == "zh" else "self-assessment-en-desk", full_page=False)
    assert w["day"] in page.get_by_test_id("as-of").inner_text()
    assert page.get_by_test_id("total").inner_text().endswith(("30 分", "30 points"))
    assert w["no_line"] in page.get_by_test_id("line").inner_text()
    assert "6000" in page.get_by_test_id("quotas").inner_text()
    assert w["cutoffs"] in page.get_by_test_id("no-cutoffs").inner_text()
    assert page.get_by_test_id("group-chart").locator(".bar-row").count() == 4
    # services: the one answered says what blocks it; the others ask for answers, none says no
    blocked = page.locator("[data-testid=service]", has=page.locator("[data-verdict=not_eligible]"))
    assert blocked.count() == 1 and w["blocked"] in blocked.get_by_test_id("blocking").inner_text()
    incomplete = page.locator("[data-testid=service-incomplete]")
    assert incomplete.count() >= 5  # the city's services that ask more than was answered
    assert incomplete.locator("[data-verdict=to_answer]").count() == incomplete.count()
    # a citation by the document's title, its words on demand
    cite = blocked.locator(".cite").first
    assert w["source"] in cite.inner_text() and ".txt" not in result.inner_text()
    quote = cite.locator("blockquote")
    assert quote.is_hidden()
    cite.get_by_text(w["quote"]).click()
    assert quote.is_visible()
    assert _fits(page)
    # a question to answer is a link: it shows its step, opens its group and takes the focus
    page.locator("[data-testid=to-answer] a[href='#child_birth_date']").click()
    assert page.locator("#child_birth_date").is_visible()
    assert page.evaluate("document.activeElement.id") == "child_birth_date"
    assert _shown_step(page) == "4"
    # printable: the summary without the form or the header
    assert page.get_by_role("button", name=w["print"]).is_visible()
    page.emulate_media(media="print")
    assert page.locator("#calculator-form").is_hidden() and page.locator("header").is_hidden()
    assert page.get_by_test_id("total").is_visible()
    context.close()


@pytest.mark.parametrize(("lang", "viewport"), [("en", DESKTOP), ("zh", PHONE)])
def test_without_javascript_the_calculator_is_one_long_form_with_the_line_and_the_gap(
        live: tuple[str, FastAPI], browser: Browser, lang: str, viewport: dict[str, int]) -> None:
    base, _ = live
    context = browser.new_context(viewport=viewport, java_script_enabled=False)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{base}/assess/guangzhou-2025?lang={lang}")
    steps = page.locator("fieldset.step")
    assert steps.count() == 5 and all(steps.nth(i).is_visible() for i in range(5))
    assert page.locator("button.next").first.is_hidden()  # no steps without JavaScript
    insurance = page.locator("details.group", has=page.locator("#pension_insurance_years"))
    insurance.locator("summary").click()
    page.fill("#pension_insurance_years", "-5")
    page.fill("#birth_date", "1990-05-01")
    submit(page, "button.compute")
    summary = page.get_by_test_id("error-summary").inner_text()
    assert WORDS[lang]["bad"] in summary
    assert page.evaluate("document.activeElement.id") == "pension_insurance_years"  # autofocus
    page.fill("#pension_insurance_years", "6")
    page.select_option("#education", "college")
    page.check("#stable_employment")
    page.check("#criminal_penalty_5y-no")
    submit(page, "button.compute")
    line = page.get_by_test_id("line").inner_text()
    assert WORDS[lang]["line"] in line
    assert page.get_by_test_id("gap").is_visible() and page.get_by_test_id("gauge").is_visible()
    assert ("2026-06-30" in page.get_by_test_id("as-of").inner_text())  # the demo's day is before the rules
    # the blocking conditions first, then the questions still to answer, each a link to its field
    blocking = page.get_by_test_id("blocking").first
    to_answer = page.get_by_test_id("to-answer").first
    assert blocking.bounding_box()["y"] < to_answer.bounding_box()["y"]  # type: ignore[index]
    assert to_answer.locator("a[href='#holds_valid_residence_permit']").count() == 1
    assert ".txt" not in page.locator("#result").inner_text()
    assert _fits(page)
    # the language switch needs no script either: the answers and the result come back translated
    submit(page, "[data-testid=lang-switch]")
    assert page.input_value("#pension_insurance_years") == "6"
    assert page.get_by_test_id("total").is_visible()
    assert page.locator("html").get_attribute("lang") == ("zh-CN" if lang == "en" else "en")
    context.close()
