"""`sum_of`: several parts that add up."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import polars as pl
from pydantic import Field

from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import ZERO, NodeBase, compile_node, evaluate
from settle.language.result import Step, Why

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from settle.language.nodes import Node


class SumOf(NodeBase):
    """Several parts that add up."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "sum_of": ("sum of {n} parts: {points} points", "{n} 项累计：{points} 分"),
    }

    kind: Literal["sum_of"]
    of: Annotated[list[Node], Field(min_length=2)]

    def children(self) -> list[NodeBase]:
        return list(self.of)

    def score(self, scope: Scope) -> Step:
        parts = [evaluate(child, scope) for child in self.of]
        points = sum((p.points for p in parts), ZERO)
        return Step(kind=self.kind, points=points, parts=parts,
                    why=[Why(key="sum_of", args={"n": str(len(parts)), "points": str(points)})])

    def expr(self, target: Target) -> pl.Expr:
        return pl.sum_horizontal([compile_node(child, target) for child in self.of])

    def head(self, words: Words) -> str:
        return words.t("the sum of:", "以下各项累计：")

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        return st.lists(nodes, min_size=2, max_size=3).map(lambda of: {"kind": "sum_of", "of": of})
