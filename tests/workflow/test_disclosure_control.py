"""Aggregates shown to analysts never single out fewer than the threshold's persons."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from settle.workflow import disclosure_control as suppress


def test_a_round_of_one_application_shows_neither_its_count_nor_its_mean() -> None:
    assert suppress.count(1, 1, 10) is None
    assert suppress.mean(Decimal("62"), 1, 10) is None


def test_a_count_whose_complement_is_small_is_hidden_too() -> None:
    assert suppress.count(95, 100, 10) is None  # 5 not admitted would be found by subtraction
    assert suppress.count(50, 100, 10) == 50


@given(st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e"]), st.integers(0, 40), min_size=1))
def test_no_breakdown_shows_a_small_cell_nor_hides_exactly_one(cells: dict[str, int]) -> None:
    shown = suppress.breakdown(cells, 10)
    assert all(v is None or v == 0 or v >= 10 for v in shown.values())
    hidden = [k for k, v in shown.items() if v is None]
    assert len(hidden) != 1 or sum(1 for v in cells.values() if v > 0) == 1


def test_nobody_in_a_large_enough_group_is_shown_as_zero() -> None:
    assert suppress.count(0, 500, 10) == 0
    assert suppress.count(0, 5, 10) is None
