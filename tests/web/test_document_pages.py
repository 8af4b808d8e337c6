"""The pages of documents and notices: the applicant's inbox and upload form on /me (in
Chinese, nothing untranslated), the window's documents page, the verifier's queue showing the
document beside the declared value and opening it, another department refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from settle.database import transaction
from settle.registry.accounts import create_account
from settle.web.app import create_app
from settle.workflow import applications as apps
from settle.workflow import round_service as rounds
from tests.document_files import png
from tests.web.test_words import untranslated, visible_text
from tests.workflow.db_scenario import CLERK, DECLARED, WINDOW, register

PASSWORD = "demo-password"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, int]]:
    from settle.registry.migrate import upgrade

    url = f"sqlite:///{Path(tmp_path_factory.mktemp('documents')) / 'documents.db'}"
    upgrade(url)
    app = create_app(url, today=dt.date(2017, 10, 20))
    with transaction(app.state.sessions) as session:
        round_id = rounds.open_round(session=session, actor="officer", pack_id="guangzhou-2017", name="2017",
                                     window_opens=WINDOW[0], window_closes=WINDOW[1], quota=2).id
        person = register(session, 1, WINDOW[0].replace(year=2012), WINDOW[0].replace(year=2013))
        create_account(session=session, username="owner", password=PASSWORD, role="applicant",
                       person_id=person.id)
        create_account(session=session, username="clerk", password=PASSWORD, role="window_clerk")
        for department in ("education", "housing"):
            create_account(session=session, username=f"v-{department}", password=PASSWORD,
                           role="department_verifier", department=department)
        application = apps.create_application(session=session, actor=CLERK, person_id=person.id,
                                              round_id=round_id, declared=DECLARED)
        apps.submit(session=session, actor=CLERK, application_id=application.id, today=WINDOW[1])
        apps.accept(session=session, actor=CLERK, application_id=application.id)
        application_id = application.id
    with TestClient(app) as client:
        yield client, application_id
    app.state.engine.dispose()


def _as(client: TestClient, username: str) -> None:
    client.cookies.clear()
    response = client.post("/login", data={"username": username, "password": PASSWORD},
                           follow_redirects=False)
    assert response.status_code == 303, response.text


def test_the_applicant_reads_their_notices_and_uploads_a_document_on_their_page_in_chinese(
        site: tuple[TestClient, int]) -> None:
    client, application_id = site
    _as(client, "owner")
    me = client.get("/me", params={"lang": "zh"}).text
    assert 'hx-get="/me/inbox"' in me and f'hx-get="/me/applications/{application_id}/documents"' in me
    inbox = client.get("/me/inbox")
    text = visible_text(inbox.text)
    assert inbox.text.count('data-testid="notice"') == 2 and "2 条未读" in text and "已受理" in text
    assert untranslated(text) == []
    refused = client.post(f"/me/applications/{application_id}/documents", data={"fact": "education"},
                          files={"file": ("证书.pdf", b"not a scan", "application/pdf")})
    assert refused.status_code == 422 and "证书.pdf：文件内容为纯文本" in refused.text
    uploaded = client.post(f"/me/applications/{application_id}/documents", data={"fact": "education"},
                           files={"file": ("证书.png", png(), "image/png")})
    assert uploaded.status_code == 200 and "已上传：证书.png" in uploaded.text
    assert uploaded.text.count('data-testid="document"') == 1
    assert untranslated(visible_text(uploaded.text)) == []
    first = inbox.text.split('action="/me/inbox/', 1)[1].split("/", 1)[0]
    assert client.post(f"/me/inbox/{first}/read", follow_redirects=False).status_code == 303
    assert "1 条未读" in visible_text(client.get("/me/inbox").text)


def test_the_window_uploads_and_the_verifier_opens_the_document_beside_the_declared_value(
        site: tuple[TestClient, int]) -> None:
    client, application_id = site
    _as(client, "clerk")
    page = client.get(f"/staff/applications/{application_id}/documents", params={"lang": "zh"})
    assert page.status_code == 200 and f"申请 #{application_id} 的证明材料" in page.text
    added = client.post(f"/staff/applications/{application_id}/documents", data={"fact": "education"},
                        files={"file": ("diploma.png", png(seed=3), "image/png")})
    assert added.status_code == 200 and "已上传：diploma.png" in added.text
    _as(client, "v-education")
    queue = client.get("/staff/tasks", params={"lang": "zh"})
    assert queue.status_code == 200 and "证明材料" in queue.text
    link = queue.text.split('data-testid="task-document"', 1)[0].rsplit('href="', 1)[1].split('"', 1)[0]
    opened = client.get(link)
    assert opened.status_code == 200 and opened.headers["content-type"] == "image/png"
    assert opened.headers["x-content-type-options"] == "nosniff"
    _as(client, "v-housing")
    assert client.get(link).status_code == 404
    assert 'data-testid="task-document"' not in client.get("/staff/tasks").text
