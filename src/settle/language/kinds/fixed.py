"""`fixed`: a fixed number of points."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

import polars as pl

from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import NodeBase, points_values
from settle.language.parameters import Number
from settle.language.result import Step, Why

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class Fixed(NodeBase):
    """A fixed number of points."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "fixed": ("fixed {points} points", "固定 {points} 分")}

    kind: Literal["fixed"]
    points: Number

    def score(self, scope: Scope) -> Step:
        points = scope.number(self.points)
        return Step(kind=self.kind, points=points, why=[Why(key="fixed", args={"points": str(points)})])

    def expr(self, target: Target) -> pl.Expr:
        return pl.lit(target.points(self.points, "fixed"), dtype=pl.Int64)

    def head(self, words: Words) -> str:
        points = words.number(self.points)
        return words.t(f"{points} points", f"{points} 分")

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        return points_values().map(lambda p: {"kind": "fixed", "points": p})
