"""Exact rounding, the same in both engines: Fractions for one person, integers for bulk.

A points value is held by the bulk engine as an integer count of 10^-precision; rounding a
quotient there is integer division rounded the same way the one-person engine rounds a
Fraction, so the two agree on every row, halves included.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Literal

import polars as pl

Rounding = Literal["half_up", "floor", "ceil"]


def scaled(value: Decimal | int, scale: int) -> int:
    """An exact amount as an integer count of 10^-scale units; refuses anything finer."""
    raw = Decimal(value).scaleb(scale)
    if raw != raw.to_integral_value():
        raise ValueError(f"{value} has more than {scale} decimal place(s)")
    return int(raw)


def round_fraction(value: Fraction, places: int, mode: Rounding) -> Decimal:
    """`value` rounded to `places` decimals: half_up (halves away from zero), floor or ceil."""
    units = value * 10**places
    if mode == "floor":
        whole = units.numerator // units.denominator
    elif mode == "ceil":
        whole = -((-units.numerator) // units.denominator)
    else:
        magnitude = abs(units)
        whole = (2 * magnitude.numerator + magnitude.denominator) // (2 * magnitude.denominator)
        whole = whole if units >= 0 else -whole
    return Decimal(whole).scaleb(-places)


def divide_expr(numerator: pl.Expr, denominator: int, mode: Rounding) -> pl.Expr:
    """numerator / denominator on integers (denominator > 0), rounded like round_fraction."""
    if denominator == 1:
        return numerator
    if mode == "floor":
        return numerator // denominator
    if mode == "ceil":
        return -((-numerator) // denominator)
    up = (2 * numerator.abs() + denominator) // (2 * denominator)
    return pl.when(numerator >= 0).then(up).otherwise(-up)


def times_expr(value: pl.Expr, scale: int, precision: int, factor: Fraction,
               mode: Rounding) -> pl.Expr:
    """Points (units of 10^-precision) for an amount column (units of 10^-scale) times
    `factor`, rounded like round_fraction."""
    numerator = factor.numerator * 10 ** max(precision - scale, 0)
    denominator = factor.denominator * 10 ** max(scale - precision, 0)
    return divide_expr(value * numerator, denominator, mode)
