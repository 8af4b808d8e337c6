"""The columnar form of facts for the bulk engine, and its checks.

Canonical columns, one per fact (a missing column takes the fact's default); each fact type
says its own (`FactKind.dtype`, settle.language.facts.types):

    integer       Int64
    decimal       Int64 holding the amount in units of 10^-scale (exact money)
    boolean       Boolean
    category      UInt32 code of the value, in facts.yaml order
    date          Date
    by_year       one Int64 column per year, named `<fact>.<year>` (scaled like a decimal)
    periods       List(Struct{from: Int32, to: Int32}) of month indices (year*12 + month-1)
    integer_list  List(Int64)

`canonical_plan` converts what readers produce, through each fact's type: typed columns
natively, text (CSV) and nested values (JSON) value by value with the check one person's
value goes through, so that a table means what the same facts documents mean, and is
refused in the same words, naming the field, the first bad value, the rows and the rule.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from typing import Any

import polars as pl

from settle.language.facts import FACT_TYPES, FactProblem, FactSpec, InvalidFacts
from settle.language.facts.columns import PERIOD, Check, checked_values, rows_broken
from settle.language.facts.types.by_year import YEAR_COLUMN, year_columns
from settle.language.facts.words import fact_words
from settle.language.rounding import scaled
from settle.packs.pack import Pack

__all__ = ["BROKEN", "PERIOD", "YEAR_COLUMN", "CanonicalPlan", "canonical_plan", "other_columns",
           "reads_column", "row_to_facts", "rows_to_frame", "scale_of", "scaled", "to_canonical",
           "year_columns"]

KEYS = ("person_id", "id")


def scale_of(spec: FactSpec) -> int:
    """The decimal places of a fact's amounts (0 for a type that takes no `scale`)."""
    return spec.scale if FACT_TYPES[spec.type].takes_scale else 0


def _fact_of(column: str) -> str:
    base = YEAR_COLUMN.match(column)
    return base["fact"] if base else column


def reads_column(pack: Pack, name: str, extra: tuple[str, ...] = KEYS) -> bool:
    """True for a column the pack's facts use (or one of `extra`), e.g. to read no more of a
    wide file than scoring needs."""
    return name in extra or _fact_of(name) in pack.facts


def other_columns(pack: Pack, frame: pl.DataFrame) -> list[str]:
    """Columns that are not facts of the pack (demographics, ids...): the bulk engine
    leaves them out of the scoring."""
    return [name for name in frame.columns if _fact_of(name) not in pack.facts]


BROKEN = "_broken"  # the column of a deferred plan's rows that break a check


@dataclass(frozen=True)
class CanonicalPlan:
    """A table ready to convert lazily: `source` is the input with the columns that had to
    be built at once (constants, text and nested values) attached; `columns` select the
    canonical form from it.

    A plan made with `defer=True` may hold `checks` not yet counted: `lazy` then adds the
    column BROKEN, true on a row that breaks one, so that they are evaluated in the pass that
    converts (and scores) the rows; the caller must look at it and, where it is true, raise
    `problems()`."""

    source: pl.DataFrame
    columns: list[pl.Expr]
    checks: tuple[Check, ...] = ()
    frame: pl.DataFrame | None = None  # the input the deferred checks read

    def lazy(self) -> pl.LazyFrame:
        if not self.checks:
            return self.source.lazy().select(self.columns)
        broken = pl.any_horizontal([c.broken.fill_null(False) for c in self.checks]).alias(BROKEN)
        return self.source.lazy().select(*self.columns, broken)

    def problems(self) -> list[FactProblem]:
        """The rows breaking the deferred checks, named (a second look at the input)."""
        return rows_broken(self.frame, list(self.checks)) if self.checks and self.frame is not None else []


def _problem(field: str, value: Any, rule: str, key: str, **values: Any) -> FactProblem:
    words = fact_words(key, **values)
    return FactProblem(field, value, rule, words.en, words)


