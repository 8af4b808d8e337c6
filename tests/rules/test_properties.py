"""Invariants of the one-person engine, for every pack, on generated facts."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from settle.packs import Pack, default_catalogue
from settle.packs.numbers import Numbers
from settle.packs.schema import Bands, BestOf, Flag, Node, PerEntry, PerUnit, PerYear, SumOf
from settle.rules.engine import evaluate
from settle.rules.facts import InvalidFacts
from settle.rules.result import Step
from tests.conftest import all_pack_ids, points_pack_ids
from tests.strategies import facts_for

PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def _pack(pack_id: str) -> Pack:
    return default_catalogue().load(pack_id)


def _caps_hold(node: Node, step: Step, num: Numbers) -> None:
    if node.max is not None:
        assert step.points <= num.number(node.max), (node, step.points)
    if node.min is not None:
        assert step.points >= num.number(node.min), (node, step.points)
    if isinstance(node, (BestOf, SumOf)) and step.parts:
        for child, part in zip(node.of, step.parts, strict=True):
            _caps_hold(child, part, num)


@pytest.mark.parametrize("pack_id", all_pack_ids())
@PROPERTY
@given(data=st.data())
def test_the_total_is_the_sum_of_the_items_and_no_cap_is_exceeded(pack_id: str, data: Any) -> None:
    pack = _pack(pack_id)
    result = evaluate(pack, data.draw(facts_for(pack)))
    assert result.total == sum((i.points for i in result.items), Decimal(0))
    assert result.total == sum(result.subtotals.values(), Decimal(0))
    for group, subtotal in result.subtotals.items():
        assert subtotal == sum((i.points for i in result.items if i.group == group), Decimal(0))
    num = Numbers(pack, result.as_of)
    for item, item_result in zip(pack.items, result.items, strict=True):
        _caps_hold(item.rule, item_result.step, num)


def _reads(node: Node) -> list[Node]:
    if isinstance(node, (BestOf, SumOf)):
        return [leaf for child in node.of for leaf in _reads(child)]
    return [node]


def favourable_facts(pack: Pack) -> list[str]:
    """Input facts every rule rewards: more of them can never cost points."""
    verdict: dict[str, bool] = {}
    n = Numbers(pack, pack.meta.default_evaluation_date).number
    for item in pack.items:
        for leaf in _reads(item.rule):
            fact = getattr(leaf, "fact", None)
            if fact is None or fact not in pack.facts:
                continue
            if isinstance(leaf, (PerUnit, PerYear)):
                good = n(leaf.points_per_unit) >= 0 and (
                    not isinstance(leaf, PerUnit) or n(leaf.first_unit_points or Decimal(0)) >= 0)
            elif isinstance(leaf, Bands):
                ordered = sorted(leaf.bands,
                                 key=lambda b: n(b.min) if b.min is not None else Decimal(-10**9))
                good = all(n(a.points) <= n(b.points) for a, b in itertools.pairwise(ordered)) \
                    and n(leaf.otherwise) <= min(n(b.points) for b in leaf.bands) \
                    and all(b.max is None and b.below is None for b in ordered[-1:])
            elif isinstance(leaf, (Flag, PerEntry)):
                good = n(leaf.points) >= 0
            else:
                good = False
            verdict[fact] = verdict.get(fact, True) and good
    return sorted(f for f, good in verdict.items()
                  if good and pack.facts[f].type in ("integer", "decimal", "by_year"))


@pytest.mark.parametrize("pack_id", points_pack_ids())
@PROPERTY
@given(data=st.data())
def test_more_years_insurance_residence_or_tax_never_lowers_the_score(pack_id: str, data: Any) -> None:
    pack = _pack(pack_id)
    candidates = favourable_facts(pack)
    assert candidates, "every pack has facts that only ever earn points"
    facts = data.draw(facts_for(pack))
    name = data.draw(st.sampled_from(candidates))
    spec = pack.facts[name]
    bump = Decimal(1) if spec.type == "integer" else Decimal(data.draw(st.integers(1, 100_000)))
    before = evaluate(pack, facts)
    more = dict(facts)
    if spec.type == "by_year":
        year = data.draw(st.integers(before.as_of.year - 6, before.as_of.year))
        amounts = dict(facts.get(name, {}))
        amounts[year] = Decimal(amounts.get(year, 0)) + bump
        if spec.max is not None and amounts[year] > spec.max:
            return
        more[name] = amounts
    else:
        current = Decimal(facts.get(name, 0))
        if spec.max is not None and current + bump > spec.max:
            return
        more[name] = int(current + bump) if spec.type == "integer" else current + bump
    after = evaluate(pack, more)
    assert after.total >= before.total, f"raising {name} lowered the total"


junk = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.text(max_size=12),
                 st.floats(allow_nan=True), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=4), st.integers(), max_size=3),
                 st.dates().map(str))


@pytest.mark.parametrize("pack_id", all_pack_ids())
@PROPERTY
@given(data=st.data())
def test_invalid_facts_are_rejected_with_a_message_never_a_traceback(pack_id: str, data: Any) -> None:
    pack = _pack(pack_id)
    facts = data.draw(facts_for(pack))
    field = data.draw(st.sampled_from([*pack.facts, "not_a_fact"]))
    facts[field] = data.draw(junk)
    try:
        evaluate(pack, facts)
    except InvalidFacts as exc:
        assert exc.problems
        assert all(p.field and p.message for p in exc.problems)
        assert field in str(exc) or any(p.field == field for p in exc.problems) \
            or any(p.field in pack.facts for p in exc.problems)
