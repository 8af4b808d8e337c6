"""Evaluate one rule node for one person, exactly (Decimal), recording every step.

The bulk engine (settle.rules.bulk) compiles the same nodes to Polars expressions;
tests prove the two agree item by item.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from settle.i18n import Text
from settle.packs.schema import (
    Band,
    Bands,
    BestOf,
    Category,
    Fixed,
    Flag,
    Node,
    PerEntry,
    PerUnit,
    PerYear,
    SumOf,
)
from settle.rules.conditions import evaluate_condition
from settle.rules.result import Step, Why
from settle.rules.scope import Scope

ZERO = Decimal(0)


def whole_units(amount: Decimal, above: Decimal, unit: Decimal) -> int:
    """Whole units of `unit` in the part of `amount` above `above` (0 when none)."""
    if amount <= above:
        return 0
    return int((amount - above) // unit)


def per_unit_points(node: PerUnit, units: int) -> Decimal:
    """Points for `units` whole units, before caps."""
    if node.first_unit_points is not None and units >= 1:
        return node.start + node.first_unit_points + (units - 1) * node.points_per_unit
    return node.start + units * node.points_per_unit


def share(points: Decimal, divisor: int, precision: int) -> Decimal:
    """points / divisor, rounded half-up to the pack's precision."""
    return (points / divisor).quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


def window(scope: Scope, years: int) -> range:
    """The `years` calendar years ending with the evaluation year."""
    last = scope.as_of.year
    return range(last - years + 1, last + 1)


def band_label(band: Band) -> str | Text:
    if band.label is not None:
        return band.label
    low = "" if band.min is None else str(band.min)
    if band.max is not None:
        return f"{low}–{band.max}"
    if band.below is not None:
        return f"{low}–<{band.below}"
    return f"≥{low}"


def _fixed(node: Fixed, scope: Scope) -> Step:
    return Step(kind="fixed", points=node.points,
                why=[Why(key="fixed", args={"points": str(node.points)})])


def _flag(node: Flag, scope: Scope) -> Step:
    value = scope.fact(node.fact)
    points = node.points if value else ZERO
    return Step(kind="flag", points=points, inputs={node.fact: value},
                why=[Why(key="flag_yes" if value else "flag_no",
                         args={"fact": scope.title(node.fact), "points": str(points)})])


def _bands(node: Bands, scope: Scope) -> Step:
    value = scope.fact(node.fact)
    number = Decimal(value)
    args: dict[str, str | Text] = {"fact": scope.title(node.fact),
                                   "value": scope.shown(node.fact, value)}
    for band in node.bands:
        if band.contains(number):
            return Step(kind="bands", points=band.points, inputs={node.fact: value},
                        why=[Why(key="band", args={**args, "band": band_label(band),
                                                   "points": str(band.points)})])
    return Step(kind="bands", points=node.otherwise, inputs={node.fact: value},
                why=[Why(key="band_none", args={**args, "points": str(node.otherwise)})])


def _category(node: Category, scope: Scope) -> Step:
    value = scope.fact(node.fact)
    listed = value in node.points
    points = node.points[value] if listed else node.otherwise
    return Step(kind="category", points=points, inputs={node.fact: value},
                why=[Why(key="category" if listed else "category_none", args={
                    "fact": scope.title(node.fact), "value": scope.shown(node.fact, value),
                    "points": str(points)})])


def _per_unit(node: PerUnit, scope: Scope) -> Step:
    value = scope.fact(node.fact)
    units = whole_units(Decimal(value), node.above, node.unit)
    points = per_unit_points(node, units)
    args: dict[str, str | Text] = {
        "fact": scope.title(node.fact), "value": scope.shown(node.fact, value),
        "above": str(node.above), "unit": scope.per(node.fact, node.unit),
        "units": str(units), "ppu": str(node.points_per_unit),
        "first": str(node.first_unit_points), "points": str(points - node.start)}
    if node.first_unit_points is not None:
        key = "per_unit_first"
    else:
        key = "per_unit_above" if node.above else "per_unit"
    why = [Why(key=key, args=args)]
    if node.start:
        why.append(Why(key="start", args={"start": str(node.start), "raw": str(points - node.start),
                                          "points": str(points)}))
    return Step(kind="per_unit", points=points, inputs={node.fact: value}, why=why)