def canonical_plan(pack: Pack, frame: pl.DataFrame, passthrough: tuple[str, ...] = (),
                   defer: bool = False) -> CanonicalPlan:
    """Check `frame` against the pack's facts and plan its conversion to canonical columns;
    raises InvalidFacts naming every problem.

    Columns named in `passthrough` (e.g. a submission timestamp used to rank) are carried
    over unchanged; other columns that are not facts are left out. A column named like a
    derived fact is refused: the engine computes those. The checks of typed columns take
    one streaming pass over the input (none for a numeric column whose least and greatest
    values are valid); text and nested values are checked as they are read (each distinct
    value once). With `defer`, the checks of typed columns are left in the plan, to be
    evaluated in the pass that converts the rows (see CanonicalPlan)."""
    problems = [_problem(name, "column", f"{pack.id}/facts.yaml", "fact_derived_column")
                for name in frame.columns if name in pack.derived and name not in passthrough]
    columns: list[pl.Expr] = []
    eager: list[pl.Series] = []
    checks: list[Check] = []
    for name, spec in pack.facts.items():
        kind = FACT_TYPES[spec.type]
        if not kind.columns_of(name, frame.columns):
            if spec.required:
                problems.append(_problem(name, "column missing", f"facts.yaml {name}.required",
                                         "fact_required"))
            else:
                eager.extend(kind.constant(name, spec, kind.default(name, spec), frame.height))
            continue
        if spec.required and name in frame.columns and frame[name].null_count():
            checks.append(Check(name, f"facts.yaml {name}.required", fact_words("fact_required"),
                                pl.col(name).is_null(), pl.col(name)))
        try:
            conversion = kind.convert(name, spec, frame)
        except (pl.exceptions.PolarsError, ValueError) as exc:
            problems.append(_problem(name, "column", f"facts.yaml {name}.type", "fact_column_unreadable",
                                     type=spec.type, problem=exc))
            continue
        columns.extend(conversion.columns)
        eager.extend(conversion.eager)
        checks.extend(conversion.checks)
        problems.extend(conversion.problems)
    # a check waits for the scoring pass unless a column it reads was rebuilt here or feeds a
    # derived fact computed at once (which must not read a value not yet checked)
    early = {e.name for e in eager} | {f for spec in pack.derived.values() for f in spec.reads()}
    later = [defer and not problems and not any(_fact_of(r) in early or r in early
                                                for r in c.broken.meta.root_names())
             for c in checks]
    deferred = [c for c, wait in zip(checks, later, strict=True) if wait]
    try:
        problems.extend(rows_broken(frame, [c for c, wait in zip(checks, later, strict=True) if not wait]))
    except pl.exceptions.PolarsError as exc:
        problems.append(_problem("table", "column", f"{pack.id}/facts.yaml", "fact_column_unreadable",
                                 type="facts", problem=exc))
    if problems:
        raise InvalidFacts(pack.id, problems)
    known = set(pack.facts)
    keys = [pl.col(c) for c in (*KEYS, *passthrough) if c in frame.columns and c not in known]
    source = frame.with_columns(eager) if eager else frame
    return CanonicalPlan(source, [*keys, *columns, *(pl.col(e.name) for e in eager)],
                         tuple(deferred), frame if deferred else None)


def to_canonical(pack: Pack, frame: pl.DataFrame, passthrough: tuple[str, ...] = ()) -> pl.DataFrame:
    """The facts of `frame` in canonical form, defaults filled in; raises InvalidFacts."""
    return canonical_plan(pack, frame, passthrough).lazy().collect()


def _other_cell(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value, default=str, ensure_ascii=False)


def rows_to_frame(pack: Pack, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A typed table (what Parquet holds) from one-person facts documents, each value checked
    as the one-person engine checks it; a value missing or null takes the fact's default.
    This is how JSON and NDJSON are read, and how the same people are scored both ways.
    Keys that are not facts are kept as text columns (ids first), for the engine to carry or
    leave out. Raises InvalidFacts naming each problem with its rows (counted from 0)."""
    problems: list[FactProblem] = []
    columns: list[pl.Series] = []
    for name, spec in pack.facts.items():
        kind = FACT_TYPES[spec.type]
        values = [row.get(name) for row in rows]
        if spec.required:
            missing = [i for i, v in enumerate(values) if v is None]
            if missing:
                words = fact_words("fact_required")
                problems.append(FactProblem(name, None, f"facts.yaml {name}.required", words.en, words,
                                            tuple(missing[:5]), len(missing)))
        checked, found = checked_values(name, values, partial(kind.check, name, spec))
        problems.extend(found)
        default = kind.default(name, spec)
        columns.extend(kind.table_columns(name, spec, [default if v is None else v for v in checked]))
    others = dict.fromkeys(key for row in rows for key in row if key not in pack.facts)
    for key in sorted(others, key=lambda k: (k not in KEYS, list(others).index(k))):
        columns.append(pl.Series(key, [_other_cell(row.get(key)) for row in rows], dtype=pl.String))
    if problems:
        raise InvalidFacts(pack.id, problems)
    if not columns:
        return pl.DataFrame({"_": [None] * len(rows)}).drop("_")
    return pl.DataFrame(columns)


def row_to_facts(pack: Pack, row: dict[str, Any]) -> dict[str, Any]:
    """A one-person facts document from one row of a typed table (as read, not canonical):
    the inverse of `rows_to_frame`, used to explain a row with the one-person engine."""
    facts: dict[str, Any] = {}
    for name, spec in pack.facts.items():
        value = FACT_TYPES[spec.type].document_value(name, spec, row)
        if value is not None:
            facts[name] = value
    return facts
