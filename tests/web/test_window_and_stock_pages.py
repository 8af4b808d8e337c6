"""The window's service cases and the department's stock page, in Chinese: a clerk finds a
registered migrant by identity number (in the form body), reads the engine's explanation and
lodges a school-place case for them, which the migrant services bureau sees in its queue and the
migrant on their page, "lodged at the window by" the clerk; the bureau opens a
stock, sees the waiting cases ranked with each one's ranking-key values, allocates and sees who
got a place and why; bad values are refused naming the field, the value and the rule; another
department is told the stock does not exist."""

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
from settle.registry.models import AuditEntry, ServiceCase
from settle.registry.persons import register_person
from settle.web.app import create_app
from tests.web.test_case_pages import FAMILY, PASSWORD, SCHOOL, TODAY, _as, _chinese
from tests.web.test_words import visible_text

IDS = {n: make_identity("440112", dt.date(1985, 1, n), 2 * n + 1) for n in (1, 2, 3, 4)}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('window-stock')) / 'cases.db'}"
    upgrade(url)
    app = create_app(url, today=TODAY)
    with transaction(app.state.sessions) as session:
        for n, identity in IDS.items():
            person = register_person(session=session, actor="clerk", identity_number=identity,
                                     name=f"家长{n}", sex="male", birth_date=dt.date(1985, 1, n),
                                     origin_place="湖南", district="huangpu", today=TODAY)
            create_account(session=session, username=f"parent-{n}", password=PASSWORD, role="applicant",
                           person_id=person.id)
        create_account(session=session, username="clerk-1", password=PASSWORD, role="window_clerk")
        for department in ("civil_affairs", "migrant_services"):
            create_account(session=session, username=f"v-{department}", password=PASSWORD,
                           role="department_verifier", department=department)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def _person_id(client: TestClient, n: int) -> int:
    found = client.post("/staff/case-intake/search", params={"lang": "zh"}, data={"q": IDS[n]})
    assert found.status_code == 200, found.text
    return int(re.search(r'data-serve="(\d+)"', found.text).group(1))  # type: ignore[union-attr]


def _lodge(client: TestClient, person_id: int, answers: dict[str, str], stock: int | None = None) -> int:
    chosen = {"stock_id": str(stock)} if stock else {}
    lodged = client.post(f"/staff/case-intake/{person_id}/new/{SCHOOL}",
                         data={**answers, **chosen, "action": "apply"}, follow_redirects=False)
    assert lodged.status_code == 303, lodged.text
    return int(lodged.headers["location"].rsplit("=", 1)[1])


