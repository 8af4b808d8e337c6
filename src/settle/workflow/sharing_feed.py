"""The change feed of the information-sharing platform: a user department reads the registry's
changes (new registration, move of district, permit issued; settle.registry.changes) after a
cursor, only the kinds its agreement for the purpose subscribes to and, of each change, only
the fields it grants. Each change read is a disclosure of that person's data, logged like a
read of the record (settle.workflow.sharing). Resumable: the answer's `cursor` is where the
next read starts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from settle.registry.changes import DETAIL_FIELD, changes_after
from settle.registry.models import Account
from settle.workflow.agreements import Agreement
from settle.workflow.sharing import Refusal, agreements, decide, department_of, log_disclosure

MAX_PAGE = 200


@dataclass(frozen=True)
class FeedItem:
    cursor: int
    kind: str
    person_id: int
    at: dt.datetime
    fields: dict[str, Any]


@dataclass(frozen=True)
class Feed:
    agreement: Agreement
    purpose: str
    kinds: list[str]
    items: list[FeedItem]
    cursor: int
    more: bool


def read_feed(*, session: Session, account: Account, purpose: str, since: int, today: dt.date,
              limit: int = 100, known: list[Agreement] | None = None,
              at: dt.datetime | None = None) -> Feed | Refusal:
    """The changes after `since` that the department's agreement for `purpose` subscribes to,
    oldest first, at most `limit` (up to MAX_PAGE). A refusal is logged and returned."""
    department = department_of(account)
    known = agreements() if known is None else known
    decision = decide(known, department, purpose, None, today)
    if isinstance(decision, Refusal):
        log_disclosure(session, actor=account.username, department=department, person_id=None,
                       purpose=purpose, fields=[], channel="feed", refusal=decision, at=at)
        return decision
    agreement = decision.agreement
    limit = max(1, min(limit, MAX_PAGE))
    rows = changes_after(session, since, agreement.changes, limit)
    items = []
    for row in rows:
        fields = agreement.change_fields(row.kind, row.detail)
        log_disclosure(session, actor=account.username, department=department, person_id=row.person_id,
                       purpose=purpose, fields=sorted({DETAIL_FIELD.get(f, f) for f in fields}),
                       channel="feed", grant=decision, at=at)
        items.append(FeedItem(cursor=row.id, kind=row.kind, person_id=row.person_id, at=row.at,
                              fields=fields))
    return Feed(agreement=agreement, purpose=purpose, kinds=list(agreement.changes), items=items,
                cursor=rows[-1].id if rows else since, more=len(rows) == limit)
