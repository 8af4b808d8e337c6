"""The window's first step: find whether the person is registered before registering them.

A search by name or identity number is a read of personal data: it is audited with its purpose
and the number of persons returned, never with the term searched (docs/security.md). Taking a
found person's record into the intake form is a read of that person, audited too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Invalid
from settle.messages import say
from settle.registry.models import Application, Person
from settle.registry.persons import get_person, search_persons

INTAKE_PURPOSE = "intake at the window: is the applicant registered (pages)"
FOUND_LIMIT = 20


@dataclass(frozen=True)
class Found:
    """A registered person the search found, and their application in the open round, if any."""

    person: Person
    application_id: int | None


@dataclass(frozen=True)
class Lookup:
    """What a search at the window found: up to FOUND_LIMIT persons of `total`."""

    found: list[Found]
    total: int


def find_registered(*, session: Session, actor: str, q: str, round_id: int | None) -> Lookup:
    """Registered persons whose name contains `q` or whose identity number starts with it
    (taken literally: % and _ match themselves), each with their application in `round_id`."""
    term = q.strip()
    if len(term) < 2:
        raise Invalid(say("search_too_short", value=term), field="q")
    page = search_persons(session=session, q=term.upper() if term[:1].isdigit() else term, limit=FOUND_LIMIT)
    applied: dict[int, int] = {}
    if round_id is not None and page.persons:
        rows = session.execute(select(Application.person_id, Application.id).where(
            Application.round_id == round_id, Application.person_id.in_([p.id for p in page.persons])))
        applied = {person_id: application_id for person_id, application_id in rows}
    audit(session, actor, "search_persons", "persons", INTAKE_PURPOSE, returned=len(page.persons),
          total=page.total)
    return Lookup(found=[Found(person=p, application_id=applied.get(p.id)) for p in page.persons],
                  total=page.total)


def take_registered(*, session: Session, actor: str, person_id: int) -> Person:
    """The registered person the clerk chose, to fill the intake form (an audited read)."""
    person = get_person(session=session, person_id=person_id)
    audit(session, actor, "read_person", f"person/{person.id}", INTAKE_PURPOSE)
    return person
