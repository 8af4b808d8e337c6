"""Applications: intake, submission in the window, scoring, cards."""

from __future__ import annotations

from fastapi import APIRouter, status

from settle.api.deps import AccountDep, Clerk, Officer, RowId, SessionDep, TodayDep
from settle.api.schemas import AcceptIn, ApplicationIn, ApplicationOut, CloseIn, EvidenceOut
from settle.audit.chain import record as audit
from settle.errors import Forbidden
from settle.registry.models import Account, Application
from settle.workflow import applications as service
from settle.workflow import round_service
from settle.workflow.listings import evidence_of

router = APIRouter(prefix="/applications", tags=["applications"])


def application_out(session: SessionDep, application: Application) -> ApplicationOut:
    evidence = [EvidenceOut.model_validate(item)
                for item in evidence_of(session=session, application_id=application.id)]
    return ApplicationOut.model_validate(application).model_copy(update={"evidence": evidence})


def may_act_for(account: Account, application: Application) -> bool:
    """Staff of the window and bureau, or the applicant themself."""
    if account.role in ("window_clerk", "bureau_officer", "administrator"):
        return True
    return account.role == "applicant" and account.person_id == application.person_id


@router.post("", response_model=ApplicationOut, status_code=status.HTTP_201_CREATED)
def create(body: ApplicationIn, session: SessionDep, account: AccountDep) -> ApplicationOut:
    """A draft application (by the window clerk, or the applicant for themself)."""
    if account.role == "applicant" and account.person_id != body.person_id:
        raise Forbidden("an applicant may apply only for themself", field="person_id")
    if account.role not in ("applicant", "window_clerk", "administrator"):
        raise Forbidden(f"role {account.role} may not create applications", field="role")
    application = service.create_application(session=session, actor=account.username, **body.model_dump())
    return application_out(session, application)


@router.get("/{application_id}", response_model=ApplicationOut)
def read(application_id: RowId, session: SessionDep, account: AccountDep) -> ApplicationOut:
    """The application with its evidence: the applicant, the window and the bureau."""
    application = service.get_application(session=session, application_id=application_id)
    if not may_act_for(account, application):
        raise Forbidden(f"role {account.role} may not read application {application_id}",
                        field="application_id")
    audit(session, account.username, "read_application", f"application/{application_id}",
          "own application" if account.role == "applicant" else "case handling")
    return application_out(session, application)


@router.post("/{application_id}/submit", response_model=ApplicationOut)
def submit(application_id: RowId, session: SessionDep, account: AccountDep,
           today: TodayDep) -> ApplicationOut:
    """Submit inside the round's window; submitting twice is harmless."""
    application = service.get_application(session=session, application_id=application_id)
    if not may_act_for(account, application):
        raise Forbidden("only the applicant or the window may submit", field="application_id")
    service.submit(session=session, actor=account.username, application_id=application_id, today=today)
    return application_out(session, application)


@router.post("/{application_id}/accept", response_model=ApplicationOut)
def accept(application_id: RowId, session: SessionDep, clerk: Clerk,
           body: AcceptIn | None = None) -> ApplicationOut:
    """The window builds the file, recording the document received for each declared fact;
    evidence items go to the departments that verify them."""
    documents = {fact: doc.model_dump() for fact, doc in (body.documents if body else {}).items()}
    service.accept(session=session, actor=clerk.username, application_id=application_id,
                   documents=documents)
    return application_out(session, service.get_application(session=session, application_id=application_id))


@router.post("/{application_id}/score", response_model=ApplicationOut)
def score(application_id: RowId, session: SessionDep, officer: Officer) -> ApplicationOut:
    """Score from verified facts once every evidence item is decided."""
    application = service.score(session=session, actor=officer.username, application_id=application_id)
    return application_out(session, application)


@router.post("/{application_id}/card", response_model=ApplicationOut)
def issue_card(application_id: RowId, session: SessionDep, officer: Officer) -> ApplicationOut:
    """Issue the settlement card to an admitted applicant of a final round."""
    application = round_service.issue_card(session=session, actor=officer.username,
                                           application_id=application_id)
    return application_out(session, application)


@router.post("/{application_id}/settle", response_model=ApplicationOut)
def settle(application_id: RowId, session: SessionDep, officer: Officer) -> ApplicationOut:
    """Record that the holder of the card has settled (hukou registered)."""
    application = round_service.settle(session=session, actor=officer.username,
                                       application_id=application_id)
    return application_out(session, application)


@router.post("/{application_id}/withdraw", response_model=ApplicationOut)
def withdraw(application_id: RowId, body: CloseIn, session: SessionDep, account: AccountDep,
             today: TodayDep) -> ApplicationOut:
    """Withdraw an application before the final list, with the reason: the applicant, or the
    window at the applicant's written request. A ranked round is ranked again."""
    application = service.get_application(session=session, application_id=application_id)
    if not may_act_for(account, application) or account.role == "bureau_officer":
        raise Forbidden("only the applicant or the window may withdraw an application",
                        field="application_id")
    round_service.close_application(session=session, actor=account.username, application_id=application_id,
                                    action="withdraw", reason=body.reason, today=today)
    return application_out(session, application)


@router.post("/{application_id}/exclude", response_model=ApplicationOut)
def exclude(application_id: RowId, body: CloseIn, session: SessionDep, officer: Officer,
            today: TodayDep) -> ApplicationOut:
    """Exclude an application from the round with the reason (for example a file that cannot
    be scored, or a false declaration, 2016 rules 第十四条). A ranked round is ranked again."""
    round_service.close_application(session=session, actor=officer.username, application_id=application_id,
                                    action="exclude", reason=body.reason, today=today)
    return application_out(session, service.get_application(session=session, application_id=application_id))
