"""A simulation's report renders in Chromium: its charts are drawn, and it says where every
figure comes from."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from typer.testing import CliRunner

from settle.cli.app import app
from tests.web.conftest import shot

pytestmark = pytest.mark.browser


def simulated(tmp_path: Path, persons: int) -> Path:
    """A Hangzhou population of `persons` and the two stacked Hangzhou reforms run over it by
    the CLI, in Chinese: the folder of the study's files."""
    runner = CliRunner()
    population = tmp_path / "people.parquet"
    made = runner.invoke(app, ["population", "--city", "hangzhou", "--size", str(persons),
                               "--out", str(population)])
    assert made.exit_code == 0, made.output
    out = tmp_path / "sim"
    ran = runner.invoke(app, ["simulate", "-r", "hangzhou-insurance-weight",
                              "-r", "hangzhou-insurance-every-year", "--population", str(population),
                              "--out", str(out), "--lang", "zh"])
    assert ran.exit_code == 0, ran.output
    return out


def test_a_simulation_report_draws_its_charts_and_names_its_sources(browser: Browser,
                                                                    tmp_path: Path) -> None:
    out = simulated(tmp_path, 3000)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in summary["scenarios"]] == [
        "baseline", "hangzhou-insurance-weight", "hangzhou-insurance-every-year"]
    for export in ("breakdowns.csv", "breakdowns.xlsx", "breakdowns.parquet", "report.md", "persons.parquet"):
        assert (out / export).stat().st_size > 0, export
    for width in (390, 1100):
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto((out / "report.html").as_uri())
        assert page.locator("#provenance").inner_text().count("hangzhou-insurance") >= 2
        assert "社会保险每增加一年计4分" in page.locator("#provenance").inner_text()
        chart = page.locator("#chart-distribution svg")
        assert chart.count() == 1 and chart.bounding_box() is not None
        assert page.locator("#chart-share-sex svg .mark-rect path, #chart-share-sex svg path").count() > 0
        shot(page, f"simulation-report-{width}")
        page.close()
