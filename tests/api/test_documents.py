"""Documents and notices through the API: upload (multipart), type by content, download with a
safe content type, only to those entitled; the applicant's inbox and its outbox line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.registry.data_directory import data_directory_of
from settle.workflow import applications as apps
from settle.workflow import round_service as rounds
from settle.workflow.notice_senders import OUTBOX
from tests.api.conftest import PASSWORD, sign_in
from tests.document_files import pdf, png
from tests.workflow.db_scenario import CLERK, DECLARED, WINDOW, register


def _ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


@pytest.fixture(autouse=True)
def data_directory(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PostgreSQL has no file to keep the documents beside: they go where SETTLE_DATA_DIR says."""
    if not database_url.startswith("sqlite"):
        monkeypatch.setenv("SETTLE_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture
def application_id(client: TestClient) -> int:
    """An accepted application of the applicant `owner`; `stranger` is another applicant."""
    with transaction(client.app.state.sessions) as session:  # type: ignore[attr-defined]
        round_id = rounds.open_round(session=session, actor="officer", pack_id="guangzhou-2017", name="2017",
                                     window_opens=WINDOW[0], window_closes=WINDOW[1], quota=2).id
        person = register(session, 1, WINDOW[0].replace(year=2012), WINDOW[0].replace(year=2013))
        other = register(session, 2, WINDOW[0].replace(year=2012), WINDOW[0].replace(year=2013))
        create_account(session=session, username="owner", password=PASSWORD, role="applicant",
                       person_id=person.id)
        create_account(session=session, username="stranger", password=PASSWORD, role="applicant",
                       person_id=other.id)
        application = apps.create_application(session=session, actor=CLERK, person_id=person.id,
                                              round_id=round_id, declared=DECLARED)
        apps.submit(session=session, actor=CLERK, application_id=application.id, today=WINDOW[1])
        apps.accept(session=session, actor=CLERK, application_id=application.id)
        return application.id


def _upload(client: TestClient, who: dict[str, str], application_id: int, name: str, content: bytes,
            declared_type: str = "application/pdf", fact: str = "education") -> Any:
    return client.post(f"/applications/{application_id}/documents", headers=who, data={"fact": fact},
                       files={"file": (name, content, declared_type)})


def test_a_png_named_pdf_is_a_png_and_is_served_as_one_with_nosniff(client: TestClient,
                                                                     application_id: int) -> None:
    owner = sign_in(client, "owner")
    uploaded = _ok(_upload(client, owner, application_id, "学历证书.pdf", png()), 201)
    assert uploaded["new"] and uploaded["document"]["media_type"] == "image/png"
    document_id = uploaded["document"]["id"]
    for who in ("owner", "clerk", "officer", "v-education"):
        response = client.get(f"/documents/{document_id}", headers=sign_in(client, who))
        assert response.status_code == 200 and response.content == png()
        assert response.headers["content-type"] == "image/png"
        assert response.headers["x-content-type-options"] == "nosniff"
        disposition = response.headers["content-disposition"]
        assert disposition.startswith('inline; filename="____.pdf"; filename*=UTF-8')
    forced = client.get(f"/documents/{document_id}?download=true", headers=owner)
    assert forced.headers["content-disposition"].startswith("attachment;")


def test_someone_not_entitled_gets_404_or_403(client: TestClient, application_id: int) -> None:
    uploaded = _ok(_upload(client, sign_in(client, "owner"), application_id, "a.pdf", pdf()), 201)
    document_id = uploaded["document"]["id"]
    assert client.get(f"/documents/{document_id}", headers=sign_in(client, "stranger")).status_code == 404
    assert client.get(f"/documents/{document_id}", headers=sign_in(client, "v-housing")).status_code == 404
    assert client.get(f"/documents/{document_id}", headers=sign_in(client, "analyst")).status_code == 403
    assert client.get(f"/documents/{document_id}").status_code == 401
    stranger = sign_in(client, "stranger")
    assert _upload(client, stranger, application_id, "b.pdf", pdf()).status_code == 404
    assert client.get(f"/applications/{application_id}/documents", headers=stranger).status_code == 404
    listed = _ok(client.get(f"/applications/{application_id}/documents",
                            headers=sign_in(client, "v-housing")))
    assert listed == []  # the housing department verifies no education fact
    clerk = sign_in(client, "clerk")
    assert len(_ok(client.get(f"/applications/{application_id}/documents", headers=clerk))) == 1


def test_a_text_file_named_pdf_is_refused_naming_the_file_in_the_users_language(
        client: TestClient, application_id: int) -> None:
    clerk = sign_in(client, "clerk")
    refused = _ok(_upload(client, clerk, application_id, "degree.pdf", b"just words"), 422)
    assert refused["field"] == "file"
    assert refused["message"].startswith("degree.pdf: its content is plain text")
    in_chinese = client.post(f"/applications/{application_id}/documents", data={"fact": "education"},
                             files={"file": ("degree.pdf", b"just words", "application/pdf")},
                             headers={**clerk, "Accept-Language": "zh-CN"})
    assert "degree.pdf：文件内容为纯文本" in in_chinese.json()["message"]


def test_an_upload_over_the_document_limit_is_refused_and_one_under_it_passes_the_body_limit(
        client: TestClient, application_id: int, monkeypatch: pytest.MonkeyPatch) -> None:
    owner = sign_in(client, "owner")
    large = png(padding=1_500_000)  # above the 1 MiB body limit of other requests
    stored = _ok(_upload(client, owner, application_id, "scan.png", large), 201)
    assert stored["document"]["size"] == len(large)
    monkeypatch.setenv("SETTLE_MAX_UPLOAD_BYTES", "1000")
    refused = _ok(_upload(client, owner, application_id, "scan2.png", png(padding=5000)), 422)
    assert refused["message"].startswith("scan2.png: 5 KiB is more than the limit of 1000 B")


def test_a_state_change_reaches_the_inbox_and_the_outbox_and_is_marked_read(
        client: TestClient, application_id: int) -> None:
    owner = sign_in(client, "owner")
    inbox = _ok(client.get("/me/notices", headers=owner))
    assert inbox["unread"] == 2 and [n["state"] for n in inbox["notices"]] == ["verification", "submitted"]
    newest = inbox["notices"][0]
    assert newest["subject"] == f"application/{application_id}" and "核查" in newest["words_zh"]
    assert _ok(client.post(f"/me/notices/{newest['id']}/read", headers=owner))["read_at"] is not None
    assert _ok(client.get("/me/notices?unread=true", headers=owner))["unread"] == 1
    stranger = sign_in(client, "stranger")
    assert client.post(f"/me/notices/{newest['id']}/read", headers=stranger).status_code == 404
    assert client.get("/me/notices", headers=sign_in(client, "clerk")).status_code == 403
    with client.app.state.sessions() as session:  # type: ignore[attr-defined]
        lines = (data_directory_of(session) / OUTBOX).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["notice_id"] for line in lines][-1] == newest["id"]
