"""A simulation on a million persons: `settle simulate` reports entrants and leavers by group,
costs by category and payer, and school places by district, and its report's charts render
in Chromium (issue 10's "Done when", at the size it names)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.web.conftest import shot
from tests.web.test_simulation_report import simulated

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PERSONS = 1_000_000
CHARTS = ("distribution", "share-sex", "share-district", "moves-sex", "moves-district", "costs", "demand")


def test_a_million_person_simulation_reports_every_part_and_its_charts_render(
        browser: Browser, tmp_path: Path) -> None:
    out = simulated(tmp_path, PERSONS)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["persons"] == PERSONS
    names = [s["name"] for s in summary["scenarios"]]
    assert names == ["baseline", "hangzhou-insurance-weight", "hangzhou-insurance-every-year"]

    # entrants and leavers by group: every group's counts add up to the whole step's
    step = summary["steps"][-1]
    assert step["entrants"] > 0 and step["leavers"] > 0
    sexes = summary["breakdowns"]["sex"]
    assert {g["value"] for g in sexes} == {"male", "female"}
    assert sum(g["persons"] for g in sexes) == PERSONS
    for group in sexes:
        assert {"entrants", "leavers"} <= set(group) and all(n in group for n in names)

    # costs by category and by payer, each adding up to the scenario's total
    for scenario in summary["costs"]["scenarios"]:
        total = float(scenario["total"])
        assert total > 0
        assert sum(map(float, scenario["by_category"].values())) == pytest.approx(total)
        assert sum(map(float, scenario["by_payer"].values())) == pytest.approx(total)

    # school places by district, for every district of the population
    demand = summary["demand"]
    assert len(demand["districts"]) >= 5
    assert demand["schools"]["levels"] and demand["scenarios"]

    page = browser.new_page(viewport={"width": 390, "height": 900})
    page.goto((out / "report.html").as_uri())
    for chart in CHARTS:
        svg = page.locator(f"#chart-{chart} svg")
        assert svg.count() == 1, chart
        box = svg.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 50, (chart, box)
        assert svg.locator("path").count() > 0, chart
    assert f"{PERSONS:,}" in page.locator("#provenance").inner_text()
    shot(page, "simulation-report-1m-390")
    page.close()
