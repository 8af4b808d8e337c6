"""Signing in as an attacker would try it: guessing passwords, probing usernames, reusing a
token after signing out; and the administrator managing accounts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from settle.database import transaction
from settle.registry import authentication
from settle.registry.accounts import password_matches
from settle.registry.models import ApiToken, AuditEntry
from tests.api.conftest import PASSWORD, sign_in


def _token(client: TestClient, username: str, password: str = PASSWORD) -> Any:
    return client.post("/auth/token", json={"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_until_an_administrator_lifts_it(client: TestClient) -> None:
    for _ in range(authentication.MAX_FAILURES):
        assert _token(client, "clerk", "wrong-password").status_code == 401
    locked = _token(client, "clerk")  # the right password does not open a locked account
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 0
    assert "administrator" in locked.json()["message"]
    admin = sign_in(client, "admin")
    listed = {a["username"]: a for a in client.get("/accounts", headers=admin).json()}
    clerk_id = listed["clerk"]["id"]
    assert listed["clerk"]["locked"] is True
    assert client.post(f"/accounts/{clerk_id}/unlock", headers=admin).status_code == 200
    assert _token(client, "clerk").status_code == 200


def test_an_address_with_too_many_failures_waits_before_any_password_is_hashed(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(authentication.ADDRESS_FAILURES):
        assert _token(client, f"nobody-{n}", "guess-guess").status_code == 401
    hashed: list[str] = []

    def counted(password_hash: str, _password: str) -> bool:
        hashed.append(password_hash)
        return False

    monkeypatch.setattr(authentication, "password_matches", counted)
    refused = _token(client, "officer")
    assert refused.status_code == 429 and refused.json()["code"] == "too_many_attempts"
    assert "Retry-After" in refused.headers and hashed == []


def test_an_unknown_username_costs_the_same_hash_as_a_wrong_password(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    hashed: list[str] = []

    def counted(password_hash: str, password: str) -> bool:
        hashed.append(password_hash)
        return password_matches(password_hash, password)

    monkeypatch.setattr(authentication, "password_matches", counted)
    unknown, wrong = _token(client, "no-such-user", "x"), _token(client, "clerk", "x")
    assert unknown.json() == wrong.json() and unknown.status_code == wrong.status_code == 401
    assert hashed[0] == authentication.DUMMY_HASH and len(hashed) == 2


def test_signing_out_revokes_the_token(client: TestClient) -> None:
    clerk = sign_in(client, "clerk")
    assert client.get("/persons", headers=clerk, params={"purpose": "intake"}).status_code == 200
    assert client.post("/auth/logout", headers=clerk).status_code == 204
    assert client.get("/persons", headers=clerk, params={"purpose": "intake"}).status_code == 401


def test_an_expired_token_is_refused(client: TestClient) -> None:
    clerk = sign_in(client, "clerk")
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        session.execute(update(ApiToken).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))
    assert client.get("/persons", headers=clerk, params={"purpose": "intake"}).status_code == 401


def test_an_administrator_signs_an_account_out_everywhere_and_disables_it(client: TestClient) -> None:
    admin = sign_in(client, "admin")
    first, second = sign_in(client, "officer"), sign_in(client, "officer")
    officer_id = next(a["id"] for a in client.get("/accounts", headers=admin).json()
                      if a["username"] == "officer")
    assert client.post(f"/accounts/{officer_id}/sign-out-everywhere", headers=admin).status_code == 200
    for headers in (first, second):
        assert client.get("/rounds/1", headers=headers).status_code == 401
    again = sign_in(client, "officer")
    changed = client.patch(f"/accounts/{officer_id}", headers=admin, json={"disabled": True})
    assert changed.status_code == 200 and changed.json()["disabled"] is True
    assert client.get("/rounds/1", headers=again).status_code == 401
    assert _token(client, "officer").status_code == 401


def test_accounts_are_created_by_the_administrator_and_applicant_accounts_by_the_window(
        client: TestClient) -> None:
    admin, clerk = sign_in(client, "admin"), sign_in(client, "clerk")
    made = client.post("/accounts", headers=admin, json={
        "username": "clerk-2", "password": "long-enough-1", "role": "window_clerk"})
    assert made.status_code == 201, made.text
    short = client.post("/accounts", headers=admin, json={
        "username": "clerk-3", "password": "short", "role": "window_clerk"})
    assert short.status_code == 422 and short.json()["field"] == "password"
    assert client.post("/accounts", headers=clerk, json={
        "username": "boss", "password": "long-enough-1", "role": "bureau_officer"}).status_code == 403
    person = client.post("/persons", headers=clerk, json={
        "identity_number": "440106198501010015", "name": "王明", "sex": "male", "birth_date": "1985-01-01",
        "origin_place": "Hunan"})
    assert person.status_code == 201, person.text
    applicant = client.post("/accounts", headers=clerk, json={
        "username": "wangming", "password": "long-enough-1", "role": "applicant",
        "person_id": person.json()["id"]})
    assert applicant.status_code == 201, applicant.text
    assert _token(client, "wangming", "long-enough-1").json()["role"] == "applicant"
    reset = client.post(f"/accounts/{made.json()['id']}/password", headers=admin,
                        json={"password": "another-one-2"})
    assert reset.status_code == 200
    assert _token(client, "clerk-2", "another-one-2").status_code == 200
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        actions = set(session.execute(select(AuditEntry.action)).scalars())
    assert {"create_account", "reset_password", "sign_in"} <= actions


def test_a_role_refused_is_told_in_the_language_the_request_prefers(client: TestClient) -> None:
    analyst = sign_in(client, "analyst")
    body = {"username": "clerk-9", "password": "long-enough-1", "role": "window_clerk"}
    english = client.post("/accounts", headers=analyst, json=body)
    assert english.status_code == 403 and english.json()["field"] == "role"
    assert english.json()["message"] == "role analyst may not do this (needs window_clerk or administrator)"
    chinese = client.post("/accounts", headers={**analyst, "Accept-Language": "zh-CN"}, json=body)
    assert chinese.status_code == 403
    assert chinese.json()["message"] == "角色“政策分析人员”无权进行此操作（需要：窗口受理人员、系统管理员）"
