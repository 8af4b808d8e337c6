"""The server `settle serve` runs: the JSON API (settle.api.app.create_api) with the pages
mounted on it, their static files, and refused page requests answered with a page."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from settle.api.access_log import AccessLog
from settle.api.app import create_api
from settle.api.routers import simulations
from settle.errors import SettleError
from settle.web.page_errors import answer_pages_with_pages
from settle.web.pages import error_page
from settle.web.routes import (
    account,
    analysis,
    case_desk,
    case_window,
    distribution,
    intake,
    monitoring,
    my_cases,
    organization_desk,
    public,
    purchase_desk,
    queue,
    register_desk,
    sharing,
    social_workers,
    staff,
    stock_desk,
    volunteers,
)
from settle.web.routes import documents as document_pages

STATIC = Path(__file__).parent / "static"
SERVE_URL = "SETTLE_SERVE_URL"
SERVE_TODAY = "SETTLE_SERVE_TODAY"
PAGE_PREFIXES = ("/staff", "/me", "/assess", "/notice", "/login", "/logout", "/analysis", "/monitoring")


def is_page(request: Request) -> bool:
    path = request.url.path
    return path == "/" or path.startswith(PAGE_PREFIXES)


def page_answer(request: Request, exc: SettleError) -> Response | None:
    """A refused page request gets the error page; an API request gets None (the JSON body)."""
    return error_page(request, exc) if is_page(request) else None


def create_app(database_url: str | None = None, today: dt.date | None = None,
               small_cell: int | None = None, max_body_bytes: int | None = None) -> FastAPI:
    """The API (see `create_api` for the arguments) and the pages, on one database."""
    app = create_api(database_url, today=today, small_cell=small_cell, max_body_bytes=max_body_bytes)
    app.include_router(simulations.router)  # the API's studies share their jobs with the pages
    for page_router in (public.router, account.router, staff.router, intake.router, queue.router,
                        analysis.router, distribution.router, sharing.router, monitoring.router,
                        volunteers.router, my_cases.router, case_desk.router, case_window.router,
                        stock_desk.router,
                        organization_desk.router, purchase_desk.router, register_desk.router,
                        social_workers.router):
        app.include_router(page_router)
    app.include_router(document_pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.state.page_answer = page_answer
    answer_pages_with_pages(app, is_page)
    return app


def served_app() -> AccessLog:
    """What each worker process of `settle serve --workers N` runs: the pages and the API on
    the database and date the command put in SETTLE_SERVE_URL and SETTLE_SERVE_TODAY, with the
    access log that never writes a query string."""
    today = os.environ.get(SERVE_TODAY)
    return AccessLog(create_app(os.environ.get(SERVE_URL),
                                today=dt.date.fromisoformat(today) if today else None))
