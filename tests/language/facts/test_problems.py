"""A fact problem names the field, the value, the rows of a table and the rule, in English or
Chinese; numbers and dates are shown as written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from settle.language.facts import FactProblem, InvalidFacts
from settle.language.facts.words import fact_words

WORDS = fact_words("fact_below_minimum", min=0)


def test_a_problem_of_one_person_names_the_field_the_value_and_the_rule() -> None:
    problem = FactProblem("x", Decimal("-1.5"), "facts.yaml x.min", WORDS.en, WORDS)
    assert str(problem) == "x = -1.5: below the minimum 0 (rule: facts.yaml x.min)"
    assert problem.line("zh") == "x = -1.5：低于下限 0（规则：facts.yaml x.min）"


def test_a_problem_of_a_table_lists_the_first_rows_and_counts_the_rest() -> None:
    problem = FactProblem("x", -1, "facts.yaml x.min", WORDS.en, WORDS, rows=(1, 4, 5, 9, 12), count=20)
    assert str(problem) == ("x = -1 (rows 1, 4, 5, 9, 12 and 15 more): below the minimum 0 "
                            "(rule: facts.yaml x.min)")
    assert problem.line("zh").startswith("x = -1（第 1、4、5、9、12 行，另有 15 行）：低于下限 0")


def test_a_date_is_shown_as_written_not_as_python() -> None:
    problem = FactProblem("x", dt.date(2030, 1, 1), "facts.yaml age", "is after the evaluation date")
    assert str(problem).startswith("x = '2030-01-01': ")
    assert "Decimal(" not in str(FactProblem("x", {"2016": Decimal("1.5")}, "r", "m"))


def test_a_problem_without_words_keeps_its_message_in_every_language() -> None:
    problem = FactProblem("age", "abc", "facts.yaml age.type", "expected a number")
    assert problem.text("zh") == "expected a number"


def test_all_problems_are_reported_together_in_either_language() -> None:
    error = InvalidFacts("demo", [FactProblem("x", -1, "facts.yaml x.min", WORDS.en, WORDS)])
    assert str(error) == ("invalid facts for pack demo:\n"
                          "  - x = -1: below the minimum 0 (rule: facts.yaml x.min)")
    assert error.text("zh").splitlines()[0] == "所填事项不符合 demo 的规定："
