"""Rendering pages: the Jinja2 environment, the language and the signed-in account."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from settle.api.deps import get_session
from settle.errors import Forbidden, SettleError
from settle.i18n import Lang, Text
from settle.messages import say, state_word
from settle.registry.models import Account
from settle.registry.tokens import account_for_token
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
        names = [say(f"role_{role}") for role in roles]
        raise Forbidden(say("page_needs_role", roles=Text(en=", ".join(n.en for n in names),
                                                          zh="、".join(n.zh for n in names))), field="role")
    return account


def back_link(request: Request) -> str | None:
    """The page the user came from, when it is one of ours (for a way back from an error)."""
    referer = urlsplit(request.headers.get("referer", ""))
    if referer.netloc and referer.netloc != request.url.netloc:
        return None
    return (referer.path + (f"?{referer.query}" if referer.query else "")) or None


def error_page(request: Request, exc: SettleError) -> HTMLResponse:
    """A refused page request in the page's language, the user still signed in; an htmx
    request gets the message alone, shown beside the control that sent it."""
    lang = page_lang(request)
    with request.app.state.sessions() as session:
        token = request.cookies.get(TOKEN_COOKIE)
        account = None if not token else account_for_token(session=session, token=token)
        if request.headers.get("hx-request"):
            return render(request, "partials/error.html", lang, account, status=exc.status,
                          message=exc.text(lang), field=exc.field)
        return render(request, "error.html", lang, account, status=exc.status, code=exc.code,
                      message=exc.text(lang), back=back_link(request))


def district_word(district: str | None, lang: Lang) -> str:
    """A district's name as the cities' calibration files give it (萧山区, 荔湾区), else its id."""
    from settle.simulate.indicators.labels import row_words

    return row_words(district, lang) if district else ""


def render(request: Request, template: str, lang: Lang, account: Account | None = None,
           status: int = 200, **context: Any) -> HTMLResponse:
    response = TEMPLATES.TemplateResponse(request, template, {
        "lang": lang, "t": lambda key: t(key, lang), "account": account,
        "other_lang": "en" if lang == "zh" else "zh", "state_word": state_word,
        "district_word": lambda district: district_word(district, lang), **context},
        status_code=status)
    if request.query_params.get("lang") in ("en", "zh"):
        response.set_cookie(LANG_COOKIE, lang, samesite="lax")
    return response
