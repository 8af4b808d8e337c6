"""The check that the bulk engine agrees with the one-person engine, item by item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import polars as pl

from settle.packs import Pack
from settle.rules.engine import evaluate


def assert_agree(pack: Pack, rows: list[dict[str, Any]], scored: pl.DataFrame, on: dt.date | None = None,
                 options: tuple[str, ...] = ()) -> None:
    """Each row of `scored` (a bulk result) has the points, subtotals, total and conditions the
    one-person engine gives the facts document of the same row."""
    quantum = Decimal(1).scaleb(-pack.meta.points_precision)
    for n, (facts, got) in enumerate(zip(rows, scored.to_dicts(), strict=True)):
        one = evaluate(pack, facts, as_of=on, options=options)
        where = f"row {n} facts={facts}"
        for item in one.items:
            assert Decimal(got[f"item.{item.id}"]) * quantum == item.points, f"{item.id}: {where}"
        for group, subtotal in one.subtotals.items():
            assert Decimal(got[f"subtotal.{group}"]) * quantum == subtotal, where
        assert Decimal(got["total"]) * quantum == one.total, where
        for rule in one.eligibility:
            assert got[f"cond.{rule.id}"] == rule.met, f"{rule.id}: {where}"
        assert got["eligible"] == one.eligible, where
        for name, value in one.derived.items():
            assert got[name] == value, f"{name}: {where}"
