"""Facts: the inputs a pack asks for, where the registry holds them, and facts derived
from them."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from settle.language.base import Id, Strict
from settle.language.citation import Citation
from settle.language.text import Text


class RegistrySource(Strict):
    """Where the registry holds a fact, so that it is derived, never declared by hand.

    person: a field of the person (`field`); periods: the periods of `kind` (and `subtype`) as
    months; current_start: the first day of the unbroken run of `kind` periods in force at
    the evaluation date; consecutive_years / accumulated_years: whole years of those periods;
    records_by_year / records_count / records_sum: records of `kind` (and `category`), the
    last `within_years` calendar years only when given.
    """

    source: Literal["person", "periods", "current_start", "consecutive_years", "accumulated_years",
                    "records_by_year", "records_count", "records_sum"]
    field: str | None = None
    kind: str | None = None
    subtype: str | None = None
    category: str | None = None
    within_years: Annotated[int, Field(ge=1)] | None = None


FactType = Literal[
    "integer", "decimal", "boolean", "category", "date", "by_year", "periods", "integer_list"
]


class FactSpec(Strict):
    """One input fact: its type, unit, allowed values or range, and description."""

    type: FactType
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
    def _category_has_values(self) -> FactSpec:
        if self.type == "category" and not self.values:
            raise ValueError("a category fact needs `values`")
        if self.type != "category" and self.values is not None:
            raise ValueError(f"`values` only applies to category facts, not {self.type}")
        if self.type != "decimal" and self.type != "by_year" and self.scale:
            raise ValueError("`scale` (decimal places) only applies to decimal and by_year facts")
        return self


class DerivedTimeSince(Strict):
    """Whole years, months or days from a date fact to the evaluation date (an age, the
    length of a permit held without a break). With rounding `ceil`, any part of a further
    unit counts as a whole one ("every year or part of a year")."""

    op: Literal["time_since"]
    title: Text
    of: Id
    unit: Literal["year", "month", "day"] = "year"
    rounding: Literal["floor", "ceil"] = "floor"
    cite: Citation | None = None


class DerivedPeriodMonths(Strict):
    """Months covered by a list of periods, accumulated or consecutive up to a reference month."""

    op: Literal["period_months"]
    title: Text
    of: Id
    mode: Literal["accumulated", "consecutive"]
    until: Literal["evaluation_month", "previous_month"] = "evaluation_month"
    cite: Citation | None = None


class DerivedWholeYears(Strict):
    """Whole years in a number of months (months // 12)."""

    op: Literal["whole_years"]
    title: Text
    of: Id
    cite: Citation | None = None


DerivedSpec = Annotated[
    DerivedTimeSince | DerivedPeriodMonths | DerivedWholeYears, Field(discriminator="op")
]


class FactsFile(Strict):
    facts: dict[Id, FactSpec]
    derived: dict[Id, DerivedSpec] = {}
