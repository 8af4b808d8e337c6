"""The framework's own refusals of a page request — no such page, a method the page does not
take, a value in the address or the form that does not fit its type — answered with the error
page in the page's language instead of the API's JSON body. Requests of the API keep the
API's answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from settle.errors import Invalid, NotFound, SettleError
from settle.messages import MESSAGES, say
from settle.web.pages import error_page

Handler = Callable[[Request, Any], Response]
SHOWN_VALUE = 40  # characters of a refused value the message repeats


def wants_page(request: Request, is_page: Callable[[Request], bool]) -> bool:
    """A page's own address, or an unknown one a browser asked for as a page."""
    return is_page(request) or (request.method == "GET" and "text/html" in request.headers.get("accept", ""))


def http_refusal(request: Request, exc: StarletteHTTPException) -> SettleError:
    path, status = request.url.path, exc.status_code
    if status == 404:
        return NotFound(say("no_page", path=path), field="path")
    if status == 405:
        refusal = SettleError(say("page_method_not_allowed", path=path, method=request.method),
                              field="method")
        refusal.code = "method_not_allowed"
    else:
        refusal = SettleError(say("page_refused", path=path, status=status))
        refusal.code = f"http_{status}"
    refusal.status = status
    return refusal


def _rule(error: dict[str, Any]) -> Any:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return say("rule_whole_number")
    if kind in ("greater_than_equal", "greater_than"):
        return say("rule_at_least", limit=context.get("ge", context.get("gt", "")))
    if kind in ("less_than_equal", "less_than"):
        return say("rule_at_most", limit=context.get("le", context.get("lt", "")))
    if kind == "missing":
        return say("rule_required")
    if kind == "string_too_long":
        return say("rule_too_long", limit=context.get("max_length", ""))
    if kind.startswith("date"):
        return say("rule_date")
    return say("rule_malformed")


def validation_refusal(exc: RequestValidationError) -> Invalid:
    """The first problem, naming the field, the value sent and the rule it breaks."""
    errors = exc.errors()
    first: dict[str, Any] = dict(errors[0]) if errors else {}
    name = str(first.get("loc", ("", ""))[-1])
    field = say(f"field_{name}") if f"field_{name}" in MESSAGES else say("field_other")
    value = "" if first.get("input") is None else str(first["input"])[:SHOWN_VALUE]
    return Invalid(say("page_bad_value", field=field, value=value, rule=_rule(first)), field=name or None)


def answer_pages_with_pages(app: FastAPI, is_page: Callable[[Request], bool]) -> None:
    """Wrap the API's handlers of the framework's refusals: a page request gets the error page."""
    api_http = cast(Handler, app.exception_handlers[StarletteHTTPException])  # the API's are plain functions
    api_validation = cast(Handler, app.exception_handlers[RequestValidationError])

    def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not wants_page(request, is_page):
            return api_http(request, exc)
        return error_page(request, http_refusal(request, exc))

    def validation(request: Request, exc: RequestValidationError) -> Response:
        if not is_page(request):
            return api_validation(request, exc)
        return error_page(request, validation_refusal(exc))

    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, validation)  # type: ignore[arg-type]
