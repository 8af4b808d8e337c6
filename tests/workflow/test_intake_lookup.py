"""At the window, the clerk first looks for the applicant among registered persons: by name or
identity number, taken literally, audited without the term searched."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from settle.audit.log import AuditEntry
from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.errors import Invalid
from settle.registry.models import Application, Person
from settle.workflow import intake


def test_a_search_finds_the_person_and_their_application_and_audits_no_term(
        db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        round_id = seed_demo_city(session=session, persons=40, applications=5).id
        applied = session.execute(select(Application).order_by(Application.id)).scalars().first()
        assert applied is not None
        person = session.get(Person, applied.person_id)
        assert person is not None
        by_number = intake.find_registered(session=session, actor="clerk", q=person.identity_number.lower(),
                                           round_id=round_id)
        assert [(f.person.id, f.application_id) for f in by_number.found] == [(person.id, applied.id)]
        by_name = intake.find_registered(session=session, actor="clerk", q=person.name, round_id=round_id)
        assert person.id in {f.person.id for f in by_name.found}
        assert intake.find_registered(session=session, actor="clerk", q="%%", round_id=round_id).found == []
        entry = session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc())).scalars().first()
        assert entry is not None
        assert (entry.action, entry.purpose) == ("search_persons", intake.INTAKE_PURPOSE)
        assert entry.detail == {"returned": 0, "total": 0}  # the term searched is not kept
        with pytest.raises(Invalid, match="too short to search") as refused:
            intake.find_registered(session=session, actor="clerk", q=" 4 ", round_id=round_id)
        assert "过短" in refused.value.text("zh")
        taken = intake.take_registered(session=session, actor="clerk", person_id=person.id)
        entry = session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc())).scalars().first()
        assert taken is person and entry is not None and entry.subject == f"person/{person.id}"
