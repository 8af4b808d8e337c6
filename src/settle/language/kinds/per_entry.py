"""`per_entry`: points for each entry of a list, optionally shared by the entry's value."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import polars as pl

from settle.language.base import Id
from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import ZERO, NodeBase, points_values
from settle.language.parameters import Number
from settle.language.result import Step, Why

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


def share(points: Decimal, divisor: int, precision: int) -> Decimal:
    """points / divisor, rounded half-up to the pack's precision."""
    return (points / divisor).quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


class PerEntry(NodeBase):
    """Points for each entry of a list; with divide_by_entry, the points are shared by the
    entry's value (e.g. a patent's points divided by its number of inventors)."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "per_entry": ("{fact}: {count} × {each} = {points} points",
                      "{fact}：{count} × {each} = {points} 分"),
        "per_entry_shared": ("{fact}: {count} entries, {each} shared per entry: {shares} "
                             "= {points} points",
                             "{fact}：共 {count} 项，每项 {each} 分按人数分摊：{shares} = {points} 分"),
    }
    fact_types: ClassVar[frozenset[str]] = frozenset({"integer_list"})

    kind: Literal["per_entry"]
    fact: Id
    points: Number
    divide_by_entry: bool = False

    def score(self, scope: Scope) -> Step:
        value: list[int] = scope.fact(self.fact)
        each = scope.number(self.points)
        shares = [share(each, n, scope.precision) if self.divide_by_entry else each for n in value]
        points = sum(shares, ZERO)
        key = "per_entry_shared" if self.divide_by_entry else "per_entry"
        return Step(kind=self.kind, points=points, inputs={self.fact: value}, why=[Why(key=key, args={
            "fact": scope.title(self.fact), "count": str(len(value)), "each": str(each),
            "shares": " + ".join(str(s) for s in shares) or "0", "points": str(points)})])

    def expr(self, target: Target) -> pl.Expr:
        points = target.points(self.points, "points")
        if self.divide_by_entry:
            # points / n rounded half-up, on integers: (2 * points + n) // (2 * n)
            each = (2 * points + pl.element()) // (2 * pl.element())
            return pl.col(self.fact).list.eval(each).list.sum().fill_null(0).cast(pl.Int64)
        return pl.col(self.fact).list.len().cast(pl.Int64) * points

    def head(self, words: Words) -> str:
        shared = words.t(", divided by the entry's number", "，按人数分摊") if self.divide_by_entry else ""
        fact, points = words.fact(self.fact), words.number(self.points)
        return words.t(f"{points} per entry of {fact}{shared}", f"{fact}每项 {points} 分{shared}")

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        return st.builds(lambda f, p, d: {"kind": "per_entry", "fact": f, "points": p,
                                          "divide_by_entry": d},
                         fact, points_values(10), st.booleans())
