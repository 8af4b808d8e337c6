"""A boolean fact: true or false in a facts document; a table without booleans (CSV text,
SQLite integers) may also write yes/no or 1/0."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from settle.language.facts import FACT_TYPES, BadFact
from tests.language.facts.tables import problem_lines, spec, values

FLAG = spec("boolean")
KIND = FACT_TYPES["boolean"]


def test_a_document_says_true_or_false_and_nothing_else() -> None:
    assert KIND.check("x", FLAG, True) is True
    for raw in ("yes", 1, "true"):
        with pytest.raises(BadFact, match="expected true or false"):
            KIND.check("x", FLAG, raw)


@pytest.mark.parametrize(("text", "meaning"), [
    ("true", True), ("1", True), ("yes", True), ("YES", True), (" True ", True),
    ("false", False), ("0", False), ("no", False), ("No", False)])
def test_a_csv_cell_may_write_yes_no_or_one_zero(text: str, meaning: bool) -> None:
    assert values(FLAG, pl.Series([text, None])) == [meaning, False]


def test_other_text_in_a_csv_cell_is_refused_naming_the_spellings() -> None:
    assert problem_lines(FLAG, pl.Series(["yes", "maybe"])) == [
        "x = 'maybe' (rows 1): expected true or false (in a table also yes/no or 1/0) "
        "(rule: facts.yaml x.type)"]


def test_integers_one_and_zero_are_yes_and_no_and_others_are_refused() -> None:
    assert values(FLAG, pl.Series([1, 0, None])) == [True, False, False]
    assert problem_lines(FLAG, pl.Series([1, 2])) == [
        "x = 2 (rows 1): expected true or false (in a table also yes/no or 1/0) (rule: facts.yaml x.type)"]


def test_a_missing_cell_takes_the_declared_default() -> None:
    assert values(spec("boolean", default=True), pl.Series([None, False], dtype=pl.Boolean)) == [True, False]


def test_a_form_asks_with_a_checkbox_read_as_ticked_or_not() -> None:
    assert KIND.form_field(FLAG, dt.date(2026, 1, 1)).widget == "checkbox"
    assert KIND.read_form("x", {"x": "on"}) is True
    assert KIND.read_form("x", {}) is False
    assert KIND.form_value(spec("boolean", default=True), None) is True
