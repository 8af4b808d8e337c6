"""Service cases: a relief case from application to payment and closing, a refusal that lists
the failed conditions, a department that cannot decide another department's case, requests for
evidence, renewals; every step an event, an audit entry and a notice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session, sessionmaker

from settle.audit.chain import entries_about, verify_chain
from settle.database import transaction
from settle.errors import Invalid, NotFound
from settle.registry.identity import make_identity
from settle.registry.persons import register_person
from settle.workflow import notices
from settle.workflow import service_cases as cases
from settle.workflow.service_case_states import TRANSITIONS, IllegalCaseTransition, next_case_state

TODAY = dt.date(2026, 3, 2)
RELIEF = "hangzhou-temporary-relief-2017"
IN_DIFFICULTY = {"migrant_in_hangzhou": True, "difficulty": "sudden"}


def person(session: Session, n: int = 1, sex: str = "female") -> int:
    born = dt.date(1988, 4, 1) + dt.timedelta(days=41 * n)
    return register_person(session=session, actor="clerk", identity_number=make_identity(
        "330102", born, 2 * n + (0 if sex == "female" else 1)), name=f"Migrant {n}", sex=sex,
        birth_date=born, origin_place="Anhui", district="xihu", today=TODAY).id


def test_a_relief_case_goes_from_application_to_payment_and_closes(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person_id = person(session)
        case = cases.apply(session=session, actor="migrant", person_id=person_id, pack_id=RELIEF,
                           declared=IN_DIFFICULTY, today=TODAY)
        case_id = case.id
        assert (case.state, case.department, case.eligible) == ("submitted", "civil_affairs", True)
        assert case.fact_sources == {"migrant_in_hangzhou": "declared", "difficulty": "declared"}
    with transaction(db) as session:
        cases.decide(session=session, actor="civil-1", department="civil_affairs", case_id=case_id,
                     decision="grant", today=TODAY, benefit=cases.BenefitGiven(
                         amount="1500", currency="cny", period_from=TODAY,
                         period_until=dt.date(2026, 5, 31)))
        benefit = cases.benefit_of(session=session, case_id=case_id)
        assert benefit is not None
        assert (benefit.kind, benefit.amount, benefit.currency) == ("money", Decimal("1500"), "CNY")
        cases.record_delivery(session=session, actor="civil-1", department="civil_affairs", case_id=case_id,
                              on=dt.date(2026, 3, 10), amount="1500", reference="TRF-0001")
        cases.close_case(session=session, actor="civil-1", department="civil_affairs", case_id=case_id,
                         today=dt.date(2026, 3, 11))
    with db() as session:
        case = cases.get_case(session=session, case_id=case_id)
        [paid] = cases.deliveries_of(session=session, case_id=case_id)
        events = [(e.action, e.from_state, e.to_state)
                  for e in cases.events_of(session=session, case_id=case_id)]
        inbox = [n.state for n in notices.inbox(session=session, person_id=person_id)]
        audited = [e.action for e in entries_about(session, f"case/{case_id}")]
        assert case.state == "closed" and (paid.kind, paid.amount) == ("payment", Decimal("1500"))
        assert events == [("apply", "new", "submitted"), ("grant", "submitted", "granted"),
                          ("deliver", "granted", "delivering"), ("close", "delivering", "closed")]
        assert inbox == ["closed", "delivering", "granted", "submitted"]
        assert audited == ["case_apply", "case_grant", "case_deliver", "case_close"]
        assert verify_chain(session).intact


def test_a_refusal_lists_the_failed_conditions_in_both_languages(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person_id = person(session)
        case = cases.apply(session=session, actor="migrant", person_id=person_id, pack_id=RELIEF,
                           declared={"migrant_in_hangzhou": True, "difficulty": "long_term"}, today=TODAY)
        assert case.eligible is False and case.failed_conditions == ["sudden_urgent_or_temporary_difficulty"]
        with pytest.raises(Invalid, match="sudden_urgent_or_temporary_difficulty"):
            cases.decide(session=session, actor="civil-1", department="civil_affairs", case_id=case.id,
                         decision="grant", today=TODAY)
        cases.decide(session=session, actor="civil-1", department="civil_affairs", case_id=case.id,
                     decision="refuse", today=TODAY)
        assert case.state == "refused"
        [notice, _] = notices.inbox(session=session, person_id=person_id)
        assert "sudden, urgent or temporary difficulty" in notice.words_en
        assert "突发性、紧迫性或临时性生活困难" in notice.words_zh


def test_an_eligible_case_is_refused_only_with_a_written_reason(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        case = cases.apply(session=session, actor="migrant", person_id=person(session), pack_id=RELIEF,
                           declared=IN_DIFFICULTY, today=TODAY)
        with pytest.raises(Invalid) as refused:
            cases.decide(session=session, actor="civil-1", department="civil_affairs", case_id=case.id,
                         decision="refuse", today=TODAY)
        assert refused.value.field == "reason" and "理由" in refused.value.text("zh")


def test_a_department_cannot_decide_another_departments_case(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        case = cases.apply(session=session, actor="migrant", person_id=person(session), pack_id=RELIEF,
                           declared=IN_DIFFICULTY, today=TODAY)
        with pytest.raises(NotFound):
            cases.decide(session=session, actor="edu-1", department="education", case_id=case.id,
                         decision="grant", today=TODAY)
        assert case.state == "submitted"
        assert cases.department_queue(session=session, department="education") == []
        queue = cases.department_queue(session=session, department="civil_affairs")
        assert [c.id for c in queue] == [case.id]


def test_asked_for_evidence_the_applicant_amends_and_the_case_is_assessed_again(
        db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        case = cases.apply(session=session, actor="migrant", person_id=person(session), pack_id=RELIEF,
                           declared={"migrant_in_hangzhou": True, "difficulty": "none"}, today=TODAY)
        cases.decide(session=session, actor="civil-1", department="civil_affairs", case_id=case.id,
                     decision="request_evidence", reason="a hospital bill for the accident", today=TODAY)
        assert case.state == "evidence_requested"
        assert case.evidence_requested == "a hospital bill for the accident"
        cases.provide_evidence(session=session, actor="migrant", case_id=case.id,
                               declared={"difficulty": "sudden"}, today=TODAY)
        assert (case.state, case.eligible, case.declared["difficulty"]) == ("submitted", True, "sudden")


def test_a_renewal_opens_a_new_case_pointing_to_the_old(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        case = cases.apply(session=session, actor="migrant", person_id=person(session), pack_id=RELIEF,
                           declared=IN_DIFFICULTY, today=TODAY)
        cases.decide(session=session, actor="civil-1", department="civil_affairs", case_id=case.id,
                     decision="grant", today=TODAY)
        cases.record_delivery(session=session, actor="civil-1", department="civil_affairs", case_id=case.id,
                              on=TODAY, note="food parcel")
        renewed = cases.renew_case(session=session, actor="civil-1", department="civil_affairs",
                                   case_id=case.id, today=dt.date(2026, 9, 1))
        assert case.state == "renewed"
        assert (renewed.state, renewed.renews_id) == ("submitted", case.id)
        assert renewed.department == "civil_affairs"


def test_bad_input_names_the_field_and_the_rule(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        person_id = person(session)
        with pytest.raises(NotFound) as unknown:
            cases.apply(session=session, actor="m", person_id=person_id, pack_id="no-such-pack",
                        declared={}, today=TODAY)
        assert unknown.value.field == "pack_id"
        with pytest.raises(Invalid) as points:
            cases.apply(session=session, actor="m", person_id=person_id, pack_id="guangzhou-2025",
                        declared={}, today=TODAY)
        assert "积分" in points.value.text("zh")
        case = cases.apply(session=session, actor="m", person_id=person_id, pack_id=RELIEF,
                           declared=IN_DIFFICULTY, today=TODAY)
        cases.decide(session=session, actor="c", department="civil_affairs", case_id=case.id,
                     decision="grant", today=TODAY, benefit=cases.BenefitGiven(amount="200"))
        with pytest.raises(Invalid) as amount:
            cases.record_delivery(session=session, actor="c", department="civil_affairs", case_id=case.id,
                                  on=TODAY, amount="-5")
        assert amount.value.field == "amount" and "-5" in amount.value.message
        with pytest.raises(Invalid) as currency:
            cases.record_delivery(session=session, actor="c", department="civil_affairs", case_id=case.id,
                                  on=TODAY, amount="200", currency="USD")
        assert currency.value.field == "currency" and "CNY" in currency.value.message


def test_every_action_of_the_table_leads_somewhere_and_others_are_refused() -> None:
    for action, moves in TRANSITIONS.items():
        for state, target in moves.items():
            assert next_case_state(state, action) == target
    with pytest.raises(IllegalCaseTransition) as refused:
        next_case_state("refused", "grant")
    assert "不予批准" in refused.value.text("zh")
