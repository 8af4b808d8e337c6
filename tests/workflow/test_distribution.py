"""The distribution of a cohort among destinations by a key: largest remainder within
capacity, persons in the published order, households kept together, same input same output."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from settle.packs import Pack, PackError, default_catalogue
from settle.packs.catalogue import load_pack_folder
from settle.packs.distribution import DistributionExpect
from settle.rules.facts import InvalidFacts
from settle.workflow.distribution import (
    UNPLACED,
    DistributionError,
    _households,
    apportion,
    distribute,
    run_distribution_case,
    run_distribution_cases,
    seat_order,
)

PACK = "germany-asylum-distribution-2016"


@pytest.fixture(scope="module")
def germany() -> Pack:
    return default_catalogue().load(PACK)


def cohort(size: int, households: list[str | None] | None = None) -> pl.DataFrame:
    frame = pl.DataFrame({
        "person_id": [f"p{i:06d}" for i in range(size)],
        "arrival_date": [dt.date(2016, 1, 1) + dt.timedelta(days=i % 365) for i in range(size)],
    })
    if households is not None:
        frame = frame.with_columns(pl.Series("household_id", households, dtype=pl.String))
    return frame


def test_the_largest_remainders_take_the_persons_left_over() -> None:
    # 10 persons by 45 : 35 : 20 -> quotas 4.5, 3.5, 2.0: the two halves are equal, so the
    # larger share first gets the one person left after 4 + 3 + 2
    assert apportion(10, [Fraction(45), Fraction(35), Fraction(20)], [None] * 3) == [5, 3, 2]
    assert apportion(7, [Fraction(1)] * 3, [None] * 3) == [3, 2, 2]  # equal shares: pack order
    assert apportion(0, [Fraction(1), Fraction(2)], [None, None]) == [0, 0]


def test_a_full_destination_keeps_its_capacity_and_the_rest_is_apportioned_again_by_the_key() -> None:
    places = apportion(100, [Fraction(50), Fraction(30), Fraction(20)], [10, None, None])
    assert places == [10, 54, 36]  # the 90 left by 30 : 20
    # a second destination is full only once the first's overflow arrives
    assert apportion(100, [Fraction(50), Fraction(30), Fraction(20)], [10, 50, None]) == [10, 50, 40]


def test_when_the_capacities_hold_fewer_than_the_cohort_everyone_full_and_the_rest_unplaced() -> None:
    assert apportion(100, [Fraction(1), Fraction(1)], [30, 40]) == [30, 40]


def test_seats_are_filled_where_the_key_is_least_met() -> None:
    # 3 places and 1: the single place of the second comes after the first's first place
    assert seat_order([3, 1]).tolist() == [0, 1, 0, 0]
    assert seat_order([2, 2]).tolist() == [0, 1, 0, 1]
    assert seat_order([0, 0]).tolist() == []


def test_in_2016_nrw_receives_its_share_of_the_2015_key_and_in_2017_of_the_2016_key(germany: Pack) -> None:
    people = cohort(100_000)
    in_2016 = {d.id: d for d in distribute(germany, people, as_of=dt.date(2016, 6, 30)).destinations}
    in_2017 = {d.id: d for d in distribute(germany, people, as_of=dt.date(2017, 6, 30)).destinations}
    assert in_2016["nordrhein_westfalen"].share == Decimal("21.21010")
    assert in_2016["nordrhein_westfalen"].allocated == 21_210  # 100,000 × 21.21010 %
    assert in_2016["nordrhein_westfalen"].share_since == dt.date(2016, 1, 1)
    assert in_2017["nordrhein_westfalen"].allocated == 21_144  # 21,144.24
    assert in_2017["berlin"].allocated == 5_083  # 5,083.24
    assert in_2017["nordrhein_westfalen"].share_cite.source == "de_key"
    assert sum(d.allocated for d in in_2017.values()) == 100_000


def test_persons_are_placed_in_arrival_order_whatever_the_order_of_the_rows(germany: Pack) -> None:
    people = cohort(500)
    first = distribute(germany, people).assigned
    again = distribute(germany, people.sample(fraction=1.0, shuffle=True, seed=7)).assigned
    assert first.equals(again)
    arrivals = dict(zip(people["person_id"], people["arrival_date"], strict=True))
    days = [arrivals[p] for p in first["person_id"]]
    assert days == sorted(days)
    # every state's first place comes at 0 / places: the first sixteen arrivals go one to each
    # state, in the pack's order
    assert first["destination"].head(16).to_list() == [d.id for d in germany.meta.distribution.destinations]  # type: ignore[union-attr]


def test_members_of_a_household_go_to_the_same_state_and_are_listed_together(germany: Pack) -> None:
    households: list[str | None] = [f"h{i // 4}" if i < 400 else None for i in range(1_000)]
    outcome = distribute(germany, cohort(1_000, households))
    placed = outcome.assigned
    per_household = placed.filter(pl.col("household").is_not_null()).group_by("household").agg(
        pl.col("destination").n_unique().alias("states"), (pl.col("position").max()
                                                            - pl.col("position").min()).alias("span"))
    assert per_household["states"].max() == 1
    assert per_household["span"].max() == 3  # four members, four neighbouring positions
    assert outcome.households == 100 + 600
    assert outcome.placed == 1_000


def test_a_cohort_file_without_households_places_everyone_alone(germany: Pack) -> None:
    outcome = distribute(germany, cohort(50))
    assert outcome.households == 50
    assert outcome.assigned["household"].null_count() == 50


def test_a_capacity_from_the_command_line_caps_a_state_and_the_rest_follows_the_key(germany: Pack) -> None:
    outcome = distribute(germany, cohort(1_000), capacity={"nordrhein_westfalen": 100})
    by_id = {d.id: d for d in outcome.destinations}
    assert by_id["nordrhein_westfalen"].allocated == 100
    assert by_id["nordrhein_westfalen"].capacity == 100
    assert outcome.placed == 1_000
    assert by_id["bayern"].allocated > by_id["bayern"].exact_quota + 1


def test_persons_beyond_every_capacity_are_reported_not_placed(germany: Pack) -> None:
    limits = {d.id: 5 for d in germany.meta.distribution.destinations}  # type: ignore[union-attr]
    outcome = distribute(germany, cohort(100), capacity=limits)
    assert outcome.placed == 80
    assert outcome.unplaced == 20
    unplaced = outcome.assigned.filter(pl.col("destination") == UNPLACED)
    assert unplaced["position"].min() == 81  # the last in order


def test_bad_input_names_the_field_the_value_and_the_rule(germany: Pack) -> None:
    with pytest.raises(DistributionError, match="unknown destination 'bavaria'") as bad:
        distribute(germany, cohort(10), capacity={"bavaria": 5})
    assert "没有目的地 'bavaria'" in bad.value.text("zh")
    twice = pl.concat([cohort(3), cohort(1)])
    with pytest.raises(DistributionError, match="person_id 'p000000' appears more than once"):
        distribute(germany, twice)
    with pytest.raises(DistributionError, match="no column 'arrival_date'"):
        distribute(germany, cohort(3).drop("arrival_date"))
    wrong_day = cohort(2).with_columns(pl.Series("arrival_date", ["2016-02-30", "2016-03-01"]))
    with pytest.raises(InvalidFacts, match="arrival_date") as refused:
        distribute(germany, wrong_day)
    assert "2016-02-30" in refused.value.text("en")
    points = default_catalogue().load("hangzhou-2017")
    with pytest.raises(DistributionError, match="declares no distribution"):
        distribute(points, cohort(3))


shares_st = st.lists(st.integers(0, 10_000).map(lambda n: Fraction(n, 1000)), min_size=2, max_size=8).filter(
    lambda s: sum(s) > 0)


@settings(max_examples=200, deadline=None)
@given(size=st.integers(0, 5_000), shares=shares_st)
def test_without_capacities_every_destination_is_less_than_one_person_from_its_exact_quota(
        size: int, shares: list[Fraction]) -> None:
    places = apportion(size, shares, [None] * len(shares))
    assert sum(places) == size
    total = sum(shares)
    assert all(abs(p - size * s / total) < 1 for p, s in zip(places, shares, strict=True))
    assert places == apportion(size, shares, [None] * len(shares))


@settings(max_examples=200, deadline=None)
@given(size=st.integers(0, 3_000), shares=shares_st, data=st.data())
def test_no_destination_is_given_more_than_its_capacity_and_nobody_is_lost(
        size: int, shares: list[Fraction], data: st.DataObject) -> None:
    limits = data.draw(st.lists(st.one_of(st.none(), st.integers(0, 1_000)),
                                min_size=len(shares), max_size=len(shares)))
    places = apportion(size, shares, limits)
    assert all(limit is None or p <= limit for p, limit in zip(places, limits, strict=True))
    room = sum(limit if limit is not None else size for s, limit in zip(shares, limits, strict=True) if s > 0)
    assert sum(places) == min(size, room)


@settings(max_examples=60, deadline=None)
@given(places=st.lists(st.integers(0, 60), min_size=2, max_size=6))
def test_placing_persons_one_by_one_gives_the_same_seats_as_the_sorted_order(places: list[int]) -> None:
    one_by_one = _households([1] * sum(places), places, places)  # type: ignore[arg-type]
    assert one_by_one == seat_order(places).tolist()


@settings(max_examples=25, deadline=None)
@given(sizes=st.lists(st.integers(1, 5), min_size=1, max_size=80), seed=st.integers(0, 2**16))
def test_a_distribution_of_households_conserves_persons_and_is_the_same_in_any_row_order(
        sizes: list[int], seed: int) -> None:
    germany = default_catalogue().load(PACK)
    households = [f"h{n}" for n, size in enumerate(sizes) for _ in range(size)]
    people = cohort(len(households), households)  # type: ignore[arg-type]
    outcome = distribute(germany, people)
    shuffled = distribute(germany, people.sample(fraction=1.0, shuffle=True, seed=seed))
    assert outcome.assigned.equals(shuffled.assigned)
    assert outcome.placed == len(households)
    assert sum(d.allocated for d in outcome.destinations) == outcome.cohort
    together = outcome.assigned.group_by("household").agg(pl.col("destination").n_unique())
    assert together["destination"].max() == 1


def test_the_packs_distribution_cases_pass_and_a_case_naming_an_unknown_state_is_refused(
        tmp_path: Path) -> None:
    germany = default_catalogue().load(PACK)
    outcomes = run_distribution_cases(germany)
    assert len(outcomes) >= 6 and all(o.passed for o in outcomes), [o.failures for o in outcomes]
    wrong = run_distribution_case(germany, germany.distribution_cases[0].model_copy(
        update={"expect": DistributionExpect(allocated={"berlin": 50})}))
    assert wrong.failures == ("berlin: allocated 51, expected 50",)
    copy = tmp_path / PACK
    shutil.copytree(germany.root, copy)
    (copy / "tests" / "distribution.yaml").write_text(
        "distributions:\n  - name: A state that does not exist\n"
        "    cohort: {size: 1, each: {arrival_date: 2016-03-01}}\n"
        "    expect: {allocated: {prussia: 1}}\n", encoding="utf-8")
    with pytest.raises(PackError, match="case names unknown destination 'prussia'"):
        load_pack_folder(str(copy))


def test_a_destination_with_no_share_takes_no_household_even_when_none_fits_elsewhere() -> None:
    # places 1 and 0 (no share): a household of two fits nowhere within places, and goes to
    # the destination the key gives a share, never to the one it gives none
    assert _households([2], [1, 0], [None, None], [True, False]) == [0]
    assert _households([2], [1, 0], [1, None], [True, False]) == [-1]
