"""The settlement workflow on the embedded SQLite database, service by service."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from settle.audit.chain import verify_chain
from settle.errors import DuplicateIdentity, Forbidden, IllegalTransition, Invalid, StaleVersion
from settle.registry.database import transaction
from settle.registry.identity import make_identity
from settle.registry.models import ApplicationEvent, AuditEntry, EvidenceItem
from settle.registry.persons import register_person
from settle.workflow import applications as apps
from settle.workflow import round_service as rounds
from tests.workflow.db_scenario import CLERK, DECLARED, WINDOW, register


def _round(db: sessionmaker[Session], quota: int = 2) -> int:
    with transaction(db) as session:
        return rounds.open_round(session=session, actor="officer", pack_id="guangzhou-2017", name="2017",
                                 window_opens=WINDOW[0], window_closes=WINDOW[1], quota=quota).id


def _applicants(db: sessionmaker[Session], round_id: int) -> list[int]:
    """Four applicants; medical insurance from 2010, 2011, 2012 and 2012 (a tie on months
    broken by the residence permit: 2012-03 before 2013-03)."""
    plan = [(dt.date(2010, 11, 1), dt.date(2011, 1, 1)), (dt.date(2011, 11, 1), dt.date(2011, 1, 1)),
            (dt.date(2012, 11, 1), dt.date(2012, 3, 1)), (dt.date(2012, 11, 1), dt.date(2013, 3, 1))]
    ids = []
    with transaction(db) as session:
        for n, (insured, permit) in enumerate(plan):
            person = register(session, n, insured, permit)
            ids.append(apps.create_application(session=session, actor=CLERK, person_id=person.id,
                                               round_id=round_id, declared=DECLARED).id)
    return ids


def _through_scoring(db: sessionmaker[Session], ids: list[int]) -> None:
    with transaction(db) as session:
        for application_id in ids:
            apps.submit(session=session, actor=CLERK, application_id=application_id, today=WINDOW[1])
            for item in apps.accept(session=session, actor=CLERK, application_id=application_id):
                apps.decide_evidence(session=session, actor=f"verifier-{item.department}",
                                     department=item.department, item_id=item.id, decision="confirm",
                                     expected_version=item.version)
            apps.score(session=session, actor="officer", application_id=application_id)


def test_a_full_round_runs_from_registration_to_settlement(db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    _through_scoring(db, ids)
    with transaction(db) as session:
        report = rounds.rank(session=session, actor="officer", round_id=round_id)
        assert report.admitted == [ids[0], ids[1]]
        assert report.cutoff == {"medical_insurance_months": 72, "residence_permit_months": 82}
        rounds.disclose(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 12, 1))
        notice = rounds.open_notice(session=session, actor="officer", round_id=round_id,
                                    today=dt.date(2017, 12, 7))
        assert (notice.notice_opens, notice.notice_closes) == (dt.date(2017, 12, 7), dt.date(2017, 12, 11))
    with transaction(db) as session:
        rounds.finalize(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 12, 12))
        card = rounds.issue_card(session=session, actor="officer", application_id=ids[0])
        assert card.state == "card_issued" and card.settlement_card
        assert rounds.settle(session=session, actor="police", application_id=ids[0]).state == "settled"
        with pytest.raises(Invalid, match="not on the admitted list"):
            rounds.issue_card(session=session, actor="officer", application_id=ids[2])
        events = session.execute(select(ApplicationEvent.action).where(
            ApplicationEvent.application_id == ids[0]).order_by(ApplicationEvent.id)).scalars().all()
        assert events == ["submit", "accept", "score", "rank", "disclose", "open_notice", "finalize",
                          "issue_card", "settle"]
        assert verify_chain(session).intact


def test_an_upheld_objection_rescores_reranks_and_reports_the_change(db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    _through_scoring(db, ids)
    with transaction(db) as session:
        rounds.rank(session=session, actor="officer", round_id=round_id)
        rounds.disclose(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 12, 1))
        rounds.open_notice(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 12, 7))
        objection = rounds.file_objection(
            session=session, actor="public", application_id=ids[1], today=dt.date(2017, 12, 8),
            text="Applicant 1 has no stable employment", correction={"stable_employment": False})
        report = rounds.decide_objection(session=session, actor="officer", objection_id=objection.id,
                                         upheld=True, decision="Employment registration lapsed")
        assert report is not None
        assert report.no_longer_admitted == [ids[1]]
        assert report.newly_admitted == [ids[2]]


def test_submission_outside_the_window_is_refused_and_resubmission_is_idempotent(
        db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    with transaction(db) as session, pytest.raises(
            Invalid, match="runs from 2017-10-10 to 2017-11-08; today is 2017-11-09"):
        apps.submit(session=session, actor=CLERK, application_id=ids[0], today=dt.date(2017, 11, 9))
    with transaction(db) as session:
        apps.submit(session=session, actor=CLERK, application_id=ids[0], today=dt.date(2017, 10, 10))
        apps.submit(session=session, actor=CLERK, application_id=ids[0], today=dt.date(2017, 10, 11))
        count = session.execute(select(ApplicationEvent).where(
            ApplicationEvent.application_id == ids[0])).scalars().all()
        assert len(count) == 1


def test_illegal_transitions_name_the_state_and_the_action(db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    with transaction(db) as session, pytest.raises(IllegalTransition,
                                                    match="cannot accept an application in state 'draft'"):
        apps.accept(session=session, actor=CLERK, application_id=ids[0])


def test_evidence_goes_to_the_department_the_pack_names(db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    with transaction(db) as session:
        apps.submit(session=session, actor=CLERK, application_id=ids[0], today=WINDOW[0])
        items = {i.fact: i.department for i in apps.accept(session=session, actor=CLERK,
                                                            application_id=ids[0])}
        assert items["education"] == "education"
        assert items["skill_level"] == "human_resources"
        assert items["legal_stable_residence"] == "housing"
        assert "medical_insurance_periods" not in items  # the registry holds it


def test_a_verifier_cannot_decide_another_departments_evidence_nor_a_stale_version(
        db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    with transaction(db) as session:
        apps.submit(session=session, actor=CLERK, application_id=ids[0], today=WINDOW[0])
        item = next(i for i in apps.accept(session=session, actor=CLERK, application_id=ids[0])
                    if i.fact == "education")
        item_id, version = item.id, item.version
    with transaction(db) as session, pytest.raises(Forbidden, match="verified by education, not housing"):
        apps.decide_evidence(session=session, actor="v", department="housing", item_id=item_id,
                             decision="confirm", expected_version=version)
    with transaction(db) as session:
        apps.decide_evidence(session=session, actor="v", department="education", item_id=item_id,
                             decision="correct", value="high_school", expected_version=version)
    with transaction(db) as session, pytest.raises(StaleVersion, match="reload and decide again"):
        apps.decide_evidence(session=session, actor="w", department="education", item_id=item_id,
                             decision="confirm", expected_version=version)


def test_registering_the_same_identity_twice_is_refused(db: sessionmaker[Session]) -> None:
    number = make_identity("440106", dt.date(1990, 5, 5), 11)
    with transaction(db) as session:
        register_person(session=session, actor=CLERK, identity_number=number, name="A", sex="male",
                        birth_date=dt.date(1990, 5, 5), origin_place="Hunan")
    with transaction(db) as session, pytest.raises(DuplicateIdentity, match="already registered"):
        register_person(session=session, actor=CLERK, identity_number=number, name="B", sex="male",
                        birth_date=dt.date(1990, 5, 5), origin_place="Hunan")


def test_an_identity_number_must_agree_with_the_birth_date(db: sessionmaker[Session]) -> None:
    with transaction(db) as session, pytest.raises(Invalid, match="differs from the date in the identity"):
        register_person(session=session, actor=CLERK,
                        identity_number=make_identity("440106", dt.date(1990, 5, 5), 11),
                        name="A", sex="male", birth_date=dt.date(1990, 5, 6), origin_place="Hunan")


def test_editing_or_deleting_an_audit_entry_is_detected(db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    _applicants(db, round_id)
    with transaction(db) as session:
        assert verify_chain(session).intact
        session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="someone else"))
    with transaction(db) as session:
        report = verify_chain(session)
        assert report.broken_at == 3 and "edited" in (report.reason or "")
        session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor=CLERK))
        assert verify_chain(session).intact
        session.delete(session.get(AuditEntry, 5))
    with transaction(db) as session:
        report = verify_chain(session)
        assert report.broken_at == 6 and "entry 5 is missing" in (report.reason or "")


def test_ranking_again_gives_the_same_list(db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    _through_scoring(db, ids)
    with transaction(db) as session:
        first = rounds.rank(session=session, actor="officer", round_id=round_id)
    with transaction(db) as session:
        second = rounds.rank(session=session, actor="officer", round_id=round_id)
        assert first.admitted == second.admitted and not second.newly_admitted
        assert session.execute(select(EvidenceItem).where(EvidenceItem.status == "pending")).first() is None


def test_an_expired_document_cannot_be_confirmed(db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    with transaction(db) as session:
        apps.submit(session=session, actor=CLERK, application_id=ids[0], today=WINDOW[0])
        items = apps.accept(session=session, actor=CLERK, application_id=ids[0], documents={
            "education": {"document": "diploma verification report", "issuing_department": "CHSI",
                          "valid_from": dt.date(2016, 1, 1), "valid_until": dt.date(2017, 6, 30)}})
        item = next(i for i in items if i.fact == "education")
        assert item.document == "diploma verification report"
    with transaction(db) as session, pytest.raises(Invalid, match="expired on 2017-06-30"):
        apps.decide_evidence(session=session, actor="v", department="education", item_id=item.id,
                             decision="confirm", expected_version=item.version)
