"""One raw value through its fact type: its typed value, or its default when none is given."""

from __future__ import annotations

from typing import Any

from settle.language.facts.spec import FactSpec
from settle.language.facts.types import FACT_TYPES


def check_fact(name: str, spec: FactSpec, raw: Any) -> Any:
    """The typed value of one fact; raises BadFact naming the broken rule."""
    return FACT_TYPES[spec.type].check(name, spec, raw)


def default_value(name: str, spec: FactSpec) -> Any:
    """The value a fact takes when the person gives none: the declared default, else
    zero, no, an empty list, the first category, or no date."""
    return FACT_TYPES[spec.type].default(name, spec)
