"""The officer's explanation of a round: ranking key values that agree with the stored ranks,
the failed conditions of each ineligible applicant, a sentence per quota line for admitted
against quota, and the quotas and cut-offs the pack and the registry hold."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from settle.database import transaction
from settle.demo.city import DEMO_TODAY, seed_demo_city
from settle.i18n import Text
from settle.registry.models import Application, EvidenceItem
from settle.workflow import round_service as rounds
from settle.workflow.applications import get_round
from settle.workflow.quota_round import LineOutcome
from settle.workflow.round_report import explain_round, line_sentence


def _ranked_demo(db: sessionmaker[Session], quota: int) -> int:
    with transaction(db) as session:
        round_ = seed_demo_city(session=session, persons=120, applications=30)
        round_.quota = quota
        for item in session.execute(select(EvidenceItem)).scalars().all():
            rounds.decide_evidence(session=session, actor="v", department=item.department, item_id=item.id,
                                   decision="confirm", expected_version=item.version, today=DEMO_TODAY)
        rounds.rank(session=session, actor="officer", round_id=round_.id, today=dt.date(2017, 11, 9))
        return round_.id


def test_key_values_follow_the_ranks_and_each_ineligible_applicant_says_what_it_fails(
        db: sessionmaker[Session]) -> None:
    round_id = _ranked_demo(db, quota=60)
    with transaction(db) as session:
        round_ = get_round(session=session, round_id=round_id)
        why = explain_round(session=session, round_=round_)
        applications = session.execute(select(Application).where(
            Application.round_id == round_id)).scalars().all()
        assert set(why.rows) == {a.id for a in applications}
        assert why.keys[0].en.startswith("Months of employee medical insurance")
        ranked = sorted((a for a in applications if a.rank), key=lambda a: a.rank or 0)
        keys = [tuple(why.rows[a.id].keys) for a in ranked]
        assert keys == sorted(keys, reverse=True)  # the pack ranks by the keys, both descending
        ineligible = [a for a in applications if a.eligible is False]
        assert ineligible and all(why.rows[a.id].failed and a.rank is None for a in ineligible)
        assert all(not why.rows[a.id].failed for a in applications if a.eligible)
        failed = dict((title.en, n) for title, n in why.failed)
        assert sum(failed.values()) >= len(ineligible) and max(failed.values()) == why.failed[0][1]
        assert all(n == sum(1 for a in ineligible if any(f.en == title for f in why.rows[a.id].failed))
                   for title, n in failed.items())
        general = why.lines[0]
        assert general.outcome.admitted == len(ranked) < 60
        assert general.sentence.en.startswith(f"{len(ranked)} admitted of a quota of 60: of the line's")
        assert f"only {len(ranked)} are eligible ({len(ineligible)} are not)" in general.sentence.en
        assert "指标60个" in general.sentence.zh
        assert why.lines[1].sentence.en.startswith("no applicant belongs to this line")
        assert [(v.title.en, v.value) for v in why.pack_values][:1] == [("Quota of the 2017 round", "6000")]
        assert why.pack_values[0].cite.lines == "539-561"
        assert [(r.name, r.quota, r.admitted) for r in why.past_rounds] == [("2017", 60, len(ranked))]
        assert why.past_rounds[0].cutoff[0][0].en.startswith("Months of employee medical insurance")


def _line(quota: int | None, candidates: int, ranked: int, admitted: int, tied: int = 1) -> LineOutcome:
    return LineOutcome(id="general", title=Text(en="General", zh="普通"), quota=quota, applicants=ranked,
                       admitted=admitted, cutoff={}, tied_at_cutoff=tied,
                       beyond_quota=max(0, admitted - (quota or admitted)), candidates=candidates)


def test_each_line_says_why_it_admitted_as_many_as_it_did_against_its_quota() -> None:
    assert line_sentence(_line(60, 40, 7, 7), "quota").en == (
        "7 admitted of a quota of 60: of the line's 40 applicants only 7 are eligible (33 are not), "
        "so the quota is not filled")
    assert line_sentence(_line(5, 40, 30, 5), "quota").en == (
        "5 admitted, the quota of 5 filled: 25 eligible applicants rank below the cut-off, "
        "10 applicants are not eligible")
    assert line_sentence(_line(5, 40, 30, 7, tied=3), "quota").zh == (
        "指标5个，入围7人：3人并列最后一个入围名次，按规定并列者同时入围，超出指标2人")
    assert line_sentence(_line(50, 0, 0, 0), "quota").en == (
        "no applicant belongs to this line: its quota of 50 is unused")
    assert line_sentence(_line(None, 9, 9, 9), "threshold").en.startswith(
        "9 admitted: this line has no quota")
