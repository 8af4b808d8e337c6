"""The audit trail as a reader sees it: each entry's action, purpose and details in the page's
language (src/settle/words/audit.yaml, the workflow's moves from actions.yaml), never the log's
own keys (`evidence_confirm`, `settlement workflow`)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from settle import words
from settle.audit.log import AuditEntry
from settle.i18n import Lang
from settle.messages import action_word, state_word
from settle.packs import Pack
from settle.web.values import fact_title
from settle.workflow.states import TRANSITIONS

VERIFICATION_BY = "verification by "  # settle.workflow.applications.decide_evidence's purpose


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: str
    actor: str
    action: str
    purpose: str
    detail: str


def action_text(action: str, lang: Lang) -> str:
    """What the entry records as done; an action of no catalogue entry is shown as recorded."""
    if action in TRANSITIONS:
        return action_word(action)(lang)
    key = f"action.{action}"
    return words.word("audit", key, lang) if key in words.section("audit") else action


def purpose_text(purpose: str, pack: Pack, lang: Lang) -> str:
    """Why: a purpose the system records in words; one a person typed as they wrote it."""
    if purpose.startswith(VERIFICATION_BY):
        department = purpose.removeprefix(VERIFICATION_BY)
        title = pack.meta.departments.get(department)
        return words.word("audit", "purpose.verification_by", lang,
                          department=title(lang) if title is not None else department)
    key = "purpose." + "_".join(re.findall(r"[a-z0-9]+", purpose.lower()))
    return words.word("audit", key, lang) if key in words.section("audit") else purpose


def detail_text(entry: AuditEntry, pack: Pack, lang: Lang) -> str:
    """The state the application moved from and to, and the fact an entry is about."""
    detail = entry.detail or {}
    parts = []
    if detail.get("from_state") and detail.get("to_state"):
        parts.append(f"{state_word(detail['from_state'])(lang)} → {state_word(detail['to_state'])(lang)}")
    if detail.get("fact"):
        parts.append(fact_title(pack, str(detail["fact"]), lang))
    return "; ".join(parts)


def _time(at: dt.datetime) -> str:
    moment = at if at.tzinfo else at.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


def audit_rows(entries: list[AuditEntry], pack: Pack, lang: Lang) -> list[AuditRow]:
    return [AuditRow(seq=e.seq, at=_time(e.at), actor=e.actor, action=action_text(e.action, lang),
                     purpose=purpose_text(e.purpose, pack, lang), detail=detail_text(e, pack, lang))
            for e in entries]
