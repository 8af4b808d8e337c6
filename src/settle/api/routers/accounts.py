"""Account management: the administrator creates, changes, disables, resets, unlocks and
signs out accounts; the window creates applicant accounts for registered persons. Audited."""

from __future__ import annotations

from fastapi import APIRouter, status

from settle.api.deps import Administrator, Clerk, RowId, SessionDep
from settle.api.schemas import AccountChange, AccountIn, AccountOut, PasswordIn
from settle.errors import Forbidden
from settle.registry import accounts as service
from settle.registry.authentication import is_locked
from settle.registry.models import Account

router = APIRouter(prefix="/accounts", tags=["accounts"])


def account_out(account: Account) -> AccountOut:
    return AccountOut(id=account.id, username=account.username, role=account.role,
                      department=account.department, person_id=account.person_id,
                      organization_id=account.organization_id,
                      disabled=account.disabled, locked=is_locked(account))


@router.get("", response_model=list[AccountOut])
def list_accounts(session: SessionDep, admin: Administrator) -> list[AccountOut]:
    return [account_out(a) for a in service.list_accounts(session=session)]


@router.post("", response_model=AccountOut, status_code=status.HTTP_201_CREATED)
def create(body: AccountIn, session: SessionDep, staff: Clerk) -> AccountOut:
    """An administrator creates any account; the window only applicant accounts."""
    if staff.role != "administrator" and body.role != "applicant":
        raise Forbidden("the window creates applicant accounts only", field="role")
    return account_out(service.open_account(session=session, actor=staff.username, **body.model_dump()))


@router.patch("/{account_id}", response_model=AccountOut)
def change(account_id: RowId, body: AccountChange, session: SessionDep, admin: Administrator) -> AccountOut:
    """Change the role or department, or disable (which signs out everywhere) / enable."""
    return account_out(service.change_account(session=session, actor=admin.username, account_id=account_id,
                                              **body.model_dump()))


@router.post("/{account_id}/password", response_model=AccountOut)
def reset(account_id: RowId, body: PasswordIn, session: SessionDep, admin: Administrator) -> AccountOut:
    return account_out(service.reset_password(session=session, actor=admin.username, account_id=account_id,
                                              password=body.password))


@router.post("/{account_id}/unlock", response_model=AccountOut)
def unlock(account_id: RowId, session: SessionDep, admin: Administrator) -> AccountOut:
    """Lift the lock that failed sign-ins put on the account."""
    return account_out(service.unlock(session=session, actor=admin.username, account_id=account_id))


@router.post("/{account_id}/sign-out-everywhere", response_model=AccountOut)
def sign_out_everywhere(account_id: RowId, session: SessionDep, admin: Administrator) -> AccountOut:
    """Revoke every token of the account."""
    service.sign_out_everywhere(session=session, actor=admin.username, account_id=account_id)
    return account_out(service.get_account(session=session, account_id=account_id))
