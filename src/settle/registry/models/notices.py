"""Notices to applicants: the in-app inbox of a person, one row for each change they should
know about (their application or service case moved to another state), in English and
Chinese as written when it was sent, and whether they have read it (issue 15 part 5)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped


class Notice(Timestamped, Base):
    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(60), index=True)  # application/12, case/7
    state: Mapped[str] = mapped_column(String(30))  # the state the subject moved to
    words_en: Mapped[str] = mapped_column(Text)
    words_zh: Mapped[str] = mapped_column(Text)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class NoticeContact(Base):
    """Where a person's notices are also sent: an e-mail address, a mobile number (SMS)."""

    __tablename__ = "notice_contacts"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True)
    email: Mapped[str | None] = mapped_column(String(200))
    mobile: Mapped[str | None] = mapped_column(String(20))
    lang: Mapped[str] = mapped_column(String(2), default="zh", server_default="zh")
