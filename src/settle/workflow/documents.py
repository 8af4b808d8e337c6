"""Documents: the scanned evidence behind a declared fact of an application or behind a service
case, uploaded by the applicant or at the window, opened by those entitled to it.

A file's type is read from its content (settle.registry.document_types: a PNG named .pdf is a
PNG, a text file named .pdf is refused, naming it); its size is limited (SETTLE_MAX_UPLOAD_BYTES,
default 10 MiB); its bytes are stored once under their SHA-256 in the data directory
(settle.registry.document_store), and the hash goes into the audit chain with the upload, so
the chain vouches for the file the verifier opens. The same content uploaded again for the same
fact is the same document.

Who sees a document (`may_open`): its owner (the applicant), the window, the verifier of the
department the task belongs to (the evidence item's department for an application's fact, the
case's department for a case), bureau officers and administrators. A verifier of another
department and another applicant are told there is no such document (404), other roles that
they may not (403). Each opening is an audit entry.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Forbidden, Invalid, NotFound
from settle.messages import say, state_word
from settle.registry import document_store
from settle.registry.data_directory import data_directory_of
from settle.registry.document_types import MEDIA_TYPES, sniff
from settle.registry.models import Account, Application, Document, EvidenceItem, ServiceCase

LIMIT_VARIABLE = "SETTLE_MAX_UPLOAD_BYTES"
DEFAULT_LIMIT = 10 * 1024 * 1024
PURPOSE = "evidence documents"
UPLOADERS = ("applicant", "window_clerk", "administrator")
CLOSED = ("withdrawn", "excluded", "settled")  # applications that take no more evidence
WINDOW = ("window_clerk", "bureau_officer", "administrator")  # see every document


def upload_limit() -> int:
    """The largest upload in bytes: SETTLE_MAX_UPLOAD_BYTES, else 10 MiB."""
    raw = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_LIMIT
    if not raw.isdigit() or int(raw) < 1:
        raise Invalid(f"{LIMIT_VARIABLE} = {raw!r}: a number of bytes above 0 is needed",
                      field=LIMIT_VARIABLE)
    return int(raw)


def shown_size(size: int) -> str:
    """A size as people read it: 12 bytes, 340 KiB, 10 MiB."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MiB"


def clean_filename(name: str | None) -> str:
    """The uploaded name without folders or control characters, at most 200 characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip().lstrip(".")
    return (kept or "document")[:200]


@dataclass(frozen=True)
class Owner:
    """What a document is evidence of: its subject, the person whose it is, and the department
    whose verifier sees it (None: the fact is routed to no department yet)."""

    subject: str
    person_id: int
    department: str | None
    fact: str | None


def owner_of_application(*, session: Session, application_id: int, fact: str | None) -> Owner:
    """An application's declared fact (a document must be evidence of one)."""
    application = session.get(Application, application_id)
    if application is None:
        raise NotFound(say("no_application", id=application_id), field="application_id")
    if not fact or fact not in application.declared:
        declared = ", ".join(sorted(application.declared)) or "-"
        raise Invalid(say("document_fact_not_declared", fact=fact or "-", id=application_id,
                          declared=declared), field="fact")
    department = session.execute(select(EvidenceItem.department).where(
        EvidenceItem.application_id == application_id, EvidenceItem.fact == fact)).scalar()
    return Owner(f"application/{application_id}", application.person_id, department, fact)


def owner_of_case(*, session: Session, case_id: int, fact: str | None) -> Owner:
    """A service case as a whole (no fact) or one fact it declares."""
    case = session.get(ServiceCase, case_id)
    if case is None:
        raise NotFound(say("no_case_document", id=case_id), field="case_id")
    if fact and fact not in case.declared:
        declared = ", ".join(sorted(case.declared)) or "-"
        raise Invalid(say("document_fact_not_declared_case", fact=fact, id=case_id, declared=declared),
                      field="fact")
    return Owner(f"case/{case_id}", case.person_id, case.department, fact or None)


def owner_of(*, session: Session, document: Document) -> Owner:
    kind, _, number = document.subject.partition("/")
    if kind == "case":
        case = session.get(ServiceCase, int(number))
        return Owner(document.subject, document.person_id, case.department if case else None, document.fact)
    department = session.execute(select(EvidenceItem.department).where(
        EvidenceItem.application_id == int(number), EvidenceItem.fact == document.fact)).scalar()
    return Owner(document.subject, document.person_id, department, document.fact)


def check_may_upload(account: Account, owner: Owner) -> None:
    if account.role not in UPLOADERS:
        raise Forbidden(say("may_not_upload", role=account.role), field="role")
    if account.role == "applicant" and account.person_id != owner.person_id:
        raise NotFound(say("no_subject", subject=owner.subject), field="subject")


