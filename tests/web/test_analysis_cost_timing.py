"""The analyst chooses on the page when the cost falls (the cost model's own reading or an
alternative its source allows, Guangzhou 001 lines 458-464) and sees the cost of each year
of the horizon; a reading the city's cost model does not allow is refused in the page's
language."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

from tests.web.test_analysis_parameters import analyst  # noqa: F401  (the signed-in analyst)


def _finished(client: TestClient, job: str) -> str:
    for _ in range(600):
        status = client.get(f"{job}/status", params={"lang": "zh"}).text
        if "report.html" in status or "测算失败" in status:
            return status
        time.sleep(0.2)
    raise AssertionError(f"{job} did not finish")


def _years(status: str) -> list[list[str]]:
    table = status.split('data-testid="costs-by-year"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>(.*?)</td>(.*?)</tr>", table, flags=re.S)
    return [[name, *re.findall(r"<td>(.*?)</td>", cells)] for name, cells in rows]


def test_the_page_offers_each_cost_models_readings_in_words(analyst: TestClient) -> None:  # noqa: F811
    page = analyst.get("/analysis", params={"lang": "zh"}).text
    assert 'name="cost_timing"' in page
    assert "在该群体居留期间逐年计入" in page and "采用成本模型自身的解读" in page


def test_a_yearly_cost_chosen_on_the_page_falls_in_every_year_of_the_horizon(
        analyst: TestClient) -> None:  # noqa: F811
    form = {"reforms": "guangzhou-2025-bonus-in-ranking", "persons": "10000", "seed": "1", "quota": "300"}
    once = analyst.post("/analysis?lang=zh", data=form, follow_redirects=False)
    yearly = analyst.post("/analysis?lang=zh", data={**form, "cost_timing": "yearly"}, follow_redirects=False)
    assert once.status_code == yearly.status_code == 303, yearly.text
    once_status = _finished(analyst, once.headers["location"])
    yearly_status = _finished(analyst, yearly.headers["location"])
    assert "成本计入方式：一次性计入落户当年" in once_status
    assert "成本计入方式：在该群体居留期间逐年计入" in yearly_status
    once_rows, yearly_rows = _years(once_status), _years(yearly_status)
    assert [r[0] for r in once_rows] == ["baseline", "guangzhou-2025-bonus-in-ranking"]
    for first, every in zip(once_rows, yearly_rows, strict=True):
        years = every[1:-1]
        assert len(years) == 5 and len(set(years)) == 1 and years[0] not in ("0", "—")
        assert first[1] == years[0] and set(first[2:-1]) == {"0"}
        assert every[-1] == f"{5 * int(years[0].replace(',', '')):,}"


def test_a_reading_the_cost_model_does_not_allow_is_refused_in_the_pages_language(
        analyst: TestClient) -> None:  # noqa: F811
    form = {"reforms": "hangzhou-insurance-weight", "persons": "10000"}
    answer = analyst.post("/analysis?lang=zh", data={**form, "cost_timing": "yearly"}, follow_redirects=False)
    assert answer.status_code == 422
    assert "成本计入方式 = 在该群体居留期间逐年计入" in answer.text
    assert "只允许：一次性计入落户当年" in answer.text
    unknown = analyst.post("/analysis?lang=zh", data={**form, "cost_timing": "monthly"},
                           follow_redirects=False)
    assert unknown.status_code == 422 and "成本计入方式 = monthly" in unknown.text
