"""An integer_list fact: whole numbers, each within the fact's range."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from settle.language.facts import FACT_TYPES, BadFact
from tests.language.facts.tables import problem_lines, spec, values

GRADES = spec("integer_list", min=1, max=5)
KIND = FACT_TYPES["integer_list"]


def test_each_entry_is_checked_as_a_whole_number_in_range() -> None:
    assert KIND.check("x", GRADES, [1, "2", 5.0]) == [1, 2, 5]
    with pytest.raises(BadFact, match="below the minimum 1"):
        KIND.check("x", GRADES, [0])
    with pytest.raises(BadFact, match="expected a list of whole numbers"):
        KIND.check("x", GRADES, "1,2")


def test_lists_json_text_and_missing_cells_read_the_same() -> None:
    assert values(GRADES, pl.Series([[1, 2], None])) == [[1, 2], []]
    assert values(GRADES, pl.Series(["[1, 2]", None])) == [[1, 2], []]


def test_an_entry_out_of_range_in_a_column_is_refused_like_in_a_document() -> None:
    assert problem_lines(GRADES, pl.Series([[1, 2], [0, 3]])) == [
        "x = [0, 3] (rows 1): below the minimum 1 (rule: facts.yaml x.min)"]
    assert problem_lines(GRADES, pl.Series(["[1, 9]"])) == [
        "x = '[1, 9]' (rows 0): above the maximum 5 (rule: facts.yaml x.max)"]


def test_a_form_reads_numbers_separated_by_commas_in_either_script() -> None:
    assert KIND.read_form("x", {"x": "1, 2，3"}) == [1, 2, 3]
    with pytest.raises(BadFact) as caught:
        KIND.read_form("x", {"x": "one"})
    assert caught.value.words.zh == "请填写以逗号分隔的整数"
    assert KIND.form_field(GRADES, dt.date(2026, 1, 1)).widget == "list"
