"""`divide`: a part's points divided by a number, rounded."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import polars as pl

from settle.language.context import Checks, Scope, Target, Words
from settle.language.kinds.base import NodeBase, compile_node, evaluate
from settle.language.parameters import Number
from settle.language.result import Step, Why
from settle.language.rounding import Rounding, divide_expr, round_fraction

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from settle.language.nodes import Node


class Divide(NodeBase):
    """points = the points of `of` / `by`, rounded (`rounding`) to the pack's precision
    (e.g. points shared between the holders of a joint title)."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "divide": ("{raw} ÷ {by} = {points} points", "{raw} ÷ {by} = {points} 分"),
    }

    kind: Literal["divide"]
    of: Node
    by: Number
    rounding: Rounding = "half_up"

    def children(self) -> list[NodeBase]:
        return [self.of]

    def score(self, scope: Scope) -> Step:
        part = evaluate(self.of, scope)
        by = scope.number(self.by)
        points = round_fraction(Fraction(part.points) / Fraction(by), scope.precision, self.rounding)
        return Step(kind=self.kind, points=points, parts=[part], why=[Why(
            key="divide", args={"raw": str(part.points), "by": str(by), "points": str(points)})])

    def expr(self, target: Target) -> pl.Expr:
        numerator, denominator = Decimal(target.value(self.by)).as_integer_ratio()
        return divide_expr(compile_node(self.of, target) * denominator, numerator, self.rounding)

    def head(self, words: Words) -> str:
        by = words.number(self.by)
        return words.t(f"divided by {by}:", f"除以 {by}：")

    def check(self, pack: Checks) -> list[str]:
        by = self.by if isinstance(self.by, Decimal) else pack.parameter(self.by.param)
        if isinstance(by, Decimal) and by <= 0:
            return [f"divide needs `by` above 0, not {by}"]
        return []

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        return st.builds(lambda of, by, r: {"kind": "divide", "of": of, "by": by, "rounding": r},
                         nodes, st.sampled_from(["2", "3", "1.5", "7"]),
                         st.sampled_from(["half_up", "floor", "ceil"]))
