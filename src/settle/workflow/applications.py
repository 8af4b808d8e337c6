"""Applications: draft, submission in the window, evidence routed to departments,
verification, and scoring from verified facts through the one-person engine.

Services take the session as a keyword argument and never commit; every transition is an
ApplicationEvent and an audit entry.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.echo import shown
from settle.errors import DuplicateApplication, Invalid, NotFound, StaleVersion
from settle.messages import action_word, say, state_word
from settle.packs import Pack, default_catalogue
from settle.packs.routing import department_for
from settle.registry.facts import declarable_facts, registry_facts
from settle.registry.models import Application, ApplicationEvent, EvidenceItem, Round
from settle.registry.persons import get_person
from settle.registry.sources import checked_pack
from settle.rules.engine import evaluate
from settle.rules.facts import InvalidFacts, check_fact
from settle.workflow.notices import notify_application
from settle.workflow.record_provenance import registry_held
from settle.workflow.states import next_state


def jsonable(value: Any) -> Any:
    """Facts as JSON: dates as ISO text, decimals as text (exact), year keys as text."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if isinstance(v, dt.date)
                                 else str(v)))


def pack_of_round(round_: Round) -> Pack:
    """The round's pack, its `registry:` entries checked against what the registry holds."""
    return checked_pack(default_catalogue().load(round_.pack_id))


def get_round(*, session: Session, round_id: int) -> Round:
    found = session.get(Round, round_id)
    if found is None:
        raise NotFound(say("no_round", id=round_id), field="round_id")
    return found


def get_application(*, session: Session, application_id: int) -> Application:
    found = session.get(Application, application_id)
    if found is None:
        raise NotFound(say("no_application", id=application_id), field="application_id")
    return found


def transition(*, session: Session, application: Application, actor: str, action: str,
               note: str | None = None) -> None:
    """Move the application by `action` (IllegalTransition if the state forbids it)."""
    before = application.state
    application.state = next_state(before, action)
    session.add(ApplicationEvent(application_id=application.id, actor=actor, action=action,
                                 from_state=before, to_state=application.state, note=note))
    audit(session, actor, action, f"application/{application.id}", "settlement workflow",
          from_state=before, to_state=application.state)
    if application.state != before:
        notify_application(session=session, application=application, reason=note)


def check_declared(pack: Pack, declared: dict[str, Any]) -> dict[str, Any]:
    """Declared facts must be facts the applicant may declare, each valid by the pack."""
    allowed = set(declarable_facts(pack))
    problems = []
    for name, value in declared.items():
        if name not in pack.facts:
            raise Invalid(f"{name}: not a fact of pack {pack.id}", field=name)
        if name not in allowed:
            raise Invalid(registry_held(pack, name, value), field=name)
        try:
            check_fact(name, pack.facts[name], value)
        except ValueError as exc:
            problems.append(f"{name} = {shown(value)}: {exc}")
            field = name
    if problems:
        raise Invalid("; ".join(problems), field=field)
    checked: dict[str, Any] = jsonable(declared)
    return checked


def create_application(*, session: Session, actor: str, person_id: int, round_id: int,
                       declared: dict[str, Any]) -> Application:
    """A draft application; a person has at most one per round (DuplicateApplication names the
    existing one, whose declared facts are amended through verification, never silently)."""
    person = get_person(session=session, person_id=person_id)
    round_ = get_round(session=session, round_id=round_id)
    existing = session.execute(select(Application).where(
        Application.person_id == person.id, Application.round_id == round_.id)).scalar()
    if existing is not None:
        raise DuplicateApplication(say("duplicate_application", person=person.id, existing=existing.id,
                                       round=round_.name), existing_id=existing.id)
    facts = check_declared(pack_of_round(round_), declared)
    application = Application(person_id=person.id, round_id=round_.id, declared=facts)
    session.add(application)
    session.flush()
    audit(session, actor, "create_application", f"application/{application.id}", "settlement workflow")
    return application


def submit(*, session: Session, actor: str, application_id: int, today: dt.date) -> Application:
    """Submit in the round's window. Submitting again changes nothing (idempotent)."""
    application = get_application(session=session, application_id=application_id)
    if application.state != "draft" and application.submitted_at is not None:
        return application
    round_ = get_round(session=session, round_id=application.round_id)
    if not round_.window_opens <= today <= round_.window_closes:
        raise Invalid(say("window_closed", round=round_.name, opens=round_.window_opens,
                          closes=round_.window_closes, today=today), field="today")
    transition(session=session, application=application, actor=actor, action="submit")
    application.submitted_at = dt.datetime.now(dt.UTC)
    return application


