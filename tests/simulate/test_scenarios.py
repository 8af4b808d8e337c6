"""Simulations are truthful: a reform that changes nothing moves nobody, every person's
points under a reform are the one-person engine's, and small cells are never shown."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from settle.packs import Pack, default_catalogue
from settle.packs.reforms import apply_reform, load_reform
from settle.rules.bulk.columns import rows_to_frame
from settle.rules.engine import evaluate
from settle.simulate.scenarios import Scenario, simulate, summary
from tests.strategies import facts_for

SIM = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _population(pack: Pack, people: list[dict[str, Any]]) -> pl.DataFrame:
    frame = rows_to_frame(pack, people)
    return frame.with_columns(pl.Series("person_id", [f"P{i:05d}" for i in range(frame.height)]),
                              pl.Series("sex", ["female" if i % 2 else "male" for i in range(frame.height)]))


def _same_value_reform(tmp_path: Path, pack: Pack) -> Pack:
    value = pack.meta.parameters["social_insurance_points_per_unit"].value
    path = tmp_path / "same.yaml"
    path.write_text(f"id: same\nbase: {pack.id}\ntitle: {{en: S, zh: S}}\nrationale: {{en: R, zh: R}}\n"
                    f"cite: {{source: seed_000, lines: 556-570}}\n"
                    f"parameters: {{social_insurance_points_per_unit: {value}}}\n", encoding="utf-8")
    return apply_reform(pack, load_reform(path))


@SIM
@given(data=st.data())
def test_a_reform_that_changes_nothing_moves_nobody(tmp_path_factory: Any, data: Any) -> None:
    pack = default_catalogue().load("hangzhou-2017")
    same = _same_value_reform(tmp_path_factory.mktemp("reform"), pack)
    people = data.draw(st.lists(facts_for(pack), min_size=1, max_size=30))
    sim = simulate([Scenario("baseline", pack), Scenario("same", same)], _population(pack, people),
                   quota=data.draw(st.integers(0, 10)), threshold=1)
    report = summary(sim, {})
    step = report["steps"][0]
    assert (step["entrants"], step["leavers"], step["points_changed"]) == (0, 0, 0)
    assert sim.persons["baseline.total"].equals(sim.persons["same.total"])


@SIM
@given(data=st.data())
def test_each_persons_points_under_a_reform_are_the_one_person_engines(data: Any) -> None:
    pack = default_catalogue().load("hangzhou-2017")
    reformed = apply_reform(pack, load_reform(Path("reforms/hangzhou-insurance-weight.yaml")))
    people = data.draw(st.lists(facts_for(pack), min_size=1, max_size=12))
    sim = simulate([Scenario("baseline", pack), Scenario("reform", reformed)],
                   _population(pack, people), quota=3, threshold=1)
    totals = sim.persons.sort("person_id")["reform.total"].to_list()
    for facts, total in zip(people, totals, strict=True):
        assert Decimal(str(total)) == evaluate(reformed, facts).total


def test_small_cells_are_hidden_in_every_breakdown() -> None:
    pack = default_catalogue().load("hangzhou-2017")
    reformed = apply_reform(pack, load_reform(Path("reforms/hangzhou-insurance-weight.yaml")))
    people = [{"birth_date": "1980-01-01", "social_insurance_consecutive_years": n % 12}
              for n in range(25)]
    population = _population(pack, people).with_columns(
        pl.Series("district", ["a"] * 20 + ["b"] * 5))
    sim = simulate([Scenario("baseline", pack), Scenario("reform", reformed)], population,
                   quota=5, by=["district"], threshold=10)
    rows = {row["value"]: row for row in summary(sim, {})["breakdowns"]["district"]}
    assert rows["a"]["persons"] == 20
    assert rows["b"]["persons"] is None and rows["b"]["reform"]["admitted"] is None


def test_the_age_band_is_the_completed_years_on_the_evaluation_date() -> None:
    import datetime as dt

    from settle.simulate.scenarios import _age_band

    born = [dt.date(1993, 12, 31), dt.date(1993, 1, 1), dt.date(1982, 12, 30), dt.date(1962, 6, 15)]
    bands = pl.DataFrame({"birth_date": born}).select(_age_band(dt.date(2017, 12, 30)))["age_band"]
    # 24 (birthday tomorrow), 24, 35 (birthday today), 55
    assert bands.to_list() == ["under_25", "under_25", "35_44", "55_and_over"]
