"""The JSON API: routers, and errors as {code, message, field} bodies.

The pages are mounted on it by settle.web.app (which `settle serve` runs): the API knows
nothing of them but `app.state.page_answer`, a hook the pages set to answer a refused page
request with a page instead of JSON.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from settle import __version__
from settle.api import limits
from settle.api.routers import (
    accounts,
    applications,
    audit,
    auth,
    distribution,
    documents,
    indicators,
    notices,
    organizations,
    packs,
    persons,
    purchases,
    rounds,
    service_cases,
    services,
    sharing,
    social_workers,
    verification,
    volunteers,
)
from settle.api.schemas import BlockedOut, ErrorBody
from settle.database import make_engine, read_factory, session_factory
from settle.echo import cut
from settle.errors import DuplicateApplication, RoundBlocked, SettleError, Throttled
from settle.i18n import Lang
from settle.packs import default_catalogue
from settle.registry.sources import check_catalogue
from settle.rules.facts import InvalidFacts
from settle.workflow.disclosure_control import threshold_from_env

ERRORS = {code: {"model": ErrorBody} for code in (401, 403, 404, 409, 413, 422, 429)}

def page_answer(request: Request, exc: SettleError) -> Response | None:
    """The page answering a refused request, when pages are mounted and it asked for one."""
    hook: limits.PageAnswer | None = getattr(request.app.state, "page_answer", None)
    return None if hook is None else hook(request, exc)


def _error(status: int, code: str, message: str, field: str | None, **extra: Any) -> JSONResponse:
    body = ErrorBody(code=code, message=message, field=field, **extra)
    return JSONResponse(status_code=status, content=body.model_dump(exclude_none=True))


def api_lang(request: Request) -> Lang:
    """The API answers in Chinese when the request prefers it (Accept-Language: zh...)."""
    return "zh" if request.headers.get("accept-language", "").lower().startswith("zh") else "en"


def _settle_error_body(request: Request, exc: SettleError) -> JSONResponse:
    lang = api_lang(request)
    extra: dict[str, Any] = {}
    if isinstance(exc, DuplicateApplication):
        extra["existing_id"] = exc.existing_id
    if isinstance(exc, RoundBlocked):
        extra["blocked"] = [BlockedOut(application_id=b.application_id, field=b.field, reason=b.reason(lang))
                            for b in exc.blocked]
    response = _error(exc.status, exc.code, exc.text(lang), exc.field, **extra)
    if isinstance(exc, Throttled):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


def create_api(database_url: str | None = None, today: dt.date | None = None,
               small_cell: int | None = None,
               max_body_bytes: int | None = None) -> FastAPI:
    """The API on the database at `database_url` (migrated already); `today` fixes the date;
    aggregates hide counts below `small_cell` persons (default SETTLE_SMALL_CELL or 10);
    request bodies above `max_body_bytes` (default SETTLE_MAX_BODY_BYTES or 1 MiB) get 413."""
    app = FastAPI(title="Settle", version=__version__, responses=ERRORS,  # type: ignore[arg-type]
                  description="Points-based residence permits and settlement: registry, "
                              "applications, verification by departments, rounds, objections.")
    engine = make_engine(database_url)
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.reads = read_factory(engine)
    app.state.today = today
    app.state.small_cell = threshold_from_env() if small_cell is None else small_cell
    check_catalogue(default_catalogue())  # every pack's `registry:` entries name rows the registry holds
    app.state.page_answer = None
    for module in (auth, accounts, persons, applications, verification, rounds, audit, services, packs,
                   distribution,
                   service_cases,
                   sharing, documents, notices, indicators,
                   volunteers, organizations, purchases, social_workers):
        app.include_router(module.router)

    @app.exception_handler(SettleError)
    def settle_error(request: Request, exc: SettleError) -> Response:
        return page_answer(request, exc) or _settle_error_body(request, exc)

    @app.exception_handler(InvalidFacts)
    def invalid_facts(_request: Request, exc: InvalidFacts) -> JSONResponse:
        first = exc.problems[0]
        return _error(422, "invalid_facts", str(exc), first.field)

    @app.exception_handler(StaleDataError)
    def stale(_request: Request, _exc: StaleDataError) -> JSONResponse:
        return _error(409, "stale_version", "the record was changed by someone else: reload and retry",
                      "version")

    @app.exception_handler(IntegrityError)
    def integrity(_request: Request, exc: IntegrityError) -> JSONResponse:
        return _error(409, "conflict", f"the change conflicts with stored data: {exc.orig}", None)

    @app.exception_handler(StarletteHTTPException)
    def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not_found", 405: "method_not_allowed"}
        return _error(exc.status_code, codes.get(exc.status_code, f"http_{exc.status_code}"),
                      str(exc.detail), None)

    @app.exception_handler(RequestValidationError)
    def validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        """The first five problems, each with its place and rule. What the request sent (a
        key in the place, a value in a rule's text) is cut to 80 characters, and pydantic's
        `input` is never sent back, so a huge invalid value gets a small answer."""
        errors = exc.errors()
        first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
        field = ".".join(cut(str(p)) for p in first["loc"][1:]) or None
        message = "; ".join(f"{'.'.join(cut(str(p)) for p in e['loc'])}: {cut(str(e['msg']), 200)}"
                            for e in errors[:5])
        if len(errors) > 5:
            message += f"; and {len(errors) - 5} more"
        return _error(422, "invalid_request", message, field)

    app.add_middleware(limits.BodyLimit, max_bytes=limits.max_body_bytes(max_body_bytes),
                       page_answer=page_answer)
    return app
