"""A relief case from application to payment in a real Chromium, on a 390-px phone in Chinese:
the migrant applies for Hangzhou's temporary relief (the engine's explanation read before
applying) and uploads a PDF; the civil affairs officer opens it, grants 800 yuan and records
the payment; the migrant sees the payment and the notice. Each page passes axe-core and our
own checks (tests/web/test_accessibility.py) and is no wider than the phone; screenshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, FilePayload, Page

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.identity import make_identity
from settle.registry.migrate import upgrade
from settle.registry.persons import register_person
from settle.web.app import create_app
from tests.document_files import pdf
from tests.web.conftest import _serve, shot, sign_in, submit
from tests.web.test_accessibility import AXE, _audit

pytestmark = pytest.mark.browser
PASSWORD = "demo-password"
RELIEF = "hangzhou-temporary-relief-2017"
WIDTH = 390


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A registry with one migrant in Hangzhou (account `migrant`) and a civil affairs officer."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('case-screens')) / 'cases.db'}"
    upgrade(url)
    today = dt.date(2017, 10, 20)
    app = create_app(url, today=today)
    with transaction(app.state.sessions) as session:
        born = dt.date(1988, 3, 4)
        person = register_person(session=session, actor="clerk", identity_number=make_identity(
            "330102", born, 8), name="王芳", sex="female", birth_date=born, origin_place="安徽",
            district="xihu", today=today)
        create_account(session=session, username="migrant", password=PASSWORD, role="applicant",
                       person_id=person.id)
        create_account(session=session, username="civil", password=PASSWORD, role="department_verifier",
                       department="civil_affairs")
    yield from _serve(app)


def _checked(page: Page, where: str, found: dict[str, list[str]]) -> None:
    """axe and our own checks on the page as it is, and its width on the phone."""
    found[where] = _audit(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > WIDTH:
        found[where].append(f"the page is {wide} px wide on a {WIDTH}-px phone")


def test_a_relief_case_goes_from_application_to_payment_on_a_phone_in_chinese(
        browser: Browser, city: str) -> None:
    base = city
    context = browser.new_context(viewport={"width": WIDTH, "height": 844})
    context.add_init_script(AXE)
    page = context.new_page()
    found: dict[str, list[str]] = {}

    sign_in(page, base, "migrant", PASSWORD)
    page.goto(f"{base}/me?lang=zh")
    page.wait_for_selector("[data-testid=my-cases]")
    submit(page, "[data-testid=apply-for-service]")
    page.select_option("#city", "hangzhou")
    submit(page, "form.filters button[type=submit]")
    _checked(page, "services", found)
    submit(page, f"[data-pack={RELIEF}] a")
    page.check("input[name=migrant_in_hangzhou][value=yes]")
    page.select_option("#difficulty", "urgent")
    submit(page, "[data-testid=check]")
    assert page.get_attribute("[data-testid=eligible]", "data-eligible") == "yes"
    assert page.locator("[data-testid=condition][data-met=yes]").count() >= 2
    _checked(page, "apply", found)
    shot(page, "case-apply-zh-phone")
    submit(page, "[data-testid=apply]")
    assert page.get_attribute("[data-testid=case-state]", "data-state") == "submitted"
    case_url = page.url
    scan = FilePayload(name="困难证明.pdf", mimeType="application/pdf", buffer=pdf("hardship in Hangzhou"))
    page.set_input_files("#file", files=[scan])
    submit(page, "[data-testid=upload-form] button[type=submit]")
    assert page.locator("[data-testid=document]").count() == 1

    sign_in(page, base, "civil", PASSWORD)
    page.goto(f"{base}/staff/cases?lang=zh")
    _checked(page, "queue", found)
    submit(page, "[data-testid=case-row] a")
    href = page.get_attribute("[data-testid=case-document]", "href")
    opened = page.context.request.get(f"{base}{href}")
    assert opened.status == 200 and opened.body() == pdf("hardship in Hangzhou")
    _checked(page, "desk", found)
    page.fill("#amount", "800")
    page.fill("#period_from", "2017-10-01")
    page.fill("#period_until", "2017-12-31")
    submit(page, "[data-testid=grant]")
    assert page.get_attribute("[data-testid=case-state]", "data-state") == "granted"
    page.fill("#paid", "800")
    page.fill("#reference", "TRF-1020")
    submit(page, "[data-testid=record]")
    assert page.get_attribute("[data-testid=case-state]", "data-state") == "delivering"
    shot(page, "case-desk-zh-phone")

    sign_in(page, base, "migrant", PASSWORD)
    page.goto(f"{case_url}?lang=zh")
    assert "发放 800.00 CNY" in page.inner_text("[data-testid=deliveries]")
    assert "已登记一次发放" in page.inner_text("[data-testid=case-notices]")
    _checked(page, "case", found)
    shot(page, "my-case-zh-phone")
    page.goto(f"{base}/me?lang=zh")
    page.wait_for_selector("[data-testid=inbox]")
    assert "已登记一次发放" in page.inner_text("[data-testid=inbox]")
    context.close()
    failing = {where: problems for where, problems in found.items() if problems}
    assert failing == {}, "\n".join(f"{where}:\n  " + "\n  ".join(p) for where, p in failing.items())
