"""The demo city is consistent with its own pack: once every department has confirmed the
evidence, its round ranks every application, those without a residence permit included."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from settle.database import transaction
from settle.demo.city import DEMO_TODAY, seed_demo_city
from settle.registry.clock import demo_today
from settle.registry.models import Application, EvidenceItem
from settle.workflow import round_service as rounds


def test_the_demo_round_ranks_every_application_once_evidence_is_confirmed(
        db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        round_id = seed_demo_city(session=session, persons=200, applications=60).id
        assert demo_today(session) == DEMO_TODAY
    with transaction(db) as session:
        for item in session.execute(select(EvidenceItem)).scalars().all():
            rounds.decide_evidence(session=session, actor="v", department=item.department, item_id=item.id,
                                   decision="confirm", expected_version=item.version,
                                   today=DEMO_TODAY)
        report = rounds.rank(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 11, 9))
        assert report.ranked == 60
        without_permit = [a for a in session.execute(select(Application)).scalars()
                          if not a.declared["holds_guangdong_residence_permit"]]
        assert without_permit and all(a.state == "ranked" and a.eligible is False for a in without_permit)
