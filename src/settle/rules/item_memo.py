"""A pack's total and eligibility for many states of one person, item by item, remembered.

The path search asks the same question — does this state reach the target on this day? — for
hundreds of combinations of actions and days. The one-person engine answers it in a few
milliseconds, most of which go to the explanation (steps, words, citations). This module
runs the engine's own rule evaluation (`evaluate_node`, `evaluate_condition`) item by item and
remembers each item's points under what the item reads: the facts and derived facts its
nodes and conditions name, the parameters in force, and the year for per-year rules. Items
no action touches are then evaluated once per epoch of time, and an item that reads one
action's fact once per count of that action.

`engine.evaluate` stays the judge: the path search confirms every plan it returns with it
(and `tests/rules/test_item_memo.py` holds the two equal on random states of every pack).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from settle.language.conditions import PointsTest
from settle.packs.checks import walk_conditions, walk_nodes
from settle.packs.pack import Pack
from settle.rules.conditions import evaluate_condition
from settle.rules.facts import FactValue, derive
from settle.rules.points import evaluate_node
from settle.rules.scope import Scope


def frozen(value: Any) -> Any:
    """A hashable copy of a fact value (amounts by year, lists of periods)."""
    if isinstance(value, dict):
        return tuple(sorted((str(k), frozen(v)) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return tuple(frozen(v) for v in value)
    if hasattr(value, "model_dump"):
        return frozen(value.model_dump())
    return value


@dataclass(frozen=True)
class Reads:
    """What one rule (an item's node, or an eligibility condition) looks at."""

    facts: tuple[str, ...]
    year: bool  # a per-year rule reads the evaluation year
    points: bool  # a condition on points reads the subtotals and the total


def _item_reads(node: Any) -> Reads:
    facts: list[str] = []
    year = False
    for part in walk_nodes(node):
        facts += part.facts_read()
        for condition in part.conditions():
            facts += [f for c in walk_conditions(condition) for f in c.facts_read()]
        year = year or part.kind == "per_year"
    return Reads(tuple(sorted(set(facts))), year, points=False)


def _condition_reads(condition: Any) -> Reads:
    parts = list(walk_conditions(condition))
    facts = sorted({f for c in parts for f in c.facts_read()})
    return Reads(tuple(facts), year=False, points=any(isinstance(c, PointsTest) for c in parts))


def parameter_changes(pack: Pack) -> list[dt.date]:
    """The days on which some parameter of the pack takes a new value."""
    return sorted({day for p in pack.meta.parameters.values() for day in sorted(p.values)[1:]})


def derived_inputs(pack: Pack) -> set[str]:
    """The facts the derived facts are computed from (any field of a derived spec naming one)."""
    names: set[str] = set()
    for spec in pack.derived.values():
        for field_name in type(spec).model_fields:
            value = getattr(spec, field_name)
            if isinstance(value, str) and (value in pack.facts or value in pack.derived):
                names.add(value)
    return names


@dataclass
class ItemMemo:
    """Total and eligibility of states of one pack (no options), each item evaluated once
    per distinct input; `evaluations` counts the rule evaluations actually run.

    `touched` names the facts that differ between the states compared on one day (those the
    actions change): items and conditions that read none of them are summed once per `epoch`
    the caller names (a run of days on which nothing else they read changes)."""

    pack: Pack
    touched: frozenset[str] = frozenset()
    evaluations: int = 0
    _memo: dict[tuple[Any, ...], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.items = self.pack.with_options(())
        self.rules = self.pack.eligibility_with_options(())
        self.item_reads = [_item_reads(item.rule) for item in self.items]
        self.rule_reads = [_condition_reads(rule.condition) for rule in self.rules]
        self.changes = parameter_changes(self.pack)
        self.quantum = Decimal(1).scaleb(-self.pack.meta.points_precision)
        self.groups = self.pack.group_ids()
        self.varying_items = [i for i, r in enumerate(self.item_reads) if set(r.facts) & self.touched]
        self.fixed_items = [i for i in range(len(self.items)) if i not in self.varying_items]
        self.varying_rules = [i for i, r in enumerate(self.rule_reads)
                              if r.points or set(r.facts) & self.touched]
        self.fixed_rules = [i for i in range(len(self.rules)) if i not in self.varying_rules]

    def parameter_epoch(self, day: dt.date) -> int:
        """Which of the pack's parameter values are in force on `day` (an index)."""
        return bisect_right(self.changes, day)

    def derived(self, values: dict[str, FactValue], day: dt.date) -> dict[str, int]:
        return derive(self.pack, values, day)

    def score(self, seen: dict[str, Any], hashable: dict[str, Any], day: dt.date,
              epoch: Any = None) -> tuple[Decimal, bool]:
        """The total and the eligibility on `day` of a person's checked facts and derived facts
        (`seen`; `hashable` holds their `frozen` copies), as `evaluate` gives them."""
        parameters = self.parameter_epoch(day)
        scope: Scope | None = None

        def scope_now() -> Scope:
            nonlocal scope
            if scope is None:
                scope = Scope(pack=self.pack, as_of=day, values=seen)
            return scope

        def item_points(i: int) -> Decimal:
            item, reads = self.items[i], self.item_reads[i]
            year = day.year if reads.year else None
            key = ("item", i, parameters, year, *(hashable[f] for f in reads.facts))
            points = self._memo.get(key)
            if points is None:
                self.evaluations += 1
                points = evaluate_node(item.rule, scope_now()).points.quantize(self.quantum)
                self._memo[key] = points
            return points

        def met(i: int, subtotals: dict[str, Decimal], total: Decimal) -> bool:
            rule, reads = self.rules[i], self.rule_reads[i]
            shown = tuple(subtotals.values()) if reads.points else ()
            key = ("rule", i, parameters, shown, *(hashable[f] for f in reads.facts))
            found = self._memo.get(key)
            if found is None:
                self.evaluations += 1
                current = scope_now()
                current.points = {**subtotals, "total": total}
                found = evaluate_condition(rule.condition, current).met
                self._memo[key] = found
            return bool(found)

        fixed_key = ("fixed", epoch)
        fixed = self._memo.get(fixed_key) if epoch is not None else None
        if fixed is None:
            sums = dict.fromkeys(self.groups, Decimal(0))
            for i in self.fixed_items:
                sums[self.items[i].group] += item_points(i)
            fixed = sums, all(met(i, sums, Decimal(0)) for i in self.fixed_rules)
            if epoch is not None:
                self._memo[fixed_key] = fixed
        subtotals = dict(fixed[0])
        for i in self.varying_items:
            subtotals[self.items[i].group] += item_points(i)
        total = sum(subtotals.values(), Decimal(0))
        eligible = all([met(i, subtotals, total) for i in self.varying_rules]) and fixed[1]
        return total, eligible
