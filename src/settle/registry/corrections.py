"""Corrections that change the registry itself: after an upheld objection, the department
that holds a registry-derived fact confirms the corrected value, and the registry's rows change
(audited, old and new values kept), so that every later read, score and round sees them.

Only facts read straight from rows can be written back: a person's field, or the periods of a
kind. A fact derived by counting (years of insurance, donations per year) is corrected by
correcting the rows it counts, at the department that holds them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Invalid
from settle.packs.schema import FactSpec
from settle.registry.persons import get_person, replace_periods
from settle.rules import dates

WRITABLE_SOURCES = ("person", "periods")


def writable(spec: FactSpec) -> bool:
    """Whether a correction of this fact can be written to the registry as given."""
    return spec.registry is None or spec.registry.source in WRITABLE_SOURCES


def _month_start(text: str) -> dt.date:
    month = dates.parse_month(text)
    label = dates.format_month(month)
    return dt.date(int(label[:4]), int(label[5:]), 1)


def apply_to_registry(*, session: Session, actor: str, person_id: int, fact: str, spec: FactSpec,
                      value: Any, department: str, objection_id: int | None) -> None:
    """Write a confirmed correction of a registry-derived fact to the registry's rows."""
    source = spec.registry
    if source is None or source.source not in WRITABLE_SOURCES:
        raise Invalid(f"{fact} cannot be written to the registry as a value", field=fact)
    purpose = f"objection {objection_id} upheld, confirmed by {department}"
    if source.source == "person":
        person = get_person(session=session, person_id=person_id)
        before = getattr(person, source.field or "")
        setattr(person, source.field or "", value)
        audit(session, actor, "correct_person", f"person/{person_id}", purpose, field=source.field,
              before=before, after=value)
        return
    periods = [(_month_start(p["from"]), None if p.get("to") is None else _month_start(p["to"]))
               for p in value]
    replace_periods(session=session, actor=actor, person_id=person_id, kind=source.kind or "",
                    subtype=source.subtype, periods=periods, department=department, purpose=purpose)
