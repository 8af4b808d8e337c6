"""`round`: a part's points rounded to fewer decimals."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import polars as pl
from pydantic import Field

from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import NodeBase, compile_node, evaluate
from settle.language.result import Step, Why
from settle.language.rounding import Rounding, divide_expr, round_fraction
from settle.language.text import Text

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from settle.language.nodes import Node


class Round(NodeBase):
    """The points of `of` rounded to `places` decimals (default whole points): half_up
    (halves away from zero), floor or ceil."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "round": ("{raw} rounded ({mode}) to {places} decimal(s): {points} points",
                  "{raw} 按{mode}保留 {places} 位小数：{points} 分"),
    }
    MODES: ClassVar[dict[str, tuple[str, str]]] = {
        "half_up": ("half up", "四舍五入"), "floor": ("down", "向下取整"), "ceil": ("up", "向上取整")}

    kind: Literal["round"]
    of: Node
    places: Annotated[int, Field(ge=0, le=6)] = 0
    rounding: Rounding = "half_up"

    def children(self) -> list[NodeBase]:
        return [self.of]

    def score(self, scope: Scope) -> Step:
        part = evaluate(self.of, scope)
        points = round_fraction(Fraction(part.points), min(self.places, scope.precision),
                                self.rounding)
        en, zh = self.MODES[self.rounding]
        return Step(kind=self.kind, points=points, parts=[part], why=[Why(key="round", args={
            "raw": str(part.points), "places": str(self.places), "points": str(points),
            "mode": Text(en=en, zh=zh)})])

    def expr(self, target: Target) -> pl.Expr:
        inner = compile_node(self.of, target)
        if self.places >= target.precision:
            return inner
        quantum: int = 10 ** (target.precision - self.places)
        return divide_expr(inner, quantum, self.rounding) * quantum

    def head(self, words: Words) -> str:
        en, zh = self.MODES[self.rounding]
        return words.t(f"rounded {en} to {self.places} decimal(s):", f"{zh}，保留 {self.places} 位小数：")

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        return st.builds(lambda of, p, r: {"kind": "round", "of": of, "places": p, "rounding": r},
                         nodes, st.integers(0, 2), st.sampled_from(["half_up", "floor", "ceil"]))
