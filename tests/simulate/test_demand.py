"""Service demand: households are reproducible and meet the published figures; demand counts
only children of a level's ages, ageing year by year; a reform that changes nothing changes no
demand; services count the eligible times the rate; small cells are never shown."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from settle.packs import default_catalogue
from settle.packs.reforms import apply_reform, load_reform
from settle.paths import calibration_dir, demand_dir
from settle.simulate.calibration import load_calibration
from settle.simulate.demand import _needs, check_model, demand, forecast_years
from settle.simulate.demand_model import load_demand
from settle.simulate.demand_report import headline
from settle.simulate.marginals import marginals
from settle.simulate.population import generate_chunk, write_population
from settle.simulate.scenarios import Scenario, Simulation, simulate
from settle.simulate.study import plain, run_study

CITIES = sorted(p.stem for p in demand_dir().glob("*.yaml"))
AS_OF = dt.date(2017, 12, 31)


def _sim(persons: pl.DataFrame, as_of: dt.date = AS_OF) -> Simulation:
    """A baseline already run: `persons` holds person_id, baseline.admitted and baseline.eligible."""
    pack = default_catalogue().load("hangzhou-2017")
    return Simulation([Scenario("baseline", pack)], [], persons, [], 10, as_of)


def _born(age: int, on: dt.date) -> dt.date:
    """A birth date giving exactly `age` completed years on `on` (the birthday itself)."""
    return on.replace(year=on.year - age)


def _city_rows(rows: list[dict[str, Any]], **where: Any) -> list[dict[str, Any]]:
    return [r for r in rows if r["district"] is None and all(r[k] == v for k, v in where.items())]


@pytest.mark.parametrize("city", ["hangzhou", "guangzhou"])
def test_a_seed_gives_the_same_households_and_the_same_persons_as_without_them(city: str) -> None:
    cal = load_calibration(calibration_dir() / f"{city}.yaml")
    first = generate_chunk(cal, np.random.default_rng(7), 0, 2_000)
    second = generate_chunk(cal, np.random.default_rng(7), 0, 2_000)
    alone = generate_chunk(cal.model_copy(update={"households": None}), np.random.default_rng(7), 0, 2_000)
    assert first.equals(second)
    assert first.select(alone.columns).equals(alone)
    assert {"spouse_present", "children_birth_dates"} <= set(first.columns) - set(alone.columns)
    assert first["children_birth_dates"].explode().drop_nulls().max() <= cal.reference_date  # type: ignore[operator]


@pytest.mark.parametrize("city", ["hangzhou", "guangzhou"])
def test_households_meet_the_published_figures_about_migrant_children(city: str, tmp_path: Path) -> None:
    cal = load_calibration(calibration_dir() / f"{city}.yaml")
    assert cal.households is not None and cal.households.checks
    path = tmp_path / "pop.parquet"
    write_population(cal, 60_000, 11, path)
    _, rows = marginals(cal, path)
    titles = {check.title.en for check in cal.households.checks}
    checked = [row for row in rows if row.title.en in titles]
    assert len(checked) == len(cal.households.checks)
    for row in checked:
        if row.published > 0.1:  # a share of the children: within two points
            assert abs(row.gap) < 0.02, (row.title.en, row.published, row.generated)
        else:  # children per migrant: within a tenth of the published figure
            assert abs(row.gap) < 0.1 * row.published, (row.title.en, row.published, row.generated)


@pytest.mark.parametrize("city", CITIES)
def test_every_demand_model_gives_each_pack_its_facts_from_columns_the_city_generates(city: str) -> None:
    model = load_demand(demand_dir() / f"{city}.yaml")
    assert check_model(model, default_catalogue()) == []
    cal = load_calibration(calibration_dir() / f"{city}.yaml")
    population = generate_chunk(cal, np.random.default_rng(1), 0, 50)
    for service in model.services:
        assert _needs(model, service, population) == [], service.id


def test_demand_counts_only_children_of_each_levels_ages_as_they_grow_older() -> None:
    model = load_demand(demand_dir() / "hangzhou.yaml")
    first = model.year_date.of(2018)
    children = [_born(age, first) for age in (5, 6, 11, 12, 14, 15)]
    persons = pl.DataFrame({"person_id": [f"P{i}" for i in range(30)],
                            "district": ["xiaoshan"] * 30,
                            "children_birth_dates": [children] * 30,
                            "spouse_present": [True] * 30},
                           schema_overrides={"children_birth_dates": pl.List(pl.Date)})
    flags = persons.select("person_id", pl.Series("baseline.admitted", [i < 12 for i in range(30)]),
                           pl.Series("baseline.eligible", [True] * 30))
    section = demand(_sim(flags), persons, model.model_copy(update={"services": []}), default_catalogue())
    assert section["years"] == [2018, 2019, 2020, 2021, 2022]
    assert section["births_missing_from"] is None  # no child born after 2017 is six by 2022
    longer = demand(_sim(flags), persons, model.model_copy(update={"services": []}), default_catalogue(), 8)
    assert longer["births_missing_from"] == 2024
    rows = section["schools"]["rows"]
    expected = {  # per parent, ages on 31 August: primary 6-11, junior secondary 12-14
        2018: {"primary": 2, "junior_secondary": 2},   # 5 6 11 | 12 14 | 15
        2019: {"primary": 2, "junior_secondary": 2},   # 6 7 | 12 13 | 15 16
        2020: {"primary": 2, "junior_secondary": 2},   # 7 8 | 13 14 | 15 16 17
        2021: {"primary": 2, "junior_secondary": 1},   # 8 9 | 14 | 15 16 17 18
        2022: {"primary": 2, "junior_secondary": 0}}   # 9 10 | - | 15 16 17 18 19
    for year, levels in expected.items():
        for level, per_parent in levels.items():
            (admitted,) = _city_rows(rows, group="admitted", level=level, year=year)
            (eligible,) = _city_rows(rows, group="eligible", level=level, year=year)
            assert admitted["values"]["baseline"] == 12 * per_parent, (year, level)
            assert eligible["values"]["baseline"] == 30 * per_parent, (year, level)


def test_a_reform_that_changes_nothing_changes_no_demand(tmp_path: Path) -> None:
    cal = load_calibration(calibration_dir() / "hangzhou.yaml")
    population = generate_chunk(cal, np.random.default_rng(3), 0, 3_000)
    pack = default_catalogue().load("hangzhou-2017")
    value = pack.meta.parameters["social_insurance_points_per_unit"].value
    path = tmp_path / "same.yaml"
    path.write_text(f"id: same\nbase: {pack.id}\ntitle: {{en: S, zh: S}}\nrationale: {{en: R, zh: R}}\n"
                    f"cite: {{source: seed_000, lines: 556-570}}\n"
                    f"parameters: {{social_insurance_points_per_unit: {value}}}\n", encoding="utf-8")
    same = apply_reform(pack, load_reform(path))
    sim = simulate([Scenario("baseline", pack), Scenario("same", same)], population, quota=400)
    section = demand(sim, population, load_demand(demand_dir() / "hangzhou.yaml"), default_catalogue())
    rows = section["schools"]["rows"] + [r for s in section["services"] for r in s["rows"]]
    assert any(r["values"]["baseline"] for r in rows)
    for row in rows:
        assert row["values"]["same"] == row["values"]["baseline"]
        change = row["change"]["same"]
        if isinstance(change, dict):
            assert change["cases"] == 0 and change["budget"] in (None, Decimal(0))
        else:
            assert change in (0, None)


def test_a_service_counts_the_eligible_times_the_rate_and_prices_the_cases_from_the_pack() -> None:
    model = load_demand(demand_dir() / "guangzhou.yaml")
    service = model.service("charity_medical_aid")
    service = service.model_copy(update={"rate": service.rate.model_copy(update={"value": Decimal("0.5")})})
    model = model.model_copy(update={"services": [service]})
    persons = pl.DataFrame({"person_id": [f"P{i}" for i in range(100)],
                            "district": ["panyu"] * 100,
                            "pension_insurance_years": [3] * 60 + [0] * 40})
    flags = persons.select("person_id", pl.lit(True).alias("baseline.admitted"),
                           pl.lit(True).alias("baseline.eligible"))
    section = demand(_sim(flags, dt.date(2026, 6, 30)), persons, model, default_catalogue(), horizon=3)
    (relief,) = section["services"]
    assert section["skipped"] == [{"what": "schools", "missing": ["children_birth_dates"]}]
    assert relief["currency"] == "USD" and relief["amount"] == "pack"
    years = {r["year"]: r["values"]["baseline"] for r in _city_rows(relief["rows"], group="admitted")}
    # 60 with two years of pension insurance, then all 100 once two years have passed
    assert years[2026] == {"cases": 30, "budget": Decimal("135855.30")}
    assert years[2027] == {"cases": 30, "budget": Decimal("135855.30")}
    assert years[2028] == {"cases": 50, "budget": Decimal("226425.50")}


def test_small_cells_are_hidden_with_a_second_one_and_the_city_is_shown() -> None:
    model = load_demand(demand_dir() / "hangzhou.yaml").model_copy(update={"services": []})
    child = [_born(8, model.year_date.of(2018))]
    districts = ["xiaoshan"] * 40 + ["yuhang"] * 15 + ["fuyang"] * 4
    persons = pl.DataFrame({"person_id": [f"P{i}" for i in range(len(districts))], "district": districts,
                            "children_birth_dates": [child] * len(districts),
                            "spouse_present": [False] * len(districts)},
                           schema_overrides={"children_birth_dates": pl.List(pl.Date)})
    flags = persons.select("person_id", pl.lit(True).alias("baseline.admitted"),
                           pl.lit(True).alias("baseline.eligible"))
    section = demand(_sim(flags), persons, model, default_catalogue())
    primary = {r["district"]: r["values"]["baseline"] for r in section["schools"]["rows"]
               if r["group"] == "admitted" and r["level"] == "primary" and r["year"] == 2018}
    assert primary == {"fuyang": None, "yuhang": None, "xiaoshan": 40, None: 59}
    for row in section["schools"]["rows"]:
        for value in row["values"].values():
            assert value is None or value == 0 or value >= 10


def test_the_horizon_starts_with_the_first_year_date_on_or_after_the_evaluation_date() -> None:
    model = load_demand(demand_dir() / "hangzhou.yaml")
    assert forecast_years(dt.date(2017, 12, 31), model) == [2018, 2019, 2020, 2021, 2022]
    assert forecast_years(dt.date(2026, 6, 30), model, 2) == [2026, 2027]
    assert forecast_years(dt.date(2017, 8, 31), model, 1) == [2017]


def test_a_simulation_reports_its_service_demand_in_the_summary_and_the_report(tmp_path: Path) -> None:
    cal = load_calibration(calibration_dir() / "hangzhou.yaml")
    population = generate_chunk(cal, np.random.default_rng(5), 0, 4_000)
    pack = default_catalogue().load("hangzhou-2017")
    loaded = load_reform(Path("reforms/hangzhou-insurance-weight.yaml"))
    report, html = run_study(pack, [loaded], [apply_reform(pack, loaded)], population,
                             population_name="test", threshold=10, quota=600, out=tmp_path)
    section = report["demand"]
    assert section["model"] == "hangzhou" and section["scenarios"] == ["baseline", loaded.id]
    assert {s["id"] for s in section["services"]} == {
        "special_difficulty_relief", "child_illness_injury_aid", "public_rental_flats"}
    json.loads(json.dumps(report, default=plain))
    assert html is not None
    page = html.read_text(encoding="utf-8")
    assert 'id="demand"' in page and 'id="chart-demand"' in page and "demand.csv" in page
    assert (tmp_path / "chart-demand.svg").is_file()
    header, rows = headline(section)
    assert header == ["measure", "who", "baseline", "R1", "ΔR1"]
    assert ["primary", "admitted"] in [row[:2] for row in rows]
    table = pl.read_csv(tmp_path / "demand.csv")
    assert set(table["measure"]) == {"school_places", "relief", "flats"}
    assert "Service demand" in (tmp_path / "report.md").read_text(encoding="utf-8")
