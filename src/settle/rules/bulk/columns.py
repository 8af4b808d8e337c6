"""The columnar form of facts for the bulk engine, and its checks.

Canonical columns, one per fact (a missing column takes the fact's default):

    integer       Int64
    decimal       Int64 holding the amount in units of 10^-scale (exact money)
    boolean       Boolean
    category      UInt32 code of the value, in facts.yaml order
    date          Date
    by_year       one Int64 column per year, named `<fact>.<year>` (scaled like a decimal)
    periods       List(Struct{from: Int32, to: Int32}) of month indices (year*12 + month-1)
    integer_list  List(Int64)

`to_canonical` converts what readers produce (floats, decimals, strings, JSON text in CSV)
and refuses bad values, naming the field, the rule and the first offending rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from settle.packs.pack import Pack
from settle.packs.schema import FactSpec
from settle.rules.dates import format_month
from settle.rules.facts import FactProblem, InvalidFacts, check_fact, default_value

PERIOD = pl.Struct({"from": pl.Int32, "to": pl.Int32})
YEAR_COLUMN = re.compile(r"^(?P<fact>.+)\.(?P<year>\d{4})$")


def scale_of(spec: FactSpec) -> int:
    return spec.scale if spec.type in ("decimal", "by_year") else 0


def scaled(value: Decimal | int, scale: int) -> int:
    """An exact amount as an integer count of 10^-scale units; refuses anything finer."""
    raw = Decimal(value).scaleb(scale)
    if raw != raw.to_integral_value():
        raise ValueError(f"{value} has more than {scale} decimal place(s)")
    return int(raw)


def year_columns(frame_columns: list[str], fact: str) -> dict[int, str]:
    """The `<fact>.<year>` columns present, by year."""
    found = {}
    for name in frame_columns:
        match = YEAR_COLUMN.match(name)
        if match and match["fact"] == fact:
            found[int(match["year"])] = name
    return found


def _amount_expr(column: str, dtype: pl.DataType, scale: int) -> pl.Expr:
    """A column of amounts as exact integers in units of 10^-scale."""
    col: pl.Expr = pl.col(column)
    factor = 10**scale
    expr: pl.Expr
    if dtype.is_integer():
        expr = col.cast(pl.Int64) * factor
    elif dtype.is_float():
        expr = (col * factor).round(0)
    elif isinstance(dtype, pl.Decimal):
        expr = col * factor
    else:
        expr = col.cast(pl.String).str.strip_chars().cast(pl.Decimal(38, scale)) * factor
    return expr.cast(pl.Int64)


def _bad_rows(mask: pl.Series, field: str, rule: str, message: str,
              problems: list[FactProblem]) -> None:
    """Record a problem naming the first rows where `mask` is true."""
    mask = mask.fill_null(False)
    count = int(mask.sum())
    if count:
        shown = ", ".join(str(i) for i in mask.arg_true().head(5).to_list())
        problems.append(FactProblem(field, f"{count} row(s), first at rows {shown}", rule, message))


def _periods_expr(column: str, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.List(PERIOD):
        return pl.col(column)
    text = pl.col(column).cast(pl.String) if dtype == pl.String else pl.col(column)
    if dtype == pl.String:
        parsed = text.str.json_decode(pl.List(pl.Struct({"from": pl.String, "to": pl.String})))
    else:
        parsed = text.cast(pl.List(pl.Struct({"from": pl.String, "to": pl.String})))
    months = parsed.list.eval(pl.struct(
        (pl.element().struct.field(f).str.slice(0, 4).cast(pl.Int32) * 12
         + pl.element().struct.field(f).str.slice(5, 2).cast(pl.Int32) - 1).alias(f)
        for f in ("from", "to")))
    return months


def reads_column(pack: Pack, name: str, extra: tuple[str, ...] = ("person_id", "id")) -> bool:
    """True for a column the pack's facts use (or one of `extra`), e.g. to read no more of a
    wide file than scoring needs."""
    base = YEAR_COLUMN.match(name)
    return name in extra or (base["fact"] if base else name) in pack.facts


def other_columns(pack: Pack, frame: pl.DataFrame) -> list[str]:
    """Columns that are not facts of the pack (demographics, ids...): the bulk engine
    leaves them out of the scoring."""
    out = []
    for name in frame.columns:
        base = YEAR_COLUMN.match(name)
        if (base["fact"] if base else name) not in pack.facts:
            out.append(name)
    return out


@dataclass(frozen=True)
class _Check:
    """A rule every row must meet: `broken` is true on the rows that break it."""

    field: str
    rule: str
    message: str
    broken: pl.Expr


@dataclass
class _Plan:
    """How to turn a table into canonical columns, in as few passes as possible."""

    columns: list[pl.Expr] = field(default_factory=list)
    eager: list[pl.Series] = field(default_factory=list)
    source_checks: list[_Check] = field(default_factory=list)
    result_checks: list[_Check] = field(default_factory=list)
    problems: list[FactProblem] = field(default_factory=list)


def _run_checks(frame: pl.DataFrame | pl.LazyFrame, checks: list[_Check],
                problems: list[FactProblem]) -> None:
    """One streaming pass counts every rule's broken rows; rows are listed only for broken
    rules."""
    if not checks:
        return
    lazy = frame.lazy()
    counts = lazy.select(c.broken.fill_null(False).sum().alias(str(i))
                         for i, c in enumerate(checks)).collect(engine="streaming")
    for i, check in enumerate(checks):
        if counts[str(i)][0]:
            broken = lazy.select(check.broken).collect().to_series()
            _bad_rows(broken, check.field, check.rule, check.message, problems)


@dataclass(frozen=True)
class CanonicalPlan:
    """A table ready to convert lazily: `source` is the input with the columns that had to
    be built eagerly (constants, periods, lists) attached; `columns` select the canonical
    form from it."""

    source: pl.DataFrame
    columns: list[pl.Expr]

    def lazy(self) -> pl.LazyFrame:
        return self.source.lazy().select(self.columns)


def canonical_plan(pack: Pack, frame: pl.DataFrame, passthrough: tuple[str, ...] = ()) -> CanonicalPlan:
    """Check `frame` against the pack's facts and plan its conversion to canonical columns;
    raises InvalidFacts naming every problem.

    Columns named in `passthrough` (e.g. a submission timestamp used to rank) are carried
    over unchanged; other columns that are not facts are left out. A column named like a
    derived fact is refused: the engine computes those. Checks take two streaming passes:
    one over the input, one over the converted values (bad values convert to placeholders so
    that every problem is found before one is raised)."""
    plan = _Plan()
    for name in frame.columns:
        if name in pack.derived and name not in passthrough:
            plan.problems.append(FactProblem(name, "column", f"{pack.id}/facts.yaml",
                                             "is derived by the engine and cannot be given"))
    for name, spec in pack.facts.items():
        try:
            _plan_fact(frame, name, spec, plan)
        except (pl.exceptions.PolarsError, ValueError) as exc:
            plan.problems.append(FactProblem(name, "column", f"facts.yaml {name}.type",
                                             f"cannot be read as {spec.type}: {exc}"))
    _run_checks(frame, plan.source_checks, plan.problems)
    known = set(pack.facts)
    keys = [pl.col(c) for c in ("person_id", "id", *passthrough) if c in frame.columns and c not in known]
    source = frame.with_columns(plan.eager) if plan.eager else frame
    result = CanonicalPlan(source, [*keys, *plan.columns, *(pl.col(e.name) for e in plan.eager)])
    try:
        _run_checks(result.lazy(), plan.result_checks, plan.problems)
    except pl.exceptions.PolarsError as exc:
        plan.problems.append(FactProblem("table", "column", f"{pack.id}/facts.yaml",
                                         f"cannot be converted: {exc}"))
    if plan.problems:
        raise InvalidFacts(pack.id, plan.problems)
    return result


def to_canonical(pack: Pack, frame: pl.DataFrame, passthrough: tuple[str, ...] = ()) -> pl.DataFrame:
    """The facts of `frame` in canonical form, defaults filled in; raises InvalidFacts."""
    return canonical_plan(pack, frame, passthrough).lazy().collect()


def _range_checks(name: str, column: str, spec: FactSpec, scale: int) -> list[_Check]:
    checks = []
    if spec.min is not None:
        checks.append(_Check(column, f"facts.yaml {name}.min", f"below the minimum {spec.min}",
                             pl.col(column) < scaled(spec.min, scale)))
    if spec.max is not None:
        checks.append(_Check(column, f"facts.yaml {name}.max", f"above the maximum {spec.max}",
                             pl.col(column) > scaled(spec.max, scale)))
    return checks


def _float_check(name: str, column: str, scale: int) -> _Check:
    shifted = pl.col(column) * 10**scale
    return _Check(column, f"facts.yaml {name}.scale", f"more than {scale} decimal place(s)",
                  (shifted - shifted.round(0)).abs() > 1e-6)


def _plan_fact(frame: pl.DataFrame, name: str, spec: FactSpec, plan: _Plan) -> None:
    kind = spec.type
    scale = scale_of(spec)
    schema = frame.schema
    if kind == "by_year":
        for year, column in sorted(year_columns(frame.columns, name).items()):
            alias = f"{name}.{year}"
            plan.columns.append(_amount_expr(column, schema[column], scale).fill_null(0).alias(alias))
            if schema[column].is_float():
                plan.source_checks.append(_float_check(name, column, scale))
            plan.result_checks.extend(_range_checks(name, alias, spec, scale))
        return
    if name not in frame.columns:
        if spec.required:
            plan.problems.append(FactProblem(name, "column missing", f"facts.yaml {name}.required",
                                             "is required"))
            return
        plan.eager.append(_constant(name, spec, default_value(name, spec), frame.height))
        return
    dtype = schema[name]
    if spec.required:
        plan.source_checks.append(_Check(name, f"facts.yaml {name}.required", "is required",
                                         pl.col(name).is_null()))
    if kind in ("integer", "decimal"):
        if kind == "decimal":
            expr = _amount_expr(name, dtype, scale)
        else:
            expr = pl.col(name).round(0).cast(pl.Int64) if dtype.is_float() else pl.col(name).cast(pl.Int64)
        if dtype.is_float():
            plan.source_checks.append(_float_check(name, name, scale))
        if kind == "integer" and dtype == pl.Int64 and not frame[name].null_count():
            expr = pl.col(name)  # already canonical: no copy
        plan.columns.append(expr.fill_null(scaled(default_value(name, spec), scale)).alias(name))
        plan.result_checks.extend(_range_checks(name, name, spec, scale))
    elif kind == "boolean":
        if dtype == pl.Boolean and not frame[name].null_count():
            plan.columns.append(pl.col(name))
        else:
            plan.columns.append(pl.col(name).cast(pl.Boolean).fill_null(default_value(name, spec)))
    elif kind == "category":
        plan.columns.append(_category_expr(frame, name, spec, plan))
    elif kind == "date":
        if dtype == pl.Date:
            plan.columns.append(pl.col(name))
        else:
            parsed = pl.col(name).cast(pl.String).str.to_date("%Y-%m-%d", strict=False)
            plan.source_checks.append(_Check(name, f"facts.yaml {name}.type",
                                             "expected a date written YYYY-MM-DD",
                                             pl.col(name).is_not_null() & parsed.is_null()))
            plan.columns.append(parsed.alias(name))
    elif kind == "periods":
        plan.eager.append(frame.select(_periods_expr(name, dtype).fill_null([]).alias(name)).to_series())
    elif kind == "integer_list":
        expr = pl.col(name).str.json_decode(pl.List(pl.Int64)) if dtype == pl.String else \
            pl.col(name).cast(pl.List(pl.Int64))
        series = frame.select(expr.fill_null([]).alias(name)).to_series()
        if spec.min is not None:
            _bad_rows(series.list.min() < int(spec.min), name, f"facts.yaml {name}.min",
                      f"an entry is below the minimum {spec.min}", plan.problems)
        plan.eager.append(series)
    else:  # pragma: no cover
        raise AssertionError(kind)


def _category_expr(frame: pl.DataFrame, name: str, spec: FactSpec, plan: _Plan) -> pl.Expr:
    """Category values as UInt32 codes in facts.yaml order. Enum columns are remapped code
    to code (no strings are built); text is checked, then looked up."""
    allowed = list(spec.values or {})
    default = default_value(name, spec)
    dtype = frame.schema[name]
    if isinstance(dtype, pl.Enum):
        source = dtype.categories.to_list()
        if all(c in allowed for c in source):
            remap = pl.Series([allowed.index(c) for c in source], dtype=pl.UInt32)
            codes = pl.lit(remap).gather(pl.col(name).to_physical())
            return codes.fill_null(allowed.index(default)).alias(name)
    text = pl.col(name).cast(pl.String).fill_null(default)
    plan.source_checks.append(_Check(name, f"facts.yaml {name}.values",
                                     f"unknown category; allowed: {', '.join(allowed)}",
                                     ~text.is_in(pl.Series(allowed).implode())))
    lookup = {value: code for code, value in enumerate(allowed)}
    return text.replace_strict(lookup, default=0, return_dtype=pl.UInt32).alias(name)


def _constant(name: str, spec: FactSpec, value: Any, height: int) -> pl.Series:
    kind = spec.type
    if kind in ("integer", "decimal"):
        return pl.Series(name, [scaled(value, scale_of(spec))] * height, dtype=pl.Int64)
    if kind == "boolean":
        return pl.Series(name, [bool(value)] * height, dtype=pl.Boolean)
    if kind == "category":
        return pl.Series(name, [list(spec.values or {}).index(value)] * height, dtype=pl.UInt32)
    if kind == "date":
        return pl.Series(name, [value] * height, dtype=pl.Date)
    if kind == "periods":
        return pl.Series(name, [[]] * height, dtype=pl.List(PERIOD))
    if kind == "integer_list":
        return pl.Series(name, [[]] * height, dtype=pl.List(pl.Int64))
    raise AssertionError(kind)


def rows_to_frame(pack: Pack, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Canonical columns from one-person facts documents (each checked as the one-person
    engine checks it), e.g. to score the same people both ways."""
    columns: dict[str, list[Any]] = {}
    years: dict[str, set[int]] = {}
    checked = []
    for row in rows:
        values = {}
        for name, spec in pack.facts.items():
            raw = row.get(name)
            values[name] = default_value(name, spec) if raw is None else check_fact(name, spec, raw)
            if spec.type == "by_year":
                years.setdefault(name, set()).update(values[name])
        checked.append(values)
    for name, spec in pack.facts.items():
        if spec.type == "by_year":
            for year in sorted(years.get(name, ())):
                columns[f"{name}.{year}"] = [Decimal(v[name].get(year, 0)) for v in checked]
        elif spec.type == "periods":
            columns[name] = [[{"from": s, "to": e} for s, e in v[name]] for v in checked]
        else:
            columns[name] = [v[name] for v in checked]
    schema: dict[str, Any] = {}
    for name, spec in pack.facts.items():
        if spec.type == "periods":
            schema[name] = pl.List(PERIOD)
        elif spec.type == "integer_list":
            schema[name] = pl.List(pl.Int64)
        elif spec.type == "date":
            schema[name] = pl.Date
        elif spec.type == "decimal":
            schema[name] = pl.Decimal(38, spec.scale)
    for column in columns:
        match = YEAR_COLUMN.match(column)
        if match and match["fact"] in pack.facts:
            schema[column] = pl.Decimal(38, pack.facts[match["fact"]].scale)
    frame = pl.DataFrame(columns, schema_overrides=schema, strict=False)
    return frame if frame.width else pl.DataFrame({"_": [None] * len(rows)}).drop("_")



def row_to_facts(pack: Pack, row: dict[str, Any]) -> dict[str, Any]:
    """A one-person facts document from one row of a table (as read, not canonical): the
    inverse of `rows_to_frame`, used to explain a row with the one-person engine."""
    facts: dict[str, Any] = {}
    for name, spec in pack.facts.items():
        if spec.type == "by_year":
            years = {}
            for column, value in row.items():
                match = YEAR_COLUMN.match(column)
                if match and match["fact"] == name and value:
                    years[int(match["year"])] = Decimal(repr(value)) if isinstance(value, float) else value
            if years:
                facts[name] = years
            continue
        if name not in row or row[name] is None:
            continue
        value = row[name]
        if spec.type == "periods":
            value = [{"from": format_month(p["from"]),
                      "to": None if p["to"] is None else format_month(p["to"])} for p in value]
        elif isinstance(value, float):
            value = Decimal(repr(value))
        facts[name] = value
    return facts
