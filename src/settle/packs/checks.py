"""Cross-checks of a pack that a per-file schema cannot make: every reference resolves,
every rule reads a fact of the right type, every citation points into its source."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from settle.language.conditions import ConditionBase, walk
from settle.language.context import NotCompilable
from settle.language.facts import BadFact, check_fact
from settle.language.kinds.base import NodeBase, compile_node, param_refs
from settle.language.kinds.base import walk as walk_node
from settle.packs.errors import PackProblem
from settle.packs.pack import Pack
from settle.packs.schema import (
    Citation,
    Node,
    ParamRef,
)
from settle.packs.sources import source_line_count
from settle.packs.target import PackTarget


def walk_nodes(node: NodeBase) -> Iterator[NodeBase]:
    """The node and every node inside it."""
    return walk_node(node)


def walk_conditions(cond: ConditionBase) -> Iterator[ConditionBase]:
    return walk(cond)


@dataclass(frozen=True)
class PackFacts:
    """What a rule asks of its pack to check itself (settle.language.context.Checks)."""

    pack: Pack

    def fact_type(self, name: str) -> str | None:
        return fact_type(self.pack, name)

    def category_values(self, name: str) -> list[str]:
        return list(self.pack.facts[name].values or {})

    def parameter(self, name: str) -> Any:
        param = self.pack.meta.parameters.get(name)
        return None if param is None else param.value

    def group_ids(self) -> list[str]:
        return self.pack.group_ids()


def fact_type(pack: Pack, name: str) -> str | None:
    """The type of a declared or derived fact ('integer' for derived counts)."""
    if name in pack.facts:
        return pack.facts[name].type
    if name in pack.derived:
        return "integer"
    return None


def cross_check(pack: Pack) -> list[PackProblem]:
    problems: list[PackProblem] = []
    meta = pack.meta
    pack_file = f"{pack.id}/pack.yaml"
    facts_file = f"{pack.id}/facts.yaml"

    def at(rule_id: str) -> tuple[str, int | None]:
        return pack.where.get(rule_id, (pack_file, None))

    def report(rule_id: str, message: str) -> None:
        file, line = at(rule_id)
        problems.append(PackProblem(file, line, rule_id, message))

    sources = {s.id: s for s in meta.sources}
    group_ids = set(pack.group_ids())

    def check_cite(rule_id: str, cite: Citation | None) -> None:
        if cite is None:
            return
        if cite.source not in sources:
            report(rule_id, f"cites unknown source {cite.source!r} (declared: {sorted(sources)})")
            return
        span = cite.line_range()
        if span is None:
            return
        count = source_line_count(sources[cite.source].file)
        first, last = span
        if first > last:
            report(rule_id, f"citation lines {cite.lines} run backwards")
        elif count is not None and last > count:
            report(rule_id, f"citation lines {cite.lines} are past the end of "
                            f"{sources[cite.source].file} ({count} lines)")

    facts = PackFacts(pack)
    target = PackTarget(pack, meta.default_evaluation_date)

    def check_params(rule_id: str, model: object) -> None:
        for ref in param_refs(model):
            if ref.param not in meta.parameters:
                report(rule_id, f"uses unknown parameter {ref.param!r} "
                                f"(parameters: {', '.join(sorted(meta.parameters)) or 'none'})")

    def check_condition(rule_id: str, cond: ConditionBase) -> None:
        before = len(problems)
        for c in walk(cond):
            check_cite(rule_id, c.cite)
            for message in c.check(facts):
                report(rule_id, message)
        if len(problems) > before:
            return
        points = {g: pl.col(g) for g in [*pack.group_ids(), "total"]}
        try:
            cond.compile(target, points)
        except NotCompilable as exc:
            report(rule_id, f"{exc}: the bulk engine could not test it exactly")

    def check_node(rule_id: str, root: Node) -> None:
        before = len(problems)
        check_params(rule_id, root)
        for node in walk_node(root):
            check_cite(rule_id, node.cite)
            for condition in node.conditions():
                check_condition(rule_id, condition)
            for message in node.check(facts):
                report(rule_id, message)
        if len(problems) > before:
            return
        try:
            compile_node(root, target)
        except NotCompilable as exc:
            report(rule_id, f"{exc}: the bulk engine could not score it exactly "
                            "(use a pro_rata, divide or round rule, or more points_precision)")

    check_cite("effective", meta.effective_cite)
    for name, param in meta.parameters.items():
        for dated in param.values.values():
            check_cite(name, dated.cite)
    if meta.ranking is not None:
        check_cite("ranking", meta.ranking.cite)
        for key in meta.ranking.keys:
            check_cite("ranking", key.cite)
            if key.by != "total" and key.by not in group_ids and fact_type(pack, key.by) is None:
                problems.append(PackProblem(pack_file, None, "ranking",
                                            f"ranks by {key.by!r}, which is neither total, a group "
                                            "nor a fact"))
        if meta.ranking.threshold is not None:
            check_condition("ranking", meta.ranking.threshold)
    for round_spec in meta.rounds:
        where = f"round {round_spec.id}"
        check_cite(where, round_spec.cite)
        for line in round_spec.lines:
            check_cite(where, line.cite)
            if isinstance(line.quota, ParamRef) and line.quota.param not in meta.parameters:
                problems.append(PackProblem(pack_file, None, where,
                                            f"line {line.id} uses unknown parameter {line.quota.param!r}"))
            if line.select is not None:
                check_condition(where, line.select)

    if meta.distribution is not None:
        spread = meta.distribution
        where = f"distribution {spread.id}"
        check_cite(where, spread.cite)
        for order_key in spread.order:
            check_cite(where, order_key.cite)
        for destination in spread.destinations:
            check_params(where, destination)
            shares = [v.value for p in param_refs(destination) if p.param in meta.parameters
                      for v in meta.parameters[p.param].values.values()]
            if any(not isinstance(v, Decimal) or isinstance(v, bool) for v in shares):
                report(where, f"destination {destination.id}: its share and capacity are numbers")

    if meta.intake_department is not None and meta.intake_department not in meta.departments:
        problems.append(PackProblem(pack_file, None, "intake_department",
                                    f"unknown department {meta.intake_department!r}"))
    for name, fact in pack.facts.items():
        if fact.department is not None and fact.department not in meta.departments:
            problems.append(PackProblem(facts_file, None, name,
                                        f"unknown department {fact.department!r} "
                                        f"(declared: {sorted(meta.departments)})"))
        if fact.default is not None:
            try:
                check_fact(name, fact, fact.default)
            except BadFact as bad:
                problems.append(PackProblem(facts_file, None, name, f"default {fact.default!r}: {bad}"))
    for name, spec in pack.derived.items():
        check_cite(name, spec.cite)
        for read, need in spec.reads().items():
            base = fact_type(pack, read)
            if base not in need:
                problems.append(PackProblem(facts_file, None, name,
                                            f"derived fact reads {read!r} ({base or 'unknown'}), "
                                            f"needs a {'/'.join(need)} fact"))
        if name in pack.facts:
            problems.append(PackProblem(facts_file, None, name,
                                        "a derived fact has the name of an input fact"))

    seen: set[str] = set()
    for item in pack.items:
        if item.id in seen:
            report(item.id, f"item id {item.id!r} is used twice")
        seen.add(item.id)
        if item.group not in group_ids:
            report(item.id, f"item is in unknown group {item.group!r} (groups: {sorted(group_ids)})")
        for dept in item.departments:
            if dept not in meta.departments:
                report(item.id, f"unknown department {dept!r} (declared: {sorted(meta.departments)})")
        check_cite(item.id, item.cite)
        check_node(item.id, item.rule)
    for rule in pack.eligibility:
        if rule.id in seen:
            report(rule.id, f"id {rule.id!r} is used twice")
        seen.add(rule.id)
        check_cite(rule.id, rule.cite)
        check_condition(rule.id, rule.condition)
    item_ids = {i.id for i in pack.items}
    for option in pack.options.values():
        check_cite(option.id, option.cite)
        for replaced, node in option.replaces.items():
            if replaced not in item_ids:
                report(option.id, f"option replaces unknown item {replaced!r}")
            check_node(option.id, node)
        rule_ids = {rule.id for rule in pack.eligibility}
        for target_rule, condition in option.replaces_conditions.items():
            if target_rule not in rule_ids:
                report(option.id, f"option replaces unknown eligibility rule {target_rule!r}")
            check_condition(option.id, condition)
        for name, value in option.sets.items():
            declared = meta.parameters.get(name)
            if declared is None:
                report(option.id, f"option sets unknown parameter {name!r}")
            elif type(declared.value) is not type(value):
                report(option.id, f"option sets parameter {name!r} to {value!r}, a value of "
                                  f"another type than its {declared.value!r}")
    for action in pack.actions:
        check_cite(action.id, action.cite)
        effect = action.effect
        for changed in [*effect.set, *effect.add, *effect.add_this_year]:
            if changed not in pack.facts:
                report(action.id, f"action changes unknown fact {changed!r}")
        for added in effect.add:
            if added in pack.facts and pack.facts[added].type not in ("integer", "decimal"):
                report(action.id, f"action adds to {added!r}, which is {pack.facts[added].type}")
        for yearly in effect.add_this_year:
            if yearly in pack.facts and pack.facts[yearly].type != "by_year":
                report(action.id, f"add_this_year needs a by_year fact; {yearly!r} is not")
    destinations = {d.id for d in meta.distribution.destinations} if meta.distribution else set()
    for spread_case in pack.distribution_cases:
        if meta.distribution is None:
            problems.append(PackProblem(f"{pack.id}/tests", None, spread_case.name,
                                        "a distribution case in a pack that declares no distribution"))
            continue
        named = [*spread_case.capacity, *spread_case.expect.allocated, *spread_case.expect.places,
                 *(d for d in spread_case.expect.destination.values() if d)]
        for unknown in sorted(set(named) - destinations):
            problems.append(PackProblem(f"{pack.id}/tests", None, spread_case.name,
                                        f"case names unknown destination {unknown!r}"))
    for case in pack.cases:
        for option_id in case.options:
            if option_id not in pack.options:
                problems.append(PackProblem(f"{pack.id}/tests", None, case.name,
                                            f"case uses unknown option {option_id!r}"))
        if case.expect is not None:
            for name in case.expect.derived:
                if name not in pack.derived:
                    problems.append(PackProblem(f"{pack.id}/tests", None, case.name,
                                                f"case expects unknown derived fact {name!r}"))
            for item_id in case.expect.items:
                if item_id not in item_ids:
                    problems.append(PackProblem(f"{pack.id}/tests", None, case.name,
                                                f"case expects unknown item {item_id!r}"))
    return problems
