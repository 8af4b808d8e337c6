"""Bearer tokens: random, stored only as a SHA-256 hash, short-lived and revocable.

A token is valid for TOKEN_MINUTES after its last use (it slides forward when less than half
of that remains, so an active session stays signed in without a write per request), and never
beyond MAX_HOURS after it was issued. Signing out deletes the token; an administrator's "sign
out everywhere", disabling the account or changing its password deletes all of its tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete
from sqlalchemy.orm import Session

from settle.registry.models import Account, ApiToken

TOKEN_MINUTES = 60
MAX_HOURS = 12


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def issue_token(*, session: Session, account: Account) -> str:
    token = secrets.token_urlsafe(32)
    now = dt.datetime.now(dt.UTC)
    session.add(ApiToken(token_hash=token_digest(token), account_id=account.id, issued_at=now,
                         expires_at=now + dt.timedelta(minutes=TOKEN_MINUTES)))
    return token


def account_for_token(*, session: Session, token: str) -> Account | None:
    """The signed-in account, or None for an unknown, expired or revoked token or a disabled
    account."""
    row = session.get(ApiToken, token_digest(token))
    if row is None:
        return None
    now = dt.datetime.now(dt.UTC)
    expires = _aware(row.expires_at)
    if expires < now:
        return None
    account = session.get(Account, row.account_id)
    if account is None or account.disabled:
        return None
    issued = _aware(row.issued_at) if row.issued_at else expires - dt.timedelta(minutes=TOKEN_MINUTES)
    limit = issued + dt.timedelta(hours=MAX_HOURS)
    if expires - now < dt.timedelta(minutes=TOKEN_MINUTES / 2) and expires < limit:
        row.expires_at = min(limit, now + dt.timedelta(minutes=TOKEN_MINUTES))
    return account


def revoke_token(*, session: Session, token: str) -> bool:
    """Sign one token out; True if it existed."""
    row = session.get(ApiToken, token_digest(token))
    if row is None:
        return False
    session.delete(row)
    return True


def revoke_all(*, session: Session, account_id: int) -> int:
    """Sign an account out everywhere; the number of tokens revoked."""
    result = session.execute(delete(ApiToken).where(ApiToken.account_id == account_id))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
