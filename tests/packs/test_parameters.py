"""Numbers once: every number a shipped pack's rules write is a dated, cited parameter, and
the explanation of a result names each parameter it read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel

from settle.language.parameters import Parameter, ParamRef
from settle.packs import default_catalogue
from settle.packs.schema import Citation, Expected
from settle.rules.engine import evaluate
from settle.rules.explain import parameter_lines
from tests.conftest import all_pack_ids

STRUCTURE = {"at_least", "places", "max_times", "months", "every_months", "cost"}
"""Fields that hold counts of the rule language, not numbers of the law (`at_least: 2 of`),
and an action's cost and duration, which are assumptions with their own note."""


def literal_numbers(model: Any, path: str = "") -> Iterator[str]:
    """The places where a number or a date is written in a rule instead of a parameter."""
    if isinstance(model, (Citation, Parameter, Expected, ParamRef)):
        return
    if isinstance(model, BaseModel):
        for name in model.model_fields_set:
            if name not in STRUCTURE:
                yield from literal_numbers(getattr(model, name), f"{path}.{name}")
    elif isinstance(model, dict):
        for key, value in model.items():
            yield from literal_numbers(value, f"{path}.{key}")
    elif isinstance(model, (list, tuple)):
        for i, value in enumerate(model):
            yield from literal_numbers(value, f"{path}[{i}]")
    elif isinstance(model, (Decimal, int, dt.date)) and not isinstance(model, bool):
        yield f"{path} = {model}"


@pytest.mark.parametrize("pack_id", all_pack_ids())
def test_every_number_a_rule_writes_is_a_parameter(pack_id: str) -> None:
    pack = default_catalogue().load(pack_id)
    found = [f"{item.id}{where}" for item in pack.items for where in literal_numbers(item.rule)]
    found += [f"{rule.id}{where}" for rule in pack.eligibility for where in literal_numbers(rule.condition)]
    for option in pack.options.values():
        found += [f"{option.id}{where}" for where in literal_numbers(option.replaces)]
        found += [f"{option.id}{where}" for where in literal_numbers(option.replaces_conditions)]
    if pack.meta.ranking is not None:
        found += [f"ranking{where}" for where in literal_numbers(pack.meta.ranking.threshold)]
    for spec in pack.meta.rounds:
        found += [f"round {spec.id}{where}" for where in literal_numbers(spec.lines)]
    if pack.meta.distribution is not None:
        found += [f"distribution{where}" for where in literal_numbers(pack.meta.distribution.destinations)]
    assert found == []


@pytest.mark.parametrize("pack_id", all_pack_ids())
def test_every_parameter_value_is_dated_and_cited(pack_id: str) -> None:
    pack = default_catalogue().load(pack_id)
    for name, param in pack.meta.parameters.items():
        assert param.values, name
        for since, dated in param.values.items():
            assert since >= dt.date(1980, 1, 1), name
            assert dated.cite.source in {s.id for s in pack.meta.sources}, name


def test_the_explanation_names_each_parameter_its_value_date_and_citation() -> None:
    pack = default_catalogue().load("hangzhou-2017")
    result = evaluate(pack, {"birth_date": "1975-01-01"})
    age = result.item("age")
    names = [use.name for use in age.parameters]
    assert "age_band2_points" in names
    use = next(u for u in age.parameters if u.name == "age_band2_points")
    assert use.value == Decimal(20)
    assert use.since == pack.meta.effective_from
    lines = parameter_lines(age.parameters, result.documents, "zh")
    assert any("age_band2_points" in line and "= 20" in line and "000_c9c9ba5e5a2572f7.txt" in line
               for line in lines)


def test_a_parameter_value_is_chosen_by_the_evaluation_date() -> None:
    param = Parameter.model_validate({
        "title": {"en": "Age limit", "zh": "年龄上限"},
        "values": {"2017-01-01": {"value": 45, "cite": {"source": "s", "lines": 1}},
                   "2020-01-01": {"value": 50, "cite": {"source": "s", "lines": 2}}}})
    assert param.value_on(dt.date(2016, 6, 1)) == 45  # before the first: the first
    assert param.value_on(dt.date(2019, 12, 31)) == 45
    assert param.value_on(dt.date(2020, 1, 1)) == 50
    assert param.dated(dt.date(2024, 1, 1))[0] == dt.date(2020, 1, 1)
