"""Dependencies of the routes: the request's transaction, the clock, the signed-in account
and the roles a route admits. Annotated aliases keep route signatures short."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from settle.errors import Forbidden, Unauthenticated
from settle.i18n import Text
from settle.messages import say
from settle.registry.clock import demo_today
from settle.registry.models import Account
from settle.registry.tokens import account_for_token


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the route returns, rolled back on error."""
    factory = request.app.state.sessions
    with factory() as session, session.begin():
        yield session


def get_read_session(request: Request) -> Iterator[Session]:
    """One read-only transaction per request, for routes that write nothing: on SQLite it
    begins deferred, so such requests run beside writers and beside each other."""
    with request.app.state.reads() as session, session.begin():
        yield session


def get_today(request: Request) -> dt.date:
    """Today's date: the server's fixed date (`settle serve --today`), else the demo city's
    stored date (read in a short transaction of its own, so a page that only reads never
    holds the write lock), else the real date."""
    fixed: dt.date | None = request.app.state.today
    if fixed is not None:
        return fixed
    with request.app.state.reads() as session, session.begin():
        return demo_today(session) or dt.date.today()


bearer = HTTPBearer(auto_error=False)


def get_account(session: Annotated[Session, Depends(get_session)],
                credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Account:
    if credentials is None:
        raise Unauthenticated("sign in: send Authorization: Bearer <token> from POST /auth/token")
    account = account_for_token(session=session, token=credentials.credentials)
    if account is None:
        raise Unauthenticated("the token is unknown or expired: sign in again")
    return account


SessionDep = Annotated[Session, Depends(get_session)]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]
RowId = Annotated[int, Path(ge=1, le=2_147_483_647, description="A row id.")]
TodayDep = Annotated[dt.date, Depends(get_today)]
AccountDep = Annotated[Account, Depends(get_account)]


def require(*roles: str) -> Callable[[Account], Account]:
    """A dependency admitting only accounts with one of `roles`."""

    def check(account: AccountDep) -> Account:
        if account.role not in roles:
            held = Text(en=account.role, zh=say(f"role_{account.role}").zh)
            needed = Text(en=" or ".join(roles), zh="、".join(say(f"role_{role}").zh for role in roles))
            raise Forbidden(say("api_needs_role", role=held, roles=needed), field="role")
        return account

    return check


Clerk = Annotated[Account, Depends(require("window_clerk", "administrator"))]
Verifier = Annotated[Account, Depends(require("department_verifier"))]
Officer = Annotated[Account, Depends(require("bureau_officer", "administrator"))]
Staff = Annotated[Account, Depends(require("window_clerk", "bureau_officer", "administrator"))]
Analyst = Annotated[Account, Depends(require("analyst", "bureau_officer", "administrator"))]
Administrator = Annotated[Account, Depends(require("administrator"))]
