"""Distribution: a cohort shared out among a pack's destinations by its key, with the reasons
(a bureau officer's; nothing is stored)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from settle.api.deps import Officer
from settle.i18n import Lang
from settle.services.distribution import (
    MOST_PERSONS,
    DistributionReport,
    distribute_cohort,
    distribution_pack,
    report,
)

router = APIRouter(prefix="/distribution", tags=["distribution"])


class CohortIn(BaseModel):
    """The persons to distribute: each with person_id, the columns the pack orders by (for
    germany-asylum-distribution-2016: arrival_date) and, if it has one, its household column."""

    persons: Annotated[list[dict[str, Any]], Field(max_length=MOST_PERSONS)]
    as_of: dt.date | None = None
    capacity: dict[str, int] = {}


@router.post("/{pack_id}", response_model=DistributionReport)
def distribute(pack_id: Annotated[str, Path(max_length=80, pattern=r"^[a-z0-9-]+$")],
               cohort: CohortIn, _officer: Officer,
               lang: Annotated[str, Query(pattern="^(en|zh)$")] = "en") -> DistributionReport:
    """The cohort apportioned by the pack's key on `as_of` (largest remainder, within the
    capacities, households kept together, in the published order): per destination its key
    share, exact quota, places and persons allocated with the reason; per person where they
    went and why."""
    language: Lang = "zh" if lang == "zh" else "en"
    pack = distribution_pack(pack_id)
    outcome = distribute_cohort(pack, cohort.persons, as_of=cohort.as_of, capacity=cohort.capacity)
    return report(pack, outcome, language)
