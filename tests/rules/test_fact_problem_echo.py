"""A problem with a person's facts names the field, the value and the rule, but a huge value
(or a huge field name) is echoed cut short."""

from __future__ import annotations

import pytest

from settle.echo import ELLIPSIS
from settle.packs import default_catalogue
from settle.rules.facts import FactProblem, InvalidFacts, check_facts

HUGE = 1_000_000


def test_a_huge_value_is_shown_cut_to_80_characters() -> None:
    pack = default_catalogue().load("guangzhou-child-serious-illness-2015")
    with pytest.raises(InvalidFacts) as caught:
        check_facts(pack, {"child_birth_date": "2" * HUGE})
    line = str(caught.value.problems[0])
    assert line.startswith("child_birth_date = '222")
    assert ": expected a date written YYYY-MM-DD (rule: facts.yaml child_birth_date.type)" in line
    assert len(line) < 200
    assert len(str(caught.value)) < 300


def test_a_huge_unknown_field_name_is_cut() -> None:
    pack = default_catalogue().load("guangzhou-child-serious-illness-2015")
    with pytest.raises(InvalidFacts) as caught:
        check_facts(pack, {"z" * HUGE: [1] * HUGE})
    line = str(caught.value.problems[0])
    assert line.startswith("z" * 79 + ELLIPSIS + " = [1, 1, 1, 1, 1, 1, ...]: unknown fact")
    assert len(line) < 1200


def test_a_value_quoted_in_the_message_is_cut_with_the_message() -> None:
    problem = FactProblem("periods", [{"from": "1" * HUGE}], "facts.yaml periods.type",
                          f"period 0: {'1' * HUGE!r} is not a month written YYYY-MM")
    assert len(str(problem)) < 1300 and ELLIPSIS in str(problem)


def test_a_short_value_is_shown_whole() -> None:
    problem = FactProblem("age", "abc", "facts.yaml age.type", "expected a number")
    assert str(problem) == "age = 'abc': expected a number (rule: facts.yaml age.type)"
