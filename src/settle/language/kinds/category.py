"""`category`: each listed value of a category fact gives its points."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import polars as pl

from settle.language.base import Id
from settle.language.context import Checks, Scope, Target, Words
from settle.language.kinds.base import NodeBase, points_values
from settle.language.parameters import Number
from settle.language.result import Step, Why

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class Category(NodeBase):
    """Category lookup: each listed value gives its points; others give `otherwise`."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "category": ("{fact} = {value}: {points} points", "{fact} = {value}：{points} 分"),
        "category_none": ("{fact} = {value} earns no points here", "{fact} = {value}：本项不计分"),
    }
    fact_types: ClassVar[frozenset[str]] = frozenset({"category"})

    kind: Literal["category"]
    fact: Id
    points: dict[str, Number]
    otherwise: Number = Decimal(0)

    def score(self, scope: Scope) -> Step:
        value = scope.fact(self.fact)
        listed = value in self.points
        points = scope.number(self.points[value] if listed else self.otherwise)
        return Step(kind=self.kind, points=points, inputs={self.fact: value},
                    why=[Why(key="category" if listed else "category_none", args={
                        "fact": scope.title(self.fact), "value": scope.shown(self.fact, value),
                        "points": str(points)})])

    def expr(self, target: Target) -> pl.Expr:
        """A lookup by the category's code (the column holds codes in facts.yaml order)."""
        otherwise = target.points(self.otherwise, "otherwise")
        by_code = [target.points(self.points[v], f"category {v}") if v in self.points else otherwise
                   for v in target.codes(self.fact)]
        return pl.lit(pl.Series(by_code, dtype=pl.Int64)).gather(pl.col(self.fact))

    def head(self, words: Words) -> str:
        cats = "; ".join(f"{words.value(self.fact, k)} → {words.number(v)}"
                         for k, v in self.points.items())
        fact, otherwise = words.fact(self.fact), words.number(self.otherwise)
        return words.t(f"by {fact}: {cats}; otherwise {otherwise}", f"按{fact}：{cats}；其他 {otherwise}")

    def check(self, pack: Checks) -> list[str]:
        problems = super().check(pack)
        if problems:
            return problems
        allowed = pack.category_values(self.fact)
        return [f"category {value!r} is not a value of fact {self.fact!r} (allowed: {sorted(allowed)})"
                for value in self.points if value not in allowed]

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        # a random pack's category facts take the values a, b, c, d
        return st.builds(lambda f, pts, o: {"kind": "category", "fact": f, "points": pts, "otherwise": o},
                         fact, st.dictionaries(st.sampled_from("abcd"), points_values(), max_size=4),
                         points_values(3))
