"""Rounds: open, rank against the quota, disclose, public notice, objections, final list,
and the published notice (names and identity numbers masked as is customary)."""

from __future__ import annotations

from decimal import Decimal

from fastapi import APIRouter, Request, status
from sqlalchemy import func, select

from settle.api.deps import AccountDep, Analyst, Officer, RowId, SessionDep, TodayDep
from settle.api.schemas import (
    Created,
    NoticeOut,
    NoticeRow,
    ObjectionDecision,
    ObjectionIn,
    ObjectionOutcome,
    RankingOut,
    RoundIn,
    RoundOut,
    RoundStats,
    TaskRef,
)
from settle.registry.models import Application, Person, Round
from settle.workflow import applications as service
from settle.workflow import disclosure_control as suppress
from settle.workflow import round_service
from settle.workflow.applications import masked_name

router = APIRouter(tags=["rounds"])


def round_out(round_: Round) -> RoundOut:
    return RoundOut(id=round_.id, pack_id=round_.pack_id, name=round_.name,
                    window_opens=round_.window_opens, window_closes=round_.window_closes,
                    quota=round_.quota, state=round_.state, notice_opens=round_.notice_opens,
                    notice_closes=round_.notice_closes, admitted=list(round_.admitted or []),
                    cutoff=dict(round_.cutoff or {}))


def masked_identity(number: str) -> str:
    return number[:6] + "*" * 8 + number[14:]


@router.post("/rounds", response_model=RoundOut, status_code=status.HTTP_201_CREATED)
def open_round(body: RoundIn, session: SessionDep, officer: Officer) -> RoundOut:
    """Open a round of a pack with its window and quota."""
    return round_out(round_service.open_round(session=session, actor=officer.username, **body.model_dump()))


@router.get("/rounds/{round_id}", response_model=RoundOut)
def read_round(round_id: RowId, session: SessionDep, account: AccountDep) -> RoundOut:
    return round_out(service.get_round(session=session, round_id=round_id))


@router.post("/rounds/{round_id}/rank", response_model=RankingOut)
def rank(round_id: RowId, session: SessionDep, officer: Officer, today: TodayDep) -> RankingOut:
    """Score what is verified and rank against the quota once the window has closed; again
    after corrections. 422 `round_blocked` lists each application that cannot be scored."""
    report = round_service.rank(session=session, actor=officer.username, round_id=round_id, today=today)
    return RankingOut(**report.__dict__)


@router.post("/rounds/{round_id}/disclose", response_model=RoundOut)
def disclose(round_id: RowId, session: SessionDep, officer: Officer, today: TodayDep) -> RoundOut:
    return round_out(round_service.disclose(session=session, actor=officer.username, round_id=round_id,
                                            today=today))


@router.post("/rounds/{round_id}/notice", response_model=RoundOut)
def open_notice(round_id: RowId, session: SessionDep, officer: Officer, today: TodayDep) -> RoundOut:
    """Publish the ranked list for the pack's notice period."""
    return round_out(round_service.open_notice(session=session, actor=officer.username, round_id=round_id,
                                               today=today))


@router.post("/rounds/{round_id}/finalize", response_model=RoundOut)
def finalize(round_id: RowId, session: SessionDep, officer: Officer, today: TodayDep) -> RoundOut:
    return round_out(round_service.finalize(session=session, actor=officer.username, round_id=round_id,
                                            today=today))


@router.get("/rounds/{round_id}/notice", response_model=NoticeOut)
def public_notice(round_id: RowId, session: SessionDep) -> NoticeOut:
    """The published list (no sign-in): ranks and points, names and identity numbers masked."""
    round_ = service.get_round(session=session, round_id=round_id)
    rows = []
    if round_.state in ("public_notice", "final"):
        found = session.execute(select(Application, Person).join(Person, Person.id == Application.person_id)
                                .where(Application.round_id == round_id, Application.rank.is_not(None))
                                .order_by(Application.rank, Application.id)).all()
        rows = [NoticeRow(rank=a.rank, admitted=a.admitted, name=masked_name(p.name),
                          identity_number=masked_identity(p.identity_number), total=a.total)
                for a, p in found]
    return NoticeOut(round_id=round_id, state=round_.state, objection_deadline=round_.notice_closes,
                     rows=rows)


@router.get("/rounds/{round_id}/stats", response_model=RoundStats)
def stats(round_id: RowId, request: Request, session: SessionDep, analyst: Analyst) -> RoundStats:
    """Aggregates only (for analysts), small cells suppressed (SETTLE_SMALL_CELL, default 10)."""
    service.get_round(session=session, round_id=round_id)
    where = Application.round_id == round_id
    by_state = {state: count for state, count in session.execute(
        select(Application.state, func.count()).where(where).group_by(Application.state)).all()}
    admitted = session.execute(select(func.count()).where(where, Application.admitted.is_(True))).scalar_one()
    eligible = session.execute(select(func.count()).where(where, Application.eligible.is_(True))).scalar_one()
    mean = session.execute(select(func.avg(Application.total)).where(where)).scalar()
    limit = request.app.state.small_cell
    total = sum(by_state.values())
    return RoundStats(round_id=round_id, applications=suppress.count(total, total, limit),
                      by_state=suppress.breakdown(by_state, limit),
                      admitted=suppress.count(admitted, total, limit),
                      eligible=suppress.count(eligible, total, limit),
                      mean_total=suppress.mean(None if mean is None else Decimal(str(mean)).quantize(
                          Decimal("0.01")), total, limit),
                      suppressed_below=limit)


@router.post("/applications/{application_id}/objections", response_model=Created,
             status_code=status.HTTP_201_CREATED)
def file_objection(application_id: RowId, body: ObjectionIn, session: SessionDep, account: AccountDep,
                   today: TodayDep) -> Created:
    """A written objection while results are disclosed or noticed: the applicant on their own
    application, or the window or bureau recording someone's written objection. A proposed
    correction is checked against the fact's type."""
    objection = round_service.file_objection(session=session, actor=account.username,
                                             actor_role=account.role, actor_person_id=account.person_id,
                                             application_id=application_id, today=today,
                                             **body.model_dump())
    return Created(id=objection.id)


@router.post("/objections/{objection_id}/decision", response_model=ObjectionOutcome)
def decide_objection(objection_id: RowId, body: ObjectionDecision, session: SessionDep,
                     officer: Officer) -> ObjectionOutcome:
    """Uphold or reject. An upheld correction becomes a verification task at the department
    holding each fact; its decision changes the record, re-scores and re-ranks."""
    tasks = round_service.decide_objection(session=session, actor=officer.username,
                                           objection_id=objection_id, **body.model_dump())
    state = "upheld" if body.upheld else "rejected"
    return ObjectionOutcome(objection_id=objection_id, state=state,
                            tasks=[TaskRef(id=t.id, fact=t.fact, department=t.department) for t in tasks])
