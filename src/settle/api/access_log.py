"""The server's access log, without personal data: method, path, status and time only.

Uvicorn's own access log prints the query string, where searches by name or identity number
would land (`q=440100197607310013`); `settle serve` turns it off and logs through this
middleware instead. Paths carry row ids only, never names or identity numbers.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOG = logging.getLogger("settle.access")


class AccessLog:
    """ASGI middleware writing one line per HTTP request: `GET /persons 200 12.3ms`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: dict[str, Any] = {"code": 500}

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            elapsed = (time.perf_counter() - started) * 1000
            LOG.info("%s %s %s %.1fms", scope["method"], scope["path"], status["code"], elapsed)
