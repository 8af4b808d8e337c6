"""The pages of service cases, in Chinese: a migrant applies for Hangzhou's temporary relief
(the engine's explanation shown before applying), uploads a PDF, the civil affairs officer
opens it (audited), refuses a bad amount naming the field, the value and the rule, grants and
records a payment, and the migrant sees the payment and the notice; another department's
officer and another applicant are told the case does not exist; a refusal lists the failed
conditions in Chinese."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from settle.audit.chain import entries_about
from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.identity import make_identity
from settle.registry.migrate import upgrade
from settle.registry.models import Document, ServiceCase
from settle.registry.persons import register_person
from settle.web.app import create_app
from settle.workflow import service_stock
from tests.document_files import pdf
from tests.web.test_words import untranslated, visible_text

PASSWORD = "demo-password"
RELIEF = "hangzhou-temporary-relief-2017"
TODAY = dt.date(2017, 10, 20)
SCHOOL = "guangzhou-school-enrollment-2017"
FAMILY = {"district": "huangpu_luogang", "child_birth_date": "2011-03-01",
          "child_born_within_family_planning": "yes", "guardian_holds_residence_permit": "yes",
          "guardian_employed_in_guangzhou": "yes", "guardian_insured_in_guangzhou": "yes",
          "guardian_lives_in_district": "yes", "guardian_years_living_in_district": "3",
          "guardian_works_in_district": "yes", "guardian_years_working_in_district": "3",
          "guardian_permit_years": "3", "guardian_years_insured": "3", "guardian_years_stable_job": "3",
          "talent_green_card": "no"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('case-pages')) / 'cases.db'}"
    upgrade(url)
    app = create_app(url, today=TODAY)
    with transaction(app.state.sessions) as session:
        for n in (1, 2):
            born = dt.date(1990, 1, 1) + dt.timedelta(days=n)
            person = register_person(session=session, actor="clerk", identity_number=make_identity(
                "330102", born, 2 * n), name=f"流动人口{n}", sex="female", birth_date=born,
                origin_place="安徽", district="xihu", today=TODAY)
            create_account(session=session, username=f"migrant-{n}", password=PASSWORD, role="applicant",
                           person_id=person.id)
        service_stock.open_stock(session=session, actor="officer", pack_id=SCHOOL, name="黄埔区第一小学",
                                 district="huangpu", period="2017", capacity=2)
        for department in ("civil_affairs", "education"):
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


def _chinese(html: str) -> str:
    text = visible_text(html)
    assert untranslated(text) == [], untranslated(text)
    return text


def _apply(client: TestClient, difficulty: str) -> int:
    answers = {"migrant_in_hangzhou": "yes", "difficulty": difficulty}
    checked = client.post(f"/me/cases/new/{RELIEF}", params={"lang": "zh"},
                          data={**answers, "action": "check"})
    assert checked.status_code == 200 and 'data-testid="eligibility"' in checked.text
    applied = client.post(f"/me/cases/new/{RELIEF}", data={**answers, "action": "apply"},
                          follow_redirects=False)
    assert applied.status_code == 303, applied.text
    return int(applied.headers["location"].rsplit("/", 1)[1])


def test_a_relief_case_goes_from_application_to_payment_through_the_pages_in_chinese(
        site: TestClient) -> None:
    _as(site, "migrant-1")
    assert "您尚未申请任何服务" in _chinese(site.get("/me/cases", params={"lang": "zh"}).text)
    services = site.get("/me/cases/new", params={"lang": "zh", "city": "hangzhou"})
    assert f'href="/me/cases/new/{RELIEF}"' in services.text
    assert "杭州市可申请的服务" in _chinese(services.text)
    form = site.get(f"/me/cases/new/{RELIEF}", params={"lang": "zh"})
    assert 'name="difficulty"' in form.text and 'data-testid="apply"' not in form.text  # check first
    assert "登记系统没有本服务所需的信息" in _chinese(form.text)
    checked = site.post(f"/me/cases/new/{RELIEF}", data={"migrant_in_hangzhou": "yes", "difficulty": "urgent",
                                                         "action": "check"})
    text = _chinese(checked.text)
    assert "符合全部条件" in text and "遇到突发性、紧迫性或临时性生活困难" in text and "依据" in text
    assert 'data-testid="apply"' in checked.text
    case_id = _apply(site, "urgent")
    page = site.get(f"/me/cases/{case_id}")
    text = _chinese(page.text)
    assert "状态：已受理" in text and "本人网上申请" in text and "市民政局" in text
    refused = site.post(f"/me/cases/{case_id}/documents",
                        files={"file": ("说明.pdf", b"plain words", "application/pdf")})
    assert refused.status_code == 422 and "说明.pdf：文件内容为纯文本" in refused.text
    uploaded = site.post(f"/me/cases/{case_id}/documents",
                         files={"file": ("困难证明.pdf", pdf("hardship"), "application/pdf")})
    assert uploaded.status_code == 200 and "已上传：困难证明.pdf" in _chinese(uploaded.text)

    _as(site, "v-civil_affairs")
    queue = site.get("/staff/cases", params={"lang": "zh", "state": "submitted"})
    assert f'data-case="{case_id}"' in queue.text and "流动人口1" in _chinese(queue.text)
    desk = site.get(f"/staff/cases/{case_id}")
    text = _chinese(desk.text)
    assert "本人申报" in text and "满足" in text and "困难证明.pdf" in text
    document_id = int(re.search(r'href="/staff/documents/(\d+)"', desk.text).group(1))  # type: ignore[union-attr]
    opened = site.get(f"/staff/documents/{document_id}")
    assert opened.status_code == 200 and opened.content == pdf("hardship")
    version = re.search(r'name="version" value="(\d+)"', desk.text).group(1)  # type: ignore[union-attr]
    bad = site.post(f"/staff/cases/{case_id}/decision", data={"decision": "grant", "version": version,
                                                              "amount": "-5", "currency": "CNY"})
    assert bad.status_code == 422
    assert "金额 = -5：须为不小于0、最多两位小数的数字" in _chinese(bad.text)
    late = site.post(f"/staff/cases/{case_id}/decision", data={"decision": "grant", "version": version,
                                                               "amount": "800", "period_from": "2017-10-01",
                                                               "period_until": "十月底"})
    assert late.status_code == 422 and "期限止 = 十月底：须为日期（年-月-日）" in _chinese(late.text)
    granted = site.post(f"/staff/cases/{case_id}/decision", data={
        "decision": "grant", "version": version, "amount": "800", "currency": "CNY",
        "period_from": "2017-10-01", "period_until": "2017-12-31"}, follow_redirects=False)
    assert granted.status_code == 303 and granted.headers["location"] == f"/staff/cases/{case_id}"
    paid = site.post(f"/staff/cases/{case_id}/deliveries", follow_redirects=False,
                     data={"on": "2017-10-20", "amount": "800", "reference": "TRF-17"})
    assert paid.status_code == 303
    text = _chinese(site.get(f"/staff/cases/{case_id}", params={"lang": "zh"}).text)
    assert "800.00 CNY" in text and "期限：2017-10-01 至 2017-12-31" in text and "TRF-17" in text

    _as(site, "migrant-1")
    mine = site.get(f"/me/cases/{case_id}", params={"lang": "zh"})
    text = _chinese(mine.text)
    assert "2017-10-20：发放 800.00 CNY" in text and "凭证号：TRF-17" in text
    assert f"案件 #{case_id}（流动人口临时救助（《杭州市临时救助办法》，2017年））：已登记一次发放" in text
    assert "批准 → 已批准" in text and "登记发放 → 发放中" in text
    inbox = _chinese(site.get("/me/inbox", params={"lang": "zh"}).text)
    assert "已登记一次发放（800 CNY）" in inbox and "查看案件" in inbox
    assert f'href="/me/cases/{case_id}" data-testid="notice-case"' in site.get("/me/inbox").text
    with transaction(site.app.state.sessions) as session:  # type: ignore[attr-defined]
        document = session.execute(select(Document).where(Document.id == document_id)).scalar_one()
        actions = [e.action for e in entries_about(session, f"case/{case_id}")]
        assert document.subject == f"case/{case_id}"
        person_id = document.person_id
        reads = [e for e in entries_about(session, f"person/{person_id}")
                 if e.purpose == "service application (pages)"]
    assert {"case_apply", "upload_document", "open_document", "case_grant", "case_deliver",
            "read_case"} <= set(actions)
    assert reads and all(e.action == "read_person" for e in reads)


def test_another_department_and_another_applicant_are_told_the_case_does_not_exist(site: TestClient) -> None:
    _as(site, "migrant-1")
    case_id = _apply(site, "sudden")
    _as(site, "v-education")
    assert f'data-case="{case_id}"' not in site.get("/staff/cases").text
    page = site.get(f"/staff/cases/{case_id}", params={"lang": "zh"})
    assert page.status_code == 404 and f"没有服务案件 #{case_id}" in _chinese(page.text)
    decided = site.post(f"/staff/cases/{case_id}/decision", data={"decision": "grant", "version": "1"})
    assert decided.status_code == 404
    _as(site, "migrant-2")
    assert site.get(f"/me/cases/{case_id}").status_code == 404
    assert site.post(f"/me/cases/{case_id}/documents",
                     files={"file": ("x.pdf", pdf(), "application/pdf")}).status_code == 404
    _as(site, "v-civil_affairs")
    assert site.get(f"/staff/cases/{case_id}").status_code == 200


def test_a_refusal_and_a_request_for_evidence_are_told_in_chinese(site: TestClient) -> None:
    _as(site, "migrant-2")
    case_id = _apply(site, "none")
    _as(site, "v-civil_affairs")
    desk = site.get(f"/staff/cases/{case_id}", params={"lang": "zh"})
    assert "未满足" in _chinese(desk.text) and 'data-eligible="no"' in desk.text
    version = re.search(r'name="version" value="(\d+)"', desk.text).group(1)  # type: ignore[union-attr]
    grant = site.post(f"/staff/cases/{case_id}/decision", data={"decision": "grant", "version": version})
    assert grant.status_code == 422 and "不能批准" in _chinese(grant.text)
    stale = site.post(f"/staff/cases/{case_id}/decision", data={"decision": "grant", "version": "99"})
    assert stale.status_code == 409 and "已有变动" in _chinese(stale.text)
    asked = site.post(f"/staff/cases/{case_id}/decision", follow_redirects=False, data={
        "decision": "request_evidence", "version": version, "reason": "请提供医院证明"})
    assert asked.status_code == 303
    _as(site, "migrant-2")
    mine = site.get(f"/me/cases/{case_id}", params={"lang": "zh"})
    assert "办理部门要求补充：请提供医院证明" in _chinese(mine.text)
    assert 'data-testid="evidence-form"' in mine.text
    answered = site.post(f"/me/cases/{case_id}/evidence", follow_redirects=False,
                         data={"migrant_in_hangzhou": "yes", "difficulty": "long_term"})
    assert answered.status_code == 303
    assert "已补充：生活困难情形" in _chinese(site.get(f"/me/cases/{case_id}").text)
    _as(site, "v-civil_affairs")
    version = re.search(r'name="version" value="(\d+)"',  # type: ignore[union-attr]
                        site.get(f"/staff/cases/{case_id}").text).group(1)
    refused = site.post(f"/staff/cases/{case_id}/decision", data={"decision": "refuse", "version": version},
                        follow_redirects=False)
    assert refused.status_code == 303
    _as(site, "migrant-2")
    text = _chinese(site.get(f"/me/cases/{case_id}", params={"lang": "zh"}).text)
    assert "状态：不予批准" in text and "遇到突发性、紧迫性或临时性生活困难" in text
    assert "temporary difficulty" not in text
    cases = _chinese(site.get("/me/cases", params={"lang": "zh"}).text)
    assert "不予批准" in cases


def test_a_school_place_is_applied_for_in_the_stock_the_migrant_chooses(site: TestClient) -> None:
    _as(site, "migrant-2")
    form = site.get(f"/me/cases/new/{SCHOOL}", params={"lang": "zh"})
    assert 'data-testid="stock"' in form.text and "黄埔区第一小学（2017，2个名额）" in _chinese(form.text)
    stock = re.search(r'<option value="(\d+)">黄埔区第一小学', form.text).group(1)  # type: ignore[union-attr]
    bad = site.post(f"/me/cases/new/{SCHOOL}", data={**FAMILY, "stock_id": "abc", "action": "apply"})
    assert bad.status_code == 422 and "名额 = abc：请从所列学校或房源中选择" in _chinese(bad.text)
    applied = site.post(f"/me/cases/new/{SCHOOL}", data={**FAMILY, "stock_id": stock, "action": "apply"},
                        follow_redirects=False)
    assert applied.status_code == 303, applied.text
    case_id = int(applied.headers["location"].rsplit("/", 1)[1])
    with transaction(site.app.state.sessions) as session:  # type: ignore[attr-defined]
        case = session.get(ServiceCase, case_id)
        assert case is not None and case.stock_id == int(stock) and case.district == "huangpu"


def test_a_service_delivered_is_closed_and_renewed_from_the_department_page(site: TestClient) -> None:
    _as(site, "migrant-1")
    case_id = _apply(site, "temporary")
    _as(site, "v-civil_affairs")
    version = re.search(r'name="version" value="(\d+)"',  # type: ignore[union-attr]
                        site.get(f"/staff/cases/{case_id}").text).group(1)
    granted = site.post(f"/staff/cases/{case_id}/decision", follow_redirects=False,
                        data={"decision": "grant", "version": version, "allocated": "临时住所一处"})
    assert granted.status_code == 303
    delivered = site.post(f"/staff/cases/{case_id}/deliveries", follow_redirects=False,
                          data={"on": "2017-10-20", "note": "已入住"})
    assert delivered.status_code == 303
    closed = site.post(f"/staff/cases/{case_id}/close", data={"reason": "困难已解决"}, follow_redirects=False)
    assert closed.status_code == 303
    text = _chinese(site.get(f"/staff/cases/{case_id}", params={"lang": "zh"}).text)
    assert "状态：已办结" in text and "分配：临时住所一处" in text and "2017-10-20：已交付" in text
    again = site.post(f"/staff/cases/{case_id}/close", data={"reason": "again"})
    assert again.status_code == 409 and "服务案件处于“已办结”状态，不能执行“办结”" in _chinese(again.text)
    renewed = site.post(f"/staff/cases/{case_id}/renew", follow_redirects=False)
    assert renewed.status_code == 303
    new_id = int(renewed.headers["location"].rsplit("/", 1)[1])
    assert new_id != case_id
    assert "状态：已受理" in _chinese(site.get(renewed.headers["location"], params={"lang": "zh"}).text)
    with transaction(site.app.state.sessions) as session:  # type: ignore[attr-defined]
        new = session.get(ServiceCase, new_id)
        assert new is not None and new.renews_id == case_id and new.department == "civil_affairs"


def test_a_migrant_with_no_case_or_application_is_offered_the_services_of_the_open_rounds_city(
        site: TestClient) -> None:
    from settle.workflow import round_service

    with transaction(site.app.state.sessions) as session:  # type: ignore[attr-defined]
        born = dt.date(1992, 6, 1)
        person = register_person(session=session, actor="clerk", identity_number=make_identity(
            "440106", born, 41), name="新来的人", sex="male", birth_date=born, origin_place="湖南",
            district="baiyun", today=TODAY)
        create_account(session=session, username="newcomer", password=PASSWORD, role="applicant",
                       person_id=person.id)
        round_service.open_round(session=session, actor="officer", pack_id="guangzhou-2017", name="2017",
                                 window_opens=dt.date(2017, 10, 10), window_closes=dt.date(2017, 11, 8),
                                 quota=5)
    _as(site, "newcomer")
    text = _chinese(site.get("/me/cases/new", params={"lang": "zh"}).text)
    assert "广州市可申请的服务" in text and "福彩“及时雨”关爱基金" in text
    assert "杭州市可申请的服务" in _chinese(site.get("/me/cases/new", params={"city": "hangzhou"}).text)
