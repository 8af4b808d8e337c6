"""`pro_rata`: points earned in proportion, e.g. 1 point a year earned month by month."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import polars as pl

from settle.language.base import Id
from settle.language.context import Checks, Scope, Target, Words
from settle.language.kinds.base import NUMERIC, NodeBase, points_values
from settle.language.parameters import Number
from settle.language.result import Step, Why
from settle.language.rounding import Rounding, round_fraction, times_expr

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class ProRata(NodeBase):
    """points = value × points / per, rounded (`rounding`) to the pack's precision.

    Beijing's scheme gives 1 point a year of owned housing, earned month by month: a months
    fact, `points: 1`, `per: 12`. Writing 0.0833333 points per month instead would not be
    exact; this keeps the fraction exact in both engines."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "pro_rata": ("{fact} = {value}: {points_per} points per {per}, pro rata = {points} points",
                     "{fact} = {value}：每 {per} 计 {points_per} 分，按比例折算 = {points} 分"),
    }
    fact_types: ClassVar[frozenset[str]] = NUMERIC

    kind: Literal["pro_rata"]
    fact: Id
    points: Number
    per: Number = Decimal(12)
    rounding: Rounding = "half_up"

    def score(self, scope: Scope) -> Step:
        value = scope.fact(self.fact)
        points_per, per = scope.number(self.points), scope.number(self.per)
        points = round_fraction(Fraction(Decimal(value)) * Fraction(points_per) / Fraction(per),
                                scope.precision, self.rounding)
        return Step(kind=self.kind, points=points, inputs={self.fact: value}, why=[Why(
            key="pro_rata", args={"fact": scope.title(self.fact),
                                  "value": scope.shown(self.fact, value),
                                  "points_per": str(points_per), "per": scope.per(self.fact, per),
                                  "points": str(points)})])

    def expr(self, target: Target) -> pl.Expr:
        factor = Fraction(Decimal(target.value(self.points))) / Fraction(Decimal(target.value(self.per)))
        return times_expr(pl.col(self.fact), target.scale(self.fact), target.precision, factor,
                          self.rounding)

    def head(self, words: Words) -> str:
        fact, points, per = words.fact(self.fact), words.number(self.points), words.number(self.per)
        unit = words.unit(self.fact)
        return words.t(f"{points} points per {per} {unit} of {fact}, pro rata",
                       f"{fact}每 {per} {unit}计 {points} 分，按比例折算")

    def check(self, pack: Checks) -> list[str]:
        problems = super().check(pack)
        per = self.per if isinstance(self.per, Decimal) else pack.parameter(self.per.param)
        if isinstance(per, Decimal) and per <= 0:
            problems.append(f"pro_rata divides by `per`, which must be above 0, not {per}")
        return problems

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        return st.builds(lambda f, p, per, r: {"kind": "pro_rata", "fact": f, "points": p, "per": per,
                                               "rounding": r},
                         fact, points_values(3), st.sampled_from(["12", "3", "7"]),
                         st.sampled_from(["half_up", "floor", "ceil"]))