def accept(*, session: Session, actor: str, application_id: int,
           documents: dict[str, dict[str, Any]] | None = None) -> list[EvidenceItem]:
    """The window accepts the file: one evidence item per declared fact, each routed to the
    department the pack names for that fact, with the document the window received for it
    (`documents`: fact -> document, issuing_department, valid_from, valid_until)."""
    application = get_application(session=session, application_id=application_id)
    pack = pack_of_round(get_round(session=session, round_id=application.round_id))
    documents = documents or {}
    for fact in documents:
        if fact not in application.declared:
            raise Invalid(f"documents: {fact} is not a declared fact of this application", field=fact)
    transition(session=session, application=application, actor=actor, action="accept")
    items = []
    for fact, value in sorted(application.declared.items()):
        department = department_for(pack, fact)
        if department is None:
            raise Invalid(f"pack {pack.id} names no department to verify {fact}", field=fact)
        document = documents.get(fact, {})
        item = EvidenceItem(application_id=application.id, fact=fact, department=department,
                            declared_value=value, document=document.get("document"),
                            issuing_department=document.get("issuing_department"),
                            valid_from=document.get("valid_from"), valid_until=document.get("valid_until"))
        session.add(item)
        items.append(item)
    session.flush()
    return items


def get_evidence(*, session: Session, item_id: int) -> EvidenceItem:
    found = session.get(EvidenceItem, item_id)
    if found is None:
        raise NotFound(say("no_evidence_item", id=item_id), field="item_id")
    return found


def decide_evidence(*, session: Session, actor: str, department: str | None, item_id: int,
                    decision: str, expected_version: int, value: Any = None,
                    reason: str | None = None) -> EvidenceItem:
    """A department verifier confirms, corrects (with the value) or rejects (with a reason)
    one evidence item of its own department. A stale `expected_version` is refused."""
    item = get_evidence(session=session, item_id=item_id)
    if department != item.department:  # another department's item: as if it did not exist
        raise NotFound(say("no_evidence_item", id=item_id), field="item_id")
    if item.version != expected_version:
        raise StaleVersion(say("stale_evidence", id=item_id, now=item.version, asked=expected_version),
                           field="version")
    application = get_application(session=session, application_id=item.application_id)
    reverifying = item.objection_id is not None and item.status == "pending"
    if application.state != "verification" and not reverifying:
        raise Invalid(say("not_under_verification", id=application.id,
                          state=state_word(application.state)), field="state")
    round_ = get_round(session=session, round_id=application.round_id)
    pack = pack_of_round(round_)
    if decision in ("confirm", "correct") and item.valid_until is not None \
            and item.valid_until < round_.window_closes:
        raise Invalid(say("document_expired", fact=pack.facts[item.fact].title, until=item.valid_until,
                          deadline=round_.window_closes), field="valid_until")
    if decision == "confirm":
        item.verified_value = item.declared_value
    elif decision == "correct":
        if value is None:
            raise Invalid(say("correction_needs_value", fact=pack.facts[item.fact].title), field="value")
        try:
            check_fact(item.fact, pack.facts[item.fact], value)
        except ValueError as exc:
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            raise Invalid(say("bad_value", fact=pack.facts[item.fact].title, value=shown, problem=exc),
                          field="value") from None
        item.verified_value = jsonable(value)
    elif decision == "reject":
        if not reason:
            raise Invalid(say("needs_reason", what=action_word("reject")), field="reason")
        if not reverifying:
            item.verified_value = None
    else:
        raise Invalid("decision must be confirm, correct or reject", field="decision")
    item.status = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}[decision]
    if reverifying and decision == "reject" and item.verified_value is not None:
        item.status = "confirmed"  # the correction is refused: the record stands as verified before
    item.reason = reason
    item.verifier = actor
    session.flush()
    audit(session, actor, f"evidence_{decision}", f"application/{application.id}",
          f"verification by {item.department}", fact=item.fact, item=item.id,
          objection=item.objection_id)
    if reverifying and item.status != "rejected":
        from settle.registry.corrections import apply_to_registry

        spec = pack.facts[item.fact]
        if spec.registry is not None:
            apply_to_registry(session=session, actor=actor, person_id=application.person_id,
                              fact=item.fact, spec=spec, value=item.verified_value,
                              department=item.department, objection_id=item.objection_id)
    return item


