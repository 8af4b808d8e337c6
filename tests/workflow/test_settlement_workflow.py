"""The settlement workflow on the embedded SQLite database, service by service."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from settle.audit.chain import verify_chain
from settle.database import transaction
from settle.errors import (
    DuplicateApplication,
    DuplicateIdentity,
    Forbidden,
    IllegalTransition,
    Invalid,
    NotFound,
    RoundBlocked,
    StaleVersion,
)
from settle.registry.identity import make_identity
from settle.registry.models import (
    Application,
    ApplicationEvent,
    AuditEntry,
    EvidenceItem,
    Objection,
    Period,
    Round,
)
from settle.registry.persons import register_person
from settle.workflow import applications as apps
from settle.workflow import round_service as rounds
from tests.workflow.db_scenario import AFTER, CLERK, DECLARED, WINDOW, register


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
        report = rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
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


def _in_notice(db: sessionmaker[Session], round_id: int) -> None:
    with transaction(db) as session:
        rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
        rounds.disclose(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 12, 1))
        rounds.open_notice(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 12, 7))


def _noticed_round(db: sessionmaker[Session]) -> tuple[int, list[int]]:
    """A round of the four applicants, scored, ranked, disclosed and in public notice."""
    round_id = _round(db)
    ids = _applicants(db, round_id)
    _through_scoring(db, ids)
    _in_notice(db, round_id)
    return round_id, ids


def _clerk_objects(session: Session, application_id: int, text: str,
                   correction: dict[str, object]) -> Objection:
    """The window records a written objection on 8 December, in the notice period."""
    return rounds.file_objection(session=session, actor="clerk", actor_role="window_clerk",
                                 actor_person_id=None, application_id=application_id,
                                 today=dt.date(2017, 12, 8), text=text, correction=correction)


def _department_decides(db: sessionmaker[Session], tasks: list[EvidenceItem],
                        decision: str = "confirm") -> rounds.RankingReport | None:
    report = None
    with transaction(db) as session:
        for task in tasks:
            item = session.get(EvidenceItem, task.id)
            assert item is not None
            _item, report = rounds.decide_evidence(
                session=session, actor=f"verifier-{item.department}", department=item.department,
                item_id=item.id, decision=decision, expected_version=item.version,
                reason="records agree" if decision == "reject" else None, today=dt.date(2017, 12, 9))
    return report


def test_an_upheld_objection_goes_to_the_department_whose_decision_rescores_and_reranks(
        db: sessionmaker[Session]) -> None:
    round_id, ids = _noticed_round(db)
    with transaction(db) as session:
        objection = _clerk_objects(session, ids[1], "Applicant 1 has no stable employment",
                                   {"stable_employment": False})
        tasks = rounds.decide_objection(session=session, actor="officer", objection_id=objection.id,
                                        upheld=True, decision="Employment registration lapsed")
        assert [(t.fact, t.department, t.status) for t in tasks] == [
            ("stable_employment", "human_resources", "pending")]
        assert session.get(Round, round_id).admitted == [ids[0], ids[1]]  # type: ignore[union-attr]
    with transaction(db) as session, pytest.raises(Invalid, match="re-verify"):
        rounds.finalize(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 12, 12))
    report = _department_decides(db, tasks)
    assert report is not None
    assert report.no_longer_admitted == [ids[1]]
    assert report.newly_admitted == [ids[2]]


def test_an_upheld_correction_of_registry_periods_changes_the_registry_itself(
        db: sessionmaker[Session]) -> None:
    _round_id, ids = _noticed_round(db)
    with transaction(db) as session:
        application = session.get(Application, ids[3])
        assert application is not None
        person_id = application.person_id
        objection = rounds.file_objection(
            session=session, actor="clerk", actor_role="window_clerk", actor_person_id=None,
            application_id=ids[3], today=dt.date(2017, 12, 8), text="insured since 2009",
            correction={"medical_insurance_periods": [{"from": "2009-01", "to": None}]})
        tasks = rounds.decide_objection(session=session, actor="officer", objection_id=objection.id,
                                        upheld=True, decision="the fund's records show 2009")
        assert [t.department for t in tasks] == ["human_resources"]
    report = _department_decides(db, tasks)
    assert report is not None and ids[3] in report.newly_admitted
    with transaction(db) as session:
        starts = session.execute(select(Period.start).where(
            Period.person_id == person_id, Period.kind == "social_insurance")).scalars().all()
        assert starts == [dt.date(2009, 1, 1)]
        actions = session.execute(select(AuditEntry.action).where(
            AuditEntry.subject == f"person/{person_id}")).scalars().all()
        assert "correct_periods" in actions
        assert verify_chain(session).intact


def test_a_department_that_rejects_the_correction_leaves_the_record_and_the_list(
        db: sessionmaker[Session]) -> None:
    _round_id, ids = _noticed_round(db)
    with transaction(db) as session:
        objection = _clerk_objects(session, ids[1], "no job", {"stable_employment": False})
        tasks = rounds.decide_objection(session=session, actor="officer", objection_id=objection.id,
                                        upheld=True, decision="to check")
    report = _department_decides(db, tasks, decision="reject")
    assert report is not None and not report.newly_admitted and not report.no_longer_admitted


@pytest.mark.parametrize(("correction", "message"), [
    ({"medical_insurance_periods": [{"from": "1999-13", "to": None}]}, "medical_insurance_periods"),
    ({"education": "phd" * 1000}, "unknown category"),
    ({"no_such_fact": 1}, "not a fact of pack guangzhou-2017"),
    ({"medical_insurance_months": 200}, "not a fact"),
])
def test_a_correction_that_does_not_fit_the_fact_is_refused_when_filed(
        db: sessionmaker[Session], correction: dict[str, object], message: str) -> None:
    _round_id, ids = _noticed_round(db)
    with transaction(db) as session, pytest.raises(Invalid, match=message) as refused:
        rounds.file_objection(session=session, actor="clerk", actor_role="window_clerk",
                              actor_person_id=None, application_id=ids[0], today=dt.date(2017, 12, 8),
                              text="wrong", correction=correction)
    assert len(refused.value.message) < 400  # a huge value is not echoed back whole


def test_only_the_applicant_or_the_window_and_bureau_may_object(db: sessionmaker[Session]) -> None:
    _round_id, ids = _noticed_round(db)
    with transaction(db) as session:
        own = session.get(Application, ids[0])
        assert own is not None
        strangers = (("analyst", None), ("department_verifier", None), ("applicant", own.person_id + 1))
        for role, person in strangers:
            with pytest.raises(Forbidden, match="only the applicant"):
                rounds.file_objection(session=session, actor="x", actor_role=role, actor_person_id=person,
                                      application_id=ids[0], today=dt.date(2017, 12, 8), text="no")
        filed = rounds.file_objection(session=session, actor="me", actor_role="applicant",
                                      actor_person_id=own.person_id, application_id=ids[0],
                                      today=dt.date(2017, 12, 8), text="my tax is higher")
        assert filed.id


def test_a_round_is_ranked_only_after_its_window_and_noticed_only_after_the_disclosure(
        db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    _through_scoring(db, ids)
    early = "closes on 2017-11-08: rank from 2017-11-09"
    with transaction(db) as session, pytest.raises(Invalid, match=early):
        rounds.rank(session=session, actor="officer", round_id=round_id, today=WINDOW[1])
    with transaction(db) as session:
        rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
        with pytest.raises(Invalid, match="needs it to be disclosed"):
            rounds.open_notice(session=session, actor="officer", round_id=round_id, today=AFTER)
        disclosed = rounds.disclose(session=session, actor="officer", round_id=round_id, today=AFTER)
        assert disclosed.disclosure_closes == dt.date(2017, 11, 13)  # 5 days (2016 rules 第十条)
        with pytest.raises(Invalid, match="disclosed to applicants until 2017-11-13"):
            rounds.open_notice(session=session, actor="officer", round_id=round_id,
                               today=dt.date(2017, 11, 13))
        rounds.open_notice(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 11, 14))
        with pytest.raises(Invalid, match="public notice runs until 2017-11-18"):
            rounds.finalize(session=session, actor="officer", round_id=round_id, today=dt.date(2017, 11, 18))


def test_a_round_is_never_blocked_by_one_application_it_names_it_and_ranks_once_it_is_excluded(
        db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    _through_scoring(db, ids[:3])
    with transaction(db) as session:
        apps.submit(session=session, actor=CLERK, application_id=ids[3], today=WINDOW[1])
        apps.accept(session=session, actor=CLERK, application_id=ids[3])
    with transaction(db) as session, pytest.raises(RoundBlocked) as blocked:
        rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
    assert [b.application_id for b in blocked.value.blocked] == [ids[3]]
    assert "education" in blocked.value.blocked[0].reason.en
    assert "尚待核查" in blocked.value.blocked[0].reason.zh
    with transaction(db) as session:
        with pytest.raises(Invalid, match="a written reason is needed"):
            rounds.close_application(session=session, actor="officer", application_id=ids[3],
                                     action="exclude", reason="  ", today=AFTER)
        rounds.close_application(session=session, actor="officer", application_id=ids[3], action="exclude",
                                 reason="documents never supplied", today=AFTER)
        report = rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
        assert report.ranked == 3
        events = session.execute(select(ApplicationEvent.action, ApplicationEvent.note).where(
            ApplicationEvent.application_id == ids[3])).all()
        assert ("exclude", "documents never supplied") in [tuple(e) for e in events]


def test_a_withdrawal_after_ranking_ranks_the_round_again(db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    _through_scoring(db, ids)
    with transaction(db) as session:
        rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
        report = rounds.close_application(session=session, actor="clerk", application_id=ids[0],
                                          action="withdraw", reason="moving back home", today=AFTER)
        assert report is not None
        assert report.no_longer_admitted == [ids[0]] and report.newly_admitted == [ids[2]]
        withdrawn = session.get(Application, ids[0])
        assert withdrawn is not None and withdrawn.state == "withdrawn" and withdrawn.rank is None


def test_a_second_application_in_the_same_round_names_the_existing_one(db: sessionmaker[Session]) -> None:
    round_id = _round(db)
    ids = _applicants(db, round_id)
    with transaction(db) as session, pytest.raises(DuplicateApplication) as duplicate:
        first = session.get(Application, ids[0])
        assert first is not None
        apps.create_application(session=session, actor=CLERK, person_id=first.person_id, round_id=round_id,
                                declared={"education": "phd"})
    assert duplicate.value.existing_id == ids[0]
    assert f"#{ids[0]}" in duplicate.value.message


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
                                                    match="cannot accept an application that is draft"):
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
    # another department's item is answered as if it did not exist: nothing about it is told
    with transaction(db) as session, pytest.raises(NotFound, match=f"no evidence item {item_id}$"):
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
        first = rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
    with transaction(db) as session:
        second = rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
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
