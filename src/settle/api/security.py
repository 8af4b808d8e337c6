"""Bearer tokens: random, stored only as a SHA-256 hash, valid for TOKEN_HOURS."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy.orm import Session

from settle.registry.models import Account, ApiToken

TOKEN_HOURS = 12


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
