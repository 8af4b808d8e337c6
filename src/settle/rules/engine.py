"""The one-person engine: score and explain one person under one pack."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from settle.language.benefit import benefit_of
from settle.packs.pack import Pack
from settle.rules.conditions import evaluate_condition
from settle.rules.facts import check_facts, derive
from settle.rules.points import evaluate_node
from settle.rules.result import EligibilityResult, ItemResult, Result
from settle.rules.scope import Scope


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def evaluate(
    pack: Pack,
    facts: dict[str, Any],
    as_of: dt.date | None = None,
    options: list[str] | tuple[str, ...] = (),
) -> Result:
    """Score `facts` under `pack` on date `as_of` (default: the pack's evaluation date).

    Raises InvalidFacts naming every bad field, and KeyError for an unknown option.
    """
    on = as_of or pack.meta.default_evaluation_date
    items = pack.with_options(options)
    values, given = check_facts(pack, facts)
    derived = derive(pack, values, on)
    scope = Scope(pack=pack, as_of=on, values={**values, **derived}, options=tuple(options))
    words = scope.numbers.words
    chosen = [pack.options[i] for i in options]
    option_of = {item_id: o.id for o in chosen for item_id in o.replaces}
    condition_option_of = {rule_id: o.id for o in chosen for rule_id in o.replaces_conditions}
    quantum = Decimal(1).scaleb(-pack.meta.points_precision)
    item_results: list[ItemResult] = []
    subtotals = {group: Decimal(0) for group in pack.group_ids()}
    for item in items:
        scope.numbers.take()
        step = evaluate_node(item.rule, scope)
        points = step.points.quantize(quantum)
        subtotals[item.group] += points
        file, _ = pack.where.get(item.id, ("", None))
        item_results.append(ItemResult(
            id=item.id, no=item.no, group=item.group, title=words(item.title), points=points,
            departments=[pack.meta.departments[d] for d in item.departments],
            cite=item.cite, rule_file=file,
            reading=None if item.reading is None else words(item.reading),
            option=option_of.get(item.id), parameters=scope.numbers.take(), step=step,
        ))
    total = sum(subtotals.values(), Decimal(0))
    scope.points = {**subtotals, "total": total}
    eligibility = []
    for rule in pack.eligibility_with_options(options):
        scope.numbers.take()
        detail = evaluate_condition(rule.condition, scope)
        option_id = condition_option_of.get(rule.id)
        eligibility.append(EligibilityResult(
            id=rule.id, title=words(rule.title), met=detail.met,
            cite=rule.cite,
            rule_file=pack.where.get(rule.id, ("", None))[0], option=option_id,
            parameters=scope.numbers.take(), detail=detail))
    eligible = all(e.met for e in eligibility)
    benefit = None
    if pack.meta.benefit is not None:
        grants = [(result.id, result.points) for item, result in zip(items, item_results, strict=True)
                  if item.rule.kind == "grant"]
        benefit = benefit_of(pack.meta.benefit, eligible, total, grants)
    return Result(
        pack=pack.id, pack_title=pack.meta.title,
        documents={s.id: s.file for s in pack.meta.sources},
        groups={g.id: g.title for g in pack.meta.groups}, as_of=on, options=list(options),
        facts=_jsonable(values), derived=derived,
        defaulted=sorted(set(pack.facts) - given),
        items=item_results, subtotals=subtotals, total=total,
        eligible=eligible, eligibility=eligibility, benefit=benefit,
    )
