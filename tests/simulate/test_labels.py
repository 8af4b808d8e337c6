"""The groups of a simulation are named in words in its charts and exports: "半年以下", not
`up_to_6_months`; every value of a shipped calibration's descriptive choice column has words."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from settle.cli.app import app
from settle.packs import default_catalogue
from settle.paths import calibration_dir
from settle.simulate.calibration import Choice, load_calibration
from settle.simulate.labels import column_title, group_labels, value_words


@pytest.mark.parametrize("city", ["hangzhou", "guangzhou"])
def test_every_descriptive_choice_value_has_words_in_both_languages(city: str) -> None:
    calibration = load_calibration(calibration_dir() / f"{city}.yaml")
    packs = [default_catalogue().load(p) for p in calibration.packs]
    for column in calibration.columns:
        if not isinstance(column.dist, Choice) or column.dist.values is None:
            continue
        if any(column.name in pack.facts for pack in packs):
            continue  # the pack's own words name its facts' values
        assert set(column.dist.labels) == set(column.dist.values), column.name
        for words in column.dist.labels.values():
            assert words.en and words.zh, column.name


def test_a_pack_fact_takes_the_packs_words_and_a_missing_value_says_so() -> None:
    pack = default_catalogue().load("hangzhou-2017")
    labels = group_labels(pack, ["education", "registration_time", "age_band", "no_such_column"])
    assert value_words(labels, "education", "doctorate", "zh") == "博士学位"
    assert value_words(labels, "registration_time", "over_5_years", "zh") == "五年以上"
    assert column_title(labels, "age_band", "zh") == "年龄段"
    assert value_words(labels, "sex", None, "zh") == "未填写"
    assert column_title(labels, "no_such_column", "zh") == "no_such_column"


def test_the_charts_and_the_exports_name_groups_in_words(tmp_path: Path) -> None:
    runner = CliRunner()
    population = tmp_path / "people.parquet"
    made = runner.invoke(app, ["population", "--city", "hangzhou", "--size", "2000",
                               "--out", str(population)])
    assert made.exit_code == 0, made.output
    out = tmp_path / "sim"
    ran = runner.invoke(app, ["simulate", "-r", "hangzhou-insurance-weight", "--population", str(population),
                              "--out", str(out), "--lang", "zh"])
    assert ran.exit_code == 0, ran.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["labels"]["registration_time"]["title"]["zh"] == "在杭登记居住时间"
    chart = (out / "chart-share.registration_time.svg").read_text(encoding="utf-8")
    assert "半年以下" in chart and "在杭登记居住时间" in chart
    assert "up_to_6_months" not in chart and "registration_time" not in chart
    spouse = (out / "chart-share.spouse_present.svg").read_text(encoding="utf-8")
    assert "配偶在杭共同居住" in spouse and ">是<" in spouse and "True" not in spouse
    table = pl.read_csv(out / "breakdowns.csv")
    row = table.filter((pl.col("column") == "registration_time") & (pl.col("group") == "up_to_6_months")).row(
        0, named=True)
    assert (row["column_title"], row["group_words"]) == ("在杭登记居住时间", "半年以下")
