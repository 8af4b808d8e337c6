"""An append-only log where each entry carries the hash of the one before it.

hash = sha256(prev_hash | seq | at | actor | action | subject | purpose | detail as sorted
JSON). Editing any field of any entry, deleting one, or inserting one changes a hash or
breaks the sequence, and `verify_chain` names the first entry where that shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from settle.audit.log import AuditEntry

GENESIS = "0" * 64


def entry_hash(prev_hash: str, seq: int, at: dt.datetime, actor: str, action: str, subject: str,
               purpose: str, detail: dict[str, Any]) -> str:
    stamp = at.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="microseconds")
    body = json.dumps([prev_hash, seq, stamp, actor, action, subject, purpose, detail],
                      sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def record(session: Session, actor: str, action: str, subject: str, purpose: str,
           **detail: Any) -> AuditEntry:
    """Append one entry in the caller's transaction (writers are serialised: PostgreSQL by
    a transaction-level advisory lock, SQLite by its immediate write transactions)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7031)"))
    last = session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).scalar()
    seq = 1 if last is None else last.seq + 1
    prev = GENESIS if last is None else last.hash
    at = dt.datetime.now(dt.UTC)
    clean = json.loads(json.dumps(detail, default=str))
    entry = AuditEntry(seq=seq, at=at, actor=actor, action=action, subject=subject, purpose=purpose,
                       detail=clean, prev_hash=prev,
                       hash=entry_hash(prev, seq, at, actor, action, subject, purpose, clean))
    session.add(entry)
    session.flush()
    return entry


def entries_about(session: Session, subject: str) -> list[AuditEntry]:
    """Every entry about `subject` (such as `application/12`), in the order they were made."""
    return list(session.execute(select(AuditEntry).where(AuditEntry.subject == subject)
                                .order_by(AuditEntry.seq)).scalars())


@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_at: int | None
    reason: str | None

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session) -> ChainReport:
    """Walk the log in order; the first entry whose hash, link or number is wrong is named."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for entry in session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
        count += 1
        if entry.seq != expected_seq:
            return ChainReport(count, entry.seq, f"entry {expected_seq} is missing (next is {entry.seq})")
        if entry.prev_hash != prev:
            return ChainReport(count, entry.seq, "does not link to the entry before it")
        at = entry.at if entry.at.tzinfo else entry.at.replace(tzinfo=dt.UTC)
        if entry.hash != entry_hash(prev, entry.seq, at, entry.actor, entry.action, entry.subject,
                                    entry.purpose, entry.detail):
            return ChainReport(count, entry.seq, "its content does not match its hash (edited)")
        prev = entry.hash
        expected_seq += 1
    return ChainReport(count, None, None)