def test_a_clerk_lodges_a_case_for_a_registered_migrant_who_sees_it_lodged_by_the_clerk(
        site: TestClient) -> None:
    _as(site, "clerk-1")
    start = site.get("/staff/case-intake", params={"lang": "zh"})
    assert start.status_code == 200 and "窗口代办服务" in _chinese(start.text)
    short = site.post("/staff/case-intake/search", data={"q": "4"})
    assert short.status_code == 422 and re.search(r"[\u4e00-\u9fff]", visible_text(short.text))
    assert "“4”" in visible_text(short.text) or "4" in re.sub(r"<[^>]+>", "", short.text)
    person_id = _person_id(site, 1)
    page = site.get(f"/staff/case-intake/{person_id}", params={"lang": "zh"})
    assert "代办对象：家长1" in _chinese(page.text) and "尚无服务案件" in page.text
    services = site.get(f"/staff/case-intake/{person_id}/new", params={"lang": "zh", "city": "guangzhou"})
    assert f'href="/staff/case-intake/{person_id}/new/{SCHOOL}"' in services.text
    assert "代办对象：家长1" in _chinese(services.text)
    checked = site.post(f"/staff/case-intake/{person_id}/new/{SCHOOL}", params={"lang": "zh"},
                        data={**FAMILY, "action": "check"})
    assert 'data-eligible="yes"' in checked.text and 'data-testid="apply"' in checked.text
    assert f'action="/staff/case-intake/{person_id}/new/{SCHOOL}"' in checked.text
    _chinese(checked.text)
    bad = site.post(f"/staff/case-intake/{person_id}/new/{SCHOOL}",
                    data={**FAMILY, "guardian_permit_years": "-2", "action": "apply"})
    assert bad.status_code == 422
    assert "父母持有《广东省居住证》的整年数：所填“-2”低于下限 0" in visible_text(bad.text)
    case_id = _lodge(site, person_id, FAMILY)
    done = site.get(f"/staff/case-intake/{person_id}", params={"lang": "zh", "lodged": case_id})
    text = _chinese(done.text)
    assert f"已受理案件 #{case_id}" in text and "已转" in text and f'data-case="{case_id}"' in done.text

    with site.app.state.sessions() as session:  # type: ignore[attr-defined]
        case = session.get(ServiceCase, case_id)
        assert case is not None and case.channel == "window" and case.lodged_by == "clerk-1"
        assert case.person_id == person_id and case.department == "migrant_services"
        actions = {(e.actor, e.action, e.purpose) for e in entries_about(session, f"person/{person_id}")}
        assert ("clerk-1", "read_person", "service case at the window (pages)") in actions
        lodging = {(e.actor, e.action) for e in entries_about(session, f"case/{case_id}")}
        assert ("clerk-1", "case_apply") in lodging
        searches = list(session.execute(select(AuditEntry).where(AuditEntry.action == "search_persons"))
                        .scalars())
        assert searches and all(IDS[1] not in f"{e.subject} {e.detail}" for e in searches)  # never logged

    _as(site, "v-migrant_services")
    queue = site.get("/staff/cases", params={"lang": "zh"})
    assert f'data-case="{case_id}"' in queue.text and "家长1" in queue.text
    desk = site.get(f"/staff/cases/{case_id}", params={"lang": "zh"})
    assert "窗口代办，经办人：clerk-1" in _chinese(desk.text)

    _as(site, "parent-1")
    own = site.get(f"/me/cases/{case_id}", params={"lang": "zh"})
    assert own.status_code == 200 and "窗口代办，经办人：clerk-1" in _chinese(own.text)
    assert site.get("/staff/case-intake", params={"lang": "zh"}).status_code == 403


