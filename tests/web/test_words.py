"""Chinese pages speak Chinese: every page a user can reach, walked in zh, shows no raw key
(a fact id, a state, a pack id), no Python or JSON literal (`None`, `null`, `True`, a dict)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.messages import STATES
from settle.packs import default_catalogue
from settle.registry.accounts import create_account
from settle.registry.migrate import upgrade
from settle.registry.models import Application, EvidenceItem
from settle.web.app import create_app
from settle.workflow import round_service as rounds


class Visible(HTMLParser):
    """The text a reader sees, and the labels a screen reader reads."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def untranslated(text: str) -> list[str]:
    catalogue = default_catalogue()
    ids = {pack_id for pack_id in catalogue.ids()}
    facts = {name for pack_id in ids for name in catalogue.load(pack_id).facts if "_" in name}
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_\-]*", text))
    found = sorted(w for w in words if w in facts or w in ids or (w in STATES and "_" in w))
    found += [literal for literal in ("None", "null", "True", "False", "{'", "[{") if literal in text]
    return found


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A demo city at every stage a page can show: tasks waiting, a round in public notice with
    an objection, an applicant with an account."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('words')) / 'words.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        round_id = seed_demo_city(session=session, persons=60, applications=12).id
        first = session.execute(select(Application).order_by(Application.id)).scalars().first()
        assert first is not None
        create_account(session=session, username="applicant", password="demo", role="applicant",
                       person_id=first.person_id)
        pending = session.execute(select(EvidenceItem).where(EvidenceItem.application_id != first.id + 1)
                                  ).scalars().all()
        for item in pending:
            rounds.decide_evidence(session=session, actor="v", department=item.department,
                                   item_id=item.id, decision="confirm", expected_version=item.version,
                                   today=dt.date(2017, 11, 1))
        rounds.close_application(session=session, actor="officer", application_id=first.id + 1,
                                 action="exclude", reason="材料不全", today=dt.date(2017, 11, 9))
        rounds.rank(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 11, 9))
        rounds.disclose(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 11, 9))
        rounds.open_notice(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 11, 14))
        rounds.file_objection(session=session, actor="applicant", actor_role="applicant",
                              actor_person_id=first.person_id, application_id=first.id,
                              today=dt.date(2017, 11, 15), text="我的学历应为本科")
    app.state.today = dt.date(2017, 11, 15)
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def _as(client: TestClient, username: str) -> None:
    client.cookies.clear()
    response = client.post("/login", data={"username": username, "password": "demo"}, follow_redirects=False)
    assert response.status_code == 303, response.text


PAGES = [
    (None, ["/", "/login", "/notice/1", "/assess", "/assess/guangzhou-2017", "/assess/guangzhou-2025",
            "/assess/hangzhou-2017"]),
    ("applicant", ["/me"]),
    ("clerk", ["/staff/intake"]),
    ("verifier-education", ["/staff/tasks"]),
    ("officer", ["/staff/rounds", "/staff/rounds/1", "/staff/rounds/999"]),
]


@pytest.mark.parametrize(("username", "paths"), PAGES)
def test_every_page_in_chinese_shows_no_raw_key_or_literal(city: TestClient, username: str | None,
                                                           paths: list[str]) -> None:
    if username is None:
        city.cookies.clear()
    else:
        _as(city, username)
    found = {}
    for path in paths:
        response = city.get(path, params={"lang": "zh"})
        assert response.status_code in (200, 404), (path, response.status_code)
        found[path] = untranslated(visible_text(response.text))
    assert found == {path: [] for path in paths}


def test_the_applicant_sees_their_objection_and_why_they_are_or_are_not_admitted(city: TestClient) -> None:
    _as(city, "applicant")
    page = city.get("/me", params={"lang": "zh"}).text
    assert "我的学历应为本科" in page and "待处理" in page
    assert 'data-testid="outcome"' in page
    assert any(words in page for words in ("您在拟入户名单中", "未入户", "符合条件，但排名"))
