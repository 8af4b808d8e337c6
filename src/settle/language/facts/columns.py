"""A fact's column of a table, as the bulk engine needs it: canonical values and the rules each
row must meet.

A fact type converts the column(s) it finds into canonical columns (see `FactKind.convert`).
Two ways:

- natively, with Polars expressions and `Check`s (a typed column: integers, dates, lists of
  periods as month numbers). Checks are counted in one pass; the rows of a broken one are
  listed after.
- value by value (`by_value`): each distinct value goes through the fact type's own check
  of one person's value, so text read from CSV, or a nested value read from JSON, means the
  same as in a facts document and is refused with the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from settle.language.facts.problems import ROWS_SHOWN, BadFact, FactProblem, problem_of
from settle.language.text import Text

PERIOD = pl.Struct({"from": pl.Int32, "to": pl.Int32})


@dataclass(frozen=True)
class Check:
    """A rule every row must meet: `broken` is true on the rows that break it, `raw` is what
    the row gave (shown in the problem); `words` may depend on the first value that breaks it."""

    field: str
    rule: str
    words: Text | Callable[[Any], Text]
    broken: pl.Expr
    raw: pl.Expr

    def problem(self, value: Any, rows: tuple[int, ...], count: int) -> FactProblem:
        words = self.words if isinstance(self.words, Text) else self.words(value)
        return FactProblem(self.field, value, self.rule, words.en, words, rows, count)


@dataclass
class Conversion:
    """A fact's canonical column(s): `columns` are expressions over the input (with `eager`
    attached), `eager` columns are built at once (they replace the input column of the same
    name), `checks` are counted over the input, `problems` were found while building."""

    columns: list[pl.Expr] = field(default_factory=list)
    eager: list[pl.Series] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    problems: list[FactProblem] = field(default_factory=list)


@dataclass
class _Found:
    """The rows breaking one rule, and the first value that broke it."""

    bad: BadFact
    value: Any
    rows: list[int] = field(default_factory=list)
    count: int = 0


def _key(value: Any) -> Any:
    """A dictionary key standing for `value` (lists and mappings by their repr)."""
    return repr(value) if isinstance(value, (list, dict)) else (type(value), value)


def checked_values(field_name: str, values: list[Any], convert: Callable[[Any], Any],
                   ) -> tuple[list[Any], list[FactProblem]]:
    """`convert` (a fact type's check, then its canonical cell) applied to each distinct
    value; missing values stay missing. Each value it refuses becomes a problem naming the
    value and its first rows (see `_grouped`)."""
    seen: dict[Any, tuple[Any, BadFact | None]] = {}
    found: dict[Any, _Found] = {}
    cells: list[Any] = []
    for row, raw in enumerate(values):
        if raw is None:
            cells.append(None)
            continue
        key = _key(raw)
        hit = seen.get(key)
        if hit is None:
            try:
                hit = (convert(raw), None)
            except BadFact as refused:
                hit = (None, refused)
            seen[key] = hit
        cell, problem = hit
        if problem is not None:
            at = found.setdefault(key, _Found(problem, raw))
            at.count += 1
            if len(at.rows) < ROWS_SHOWN:
                at.rows.append(row)
        cells.append(cell)
    return cells, _grouped(field_name, list(found.values()))


def _grouped(field_name: str, found: list[_Found]) -> list[FactProblem]:
    """One problem per bad value, at most ROWS_SHOWN per rule; the rows of further values
    are counted in the last problem of their rule."""
    by_rule: dict[str, list[_Found]] = {}
    for f in found:
        by_rule.setdefault(f.bad.rule, []).append(f)
    problems = []
    for group in by_rule.values():
        shown, rest = group[:ROWS_SHOWN], group[ROWS_SHOWN:]
        for i, f in enumerate(shown):
            more = sum(r.count for r in rest) if i == len(shown) - 1 else 0
            problems.append(problem_of(field_name, f.value, f.bad, tuple(f.rows), f.count + more))
    return problems


def by_value(field_name: str, series: pl.Series, convert: Callable[[Any], Any],
             dtype: pl.DataType) -> tuple[pl.Series, list[FactProblem]]:
    """The column of `checked_values` of `series`, as a column of `dtype`. A column of
    scalars (text, numbers) is converted once per distinct value and mapped back by Polars."""
    if series.dtype.is_nested() or series.dtype == pl.Object:
        cells, problems = checked_values(field_name, series.to_list(), convert)
        return pl.Series(field_name, cells, dtype=dtype), problems
    distinct = series.drop_nulls().unique(maintain_order=True)
    found: list[_Found] = []
    cells = []
    for raw in distinct.to_list():
        try:
            cells.append(convert(raw))
        except BadFact as refused:
            cells.append(None)
            found.append(_Found(refused, raw))
    index = series.replace_strict(distinct, pl.int_range(distinct.len(), eager=True, dtype=pl.UInt32),
                                  default=None, return_dtype=pl.UInt32)
    out = pl.Series(field_name, cells, dtype=dtype).gather(index).alias(field_name)
    if found:
        bad = pl.Series([f.value for f in found], dtype=series.dtype)
        rows = (pl.DataFrame({"raw": series}).with_row_index("row").filter(pl.col("raw").is_in(bad.implode()))
                .group_by("raw", maintain_order=True).agg(pl.col("row").head(ROWS_SHOWN), pl.len()))
        at = {_key(r["raw"]): r for r in rows.iter_rows(named=True)}
        for f in found:
            f.rows, f.count = list(at[_key(f.value)]["row"]), int(at[_key(f.value)]["len"])
    return out, _grouped(field_name, found)


def words_of(recheck: Callable[[Any], Any], fallback: Text | Callable[[Any], Text],
             ) -> Callable[[Any], Text]:
    """The words of a native check: what the one-person check (`recheck`) says of the first
    value that breaks it, so that a table and a facts document are refused alike."""
    def words(value: Any) -> Text:
        try:
            recheck(value)
        except BadFact as bad:
            return bad.words
        return fallback if isinstance(fallback, Text) else fallback(value)

    return words


def rows_broken(frame: pl.DataFrame | pl.LazyFrame, checks: list[Check]) -> list[FactProblem]:
    """One streaming pass counts every rule's broken rows; for a broken rule, a second look
    finds the first rows: one problem per value among them, the rows beyond counted in the
    last."""
    if not checks:
        return []
    lazy = frame.lazy()
    counts = lazy.select(c.broken.fill_null(False).sum().alias(str(i))
                         for i, c in enumerate(checks)).collect(engine="streaming")
    problems = []
    for i, check in enumerate(checks):
        count = int(counts[str(i)][0])
        if not count:
            continue
        broken = lazy.select(check.broken.fill_null(False).alias("broken"), check.raw.alias("raw")
                             ).with_row_index("row").filter(pl.col("broken")).head(ROWS_SHOWN).collect()
        by_value: dict[Any, tuple[Any, list[int]]] = {}
        for row, raw in zip(broken["row"].to_list(), broken["raw"].to_list(), strict=True):
            by_value.setdefault(_key(raw), (raw, []))[1].append(int(row))
        groups = list(by_value.values())
        for j, (raw, rows) in enumerate(groups):
            more = count - len(broken) if j == len(groups) - 1 else 0
            problems.append(check.problem(raw, tuple(rows), len(rows) + more))
    return problems
