"""Sign in and out: a short-lived bearer token for a username and password, throttled per
account and per address; signing out revokes the token."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from fastapi.security import HTTPAuthorizationCredentials

from settle.api.deps import AccountDep, SessionDep, bearer
from settle.api.schemas import TokenRequest, TokenResponse
from settle.audit.chain import record as audit
from settle.registry.authentication import sign_in as authenticate
from settle.registry.tokens import revoke_token

router = APIRouter(prefix="/auth", tags=["auth"])


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/token", response_model=TokenResponse)
def sign_in(body: TokenRequest, request: Request) -> TokenResponse:
    """Exchange a username and password for a bearer token. After 5 wrong passwords the
    account is locked for 15 minutes and an address with too many failures must wait:
    both answer 429 with Retry-After."""
    account, token = authenticate(sessions=request.app.state.sessions, username=body.username,
                                  password=body.password, address=client_address(request),
                                  purpose="authentication")
    return TokenResponse(access_token=token, role=account.role, department=account.department)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
async def logout(request: Request, session: SessionDep, account: AccountDep) -> None:
    """Revoke the token this request was signed with."""
    credentials: HTTPAuthorizationCredentials | None = await bearer(request)
    if credentials is not None:
        revoke_token(session=session, token=credentials.credentials)
    audit(session, account.username, "sign_out", f"account/{account.id}", "authentication")
