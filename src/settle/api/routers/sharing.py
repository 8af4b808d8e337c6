"""The information-sharing platform: user departments read registration data under their
sharing agreements (only the fields granted, for the purpose agreed), and the registry's
changes as a feed; migrants see who read their data; the bureau sees the disclosure log.

A refused read answers 403 with the reason and the agreement concerned, and is logged: the
refusal is returned as the response (not raised) so the request's transaction keeps its record.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from settle.api.deps import AccountDep, Officer, RowId, SessionDep, TodayDep, require
from settle.i18n import Lang
from settle.registry.models import Account
from settle.workflow import sharing
from settle.workflow.sharing import Refusal
from settle.workflow.sharing_feed import MAX_PAGE, read_feed

router = APIRouter(prefix="/sharing", tags=["sharing"])

PurposeId = Annotated[str, Query(min_length=1, max_length=80, pattern=r"^[a-z][a-z0-9_]*$",
                                 description="The purpose of the read, as the agreement names it.")]
Applicant = Annotated[Account, Depends(require("applicant"))]


class RefusalOut(BaseModel):
    code: str = "sharing_refused"
    message: str
    field: str
    reason: str = Field(description="no_agreement, purpose_not_agreed, expired, not_yet_valid or "
                                    "field_not_granted")
    agreement: str | None = Field(None, description="The agreement concerned (none when there is none).")


class SharedOut(BaseModel):
    person_id: int
    agreement: str
    purpose: str
    fields: dict[str, Any]
    disclosure_id: int


class FeedItemOut(BaseModel):
    cursor: int
    kind: str
    person_id: int
    at: dt.datetime
    fields: dict[str, Any]


class FeedOut(BaseModel):
    agreement: str
    purpose: str
    kinds: list[str]
    items: list[FeedItemOut]
    cursor: int = Field(description="Pass as `since` to read on from here.")
    more: bool


class DisclosureOut(BaseModel):
    at: dt.datetime
    actor: str
    department: str
    fields: list[str]
    field_names: str
    purpose: str
    agreement: str | None
    channel: str


class LogEntryOut(BaseModel):
    id: int
    at: dt.datetime
    actor: str
    department: str
    person_id: int | None
    agreement: str | None
    purpose: str
    fields: list[str]
    outcome: str
    reason: str | None
    channel: str
    audit_seq: int


class AgreementOut(BaseModel):
    id: str
    title: str
    holder: str
    user: str
    purposes: dict[str, str]
    fields: list[str]
    changes: list[str]
    valid_from: dt.date
    valid_until: dt.date | None
    in_force: bool


def _lang(request: Request) -> Lang:
    return "zh" if request.headers.get("accept-language", "").lower().startswith("zh") else "en"


def _refused(request: Request, refusal: Refusal) -> JSONResponse:
    body = RefusalOut(message=refusal.words(_lang(request)), field=refusal.field, reason=refusal.reason,
                      agreement=refusal.agreement)
    return JSONResponse(status_code=403, content=body.model_dump())


@router.get("/agreements", response_model=list[AgreementOut])
def agreements(request: Request, account: AccountDep, today: TodayDep) -> list[AgreementOut]:
    """The sharing agreements: who gives whom which fields, for which purposes, until when."""
    lang = _lang(request)
    return [AgreementOut(id=a.id, title=a.title(lang), holder=a.holder.id, user=a.user.id,
                         purposes={p.id: p.title(lang) for p in a.purposes}, fields=list(a.fields),
                         changes=list(a.changes), valid_from=a.valid_from, valid_until=a.valid_until,
                         in_force=a.valid_on(today))
            for a in sharing.agreements()]


@router.get("/persons/{person_id}", response_model=SharedOut, responses={403: {"model": RefusalOut}})
def read_person(request: Request, person_id: RowId, session: SessionDep, account: AccountDep,
                today: TodayDep, purpose: PurposeId,
                fields: Annotated[list[str] | None, Query(max_length=20, description=(
                    "The fields wanted (repeat); all the agreement grants when none."))] = None,
                ) -> SharedOut | JSONResponse:
    """A department reads a person's registration data: only the fields its agreement for the
    purpose grants, on a day the agreement is valid. Logged in the audit chain either way."""
    outcome = sharing.read_person(session=session, account=account, person_id=person_id, purpose=purpose,
                                  fields=fields, today=today, channel="api")
    if isinstance(outcome, Refusal):
        return _refused(request, outcome)
    return SharedOut(person_id=outcome.person_id, agreement=outcome.agreement.id, purpose=outcome.purpose,
                     fields=outcome.fields, disclosure_id=outcome.disclosure.id)


@router.get("/feed", response_model=FeedOut, responses={403: {"model": RefusalOut}})
def feed(request: Request, session: SessionDep, account: AccountDep, today: TodayDep, purpose: PurposeId,
         since: Annotated[int, Query(ge=0, le=2**62, description=(
             "The cursor of the last change read; 0 for the first."))] = 0,
         limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100) -> FeedOut | JSONResponse:
    """The registry's changes after `since` that the department's agreement for the purpose
    subscribes to, oldest first, with only the granted fields; resume from `cursor`."""
    outcome = read_feed(session=session, account=account, purpose=purpose, since=since, today=today,
                        limit=limit)
    if isinstance(outcome, Refusal):
        return _refused(request, outcome)
    return FeedOut(agreement=outcome.agreement.id, purpose=outcome.purpose, kinds=outcome.kinds,
                   items=[FeedItemOut(cursor=i.cursor, kind=i.kind, person_id=i.person_id, at=i.at,
                                      fields=i.fields) for i in outcome.items],
                   cursor=outcome.cursor, more=outcome.more)


@router.get("/me", response_model=list[DisclosureOut])
def my_disclosures(request: Request, session: SessionDep,
                   applicant: Applicant) -> list[DisclosureOut]:
    """Who read my registration data: which department, which fields, when and why."""
    lang = _lang(request)
    if applicant.person_id is None:
        return []
    return [DisclosureOut(at=d.at, actor=d.actor, department=d.department(lang), fields=d.fields,
                          field_names=d.field_names(lang), purpose=d.purpose(lang), agreement=d.agreement,
                          channel=d.channel)
            for d in sharing.disclosures_of_person(session=session, person_id=applicant.person_id)]


@router.get("/disclosures", response_model=list[LogEntryOut])
def disclosure_log(session: SessionDep, officer: Officer,
                   department: Annotated[str | None, Query(max_length=50)] = None,
                   person_id: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
                   outcome: Annotated[str | None, Query(pattern="^(disclosed|refused)$")] = None,
                   limit: Annotated[int, Query(ge=1, le=500)] = 100,
                   offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> list[LogEntryOut]:
    """The disclosure log, newest first: every read and every refusal (officers)."""
    rows = sharing.disclosures(session=session, department=department, person_id=person_id,
                               outcome=outcome, limit=limit, offset=offset)
    return [LogEntryOut(id=r.id, at=r.at, actor=r.actor, department=r.department, person_id=r.person_id,
                        agreement=r.agreement, purpose=r.purpose, fields=list(r.fields), outcome=r.outcome,
                        reason=r.reason, channel=r.channel, audit_seq=r.audit_seq) for r in rows]
