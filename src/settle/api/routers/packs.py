"""Packs: score and explain one person under a points or service pack (no sign-in, nothing
stored)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from settle.errors import NotFound
from settle.i18n import Lang
from settle.packs import default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.services.scoring import ScoreReport, score_person

router = APIRouter(prefix="/packs", tags=["packs"])


@router.post("/{pack_id}/score", response_model=ScoreReport)
async def score(pack_id: Annotated[str, Path(max_length=80, pattern=r"^[a-z0-9-]+$")],
          facts: dict[str, Any],
          as_of: dt.date | None = None,
          option: Annotated[list[str] | None, Query(max_length=20)] = None,
          lang: Annotated[str, Query(pattern="^(en|zh)$")] = "en") -> Response:
    """One person's points under the pack (a pack id, or a city's points pack in force on
    `as_of`), every item with why and its source, the subtotals, the total and eligibility;
    facts that are missing or wrong answer 422 naming each.

    A coroutine on purpose: the work is a millisecond of CPU, which a worker thread would
    only delay (two thread hops, endpoint and response check, cost more than the scoring);
    the report is built by the engine and serialised as it is."""
    try:
        pack = default_catalogue().resolve(pack_id, as_of)
    except UnknownPack as exc:
        raise NotFound(str(exc.args[0]) if exc.args else f"no pack {pack_id!r}", field="pack_id") from None
    language: Lang = "zh" if lang == "zh" else "en"
    report = score_person(pack, facts, as_of=as_of, options=option, lang=language)
    return Response(report.model_dump_json(), media_type="application/json")
