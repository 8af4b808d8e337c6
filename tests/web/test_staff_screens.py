"""The staff screens for volume in a real browser, in Chinese on a phone and in English on a
desk: the verifier's queue (search, state, sorting, grouping, batch confirmation, the record
beside the declared value), the clerk's search before intake, and the officer's round page
(ranking key values, eligibility and its reasons, admitted against quota, charts, history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.packs import default_catalogue
from settle.packs.routing import routing_table
from settle.registry.identity import make_identity
from settle.registry.migrate import upgrade
from settle.web.app import create_app
from tests.web.conftest import _serve, shot, sign_in, submit

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1100, "height": 900}


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A demo city with 30 applications waiting at the departments."""
    url = f"sqlite:///{tmp_path_factory.mktemp('staff') / 'staff.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        seed_demo_city(session=session, persons=120, applications=30)
    yield from _serve(app)


def _api(page: Page, base: str, username: str) -> dict[str, str]:
    token = page.request.post(f"{base}/auth/token", data={"username": username, "password": "demo"}).json()
    return {"Authorization": f"Bearer {token['access_token']}"}


def _persons(page: Page, base: str) -> list[dict[str, str]]:
    """The registered persons, by id (the demo's first 30 applied)."""
    found: list[dict[str, str]] = page.request.get(
        f"{base}/persons", params={"purpose": "test: staff screens", "limit": "60"},
        headers=_api(page, base, "clerk")).json()["items"]
    return found


