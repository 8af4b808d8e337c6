"""A purchase contract after the award: its milestones, the organization's reports (what it
did, whom it served), the payments (never above the contract's amount) and the final
performance evaluation, from the end of the service period. Audited under `purchase/<id>`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Forbidden, Invalid, NotFound
from settle.messages import say
from settle.registry.clock import demo_today
from settle.registry.models import ContractMilestone, ContractPayment, ContractReport, PurchaseContract
from settle.words import text as text_of
from settle.workflow.purchase_states import next_purchase_state
from settle.workflow.purchases import PURPOSE, get_project_or_raise


def get_contract_or_raise(*, session: Session, contract_id: int) -> PurchaseContract:
    contract = session.get(PurchaseContract, contract_id)
    if contract is None:
        raise NotFound(say("no_contract", id=contract_id), field="contract_id")
    return contract


def add_milestone(*, session: Session, actor: str, contract_id: int, description: str,
                  due_on: dt.date) -> ContractMilestone:
    contract = get_contract_or_raise(session=session, contract_id=contract_id)
    if not description.strip():
        raise Invalid(say("field_required", field="description"), field="description")
    row = ContractMilestone(contract_id=contract.id, description=description, due_on=due_on)
    session.add(row)
    session.flush()
    audit(session, actor, "add_milestone", f"purchase/{contract.project_id}", PURPOSE, contract=contract.id,
          milestone=row.id, description=description, due_on=due_on)
    return row


def submit_report(*, session: Session, actor: str, contract_id: int, organization_id: int, summary: str,
                  beneficiaries_served: int, today: dt.date | None = None) -> ContractReport:
    """The contracted organization's report; another organization may not report on it."""
    contract = get_contract_or_raise(session=session, contract_id=contract_id)
    if contract.organization_id != organization_id:
        raise Forbidden(say("not_your_contract", id=contract_id), field="contract_id")
    if beneficiaries_served < 0:
        raise Invalid(say("value_negative", field="beneficiaries_served", value=beneficiaries_served),
                      field="beneficiaries_served")
    row = ContractReport(contract_id=contract.id,
                         submitted_on=today or demo_today(session) or dt.date.today(),
                         submitted_by=actor, summary=summary, beneficiaries_served=beneficiaries_served)
    session.add(row)
    session.flush()
    audit(session, actor, "submit_contract_report", f"purchase/{contract.project_id}", PURPOSE,
          contract=contract.id, report=row.id, beneficiaries_served=beneficiaries_served)
    return row


def record_payment(*, session: Session, actor: str, contract_id: int, amount: Decimal, paid_on: dt.date,
                   milestone_id: int | None = None) -> ContractPayment:
    contract = get_contract_or_raise(session=session, contract_id=contract_id)
    if amount <= 0:
        raise Invalid(say("value_negative", field="amount", value=amount), field="amount")
    paid = session.execute(select(func.coalesce(func.sum(ContractPayment.amount), 0))
                           .where(ContractPayment.contract_id == contract_id)).scalar_one()
    total = Decimal(paid) + amount
    if total > contract.amount:
        raise Invalid(say("payments_over_contract", amount=amount, total=total, contract=contract.amount),
                      field="amount")
    row = ContractPayment(contract_id=contract.id, paid_on=paid_on, amount=amount, milestone_id=milestone_id)
    session.add(row)
    session.flush()
    audit(session, actor, "record_payment", f"purchase/{contract.project_id}", PURPOSE, contract=contract.id,
          amount=amount, paid_on=paid_on, milestone=milestone_id)
    return row


def evaluate_contract(*, session: Session, actor: str, contract_id: int, score: Decimal, grade: str,
                      text: str,
                      today: dt.date | None = None) -> PurchaseContract:
    """The final performance evaluation (0-100, a grade, the findings), from the period's end."""
    now = today or demo_today(session) or dt.date.today()
    contract = get_contract_or_raise(session=session, contract_id=contract_id)
    project = get_project_or_raise(session=session, project_id=contract.project_id)
    if now < project.period_end:
        raise Invalid(say("evaluate_before_end", end=project.period_end), field="today")
    if not Decimal(0) <= score <= Decimal(100):
        raise Invalid(say("score_range", score=score), field="score")
    project.state = next_purchase_state(project.state, "evaluate")
    contract.evaluated_on, contract.evaluation_score = now, score
    contract.evaluation_grade, contract.evaluation_text = grade, text
    session.flush()
    audit(session, actor, "evaluate_contract", f"purchase/{project.id}", PURPOSE, contract=contract.id,
          score=score, grade=grade, text=text)
    return contract


def complete_milestone(*, session: Session, actor: str, contract_id: int, milestone_id: int,
                       done_on: dt.date) -> ContractMilestone:
    """Record the day a milestone of the contract was met (not before the contract was signed)."""
    contract = get_contract_or_raise(session=session, contract_id=contract_id)
    row = session.get(ContractMilestone, milestone_id)
    if row is None or row.contract_id != contract.id:
        raise NotFound(text_of("purchases", "no_milestone", id=milestone_id, contract=contract_id),
                       field="milestone_id")
    if done_on < contract.signed_on:
        raise Invalid(say("date_before", field="done_on", value=done_on, other="signed_on",
                          other_value=contract.signed_on), field="done_on")
    row.done_on = done_on
    session.flush()
    audit(session, actor, "complete_milestone", f"purchase/{contract.project_id}", PURPOSE,
          contract=contract.id, milestone=row.id, done_on=done_on)
    return row


def contract_of_project(*, session: Session, project_id: int) -> PurchaseContract | None:
    """The contract signed at a project's award (None before it)."""
    return session.execute(select(PurchaseContract).where(PurchaseContract.project_id == project_id)).scalar()


def contracts_of_organization(*, session: Session, organization_id: int) -> list[PurchaseContract]:
    return list(session.execute(select(PurchaseContract).where(
        PurchaseContract.organization_id == organization_id).order_by(PurchaseContract.id)).scalars())


@dataclass(frozen=True)
class ContractFile:
    """A contract with everything recorded under it: milestones, reports, payments."""

    contract: PurchaseContract
    milestones: list[ContractMilestone]
    reports: list[ContractReport]
    payments: list[ContractPayment]

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), Decimal(0))

    @property
    def beneficiaries_served(self) -> int:
        return sum(r.beneficiaries_served for r in self.reports)


def contract_file(*, session: Session, contract_id: int) -> ContractFile:
    contract = get_contract_or_raise(session=session, contract_id=contract_id)
    milestones = session.execute(select(ContractMilestone).where(ContractMilestone.contract_id == contract_id)
                                 .order_by(ContractMilestone.due_on, ContractMilestone.id)).scalars()
    reports = session.execute(select(ContractReport).where(ContractReport.contract_id == contract_id)
                              .order_by(ContractReport.submitted_on, ContractReport.id)).scalars()
    payments = session.execute(select(ContractPayment).where(ContractPayment.contract_id == contract_id)
                               .order_by(ContractPayment.paid_on, ContractPayment.id)).scalars()
    return ContractFile(contract=contract, milestones=list(milestones), reports=list(reports),
                        payments=list(payments))
