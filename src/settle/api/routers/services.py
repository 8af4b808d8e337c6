"""Services: what one person can get in a city (no sign-in, nothing stored)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel

from settle.i18n import Lang
from settle.packs import default_catalogue
from settle.rules.engine import evaluate
from settle.rules.explain import sentence
from settle.rules.facts import InvalidFacts

router = APIRouter(prefix="/services", tags=["services"])


class ConditionOut(BaseModel):
    id: str
    title: str
    met: bool
    why: str
    source: str


class ServiceOut(BaseModel):
    pack: str
    title: str
    assessed: bool
    eligible: bool | None = None
    amount: Decimal | None = None
    amount_unit: str | None = None
    conditions: list[ConditionOut] = []
    missing: list[str] = []


@router.post("/{city}", response_model=list[ServiceOut])
def eligibility(city: Annotated[str, Path(max_length=40, pattern=r"^[a-z]+$")],
                facts: dict[str, Any],
                as_of: dt.date | None = None,
                lang: Annotated[str, Query(pattern="^(en|zh)$")] = "en") -> list[ServiceOut]:
    """Every service of the city for one person: eligible or not, each condition with its
    source, the amount; services the facts cannot assess list what they miss."""
    language: Lang = "zh" if lang == "zh" else "en"
    day = as_of or dt.date.today()
    out = []
    for pack in default_catalogue().services(city, day):
        own = {k: v for k, v in facts.items() if k in pack.facts}
        try:
            result = evaluate(pack, own, as_of=as_of)
        except InvalidFacts as exc:
            out.append(ServiceOut(pack=pack.id, title=pack.meta.title(language), assessed=False,
                                  missing=[f"{p.field}: {p.message}" for p in exc.problems]))
            continue
        documents = result.documents
        conditions = [ConditionOut(id=e.id, title=e.title(language), met=e.met,
                                   why=sentence(e.detail.why, language),
                                   source=f"{documents.get(e.cite.source, e.cite.source)} "
                                          f"{e.cite.lines or ''} {e.cite.article or ''}".strip())
                      for e in result.eligibility]
        amount = result.total if pack.meta.amount_unit else None
        out.append(ServiceOut(pack=pack.id, title=pack.meta.title(language), assessed=True,
                              eligible=result.eligible, amount=amount,
                              amount_unit=pack.meta.amount_unit, conditions=conditions))
    return out
