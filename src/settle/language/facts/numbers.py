"""Numbers, shared by the numeric fact types: the check of one value, and the same checks on a
typed column (integers, floats, exact decimals) as exact integers in units of 10^-places.

A float is read as the shortest decimal that gives it back (`repr`): 301.38 is 301.38.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import polars as pl

from settle.language.facts.columns import Check, Conversion, words_of
from settle.language.facts.problems import BadFact
from settle.language.facts.spec import FactSpec
from settle.language.facts.words import fact_words
from settle.language.rounding import scaled
from settle.language.text import Text, unit_text

__all__ = ["LARGEST", "amount_column", "bounds", "not_whole", "number", "scaled"]

LARGEST = Decimal(10) ** 15  # beyond any real amount; keeps exact integer arithmetic in range
EXACT_FLOAT = 2.0**50  # floats below this times 10^places convert to units exactly by arithmetic
SPAN = Decimal(1_000_000)  # the widest range test strategies draw from


def bounds(spec: FactSpec) -> tuple[Decimal, Decimal]:
    """The range valid values are drawn from in tests: the fact's, at most SPAN wide."""
    low = spec.min if spec.min is not None else Decimal(0)
    high = spec.max if spec.max is not None else SPAN
    return low, min(high, low + SPAN)


def not_whole(value: Any, spec: FactSpec) -> Text:
    """'5.9 is not a whole number of years': the value as written, in the fact's unit."""
    shown = str(Decimal(repr(value)) if isinstance(value, float) else value).strip()
    if spec.unit:
        return fact_words("fact_not_whole_of", value=shown, unit=unit_text(spec.unit))
    return fact_words("fact_not_whole", value=shown)


def number(raw: Any, spec: FactSpec, name: str, places: int) -> Decimal:
    """The exact value of a number given as a number or as text, with at most `places`
    decimal places, within the fact's range; raises BadFact."""
    rule = f"facts.yaml {name}.type"
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str, float)):
        raise BadFact(fact_words("fact_not_a_number_type", got=type(raw).__name__), rule)
    try:
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    except InvalidOperation:
        raise BadFact(fact_words("fact_not_a_number"), rule) from None
    if not value.is_finite():
        raise BadFact(fact_words("fact_not_finite"), rule)
    if abs(value) >= LARGEST:
        raise BadFact(fact_words("fact_too_large"), rule)
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        words = not_whole(raw, spec) if places == 0 else fact_words("fact_too_many_places", places=places)
        raise BadFact(words, f"facts.yaml {name}.scale")
    if spec.min is not None and value < spec.min:
        raise BadFact(fact_words("fact_below_minimum", min=spec.min), f"facts.yaml {name}.min")
    if spec.max is not None and value > spec.max:
        raise BadFact(fact_words("fact_above_maximum", max=spec.max), f"facts.yaml {name}.max")
    return value


def amount_column(name: str, series: pl.Series, spec: FactSpec, places: int, default: int,
                  recheck: Callable[[Any], Any]) -> Conversion | None:
    """A numeric column as exact integers in units of 10^-places, with the checks of `number`
    (None for a column that is not numeric: it is read value by value). A refused value is
    put in words by `recheck`, the one-person check of the value.

    A column that breaks none of the checks is told from its statistics alone (the least and
    the greatest value of an integer column; one pass of arithmetic over a float column, whose
    units are kept): it comes with no checks to count. Only a column that breaks one is given
    the row-by-row checks, which find the rows and the values to name."""
    clean = _clean_amounts(series, spec, places, default)
    if clean is not None:
        return clean
    conversion = _amount_column(name, series, spec, places, default)
    if conversion is not None:
        conversion.checks = [replace(c, words=words_of(recheck, c.words)) for c in conversion.checks]
    return conversion


def _float_units(col: pl.Expr, places: int) -> tuple[pl.Expr, pl.Expr]:
    """Whether each float is finer than `places` decimal places as written (the shortest
    decimal that gives it back, as `repr` writes it), and its value in units of 10^-places.

    A float with at most `places` places is the float nearest to k / 10^places for the
    integer k = round(x * 10^places): true division gives it back exactly. (Polars divides by
    a constant as a multiplication by its inverse, which can be a bit off, hence numpy.) Exact
    for |x| * 10^places below EXACT_FLOAT."""
    factor = 10**places
    units = (col * factor).round(0)
    back = units.map_batches(lambda s: pl.Series(s.to_numpy() / factor), return_dtype=pl.Float64,
                             is_elementwise=True)
    return back != col, units.cast(pl.Int64, strict=False)


def _float_units_from_text(col: pl.Expr, places: int) -> tuple[pl.Expr, pl.Expr]:
    """The same as `_float_units`, read from the shortest decimal text of each float (slower,
    exact at any size): for a column holding amounts too large for `_float_units`."""
    parts = col.cast(pl.String).str.extract_groups(r"^(-?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$")
    fraction = parts.struct.field("3").fill_null("").str.strip_chars_end("0")
    exponent = parts.struct.field("4").cast(pl.Int64, strict=False)
    given = (fraction.str.len_chars().cast(pl.Int64) - exponent.fill_null(0)).clip(lower_bound=0)
    units = parts.struct.field("2").cast(pl.Int64, strict=False) * 10**places
    if places:
        units = units + fraction.str.pad_end(places, "0").str.slice(0, places).cast(pl.Int64, strict=False)
    units = pl.when(parts.struct.field("1") == "-").then(-units).otherwise(units)
    scientific = (col * 10**places).round(0).cast(pl.Int64, strict=False)  # tiny values only
    return given > places, pl.when(exponent.is_null()).then(units).otherwise(scientific)


