"""A service case as a person reads it, in the page's language: its history in words (the
action, the state it led to, the note), the benefit, the payments, the engine's explanation.
The words come from src/settle/words/service_cases.yaml; nothing here decides anything
(settle.workflow.service_cases does)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from settle.i18n import Lang
from settle.packs import Pack
from settle.registry.models import ServiceBenefit, ServiceCase, ServiceCaseEvent
from settle.web.values import fact_title
from settle.words import word
from settle.workflow import service_cases as service


def cw(key: str, lang: Lang, **values: Any) -> str:
    """A word of the service cases' pages."""
    return word("service_cases", key, lang, **values)


def state_name(state: str, lang: Lang) -> str:
    return cw(f"state_{state}", lang)


@dataclass(frozen=True)
class HistoryLine:
    at: str
    action: str
    state: str
    actor: str
    note: str


def event_note(event: ServiceCaseEvent, case: ServiceCase, pack: Pack, lang: Lang) -> str:
    """The note of an event in words: the channel of an application (at the window: who lodged
    it), the facts an answer amended, the failed conditions of a refusal without a written
    reason, else what was written."""
    note = event.note or ""
    if event.action == "apply" and note == "window":  # the clerk (or officer) who lodged it
        return cw("channel_window_by", lang, actor=event.actor)
    if event.action == "apply" and note == "self":
        return cw("channel_self", lang)
    if event.action == "provide_evidence" and note:
        facts = [fact_title(pack, name.strip(), lang) for name in note.split(",")]
        return cw("evidence_answered", lang, facts="、".join(facts) if lang == "zh" else ", ".join(facts))
    if event.action == "refuse":
        failed = service.failed_text(case)
        if note == failed.en:
            return failed(lang)
    return note


def history(events: list[ServiceCaseEvent], case: ServiceCase, pack: Pack, lang: Lang) -> list[HistoryLine]:
    return [HistoryLine(at=e.at.strftime("%Y-%m-%d %H:%M"), action=cw(f"action_{e.action}", lang),
                        state=state_name(e.to_state, lang), actor=e.actor,
                        note=event_note(e, case, pack, lang)) for e in events]


def benefit_lines(benefit: ServiceBenefit | None, lang: Lang) -> list[str]:
    """What a grant gives, one line each: the amount, the place, the period."""
    if benefit is None:
        return []
    lines = []
    if benefit.kind == "money" and benefit.amount is not None:
        lines.append(cw("benefit_money", lang, amount=benefit.amount, currency=benefit.currency or ""))
    if benefit.allocated:
        lines.append(cw("benefit_place", lang, allocated=benefit.allocated))
    if not lines:
        lines.append(cw("benefit_service", lang))
    if benefit.period_from or benefit.period_until:
        lines.append(cw("benefit_period", lang, start=benefit.period_from or "…",
                        end=benefit.period_until or "…"))
    return lines


def delivery_lines(*, session: Session, case_id: int, lang: Lang) -> list[tuple[str, str]]:
    """Each payment or delivery: its line, and its reference."""
    found = []
    for d in service.deliveries_of(session=session, case_id=case_id):
        line = (cw("payment_line", lang, day=d.delivered_on, amount=d.amount, currency=d.currency or "")
                if d.kind == "payment" else cw("delivery_line", lang, day=d.delivered_on))
        found.append((line, d.reference or ""))
    return found


@dataclass(frozen=True)
class ConditionLine:
    met: bool
    title: str
    why: str
    source: str


def conditions(explanation: dict[str, Any], lang: Lang) -> list[ConditionLine]:
    """The engine's conditions, met or not, why, and the source each cites."""
    return [ConditionLine(met=bool(c["met"]), title=c["title"][lang], why=c["why"][lang],
                          source=c["source"][lang]) for c in explanation.get("conditions", [])]
