"""Documents behind declared facts: stored once by content under their SHA-256, the hash in the
audit chain, seen only by those entitled, refused when too large or not what the pack accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

import settle.workflow.documents as documents
import settle.workflow.round_service as rounds
from settle.audit.chain import entries_about, verify_chain
from settle.database import transaction
from settle.errors import Forbidden, Invalid, NotFound
from settle.registry.accounts import create_account
from settle.registry.data_directory import data_directory_of
from settle.registry.models import Account, Document
from settle.workflow import applications as apps
from tests.document_files import pdf, png
from tests.workflow.db_scenario import CLERK, DECLARED, WINDOW, register

PW = "pw-123456789"


def _accounts(session: Session, person_id: int, other_id: int) -> dict[str, Account]:
    made = {
        "owner": create_account(session=session, username="owner", password=PW, role="applicant",
                                person_id=person_id),
        "other": create_account(session=session, username="other", password=PW, role="applicant",
                                person_id=other_id),
        "clerk": create_account(session=session, username="clerk", password=PW, role="window_clerk"),
        "officer": create_account(session=session, username="officer", password=PW,
                                  role="bureau_officer"),
        "analyst": create_account(session=session, username="analyst", password=PW, role="analyst"),
        "education": create_account(session=session, username="v-education", password=PW,
                                    role="department_verifier", department="education"),
        "housing": create_account(session=session, username="v-housing", password=PW,
                                  role="department_verifier", department="housing"),
    }
    return made


@pytest.fixture
def accepted(db: sessionmaker[Session]) -> tuple[int, dict[str, Account]]:
    with transaction(db) as session:
        round_id = rounds.open_round(session=session, actor="officer", pack_id="guangzhou-2017", name="2017",
                                     window_opens=WINDOW[0], window_closes=WINDOW[1], quota=2).id
        person = register(session, 1, WINDOW[0].replace(year=2012), WINDOW[0].replace(year=2013))
        other = register(session, 2, WINDOW[0].replace(year=2012), WINDOW[0].replace(year=2013))
        application = apps.create_application(session=session, actor=CLERK, person_id=person.id,
                                              round_id=round_id, declared=DECLARED)
        apps.submit(session=session, actor=CLERK, application_id=application.id, today=WINDOW[1])
        apps.accept(session=session, actor=CLERK, application_id=application.id)
        return application.id, _accounts(session, person.id, other.id)


def _upload(session: Session, account: Account, application_id: int, name: str, content: bytes,
            fact: str = "education") -> tuple[Document, bool]:
    owner = documents.owner_of_application(session=session, application_id=application_id, fact=fact)
    return documents.upload(session=session, account=account, owner=owner, filename=name, content=content)


def test_a_png_named_pdf_is_stored_as_a_png_under_its_hash_and_the_hash_is_in_the_chain(
        db: sessionmaker[Session], accepted: tuple[int, dict[str, Account]]) -> None:
    application_id, who = accepted
    with transaction(db) as session:
        document, new = _upload(session, who["owner"], application_id, "diploma.pdf", png())
        folder = data_directory_of(session)
    assert new and document.media_type == "image/png" and document.filename == "diploma.pdf"
    stored = folder / "documents" / document.sha256[:2] / document.sha256
    assert stored.read_bytes() == png() and stored.stat().st_mode & 0o077 == 0
    with db() as session:
        [entry] = [e for e in entries_about(session, f"application/{application_id}")
                   if e.action == "upload_document"]
        assert entry.detail["sha256"] == document.sha256 and entry.detail["fact"] == "education"
        assert verify_chain(session).intact


def test_a_text_file_named_pdf_is_refused_naming_the_file_and_what_it_is(
        db: sessionmaker[Session], accepted: tuple[int, dict[str, Account]]) -> None:
    application_id, who = accepted
    with transaction(db) as session, pytest.raises(Invalid) as refused:
        _upload(session, who["clerk"], application_id, "diploma.pdf", b"I have a college degree.\n")
    assert refused.value.field == "file"
    assert refused.value.words.en.startswith("diploma.pdf: its content is plain text; a document must be")
    assert "diploma.pdf：文件内容为纯文本" in refused.value.words.zh


def test_an_oversized_file_is_refused_with_its_size_and_the_limit(
        db: sessionmaker[Session], accepted: tuple[int, dict[str, Account]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    application_id, who = accepted
    monkeypatch.setenv("SETTLE_MAX_UPLOAD_BYTES", "100")
    too_large = r"scan\.png: \d+ B is more than the limit of 100 B"
    with transaction(db) as session, pytest.raises(Invalid, match=too_large):
        _upload(session, who["owner"], application_id, "scan.png", png(20, 20))


def test_the_same_content_uploaded_twice_is_stored_once(
        db: sessionmaker[Session], accepted: tuple[int, dict[str, Account]]) -> None:
    application_id, who = accepted
    with transaction(db) as session:
        first, _ = _upload(session, who["owner"], application_id, "a.pdf", pdf())
        again, new = _upload(session, who["clerk"], application_id, "b.pdf", pdf())
        elsewhere, _ = _upload(session, who["clerk"], application_id, "c.pdf", pdf(), fact="skill_level")
        folder = data_directory_of(session) / "documents"
    assert again.id == first.id and not new
    assert elsewhere.id != first.id and elsewhere.sha256 == first.sha256
    assert [p.name for p in folder.rglob("*") if p.is_file()] == [first.sha256]
    with db() as session:
        assert len(session.execute(select(Document)).scalars().all()) == 2


def test_only_those_entitled_open_a_document(db: sessionmaker[Session],
                                            accepted: tuple[int, dict[str, Account]]) -> None:
    application_id, who = accepted
    with transaction(db) as session:
        document, _ = _upload(session, who["owner"], application_id, "diploma.png", png())
    for name in ("owner", "clerk", "officer", "education"):
        with transaction(db) as session:
            _, content = documents.open_document(session=session, account=who[name], document_id=document.id)
            assert content == png()
    for name, refusal in (("other", NotFound), ("housing", NotFound), ("analyst", Forbidden)):
        with transaction(db) as session, pytest.raises(refusal):
            documents.open_document(session=session, account=who[name], document_id=document.id)
    with db() as session:
        opened_by = [e.actor for e in entries_about(session, f"application/{application_id}")
                     if e.action == "open_document"]
    assert opened_by == ["owner", "clerk", "officer", "v-education"]


def test_another_applicant_cannot_upload_to_an_application_and_a_fact_must_be_declared(
        db: sessionmaker[Session], accepted: tuple[int, dict[str, Account]]) -> None:
    application_id, who = accepted
    with transaction(db) as session, pytest.raises(NotFound):
        _upload(session, who["other"], application_id, "x.png", png())
    with transaction(db) as session, pytest.raises(Invalid, match="fact = blood_type: not a fact declared"):
        _upload(session, who["owner"], application_id, "x.png", png(), fact="blood_type")


def test_a_document_changed_on_disk_is_refused_rather_than_served(
        db: sessionmaker[Session], accepted: tuple[int, dict[str, Account]]) -> None:
    application_id, who = accepted
    with transaction(db) as session:
        document, _ = _upload(session, who["owner"], application_id, "diploma.png", png())
        path: Path = data_directory_of(session) / "documents" / document.sha256[:2] / document.sha256
    path.chmod(0o600)
    path.write_bytes(png(seed=9))
    with transaction(db) as session, pytest.raises(Invalid, match="no longer matches its SHA-256"):
        documents.open_document(session=session, account=who["officer"], document_id=document.id)
