"""The applicant's inbox: the notices of their applications' and cases' state changes, newest
first, and marking one read."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from settle.api.deps import RowId, SessionDep, require
from settle.api.document_schemas import InboxOut, NoticeOut
from settle.registry.models import Account
from settle.workflow import notices as service

router = APIRouter(prefix="/me/notices", tags=["notices"])
Applicant = Annotated[Account, Depends(require("applicant"))]


@router.get("", response_model=InboxOut)
def inbox(session: SessionDep, applicant: Applicant, unread: Annotated[bool, Query()] = False,
          limit: Annotated[int, Query(ge=1, le=200)] = 50,
          offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> InboxOut:
    person_id = applicant.person_id or 0
    found = service.inbox(session=session, person_id=person_id, unread_only=unread, limit=limit,
                          offset=offset)
    return InboxOut(unread=service.unread_count(session=session, person_id=person_id),
                    notices=[NoticeOut.model_validate(n) for n in found])


@router.post("/{notice_id}/read", response_model=NoticeOut)
def mark_read(notice_id: RowId, session: SessionDep, applicant: Applicant) -> NoticeOut:
    """Mark one of one's notices read (another person's is as if it did not exist)."""
    return NoticeOut.model_validate(service.mark_read(session=session, person_id=applicant.person_id or 0,
                                                      notice_id=notice_id))