def _unit_bounds(spec: FactSpec, places: int) -> tuple[int | None, int | None]:
    """The least and the greatest valid amount in units of 10^-places (None: unbounded)."""
    low = None if spec.min is None else math.ceil(spec.min.scaleb(places))
    high = None if spec.max is None else math.floor(spec.max.scaleb(places))
    return low, high


def _within(low: int | None, high: int | None, least: Any, greatest: Any) -> bool:
    return (low is None or least >= low) and (high is None or greatest <= high)


def _clean_amounts(series: pl.Series, spec: FactSpec, places: int, default: int) -> Conversion | None:
    """The conversion of an integer or float column that breaks none of `_amount_column`'s
    checks, decided without them; None when it may break one (or is of another type)."""
    dtype, factor = series.dtype, 10**places
    low, high = _unit_bounds(spec, places)
    col = pl.col(series.name)
    if dtype.is_integer():
        least, greatest = series.min(), series.max()
        if least is not None:  # a column of missing cells takes the default, never checked
            assert isinstance(least, int) and isinstance(greatest, int)
            if max(-least, greatest) >= LARGEST or not _within(low, high, least * factor,
                                                               greatest * factor):
                return None
        expr = col.cast(pl.Int64) * factor if factor != 1 else col.cast(pl.Int64)
        return Conversion(columns=[expr.fill_null(default).alias(series.name)])
    if dtype != pl.Float64:  # Float32 is multiplied and compared in 32 bits: row by row
        return None
    given = series.drop_nulls().to_numpy()  # the cells given (all of them, without a copy, mostly)
    largest = min(EXACT_FLOAT / factor, float(LARGEST))
    with np.errstate(invalid="ignore"):
        if not np.all(np.abs(given) < largest):  # a NaN fails this too
            return None  # too large, read from its text, or refused; a NaN or inf is refused
    units = np.rint(given * factor)
    if np.any(units / factor != given):  # finer than `places` as written
        return None
    cells = units.astype(np.int64)
    if cells.size and not _within(low, high, int(cells.min()), int(cells.max())):
        return None
    if series.null_count():  # a missing cell takes the default
        every = np.full(series.len(), default, dtype=np.int64)
        every[series.is_not_null().to_numpy()] = cells
        cells = every
    return Conversion(eager=[pl.Series(series.name, cells, dtype=pl.Int64)])


def _amount_column(name: str, series: pl.Series, spec: FactSpec, places: int,
                   default: int) -> Conversion | None:
    column, dtype = series.name, series.dtype
    col = pl.col(column)
    factor = 10**places
    checks: list[Check] = []
    rule = f"facts.yaml {name}"
    if dtype.is_integer():
        expr = col.cast(pl.Int64) * factor if factor != 1 else col.cast(pl.Int64)
        large = col.cast(pl.Float64).abs() >= float(LARGEST)
    elif dtype.is_float():
        checks.append(Check(column, f"{rule}.type", fact_words("fact_not_finite"), ~col.is_finite(), col))
        large = col.abs() >= float(LARGEST)
        if bool((series.abs() >= EXACT_FLOAT / 10**places).any()):
            finer, units = _float_units_from_text(col, places)
        else:
            finer, units = _float_units(col, places)
        words = ((lambda v: not_whole(v, spec)) if places == 0
                 else fact_words("fact_too_many_places", places=places))
        checks.append(Check(column, f"{rule}.scale", words, col.is_finite() & ~large & finer, col))
        expr = pl.when(col.is_finite() & ~large).then(units)
    elif isinstance(dtype, pl.Decimal):
        shifted = col.cast(pl.Decimal(38, max(places, dtype.scale or 0))) * factor
        large = col.abs() >= LARGEST
        whole = shifted.cast(pl.Int64, strict=False)
        finer = ~large & (whole.cast(pl.Decimal(38, max(places, dtype.scale or 0))) != shifted)
        words = ((lambda v: not_whole(v, spec)) if places == 0
                 else fact_words("fact_too_many_places", places=places))
        checks.append(Check(column, f"{rule}.scale", words, finer, col))
        expr = pl.when(~large).then(whole)
    else:
        return None
    checks.append(Check(column, f"{rule}.type", fact_words("fact_too_large"), large, col))
    expr = expr.fill_null(default)
    if spec.min is not None:
        checks.append(Check(column, f"{rule}.min", fact_words("fact_below_minimum", min=spec.min),
                            col.is_not_null() & (expr < math.ceil(spec.min.scaleb(places))), col))
    if spec.max is not None:
        checks.append(Check(column, f"{rule}.max", fact_words("fact_above_maximum", max=spec.max),
                            col.is_not_null() & (expr > math.floor(spec.max.scaleb(places))), col))
    return Conversion(columns=[expr.alias(column)], checks=checks)
