"""`bands`: the first band that contains a number gives the points."""

from __future__ import annotations

from decimal import Decimal
from functools import reduce
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import polars as pl
from pydantic import Field, model_validator

from settle.language.base import Id, Strict
from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import NUMERIC, NodeBase, points_values
from settle.language.parameters import Number
from settle.language.result import Step, Why
from settle.language.text import Text

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class Band(Strict):
    """One band: min and max are inclusive, below is an exclusive upper bound."""

    min: Number | None = None
    max: Number | None = None
    below: Number | None = None
    points: Number
    label: Text | None = None

    @model_validator(mode="after")
    def _one_upper(self) -> Band:
        if self.max is not None and self.below is not None:
            raise ValueError("a band has `max` (inclusive) or `below` (exclusive), not both")
        if self.min is None and self.max is None and self.below is None:
            raise ValueError("a band needs at least one bound")
        return self


def _bound(value: Number | None, resolve: Any) -> Decimal | None:
    return None if value is None else resolve(value)


def band_label(low: object, high: object, below: object) -> str:
    """'18–25', '18–<25' or '≥18' from a band's bounds."""
    start = "" if low is None else str(low)
    if high is not None:
        return f"{start}–{high}"
    if below is not None:
        return f"{start}–<{below}"
    return f"≥{start}"


def _band_words(band: Band, words: Words) -> str:
    if band.label is not None:
        return band.label(words.lang)
    return band_label(*(None if x is None else words.number(x)
                        for x in (band.min, band.max, band.below)))


class Bands(NodeBase):
    """Band lookup: the first band that contains the value gives the points."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "band": ("{fact} = {value}, in band {band}: {points} points",
                 "{fact} = {value}，属于 {band} 档：{points} 分"),
        "band_none": ("{fact} = {value} is in no band: {points} points",
                      "{fact} = {value}，不在任何档次：{points} 分"),
    }
    fact_types: ClassVar[frozenset[str]] = NUMERIC

    kind: Literal["bands"]
    fact: Id
    bands: Annotated[list[Band], Field(min_length=1)]
    otherwise: Number = Decimal(0)

    def score(self, scope: Scope) -> Step:
        value = scope.fact(self.fact)
        number = Decimal(value)
        args: dict[str, str | Text] = {"fact": scope.title(self.fact),
                                       "value": scope.shown(self.fact, value)}
        for band in self.bands:
            low, high, below = (_bound(b, scope.number) for b in (band.min, band.max, band.below))
            if ((low is None or number >= low) and (high is None or number <= high)
                    and (below is None or number < below)):
                points = scope.number(band.points)
                shown = band.label if band.label is not None else band_label(low, high, below)
                return Step(kind=self.kind, points=points, inputs={self.fact: value},
                            why=[Why(key="band", args={**args, "band": shown, "points": str(points)})])
        otherwise = scope.number(self.otherwise)
        return Step(kind=self.kind, points=otherwise, inputs={self.fact: value},
                    why=[Why(key="band_none", args={**args, "points": str(otherwise)})])

    def expr(self, target: Target) -> pl.Expr:
        value = pl.col(self.fact)
        chain: Any = pl
        for band in self.bands:
            tests = []
            if band.min is not None:
                tests.append(value >= target.amount(self.fact, band.min, "band min"))
            if band.max is not None:
                tests.append(value <= target.amount(self.fact, band.max, "band max"))
            if band.below is not None:
                tests.append(value < target.amount(self.fact, band.below, "band below"))
            chain = chain.when(reduce(lambda a, b: a & b, tests)).then(
                target.points(band.points, "band"))
        result: pl.Expr = chain.otherwise(target.points(self.otherwise, "otherwise"))
        return result.cast(pl.Int64)

    def head(self, words: Words) -> str:
        bands = "; ".join(f"{_band_words(b, words)} → {words.number(b.points)}" for b in self.bands)
        fact, otherwise = words.fact(self.fact), words.number(self.otherwise)
        return words.t(f"by {fact}: {bands}; otherwise {otherwise}",
                       f"按{fact}：{bands}；其他 {otherwise}")

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st


        @st.composite
        def draw(draw: st.DrawFn) -> dict[str, Any]:
            edges = sorted(draw(st.lists(st.integers(0, 60), min_size=1, max_size=4, unique=True)))
            bands = [{"min": low, "below": high, "points": draw(points_values())}
                     for low, high in zip(edges, [*edges[1:], None], strict=True)]
            bands[-1].pop("below")
            return {"kind": "bands", "fact": draw(fact), "bands": bands,
                    "otherwise": draw(points_values(5))}

        return draw()

