"""Score and explain one person under one pack, in one language: every item with its points,
the lines that say why and its source, the subtotals, the total and each eligibility rule.

The API's `POST /packs/{pack}/score` answers this report; `settle score` prints the same
result its own way. Nothing is stored and nobody signs in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from settle.i18n import Lang
from settle.packs import Pack
from settle.rules.engine import evaluate
from settle.rules.explain import benefit_text, cite_text, condition_lines, item_value, step_lines
from settle.rules.result import Result


class ItemReport(BaseModel):
    """One scoring item: its points (or what it grants) and why, with its source."""

    model_config = ConfigDict(frozen=True)

    id: str
    no: str
    group: str
    title: str
    points: Decimal
    value: str
    why: list[str]
    source: str


class RuleReport(BaseModel):
    """One eligibility rule: met or not, each condition's line, and its source."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    met: bool
    why: list[str]
    source: str


class ScoreReport(BaseModel):
    """One person scored under one pack on one day, explained line by line."""

    model_config = ConfigDict(frozen=True)

    pack: str
    title: str
    as_of: dt.date
    options: list[str]
    total: Decimal
    subtotals: dict[str, Decimal]
    group_titles: dict[str, str]
    eligible: bool
    benefit: str | None = None
    items: list[ItemReport]
    eligibility: list[RuleReport]


def score_report(result: Result, lang: Lang) -> ScoreReport:
    """The one-person engine's result in `lang`."""
    docs = result.documents
    return ScoreReport(
        pack=result.pack, title=result.pack_title(lang), as_of=result.as_of, options=result.options,
        total=result.total, subtotals=result.subtotals,
        group_titles={g: result.groups[g](lang) if g in result.groups else g for g in result.subtotals},
        eligible=result.eligible,
        benefit=None if result.benefit is None else benefit_text(result.benefit, lang),
        items=[ItemReport(id=i.id, no=i.no, group=i.group, title=i.title(lang), points=i.points,
                          value=item_value(i, lang),
                          why=[line.strip() for line in step_lines(i.step, lang, brief=True)],
                          source=cite_text(i.cite, docs, lang)) for i in result.items],
        eligibility=[RuleReport(id=r.id, title=r.title(lang), met=r.met,
                                why=[line.strip() for line in condition_lines(r.detail, lang)],
                                source=cite_text(r.cite, docs, lang)) for r in result.eligibility])


def score_person(pack: Pack, facts: dict[str, Any], *, as_of: dt.date | None = None,
                 options: list[str] | None = None, lang: Lang = "en") -> ScoreReport:
    """Score `facts` under `pack` on `as_of` (default: the pack's evaluation date) and explain
    it; raises InvalidFacts naming every fact that is missing or wrong."""
    return score_report(evaluate(pack, facts, as_of=as_of, options=options or []), lang)