def _per_year(node: PerYear, scope: Scope) -> Step:
    value: dict[int, Decimal] = scope.fact(node.fact)
    years = window(scope, node.window_years)
    total = ZERO
    why = [Why(key="per_year", args={
        "fact": scope.title(node.fact), "first": str(years.start), "last": str(years.stop - 1),
        "unit": scope.per(node.fact, node.unit), "ppu": str(node.points_per_unit)})]
    for year in years:
        amount = value.get(year, ZERO)
        raw = whole_units(amount, ZERO, node.unit) * node.points_per_unit
        got = raw if node.max_per_year is None else min(raw, node.max_per_year)
        total += got
        if amount:
            why.append(Why(key="per_year_line" if got == raw else "per_year_line_capped",
                           args={"year": str(year), "amount": str(amount), "raw": str(raw),
                                 "points": str(got), "cap": str(node.max_per_year)}))
    ignored = sorted(y for y in value if y not in years and value[y])
    if ignored:
        why.append(Why(key="per_year_outside", args={"years": ", ".join(map(str, ignored))}))
    return Step(kind="per_year", points=total,
                inputs={node.fact: {str(k): v for k, v in value.items()}}, why=why)


def _per_entry(node: PerEntry, scope: Scope) -> Step:
    value: list[int] = scope.fact(node.fact)
    precision = scope.pack.meta.points_precision
    shares = [share(node.points, n, precision) if node.divide_by_entry else node.points
              for n in value]
    points = sum(shares, ZERO)
    key = "per_entry_shared" if node.divide_by_entry else "per_entry"
    return Step(kind="per_entry", points=points, inputs={node.fact: value}, why=[Why(key=key, args={
        "fact": scope.title(node.fact), "count": str(len(value)), "each": str(node.points),
        "shares": " + ".join(str(s) for s in shares) or "0", "points": str(points)})])


def _best_of(node: BestOf, scope: Scope) -> Step:
    parts = [evaluate_node(child, scope) for child in node.of]
    best = max(range(len(parts)), key=lambda i: parts[i].points)  # first of equals wins
    return Step(kind="best_of", points=parts[best].points, parts=parts, chosen=best,
                why=[Why(key="best_of", args={"n": str(len(parts)), "chosen": str(best + 1),
                                              "points": str(parts[best].points)})])


def _sum_of(node: SumOf, scope: Scope) -> Step:
    parts = [evaluate_node(child, scope) for child in node.of]
    points = sum((p.points for p in parts), ZERO)
    return Step(kind="sum_of", points=points, parts=parts,
                why=[Why(key="sum_of", args={"n": str(len(parts)), "points": str(points)})])


EVALUATORS: dict[type, Callable[[Any, Scope], Step]] = {
    Fixed: _fixed, Flag: _flag, Bands: _bands, Category: _category, PerUnit: _per_unit,
    PerYear: _per_year, PerEntry: _per_entry, BestOf: _best_of, SumOf: _sum_of,
}


def evaluate_node(node: Node, scope: Scope) -> Step:
    """Points of `node` for the person in `scope`, with its precondition and caps applied."""
    if node.requires is not None:
        check = evaluate_condition(node.requires, scope)
        if not check.met:
            return Step(kind=node.kind, label=node.label, points=ZERO, cite=node.cite,
                        why=[Why(key="requires_failed", args={}), check.why])
    step = EVALUATORS[type(node)](node, scope)
    raw = step.points
    points = raw
    if node.max is not None and points > node.max:
        points = node.max
        step.why.append(Why(key="cap_max", args={"cap": str(node.max), "raw": str(raw)}))
    if node.min is not None and points < node.min:
        points = node.min
        step.why.append(Why(key="cap_min", args={"floor": str(node.min), "raw": str(raw)}))
    return step.model_copy(update={"points": points, "label": node.label, "cite": node.cite})
