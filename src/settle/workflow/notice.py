"""The published notice of a round: ranks, points and whether admitted, with names and
identity numbers masked as is customary. Rows are shown only while the round's list is
published (settle.workflow.round_states.list_published)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from settle.workflow.applications import get_round, masked_name
from settle.workflow.listings import ranked_applicants
from settle.workflow.round_states import list_published


def masked_identity(number: str) -> str:
    """An identity number as published: the region code and the check digits, the birth date
    and sequence hidden."""
    return number[:6] + "*" * 8 + number[14:]


@dataclass(frozen=True)
class NoticeRow:
    application_id: int
    rank: int | None
    admitted: bool | None
    name: str
    identity_number: str
    total: Decimal | None


@dataclass(frozen=True)
class PublicNotice:
    round_id: int
    state: str
    objection_deadline: dt.date | None
    rows: list[NoticeRow]


def public_notice(*, session: Session, round_id: int) -> PublicNotice:
    """The round's published list (no rows before it is published); NotFound for no round."""
    round_ = get_round(session=session, round_id=round_id)
    rows = []
    if list_published(round_):
        rows = [NoticeRow(application_id=a.id, rank=a.rank, admitted=a.admitted, name=masked_name(p.name),
                          identity_number=masked_identity(p.identity_number), total=a.total)
                for a, p in ranked_applicants(session=session, round_id=round_id)]
    return PublicNotice(round_id=round_.id, state=round_.state, objection_deadline=round_.notice_closes,
                        rows=rows)
