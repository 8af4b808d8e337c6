"""The analyst changes a parameter on the page, without a reform file: the study stacks it,
names it by its title, and a value that cannot be read is refused in the page's language."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from settle.database import transaction
from settle.registry.migrate import upgrade
from settle.web.app import create_app
from tests.web.conftest import seed_notice_round

PARAMETER = "hangzhou-2017:social_insurance_points_per_unit"


@pytest.fixture(scope="module")
def analyst(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = Path(tmp_path_factory.mktemp("analysis"))
    url = f"sqlite:///{folder / 'analysis.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        seed_notice_round(session)
    app.state.today = dt.date(2017, 11, 15)
    with pytest.MonkeyPatch.context() as patch, TestClient(app) as client:
        patch.setenv("SETTLE_SIMULATIONS", str(folder / "simulations"))
        signed = client.post("/login", data={"username": "analyst", "password": "demo"},
                             follow_redirects=False)
        assert signed.status_code == 303
        yield client
    app.state.engine.dispose()


def test_the_page_offers_the_packs_numbers_by_title(analyst: TestClient) -> None:
    page = analyst.get("/analysis", params={"lang": "zh"}).text
    assert f'value="{PARAMETER}"' in page
    assert "参数 1" in page and "——不调整——" in page


def test_a_parameter_changed_on_the_page_runs_as_a_study(analyst: TestClient) -> None:
    answer = analyst.post("/analysis?lang=zh", data={"persons": "10000", "seed": "1", "quota": "200",
                                                      "parameter_1": PARAMETER, "value_1": "4"},
                          follow_redirects=False)
    assert answer.status_code == 303, answer.text
    job = answer.headers["location"]
    for _ in range(600):
        status = analyst.get(f"{job}/status", params={"lang": "zh"}).text
        if "report.html" in status or "失败" in status:
            break
        time.sleep(0.2)
    assert "report.html" in status, status
    page = analyst.get(job, params={"lang": "zh"}).text
    assert "= 4" in page
    assert "social_insurance_points_per_unit" not in page


@pytest.mark.parametrize(("form", "message"), [
    ({"parameter_1": PARAMETER, "value_1": "four"}, "参数第 1 行：four 不是数字"),
    ({"parameter_1": PARAMETER, "value_1": "NaN"}, "参数第 1 行：NaN 不是数字"),
    ({"parameter_1": PARAMETER}, "参数第 1 行：请选择参数并填写新值"),
    ({"parameter_1": PARAMETER, "value_1": "4", "parameter_2": "guangzhou-2025:points_line",
      "value_2": "100"},
     "一次测算只能调整同一政策包的参数"),
])
def test_a_change_that_cannot_be_read_is_refused_in_the_pages_language(
        analyst: TestClient, form: dict[str, str], message: str) -> None:
    answer = analyst.post("/analysis?lang=zh", data={"persons": "10000", **form}, follow_redirects=False)
    assert answer.status_code == 422
    assert message in answer.text
