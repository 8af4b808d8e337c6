"""The registry's changes that user departments subscribe to: a new registration, a move of
district, a residence permit issued. Each is captured where the registry changes
(settle.registry.persons) as one row of `registry_changes`, holding the values of the fields
it changed as they were then; the row's id is the feed's cursor (settle.workflow.sharing_feed).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.registry.kinds import PERSON_FIELDS
from settle.registry.models.sharing import CHANGE_KINDS, RegistryChange

# the shared fields (settle.registry.shared_fields) each kind of change carries
CHANGE_FIELDS: dict[str, tuple[str, ...]] = {
    "registration": PERSON_FIELDS,
    "move": ("district",),
    "permit_issued": ("residence_permit",),
}

# a key of a change's detail that is not a field itself names the field it belongs to
DETAIL_FIELD = {"district_before": "district"}


def note_change(session: Session, kind: str, person_id: int, **detail: Any) -> RegistryChange:
    """Capture one change in the caller's transaction (the audit entry is the caller's)."""
    if kind not in CHANGE_FIELDS:
        raise ValueError(f"change kind {kind!r} is not one of {', '.join(CHANGE_KINDS)}")
    change = RegistryChange(kind=kind, person_id=person_id,
                            detail={k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                    for k, v in detail.items()})
    session.add(change)
    session.flush()
    return change


def changes_after(session: Session, cursor: int, kinds: Iterable[str], limit: int) -> list[RegistryChange]:
    """The changes of `kinds` after `cursor` (a change's id; 0 for the first), oldest first."""
    wanted = sorted(set(kinds))
    if not wanted:
        return []
    query = (select(RegistryChange).where(RegistryChange.id > cursor, RegistryChange.kind.in_(wanted))
             .order_by(RegistryChange.id).limit(limit))
    return list(session.execute(query).scalars())


def last_cursor(session: Session) -> int:
    """The id of the newest change (0 when there is none)."""
    last = session.execute(select(RegistryChange.id).order_by(RegistryChange.id.desc()).limit(1)).scalar()
    return int(last or 0)
