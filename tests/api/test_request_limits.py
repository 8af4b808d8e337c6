"""Request bodies above the limit are refused with 413 before they are read whole: from the
Content-Length up front, and by counting a chunked body as it arrives."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from fastapi.testclient import TestClient

from settle.api.limits import DEFAULT_MAX_BODY_BYTES, ENVIRONMENT_VARIABLE, max_body_bytes
from settle.registry.migrate import upgrade
from settle.web.app import create_app

MIB = 1024 * 1024
FAMILY = {"child_birth_date": "2010-01-01", "lives_with_parents_in_guangzhou": True}


def _big_facts(size: int) -> bytes:
    """A JSON object of about `size` bytes that the services endpoint would otherwise read."""
    return json.dumps({**FAMILY, "padding": "x" * size}).encode()


def _too_large(response: Any, limit: int = DEFAULT_MAX_BODY_BYTES) -> None:
    assert response.status_code == 413, response.text
    assert response.json() == {"code": "too_large", "field": None,
                               "message": f"the request body is larger than the limit of {limit} bytes"
                                          + (" (1 MiB)" if limit == MIB else "")}


def test_a_body_declared_above_one_mib_is_refused_up_front_with_413(client: TestClient) -> None:
    started = time.perf_counter()
    response = client.post("/services/guangzhou", content=_big_facts(2 * MIB),
                           headers={"Content-Type": "application/json"})
    _too_large(response)
    assert time.perf_counter() - started < 2


def test_a_body_just_under_the_limit_is_still_read(client: TestClient) -> None:
    body = _big_facts(DEFAULT_MAX_BODY_BYTES - 200)
    assert len(body) <= DEFAULT_MAX_BODY_BYTES
    response = client.post("/services/guangzhou", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 200, response.text


def test_a_chunked_body_without_a_length_is_counted_and_refused(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        body = _big_facts(2 * MIB)
        for start in range(0, len(body), 64 * 1024):
            yield body[start:start + 64 * 1024]

    response = client.post("/services/guangzhou", content=chunks(),
                           headers={"Content-Type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    _too_large(response)


def test_reading_a_chunked_body_stops_at_the_chunk_that_passes_the_limit(client: TestClient) -> None:
    """Driven as the server would drive it: 1 KiB chunks, and the middleware asks for no more
    than the limit and one chunk, then answers 413."""
    chunk = b" " * 1024
    asked = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal asked
        asked += 1
        if asked > 4096:  # 4 MiB: the whole body
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/services/guangzhou", "raw_path": b"/services/guangzhou",
             "root_path": "", "query_string": b"", "server": ("testserver", 80), "client": ("127.0.0.1", 1),
             "headers": [(b"content-type", b"application/json"), (b"transfer-encoding", b"chunked")]}

    async def run() -> None:
        await client.app(scope, receive, send)  # type: ignore[arg-type]

    anyio.run(run)
    assert asked == DEFAULT_MAX_BODY_BYTES // 1024 + 1
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 413
    assert json.loads(b"".join(m.get("body", b"") for m in sent[1:]))["code"] == "too_large"


def test_a_page_form_above_the_limit_gets_the_error_page(client: TestClient) -> None:
    response = client.post("/login", data={"username": "clerk", "password": "x" * (2 * MIB)})
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert 'data-code="too_large"' in response.text and "1048576 bytes (1 MiB)" in response.text


def test_the_api_answers_in_chinese_when_asked(client: TestClient) -> None:
    response = client.post("/services/guangzhou", content=_big_facts(2 * MIB),
                           headers={"Content-Type": "application/json", "Accept-Language": "zh-CN"})
    assert response.status_code == 413
    assert response.json()["message"] == "请求内容超过上限 1048576 bytes (1 MiB)"


def _limited_to(app: Any, limit: int, small: bytes) -> None:
    headers = {"Content-Type": "application/json"}
    with TestClient(app) as limited:
        assert limited.post("/services/guangzhou", content=small, headers=headers).status_code == 200
        _too_large(limited.post("/services/guangzhou", content=small + b" " * 20, headers=headers), limit)
    app.state.engine.dispose()


def test_the_limit_is_set_by_create_app_or_the_environment(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'limits.db'}"
    upgrade(url)
    small = json.dumps(FAMILY).encode()
    _limited_to(create_app(url, max_body_bytes=len(small) + 10), len(small) + 10, small)
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(len(small) + 5))
    _limited_to(create_app(url), len(small) + 5, small)


def test_a_limit_that_is_not_a_whole_number_of_bytes_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, "1MB")
    with pytest.raises(ValueError, match="SETTLE_MAX_BODY_BYTES='1MB': must be a whole number of bytes"):
        max_body_bytes()
    monkeypatch.delenv(ENVIRONMENT_VARIABLE)
    assert max_body_bytes() == MIB
    with pytest.raises(ValueError, match="at least 1 byte"):
        max_body_bytes(0)
