"""A round on the database: open it, rank its scored applications against the quota with the
pack's rule, disclose, publish for objections, decide objections (an upheld one re-scores and
re-ranks), finalise, issue settlement cards.

Ranking runs in the caller's transaction: a process killed in the middle leaves the round as
it was, and running it again gives the same list (the ranking is deterministic).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Invalid, NotFound
from settle.packs import Pack, default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.registry.models import Application, Objection, Round
from settle.rules.bulk.columns import rows_to_frame
from settle.rules.engine import evaluate
from settle.workflow.applications import (
    get_application,
    get_round,
    jsonable,
    pack_of_round,
    transition,
)
from settle.workflow.quota_round import run_round


def open_round(*, session: Session, actor: str, pack_id: str, name: str, window_opens: dt.date,
               window_closes: dt.date, quota: int) -> Round:
    if window_closes < window_opens:
        raise Invalid("window_closes is before window_opens", field="window_closes")
    if quota < 0:
        raise Invalid("quota must not be negative", field="quota")
    try:
        pack = default_catalogue().load(pack_id)
    except UnknownPack as exc:
        raise Invalid(str(exc), field="pack_id") from None
    if pack.meta.ranking is None:
        raise Invalid(f"pack {pack_id} declares no ranking rule", field="pack_id")
    round_ = Round(pack_id=pack_id, name=name, window_opens=window_opens, window_closes=window_closes,
                   quota=quota, state="open")
    session.add(round_)
    session.flush()
    audit(session, actor, "open_round", f"round/{round_.id}", "settlement workflow", pack=pack_id,
          quota=quota)
    return round_


def _applications(session: Session, round_id: int,
                  states: tuple[str, ...] | None = None) -> list[Application]:
    query = select(Application).where(Application.round_id == round_id)
    if states is not None:
        query = query.where(Application.state.in_(states))
    return list(session.execute(query.order_by(Application.id)).scalars())


@dataclass(frozen=True)
class RankingReport:
    round_id: int
    ranked: int
    admitted: list[int]
    cutoff: dict[str, Any]
    newly_admitted: list[int]
    no_longer_admitted: list[int]


def _parameter_days(pack: Pack, name: str) -> int:
    parameter = pack.meta.parameters.get(name)
    if parameter is None or not isinstance(parameter.value, Decimal):
        raise Invalid(f"pack {pack.id} declares no parameter {name!r} (days)", field=name)
    return int(parameter.value)


def rank(*, session: Session, actor: str, round_id: int) -> RankingReport:
    """Rank every scored application of the round; again after corrections (the report lists
    who enters and who leaves the admitted list). Refused while any application is unscored."""
    round_ = get_round(session=session, round_id=round_id)
    if round_.state not in ("open", "ranked", "disclosed", "public_notice"):
        raise Invalid(f"round {round_.name} is {round_.state}; it can no longer be ranked", field="state")
    pack = pack_of_round(round_)
    waiting = _applications(session, round_.id, ("draft", "submitted", "verification"))
    if any(a.state != "draft" for a in waiting):
        raise Invalid(f"{sum(a.state != 'draft' for a in waiting)} application(s) of round "
                      f"{round_.name} are not scored yet", field="state")
    scored = _applications(session, round_.id, ("scored", "ranked", "disclosed", "public_notice"))
    previous = set(round_.admitted or [])
    admitted: list[int] = []
    cutoff: dict[str, Any] = {}
    for application in scored:
        application.rank = None
        application.admitted = False
    if scored:
        table = rows_to_frame(pack, [a.verified for a in scored]).with_columns(
            pl.Series("person_id", [f"{a.id:012d}" for a in scored]))
        outcome = run_round(pack, table, quota=round_.quota, as_of=round_.window_closes)
        by_id = {a.id: a for a in scored}
        for row in outcome.ranked.iter_rows(named=True):
            application = by_id[int(row["person_id"])]
            application.rank = int(row["rank"])
            application.admitted = bool(row["admitted"])
            if application.admitted:
                admitted.append(application.id)
        cutoff = jsonable(outcome.lines[0].cutoff or {})
    for application in scored:
        action = "rank" if application.state == "scored" else "rerank"
        transition(session=session, application=application, actor=actor, action=action)
    round_.admitted = sorted(admitted)
    round_.cutoff = cutoff
    round_.ranked_at = dt.datetime.now(dt.UTC)
    if round_.state == "open":
        round_.state = "ranked"
    session.flush()
    report = RankingReport(round_.id, len(scored), sorted(admitted), cutoff,
                           sorted(set(admitted) - previous), sorted(previous - set(admitted)))
    audit(session, actor, "rank_round", f"round/{round_.id}", "settlement workflow",
          admitted=len(admitted), newly_admitted=report.newly_admitted,
          no_longer_admitted=report.no_longer_admitted)
    return report


def _round_step(session: Session, actor: str, round_id: int, action: str, before: str, after: str,
                today: dt.date) -> Round:
    round_ = get_round(session=session, round_id=round_id)
    if round_.state != before:
        raise Invalid(f"round {round_.name} is {round_.state}; {action} needs {before}", field="state")
    for application in _applications(session, round_.id, (before,)):
        transition(session=session, application=application, actor=actor, action=action)
    round_.state = after
    audit(session, actor, action, f"round/{round_.id}", "settlement workflow", on=today)
    return round_


def disclose(*, session: Session, actor: str, round_id: int, today: dt.date) -> Round:
    """Disclose each applicant's verified result to the applicant."""
    return _round_step(session, actor, round_id, "disclose", "ranked", "disclosed", today)


