"""Rounds: open, rank against the quota, disclose, public notice, objections, final list,
and the published notice (names and identity numbers masked as is customary)."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from settle.api.deps import AccountDep, Analyst, Officer, RowId, SessionDep, TodayDep
from settle.api.schemas import (
    Created,
    NoticeOut,
    ObjectionDecision,
    ObjectionIn,
    ObjectionOutcome,
    RankingOut,
    RoundIn,
    RoundOut,
    RoundStats,
    TaskRef,
)
from settle.registry.models import Round
from settle.workflow import applications as service
from settle.workflow import round_service
from settle.workflow.notice import public_notice as published_notice
from settle.workflow.statistics import round_statistics

router = APIRouter(tags=["rounds"])


def round_out(round_: Round) -> RoundOut:
    return RoundOut.model_validate(round_)


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
    return RankingOut.model_validate(report)


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
    return NoticeOut.model_validate(published_notice(session=session, round_id=round_id))


@router.get("/rounds/{round_id}/stats", response_model=RoundStats)
def stats(round_id: RowId, request: Request, session: SessionDep, analyst: Analyst) -> RoundStats:
    """Aggregates only (for analysts), small cells suppressed (SETTLE_SMALL_CELL, default 10)."""
    return RoundStats.model_validate(round_statistics(session=session, round_id=round_id,
                                                      small_cell=request.app.state.small_cell))


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
