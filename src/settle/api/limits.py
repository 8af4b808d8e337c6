"""The request-size limit: a body above the limit is refused with 413 before it is read whole.

`BodyLimit` is plain ASGI middleware around the whole application (API and pages). A request
whose Content-Length is above the limit is answered at once, its body never read; a body sent
without a length (chunked) is counted as it arrives, and reading stops at the first chunk that
takes it past the limit. The API answers {code: "too_large", message, field: null}; page
requests get the usual error page through `page_answer`.

The limit is `max_body_bytes` of `create_api` (and `settle.web.app.create_app`), else the environment variable
SETTLE_MAX_BODY_BYTES, else 1 MiB.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from settle.errors import SettleError
from settle.i18n import Lang, Text

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
ENVIRONMENT_VARIABLE = "SETTLE_MAX_BODY_BYTES"
UPLOAD_OVERHEAD = 64 * 1024  # a multipart body's boundaries and other fields beside the file

PageAnswer = Callable[[Request, SettleError], Response | None]


class TooLarge(SettleError):
    """A request body above the limit (413)."""

    status = 413
    code = "too_large"

    def __init__(self, limit: int) -> None:
        super().__init__(Text(en=f"the request body is larger than the limit of {describe(limit)}",
                              zh=f"请求内容超过上限 {describe(limit)}"))
        self.limit = limit


class _Refused(Exception):
    """Raised from `receive` when the body passes the limit, so the application stops reading."""


def describe(limit: int) -> str:
    """'1048576 bytes (1 MiB)': the limit in bytes, and in KiB or MiB when it is a whole number."""
    for unit, size in (("MiB", 1024 * 1024), ("KiB", 1024)):
        if limit >= size and limit % size == 0:
            return f"{limit} bytes ({limit // size} {unit})"
    return f"{limit} bytes"


def max_body_bytes(configured: int | None = None) -> int:
    """The limit: `configured`, else SETTLE_MAX_BODY_BYTES, else 1 MiB; a bad value is refused."""
    if configured is None:
        text = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
        if not text:
            return DEFAULT_MAX_BODY_BYTES
        if not text.isdigit():
            raise ValueError(f"{ENVIRONMENT_VARIABLE}={text[:40]!r}: must be a whole number of bytes")
        configured = int(text)
    if configured < 1:
        raise ValueError(f"max_body_bytes={configured}: must be at least 1 byte")
    return configured


def declared_length(scope: Scope) -> int | None:
    """The request's Content-Length, or None when it has none (chunked) or an unreadable one."""
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


class BodyLimit:
    """Refuse request bodies above `max_bytes` with 413 (see the module's docstring)."""

    def __init__(self, app: ASGIApp, max_bytes: int = DEFAULT_MAX_BODY_BYTES,
                 page_answer: PageAnswer | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.page_answer = page_answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = declared_length(scope)
        if declared is not None and declared > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        refused = False
        app_started = False
        answered = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    raise _Refused
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal app_started, answered
            if refused and not app_started:
                # The application turned the failed read into an answer of its own (FastAPI
                # makes it a 400): answer 413 instead, and drop the application's answer.
                if not answered:
                    answered = True
                    await self._refuse(scope, receive, send, limit)
                return
            if message["type"] == "http.response.start":
                app_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except _Refused:
            if not app_started and not answered:
                await self._refuse(scope, receive, send, limit)

    def limit_for(self, scope: Scope) -> int:
        """The limit of this request: an upload of a document (a POST to a path ending in
        /documents) may be as large as the document limit (settle.workflow.documents) allows."""
        if scope.get("method") == "POST" and str(scope.get("path", "")).endswith("/documents"):
            from settle.workflow.documents import upload_limit

            return max(self.max_bytes, upload_limit() + UPLOAD_OVERHEAD)
        return self.max_bytes

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        error = TooLarge(limit)
        request = Request(scope, receive)
        response = self.page_answer(request, error) if self.page_answer is not None else None
        if response is None:
            lang: Lang = "zh" if request.headers.get("accept-language", "").lower().startswith("zh") else "en"
            body = {"code": error.code, "message": error.text(lang), "field": None}
            response = Response(json.dumps(body, ensure_ascii=False), status_code=error.status,
                                media_type="application/json")
        response.headers["Connection"] = "close"
        await response(scope, receive, send)
