"""`fact_value`: the value of a number fact as points (times a factor), rounded."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import polars as pl

from settle.language.base import Id
from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import NUMERIC, NodeBase
from settle.language.parameters import Number
from settle.language.result import Step, Why
from settle.language.rounding import Rounding, round_fraction, times_expr

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class FactValue(NodeBase):
    """points = the fact's value × `times`, rounded (`rounding`: half_up, floor or ceil) to
    the pack's points precision. E.g. "one point per year of residence": a years fact, times 1."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "fact_value": ("{fact} = {value} × {times} = {points} points",
                       "{fact} = {value} × {times} = {points} 分"),
    }
    fact_types: ClassVar[frozenset[str]] = NUMERIC

    kind: Literal["fact_value"]
    fact: Id
    times: Number = Decimal(1)
    rounding: Rounding = "half_up"

    def score(self, scope: Scope) -> Step:
        value = scope.fact(self.fact)
        times = scope.number(self.times)
        points = round_fraction(Fraction(Decimal(value)) * Fraction(times), scope.precision,
                                self.rounding)
        return Step(kind=self.kind, points=points, inputs={self.fact: value}, why=[Why(
            key="fact_value", args={"fact": scope.title(self.fact),
                                    "value": scope.shown(self.fact, value), "times": str(times),
                                    "points": str(points)})])

    def expr(self, target: Target) -> pl.Expr:
        factor = Fraction(Decimal(target.value(self.times)))
        return times_expr(pl.col(self.fact), target.scale(self.fact), target.precision, factor,
                          self.rounding)

    def head(self, words: Words) -> str:
        fact, times = words.fact(self.fact), words.number(self.times)
        if times == "1":
            return words.t(f"the value of {fact}", f"{fact}的数值")
        return words.t(f"{times} points per {words.unit(self.fact) or 'unit'} of {fact}",
                       f"{fact}每{words.unit(self.fact) or '单位'}计 {times} 分")

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        return st.builds(lambda f, t, r: {"kind": "fact_value", "fact": f, "times": t, "rounding": r},
                         fact, st.sampled_from(["1", "0.5", "0.25", "2", "0.3"]),
                         st.sampled_from(["half_up", "floor", "ceil"]))
