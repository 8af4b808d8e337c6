"""The one-person engine: exact arithmetic, explanations in both languages, options."""

from __future__ import annotations

from decimal import Decimal

import pytest

from settle.packs import Pack
from settle.rules.engine import evaluate
from settle.rules.explain import cite_text, condition_lines, step_lines
from settle.rules.facts import InvalidFacts


def test_money_is_exact_301_38_usd_is_two_units_of_150_69(hangzhou: Pack) -> None:
    result = evaluate(hangzhou, {"birth_date": "1990-01-01", "wage_tax_5y_usd": "301.38"})
    step = result.item("investment_and_tax").step.parts[1]
    assert step.points == Decimal(2)
    assert step.why[0].args["units"] == "2"


def test_json_floats_are_read_exactly(hangzhou: Pack) -> None:
    result = evaluate(hangzhou, {"birth_date": "1990-01-01", "wage_tax_5y_usd": Decimal("301.38")})
    assert result.item("investment_and_tax").points == 2


def test_each_item_explains_itself_in_english_and_chinese_with_its_source(hangzhou: Pack) -> None:
    result = evaluate(hangzhou, {"birth_date": "1981-06-01", "social_insurance_consecutive_years": 40})
    age = result.item("age")
    assert "in band 36–45: 20 points" in step_lines(age.step, "en")[0]
    assert "属于 36–45 档：20 分" in step_lines(age.step, "zh")[0]
    insurance = step_lines(result.item("social_insurance").step, "en")
    assert any("capped at 80 (before the cap: 105)" in line for line in insurance)
    assert any("封顶 80 分" in line for line in step_lines(result.item("social_insurance").step, "zh"))
    assert cite_text(age.cite, result.documents, "en") == "000_c9c9ba5e5a2572f7.txt, lines 494-504"


def test_a_citation_can_quote_the_source_lines(hangzhou: Pack) -> None:
    result = evaluate(hangzhou, {"birth_date": "1981-06-01"})
    quoted = cite_text(result.item("age").cite, result.documents, "en", with_quote=True)
    assert "Aged between 18-35, 30 points" in quoted


def test_the_highest_only_rule_says_which_alternative_counted(hangzhou: Pack) -> None:
    result = evaluate(hangzhou, {"birth_date": "1990-01-01", "education": "bachelor",
                                 "skill_level": "senior_title"})
    step = result.item("education_or_skill").step
    assert step.chosen == 1
    assert step.points == 80
    assert "alternative 2" in step_lines(step, "en")[0]


def test_an_unmet_precondition_is_explained(hangzhou: Pack) -> None:
    result = evaluate(hangzhou, {"birth_date": "1990-01-01", "social_insurance_consecutive_years": 3})
    lines = step_lines(result.item("social_insurance").step, "en")
    assert lines[0].startswith("precondition not met")
    assert "must be at least 5" in lines[1]


def test_an_option_swaps_the_reading_and_is_reported(hangzhou: Pack) -> None:
    facts = {"birth_date": "1990-01-01", "education": "master",
             "skill_level": "intermediate_title_or_nvq_grade_2"}
    plain = evaluate(hangzhou, facts)
    both = evaluate(hangzhou, facts, options=["education_and_skill_cumulative"])
    assert plain.item("education_or_skill").points == 65
    assert both.item("education_or_skill").points == 125
    assert both.item("education_or_skill").option == "education_and_skill_cumulative"


def test_an_unknown_option_is_refused_with_the_known_ones(hangzhou: Pack) -> None:
    with pytest.raises(KeyError, match="rewards_cumulative"):
        evaluate(hangzhou, {"birth_date": "1990-01-01"}, options=["no_such_option"])


def test_every_bad_field_is_reported_at_once(hangzhou: Pack) -> None:
    with pytest.raises(InvalidFacts) as caught:
        evaluate(hangzhou, {"birth_date": "1990-01-01", "education": "phd",
                            "volunteer_hours": -5, "colour": "red"})
    fields = {p.field for p in caught.value.problems}
    assert fields == {"education", "volunteer_hours", "colour"}
    text = str(caught.value)
    assert "education = 'phd': unknown category" in text
    assert "rule: facts.yaml education.values" in text
    assert "volunteer_hours = -5: below the minimum 0 (rule: facts.yaml volunteer_hours.min)" in text


def test_unstated_facts_take_their_defaults_and_are_listed(hangzhou: Pack) -> None:
    result = evaluate(hangzhou, {"birth_date": "1990-01-01"})
    assert "education" in result.defaulted
    assert "birth_date" not in result.defaulted


def test_condition_lines_mark_each_condition(hangzhou: Pack) -> None:
    from settle.language.conditions import parse_condition
    from settle.rules.conditions import evaluate_condition
    from settle.rules.scope import Scope

    cond = parse_condition({"all": [
        {"fact": "age", "op": ">=", "value": 18},
        {"not": {"fact": "family_planning_violation", "op": "==", "value": True}},
        {"at_least": 1, "of": [{"fact": "education", "op": "in", "value": ["master", "doctorate"]},
                               {"fact": "volunteer_hours", "op": ">", "value": 100}]}]})
    scope = Scope(pack=hangzhou, as_of=hangzhou.meta.default_evaluation_date,
                  values={"age": 30, "family_planning_violation": False, "education": "bachelor",
                          "volunteer_hours": 20})
    outcome = evaluate_condition(cond, scope)
    assert not outcome.met
    lines = condition_lines(outcome, "en")
    assert lines[0].startswith("[NOT met] all of 3 conditions (2 met)")
    assert any("must be one of: master's degree, Ph.D. or doctoral degree" in line for line in lines)
