"""What the officer's round page shows beside the ranked list: each row's ranking key values
and eligibility, a sentence per quota line, the charts, the pack's quotas and the registry's
earlier rounds (settle.workflow.round_report), and the widget a correction's value is chosen
with (the fact's allowed values, never a typed key)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from settle.i18n import Lang
from settle.language.citation import Citation
from settle.packs import Pack
from settle.registry.models import Application, Person, Round
from settle.web.round_charts import points_chart, quota_chart
from settle.web.words import t
from settle.workflow.round_report import explain_round


@dataclass(frozen=True)
class ValueWidget:
    """How a correction's value is asked: `select` with its options, a `date`, or `text`."""

    kind: str
    options: list[tuple[str, str]]


def value_widget(pack: Pack, fact: str, lang: Lang) -> ValueWidget:
    spec = pack.facts.get(fact)
    if spec is None:
        return ValueWidget("text", [])
    if spec.type == "category" and spec.values:
        return ValueWidget("select", [(key, text(lang)) for key, text in spec.values.items()])
    if spec.type == "boolean":
        return ValueWidget("select", [("true", t("yes", lang)), ("false", t("no", lang))])
    if spec.type == "date":
        return ValueWidget("date", [])
    return ValueWidget("text", [])


def cite_short(cite: Citation, pack: Pack) -> str:
    """The cited file, lines and article (the note stays in the pack)."""
    files = {s.id: s.file for s in pack.meta.sources}
    return ", ".join(p for p in (files.get(cite.source, cite.source), cite.lines and f"{cite.lines}",
                                 cite.article) if p)


def round_context(*, session: Session, round_: Round, pack: Pack, listing: list[tuple[Application, Person]],
                  lang: Lang) -> dict[str, Any]:
    """The page's explanation of the round, its charts and the citations of the pack's values."""
    why = explain_round(session=session, round_=round_)
    scored = [(a.total, bool(a.admitted)) for a, _ in listing if a.total is not None]
    lowest = min((a.total for a, _ in listing if a.admitted and a.total is not None), default=None)
    charts = []
    if scored:
        charts.append((t("chart_points_title", lang), points_chart(scored, lowest, lang)))
    if why.lines and round_.ranked_at is not None:
        charts.append((t("chart_quota_title", lang), quota_chart(
            [(line.outcome.title(lang), line.outcome.admitted, line.outcome.quota) for line in why.lines],
            lang)))
    return {"why": why, "charts": charts, "cite_short": lambda cite: cite_short(cite, pack),
            "value_widget": lambda fact: value_widget(pack, fact, lang)}
