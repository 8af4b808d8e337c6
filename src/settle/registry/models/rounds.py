"""An annual round: its pack, window, quota, state and the published result."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from settle.database import Base
from settle.registry.models.base import Timestamped


class Round(Timestamped, Base):
    __tablename__ = "rounds"

    id: Mapped[int] = mapped_column(primary_key=True)
    pack_id: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(60))
    window_opens: Mapped[dt.date] = mapped_column(Date)
    window_closes: Mapped[dt.date] = mapped_column(Date)
    quota: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20), default="open")
    ranked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    disclosure_opens: Mapped[dt.date | None] = mapped_column(Date)
    disclosure_closes: Mapped[dt.date | None] = mapped_column(Date)
    notice_opens: Mapped[dt.date | None] = mapped_column(Date)
    notice_closes: Mapped[dt.date | None] = mapped_column(Date)
    admitted: Mapped[list[Any]] = mapped_column(JSON, default=list)
    cutoff: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (UniqueConstraint("pack_id", "name", name="pack_name"),)
