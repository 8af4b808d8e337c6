"""`per_unit`: points per whole unit of an amount above a threshold."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import polars as pl

from settle.language.base import Id
from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import NUMERIC, NodeBase, points_values
from settle.language.parameters import Number
from settle.language.result import Step, Why
from settle.language.text import Text

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def whole_units(amount: Decimal, above: Decimal, unit: Decimal) -> int:
    """Whole units of `unit` in the part of `amount` above `above` (0 when none)."""
    if amount <= above:
        return 0
    return int((amount - above) // unit)


class PerUnit(NodeBase):
    """Points per whole unit of the amount above a threshold.

    units = floor((value - above) / unit) when value > above, else 0;
    points = start + units * points_per_unit, or, with first_unit_points,
    start + first_unit_points + (units - 1) * points_per_unit once units >= 1.
    """

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "per_unit": ("{fact} = {value}: {units} × {ppu} points per {unit} = {points} points",
                     "{fact} = {value}：每 {unit} 计 {ppu} 分，{units} × {ppu} = {points} 分"),
        "per_unit_above": ("{fact} = {value}: {units} × {ppu} points per {unit} above {above} "
                           "= {points} points",
                           "{fact} = {value}：超过 {above} 的部分每满 {unit} 计 {ppu} 分，"
                           "{units} × {ppu} = {points} 分"),
        "per_unit_first": ("{fact} = {value}: {units} time(s); the first {first}, each further "
                           "{ppu} = {points} points",
                           "{fact} = {value}：共 {units} 次，首次 {first} 分，其后每次 {ppu} 分"
                           " = {points} 分"),
        "start": ("starting from {start} points: {start} + {raw} = {points} points",
                  "以 {start} 分为基数：{start} + {raw} = {points} 分"),
    }
    fact_types: ClassVar[frozenset[str]] = NUMERIC

    kind: Literal["per_unit"]
    fact: Id
    unit: Number = Decimal(1)
    points_per_unit: Number
    first_unit_points: Number | None = None
    above: Number = Decimal(0)
    start: Number = Decimal(0)

    def score(self, scope: Scope) -> Step:
        value = scope.fact(self.fact)
        above, unit, ppu, start = (scope.number(x) for x in (
            self.above, self.unit, self.points_per_unit, self.start))
        first = None if self.first_unit_points is None else scope.number(self.first_unit_points)
        units = whole_units(Decimal(value), above, unit)
        if first is not None and units >= 1:
            points = start + first + (units - 1) * ppu
        else:
            points = start + units * ppu
        args: dict[str, str | Text] = {
            "fact": scope.title(self.fact), "value": scope.shown(self.fact, value),
            "above": str(above), "unit": scope.per(self.fact, unit), "units": str(units),
            "ppu": str(ppu), "first": str(first), "points": str(points - start)}
        key = "per_unit_first" if first is not None else ("per_unit_above" if above else "per_unit")
        why = [Why(key=key, args=args)]
        if start:
            why.append(Why(key="start", args={"start": str(start), "raw": str(points - start),
                                              "points": str(points)}))
        return Step(kind=self.kind, points=points, inputs={self.fact: value}, why=why)

    def expr(self, target: Target) -> pl.Expr:
        value = pl.col(self.fact)
        above = target.amount(self.fact, self.above, "above")
        unit = target.amount(self.fact, self.unit, "unit")
        # the part above the threshold (0 below it) in whole units; no step for a 0 or a 1
        # (max_horizontal measured faster than clip or when/then, and a missing value gives 0)
        units = pl.max_horizontal(value - above if above else value, pl.lit(0))
        units = units // unit if unit != 1 else units
        start = target.points(self.start, "start")
        ppu = target.points(self.points_per_unit, "points_per_unit")
        if self.first_unit_points is None:
            points = units * ppu if ppu != 1 else units
            return points + start if start else points
        first = target.points(self.first_unit_points, "first_unit_points")
        return pl.when(units >= 1).then(start + first + (units - 1) * ppu).otherwise(start)

    def head(self, words: Words) -> str:
        unit = f"{words.number(self.unit)} {words.unit(self.fact)}".strip()
        fact, ppu = words.fact(self.fact), words.number(self.points_per_unit)
        if self.first_unit_points is not None:
            first = words.number(self.first_unit_points)
            head = words.t(f"{fact}: first {first}, each further {ppu}",
                           f"{fact}：首次 {first} 分，其后每次 {ppu} 分")
        else:
            above = words.number(self.above)
            over = words.t(f" above {above}", f"超过 {above} 的部分") if above != "0" else ""
            head = words.t(f"{ppu} per whole {unit} of {fact}{over}", f"{fact}{over}每满 {unit} 计 {ppu} 分")
        start = words.number(self.start)
        if start != "0":
            head += words.t(f", starting from {start}", f"，基数 {start} 分")
        return head

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        return st.fixed_dictionaries(
            {"kind": st.just("per_unit"), "fact": fact,
             "unit": st.sampled_from(["1", "2", "5"]), "points_per_unit": points_values(5),
             "above": st.sampled_from(["0", "3"]), "start": st.sampled_from(["0", "2"])},
            optional={"first_unit_points": points_values(5)})
