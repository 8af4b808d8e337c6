"""`best_of`: only the highest of several alternatives counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import polars as pl
from pydantic import Field

from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import NodeBase, compile_node, evaluate
from settle.language.result import Step, Why

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from settle.language.nodes import Node


class BestOf(NodeBase):
    """Only the highest of several alternatives counts (the first of equals is chosen)."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "best_of": ("only the highest of {n} alternatives counts: alternative {chosen}, "
                    "{points} points",
                    "只取最高分、不累计：取第 {chosen} 项（共 {n} 项），{points} 分"),
    }

    kind: Literal["best_of"]
    of: Annotated[list[Node], Field(min_length=2)]

    def children(self) -> list[NodeBase]:
        return list(self.of)

    def score(self, scope: Scope) -> Step:
        parts = [evaluate(child, scope) for child in self.of]
        best = max(range(len(parts)), key=lambda i: parts[i].points)
        return Step(kind=self.kind, points=parts[best].points, parts=parts, chosen=best,
                    why=[Why(key="best_of", args={"n": str(len(parts)), "chosen": str(best + 1),
                                                  "points": str(parts[best].points)})])

    def expr(self, target: Target) -> pl.Expr:
        return pl.max_horizontal([compile_node(child, target) for child in self.of])

    def head(self, words: Words) -> str:
        return words.t("only the highest of:", "只取最高一项：")

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        return st.lists(nodes, min_size=2, max_size=3).map(lambda of: {"kind": "best_of", "of": of})
