"""One fact's column through its type, as the bulk engine converts it: for the fact type tests."""

from __future__ import annotations

from typing import Any

import polars as pl

from settle.language.facts import FACT_TYPES, FactProblem, FactSpec
from settle.language.facts.columns import rows_broken
from settle.language.text import Text

NAME = "x"


def spec(type_: str, **keys: Any) -> FactSpec:
    """A fact of type `type_` called x, with the keys given."""
    return FactSpec.model_validate({"type": type_, "title": Text(en="x", zh="x"), **keys})


def canonical(fact: FactSpec, column: pl.Series) -> tuple[pl.DataFrame, list[FactProblem]]:
    """The canonical column(s) of fact x read from `column`, and the problems found."""
    frame = column.alias(NAME).to_frame() if column.name in ("", NAME) else column.to_frame()
    return canonical_frame(fact, frame)


def canonical_frame(fact: FactSpec, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[FactProblem]]:
    kind = FACT_TYPES[fact.type]
    conversion = kind.convert(NAME, fact, frame)
    problems = [*conversion.problems, *rows_broken(frame, conversion.checks)]
    source = frame.with_columns(conversion.eager) if conversion.eager else frame
    out = source.select([*conversion.columns, *(pl.col(e.name) for e in conversion.eager)])
    return out, problems


def values(fact: FactSpec, column: pl.Series) -> list[Any]:
    """The canonical values of fact x read from `column`; fails on any problem."""
    out, problems = canonical(fact, column)
    assert not problems, [str(p) for p in problems]
    return out[NAME].to_list()


def problem_lines(fact: FactSpec, column: pl.Series) -> list[str]:
    return [str(p) for p in canonical(fact, column)[1]]
