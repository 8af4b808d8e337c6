"""`per_year`: per-unit points counted year by year inside a window, each year capped."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import polars as pl
from pydantic import Field

from settle.language.base import Id
from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import ZERO, NodeBase, points_values
from settle.language.kinds.per_unit import whole_units
from settle.language.parameters import Number, ParamRef
from settle.language.result import Step, Why

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class PerYear(NodeBase):
    """Per-unit points counted year by year inside a window, each year capped.

    The window is the `window_years` calendar years ending with the evaluation year.
    """

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "per_year": ("{fact}, years {first}–{last}: {ppu} points per {unit}",
                     "{fact}，{first}—{last} 年：每 {unit} 计 {ppu} 分"),
        "per_year_line": ("  {year}: {amount} → {points} points", "  {year} 年：{amount} → {points} 分"),
        "per_year_line_capped": ("  {year}: {amount} → {raw}, capped at {cap} a year → {points}",
                                 "  {year} 年：{amount} → {raw}，每年最多 {cap} 分 → {points}"),
        "per_year_outside": ("  years outside the window, not counted: {years}",
                             "  不在计分年限内、不计分的年份：{years}"),
    }
    fact_types: ClassVar[frozenset[str]] = frozenset({"by_year"})

    kind: Literal["per_year"]
    fact: Id
    window_years: ParamRef | Annotated[int, Field(ge=1)]
    unit: Number = Decimal(1)
    points_per_unit: Number
    max_per_year: Number | None = None

    def years(self, last: int, resolve: Any) -> range:
        """The `window_years` calendar years ending with `last`."""
        return range(last - int(resolve(self.window_years)) + 1, last + 1)

    def score(self, scope: Scope) -> Step:
        value: dict[int, Decimal] = scope.fact(self.fact)
        years = self.years(scope.as_of.year, scope.number)
        unit, ppu = scope.number(self.unit), scope.number(self.points_per_unit)
        cap = None if self.max_per_year is None else scope.number(self.max_per_year)
        total = ZERO
        why = [Why(key="per_year", args={
            "fact": scope.title(self.fact), "first": str(years.start), "last": str(years.stop - 1),
            "unit": scope.per(self.fact, unit), "ppu": str(ppu)})]
        for year in years:
            amount = value.get(year, ZERO)
            raw = whole_units(amount, ZERO, unit) * ppu
            got = raw if cap is None else min(raw, cap)
            total += got
            if amount:
                why.append(Why(key="per_year_line" if got == raw else "per_year_line_capped",
                               args={"year": str(year), "amount": str(amount), "raw": str(raw),
                                     "points": str(got), "cap": str(cap)}))
        ignored = sorted(y for y in value if y not in years and value[y])
        if ignored:
            why.append(Why(key="per_year_outside", args={"years": ", ".join(map(str, ignored))}))
        return Step(kind=self.kind, points=total,
                    inputs={self.fact: {str(k): v for k, v in value.items()}}, why=why)

    def expr(self, target: Target) -> pl.Expr:
        unit = target.amount(self.fact, self.unit, "unit")
        ppu = target.points(self.points_per_unit, "points_per_unit")
        cap = None if self.max_per_year is None else target.points(self.max_per_year, "max_per_year")
        available = target.year_columns(self.fact)
        terms: list[pl.Expr] = []
        for year in self.years(target.as_of.year, target.value):
            if year not in available:
                continue
            amount = pl.col(available[year])
            raw = pl.when(amount > 0).then(amount // unit).otherwise(0) * ppu
            terms.append(raw if cap is None else pl.min_horizontal(raw, pl.lit(cap)))
        return pl.sum_horizontal(terms) if terms else pl.lit(0, dtype=pl.Int64)

    def head(self, words: Words) -> str:
        unit = f"{words.number(self.unit)} {words.unit(self.fact)}".strip()
        cap = "" if self.max_per_year is None else words.t(
            f", at most {words.number(self.max_per_year)} a year",
            f"，每年最多 {words.number(self.max_per_year)} 分")
        fact, ppu = words.fact(self.fact), words.number(self.points_per_unit)
        window = words.number(self.window_years) if isinstance(self.window_years, ParamRef) \
            else str(self.window_years)
        return words.t(f"{ppu} per whole {unit} of {fact} in each of the last {window} years{cap}",
                       f"近 {window} 年内{fact}每满 {unit} 计 {ppu} 分{cap}")

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]]:
        from hypothesis import strategies as st

        return st.fixed_dictionaries(
            {"kind": st.just("per_year"), "fact": fact,
             "window_years": st.integers(1, 5), "unit": st.sampled_from(["1", "100"]),
             "points_per_unit": points_values(3)},
            optional={"max_per_year": points_values(10)})
