"""The date the system works at. A real registry runs on today's date; a demo city keeps its
own date in the database (so a second `settle serve` on it finds its round where it left it),
and its staff may move that date forward to walk a round through its periods."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Invalid
from settle.messages import say
from settle.registry.models import Setting

DEMO_TODAY_KEY = "demo_today"


def demo_today(session: Session) -> dt.date | None:
    """The demo city's date, or None for a real registry."""
    found = session.get(Setting, DEMO_TODAY_KEY)
    return None if found is None else dt.date.fromisoformat(found.value)


def start_demo_clock(*, session: Session, day: dt.date) -> None:
    """Mark the database as a demo city running at `day`."""
    session.merge(Setting(key=DEMO_TODAY_KEY, value=day.isoformat()))


def advance_demo_clock(*, session: Session, actor: str, day: dt.date) -> dt.date:
    """Move the demo's date forward to `day` (never back: periods already run stay run)."""
    current = demo_today(session)
    if current is None:
        raise Invalid(say("clock_not_demo"), field="today")
    if day <= current:
        raise Invalid(say("clock_backwards", today=current, asked=day), field="today")
    session.merge(Setting(key=DEMO_TODAY_KEY, value=day.isoformat()))
    audit(session, actor, "advance_demo_clock", "settings/demo_today", "demo", before=current, after=day)
    return day
