"""The information-sharing pages in a real Chromium: a department's read and its feed, and the
migrant's list of reads, on a 390-px phone in Chinese and at 1100 px in English, pass axe-core
and our own checks (tests/web/test_accessibility.py); screenshots for the docs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy import select

from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.registry.accounts import create_account
from settle.registry.migrate import upgrade
from settle.registry.models import Disclosure, Person
from settle.web.app import create_app
from tests.web.conftest import SCREENSHOTS, _serve, sign_in, submit
from tests.web.test_accessibility import AXE, _audit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """A small demo city with its year of reads, served; an applicant account `migrant` for a
    person whose data was read. Yields the address and that person's identity number."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('sharing')) / 'sharing.db'}"
    upgrade(url)
    app = create_app(url, today=dt.date(2017, 11, 1))
    with transaction(app.state.sessions) as session:
        seed_demo_city(session=session, persons=60, applications=0)
        person_id = session.execute(select(Disclosure.person_id).where(
            Disclosure.outcome == "disclosed", Disclosure.channel != "feed")).scalars().first()
        person = session.get(Person, person_id)
        assert person is not None
        create_account(session=session, username="migrant", password="demo-password", role="applicant",
                       person_id=person.id)
        identity = person.identity_number
    for base in _serve(app):
        yield base, identity


@pytest.mark.parametrize(("lang", "width"), [("zh", 390), ("en", 1100)])
def test_the_sharing_pages_pass_axe_on_a_phone_in_chinese_and_on_a_desk(
        browser: Browser, city: tuple[str, str], lang: str, width: int) -> None:
    base, identity = city
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(AXE)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    sign_in(page, base, "verifier-education")
    page.goto(f"{base}/staff/sharing?lang={lang}")
    found["department"] = _audit(page)
    page.fill("#identity_number", identity)
    submit(page, "[data-testid=sharing-read] button[type=submit]")
    assert page.locator("[data-testid=shared] [data-field=birth_date]").count() == 1
    assert page.locator("[data-testid=shared] [data-field=identity_number]").count() == 0
    found["read"] = _audit(page)
    if lang == "zh":
        page.screenshot(path=str(SCREENSHOTS / "sharing-read-zh-phone.png"), full_page=True)
    page.goto(f"{base}/staff/sharing/feed?purpose=school_enrolment&lang={lang}")
    assert page.locator("[data-testid=feed] tr[data-kind]").count() > 0
    found["feed"] = _audit(page)
    sign_in(page, base, "migrant", "demo-password")
    page.goto(f"{base}/me/disclosures?lang={lang}")
    assert page.locator("[data-testid=disclosure]").count() >= 2  # the year's reads and today's
    found["migrant"] = _audit(page)
    if lang == "zh":
        page.screenshot(path=str(SCREENSHOTS / "my-disclosures-zh-phone.png"), full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"the page is {wide} px wide on a {width}-px phone"
    context.close()
    failing = {where: problems for where, problems in found.items() if problems}
    assert failing == {}, "\n".join(f"{where}:\n  " + "\n  ".join(p) for where, p in failing.items())
