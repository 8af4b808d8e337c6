"""Sweeps reuse what a parameter does not change and still give exactly what a full rescore
gives; a target search finds the first value that meets the goal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from settle.packs import Pack, default_catalogue
from settle.rules.bulk.columns import rows_to_frame
from settle.simulate.sweep import Sweeper, grid, measure_of, search, with_value
from settle.workflow.quota_round import run_round
from tests.strategies import facts_for

SWEEP = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _population(pack: Pack, people: list[dict[str, Any]]) -> pl.DataFrame:
    frame = rows_to_frame(pack, people)
    return frame.with_columns(pl.Series("person_id", [f"P{i:04d}" for i in range(frame.height)]),
                              pl.Series("sex", ["female" if i % 3 else "male" for i in range(frame.height)]))


@SWEEP
@given(data=st.data())
def test_a_sweep_point_is_exactly_a_full_rescore_at_that_value(data: Any) -> None:
    pack = default_catalogue().load("hangzhou-2017")
    param = data.draw(st.sampled_from(["social_insurance_points_per_unit", "age_band1_points",
                                       "social_insurance_requires_social_insurance_consecutive_years_min",
                                       "annual_quota_assumed"]))
    people = _population(pack, data.draw(st.lists(facts_for(pack), min_size=1, max_size=25)))
    value = Decimal(data.draw(st.integers(0, 12)))
    quota = None if param == "annual_quota_assumed" else data.draw(st.integers(0, 8))
    point = Sweeper(pack, people, param, quota=quota, by="sex").at(value)
    full = run_round(with_value(pack, param, value), people, quota=quota)
    assert sorted(point.outcome.admitted_ids) == sorted(full.ranked.filter(pl.col("admitted"))["person_id"])
    assert point.outcome.lines == full.lines


def test_a_quota_sweep_rescores_nobody() -> None:
    pack = default_catalogue().load("hangzhou-2017")
    people = _population(pack, [{"birth_date": "1980-01-01", "social_insurance_consecutive_years": n}
                                for n in range(30)])
    sweeper = Sweeper(pack, people, "annual_quota_assumed")
    counts = [sweeper.at(q).outcome.admitted for q in grid(Decimal(0), Decimal(30), 4)]
    assert sweeper.rescored == 0
    assert counts == sorted(counts) and counts[0] == 0


def test_the_target_is_the_first_quota_that_admits_the_goal() -> None:
    pack = default_catalogue().load("hangzhou-2017")
    people = _population(pack, [{"birth_date": "1980-01-01", "social_insurance_consecutive_years": n % 17}
                                for n in range(60)])
    sweeper = Sweeper(pack, people, "annual_quota_assumed")
    value, reached, _ = search(lambda q: measure_of(sweeper.at(q), "admitted"), Decimal(20),
                               Decimal(0), Decimal(60), Decimal(1))
    assert reached >= 20
    assert measure_of(sweeper.at(value - 1), "admitted") < 20