def open_notice(*, session: Session, actor: str, round_id: int, today: dt.date) -> Round:
    """Publish the ranked list for the pack's public notice period."""
    round_ = get_round(session=session, round_id=round_id)
    days = _parameter_days(pack_of_round(round_), "public_notice_days")
    round_ = _round_step(session, actor, round_id, "open_notice", "disclosed", "public_notice", today)
    round_.notice_opens = today
    round_.notice_closes = today + dt.timedelta(days=days - 1)
    return round_


def file_objection(*, session: Session, actor: str, application_id: int, text: str,
                   correction: dict[str, Any], today: dt.date) -> Objection:
    """An objection, in writing, during the notice period, by the applicant or the public."""
    application = get_application(session=session, application_id=application_id)
    round_ = get_round(session=session, round_id=application.round_id)
    if round_.state != "public_notice" or round_.notice_opens is None or round_.notice_closes is None \
            or not round_.notice_opens <= today <= round_.notice_closes:
        raise Invalid(f"objections are taken only during the public notice of round {round_.name}",
                      field="today")
    if not text.strip():
        raise Invalid("an objection must be written", field="text")
    pack = pack_of_round(round_)
    for fact in correction:
        if fact not in pack.facts:
            raise Invalid(f"{fact}: not a fact of pack {pack.id}", field="correction")
    objection = Objection(application_id=application.id, filed_by=actor, text=text,
                          correction=jsonable(correction))
    session.add(objection)
    session.flush()
    audit(session, actor, "file_objection", f"application/{application.id}", "public notice",
          objection=objection.id)
    return objection


def decide_objection(*, session: Session, actor: str, objection_id: int, upheld: bool,
                     decision: str) -> RankingReport | None:
    """Uphold (apply the correction, re-score, re-rank) or reject an objection."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(f"no objection {objection_id}", field="objection_id")
    if objection.state != "filed":
        raise Invalid(f"objection {objection_id} is already {objection.state}", field="state")
    if not decision.strip():
        raise Invalid("a decision must give its reason", field="decision")
    objection.state = "upheld" if upheld else "rejected"
    objection.decision = decision
    objection.decided_by = actor
    audit(session, actor, f"objection_{objection.state}", f"application/{objection.application_id}",
          "public notice", objection=objection.id)
    if not upheld:
        return None
    application = get_application(session=session, application_id=objection.application_id)
    round_ = get_round(session=session, round_id=application.round_id)
    pack = pack_of_round(round_)
    facts = {**application.verified, **objection.correction}
    try:
        result = evaluate(pack, facts, as_of=round_.window_closes)
    except ValueError as exc:
        raise Invalid(f"the correction does not fit the pack: {exc}", field="correction") from None
    application.verified = facts
    application.total = Decimal(result.total)
    application.eligible = result.eligible
    audit(session, actor, "rescore", f"application/{application.id}", "objection upheld",
          total=result.total)
    return rank(session=session, actor=actor, round_id=round_.id)


def finalize(*, session: Session, actor: str, round_id: int, today: dt.date) -> Round:
    """Publish the final list once the notice period is over and every objection decided."""
    round_ = get_round(session=session, round_id=round_id)
    if round_.notice_closes is not None and today <= round_.notice_closes:
        raise Invalid(f"the public notice runs until {round_.notice_closes}", field="today")
    pending = session.execute(select(Objection.id).join(Application).where(
        Application.round_id == round_id, Objection.state == "filed")).scalars().all()
    if pending:
        raise Invalid(f"objections still to decide: {', '.join(map(str, pending))}", field="objections")
    return _round_step(session, actor, round_id, "finalize", "public_notice", "final", today)


def issue_card(*, session: Session, actor: str, application_id: int) -> Application:
    """A settlement card for an admitted application of a final round."""
    application = get_application(session=session, application_id=application_id)
    if not application.admitted:
        raise Invalid(f"application {application_id} is not on the admitted list", field="admitted")
    transition(session=session, application=application, actor=actor, action="issue_card")
    application.settlement_card = f"SC-{application.round_id:04d}-{application.id:06d}-{secrets.token_hex(3)}"
    return application


def settle(*, session: Session, actor: str, application_id: int) -> Application:
    application = get_application(session=session, application_id=application_id)
    transition(session=session, application=application, actor=actor, action="settle")
    return application
