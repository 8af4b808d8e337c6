"""Department verification: each verifier sees and decides only its department's evidence."""

from __future__ import annotations

from fastapi import APIRouter

from settle.api.deps import RowId, SessionDep, TodayDep, Verifier
from settle.api.schemas import Decision, DecisionOut, EvidenceOut, RankingOut, TaskOut
from settle.audit.chain import record as audit
from settle.workflow import applications as service
from settle.workflow import round_service

router = APIRouter(prefix="/verification", tags=["verification"])


@router.get("/tasks", response_model=list[TaskOut])
def tasks(session: SessionDep, verifier: Verifier) -> list[TaskOut]:
    """Pending evidence of the verifier's department: the fact and its declared value only."""
    rows = service.pending_tasks(session=session, department=verifier.department)
    audit(session, verifier.username, "read_tasks", f"department/{verifier.department}",
          "verification", count=len(rows))
    return [TaskOut(id=item.id, application_id=item.application_id, applicant=name,
                    fact=item.fact, declared_value=item.declared_value, status=item.status,
                    version=item.version) for item, name in rows]


@router.post("/tasks/{item_id}", response_model=DecisionOut)
def decide(item_id: RowId, body: Decision, session: SessionDep, verifier: Verifier,
           today: TodayDep) -> DecisionOut:
    """Confirm, correct (with the value) or reject (with a reason); `version` must be current.
    Deciding the last task of an upheld objection re-scores and re-ranks (`ranking`)."""
    item, report = round_service.decide_evidence(
        session=session, actor=verifier.username, department=verifier.department, item_id=item_id,
        decision=body.decision, expected_version=body.version, value=body.value, reason=body.reason,
        today=today)
    evidence = EvidenceOut(id=item.id, fact=item.fact, department=item.department,
                           declared_value=item.declared_value, verified_value=item.verified_value,
                           status=item.status, reason=item.reason, version=item.version)
    ranking = None if report is None else RankingOut.model_validate(report)
    return DecisionOut(evidence=evidence, ranking=ranking)
