"""A scored Guangzhou 2017 application whose applicant volunteered 56 verified hours in 2016
(one activity of one organization), shared by the API and page tests of the explanation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from settle.registry.accounts import create_account
from settle.registry.models import Organization
from settle.workflow import applications as apps
from settle.workflow import round_service as rounds
from settle.workflow import volunteers as vol
from tests.workflow.db_scenario import DECLARED, WINDOW, register

ACTIVITY = "Family companions"


def scored_volunteer(session: Session, username: str, password: str) -> int:
    """The id of the scored application; `username` is the applicant's account."""
    round_id = rounds.open_round(session=session, actor="officer", pack_id="guangzhou-2017", name="2017",
                                 window_opens=WINDOW[0], window_closes=WINDOW[1], quota=2).id
    person = register(session, 1, dt.date(2010, 1, 1), dt.date(2011, 1, 1))
    create_account(session=session, username=username, password=password, role="applicant",
                   person_id=person.id)
    organization = Organization(name="Grassroots House", kind="volunteer_organization",
                                registering_authority="youth_league", registered_on=dt.date(2006, 1, 1),
                                city="guangzhou")
    session.add(organization)
    session.flush()
    volunteer = vol.register_volunteer(session=session, actor="org", organization_id=organization.id,
                                       person_id=person.id, registered_on=dt.date(2015, 1, 1))
    activity = vol.record_activity(session=session, actor="org", organization_id=organization.id,
                                   name=ACTIVITY, category="family_companion", starts_on=dt.date(2016, 1, 1),
                                   ends_on=dt.date(2016, 12, 31))
    for day in range(1, 8):
        row = vol.record_hours(session=session, actor="org", organization_id=organization.id,
                               activity_id=activity.id, volunteer_id=volunteer.id,
                               served_on=dt.date(2016, 4, day), hours=8)
        vol.confirm_hours(session=session, actor="org", organization_id=organization.id, hours_id=row.id)
        vol.verify_hours(session=session, actor="league", department="youth_league", hours_id=row.id)
    application = apps.create_application(session=session, actor="clerk", person_id=person.id,
                                          round_id=round_id, declared=DECLARED)
    apps.submit(session=session, actor="clerk", application_id=application.id, today=WINDOW[1])
    for item in apps.accept(session=session, actor="clerk", application_id=application.id):
        apps.decide_evidence(session=session, actor="v", department=item.department, item_id=item.id,
                             decision="confirm", expected_version=item.version)
    apps.score(session=session, actor="officer", application_id=application.id)
    return application.id
