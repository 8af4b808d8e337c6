"""A round on the database: open it, rank its scored applications against the quota with the
pack's rule, disclose, publish for objections, decide objections (an upheld correction goes to
the department that holds the fact; its decision re-scores and re-ranks), withdraw or exclude
applications, finalise, issue settlement cards. Which action may be taken when is the table in
`round_states`.

Ranking runs in the caller's transaction: a process killed in the middle leaves the round as
it was, and running it again gives the same list (the ranking is deterministic).
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

import polars as pl
from pydantic import BaseModel, ConfigDict
from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.audit.checkpoints import checkpoint_after_commit
from settle.errors import BlockedApplication, Forbidden, Invalid, NotFound, RoundBlocked
from settle.messages import action_word, say, state_word
from settle.packs import Pack, default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.packs.routing import department_for
from settle.registry.corrections import writable
from settle.registry.models import Application, EvidenceItem, Objection, Round
from settle.registry.sources import checked_pack
from settle.rules.bulk.columns import rows_to_frame
from settle.rules.engine import evaluate
from settle.rules.facts import check_fact
from settle.workflow import applications as apps
from settle.workflow.applications import (
    get_application,
    get_evidence,
    get_round,
    jsonable,
    pack_of_round,
    score,
    transition,
    verified_facts,
)
from settle.workflow.quota_round import run_round
from settle.workflow.round_states import ROUND_ACTIONS, next_round_state, objections_open, refusal


def open_round(*, session: Session, actor: str, pack_id: str, name: str, window_opens: dt.date,
               window_closes: dt.date, quota: int) -> Round:
    if window_closes < window_opens:
        raise Invalid("window_closes is before window_opens", field="window_closes")
    if quota < 0:
        raise Invalid("quota must not be negative", field="quota")
    try:
        pack = checked_pack(default_catalogue().load(pack_id))
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


class RankingReport(BaseModel):
    """A ranking's outcome: how many were ranked, who is admitted and at what cut-off, and who
    entered or left the admitted list since the round was last ranked."""

    model_config = ConfigDict(frozen=True)

    round_id: int
    ranked: int
    admitted: list[int]
    cutoff: dict[str, Any]
    newly_admitted: list[int]
    no_longer_admitted: list[int]


def _parameter_days(pack: Pack, name: str) -> int | None:
    parameter = pack.meta.parameters.get(name)
    if parameter is None:
        return None
    if not isinstance(parameter.value, Decimal):
        raise Invalid(f"pack {pack.id} parameter {name!r} must be a number of days", field=name)
    return int(parameter.value)


def _refuse_unless(round_: Round, action: str, today: dt.date) -> None:
    reason = refusal(round_, action, today)
    if reason is not None:
        raise Invalid(reason, field="state" if round_.state not in ROUND_ACTIONS[action].states
                      else "today")


def score_ready(*, session: Session, actor: str, round_id: int) -> list[BlockedApplication]:
    """Score every application whose evidence is all decided; the applications that still
    cannot be scored, each with its reason (pending evidence, a file not accepted, facts
    that do not fit the pack)."""
    blocked: list[BlockedApplication] = []
    for application in _applications(session, round_id, ("submitted", "verification")):
        if application.state == "submitted":
            blocked.append(BlockedApplication(application.id, "state", say(
                "blocked_not_accepted", state=state_word(application.state))))
            continue
        pending = session.execute(select(EvidenceItem.fact).where(
            EvidenceItem.application_id == application.id, EvidenceItem.status == "pending")
            .order_by(EvidenceItem.fact)).scalars().all()
        if pending:
            blocked.append(BlockedApplication(application.id, "evidence", say(
                "blocked_pending", facts=", ".join(pending))))
            continue
        try:
            with session.begin_nested():
                score(session=session, actor=actor, application_id=application.id)
        except Invalid as exc:
            blocked.append(BlockedApplication(application.id, exc.field, say(
                "blocked_unscorable", problem=exc.message)))
    return blocked


def rank(*, session: Session, actor: str, round_id: int, today: dt.date) -> RankingReport:
    """Score what is verified and rank every scored application of the round, once its window
    has closed; again after corrections, exclusions or withdrawals (the report lists who enters
    and who leaves the admitted list). Refused, naming each one and why, while any submitted
    application cannot be scored: the officer finishes its verification or excludes it."""
    round_ = get_round(session=session, round_id=round_id)
    _refuse_unless(round_, "rank", today)
    pack = pack_of_round(round_)
    blocked = score_ready(session=session, actor=actor, round_id=round_id)
    if blocked:
        raise RoundBlocked(say("round_blocked", count=len(blocked), round=round_.name), blocked)
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
    round_.state = next_round_state(round_, "rank")
    session.flush()
    report = RankingReport(round_id=round_.id, ranked=len(scored), admitted=sorted(admitted), cutoff=cutoff,
                           newly_admitted=sorted(set(admitted) - previous),
                           no_longer_admitted=sorted(previous - set(admitted)))
    audit(session, actor, "rank_round", f"round/{round_.id}", "settlement workflow",
          admitted=len(admitted), newly_admitted=report.newly_admitted,
          no_longer_admitted=report.no_longer_admitted)
    checkpoint_after_commit(session)  # a signed checkpoint of the audit chain, once committed
    return report


def _round_step(session: Session, actor: str, round_id: int, action: str, today: dt.date) -> Round:
    round_ = get_round(session=session, round_id=round_id)
    _refuse_unless(round_, action, today)
    before = round_.state
    for application in _applications(session, round_.id, (before,)):
        transition(session=session, application=application, actor=actor, action=action)
    round_.state = next_round_state(round_, action)
    audit(session, actor, action, f"round/{round_.id}", "settlement workflow", on=today)
    checkpoint_after_commit(session)
    return round_


def disclose(*, session: Session, actor: str, round_id: int, today: dt.date) -> Round:
    """Disclose each applicant's verified result to the applicant, for the pack's period."""
    round_ = _round_step(session, actor, round_id, "disclose", today)
    days = _parameter_days(pack_of_round(round_), "disclosure_to_applicant_days")
    round_.disclosure_opens = today
    round_.disclosure_closes = None if days is None else today + dt.timedelta(days=days - 1)
    return round_


def open_notice(*, session: Session, actor: str, round_id: int, today: dt.date) -> Round:
    """Publish the ranked list for the pack's public notice period, once the disclosure to the
    applicants is over."""
    days = _parameter_days(pack_of_round(get_round(session=session, round_id=round_id)),
                           "public_notice_days")
    if days is None:
        raise Invalid("the round's pack declares no parameter 'public_notice_days'",
                      field="public_notice_days")
    round_ = _round_step(session, actor, round_id, "open_notice", today)
    round_.notice_opens = today
    round_.notice_closes = today + dt.timedelta(days=days - 1)
    return round_


OBJECTING_ROLES = ("window_clerk", "bureau_officer", "administrator")  # recording a written objection


def check_correction(pack: Pack, correction: dict[str, Any]) -> dict[str, Any]:
    """A correction proposed by an objection: facts of the pack, each value valid by its type
    and held by a department that can correct it."""
    checked: dict[str, Any] = {}
    for fact, value in correction.items():
        spec = pack.facts.get(fact)
        if spec is None:
            raise Invalid(say("objection_unknown_fact", fact=fact, pack=pack.id), field=f"correction.{fact}")
        try:
            check_fact(fact, spec, value)
        except ValueError as exc:
            shown = repr(value)
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            raise Invalid(say("objection_bad_value", fact=fact, value=shown, problem=exc),
                          field=f"correction.{fact}") from None
        department = department_for(pack, fact)
        if department is None:
            raise Invalid(say("objection_no_department", pack=pack.id, fact=fact), field=f"correction.{fact}")
        if not writable(spec):
            source = spec.registry.source if spec.registry else ""
            raise Invalid(say("registry_not_writable", fact=fact, source=source, department=department),
                          field=f"correction.{fact}")
        checked[fact] = value
    return jsonable(checked)  # type: ignore[no-any-return]


def file_objection(*, session: Session, actor: str, actor_role: str, actor_person_id: int | None,
                   application_id: int, text: str, today: dt.date,
                   correction: dict[str, Any] | None = None) -> Objection:
    """An objection in writing while the results are disclosed or noticed (2016 rules
    第十一条): by the applicant on their own application, or recorded by the window or the
    bureau from a written objection of anyone else. A proposed correction must fit the fact."""
    application = get_application(session=session, application_id=application_id)
    own = actor_role == "applicant" and actor_person_id == application.person_id
    if not own and actor_role not in OBJECTING_ROLES:
        raise Forbidden(say("objection_not_entitled"), field="role")
    round_ = get_round(session=session, round_id=application.round_id)
    if not objections_open(round_, today):
        raise Invalid(say("objection_closed", round=round_.name), field="today")
    if not text.strip():
        raise Invalid(say("objection_written"), field="text")
    checked = check_correction(pack_of_round(round_), correction or {})
    objection = Objection(application_id=application.id, filed_by=actor, text=text.strip(),
                          correction=checked)
    session.add(objection)
    session.flush()
    audit(session, actor, "file_objection", f"application/{application.id}", "public notice",
          objection=objection.id, facts=sorted(checked))
    return objection


def decide_objection(*, session: Session, actor: str, objection_id: int, upheld: bool,
                     decision: str, correction: dict[str, Any] | None = None) -> list[EvidenceItem]:
    """Uphold or reject an objection, with the reason. An upheld correction (the objection's,
    or the one the officer settles on) goes to the department that holds each fact as a
    verification task; the department's decision changes the record, and the application is
    scored and the round ranked again (`decide_evidence`). Returns the tasks made."""
    objection = session.get(Objection, objection_id)
    if objection is None:
        raise NotFound(say("no_objection", id=objection_id), field="objection_id")
    if objection.state != "filed":
        raise Invalid(say("objection_decided", id=objection_id, state=state_word(objection.state)),
                      field="state")
    if not decision.strip():
        raise Invalid(say("needs_reason", what=action_word("decide_objection")), field="decision")
    application = get_application(session=session, application_id=objection.application_id)
    round_ = get_round(session=session, round_id=application.round_id)
    pack = pack_of_round(round_)
    if correction:
        objection.correction = check_correction(pack, correction)
    objection.state = "upheld" if upheld else "rejected"
    objection.decision = decision.strip()
    objection.decided_by = actor
    audit(session, actor, f"objection_{objection.state}", f"application/{objection.application_id}",
          "public notice", objection=objection.id, correction=objection.correction if upheld else None)
    if not upheld:
        return []
    tasks = []
    for fact, value in sorted(objection.correction.items()):
        department = department_for(pack, fact) or ""
        item = session.execute(select(EvidenceItem).where(
            EvidenceItem.application_id == application.id, EvidenceItem.fact == fact)).scalar()
        if item is None:
            item = EvidenceItem(application_id=application.id, fact=fact, department=department,
                                declared_value=value)
            session.add(item)
        item.declared_value = value
        item.status = "pending"
        item.objection_id = objection.id
        item.reason = objection.decision
        tasks.append(item)
    session.flush()
    for item in tasks:
        audit(session, actor, "reverification_task", f"application/{application.id}",
              "objection upheld", objection=objection.id, fact=item.fact, department=item.department)
    return tasks


def decide_evidence(*, session: Session, actor: str, department: str | None, item_id: int,
                    decision: str, expected_version: int, today: dt.date, value: Any = None,
                    reason: str | None = None) -> tuple[EvidenceItem, RankingReport | None]:
    """A department's decision on an evidence item. On a task from an upheld objection, once
    the application's last such task is decided, the application is scored again from the
    corrected record and the round ranked again (the report says who enters and who leaves)."""
    before = get_evidence(session=session, item_id=item_id)
    reverifying = before.objection_id is not None and before.status == "pending"
    item = apps.decide_evidence(session=session, actor=actor, department=department, item_id=item_id,
                                decision=decision, expected_version=expected_version, value=value,
                                reason=reason)
    if not reverifying:
        return item, None
    application = get_application(session=session, application_id=item.application_id)
    waiting = session.execute(select(EvidenceItem.id).where(
        EvidenceItem.application_id == application.id, EvidenceItem.status == "pending")).first()
    if waiting is not None or application.state not in ("ranked", "disclosed", "public_notice"):
        return item, None
    round_ = get_round(session=session, round_id=application.round_id)
    pack = pack_of_round(round_)
    facts = verified_facts(session=session, application=application, pack=pack, on=round_.window_closes)
    result = evaluate(pack, facts, as_of=round_.window_closes)
    application.verified = facts
    application.total = Decimal(result.total)
    application.eligible = result.eligible
    audit(session, actor, "rescore", f"application/{application.id}", "objection upheld",
          total=result.total, objection=item.objection_id)
    return item, rank(session=session, actor=actor, round_id=round_.id, today=today)


def close_application(*, session: Session, actor: str, application_id: int, action: str, reason: str,
                      today: dt.date) -> RankingReport | None:
    """Withdraw or exclude an application with its reason; a ranked round is ranked again."""
    application = get_application(session=session, application_id=application_id)
    was_ranked = application.state in ("ranked", "disclosed", "public_notice")
    apps.close_application(session=session, actor=actor, application_id=application_id, action=action,
                           reason=reason)
    if not was_ranked:
        return None
    return rank(session=session, actor=actor, round_id=application.round_id, today=today)


def finalize(*, session: Session, actor: str, round_id: int, today: dt.date) -> Round:
    """Publish the final list once the notice period is over, every objection decided and
    every correction it led to verified."""
    round_ = get_round(session=session, round_id=round_id)
    _refuse_unless(round_, "finalize", today)
    pending = session.execute(select(Objection.id).join(Application).where(
        Application.round_id == round_id, Objection.state == "filed")).scalars().all()
    if pending:
        raise Invalid(say("objections_pending", ids=", ".join(map(str, pending))), field="objections")
    reverifying = session.execute(select(EvidenceItem.fact).join(Application).where(
        Application.round_id == round_id, EvidenceItem.status == "pending",
        EvidenceItem.objection_id.is_not(None))).scalars().all()
    if reverifying:
        raise Invalid(say("reverification_pending", items=", ".join(reverifying)), field="evidence")
    return _round_step(session, actor, round_id, "finalize", today)


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
