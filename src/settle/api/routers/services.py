"""Services: what one person can get in a city (no sign-in, nothing stored)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from settle.api.schemas import ServiceOut
from settle.i18n import Lang
from settle.services.assessment import assess_services, service_packs

router = APIRouter(prefix="/services", tags=["services"])


@router.post("/{city}", response_model=list[ServiceOut])
def eligibility(city: Annotated[str, Path(max_length=40, pattern=r"^[a-z]+$")],
                facts: dict[str, Any],
                as_of: dt.date | None = None,
                lang: Annotated[str, Query(pattern="^(en|zh)$")] = "en") -> list[ServiceOut]:
    """Every service of the city for one person: eligible or not, each condition with its
    source, the amount; services the facts cannot assess list what they miss."""
    language: Lang = "zh" if lang == "zh" else "en"
    packs = service_packs(city, as_of or dt.date.today())
    assessment = assess_services(city=city, packs=packs, facts=facts, as_of=as_of)
    return [ServiceOut.model_validate(report) for report in assessment.reports(language)]
