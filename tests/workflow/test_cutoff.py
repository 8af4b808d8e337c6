"""The cut-off found without sorting everyone admits exactly whom the full sort admits, with
the same cut-off and the same ties, for any keys, directions, nulls, quota and tie rule."""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from settle.packs import default_catalogue
from settle.packs.schema import QuotaLine
from settle.rules.bulk.columns import rows_to_frame
from settle.rules.bulk.engine import score_table
from settle.workflow.cutoff import cut_at, select_scored
from settle.workflow.quota_round import _admit, _outcome, default_round, rank_frame, rank_scored
from tests.strategies import facts_for

ROUNDS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PACKS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def pools(draw: st.DrawFn) -> tuple[pl.DataFrame, list[tuple[str, bool]]]:
    """A pool in person-id order with up to three integer keys of few values (ties are
    common), some null, each ranked up or down."""
    size = draw(st.integers(0, 60))
    width = draw(st.integers(0, 3))
    columns: dict[str, list[Any]] = {"person_id": [f"P{i:03d}" for i in range(size)]}
    keys = []
    for k in range(width):
        spread = draw(st.integers(1, 6))
        columns[f"k{k}"] = draw(st.lists(st.one_of(st.none(), st.integers(-spread, spread)),
                                         min_size=size, max_size=size))
        keys.append((f"k{k}", draw(st.booleans())))
    schema = {"person_id": pl.String, **{c: pl.Int32 for c, _ in keys}}
    return pl.DataFrame(columns, schema=schema), keys


@ROUNDS
@given(pool=pools(), quota=st.one_of(st.none(), st.integers(0, 70)),
       ties=st.sampled_from(["shared", "strict"]))
def test_the_cut_without_a_full_sort_admits_whom_the_full_sort_admits(
        pool: tuple[pl.DataFrame, list[tuple[str, bool]]], quota: int | None, ties: str) -> None:
    frame, keys = pool
    ranked = _admit(rank_frame(frame, keys, ties), quota, ties)
    full = _outcome(_line(), quota, ranked, [c for c, _ in keys])
    cut = cut_at(frame, keys, quota, ties)
    assert sorted(cut.admitted["person_id"]) == sorted(ranked.filter(pl.col("admitted"))["person_id"])
    assert cut.cutoff == full.cutoff
    assert cut.tied == full.tied_at_cutoff


def test_a_pool_of_one_value_admits_the_lowest_ids_under_strict_ties_and_everyone_under_shared() -> None:
    frame = pl.DataFrame({"person_id": ["A", "B", "C", "D"], "total": [5, 5, 5, 5]})
    strict = cut_at(frame, [("total", True)], 2, "strict")
    shared = cut_at(frame, [("total", True)], 2, "shared")
    assert strict.admitted["person_id"].to_list() == ["A", "B"] and strict.tied == 1
    assert shared.admitted.height == 4 and shared.tied == 4 and shared.cutoff == {"total": 5}


@PACKS
@given(data=st.data())
def test_a_pack_round_without_the_ranked_list_gives_every_line_as_rank_scored_does(data: Any) -> None:
    pack_id = data.draw(st.sampled_from(["hangzhou-2017", "guangzhou-2025"]))
    pack = default_catalogue().load(pack_id)
    people = data.draw(st.lists(facts_for(pack), min_size=1, max_size=30))
    frame = rows_to_frame(pack, people).with_columns(
        pl.Series("person_id", [f"P{i:04d}" for i in range(len(people))]))
    on = pack.meta.default_evaluation_date
    scored = score_table(pack, frame, as_of=on).frame
    quota = data.draw(st.integers(0, 35))
    full = rank_scored(pack, scored, quota=quota, on=on)
    fast = select_scored(pack, scored, quota=quota, on=on)
    assert fast.lines == full.lines
    assert sorted(fast.admitted_ids) == sorted(full.ranked.filter(pl.col("admitted"))["person_id"])
    assert (fast.eligible, fast.applicants, fast.admitted) == (full.eligible, full.applicants, full.admitted)


def _line() -> QuotaLine:
    return default_round(default_catalogue().load("hangzhou-2017")).lines[0]
