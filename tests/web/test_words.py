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

from settle.audit.chain import entries_about
from settle.database import transaction
from settle.messages import STATES
from settle.packs import default_catalogue
from settle.registry.migrate import upgrade
from settle.web.app import create_app
from settle.workflow import service_cases, service_stock
from tests.web.conftest import seed_notice_round

SCHOOL = "guangzhou-school-enrollment-2017"
FAMILY = {"district": "huangpu_luogang", "child_birth_date": "2011-03-01",
          "child_born_within_family_planning": True, "guardian_holds_residence_permit": True,
          "guardian_employed_in_guangzhou": True,
          "guardian_insured_in_guangzhou": True, "guardian_lives_in_district": True,
          "guardian_years_living_in_district": 3, "guardian_works_in_district": True,
          "guardian_years_working_in_district": 3, "guardian_permit_years": 3, "guardian_years_insured": 2,
          "guardian_years_stable_job": 3, "talent_green_card": False}


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
    """A demo city at every stage a page can show (tests.web.conftest.seed_notice_round)."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('words')) / 'words.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        seed_notice_round(session)
        # a stock of school places, a case lodged for it at the window (test_window_and_stock_pages.py)
        places = service_stock.open_stock(session=session, actor="verifier-migrant_services",
                                          pack_id=SCHOOL, name="黄埔区第一小学", district="huangpu",
                                          period="2017", capacity=1)
        service_cases.apply(session=session, actor="clerk", person_id=1, pack_id=SCHOOL, declared=FAMILY,
                            today=dt.date(2017, 11, 15), channel="window", stock_id=places.id)
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
    ("verifier-education", ["/staff/sharing"]),  # the feed in zh: tests/web/test_sharing_pages.py
    ("applicant", ["/me/disclosures"]),
    ("officer", ["/staff/rounds", "/staff/rounds/1", "/staff/rounds/999", "/staff/rounds/abc",
                 "/staff/applications/1/audit", "/staff/applications/3/audit", "/staff/no-such-page",
                 "/staff/distribution"]),
    ("applicant", ["/staff/tasks"]),
    ("analyst", ["/analysis"]),
    ("analyst", ["/monitoring"]),  # breakdowns, drill-down, refusals in zh: tests/web/test_monitoring.py
    ("volunteers", ["/staff/volunteers"]),  # hours through the forms: tests/web/test_volunteer_pages.py
    ("verifier-youth_league", ["/staff/volunteer-hours"]),
    # purchase of services (the forms, the award in a browser: tests/web/test_purchase_pages.py);
    # the demo's projects 1-4: evaluated, under contract, opened and scored, taking bids
    ("org-tianhe", ["/staff/organization"]),
    ("officer", ["/staff/purchases", "/staff/purchases/1", "/staff/purchases/2", "/staff/purchases/3",
                 "/staff/purchases/4", "/staff/purchase-reports", "/staff/purchase-reports?city=hangzhou"]),
    ("analyst", ["/staff/purchase-reports"]),
    ("officer", ["/staff/organizations"]),
    ("verifier-youth_league", ["/staff/organizations"]),
    # the register of social workers (the forms: tests/web/test_social_worker_pages.py); the demo's
    # four workers, one withdrawn, each with the monthly subsidy in words
    ("verifier-civil_affairs", ["/staff/social-workers"]),
    # service cases (the whole way in zh: tests/web/test_case_pages.py); the demo's year of cases
    # gives housing case 3 and human resources case 1, both paid
    ("applicant", ["/me/cases", "/me/cases/new", "/me/cases/new?city=hangzhou",
                   "/me/cases/new/guangzhou-legal-aid-2009", "/me/cases/new/hangzhou-temporary-relief-2017",
                   "/me/cases/3"]),
    ("verifier-housing", ["/staff/cases", "/staff/cases?state=delivering", "/staff/cases/3",
                          "/staff/cases/1"]),
    ("verifier-human_resources", ["/staff/cases/1"]),
    # a case lodged at the window, and the stocks of places (tests/web/test_window_and_stock_pages.py)
    ("clerk", ["/staff/case-intake", "/staff/case-intake/1", "/staff/case-intake/1/new",
               "/staff/case-intake/1/new?city=hangzhou", f"/staff/case-intake/1/new/{SCHOOL}",
               "/staff/case-intake/1/new/hangzhou-temporary-relief-2017"]),
    ("verifier-migrant_services", ["/staff/stocks", "/staff/stocks/1", "/staff/cases"]),
    ("verifier-housing", ["/staff/stocks", "/staff/stocks/1"]),
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
        assert response.status_code in (200, 403, 404, 422), (path, response.status_code)
        found[path] = untranslated(visible_text(response.text))
    assert found == {path: [] for path in paths}


def test_the_applicant_sees_their_objection_and_why_they_are_or_are_not_admitted(city: TestClient) -> None:
    _as(city, "applicant")
    page = city.get("/me", params={"lang": "zh"}).text
    assert "我的学历应为本科" in page and "待处理" in page
    assert 'data-testid="outcome"' in page
    assert any(words in page for words in ("您在拟入户名单中", "未入户", "符合条件，但排名"))


ENGLISH_PROBLEMS = ("is required", "below the minimum", "above the maximum", "expected a", "not a whole")


def _answers(pack_id: str) -> dict[str, str]:
    """A valid answer to every question of the calculator for `pack_id` (its services' too)."""
    from settle.services.assessment import service_packs
    from settle.web.forms import field_views

    pack = default_catalogue().load(pack_id)
    on = pack.meta.default_evaluation_date
    form: dict[str, str] = {}
    for f in field_views([pack, *service_packs(pack.meta.jurisdiction, on)], "zh", {}, {}, on):
        if f.widget == "checkbox":
            form[f.name] = "yes"
        elif f.widget == "select":
            form[f.name] = f.options[-1][0]
        elif f.widget == "date":
            form[f.name] = "1989-09-12" if f.name == "birth_date" else "2012-05-01"
        elif f.widget == "years":
            form[f"{f.name}.{f.years[-1]}"] = "1"
        elif f.widget == "months":
            form[f"{f.name}.from"] = "2012-01"
        else:
            form[f.name] = "1"  # within every number's bounds (a spouse in the registry: at most 1)
    return form


@pytest.mark.parametrize("pack_id", ["guangzhou-2017", "guangzhou-2025", "hangzhou-2017"])
def test_every_self_assessment_answer_in_chinese_shows_no_raw_key_literal_or_english_problem(
        city: TestClient, pack_id: str) -> None:
    """The result of every answer given, the result of none, bad values, a day outside the rules,
    a step refused and the language switched: all in Chinese."""
    city.cookies.clear()
    answers = _answers(pack_id)
    bad = {**answers, "birth_date": "", "volunteer_hours": "-5", "pension_insurance_years": "2.5",
           "as_of": "1999-01-01"}
    forms = {"all answered": answers, "none answered": {}, "bad values": bad,
             "a step refused": {"step": "1", "current": "0", "volunteer_hours": "-5"},
             "switched": {**answers, "switch": "1", "shown": "1"}}
    found = {}
    for name, form in forms.items():
        response = city.post(f"/assess/{pack_id}", params={"lang": "zh"}, data=form)
        text = visible_text(response.text)
        found[name] = untranslated(text) + [p for p in ENGLISH_PROBLEMS if p in text]
        if name in ("all answered", "switched"):
            assert 'data-testid="total"' in response.text, (name, text[:2000])
    assert found == {name: [] for name in forms}


ERROR_PAGES = [  # (who, page, status): each refusal a page can meet
    ("officer", "/staff/rounds/999", 404), ("officer", "/staff/applications/999/audit", 404),
    ("officer", "/staff/rounds/abc", 422), ("officer", "/staff/tasks?page=0", 422),
    ("officer", "/staff/no-such-page", 404), ("officer", "/analysis/999", 404),
    ("applicant", "/staff/tasks", 403), (None, "/staff/rounds/1", 403), (None, "/notice/999", 404),
]


@pytest.mark.parametrize(("username", "path", "status"), ERROR_PAGES)
def test_an_error_page_in_chinese_says_the_problem_in_chinese(city: TestClient, username: str | None,
                                                               path: str, status: int) -> None:
    if username is None:
        city.cookies.clear()
    else:
        _as(city, username)
    response = city.get(path + ("&" if "?" in path else "?") + "lang=zh", headers={"accept": "text/html"})
    assert response.status_code == status
    assert "<h1>操作未能完成</h1>" in response.text
    found = re.search(r'<p class="error"[^>]*>(.*?)</p>', response.text, re.S)
    message = visible_text(found.group(1) if found else "")
    english = re.findall(r"\b(?:no|not|the|is|page|needs|must|round|roles?)\b", message.replace(path, ""))
    assert re.search(r"[\u4e00-\u9fff]", message) and english == [] and untranslated(message) == [], message


def test_an_error_page_in_english_names_the_field_the_value_and_the_rule(city: TestClient) -> None:
    _as(city, "officer")
    page = visible_text(city.get("/staff/rounds/abc", params={"lang": "en"}).text)
    assert "the round number “abc” is not valid: it must be a whole number" in page


def test_the_audit_page_in_chinese_shows_each_entry_in_words(city: TestClient) -> None:
    """The application whose objection was upheld: opened, moved through the round, verified,
    objected to, re-verified; no action or purpose as the log records it."""
    _as(city, "officer")
    response = city.get("/staff/applications/3/audit", params={"lang": "zh"})
    text = visible_text(response.text)
    for header in ("记录序号", "时间（UTC）", "操作人", "操作", "目的", "详情"):
        assert header in text
    with city.app.state.sessions() as session:  # type: ignore[attr-defined]
        entries = entries_about(session, "application/3")
    assert len(entries) == response.text.count("<tr>") - 1  # one row each, under the header row
    assert {e.action for e in entries} >= {"create_application", "file_objection", "objection_upheld",
                                           "reverification_task"}
    raw = sorted({w for e in entries for w in (e.action, e.purpose) if w in text})
    assert raw == [] and untranslated(text) == []
    assert "异议成立" in text and "提出异议" in text and "积分入户办理" in text
