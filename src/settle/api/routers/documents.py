"""Documents: upload the scanned evidence behind an application's declared fact or behind a
service case (multipart: `file`, and `fact`), list a subject's documents, download one. Only
the owner, the window, the verifier of the task's department and the bureau see a document
(settle.workflow.documents)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile, status
from fastapi.responses import Response

from settle.api.deps import AccountDep, RowId, SessionDep
from settle.api.document_download import document_response
from settle.api.document_schemas import DocumentOut, UploadOut
from settle.workflow import documents as service

router = APIRouter(tags=["documents"])
FactForm = Annotated[str, Form(max_length=60)]


async def read_upload(file: UploadFile) -> bytes:
    """The uploaded bytes, read no further than one byte past the limit (the limit's check
    then names the file and its size)."""
    return await file.read(service.upload_limit() + 1)


@router.post("/applications/{application_id}/documents", response_model=UploadOut,
             status_code=status.HTTP_201_CREATED)
async def upload_to_application(application_id: RowId, session: SessionDep, account: AccountDep,
                                file: Annotated[UploadFile, File()], fact: FactForm) -> UploadOut:
    """Evidence of one declared fact of the application, by the applicant or the window."""
    owner = service.owner_of_application(session=session, application_id=application_id, fact=fact)
    document, new = service.upload(session=session, account=account, owner=owner, filename=file.filename,
                                   content=await read_upload(file), size=file.size)
    return UploadOut(document=DocumentOut.model_validate(document), new=new)


@router.post("/cases/{case_id}/documents", response_model=UploadOut, status_code=status.HTTP_201_CREATED)
async def upload_to_case(case_id: RowId, session: SessionDep, account: AccountDep,
                         file: Annotated[UploadFile, File()], fact: FactForm = "") -> UploadOut:
    """Evidence behind a service case (of one declared fact, or of the case as a whole)."""
    owner = service.owner_of_case(session=session, case_id=case_id, fact=fact or None)
    document, new = service.upload(session=session, account=account, owner=owner, filename=file.filename,
                                   content=await read_upload(file), size=file.size)
    return UploadOut(document=DocumentOut.model_validate(document), new=new)


@router.get("/applications/{application_id}/documents", response_model=list[DocumentOut])
def documents_of_application(application_id: RowId, session: SessionDep, account: AccountDep,
                             fact: Annotated[str, Query(max_length=60)] = "") -> list[DocumentOut]:
    """The application's documents the account may open (a verifier: its department's facts)."""
    return [DocumentOut.model_validate(d) for d in service.visible_documents(
        session=session, account=account, subject=f"application/{application_id}", fact=fact or None)]


@router.get("/cases/{case_id}/documents", response_model=list[DocumentOut])
def documents_of_case(case_id: RowId, session: SessionDep, account: AccountDep) -> list[DocumentOut]:
    return [DocumentOut.model_validate(d) for d in service.visible_documents(
        session=session, account=account, subject=f"case/{case_id}")]


@router.get("/documents/{document_id}", response_class=Response,
            responses={200: {"content": {"application/pdf": {}, "image/png": {}, "image/jpeg": {}}}})
def download(document_id: RowId, session: SessionDep, account: AccountDep,
             download: Annotated[bool, Query()] = False) -> Response:
    """The document's bytes with the type its content has, `nosniff` and its name."""
    document, content = service.open_document(session=session, account=account, document_id=document_id)
    return document_response(document, content, download=download)


@router.get("/documents/{document_id}/about", response_model=DocumentOut)
def about(document_id: RowId, session: SessionDep, account: AccountDep) -> DocumentOut:
    """What the document is (its hash, type, size and name), without its bytes."""
    return DocumentOut.model_validate(service.get_document(session=session, account=account,
                                                           document_id=document_id))
