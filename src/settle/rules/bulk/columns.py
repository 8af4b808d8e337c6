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


def other_columns(pack: Pack, frame: pl.DataFrame) -> list[str]:
    """Columns that are not facts of the pack (demographics, ids...): the bulk engine
    leaves them out of the scoring."""
    out = []
    for name in frame.columns:
        base = YEAR_COLUMN.match(name)
        if (base["fact"] if base else name) not in pack.facts:
            out.append(name)
    return out


def to_canonical(pack: Pack, frame: pl.DataFrame, passthrough: tuple[str, ...] = ()) -> pl.DataFrame:
    """The facts of `frame` in canonical form, defaults filled in; raises InvalidFacts.

    Columns named in `passthrough` (e.g. a submission timestamp used to rank) are carried
    over unchanged; other columns that are not facts are left out. A column named like a
    derived fact is refused: the engine computes those."""
    problems: list[FactProblem] = []
    known = set(pack.facts)
    for name in frame.columns:
        if name in pack.derived and name not in passthrough:
            problems.append(FactProblem(name, "column", f"{pack.id}/facts.yaml",
                                        "is derived by the engine and cannot be given"))
    out: list[pl.Series] = []
    for name, spec in pack.facts.items():
        try:
            out.extend(_column(frame, name, spec, problems))
        except (pl.exceptions.PolarsError, ValueError) as exc:
            problems.append(FactProblem(name, "column", f"facts.yaml {name}.type",
                                        f"cannot be read as {spec.type}: {exc}"))
    if problems:
        raise InvalidFacts(pack.id, problems)
    keys = [c for c in ("person_id", "id", *passthrough) if c in frame.columns and c not in known]
    return pl.DataFrame([*(frame[k] for k in keys), *out])


def _column(frame: pl.DataFrame, name: str, spec: FactSpec,
            problems: list[FactProblem]) -> list[pl.Series]:
    height = frame.height
    kind = spec.type
    scale = scale_of(spec)
    if kind == "by_year":
        per_year: list[pl.Series] = []
        for year, column in sorted(year_columns(frame.columns, name).items()):
            values = frame.select(_amount_expr(column, frame.schema[column], scale)
                                  .fill_null(0).alias(f"{name}.{year}")).to_series()
            per_year.append(values)
            if spec.min is not None:
                _bad_rows(values < scaled(spec.min, scale), f"{name}.{year}",
                          f"facts.yaml {name}.min", f"below the minimum {spec.min}", problems)
            if spec.max is not None:
                _bad_rows(values > scaled(spec.max, scale), f"{name}.{year}",
                          f"facts.yaml {name}.max", f"above the maximum {spec.max}", problems)
        return per_year
    if name not in frame.columns:
        if spec.required:
            problems.append(FactProblem(name, "column missing", f"facts.yaml {name}.required",
                                        "is required"))
            return []
        return [_constant(name, spec, default_value(name, spec), height)]
    dtype = frame.schema[name]
    if spec.required:
        _bad_rows(frame[name].is_null(), name, f"facts.yaml {name}.required",
                  "is required", problems)
    if kind in ("integer", "decimal"):
        expr = _amount_expr(name, dtype, scale) if kind == "decimal" else (
            pl.col(name).cast(pl.Int64) if not dtype.is_float() else pl.col(name).round(0).cast(pl.Int64))
        default = scaled(default_value(name, spec), scale)
        if dtype == pl.Int64 and kind == "integer" and not frame[name].null_count():
            series = frame[name]  # already canonical: no copy
        else:
            series = frame.select(expr.fill_null(default).alias(name)).to_series()
        if kind == "decimal" and dtype.is_float():
            shifted = frame[name] * 10**scale
            off = (shifted - shifted.round(0)).abs()
            if (off.max() or 0) > 1e-6:
                _bad_rows(off > 1e-6, name, f"facts.yaml {name}.scale",
                          f"more than {scale} decimal place(s)", problems)
        low, high = series.min(), series.max()
        if spec.min is not None and low is not None and low < scaled(spec.min, scale):  # type: ignore[operator]
            _bad_rows(series < scaled(spec.min, scale), name, f"facts.yaml {name}.min",
                      f"below the minimum {spec.min}", problems)
        if spec.max is not None and high is not None and high > scaled(spec.max, scale):  # type: ignore[operator]
            _bad_rows(series > scaled(spec.max, scale), name, f"facts.yaml {name}.max",
                      f"above the maximum {spec.max}", problems)
        return [series]
    if kind == "boolean":
        return [frame.select(pl.col(name).cast(pl.Boolean).fill_null(default_value(name, spec))).to_series()]
    if kind == "category":
        return _category_codes(frame[name], name, spec, problems)
    if kind == "date":
        expr = pl.col(name) if dtype == pl.Date else pl.col(name).cast(pl.String).str.to_date("%Y-%m-%d")
        return [frame.select(expr.alias(name)).to_series()]
    if kind == "periods":
        return [frame.select(_periods_expr(name, dtype).fill_null([]).alias(name)).to_series()]
    if kind == "integer_list":
        expr = pl.col(name).str.json_decode(pl.List(pl.Int64)) if dtype == pl.String else \
            pl.col(name).cast(pl.List(pl.Int64))
        series = frame.select(expr.fill_null([]).alias(name)).to_series()
        low = spec.min if spec.min is not None else None
        if low is not None:
            mask = series.list.min() < int(low)
            _bad_rows(mask, name, f"facts.yaml {name}.min",
                      f"an entry is below the minimum {low}", problems)
        return [series]
    raise AssertionError(kind)


def _category_codes(column: pl.Series, name: str, spec: FactSpec,
                    problems: list[FactProblem]) -> list[pl.Series]:
    """Category values as UInt32 codes in facts.yaml order. Enum and Categorical columns
    are remapped code to code (no strings are built); text is looked up."""
    allowed = list(spec.values or {})
    default = default_value(name, spec)
    if isinstance(column.dtype, pl.Enum):
        source = column.dtype.categories.to_list()
        unknown_values = [c for c in source if c not in allowed]
        if not unknown_values:
            remap = pl.Series([allowed.index(c) for c in source], dtype=pl.UInt32)
            codes = remap.gather(column.to_physical().fill_null(0))
            codes = codes.set(column.is_null(), allowed.index(default)) if column.null_count() else codes
            return [codes.alias(name)]
    text = column.cast(pl.String).fill_null(default)
    unknown = ~text.is_in(allowed)
    _bad_rows(unknown, name, f"facts.yaml {name}.values",
              f"unknown category; allowed: {', '.join(allowed)}", problems)
    if unknown.any():
        return []
    lookup = {value: code for code, value in enumerate(allowed)}
    return [text.replace_strict(lookup, return_dtype=pl.UInt32).alias(name)]


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