def _no_overflow(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


def _queue_and_intake(page: Page, base: str, lang: str, applicant: dict[str, str],
                      newcomer: dict[str, str]) -> None:
    sign_in(page, base, "verifier-human_resources")
    page.goto(f"{base}/staff/tasks?lang={lang}")
    # search by identity number: the number travels in the form body, never in the address
    page.fill("#filter-q", applicant["identity_number"])
    submit(page, "#task-filters button[type=submit]")
    assert applicant["identity_number"] not in page.url
    assert applicant["identity_number"] not in (page.locator("a[href]").evaluate_all(
        "links => links.map(a => a.href).join(' ')"))
    rows = page.locator("tr[data-fact]")
    assert rows.count() >= 3 and len({rows.nth(i).get_attribute("data-application")
                                      for i in range(rows.count())}) == 1
    assert page.locator("td[data-record=none]").first.inner_text() == "–"
    hint = page.get_by_test_id("on-record-hint").inner_text()
    assert hint == {"zh": "–：登记系统无此记录，请核对材料",
                    "en": "–: not held by the registry; check the document"}[lang]
    skill = page.locator("tr[data-fact=skill_level] select[name=value] option").all_inner_texts()
    assert skill and all("_" not in text for text in skill)  # the fact's values in words, never keys
    # group by applicant, sort by fact, tick the whole group and confirm it at once
    page.fill("#filter-q", applicant["name"])
    page.check("#filter-group")
    page.select_option("#filter-order", "fact")
    submit(page, "#task-filters button[type=submit]")
    group = page.locator("tr[data-group]").first
    ticked = page.locator(f"input[data-group-of='{group.get_attribute('data-group')}']").count()
    group.locator("input[data-tick-group]").check()
    assert page.locator("input[name=items]:checked").count() == ticked
    submit(page, "[data-testid=confirm-ticked]")
    done = page.get_by_test_id("batch-done").inner_text()
    assert done == (f"已确认{ticked}项" if lang == "zh" else f"{ticked} tasks confirmed")
    page.select_option("#filter-state", "confirmed")
    submit(page, "#task-filters button[type=submit]")
    assert page.locator("tr[data-status=confirmed]").count() >= ticked
    assert _no_overflow(page)
    shot(page, f"verifier-queue-{lang}", full_page=False)

    # the clerk looks for the person first; a registered one fills the form
    sign_in(page, base, "clerk")
    page.goto(f"{base}/staff/intake?lang={lang}")
    page.fill("#q", newcomer["name"])
    submit(page, "[data-testid=person-search] button")
    page.locator(f"button[data-take='{newcomer['id']}']").click()
    page.get_by_test_id("chosen").wait_for()
    assert page.input_value("#identity_number") == newcomer["identity_number"]
    assert page.input_value("#birth_date") == newcomer["birth_date"]
    assert page.input_value("#sex") == newcomer["sex"]
    page.fill("#q", applicant["identity_number"])
    submit(page, "[data-testid=person-search] button")
    assert page.locator("[data-applied]").count() == 1  # applied already: no second application
    assert applicant["identity_number"] not in page.url
    unknown = make_identity("440106", dt.date(1990, 2, 3), 998 if lang == "zh" else 997)
    page.fill("#q", unknown)
    submit(page, "[data-testid=person-search] button")
    assert page.get_by_test_id("none-found").is_visible()
    assert page.input_value("#identity_number") == unknown  # the form starts with what was typed
    assert page.input_value("#sex") == ""  # no default sex until the number is read
    page.fill("#identity_number", unknown)
    assert page.input_value("#birth_date") == "1990-02-03"
    assert page.input_value("#sex") == ("male" if int(unknown[16]) % 2 else "female")
    assert _no_overflow(page)


def test_the_verifier_and_the_clerk_in_chinese_on_a_phone(city: str, browser: Browser) -> None:
    context = browser.new_context(viewport=PHONE, locale="zh-CN")  # type: ignore[arg-type]
    page = context.new_page()
    persons = _persons(page, city)
    _queue_and_intake(page, city, "zh", persons[0], persons[40])
    context.close()


def test_the_verifier_the_clerk_and_the_officers_round_page_in_english_then_chinese(
        city: str, browser: Browser) -> None:
    context = browser.new_context(viewport=DESKTOP)  # type: ignore[arg-type]
    page = context.new_page()
    persons = _persons(page, city)
    _queue_and_intake(page, city, "en", persons[1], persons[41])

    pack = default_catalogue().load("guangzhou-2017")
    for department in sorted({d for d in routing_table(pack).values() if d}):  # the rest, through the API
        headers = _api(page, city, f"verifier-{department}")
        for task in page.request.get(f"{city}/verification/tasks", headers=headers).json():
            assert page.request.post(f"{city}/verification/tasks/{task['id']}", headers=headers,
                                     data={"decision": "confirm", "version": task["version"]}).ok
    sign_in(page, city, "officer")
    page.goto(f"{city}/staff/rounds/1?lang=en")
    page.fill("#clock-day", "2017-11-09")
    submit(page, "[data-testid=demo-clock] button")
    submit(page, "button[data-action=rank]")
    keys = page.locator("table[data-testid=ranked] th[data-key]").all_inner_texts()
    assert keys[0].startswith("Months of employee medical insurance") and len(keys) == 2
    admitted = page.locator("tr[data-application]:has(td[data-admitted=yes])")
    assert admitted.count() >= 1 and admitted.first.locator("td[data-key-value]").first.inner_text() != "–"
    ineligible = page.locator("td[data-eligible=no]")
    assert ineligible.count() >= 1 and ineligible.first.inner_text().startswith("no: ")
    sentence = page.locator("[data-line=general] [data-testid=line-why]").inner_text()
    assert f"{admitted.count()} admitted of a quota of 60" in sentence and "are eligible" in sentence
    assert page.locator("[data-testid=charts] figure svg").count() == 2
    reasons = page.locator("table[data-testid=failed-conditions] tbody tr")
    assert reasons.count() >= 1 and int(reasons.first.locator("td").nth(1).inner_text()) >= 1
    history = page.locator("table[data-testid=pack-values]").inner_text()
    assert "Quota of the 2017 round" in history and "6000" in history and "539-561" in history
    assert page.locator("table[data-testid=past-rounds] tr[data-round='1'] td").nth(2).inner_text() == "60"
    shot(page, "officer-round-why")
    context.close()

    phone = browser.new_context(viewport=PHONE, locale="zh-CN")  # type: ignore[arg-type]
    page = phone.new_page()
    sign_in(page, city, "officer")
    page.goto(f"{city}/staff/rounds/1?lang=zh")
    assert page.locator("th[data-key]").first.inner_text() == "在本市缴纳社会医疗保险时间"
    assert "指标60个" in page.locator("[data-line=general] [data-testid=line-why]").inner_text()
    assert set(page.locator("td[data-eligible=yes]").all_inner_texts()) == {"是"}
    assert page.locator("td[data-eligible=no]").first.inner_text().startswith("否")
    assert "积分制入户" in page.locator("[data-testid=charts]").inner_text()
    assert _no_overflow(page)
    shot(page, "officer-round-why-zh-phone", full_page=False)
    phone.close()
