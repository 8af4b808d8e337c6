"""The officer's distribution page: a cohort pasted as CSV, or the pack's example cohort,
shared out by the key with each destination's and each person's reason, in Chinese and
English; refusals name the field, the value and the rule in the page's language."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser

from settle.database import transaction
from settle.paths import examples_dir
from settle.registry.accounts import create_account
from settle.registry.migrate import upgrade
from settle.services.distribution import distribute_cohort, distribution_pack
from settle.web.app import create_app
from tests.web.conftest import _serve, sign_in, submit
from tests.web.test_words import untranslated, visible_text

PACK = "germany-asylum-distribution-2016"
COHORT = examples_dir() / f"{PACK}__cohort.csv"


def _app(folder: Path) -> FastAPI:
    url = f"sqlite:///{folder / 'distribution.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        create_account(session=session, username="officer", password="demo", role="bureau_officer")
        create_account(session=session, username="clerk", password="demo", role="window_clerk")
    return app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    app = _app(tmp_path_factory.mktemp("distribution"))
    with TestClient(app) as test_client:
        yield test_client
    app.state.engine.dispose()


def _as(client: TestClient, username: str) -> None:
    client.cookies.clear()
    response = client.post("/login", data={"username": username, "password": "demo"}, follow_redirects=False)
    assert response.status_code == 303, response.text


def test_the_form_in_chinese_offers_the_pack_and_a_capacity_for_every_state(client: TestClient) -> None:
    _as(client, "officer")
    response = client.get("/staff/distribution", params={"lang": "zh"})
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "分配人群" in text and "按柯尼希施泰因分配比例" in text and "巴伐利亚州" in text
    assert response.text.count('name="capacity_') == 16
    assert 'href="/staff/distribution"' in response.text and "人群分配" in text
    assert untranslated(text) == []
    template = client.get("/staff/distribution/example.csv", params={"pack": PACK})
    assert template.status_code == 200 and template.text == COHORT.read_text(encoding="utf-8")


def test_the_example_cohort_is_placed_as_the_service_places_it_with_every_reason(client: TestClient) -> None:
    _as(client, "officer")
    response = client.post("/staff/distribution", params={"lang": "zh"},
                           data={"pack": PACK, "as_of": "2016-06-30", "example": "1", "capacity_berlin": "3"})
    assert response.status_code == 200, response.text
    text = visible_text(response.text)
    assert "2016-06-30：241人，108户，已分配241人，未分配0人" in text
    assert "已达容量3人" in text and "按最大余额法" in text and "与同户h0000（2人）一起分配" in text
    assert untranslated(text) == []
    with COHORT.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = distribute_cohort(distribution_pack(PACK), rows, as_of=dt.date(2016, 6, 30),
                                 capacity={"berlin": 3})
    for d in expected.destinations:
        assert f'data-destination="{d.id}"' in response.text
        row = response.text.split(f'data-destination="{d.id}"')[1].split("</tr>")[0]
        assert f"<td data-allocated>{d.allocated}</td>" in row
    assert response.text.count("data-person=") == 241


def test_a_pasted_cohort_in_english_names_each_persons_destination(client: TestClient) -> None:
    _as(client, "officer")
    cohort = "person_id,arrival_date\n" + "\n".join(f"p{i:02d},2016-03-0{1 + i % 3}" for i in range(12))
    response = client.post("/staff/distribution", params={"lang": "en"},
                           data={"pack": PACK, "as_of": "2017-03-01", "cohort": cohort})
    assert response.status_code == 200, response.text
    text = visible_text(response.text)
    assert "12 persons in 12 households, 12 placed, 0 not placed" in text
    assert "1. in the published order (Day registered on arrival, then person id)" in text
    assert "in force since 2017-01-01" in text


def test_a_bad_arrival_date_is_refused_in_chinese_and_the_cohort_is_kept(client: TestClient) -> None:
    _as(client, "officer")
    cohort = "person_id,arrival_date\na,2016-13-01"
    response = client.post("/staff/distribution", params={"lang": "zh"},
                           data={"pack": PACK, "cohort": cohort})
    assert response.status_code == 422
    text = visible_text(response.text)
    assert "2016-13-01" in text and "YYYY-MM-DD" in text and "规定" in text
    assert "a,2016-13-01" in response.text and 'aria-invalid="true"' in response.text


def test_a_capacity_that_is_not_a_number_and_a_bad_day_are_refused_naming_them(client: TestClient) -> None:
    _as(client, "officer")
    response = client.post("/staff/distribution", params={"lang": "en"},
                           data={"pack": PACK, "example": "1", "capacity_bayern": "many"})
    assert response.status_code == 422 and "bayern=many" in response.text
    response = client.post("/staff/distribution", params={"lang": "zh"},
                           data={"pack": PACK, "example": "1", "as_of": "2016-02-30"})
    assert response.status_code == 422 and "适用日期“2016-02-30”" in visible_text(response.text)


def test_an_empty_cohort_is_refused_and_a_clerk_may_not_distribute(client: TestClient) -> None:
    _as(client, "officer")
    response = client.post("/staff/distribution", params={"lang": "zh"}, data={"pack": PACK, "cohort": " "})
    assert response.status_code == 422 and "带表头行的CSV" in visible_text(response.text)
    _as(client, "clerk")
    assert client.get("/staff/distribution", params={"lang": "zh"}).status_code == 403
    assert client.post("/staff/distribution", data={"pack": PACK, "example": "1"}).status_code == 403


@pytest.mark.browser
def test_on_a_phone_in_chinese_the_officer_distributes_the_example_cohort(
        browser: Browser, tmp_path: Path) -> None:
    app = _app(tmp_path)
    for base in _serve(app):
        page = browser.new_page(viewport={"width": 390, "height": 844})
        sign_in(page, base, "officer")
        page.goto(f"{base}/staff/distribution?lang=zh")
        submit(page, "button[name=example]")
        assert "已分配241人" in page.inner_text("[data-testid=distribution-summary]")
        assert page.locator("[data-testid=persons] tbody tr").count() == 241
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.close()
