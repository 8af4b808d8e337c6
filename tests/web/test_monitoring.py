"""The monitoring dashboard, its API and `settle indicators` on a small demo city: in Chinese
and English, no cell below the threshold shown anywhere, a district's drill-down, and exports
that parse (CSV, an xlsx workbook that opens, DHIS2 dataValueSets JSON)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from settle.cli.app import app as cli
from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.registry.migrate import upgrade
from settle.web.app import create_app
from tests.simulate.test_indicator_tables import paid, person
from tests.web.test_words import untranslated, visible_text


def seed(session: Session) -> None:
    """The demo city (120 migrants), and interim assistance paid in 2015 (before the demo's own
    year of cases) to 25 in Tianhe and 4 in Liwan."""
    seed_demo_city(session=session, persons=120, applications=10)
    for district, n in (("tianhe", 25), ("liwan", 4)):
        for i in range(n):
            who = person(session, sex="female" if i % 2 else "male", district=district)
            paid(
                session,
                who,
                pack="guangzhou-government-medical-relief-2016",
                on=dt.date(2015, 3, 1),
                amount="1000",
            )


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    url = f"sqlite:///{Path(tmp_path_factory.mktemp('monitoring')) / 'monitoring.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        seed(session)
    with TestClient(app) as client:
        yield client, url
    app.state.engine.dispose()


def _as(client: TestClient, username: str) -> None:
    client.cookies.clear()
    client.post("/login", data={"username": username, "password": "demo"}, follow_redirects=False)


def _cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>([^<]*)</td>", html)


def _no_small_number(cells: list[str]) -> None:
    for text in cells:
        digits = text.replace(",", "").strip()
        if digits.isdigit():
            assert int(digits) == 0 or int(digits) >= 10, text


def test_the_dashboard_in_chinese_shows_the_indicators_and_hides_small_cells(
    city: tuple[TestClient, str],
) -> None:
    client, _ = city
    _as(client, "analyst")
    page = client.get(
        "/monitoring",
        params={"indicator": "interim_assistance_recipients", "period": "2015", "by": "sex", "lang": "zh"},
    )
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "临时救助受助人数" in text and "监测指标" in text and "不予显示" in page.text
    assert untranslated(text) == []
    assert "<svg" in page.text  # the charts
    _no_small_number(_cells(page.text))
    assert "<10" in html_unescape(page.text)  # Liwan's 4 are hidden


def html_unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_a_district_drills_down_to_its_own_breakdown(city: tuple[TestClient, str]) -> None:
    client, _ = city
    _as(client, "officer")
    page = client.get(
        "/monitoring",
        params={"indicator": "migrants_registered", "by": "age_band", "district": "baiyun", "lang": "en"},
    )
    assert page.status_code == 200 and 'data-testid="district-table"' in page.text
    _no_small_number(_cells(page.text))


def test_the_exports_parse_and_never_carry_a_small_cell(city: tuple[TestClient, str]) -> None:
    client, _ = city
    _as(client, "analyst")
    params = {"period": "2015", "by": "sex", "lang": "zh"}
    rows = list(csv.DictReader(io.StringIO(client.get("/monitoring/export.csv", params=params).text)))
    assert {r["indicator"] for r in rows} >= {"migrants_registered", "interim_assistance_recipients"}
    for row in rows:
        if row["value"] and row["unit"] == "人":
            assert int(row["value"]) == 0 or int(row["value"]) >= 10
        if row["status"] == "suppressed":
            assert row["value"] == ""
    workbook = zipfile.ZipFile(io.BytesIO(client.get("/monitoring/export.xlsx", params=params).content))
    assert "xl/workbook.xml" in workbook.namelist()
    assert "临时救助受助人数" in workbook.read("xl/sharedStrings.xml").decode("utf-8")
    dhis2 = client.get("/monitoring/export.json", params=params).json()
    assert dhis2["dataSet"] and dhis2["period"] == "2015" and dhis2["dataValues"]
    for value in dhis2["dataValues"]:
        assert set(value) == {"dataElement", "period", "orgUnit", "categoryOptionCombo", "value"}
        assert isinstance(value["value"], str)
        if value["dataElement"] != "VOCATIONAL_TRAINING_SUBSIDIES":
            assert float(value["value"]) == 0 or float(value["value"]) >= 10
    relief = {
        (v["orgUnit"], v["categoryOptionCombo"])
        for v in dhis2["dataValues"]
        if v["dataElement"] == "INTERIM_ASSISTANCE_RECIPIENTS"
    }
    assert ("CITY", "default") in relief and not any(unit == "LIWAN" for unit, _ in relief)


def test_a_clerk_may_not_open_the_dashboard_and_a_bad_period_is_named(city: tuple[TestClient, str]) -> None:
    client, _ = city
    _as(client, "clerk")
    assert client.get("/monitoring", params={"lang": "zh"}).status_code == 403
    _as(client, "analyst")
    refused = client.get("/monitoring", params={"period": "2017Q9", "lang": "zh"})
    assert refused.status_code == 422 and "2017Q9" in refused.text and "季度" in refused.text


def test_the_api_gives_the_same_tables_and_a_dhis2_data_value_set(city: tuple[TestClient, str]) -> None:
    client, _ = city
    token = client.post("/auth/token", json={"username": "analyst", "password": "demo"}).json()[
        "access_token"
    ]
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get(
        "/indicators",
        params={"period": "2015", "indicator": "interim_assistance_recipients"},
        headers=headers,
    ).json()
    table = body["indicators"][0]["table"]
    assert table["rows"] == ["liwan", "tianhe", "total"]
    assert [c["status"] for c in table["cells"][0]] == ["suppressed", "suppressed"]
    assert table["cells"][-1][-1]["value"] == "29"
    definitions = client.get("/indicators/definitions", headers=headers).json()
    assert {d["id"] for d in definitions} >= {"public_school_share", "child_health_profiles"}
    dhis2 = client.get("/indicators/export.json", params={"period": "2015"}, headers=headers).json()
    assert {"dataSet", "orgUnit", "period", "dataValues"} <= set(dhis2)


def test_settle_indicators_prints_the_same_in_80_columns_and_as_json(city: tuple[TestClient, str]) -> None:
    _, url = city
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "indicators",
            "--url",
            url,
            "--period",
            "2015",
            "--by",
            "sex",
            "--lang",
            "zh",
            "-i",
            "interim_assistance_recipients",
        ],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.output
    assert "临时救助受助人数" in result.output and "<10" in result.output
    assert all(len(line) <= 80 for line in result.output.splitlines())
    as_json = runner.invoke(cli, ["indicators", "--url", url, "--period", "2015", "--json"])
    data = json.loads(as_json.output)
    assert len(data["indicators"]) == 9 and "bridge" in data["method"]
    refused = runner.invoke(cli, ["indicators", "--url", url, "--period", "17"])
    assert refused.exit_code == 2 and "2017-Q3" in refused.output


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"by": "age_band", "district": "tianhe"},
        {"indicator": "public_rental_housing_area"},
        {"indicator": "public_school_share", "by": "population_group"},
        {"indicator": "urban_hukou_obtained", "period": "2017-Q4"},
    ],
)
def test_every_view_of_the_dashboard_in_chinese_shows_no_raw_key(
    city: tuple[TestClient, str], query: dict[str, str]
) -> None:
    client, _ = city
    _as(client, "analyst")
    page = client.get("/monitoring", params={**query, "lang": "zh"})
    assert page.status_code == 200
    assert untranslated(visible_text(page.text)) == []
    _no_small_number(_cells(page.text))
