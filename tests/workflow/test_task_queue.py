"""The verifier's queue: a search by name or identity number, filters by state, sorting,
grouping by applicant, the registry's record beside the declared value, and batch
confirmation that decides each task as a single confirmation does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from settle.audit.log import AuditEntry
from settle.database import transaction
from settle.demo.city import DEMO_TODAY, seed_demo_city
from settle.errors import Invalid
from settle.registry.models import Application, EvidenceItem, Person
from settle.registry.persons import add_period
from settle.workflow import task_queue as queue

DEPARTMENT = "human_resources"


@pytest.fixture
def city(db: sessionmaker[Session]) -> Iterator[sessionmaker[Session]]:
    with transaction(db) as session:
        seed_demo_city(session=session, persons=80, applications=12)
    yield db


def _applicant(session: Session, n: int = 0) -> tuple[Application, Person]:
    row = session.execute(select(Application, Person).join(Person, Person.id == Application.person_id)
                          .order_by(Application.id).offset(n).limit(1)).one()
    return row[0], row[1]


def _page(session: Session, **chosen: object) -> queue.TaskPage:
    return queue.queue_page(session=session, actor="v", per_page=500,
                            chosen=queue.TaskFilter(department=DEPARTMENT, **chosen))  # type: ignore[arg-type]


def test_a_search_by_name_or_identity_number_finds_only_that_applicants_tasks(
        city: sessionmaker[Session]) -> None:
    with transaction(city) as session:
        application, person = _applicant(session, 3)
        by_name = _page(session, search=person.name)
        by_number = _page(session, search=person.identity_number.lower())
        assert by_name.rows and {r.item.application_id for r in by_number.rows} == {application.id}
        assert application.id in {r.item.application_id for r in by_name.rows}
        assert all(r.applicant == person.name[0] + "*" * (len(person.name) - 1)
                   for r in by_number.rows)  # still masked
        assert _page(session, search="%").rows == [] and _page(session, search="_").rows == []
        last = session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc())).scalars().first()
        assert last is not None and last.detail["searched"] is True
        assert person.identity_number not in str(last.detail) and person.name not in str(last.detail)


def test_filters_by_state_sort_both_ways_and_group_by_applicant(city: sessionmaker[Session]) -> None:
    with transaction(city) as session:
        first = _page(session)
        chosen = [(r.item.id, r.item.version) for r in first.rows[:3]]
        outcome = queue.confirm_tasks(session=session, actor="v", department=DEPARTMENT, items=chosen,
                                      today=DEMO_TODAY)
        assert len(outcome.confirmed) == 3 and outcome.refused == []
        after = _page(session)
        assert after.by_state["confirmed"] == 3 and after.by_state["pending"] == first.by_state["pending"] - 3
        confirmed = _page(session, state="confirmed")
        assert {r.item.id for r in confirmed.rows} == {i for i, _ in chosen}
        oldest = [r.item.id for r in _page(session, order="oldest").rows]
        newest = [r.item.id for r in _page(session, order="newest").rows]
        assert newest == list(reversed(oldest))
        grouped = [r.item.application_id for r in _page(session, order="fact", grouped=True).rows]
        assert grouped == sorted(grouped)  # an applicant's tasks side by side
        by_fact = [r.item.fact for r in _page(session, order="fact").rows]
        assert by_fact == sorted(by_fact)
        with pytest.raises(Invalid, match="state: 'done' is not one of pending"):
            queue.TaskFilter(department=DEPARTMENT, state="done")


def test_a_batch_confirms_each_task_with_its_own_audit_entry_and_refuses_stale_and_foreign_ones(
        city: sessionmaker[Session]) -> None:
    with transaction(city) as session:
        rows = _page(session).rows[:4]
        foreign = session.execute(select(EvidenceItem).where(EvidenceItem.department != DEPARTMENT)).scalar()
        assert foreign is not None
        stale = (rows[3].item.id, rows[3].item.version + 1)
        items = [(r.item.id, r.item.version) for r in rows[:3]] + [stale, (foreign.id, foreign.version)]
        outcome = queue.confirm_tasks(session=session, actor="v", department=DEPARTMENT, items=items,
                                      today=DEMO_TODAY)
        assert [i.id for i in outcome.confirmed] == [r.item.id for r in rows[:3]]
        assert [i for i, _ in outcome.refused] == [rows[3].item.id, foreign.id]
        assert "reload" in outcome.refused[0][1].text("en") and "请刷新" in outcome.refused[0][1].text("zh")
        entries = session.execute(select(AuditEntry).where(AuditEntry.action == "evidence_confirm")).scalars()
        assert sorted(e.detail["item"] for e in entries) == sorted(r.item.id for r in rows[:3])
        assert session.get(EvidenceItem, rows[3].item.id).status == "pending"  # type: ignore[union-attr]
    with pytest.raises(Invalid, match="at most 200"):
        queue.parse_batch([f"{n}:1" for n in range(1, 202)])
    with pytest.raises(Invalid, match="'7' is not a task and its version"):
        queue.parse_batch(["7"])


def test_the_registrys_record_stands_beside_a_fact_the_registry_holds(city: sessionmaker[Session]) -> None:
    with transaction(city) as session:
        application, person = _applicant(session)
        add_period(session=session, actor="clerk", person_id=person.id, kind="social_insurance",
                   subtype="medical", start=dt.date(2009, 5, 1), end=dt.date(2009, 8, 31))
        session.add(EvidenceItem(application_id=application.id, fact="medical_insurance_periods",
                                 department=DEPARTMENT, declared_value=[{"from": "2008-01"}]))
        session.flush()
        rows = {r.item.fact: r for r in _page(session, application_id=application.id).rows}
        held = rows["medical_insurance_periods"]
        assert held.record == "registry"
        assert any(p["from"] == "2009-05" for p in held.on_record)
        assert all(r.record == "none" and r.on_record is None for f, r in rows.items()
                   if f != "medical_insurance_periods")


def test_an_empty_page_still_names_the_departments_pack_for_its_fact_filter(
        city: sessionmaker[Session]) -> None:
    with transaction(city) as session:
        empty = _page(session, state="pending", fact="no_such_fact")
        assert empty.rows == [] and empty.by_fact and empty.pack is not None
        assert empty.pack.id == "guangzhou-2017"


def test_pages_follow_one_another_without_repeating_a_task(city: sessionmaker[Session]) -> None:
    with transaction(city) as session:
        chosen = queue.TaskFilter(department=DEPARTMENT)
        pages = [queue.queue_page(session=session, actor="v", chosen=chosen, page=n, per_page=25)
                 for n in (1, 2, 3, 99)]
        ids = [r.item.id for p in pages[:3] for r in p.rows]
        assert len(ids) == len(set(ids)) == pages[0].total == sum(len(p.rows) for p in pages[:3])
        assert pages[0].pages == 3 and pages[3].page == 3  # a page past the end shows the last
