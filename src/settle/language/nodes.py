"""Rule nodes: how an item turns facts into points."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from settle.language.base import Id, Strict
from settle.language.citation import Citation
from settle.language.conditions import Condition
from settle.language.text import Text


class NodeBase(Strict):
    """Fields every rule node may carry: a label, a citation, caps, a precondition."""

    id: Id | None = None
    label: Text | None = None
    cite: Citation | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    requires: Condition | None = None


class Fixed(NodeBase):
    """A fixed number of points."""

    kind: Literal["fixed"]
    points: Decimal


class Flag(NodeBase):
    """Points when a yes/no fact is yes."""

    kind: Literal["flag"]
    fact: Id
    points: Decimal


class Band(Strict):
    """One band: min and max are inclusive, below is an exclusive upper bound."""

    min: Decimal | None = None
    max: Decimal | None = None
    below: Decimal | None = None
    points: Decimal
    label: Text | None = None

    @model_validator(mode="after")
    def _one_upper(self) -> Band:
        if self.max is not None and self.below is not None:
            raise ValueError("a band has `max` (inclusive) or `below` (exclusive), not both")
        if self.min is None and self.max is None and self.below is None:
            raise ValueError("a band needs at least one bound")
        return self

    def contains(self, value: Decimal) -> bool:
        if self.min is not None and value < self.min:
            return False
        if self.max is not None and value > self.max:
            return False
        return not (self.below is not None and value >= self.below)


class Bands(NodeBase):
    """Band lookup: the first band that contains the value gives the points."""

    kind: Literal["bands"]
    fact: Id
    bands: Annotated[list[Band], Field(min_length=1)]
    otherwise: Decimal = Decimal(0)


class Category(NodeBase):
    """Category lookup: each listed value gives its points; others give `otherwise`."""

    kind: Literal["category"]
    fact: Id
    points: dict[str, Decimal]
    otherwise: Decimal = Decimal(0)


class PerUnit(NodeBase):
    """Points per whole unit of the amount above a threshold.

    units = floor((value - above) / unit) when value > above, else 0;
    points = start + units * points_per_unit, or, with first_unit_points,
    start + first_unit_points + (units - 1) * points_per_unit once units >= 1.
    """

    kind: Literal["per_unit"]
    fact: Id
    unit: Annotated[Decimal, Field(gt=0)] = Decimal(1)
    points_per_unit: Decimal
    first_unit_points: Decimal | None = None
    above: Decimal = Decimal(0)
    start: Decimal = Decimal(0)


class PerYear(NodeBase):
    """Per-unit points counted year by year inside a window, each year capped.

    The window is the `window_years` calendar years ending with the evaluation year.
    """

    kind: Literal["per_year"]
    fact: Id
    window_years: Annotated[int, Field(ge=1)]
    unit: Annotated[Decimal, Field(gt=0)] = Decimal(1)
    points_per_unit: Decimal
    max_per_year: Decimal | None = None


class PerEntry(NodeBase):
    """Points for each entry of a list; with divide_by_entry, the points are shared by the
    entry's value (e.g. a patent's points divided by its number of inventors)."""

    kind: Literal["per_entry"]
    fact: Id
    points: Decimal
    divide_by_entry: bool = False


class BestOf(NodeBase):
    """Only the highest of several alternatives counts."""

    kind: Literal["best_of"]
    of: Annotated[list[Node], Field(min_length=2)]


class SumOf(NodeBase):
    """Several parts that add up."""

    kind: Literal["sum_of"]
    of: Annotated[list[Node], Field(min_length=2)]


Node = Annotated[
    Fixed | Flag | Bands | Category | PerUnit | PerYear | PerEntry | BestOf | SumOf,
    Field(discriminator="kind"),
]

BestOf.model_rebuild()
SumOf.model_rebuild()