def verified_facts(*, session: Session, application: Application, pack: Pack, on: dt.date) -> dict[str, Any]:
    """The facts scoring may use: the registry's, and declared facts a department confirmed
    or corrected (a rejected claim counts as not made)."""
    person = get_person(session=session, person_id=application.person_id)
    held = registry_facts(session, person, pack, on)
    # nothing on record (no permit, so no permit start) is a fact not given, not a null value
    facts: dict[str, Any] = jsonable({k: v for k, v in held.items() if v is not None})
    items = session.execute(select(EvidenceItem).where(
        EvidenceItem.application_id == application.id)).scalars()
    for item in items:
        # under re-verification after an objection, the record stands until the department decides
        stands = item.status in ("confirmed", "corrected") or (
            item.status == "pending" and item.objection_id is not None and item.verified_value is not None)
        if stands and pack.facts[item.fact].registry is None:
            facts[item.fact] = item.verified_value
    return facts


def score(*, session: Session, actor: str, application_id: int, on: dt.date | None = None) -> Application:
    """Score from verified facts only, once every evidence item is decided."""
    application = get_application(session=session, application_id=application_id)
    round_ = get_round(session=session, round_id=application.round_id)
    pack = pack_of_round(round_)
    day = on or round_.window_closes
    pending = session.execute(select(EvidenceItem.fact).where(
        EvidenceItem.application_id == application.id, EvidenceItem.status == "pending")).scalars().all()
    if pending and application.state == "verification":
        raise Invalid(f"evidence still to verify: {', '.join(pending)}", field="evidence")
    facts = verified_facts(session=session, application=application, pack=pack, on=day)
    try:
        result = evaluate(pack, facts, as_of=day)
    except InvalidFacts as exc:
        raise Invalid(str(exc), field=exc.problems[0].field) from None
    transition(session=session, application=application, actor=actor, action="score")
    application.verified = facts
    application.total = Decimal(result.total)
    application.eligible = result.eligible
    return application


def close_application(*, session: Session, actor: str, application_id: int, action: str,
                      reason: str) -> Application:
    """Withdraw (at the applicant's request) or exclude (by the bureau) an application, with a
    written reason; it leaves the ranking, and the caller ranks the round again if it was ranked."""
    if action not in ("withdraw", "exclude"):
        raise Invalid(f"action must be withdraw or exclude, not {action!r}", field="action")
    if not reason.strip():
        raise Invalid(say("needs_reason", what=action_word(action)), field="reason")
    application = get_application(session=session, application_id=application_id)
    transition(session=session, application=application, actor=actor, action=action, note=reason.strip())
    application.closed_reason = reason.strip()
    application.rank = None
    application.admitted = False
    return application


def _pending(department: str | None, fact: str | None, application_id: int | None) -> Any:
    query = (select(EvidenceItem).join(Application, Application.id == EvidenceItem.application_id)
             .where(EvidenceItem.department == department, EvidenceItem.status == "pending",
                    or_(Application.state == "verification", EvidenceItem.objection_id.is_not(None))))
    if fact:
        query = query.where(EvidenceItem.fact == fact)
    if application_id:
        query = query.where(EvidenceItem.application_id == application_id)
    return query


def pending_tasks(*, session: Session, department: str | None, fact: str | None = None,
                  application_id: int | None = None, limit: int | None = None,
                  offset: int = 0) -> list[tuple[EvidenceItem, str]]:
    """The department's evidence still to verify, by application then fact, with the
    applicant's name masked (surname and stars): a verifier sees its own facts and nothing
    that identifies more. Optionally one fact or one application, one page of `limit`."""
    from settle.registry.models import Person

    query = (_pending(department, fact, application_id).add_columns(Person.name)
             .join(Person, Person.id == Application.person_id)
             .order_by(EvidenceItem.application_id, EvidenceItem.fact).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    return [(item, masked_name(name)) for item, name in session.execute(query).all()]


def masked_name(name: str) -> str:
    """A name as published: the surname, then one star per other character."""
    return name[:1] + "*" * max(1, len(name) - 1)
