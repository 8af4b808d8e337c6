"""Uploaded documents: the scanned evidence behind a declared fact of an application or behind
a service case (issue 15 part 5). The bytes live outside the database, stored once under
their SHA-256 in the data directory (settle.registry.document_store); a row says whose
document it is, what it is evidence of, what it was found to be by its content, and who
uploaded it."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped

# what an upload may be, read from its content (settle.registry.document_types)
MEDIA_TYPES = ("application/pdf", "image/jpeg", "image/png")


class Document(Timestamped, Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(60), index=True)  # application/12, case/7
    fact: Mapped[str | None] = mapped_column(String(60))  # the declared fact it is evidence of
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))  # as uploaded, shown and offered on download
    uploaded_by: Mapped[str] = mapped_column(String(60))

    __table_args__ = (
        UniqueConstraint("subject", "fact", "sha256", name="once_per_fact"),
        CheckConstraint("media_type IN ('application/pdf', 'image/jpeg', 'image/png')", name="media_type"),
    )
