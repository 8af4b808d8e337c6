"""The register of social workers' page, in Chinese and English: a civil affairs verifier
registers a worker through the form and sees the level, the employer and the monthly subsidy
in words, withdraws them with a reason; a refusal names field, value and rule; another
department may not open it."""

from __future__ import annotations

import datetime as dt
import re

from fastapi.testclient import TestClient

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.identity import make_identity
from settle.registry.models import Organization
from settle.registry.persons import register_person
from tests.api.conftest import PASSWORD, client, database_url

__all__ = ["client", "database_url"]  # the API tests' fixtures: a migrated database and its app


def _sign_in(client: TestClient, username: str) -> None:
    response = client.post("/login", data={"username": username, "password": PASSWORD},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def _setup(client: TestClient) -> tuple[str, int]:
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        create_account(session=session, username="v-civil_affairs", password=PASSWORD,
                       role="department_verifier", department="civil_affairs")
        agency = Organization(name="彩虹社工服务中心", kind="social_service_agency",
                              registering_authority="civil_affairs_bureau", registered_on=dt.date(2012, 1, 1),
                              city="hangzhou")
        session.add(agency)
        session.flush()
        born = dt.date(1987, 7, 8)
        number = make_identity("330102", born, 8)
        register_person(session=session, actor="clerk", identity_number=number, name="陈静", sex="female",
                        birth_date=born, origin_place="Anhui")
        return number, agency.id



def test_civil_affairs_registers_and_withdraws_a_social_worker_on_the_page(client: TestClient) -> None:
    number, agency = _setup(client)
    _sign_in(client, "v-civil_affairs")
    empty = client.get("/staff/social-workers?lang=zh")
    assert empty.status_code == 200 and "暂无登记的社会工作者" in empty.text
    assert "社会工作者登记" in empty.text
    form = {"identity_number": number, "certificate_level": "social_worker",
            "certificate_number": "SW-330-17",
            "certified_on": "2015-06-30", "employer_kind": "social_work_agency",
            "employer_organization_id": str(agency), "employer_name": "", "registered_on": "2016-01-04"}
    refused = client.post("/staff/social-workers", data=form | {"certified_on": "2016-03-01"})
    assert refused.status_code == 422
    assert "certified_on = 2016-03-01" in refused.text and "只能登记已取得的证书" in refused.text
    done = client.post("/staff/social-workers", data=form)
    assert done.status_code == 200, done.text
    assert 'data-state="registered"' in done.text
    main = re.sub(r"<[^>]+>", " ", done.text.split("<main>", 1)[1])
    assert set(re.findall(r"[A-Za-z]{3,}", main)) <= {"SW"}, re.findall(r"[A-Za-z]{3,}", main)
    assert "社会工作师" in done.text and "彩虹社工服务中心" in done.text and "每月60.00美元" in done.text
    english = client.get("/staff/social-workers?lang=en")
    assert "60.00 US dollars a month" in english.text and "a social work service agency" in english.text
    withdrawn = client.post("/staff/social-workers/1/withdraw", data={"reason": "调离杭州"})
    assert withdrawn.status_code == 200 and 'data-state="withdrawn"' in withdrawn.text
    assert "none: Holds a social worker or associate social worker certificate" in withdrawn.text
    again = client.get("/staff/social-workers?lang=zh").text
    assert "调离杭州" in again and "已撤销" in again
    assert "无补贴：持有社会工作师或助理社会工作师证书；在杭州从事社会工作" in again


def test_another_department_cannot_open_the_register(client: TestClient) -> None:
    _setup(client)
    _sign_in(client, "v-education")
    assert client.get("/staff/social-workers").status_code == 403
    client.post("/logout")
    _sign_in(client, "clerk")
    assert client.get("/staff/social-workers").status_code == 403
