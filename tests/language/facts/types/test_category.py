"""A category fact: one of its declared values, held by the bulk engine as the value's
position in facts.yaml."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from settle.language.facts import FACT_TYPES, BadFact
from settle.language.text import Text
from tests.language.facts.tables import problem_lines, spec, values

LEVEL = spec("category", values={"none": Text(en="none", zh="无"), "master": Text(en="master", zh="硕士")})
KIND = FACT_TYPES["category"]


def test_an_unknown_value_is_refused_listing_the_allowed_ones() -> None:
    with pytest.raises(BadFact) as caught:
        KIND.check("x", LEVEL, "phd")
    assert str(caught.value) == "unknown category; allowed: none, master"
    assert caught.value.words.zh == "类别不在可选范围内；可选：none, master"


def test_the_default_is_the_first_value() -> None:
    assert KIND.default("x", LEVEL) == "none"


def test_text_and_enum_columns_give_the_positions() -> None:
    assert values(LEVEL, pl.Series(["master", None, "none"])) == [1, 0, 0]
    enum = pl.Series(["master", "none"], dtype=pl.Enum(["master", "none"]))
    assert values(LEVEL, enum) == [1, 0]


def test_an_unknown_value_in_a_column_names_each_value_and_its_rows() -> None:
    assert problem_lines(LEVEL, pl.Series(["phd", "master", "phd", "bsc"])) == [
        "x = 'phd' (rows 0, 2): unknown category; allowed: none, master (rule: facts.yaml x.values)",
        "x = 'bsc' (rows 3): unknown category; allowed: none, master (rule: facts.yaml x.values)"]


def test_a_category_needs_values_and_only_a_category_takes_them() -> None:
    with pytest.raises(ValueError, match="a category fact needs `values`"):
        spec("category")
    with pytest.raises(ValueError, match="`values` only applies to category facts, not integer"):
        spec("integer", values={"a": Text(en="a", zh="a")})


def test_the_json_schema_lists_the_values_with_their_labels() -> None:
    assert KIND.json_schema(LEVEL, "zh") == {"type": "string", "enum": ["none", "master"],
                                             "x-labels": {"none": "无", "master": "硕士"}}


def test_a_form_asks_with_a_select_of_the_labels() -> None:
    field = KIND.form_field(LEVEL, dt.date(2026, 1, 1))
    assert field.widget == "select"
    assert [(key, text("zh")) for key, text in field.options] == [("none", "无"), ("master", "硕士")]
