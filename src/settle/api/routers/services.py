"""Services: what one person can get in a city, and the path to a target under a pack (no
sign-in, nothing stored)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from pydantic import TypeAdapter

from settle.api.schemas import ServiceOut
from settle.errors import NotFound
from settle.i18n import Lang
from settle.packs import default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.rules.pathway import Target
from settle.services.assessment import ServiceReport, assess_services, service_packs
from settle.services.path import PathLimits, PersonPathReport, person_path

router = APIRouter(prefix="/services", tags=["services"])
REPORTS = TypeAdapter(list[ServiceReport])


@router.post("/{city}", response_model=list[ServiceOut])
async def eligibility(city: Annotated[str, Path(max_length=40, pattern=r"^[a-z]+$")],
                      facts: dict[str, Any],
                      as_of: dt.date | None = None,
                      lang: Annotated[str, Query(pattern="^(en|zh)$")] = "en") -> Response:
    """Every service of the city for one person: eligible or not, each condition with its
    source, the amount; services the facts cannot assess list what they miss.

    A coroutine, like `POST /packs/{pack}/score`: a few milliseconds of CPU that worker-thread
    hops would only delay; the engine's reports are serialised as they are (not validated a
    second time as the response model)."""
    language: Lang = "zh" if lang == "zh" else "en"
    packs = service_packs(city, as_of or dt.date.today())
    assessment = assess_services(city=city, packs=packs, facts=facts, as_of=as_of)
    return Response(REPORTS.dump_json(assessment.reports(language)), media_type="application/json")


@router.post("/path/{pack_id}", response_model=PersonPathReport)
def path(pack_id: Annotated[str, Path(max_length=80, pattern=r"^[a-z0-9-]+$")],
         facts: dict[str, Any],
         points: Annotated[Decimal | None, Query(ge=0, le=100_000)] = None,
         as_of: dt.date | None = None,
         horizon_years: Annotated[int, Query(ge=1, le=50)] = 10,
         lang: Annotated[str, Query(pattern="^(en|zh)$")] = "en") -> PersonPathReport:
    """The person's points and eligibility under the pack (a pack id, or a city's pack in force
    on `as_of`) and, unless there already, the path to eligibility and `points`: when time
    alone gets there, and the cheapest plan of actions and waiting for each date (the
    cost-versus-date frontier, cheapest first; `complete` false when the search hit its bound)."""
    try:
        pack = default_catalogue().resolve(pack_id, as_of)
    except UnknownPack as exc:
        raise NotFound(str(exc.args[0]) if exc.args else f"no pack {pack_id!r}", field="pack_id") from None
    language: Lang = "zh" if lang == "zh" else "en"
    answer = person_path(pack, facts, Target(points=points), as_of=as_of,
                         limits=PathLimits(horizon_months=12 * horizon_years))
    return answer.report(language)
