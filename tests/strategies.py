"""Hypothesis strategies that generate valid facts for any pack, from its facts.yaml."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from settle.packs import Pack
from settle.packs.schema import FactSpec
from settle.rules.dates import format_month, month_index

BIG = Decimal(1_000_000)


def _bounds(spec: FactSpec) -> tuple[Decimal, Decimal]:
    low = spec.min if spec.min is not None else Decimal(0)
    high = spec.max if spec.max is not None else BIG
    return low, min(high, low + BIG)


def _amount(spec: FactSpec) -> st.SearchStrategy[Decimal]:
    low, high = _bounds(spec)
    return st.decimals(min_value=low, max_value=high, places=spec.scale,
                       allow_nan=False, allow_infinity=False)


def _periods(on: dt.date) -> st.SearchStrategy[list[dict[str, str | None]]]:
    last = month_index(on)

    @st.composite
    def period(draw: st.DrawFn) -> dict[str, str | None]:
        start = draw(st.integers(last - 240, last + 2))
        end = draw(st.one_of(st.none(), st.integers(start, last + 6)))
        return {"from": format_month(start), "to": None if end is None else format_month(end)}

    return st.lists(period(), max_size=4)


def fact_value(spec: FactSpec, on: dt.date) -> st.SearchStrategy[Any]:
    """Valid values of one fact, for evaluation date `on`."""
    kind = spec.type
    if kind == "integer":
        low, high = _bounds(spec)
        return st.integers(int(low), int(high))
    if kind == "decimal":
        return _amount(spec)
    if kind == "boolean":
        return st.booleans()
    if kind == "category":
        return st.sampled_from(list(spec.values or {}))
    if kind == "date":
        return st.dates(dt.date(on.year - 80, 1, 1), on)
    if kind == "by_year":
        years = st.integers(on.year - 8, on.year + 1)
        return st.dictionaries(years, _amount(spec), max_size=6)
    if kind == "periods":
        return _periods(on)
    if kind == "integer_list":
        low, high = _bounds(spec)
        return st.lists(st.integers(max(int(low), 1), min(int(high), 50)), max_size=6)
    raise AssertionError(kind)


@st.composite
def facts_for(draw: st.DrawFn, pack: Pack, on: dt.date | None = None) -> dict[str, Any]:
    """A valid facts document for `pack`: every required fact, a random subset of the rest."""
    day = on or pack.meta.default_evaluation_date
    facts: dict[str, Any] = {}
    for name, spec in pack.facts.items():
        if spec.required or draw(st.booleans()):
            facts[name] = draw(fact_value(spec, day))
    return facts
