"""Rendering pages: the Jinja2 environment, the language and the signed-in account."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from settle.api.deps import get_session
from settle.api.security import account_for_token
from settle.errors import Forbidden
from settle.i18n import Lang
from settle.registry.models import Account
from settle.web.words import t

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TOKEN_COOKIE = "settle_token"
LANG_COOKIE = "settle_lang"


def page_lang(request: Request) -> Lang:
    """?lang= wins, then the cookie, then the browser's preference, then English."""
    chosen = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE)
    if chosen in ("en", "zh"):
        return "zh" if chosen == "zh" else "en"
    return "zh" if request.headers.get("accept-language", "").startswith("zh") else "en"


def page_account(request: Request, session: Annotated[Session, Depends(get_session)]) -> Account | None:
    token = request.cookies.get(TOKEN_COOKIE)
    return None if not token else account_for_token(session=session, token=token)


LangDep = Annotated[Lang, Depends(page_lang)]
MaybeAccount = Annotated[Account | None, Depends(page_account)]


def need(account: Account | None, *roles: str) -> Account:
    if account is None or account.role not in roles:
        raise Forbidden(f"this page needs one of: {', '.join(roles)}", field="role")
    return account


def render(request: Request, template: str, lang: Lang, account: Account | None = None,
           status: int = 200, **context: Any) -> HTMLResponse:
    response = TEMPLATES.TemplateResponse(request, template, {
        "lang": lang, "t": lambda key: t(key, lang), "account": account,
        "other_lang": "en" if lang == "zh" else "zh", **context}, status_code=status)
    if request.query_params.get("lang") in ("en", "zh"):
        response.set_cookie(LANG_COOKIE, lang, samesite="lax")
    return response