def upload(*, session: Session, account: Account, owner: Owner, filename: str | None,
           content: bytes, size: int | None = None) -> tuple[Document, bool]:
    """Store `content` as evidence for `owner`; the document and whether it is new. Refused:
    too large, or not a PDF, JPEG or PNG by its content (the error names the file and what it
    is). `size`: the whole file's size when only its start was read (a file above the limit)."""
    check_may_upload(account, owner)
    if owner.subject.startswith("application/"):
        application = session.get(Application, int(owner.subject.split("/")[1]))
        if application is not None and application.state in CLOSED:
            raise Invalid(say("document_application_closed", id=application.id,
                              state=state_word(application.state)),
                          field="state")
    name = clean_filename(filename)
    limit = upload_limit()
    if max(len(content), size or 0) > limit:
        raise Invalid(say("document_too_large", file=name, size=shown_size(max(len(content), size or 0)),
                          limit=shown_size(limit), variable=LIMIT_VARIABLE), field="file")
    found = sniff(content)
    if found.media_type is None:
        raise Invalid(say("document_type", file=name, found=found.found), field="file")
    sha256 = document_store.content_hash(content)
    existing = session.execute(select(Document).where(
        Document.subject == owner.subject, Document.sha256 == sha256,
        Document.fact.is_(None) if owner.fact is None else Document.fact == owner.fact)).scalar()
    if existing is not None:
        return existing, False
    _, new_file = document_store.store(data_directory_of(session), content)
    document = Document(person_id=owner.person_id, subject=owner.subject, fact=owner.fact, sha256=sha256,
                        media_type=found.media_type, size=len(content), filename=name,
                        uploaded_by=account.username)
    session.add(document)
    session.flush()
    audit(session, account.username, "upload_document", owner.subject, PURPOSE, document=document.id,
          fact=owner.fact, sha256=sha256, media_type=found.media_type, size=len(content),
          stored_again=not new_file)
    return document, True


def may_open(account: Account, owner: Owner) -> bool:
    if account.role == "applicant":
        return account.person_id == owner.person_id
    if account.role == "department_verifier":
        return owner.department is not None and account.department == owner.department
    return account.role in WINDOW


def get_document(*, session: Session, account: Account, document_id: int) -> Document:
    """The document, if `account` may see it (404 for another applicant's or department's)."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(say("no_document", id=document_id), field="document_id")
    if not may_open(account, owner_of(session=session, document=document)):
        if account.role in ("applicant", "department_verifier"):
            raise NotFound(say("no_document", id=document_id), field="document_id")
        raise Forbidden(say("may_not_open_document", role=account.role), field="role")
    return document


def open_document(*, session: Session, account: Account, document_id: int) -> tuple[Document, bytes]:
    """The document and its bytes (checked against the hash), the opening audited."""
    document = get_document(session=session, account=account, document_id=document_id)
    content = document_store.load(data_directory_of(session), document.sha256)
    audit(session, account.username, "open_document", document.subject, PURPOSE, document=document.id,
          fact=document.fact, sha256=document.sha256)
    return document, content


def documents_of(*, session: Session, subject: str, fact: str | None = None) -> list[Document]:
    """The documents of a subject (`application/12`, `case/7`), of one fact when named."""
    query = select(Document).where(Document.subject == subject)
    if fact is not None:
        query = query.where(Document.fact == fact)
    return list(session.execute(query.order_by(Document.id)).scalars())


def documents_by_fact(*, session: Session,
                      application_ids: list[int]) -> dict[tuple[int, str], list[Document]]:
    """The documents of many applications, by (application, fact): for the verifier's queue."""
    found: dict[tuple[int, str], list[Document]] = {}
    if not application_ids:
        return found
    subjects = [f"application/{n}" for n in set(application_ids)]
    for document in session.execute(select(Document).where(Document.subject.in_(subjects))
                                    .order_by(Document.id)).scalars():
        found.setdefault((int(document.subject.split("/")[1]), document.fact or ""), []).append(document)
    return found


def kind_name(media_type: str) -> str:
    return MEDIA_TYPES.get(media_type, media_type)


def visible_documents(*, session: Session, account: Account, subject: str,
                      fact: str | None = None) -> list[Document]:
    """The documents of `subject` that `account` may open: refused as a whole (404) for another
    applicant's subject or one that is not there, (403) for a role that sees no documents."""
    kind, _, number = subject.partition("/")
    found: ServiceCase | Application | None = (session.get(ServiceCase, int(number)) if kind == "case"
                                                else session.get(Application, int(number)))
    if found is None or (account.role == "applicant" and account.person_id != found.person_id):
        raise NotFound(say("no_subject", subject=subject), field="subject")
    if account.role not in ("applicant", "department_verifier", *WINDOW):
        raise Forbidden(say("may_not_open_document", role=account.role), field="role")
    return [d for d in documents_of(session=session, subject=subject, fact=fact)
            if may_open(account, owner_of(session=session, document=d))]
