"""`flag`: points when a yes/no fact is yes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

import polars as pl

from settle.language.base import Id
from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import ZERO, NodeBase, points_values
from settle.language.parameters import Number
from settle.language.result import Step, Why

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class Flag(NodeBase):
    """Points when a yes/no fact is yes."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "flag_yes": ("{fact}: yes, {points} points", "{fact}：是，得 {points} 分"),
        "flag_no": ("{fact}: no, 0 points", "{fact}：否，得 0 分"),
    }
    fact_types: ClassVar[frozenset[str]] = frozenset({"boolean"})

    kind: Literal["flag"]
    fact: Id
    points: Number

    def score(self, scope: Scope) -> Step:
        value = scope.fact(self.fact)
        points = scope.number(self.points) if value else ZERO
        return Step(kind=self.kind, points=points, inputs={self.fact: value},
                    why=[Why(key="flag_yes" if value else "flag_no",
                             args={"fact": scope.title(self.fact), "points": str(points)})])

    def expr(self, target: Target) -> pl.Expr:
        return pl.when(pl.col(self.fact)).then(target.points(self.points, "flag")).otherwise(0)

    def head(self, words: Words) -> str:
        fact, points = words.fact(self.fact), words.number(self.points)
        return words.t(f"{points} points if {fact}", f"{fact}：{points} 分")

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        return st.builds(lambda f, p: {"kind": "flag", "fact": f, "points": p},
                         fact, points_values())
