"""The API's shapes of documents and notices (issue 15 part 5)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict


class DocumentOut(BaseModel):
    """An uploaded document: what it is evidence of and what its content was found to be."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    subject: str
    fact: str | None
    sha256: str
    media_type: str
    size: int
    filename: str
    uploaded_by: str
    created_at: dt.datetime


class UploadOut(BaseModel):
    document: DocumentOut
    new: bool  # false: the same content was uploaded for this fact before


class NoticeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    subject: str
    state: str
    words_en: str
    words_zh: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class InboxOut(BaseModel):
    unread: int
    notices: list[NoticeOut]
