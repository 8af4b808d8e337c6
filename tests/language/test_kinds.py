"""Every rule kind, on rules drawn at random: the bulk engine equals the one-person engine.

Each kind module brings its own hypothesis strategy (`strategy`), so a new kind is covered
here without editing this file; the shipped packs only reach the kinds they use.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from settle.language.kinds.use import Use
from settle.language.nodes import KINDS, Node
from settle.packs.checks import cross_check
from settle.packs.pack import Pack
from settle.packs.schema import FactSpec, Item, PackMeta
from settle.rules.engine import evaluate
from tests.rules.test_bulk import _assert_agree
from tests.strategies import facts_for

FACTS: dict[str, dict[str, Any]] = {
    "count": {"type": "integer", "min": 0, "max": 400},
    "amount": {"type": "decimal", "scale": 2, "min": 0, "max": 100000},
    "yes": {"type": "boolean"},
    "cat": {"type": "category", "values": {v: {"en": v, "zh": v} for v in "abcd"}},
    "by_year": {"type": "by_year", "min": 0},
    "entries": {"type": "integer_list", "min": 1, "max": 9},
}
TYPES = {name: spec["type"] for name, spec in FACTS.items()}
NODE = TypeAdapter(Node)
CITE = {"source": "seed", "lines": "1"}


def _kinds(nodes: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    drawn = [kind.strategy(TYPES, nodes) for kind in KINDS.values() if kind is not Use]
    return st.one_of([s for s in drawn if s is not None])


@st.composite
def capped(draw: st.DrawFn, nodes: st.SearchStrategy[dict[str, Any]]) -> dict[str, Any]:
    node = dict(draw(nodes))
    if draw(st.booleans()):
        node["max"] = str(draw(st.decimals(0, 30, places=1)))
    if draw(st.booleans()):
        node["requires"] = {"fact": "count", "op": ">=", "value": draw(st.integers(0, 200))}
    return node


RULES = st.recursive(_kinds(st.nothing()), lambda inner: capped(_kinds(inner)), max_leaves=5)


def pack_of(rules: list[dict[str, Any]], precision: int = 2) -> Pack:
    meta = PackMeta.model_validate({
        "id": "random", "jurisdiction": "nowhere", "jurisdiction_name": {"en": "N", "zh": "无"},
        "title": {"en": "Random rules", "zh": "随机规则"}, "version": "1",
        "effective_from": "2020-01-01", "default_evaluation_date": "2021-06-30",
        "points_precision": precision,
        "sources": [{"id": "seed", "kind": "seed", "file": "none.txt", "title": {"en": "-", "zh": "-"}}],
        "groups": [{"id": "all", "title": {"en": "All", "zh": "全部"}}],
        "effective_cite": CITE})
    facts = {name: FactSpec.model_validate({"title": {"en": name, "zh": name}, **spec})
             for name, spec in FACTS.items()}
    items = tuple(Item(id=f"item_{i}", no=str(i + 1), group="all", title={"en": "i", "zh": "项"},
                       cite=CITE, rule=NODE.validate_python(rule))
                  for i, rule in enumerate(rules))
    return Pack(root=Path("."), meta=meta, facts=facts, derived={}, items=items, eligibility=(),
                options={})


KINDS_SETTINGS = settings(max_examples=150, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@KINDS_SETTINGS
@given(rules=st.lists(RULES, min_size=1, max_size=4), data=st.data())
def test_random_rules_of_every_kind_score_the_same_in_bulk_and_for_one_person(
        rules: list[dict[str, Any]], data: Any) -> None:
    pack = pack_of(rules)
    assert cross_check(pack) == []
    people = data.draw(st.lists(facts_for(pack), min_size=1, max_size=6))
    _assert_agree(pack, people)


@pytest.mark.parametrize("kind", sorted(k for k in KINDS if k != "use"))
@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_every_kind_brings_a_strategy_its_words_and_a_description(kind: str, data: Any) -> None:
    strategy = KINDS[kind].strategy(TYPES, st.just({"kind": "fixed", "points": "1"}))
    assert strategy is not None, f"{kind} has no hypothesis strategy"
    rule = data.draw(strategy)
    pack = pack_of([rule])
    result = evaluate(pack, {"count": 3, "amount": "12.5", "yes": True, "cat": "b",
                             "by_year": {"2021": 100}, "entries": [2, 3]})
    from settle.rules.describe import describe_node
    from settle.rules.explain import step_lines

    for lang in ("en", "zh"):
        assert describe_node(pack, pack.items[0].rule, lang)
        assert step_lines(result.items[0].step, lang)


def test_pro_rata_earns_a_yearly_point_month_by_month() -> None:
    pack = pack_of([{"kind": "pro_rata", "fact": "count", "points": 1, "per": 12}])
    got = [evaluate(pack, {"count": months}).total for months in (0, 1, 6, 11, 12, 25)]
    assert got == [Decimal("0"), Decimal("0.08"), Decimal("0.50"), Decimal("0.92"), Decimal("1.00"),
                   Decimal("2.08")]
    _assert_agree(pack, [{"count": m} for m in range(0, 40)])


def test_rounding_halves_go_away_from_zero_down_and_up_as_asked() -> None:
    rules = [{"kind": "round", "of": {"kind": "fact_value", "fact": "amount"}, "rounding": mode}
             for mode in ("half_up", "floor", "ceil")]
    pack = pack_of(rules)
    result = evaluate(pack, {"amount": "2.5"})
    assert [i.points for i in result.items] == [Decimal("3.00"), Decimal("2.00"), Decimal("3.00")]
    _assert_agree(pack, [{"amount": a} for a in ("0", "2.49", "2.5", "2.51", "7.99")])


def test_a_number_finer_than_the_points_precision_is_refused_when_the_pack_loads() -> None:
    pack = pack_of([{"kind": "per_unit", "fact": "count", "points_per_unit": "0.0833333"}])
    problems = cross_check(pack)
    assert len(problems) == 1
    assert "0.0833333 points need more than the pack's 2 decimal place(s)" in problems[0].message
    assert "pro_rata" in problems[0].message
