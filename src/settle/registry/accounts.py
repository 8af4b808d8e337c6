"""Accounts: passwords hashed with argon2, a role, and a department for verifiers."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy.orm import Session

from settle.errors import Invalid
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
                   department: str | None = None, person_id: int | None = None) -> Account:
    if role not in ROLES:
        raise Invalid(f"role {role!r} is not one of {', '.join(ROLES)}", field="role")
    if role == "department_verifier" and not department:
        raise Invalid("a department verifier needs a department", field="department")
    account = Account(username=username, password_hash=hash_password(password), role=role,
                      department=department, person_id=person_id)
    session.add(account)
    session.flush()
    return account
