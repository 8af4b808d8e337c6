"""Sign in: a bearer token for a username and password."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import select

from settle.api.deps import SessionDep, Unauthenticated
from settle.api.schemas import TokenRequest, TokenResponse
from settle.api.security import issue_token
from settle.audit.chain import record as audit
from settle.registry.accounts import password_matches
from settle.registry.models import Account

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=TokenResponse)
def sign_in(body: TokenRequest, session: SessionDep) -> TokenResponse:
    """Exchange a username and password for a bearer token."""
    account = session.execute(select(Account).where(Account.username == body.username)).scalar()
    if account is None or not password_matches(account.password_hash, body.password):
        raise Unauthenticated("unknown username or wrong password")
    token = issue_token(session=session, account=account)
    audit(session, account.username, "sign_in", f"account/{account.id}", "authentication")
    return TokenResponse(access_token=token, role=account.role, department=account.department)
