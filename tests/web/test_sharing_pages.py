"""The information-sharing pages: a department reads a migrant's data on its page (only the
granted fields), a department without an agreement is told which agreement is missing and the
refusal is kept, the feed pages on, and the migrant's page lists every read, in Chinese too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.identity import make_identity
from settle.registry.models import Disclosure
from settle.registry.persons import register_person
from settle.web.app import create_app
from tests.web.test_words import untranslated, visible_text

PASSWORD = "demo-password"
BORN = dt.date(1990, 5, 4)
IDENTITY = make_identity("440106", BORN, 14)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from settle.registry.migrate import upgrade

    url = f"sqlite:///{Path(tmp_path_factory.mktemp('sharing')) / 'sharing.db'}"
    upgrade(url)
    app = create_app(url, today=dt.date(2017, 11, 1))
    with transaction(app.state.sessions) as session:
        person = register_person(session=session, actor="clerk", identity_number=IDENTITY, name="李娜",
                                 sex="female", birth_date=BORN, origin_place="Hunan", district="tianhe",
                                 occupation="worker", today=dt.date(2017, 11, 1))
        create_account(session=session, username="lina", password=PASSWORD, role="applicant",
                       person_id=person.id)
        for department in ("education", "human_resources", "youth_league"):
            create_account(session=session, username=f"v-{department}", password=PASSWORD,
                           role="department_verifier", department=department)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def _as(client: TestClient, username: str) -> None:
    client.cookies.clear()
    response = client.post("/login", data={"username": username, "password": PASSWORD},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def test_two_departments_read_different_fields_on_their_page_and_the_migrant_sees_both(
        site: TestClient) -> None:
    _as(site, "v-education")
    education = site.post("/staff/sharing", params={"lang": "zh"},
                          data={"identity_number": IDENTITY, "purpose": "school_enrolment"})
    assert education.status_code == 200, education.text
    assert 'data-field="birth_date"' in education.text
    assert 'data-field="identity_number"' not in education.text
    assert "李娜" in education.text and "女" in visible_text(education.text)
    _as(site, "v-human_resources")
    hr = site.post("/staff/sharing", data={"identity_number": IDENTITY, "purpose": "employment_registration"})
    assert 'data-field="identity_number"' in hr.text and 'data-field="children"' not in hr.text
    _as(site, "lina")
    mine = site.get("/me/disclosures", params={"lang": "zh"})
    text = visible_text(mine.text)
    assert mine.text.count('data-testid="disclosure"') == 2
    assert "教育局" in text and "人力资源和社会保障局" in text and "随迁子女接受义务教育入学" in text
    assert "通过页面" in text and untranslated(text) == []
    assert 'href="/me/disclosures"' in site.get("/me", params={"lang": "zh"}).text


def test_a_department_without_an_agreement_is_told_which_is_missing_and_the_refusal_is_kept(
        site: TestClient) -> None:
    _as(site, "v-youth_league")
    page = site.get("/staff/sharing", params={"lang": "zh"})
    assert 'data-testid="no-agreements"' in page.text and 'data-testid="sharing-read"' not in page.text
    refused = site.post("/staff/sharing", params={"lang": "zh"},
                        data={"identity_number": IDENTITY, "purpose": "school_enrolment"})
    assert refused.status_code == 403
    assert "没有任何信息共享协议允许团市委读取公安局掌握的登记信息" in visible_text(refused.text)
    assert "李娜" not in refused.text
    with site.app.state.sessions() as session:  # type: ignore[attr-defined]
        rows = session.execute(select(Disclosure).where(Disclosure.department == "youth_league")).scalars()
        assert [(r.outcome, r.reason, r.channel) for r in rows] == [("refused", "no_agreement", "page")]


def test_the_feed_page_shows_the_granted_changes_in_chinese(site: TestClient) -> None:
    _as(site, "v-education")
    page = site.get("/staff/sharing/feed", params={"purpose": "school_enrolment", "lang": "zh"})
    assert page.status_code == 200, page.text
    text = visible_text(page.text)
    assert 'data-kind="registration"' in page.text and "新登记" in text and "居住区: tianhe" in text
    assert "身份证号码" not in text.split("变更推送")[1].split("读取来穗人员信息")[0]
    assert untranslated(text) == []
