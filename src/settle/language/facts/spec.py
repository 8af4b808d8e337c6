"""The declaration of an input fact in facts.yaml: its type, unit, range, default, and where
the registry holds it."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from settle.language.base import Id, Strict
from settle.language.text import Text


class RegistrySource(Strict):
    """Where the registry holds a fact, so that it is derived, never declared by hand.

    person: a field of the person (`field`); periods: the periods of `kind` (and `subtype`) as
    months; current_start: the first day of the unbroken run of `kind` periods in force at
    the evaluation date; consecutive_years / accumulated_years: whole years of those periods;
    records_by_year / records_count / records_sum: records of `kind` (and `category`), the
    last `within_years` calendar years only when given; relatives_count: the family links of
    relation `kind` (spouse, child), only those younger than `under_age` completed years at the
    evaluation date when given (minor children: `under_age: 18`); social_worker: the register
    of social workers, `field` one of certificate_level (the level of the registration in force
    at the evaluation date, `none` without one), employer_kind (its employer's kind, absent
    without one) or registered (whether a registration is in force at the evaluation date:
    registered on or before it and not withdrawn by then).
    """

    source: Literal["person", "periods", "current_start", "consecutive_years", "accumulated_years",
                    "records_by_year", "records_count", "records_sum", "relatives_count", "social_worker"]
    field: str | None = None
    kind: str | None = None
    subtype: str | None = None
    category: str | None = None
    within_years: Annotated[int, Field(ge=1)] | None = None
    under_age: Annotated[int, Field(ge=1)] | None = None


FactType = str  # the name of a fact type: a module of settle.language.facts.types


def _known_type(name: str) -> str:
    from settle.language.facts.types import FACT_TYPES

    if name not in FACT_TYPES:
        raise ValueError(f"unknown fact type {name!r}; known: {', '.join(sorted(FACT_TYPES))}")
    return name


class FactSpec(Strict):
    """One input fact: its type, unit, allowed values or range, and description."""

    type: Annotated[FactType, AfterValidator(_known_type)]
    title: Text
    description: Text | None = None
    unit: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    scale: Annotated[int, Field(ge=0, le=6)] = 0
    values: dict[str, Text] | None = None
    default: Any = None
    required: bool = False
    department: Id | None = None
    registry: RegistrySource | None = None
    grows: Literal["yearly"] | None = None

    @model_validator(mode="after")
    def _keys_fit_the_type(self) -> FactSpec:
        from settle.language.facts.types import FACT_TYPES

        kind = FACT_TYPES[self.type]
        if kind.takes_values and not self.values:
            raise ValueError(f"a {self.type} fact needs `values`")
        if not kind.takes_values and self.values is not None:
            takers = [k for k, t in FACT_TYPES.items() if t.takes_values]
            raise ValueError(f"`values` only applies to {' and '.join(takers)} facts, not {self.type}")
        if not kind.takes_scale and self.scale:
            takers = [k for k, t in FACT_TYPES.items() if t.takes_scale]
            raise ValueError(f"`scale` (decimal places) only applies to {' and '.join(takers)} facts")
        return self
