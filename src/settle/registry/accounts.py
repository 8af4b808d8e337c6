"""Accounts: passwords hashed with argon2, a role, and a department for verifiers; the
administrator's account management (create, disable, reset a password, change a role, unlock,
sign out everywhere), every change audited. Window clerks may create applicant accounts for
registered persons."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Conflict, Invalid, NotFound
from settle.registry.models import Account
from settle.registry.models.accounts import ROLES

HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except VerificationError:
        return False


def create_account(*, session: Session, username: str, password: str, role: str,
                   department: str | None = None, person_id: int | None = None,
                   organization_id: int | None = None) -> Account:
    if role not in ROLES:
        raise Invalid(f"role {role!r} is not one of {', '.join(ROLES)}", field="role")
    if role == "department_verifier" and not department:
        raise Invalid("a department verifier needs a department", field="department")
    if (role == "organization") != (organization_id is not None):
        raise Invalid("an organization account, and only one, belongs to a registered organization: "
                      "give organization_id with role organization", field="organization_id")
    account = Account(username=username, password_hash=hash_password(password), role=role,
                      department=department, person_id=person_id, organization_id=organization_id)
    session.add(account)
    session.flush()
    return account


MIN_PASSWORD = 10


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"password: at least {MIN_PASSWORD} characters, got {len(password)}", field="password")


def list_accounts(*, session: Session) -> list[Account]:
    """Every account, oldest first."""
    return list(session.execute(select(Account).order_by(Account.id)).scalars())


def get_account(*, session: Session, account_id: int) -> Account:
    found = session.get(Account, account_id)
    if found is None:
        raise NotFound(f"no account {account_id}", field="account_id")
    return found


def open_account(*, session: Session, actor: str, username: str, password: str, role: str,
                 department: str | None = None, person_id: int | None = None,
                 organization_id: int | None = None) -> Account:
    """A new account made by an administrator (or by the window, for an applicant)."""
    _check_password(password)
    if session.execute(select(Account.id).where(Account.username == username)).first() is not None:
        raise Conflict(f"username {username!r} is taken", field="username")
    if role == "applicant":
        from settle.registry.persons import get_person

        if person_id is None:
            raise Invalid("an applicant account belongs to a registered person: give person_id",
                          field="person_id")
        get_person(session=session, person_id=person_id)
        if session.execute(select(Account.id).where(Account.person_id == person_id)).first():
            raise Conflict(f"person {person_id} already has an account", field="person_id")
    if organization_id is not None:
        from settle.registry.models.organizations import Organization

        if session.get(Organization, organization_id) is None:
            raise NotFound(f"no organization {organization_id}", field="organization_id")
    account = create_account(session=session, username=username, password=password, role=role,
                             department=department, person_id=person_id, organization_id=organization_id)
    audit(session, actor, "create_account", f"account/{account.id}", "account management", role=role,
          department=department, person_id=person_id, organization_id=organization_id)
    return account


def change_account(*, session: Session, actor: str, account_id: int, role: str | None = None,
                   department: str | None = None, disabled: bool | None = None) -> Account:
    """Change the role or department, or disable / enable; disabling signs out everywhere."""
    from settle.registry.tokens import revoke_all

    account = get_account(session=session, account_id=account_id)
    before = {"role": account.role, "department": account.department, "disabled": account.disabled}
    if role is not None:
        if role not in ROLES:
            raise Invalid(f"role {role!r} is not one of {', '.join(ROLES)}", field="role")
        account.role = role
    if department is not None:
        account.department = department or None
    if account.role == "department_verifier" and not account.department:
        raise Invalid("a department verifier needs a department", field="department")
    if (account.role == "organization") != (account.organization_id is not None):
        raise Invalid("only an account made for a registered organization has the role organization",
                      field="role")
    if disabled is not None:
        account.disabled = disabled
    if account.disabled or account.role != before["role"]:
        revoke_all(session=session, account_id=account.id)
    audit(session, actor, "change_account", f"account/{account.id}", "account management", before=before,
          after={"role": account.role, "department": account.department, "disabled": account.disabled})
    return account


def reset_password(*, session: Session, actor: str, account_id: int, password: str) -> Account:
    """Set a new password (to hand over in person); signs the account out everywhere."""
    from settle.registry.tokens import revoke_all

    _check_password(password)
    account = get_account(session=session, account_id=account_id)
    account.password_hash = hash_password(password)
    account.failed_sign_ins = 0
    account.locked_until = None
    revoke_all(session=session, account_id=account.id)
    audit(session, actor, "reset_password", f"account/{account.id}", "account management")
    return account


def unlock(*, session: Session, actor: str, account_id: int) -> Account:
    """Lift a lock after failed sign-ins."""
    account = get_account(session=session, account_id=account_id)
    account.failed_sign_ins = 0
    account.locked_until = None
    audit(session, actor, "unlock_account", f"account/{account.id}", "account management")
    return account


def sign_out_everywhere(*, session: Session, actor: str, account_id: int) -> int:
    from settle.registry.tokens import revoke_all

    account = get_account(session=session, account_id=account_id)
    revoked = revoke_all(session=session, account_id=account.id)
    audit(session, actor, "sign_out_everywhere", f"account/{account.id}", "account management",
          tokens=revoked)
    return revoked