def test_the_department_opens_a_stock_ranks_the_waiting_cases_and_allocates_them(site: TestClient) -> None:
    _as(site, "v-migrant_services")
    empty = site.get("/staff/stocks", params={"lang": "zh"})
    assert empty.status_code == 200 and "尚未开设名额" in _chinese(empty.text)
    assert f'<option value="{SCHOOL}"' in empty.text
    form = {"pack_id": SCHOOL, "name": "黄埔区第二小学", "district": "huangpu", "period": "2017"}
    bad = site.post("/staff/stocks", params={"lang": "zh"}, data={**form, "capacity": "两个"})
    assert bad.status_code == 422 and "名额数 = 两个：须为不小于 0 的整数" in _chinese(bad.text)
    english = site.post("/staff/stocks", params={"lang": "en"}, data={**form, "capacity": "two"})
    assert "capacity = two: must be a whole number of places, 0 or more" in visible_text(english.text)
    site.get("/staff/stocks", params={"lang": "zh"})  # back to Chinese (the language is a cookie)
    nameless = site.post("/staff/stocks", data={**form, "name": " ", "capacity": "2"})
    assert nameless.status_code == 422 and "名额须写明学校或小区名称" in visible_text(nameless.text)
    opened = site.post("/staff/stocks", data={**form, "capacity": "2"}, follow_redirects=False)
    assert opened.status_code == 303, opened.text
    stock_id = int(opened.headers["location"].rsplit("/", 1)[1])
    again = site.post("/staff/stocks", data={**form, "capacity": "2"})
    assert again.status_code == 409 and f"已存在：#{stock_id}" in visible_text(again.text)

    _as(site, "clerk-1")  # three families apply at the window, the second one not eligible
    ids = [_person_id(site, n) for n in (2, 3, 4)]
    first = _lodge(site, ids[0], {**FAMILY, "guardian_permit_years": "2"}, stock_id)
    ineligible = _lodge(site, ids[1], {**FAMILY, "guardian_holds_residence_permit": "no"}, stock_id)
    best = _lodge(site, ids[2], {**FAMILY, "guardian_permit_years": "5"}, stock_id)
    late = _lodge(site, ids[0], {**FAMILY, "guardian_permit_years": "2", "guardian_years_insured": "1"},
                  stock_id)

    _as(site, "v-migrant_services")
    listed = site.get("/staff/stocks", params={"lang": "zh"})
    assert f'data-stock="{stock_id}"' in listed.text and "受理中" in _chinese(listed.text)
    waiting = site.get(f"/staff/stocks/{stock_id}", params={"lang": "zh"})
    text = _chinese(waiting.text)
    order = [int(c) for c in re.findall(r'data-testid="ranked-row" data-case="(\d+)"', waiting.text)]
    assert order == [best, first, late, ineligible]
    assert re.findall(r'data-within="(yes|no)"', waiting.text) == ["yes", "yes", "no", "no"]
    assert "父母持有《广东省居住证》年限（居住稳定性）" in text and "在2个名额之内" in text
    assert "超出2个名额" in text and "不符合条件：" in text
    row = re.search(rf'data-case="{best}".*?</tr>', waiting.text, re.S).group(0)  # type: ignore[union-attr]
    assert "<td>5</td>" in row and "<td>3</td>" in row  # its permit years, then its years insured

    allocated = site.post(f"/staff/stocks/{stock_id}/allocate", follow_redirects=False)
    assert allocated.status_code == 303, allocated.text
    after = site.get(f"/staff/stocks/{stock_id}", params={"lang": "zh"})
    text = _chinese(after.text)
    assert "分配完成：获得名额2人，轮候1人，不予批准1人。" in text
    assert "获得名额：排名第1，名额2个" in text and "列入轮候：排名第3，超出2个名额" in text
    assert "不予批准，不符合条件：" in text and "最后一个名额的排序值：" in text
    states = dict(re.findall(r'data-case="(\d+)" data-state="(\w+)"', after.text))
    assert states == {str(best): "granted", str(first): "granted", str(late): "waitlisted",
                      str(ineligible): "refused"}
    twice = site.post(f"/staff/stocks/{stock_id}/allocate", params={"lang": "zh"})
    assert twice.status_code == 422 and "名额 黄埔区第二小学（2017）不在受理期" in _chinese(twice.text)
    with site.app.state.sessions() as session:  # type: ignore[attr-defined]
        actions = [(e.actor, e.action) for e in entries_about(session, f"stock/{stock_id}")]
    assert {("v-migrant_services", a) for a in ("open_stock", "allocate_stock", "read_cases")} <= set(actions)

    _as(site, "v-civil_affairs")
    assert site.get(f"/staff/stocks/{stock_id}", params={"lang": "zh"}).status_code == 404
    assert site.post(f"/staff/stocks/{stock_id}/allocate").status_code == 404
    hidden = site.get("/staff/stocks", params={"lang": "zh"})
    assert "本部门没有名额有限的服务" in _chinese(hidden.text) and "黄埔区第二小学" not in hidden.text
    foreign = site.post("/staff/stocks", params={"lang": "zh"},
                        data={**form, "name": "别处小学", "capacity": "1"})
    assert foreign.status_code == 403
    told = visible_text(foreign.text)
    assert "服务 = 来穗人员随迁子女积分入学" in told and "只能为本部门的服务开设名额" in told
