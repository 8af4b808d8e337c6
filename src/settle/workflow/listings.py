"""What the front ends list, read in the caller's session: rounds by what their state shows,
a person's applications, an application's evidence and objections, a round's applicants, and
the pack of each application. Routes hold no queries: they call these.

`get_objection` answers None for an unknown id; `get_objection_or_raise` raises NotFound.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.errors import NotFound
from settle.messages import say
from settle.packs import Pack, default_catalogue
from settle.registry.models import Application, EvidenceItem, Objection, Person, Round
from settle.workflow.round_states import OPEN_STATES, PUBLISHED_STATES


def all_rounds(*, session: Session) -> list[Round]:
    """Every round, oldest first."""
    return list(session.execute(select(Round).order_by(Round.id)).scalars())


def rounds_in(*, session: Session, states: tuple[str, ...]) -> list[Round]:
    """The rounds in one of `states`, oldest first."""
    return list(session.execute(select(Round).where(Round.state.in_(states)).order_by(Round.id)).scalars())


def open_rounds(*, session: Session) -> list[Round]:
    """The rounds taking applications (settle.workflow.round_states.accepts_applications)."""
    return rounds_in(session=session, states=OPEN_STATES)


def published_rounds(*, session: Session) -> list[Round]:
    """The rounds whose ranked list is public (settle.workflow.round_states.list_published)."""
    return rounds_in(session=session, states=PUBLISHED_STATES)


def applications_of_person(*, session: Session, person_id: int) -> list[Application]:
    """A person's applications, oldest first."""
    return list(session.execute(select(Application).where(Application.person_id == person_id)
                                .order_by(Application.id)).scalars())


def evidence_of(*, session: Session, application_id: int) -> list[EvidenceItem]:
    """An application's evidence items, in the order they were made."""
    return list(session.execute(select(EvidenceItem).where(EvidenceItem.application_id == application_id)
                                .order_by(EvidenceItem.id)).scalars())


def objections_of_application(*, session: Session, application_id: int) -> list[Objection]:
    return list(session.execute(select(Objection).where(Objection.application_id == application_id)
                                .order_by(Objection.id)).scalars())


def objections_of_round(*, session: Session, round_id: int) -> list[Objection]:
    return list(session.execute(select(Objection).join(Application).where(Application.round_id == round_id)
                                .order_by(Objection.id)).scalars())


def get_objection(*, session: Session, objection_id: int) -> Objection | None:
    return session.get(Objection, objection_id)


def get_objection_or_raise(*, session: Session, objection_id: int) -> Objection:
    objection = get_objection(session=session, objection_id=objection_id)
    if objection is None:
        raise NotFound(say("no_objection", id=objection_id), field="objection_id")
    return objection


def round_applicants(*, session: Session, round_id: int) -> list[tuple[Application, Person]]:
    """Every application of the round with its applicant: by rank, the unranked last."""
    rows = session.execute(select(Application, Person).join(Person, Person.id == Application.person_id)
                           .where(Application.round_id == round_id)
                           .order_by(Application.rank.is_(None), Application.rank, Application.id)).all()
    return [(application, person) for application, person in rows]


def ranked_applicants(*, session: Session, round_id: int) -> list[tuple[Application, Person]]:
    """The ranked applications of the round with their applicants, by rank."""
    rows = session.execute(select(Application, Person).join(Person, Person.id == Application.person_id)
                           .where(Application.round_id == round_id, Application.rank.is_not(None))
                           .order_by(Application.rank, Application.id)).all()
    return [(application, person) for application, person in rows]


def packs_of_applications(*, session: Session, application_ids: list[int]) -> dict[int, Pack]:
    """The pack of each application's round, each pack loaded once."""
    rounds = session.execute(select(Application.id, Round.pack_id)
                             .join(Round, Round.id == Application.round_id)
                             .where(Application.id.in_(set(application_ids)))).all()
    return {application_id: default_catalogue().load(pack_id) for application_id, pack_id in rounds}
