"""The schema of a distribution: a cohort shared out among destinations by a published key.

Declared under `distribution:` in pack.yaml (Germany's asylum seekers among the sixteen
Länder by the Königstein key, `policies/germany-asylum-distribution-2016`):

    distribution:
      id: asylum_seekers_to_lander
      title: {en: ..., zh: ...}
      cite: {source: de_key, lines: 9-15}
      order:                        # the published order persons are placed in
        - {by: arrival_date, order: asc, title: {...}, cite: {...}}
      household: household_id      # a column: members of one household go together
      destinations:
        - {id: berlin, title: {...}, share: {param: key_berlin}, capacity: {param: ...}}

How the engine reads it is `settle.workflow.distribution` and docs/distribution.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from settle.language.base import Id, Strict
from settle.language.citation import Citation
from settle.language.parameters import ParamRef
from settle.language.text import Text


class Destination(Strict):
    """One destination: its share of the key (a parameter, dated and cited) and, where a
    source publishes one, the most persons it takes."""

    id: Id
    title: Text
    share: ParamRef | Annotated[Decimal, Field(ge=0)]
    capacity: ParamRef | Annotated[int, Field(ge=0)] | None = None


class OrderKey(Strict):
    """One key of the order persons are placed in: a fact or a column of the cohort."""

    by: str
    order: Literal["asc", "desc"] = "asc"
    title: Text
    cite: Citation


class Distribution(Strict):
    """A cohort apportioned among destinations by the largest remainder of their key shares
    (Hare-Niemeyer), within capacity, the persons placed in a published order."""

    id: Id
    title: Text
    method: Literal["largest_remainder"] = "largest_remainder"
    overflow: Literal["reapportion_by_key"] = "reapportion_by_key"
    order: list[OrderKey] = []
    household: str | None = None
    destinations: Annotated[list[Destination], Field(min_length=2)]
    reading: Text | None = None
    cite: Citation

    @model_validator(mode="after")
    def _distinct(self) -> Distribution:
        ids = [d.id for d in self.destinations]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"destination ids are used twice: {', '.join(twice)}")
        return self


class CohortCase(Strict):
    """The cohort of a distribution case: `persons` as rows (facts and columns), or `size`
    persons p000001, p000002, ... each with the values of `each`."""

    size: Annotated[int, Field(ge=0)] | None = None
    each: dict[str, Any] = {}
    persons: list[dict[str, Any]] = []

    @model_validator(mode="after")
    def _one_form(self) -> CohortCase:
        if (self.size is None) == (not self.persons):
            raise ValueError("a cohort gives either `size` (with `each`) or `persons`")
        return self

    def rows(self) -> list[dict[str, Any]]:
        if self.size is None:
            return [dict(p) for p in self.persons]
        return [{"person_id": f"p{n:06d}", **self.each} for n in range(1, self.size + 1)]


class DistributionExpect(Strict):
    """What a distribution case expects: persons allocated (and places) per destination, the
    counts, and the destination of named persons ("" for a person not placed)."""

    allocated: dict[Id, int] = {}
    places: dict[Id, int] = {}
    placed: int | None = None
    unplaced: int | None = None
    households: int | None = None
    destination: dict[str, str] = {}


class DistributionCase(Strict):
    """A case of a pack's distribution, named as a sentence."""

    name: str
    as_of: dt.date | None = None
    capacity: dict[Id, Annotated[int, Field(ge=0)]] = {}
    cohort: CohortCase
    expect: DistributionExpect
