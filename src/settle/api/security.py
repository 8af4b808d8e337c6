"""Passwords (argon2) and bearer tokens (random, stored only as a SHA-256 hash)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy.orm import Session

from settle.registry.models import Account, ApiToken

HASHER = PasswordHasher()
TOKEN_HOURS = 12


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except VerificationError:
        return False


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(*, session: Session, account: Account) -> str:
    token = secrets.token_urlsafe(32)
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=TOKEN_HOURS)
    session.add(ApiToken(token_hash=token_digest(token), account_id=account.id, expires_at=expires))
    return token


def account_for_token(*, session: Session, token: str) -> Account | None:
    row = session.get(ApiToken, token_digest(token))
    if row is None:
        return None
    expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=dt.UTC)
    if expires < dt.datetime.now(dt.UTC):
        return None
    return session.get(Account, row.account_id)


def create_account(*, session: Session, username: str, password: str, role: str,
                   department: str | None = None, person_id: int | None = None) -> Account:
    account = Account(username=username, password_hash=hash_password(password), role=role,
                      department=department, person_id=person_id)
    session.add(account)
    session.flush()
    return account
