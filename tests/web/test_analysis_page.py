"""The analyst's page runs a study end to end in a browser: choose reforms, run, wait while it
runs without blocking the server, then see the charts and download the exports."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, expect

from tests.web.conftest import shot, sign_in, submit

pytestmark = pytest.mark.browser


def test_an_analyst_runs_a_study_in_chinese_on_a_phone(
        browser: Browser, live: tuple[str, FastAPI], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SETTLE_SIMULATIONS", str(tmp_path / "simulations"))
    base, _ = live
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, base, "analyst")
    page.goto(f"{base}/analysis?lang=zh")
    expect(page.locator("h1")).to_have_text("政策模拟")
    page.check("input[value=hangzhou-insurance-weight]")
    page.check("input[value=hangzhou-insurance-every-year]")
    page.select_option("#persons", "10000")
    page.fill("#quota", "60")
    submit(page, "[data-testid=simulation-form] button[type=submit]")
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-state", "done", timeout=120_000)
    assert page.locator("#job-status > table tr").count() == 4  # header + baseline + two reforms
    frame = page.frame_locator("#job-status iframe")
    expect(frame.locator("#chart-distribution svg")).to_be_visible(timeout=20_000)
    expect(frame.locator("#provenance")).to_contain_text("hangzhou-insurance-every-year")
    with page.expect_download() as download:
        page.click("a[href$='breakdowns.xlsx']")
    assert download.value.suggested_filename == "breakdowns.xlsx"
    shot(page, "analysis-zh-phone")
    page.close()
