"""The path on the self-assessment page: time alone, the cost-versus-date frontier as a table
and a chart, in both languages (settle.web.path_view, partials/path_frontier.html)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from settle.packs import Pack
from settle.registry.migrate import upgrade
from settle.rules.pathway import Target
from settle.services.path import path_to
from settle.web.app import create_app
from settle.web.path_view import path_view
from tests.web.test_words import visible_text

# Guangzhou 2025 on 2025-07-31: 145 points, the line is 150; an insured factory worker
WORKER = {"birth_date": "1989-09-12", "stable_employment": "yes", "holds_valid_residence_permit": "yes",
          "residence_permit_since": "2020-03-01", "owns_legal_property": "no", "rental_years": "1",
          "currently_insured_all_five": "yes", "pension_insurance_years": "6",
          "medical_insurance_periods.from": "2020-10", "unemployment_insurance_years": "6",
          "injury_insurance_years": "6", "maternity_insurance_years": "6", "housing_fund_years": "2",
          "education": "high_school", "urgent_occupation": "no", "income_tax_3y_rmb": "7200",
          "annual_reconciliation_filed": "no", "criminal_penalty_5y": "no", "as_of": "2025-07-31"}


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('path') / 'path.db'}"
    upgrade(url)
    app = create_app(url, today=dt.date(2026, 12, 2))
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def path_section(html: str) -> str:
    found = re.search(r'<section class="path".*?</section>', html, re.S)
    assert found is not None, "no path section"
    return found.group(0)


def test_the_page_shows_the_frontier_and_its_chart_in_both_languages(client: TestClient) -> None:
    english = client.post("/assess/guangzhou-2025?lang=en", data=WORKER)
    assert english.status_code == 200
    section = path_section(english.text)
    text = visible_text(section)
    assert "time alone: from 2026-03-31" in text
    rows = re.findall(r"<tr><td>(.*?)</td><td class=\"num\">(.*?)</td><td>(.*?)</td>", section)
    assert [(day, cost) for day, cost, _ in rows] == [("2026-03-31", "0"), ("2025-10-31", "350"),
                                                     ("2025-07-31", "650")]
    assert rows[0][2] == "wait"
    assert rows[1][2] == ("Donate blood this year, File the annual income tax reconciliation; "
                          "done by 2025-07-31, then wait 3 months")
    assert 'data-testid="frontier-chart"' in section and "<svg" in section
    assert "cost (RMB)" in section and "Cost against the date the target is reached" in section
    chinese = path_section(client.post("/assess/guangzhou-2025?lang=zh", data=WORKER).text)
    assert "每个日期最省的方案" in chinese and "花费（元）" in chinese and "<svg" in chinese
    assert "本年度无偿献血一次×2、办理个人所得税年度汇算" in chinese
    assert "仅靠时间推移：2026-03-31 起可达到" in visible_text(chinese)


def test_the_view_of_the_issues_applicant_has_seven_plans_and_a_chart(hangzhou: Pack) -> None:
    person = {"birth_date": "1987-06-01", "education": "high_school", "social_insurance_consecutive_years": 5}
    target = Target(points=Decimal(52))
    view = path_view(hangzhou, path_to(hangzhou, person, target, dt.date(2017, 12, 31)), "en", target)
    assert view is not None and view.chart is not None
    assert [(r.reached_on.isoformat(), r.cost) for r in view.rows][:3] == [
        ("2021-12-31", "0"), ("2020-12-31", "600"), ("2019-12-31", "900")]
    assert len(view.rows) == 7 and view.headers[1] == "cost (RMB)"
    assert view.lines == ["time alone: from 2021-12-31 (total then 52)"]
    assert path_view(hangzhou, None, "en") is None  # already there: no path


def test_the_page_asks_for_points_to_reach_and_shows_the_issues_frontier(client: TestClient) -> None:
    person = {"birth_date": "1987-06-01", "education": "high_school",
              "social_insurance_consecutive_years": "5", "as_of": "2017-12-31"}

    def section(lang: str, **more: str) -> str:
        return path_section(client.post(f"/assess/hangzhou-2017?lang={lang}", data={**person, **more}).text)

    eligible = section("en")
    assert 'name="path_points" form="calculator-form"' in eligible and "<table" not in eligible
    aimed = section("en", path_points="52")
    rows = re.findall(r"<tr><td>(.*?)</td><td class=\"num\">(.*?)</td>", aimed)
    assert rows[:3] == [("2021-12-31", "0"), ("2020-12-31", "600"), ("2019-12-31", "900")] and len(rows) == 7
    assert 'value="52"' in aimed and "<svg" in aimed
    assert "已经达到" in visible_text(section("zh", path_points="40"))
    bad = section("zh", path_points="五十")
    assert "想达到的积分：所填“五十”不是有效的积分（须为0至100000之间的数）" in bad
    assert 'aria-invalid="true"' in bad and "<table" not in bad
