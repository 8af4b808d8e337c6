"""Derived facts, one module per op: what the engine computes from the facts given, at the
evaluation date, for one person (`derive`) and for a table (`column`).

Adding an op is adding its module and naming its model in `DerivedSpec` below.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from settle.language.facts.derived.base import DerivedBase
from settle.language.facts.derived.period_months import DerivedPeriodMonths
from settle.language.facts.derived.period_overlap import DerivedPeriodOverlap
from settle.language.facts.derived.time_since import DerivedTimeSince
from settle.language.facts.derived.whole_years import DerivedWholeYears

DerivedSpec = Annotated[
    DerivedTimeSince | DerivedPeriodMonths | DerivedWholeYears | DerivedPeriodOverlap,
    Field(discriminator="op"),
]

__all__ = ["DerivedBase", "DerivedPeriodMonths", "DerivedPeriodOverlap", "DerivedSpec",
           "DerivedTimeSince", "DerivedWholeYears"]
