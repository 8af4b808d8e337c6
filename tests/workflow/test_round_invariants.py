"""Invariants of rounds: never more admitted than the quota except for ties the pack admits;
a round interrupted in the middle leaves the database as it was and runs again the same."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session, SessionTransaction, sessionmaker

from settle.database import transaction
from settle.packs import default_catalogue
from settle.registry.models import Application, Round
from settle.workflow import applications as apps
from settle.workflow import round_service as rounds
from settle.workflow.quota_round import run_round
from tests.workflow.db_scenario import AFTER, CLERK, DECLARED, WINDOW, register


@given(st.lists(st.tuples(st.integers(48, 60), st.integers(0, 3)), min_size=1, max_size=40),
       st.integers(0, 45))
@settings(max_examples=60, deadline=None)
def test_admitted_never_exceed_the_quota_except_shared_last_rank(people: list[tuple[int, int]],
                                                                 quota: int) -> None:
    pack = default_catalogue().load("guangzhou-2017")
    base = {"education": "college", "skill_level": "senior_labour_or_nvq_3_and_above",
            "holds_guangdong_residence_permit": True, "stable_employment": True,
            "currently_insured_all_five": True, "other_insurances_min_months": 60,
            "legal_stable_residence": True}
    rows = []
    for n, (months, permit_years) in enumerate(people):
        start = 2017 * 12 + 9 - months  # months of insurance up to October 2017
        rows.append({**base, "person_id": f"p{n:03d}",
                     "medical_insurance_periods": [{"from": start, "to": None}],
                     "residence_permit_since": dt.date(2017 - permit_years, 1, 1)})
    frame = pl.DataFrame(rows, schema_overrides={
        "medical_insurance_periods": pl.List(pl.Struct({"from": pl.Int32, "to": pl.Int32}))})
    outcome = run_round(pack, frame, quota=quota)
    listing = outcome.ranked
    admitted = listing.filter(pl.col("admitted"))
    line = outcome.lines[0]
    if admitted.height > quota:
        last_rank = admitted["rank"].max()
        assert admitted.height - line.tied_at_cutoff < quota, "only the shared last rank may exceed"
        assert listing.filter(pl.col("rank") == last_rank)["admitted"].all()
    rejected = listing.filter(~pl.col("admitted"))
    if admitted.height and rejected.height:
        assert admitted["rank"].max() < rejected["rank"].min()  # type: ignore[operator]



def _scored_round(db: sessionmaker[Session]) -> int:
    with transaction(db) as session:
        round_id = rounds.open_round(session=session, actor="officer", pack_id="guangzhou-2017",
                                     name="2017", window_opens=WINDOW[0], window_closes=WINDOW[1],
                                     quota=2).id
        for n, year in enumerate((2010, 2011, 2012, 2013)):
            person = register(session, n, dt.date(year, 1, 1), dt.date(2012, 1, 1))
            application = apps.create_application(session=session, actor=CLERK, person_id=person.id,
                                                  round_id=round_id, declared=DECLARED)
            apps.submit(session=session, actor=CLERK, application_id=application.id, today=WINDOW[0])
            for item in apps.accept(session=session, actor=CLERK, application_id=application.id):
                apps.decide_evidence(session=session, actor="v", department=item.department,
                                     item_id=item.id, decision="confirm", expected_version=item.version)
            apps.score(session=session, actor="officer", application_id=application.id)
    return round_id


def _state(db: sessionmaker[Session], round_id: int) -> list[Any]:
    with transaction(db) as session:
        round_ = session.get(Round, round_id)
        assert round_ is not None
        rows = session.execute(select(Application.id, Application.state, Application.rank,
                                      Application.admitted).order_by(Application.id)).all()
        return [round_.state, list(round_.admitted or []), [tuple(r) for r in rows]]


def test_a_round_killed_in_the_middle_leaves_the_database_as_it_was(db: sessionmaker[Session],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    round_id = _scored_round(db)
    before = _state(db, round_id)
    calls = {"n": 0}
    original = rounds.transition  # type: ignore[attr-defined]

    def dies_on_the_third(**kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise SystemExit("killed")
        original(**kwargs)

    monkeypatch.setattr(rounds, "transition", dies_on_the_third)
    with pytest.raises(SystemExit), transaction(db) as session:
        rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
    assert _state(db, round_id) == before
    monkeypatch.setattr(rounds, "transition", original)
    with transaction(db) as session:
        first = rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
    after = _state(db, round_id)
    with transaction(db) as session:
        again = rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
    assert first.admitted == again.admitted and len(first.admitted) == 2
    assert _state(db, round_id)[2] == after[2]


def _snapshot(db: sessionmaker[Session], round_id: int) -> list[Any]:
    from settle.registry.models import ApplicationEvent, AuditEntry

    with transaction(db) as session:
        events = session.execute(select(func.count()).select_from(ApplicationEvent)).scalar_one()
        entries = session.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
        round_ = session.get(Round, round_id)
        assert round_ is not None
        dates = [round_.disclosure_closes, round_.notice_closes]
    return [*_state(db, round_id), events, entries, dates]


STEPS: list[tuple[str, dt.date]] = [
    ("rank", AFTER), ("disclose", AFTER), ("open_notice", dt.date(2017, 11, 14)),
    ("finalize", dt.date(2017, 11, 19))]


class Killer:
    """Counts the writes (audit entries) of a step and kills the process at the chosen one."""

    def __init__(self) -> None:
        self.n = 0
        self.die_at = 0

    def wrap(self, write: Any) -> Any:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.n += 1
            if self.n == self.die_at:
                raise SystemExit("killed")
            return write(*args, **kwargs)

        return counted


def test_a_round_step_killed_at_any_write_leaves_the_database_as_it_was(
        db: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch) -> None:
    """Every round step, killed at each of its writes (each audit entry, each transition) and
    at its commit: the database is as before, and the step then runs as if never tried."""
    round_id = _scored_round(db)
    killer = Killer()
    for module in (apps, rounds):
        monkeypatch.setattr(module, "audit", killer.wrap(module.audit))
    for action, day in STEPS:
        step = getattr(rounds, action)
        killer.n, killer.die_at = 0, 0
        with db() as session, session.begin():  # count the writes of the step, then throw it away
            step(session=session, actor="officer", round_id=round_id, today=day)
            session.rollback()
        writes, before = killer.n, _snapshot(db, round_id)
        assert writes >= 2, action
        for die_at in range(1, writes + 1):
            killer.n, killer.die_at = 0, die_at
            with pytest.raises(SystemExit), transaction(db) as session:
                step(session=session, actor="officer", round_id=round_id, today=day)
            assert _snapshot(db, round_id) == before, (action, die_at)
        killer.n, killer.die_at = 0, 0
        with monkeypatch.context() as commit_dies:
            commit_dies.setattr(SessionTransaction, "commit",
                                lambda self, _parent=False: (_ for _ in ()).throw(SystemExit("killed")))
            with pytest.raises(SystemExit), transaction(db) as session:
                step(session=session, actor="officer", round_id=round_id, today=day)
        assert _snapshot(db, round_id) == before, (action, "commit")
        with transaction(db) as session:
            step(session=session, actor="officer", round_id=round_id, today=day)
        assert _snapshot(db, round_id) != before


def test_every_round_transition_publishes_a_signed_checkpoint_that_verify_checks(
        db: sessionmaker[Session], tmp_path: Any) -> None:
    from settle.audit.checkpoints import verify_checkpoints

    round_id = _scored_round(db)
    with transaction(db) as session:
        rounds.rank(session=session, actor="officer", round_id=round_id, today=AFTER)
    with transaction(db) as session:
        rounds.disclose(session=session, actor="officer", round_id=round_id, today=AFTER)
    lines = (tmp_path / "settle.db.checkpoints.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    with transaction(db) as session:
        report = verify_checkpoints(session)
        assert report.intact and report.checked == 2, report
