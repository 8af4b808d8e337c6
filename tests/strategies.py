"""Hypothesis strategies that generate valid facts for any pack, from its facts.yaml: each
fact's type gives its own (settle.language.facts.types)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from settle.language.facts import FACT_TYPES
from settle.packs import Pack
from settle.packs.schema import FactSpec


def fact_value(spec: FactSpec, on: dt.date) -> st.SearchStrategy[Any]:
    """Valid values of one fact, for evaluation date `on`."""
    return FACT_TYPES[spec.type].strategy(spec, on)


@st.composite
def facts_for(draw: st.DrawFn, pack: Pack, on: dt.date | None = None) -> dict[str, Any]:
    """A valid facts document for `pack`: every required fact, a random subset of the rest."""
    day = on or pack.meta.default_evaluation_date
    facts: dict[str, Any] = {}
    for name, spec in pack.facts.items():
        if spec.required or draw(st.booleans()):
            facts[name] = draw(fact_value(spec, day))
    return facts
