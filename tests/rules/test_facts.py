"""A person's facts are checked against the pack: a misspelt fact gets the closest name, a
fraction of a whole unit is named in the fact's unit, in English and Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest

from settle.packs import Pack
from settle.rules.facts import InvalidFacts, check_facts


def _problem(pack: Pack, facts: dict[str, object]) -> InvalidFacts:
    with pytest.raises(InvalidFacts) as caught:
        check_facts(pack, {"birth_date": "1985-01-01", **facts})
    return caught.value


def test_a_misspelt_fact_suggests_the_closest_declared_name(hangzhou: Pack) -> None:
    problem = _problem(hangzhou, {"educaton": "master"}).problems[0]
    assert problem.message == "unknown fact 'educaton' — did you mean 'education'?"
    assert problem.text("zh") == "未知事项 'educaton'——是否指 'education'？"
    assert str(problem) == ("educaton = 'master': unknown fact 'educaton' — did you mean 'education'? "
                            "(rule: hangzhou-2017/facts.yaml)")


def test_an_unknown_fact_with_no_close_name_lists_the_known_ones(hangzhou: Pack) -> None:
    message = _problem(hangzhou, {"salary": 9000}).problems[0].message
    assert message.startswith("unknown fact 'salary' (not declared); known: aaa_enterprise_representative, ")


def test_a_derived_fact_given_as_input_is_named_as_derived(hangzhou: Pack) -> None:
    derived = next(iter(hangzhou.derived))
    assert _problem(hangzhou, {derived: 3}).problems[0].message == (
        f"unknown fact {derived!r}: derived by the engine, not given")


def test_a_fraction_of_years_says_it_is_not_a_whole_number_of_years(hangzhou: Pack) -> None:
    error = _problem(hangzhou, {"social_insurance_consecutive_years": Decimal("5.9")})
    assert str(error.problems[0]) == (
        "social_insurance_consecutive_years = 5.9: 5.9 is not a whole number of years "
        "(rule: facts.yaml social_insurance_consecutive_years.scale)")
    assert "5.9 不是整数（单位：年）" in error.text("zh")
    assert "Decimal" not in str(error)


def test_every_problem_is_reported_at_once(hangzhou: Pack) -> None:
    error = _problem(hangzhou, {"educaton": "master", "volunteer_hours": -1})
    assert [p.field for p in error.problems] == ["educaton", "volunteer_hours"]
