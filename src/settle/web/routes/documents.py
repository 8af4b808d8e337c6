"""Pages of documents and notices: the applicant's inbox and upload form on /me (htmx
partials the page loads), the window's documents of an application, and opening a document
from a page (the applicant at /me/documents/N, staff at /staff/documents/N), with the same
entitlement as the API (settle.workflow.documents)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from settle.api.deps import RowId, SessionDep
from settle.api.document_download import document_response
from settle.errors import SettleError
from settle.i18n import Lang
from settle.registry.models import Account
from settle.web.pages import LangDep, MaybeAccount, need, render
from settle.web.values import fact_title
from settle.words import word
from settle.workflow import applications as apps
from settle.workflow import documents as service
from settle.workflow import notices

router = APIRouter(include_in_schema=False)
STAFF = ("window_clerk", "bureau_officer", "administrator", "department_verifier")


def words(lang: Lang) -> dict[str, Any]:
    """The helpers the templates use for this part's words (documents.yaml, notices.yaml)."""
    return {"dw": lambda key, **values: word("documents", key, lang, **values),
            "limit": service.shown_size(service.upload_limit()), "kind_name": service.kind_name}


def _documents(request: Request, lang: Lang, account: Account, session: Any, application_id: int,
               template: str, message: str | None = None, error: str | None = None,
               status: int = 200) -> HTMLResponse:
    application = apps.get_application(session=session, application_id=application_id)
    pack = apps.pack_of_round(apps.get_round(session=session, round_id=application.round_id))
    found = service.visible_documents(session=session, account=account,
                                      subject=f"application/{application.id}")
    return render(request, template, lang, account, status=status, application=application, pack=pack,
                  documents=found,
                  facts=[(f, fact_title(pack, f, lang)) for f in sorted(application.declared)],
                  fact_title=fact_title, message=message, error=error,
                  base="/me" if account.role == "applicant" else "/staff", **words(lang))


async def _upload(request: Request, lang: Lang, account: Account, session: Any, application_id: int,
                  file: UploadFile, fact: str, template: str) -> HTMLResponse:
    try:
        with session.begin_nested():
            owner = service.owner_of_application(session=session, application_id=application_id, fact=fact)
            content = await file.read(service.upload_limit() + 1)
            document, _ = service.upload(session=session, account=account, owner=owner,
                                         filename=file.filename, content=content, size=file.size)
    except SettleError as exc:
        return _documents(request, lang, account, session, application_id, template, error=exc.text(lang),
                          status=exc.status)
    return _documents(request, lang, account, session, application_id, template,
                      message=word("documents", "uploaded", lang, file=document.filename))


@router.get("/me/applications/{application_id}/documents", response_class=HTMLResponse)
def my_documents(application_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                 session: SessionDep) -> HTMLResponse:
    """The documents of one's application and the form to add one (loaded into /me)."""
    applicant = need(account, "applicant")
    return _documents(request, lang, applicant, session, application_id, "partials/documents.html")


@router.post("/me/applications/{application_id}/documents", response_class=HTMLResponse)
async def my_upload(application_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                    session: SessionDep, file: Annotated[UploadFile, File()],
                    fact: Annotated[str, Form(max_length=60)] = "") -> HTMLResponse:
    applicant = need(account, "applicant")
    return await _upload(request, lang, applicant, session, application_id, file, fact,
                         "partials/documents.html")


@router.get("/staff/applications/{application_id}/documents", response_class=HTMLResponse)
def window_documents(application_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                     session: SessionDep) -> HTMLResponse:
    """The window's page of an application's documents, with the upload form."""
    clerk = need(account, "window_clerk", "administrator")
    return _documents(request, lang, clerk, session, application_id, "window_documents.html")


@router.post("/staff/applications/{application_id}/documents", response_class=HTMLResponse)
async def window_upload(application_id: RowId, request: Request, lang: LangDep, account: MaybeAccount,
                        session: SessionDep, file: Annotated[UploadFile, File()],
                        fact: Annotated[str, Form(max_length=60)] = "") -> HTMLResponse:
    clerk = need(account, "window_clerk", "administrator")
    return await _upload(request, lang, clerk, session, application_id, file, fact, "window_documents.html")


@router.get("/me/documents/{document_id}", response_class=Response)
def my_document(document_id: RowId, account: MaybeAccount, session: SessionDep) -> Response:
    applicant = need(account, "applicant")
    document, content = service.open_document(session=session, account=applicant, document_id=document_id)
    return document_response(document, content)


@router.get("/staff/documents/{document_id}", response_class=Response)
def staff_document(document_id: RowId, account: MaybeAccount, session: SessionDep) -> Response:
    """A document opened by the window, the bureau or the verifier of its task's department."""
    staff = need(account, *STAFF)
    document, content = service.open_document(session=session, account=staff, document_id=document_id)
    return document_response(document, content)


@router.get("/me/inbox", response_class=HTMLResponse)
def my_inbox(request: Request, lang: LangDep, account: MaybeAccount, session: SessionDep) -> HTMLResponse:
    """The applicant's notices, newest first (loaded into /me)."""
    applicant = need(account, "applicant")
    person_id = applicant.person_id or 0
    return render(request, "partials/inbox.html", lang, applicant,
                  notices=notices.inbox(session=session, person_id=person_id),
                  unread=notices.unread_count(session=session, person_id=person_id),
                  nw=lambda key, **values: word("notices", key, lang, **values))


@router.post("/me/inbox/{notice_id}/read")
def read_notice(notice_id: RowId, account: MaybeAccount, session: SessionDep) -> RedirectResponse:
    applicant = need(account, "applicant")
    notices.mark_read(session=session, person_id=applicant.person_id or 0, notice_id=notice_id)
    return RedirectResponse("/me", status_code=303)
