"""Government purchase of services: a purchasing department publishes a project under an item
of the city's purchase directory (000 lines 1243-1303), qualified organizations bid, the bids
are opened after the deadline and scored by the project's published method, and the award is
recorded with its reasons. Audited under `purchase/<project id>`, purpose `purchase`.

Sealed bids: a bid's price and proposal are stored only encrypted (AES-GCM under a random
key made for the project at publication, kept in `purchase_project_keys`). The key is read by
one function, `open_bids`, which refuses until the day after the deadline; before that no
function returns a bid's content, to anyone, officers included (the bidder keeps the SHA-256
of its content as a receipt, checked at opening).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Conflict, Forbidden, Invalid, NotFound
from settle.messages import say
from settle.registry.clock import demo_today
from settle.registry.models import (
    BidScore,
    Organization,
    PurchaseBid,
    PurchaseContract,
    PurchaseProject,
    PurchaseProjectKey,
)
from settle.registry.models.purchases import CURRENCIES, PROCUREMENT_METHODS
from settle.registry.organizations import get_organization_or_raise, qualification_problem
from settle.words import text as words
from settle.workflow.purchase_directory import Criterion, check_criteria, get_directory, get_scoring_method
from settle.workflow.purchase_scoring import assessed_criteria, price_criterion, price_scores, weighted_total
from settle.workflow.purchase_states import next_purchase_state

PURPOSE = "purchase"


def _today(session: Session, today: dt.date | None) -> dt.date:
    return today or demo_today(session) or dt.date.today()


def _one_of(field: str, value: str, allowed: Sequence[str]) -> None:
    if value not in allowed:
        raise Invalid(say("value_not_allowed", field=field, value=value, allowed=", ".join(allowed)),
                      field=field)


def publish_project(*, session: Session, actor: str, directory: str, directory_item: str, title: str,
                    purchasing_department: str, budget: Decimal, currency: str, period_start: dt.date,
                    period_end: dt.date, deliverables: str, beneficiaries: str, beneficiaries_planned: int,
                    procurement_method: str, bid_deadline: dt.date, scoring_method: str = "comprehensive",
                    criteria: Sequence[Mapping[str, Any]] | None = None,
                    today: dt.date | None = None) -> PurchaseProject:
    """Publish a project under `directory_item` of `directory` (in force today), with its
    scoring method: the criteria given, else those of `scoring_method` in purchase-directory/."""
    now = _today(session, today)
    found = get_directory(directory)
    item = found.item(directory_item)
    _one_of("procurement_method", procurement_method, PROCUREMENT_METHODS)
    _one_of("currency", currency, CURRENCIES)
    if budget <= 0:
        raise Invalid(say("value_negative", field="budget", value=budget), field="budget")
    if beneficiaries_planned < 0:
        raise Invalid(say("value_negative", field="beneficiaries_planned", value=beneficiaries_planned),
                      field="beneficiaries_planned")
    if period_end < period_start:
        raise Invalid(say("date_before", field="period_end", value=period_end, other="period_start",
                          other_value=period_start), field="period_end")
    if bid_deadline < now:
        raise Invalid(say("date_before", field="bid_deadline", value=bid_deadline, other="today",
                          other_value=now), field="bid_deadline")
    for field, value in (("title", title), ("deliverables", deliverables),
                         ("purchasing_department", purchasing_department), ("beneficiaries", beneficiaries)):
        if not value.strip():
            raise Invalid(say("field_required", field=field), field=field)
    if criteria is None:
        method = [c.model_dump(mode="json") for c in get_scoring_method(scoring_method).criteria]
    else:
        try:
            parsed = [Criterion.model_validate(c) for c in criteria]
            check_criteria(parsed)
        except ValueError as exc:
            raise Invalid(f"criteria: {exc}", field="criteria") from None
        method = [c.model_dump(mode="json") for c in parsed]
    project = PurchaseProject(city=found.city, directory=found.id, directory_item=item.code,
                              category=item.category, title=title.strip(),
                              purchasing_department=purchasing_department, budget=budget, currency=currency,
                              period_start=period_start, period_end=period_end, deliverables=deliverables,
                              beneficiaries=beneficiaries, beneficiaries_planned=beneficiaries_planned,
                              procurement_method=procurement_method, scoring=method, published_on=now,
                              bid_deadline=bid_deadline, state="published", published_by=actor)
    session.add(project)
    session.flush()
    session.add(PurchaseProjectKey(project_id=project.id, key=AESGCM.generate_key(bit_length=256)))
    session.flush()
    audit(session, actor, "publish_purchase", f"purchase/{project.id}", PURPOSE, directory=found.id,
          item=item.code, category=item.category, budget=budget, currency=currency,
          procurement_method=procurement_method, bid_deadline=bid_deadline, scoring=method)
    return project


def get_project_or_raise(*, session: Session, project_id: int) -> PurchaseProject:
    project = session.get(PurchaseProject, project_id)
    if project is None:
        raise NotFound(say("no_purchase_project", id=project_id), field="project_id")
    return project


def list_projects(*, session: Session, city: str | None = None,
                  state: str | None = None) -> list[PurchaseProject]:
    query = select(PurchaseProject)
    if city:
        query = query.where(PurchaseProject.city == city)
    if state:
        query = query.where(PurchaseProject.state == state)
    return list(session.execute(query.order_by(PurchaseProject.id.desc())).scalars())


def _content(price: Decimal, proposal: str) -> bytes:
    return json.dumps({"price": str(price), "proposal": proposal}, sort_keys=True,
                      ensure_ascii=False).encode("utf-8")


def _aad(project_id: int, organization_id: int) -> bytes:
    return f"purchase/{project_id}/organization/{organization_id}".encode()


def submit_bid(*, session: Session, actor: str, project_id: int, organization_id: int, price: Decimal,
               proposal: str, today: dt.date | None = None) -> PurchaseBid:
    """A qualified organization's sealed bid, taken while the project is published and up to its
    deadline. What is returned (and kept readable) is the receipt: id, date and digest."""
    now = _today(session, today)
    project = get_project_or_raise(session=session, project_id=project_id)
    organization = get_organization_or_raise(session=session, organization_id=organization_id)
    if project.state != "published":
        next_purchase_state(project.state, "open_bids")  # raises, naming the state
    if now > project.bid_deadline:
        raise Invalid(say("bid_after_deadline", id=project.id, deadline=project.bid_deadline, today=now),
                      field="bid_deadline")
    problem = qualification_problem(session=session, organization_id=organization_id, city=project.city,
                                    on=now)
    if problem is not None:
        reason = say(problem, name=organization.name, state=organization.state)
        raise Forbidden(say("bid_not_qualified", name=organization.name, city=project.city, reason=reason),
                        field="organization_id")
    if price <= 0:
        raise Invalid(say("value_negative", field="price", value=price), field="price")
    existing = session.execute(select(PurchaseBid.id).where(
        PurchaseBid.project_id == project_id, PurchaseBid.organization_id == organization_id)).scalar()
    if existing is not None:
        raise Conflict(say("bid_exists", organization=organization_id, project=project_id, bid=existing),
                       field="organization_id")
    key = session.get(PurchaseProjectKey, project_id)
    assert key is not None, "every published project has its key"
    content = _content(price, proposal)
    nonce = secrets.token_bytes(12)
    sealed = nonce + AESGCM(key.key).encrypt(nonce, content, _aad(project_id, organization_id))
    bid = PurchaseBid(project_id=project_id, organization_id=organization_id, submitted_on=now,
                      submitted_by=actor, sealed=sealed, digest=hashlib.sha256(content).hexdigest())
    session.add(bid)
    session.flush()
    audit(session, actor, "submit_bid", f"purchase/{project_id}", PURPOSE, bid=bid.id,
          organization=organization_id, digest=bid.digest)
    return bid


def bid_count(*, session: Session, project_id: int) -> int:
    """How many bids a project has: all anyone learns of them before the deadline."""
    return session.execute(select(func.count()).select_from(PurchaseBid)
                           .where(PurchaseBid.project_id == project_id)).scalar_one()


def own_bid(*, session: Session, project_id: int, organization_id: int) -> PurchaseBid | None:
    """An organization's own bid on a project (its content is empty until the bids are opened)."""
    return session.execute(select(PurchaseBid).where(
        PurchaseBid.project_id == project_id, PurchaseBid.organization_id == organization_id)).scalar()


def bids_of_organization(*, session: Session, organization_id: int) -> list[PurchaseBid]:
    return list(session.execute(select(PurchaseBid).where(PurchaseBid.organization_id == organization_id)
                                .order_by(PurchaseBid.id)).scalars())


def open_bids(*, session: Session, actor: str, project_id: int,
              today: dt.date | None = None) -> list[PurchaseBid]:
    """Open the bids, from the day after the deadline: decrypt each, check it against its
    receipt's digest, record price and proposal, and score the price criterion."""
    now = _today(session, today)
    project = get_project_or_raise(session=session, project_id=project_id)
    if now <= project.bid_deadline:
        raise Forbidden(say("bids_sealed", id=project.id, deadline=project.bid_deadline,
                            first=project.bid_deadline + dt.timedelta(days=1)), field="bid_deadline")
    project.state = next_purchase_state(project.state, "open_bids")
    key = session.get(PurchaseProjectKey, project_id)
    assert key is not None, "every published project has its key"
    bids = list(session.execute(select(PurchaseBid).where(PurchaseBid.project_id == project_id)
                                .order_by(PurchaseBid.id)).scalars())
    for bid in bids:
        sealed = bid.sealed
        content = AESGCM(key.key).decrypt(sealed[:12], sealed[12:], _aad(project_id, bid.organization_id))
        if hashlib.sha256(content).hexdigest() != bid.digest:
            raise Conflict(f"bid #{bid.id}: its content does not match its receipt's digest", field="digest")
        data = json.loads(content)
        bid.price = Decimal(data["price"])
        bid.proposal = data["proposal"]
    project.opened_on = now
    priced = price_criterion(project.scoring)
    if priced is not None:
        for bid_id, score in price_scores({b.id: b.price for b in bids if b.price is not None}).items():
            session.add(BidScore(bid_id=bid_id, criterion=priced, score=score, scored_by="price formula"))
    session.flush()
    audit(session, actor, "open_bids", f"purchase/{project_id}", PURPOSE, opened_on=now,
          bids=[{"bid": b.id, "organization": b.organization_id, "price": b.price, "digest": b.digest}
                for b in bids])
    _update_totals(session, project)
    return bids


def opened_bids(*, session: Session, project_id: int) -> list[PurchaseBid]:
    """A project's bids with their content: only once opened (Forbidden before, naming the day)."""
    project = get_project_or_raise(session=session, project_id=project_id)
    if project.opened_on is None:
        raise Forbidden(say("bids_sealed", id=project.id, deadline=project.bid_deadline,
                            first=project.bid_deadline + dt.timedelta(days=1)), field="bid_deadline")
    return list(session.execute(select(PurchaseBid).where(PurchaseBid.project_id == project_id)
                                .order_by(PurchaseBid.total_score.desc(), PurchaseBid.id)).scalars())


def bid_scores(*, session: Session, bid_id: int) -> list[BidScore]:
    return list(session.execute(select(BidScore).where(BidScore.bid_id == bid_id)
                                .order_by(BidScore.criterion)).scalars())


def score_bid(*, session: Session, actor: str, bid_id: int, criterion: str, score: Decimal,
              note: str | None = None) -> BidScore:
    """An evaluator's score (0-100) of an opened bid on one assessed criterion."""
    bid = session.get(PurchaseBid, bid_id)
    if bid is None:
        raise NotFound(f"no bid #{bid_id}", field="bid_id")
    project = get_project_or_raise(session=session, project_id=bid.project_id)
    if project.state != "opened":
        raise _not_opened(project)
    allowed = assessed_criteria(project.scoring)
    if criterion not in allowed:
        raise Invalid(say("criterion_unknown", criterion=criterion, allowed=", ".join(allowed)),
                      field="criterion")
    if not Decimal(0) <= score <= Decimal(100):
        raise Invalid(say("score_range", score=score), field="score")
    row = session.execute(select(BidScore).where(BidScore.bid_id == bid_id,
                                                 BidScore.criterion == criterion)).scalar()
    before = None if row is None else row.score
    if row is None:
        row = BidScore(bid_id=bid_id, criterion=criterion, score=score, scored_by=actor, note=note)
        session.add(row)
    else:
        row.score, row.scored_by, row.note = score, actor, note
    session.flush()
    audit(session, actor, "score_bid", f"purchase/{project.id}", PURPOSE, bid=bid_id, criterion=criterion,
          before=before, score=score, note=note)
    _update_totals(session, project)
    return row


def _not_opened(project: PurchaseProject) -> Conflict:
    from settle.words import text

    return Conflict(say("purchase_state", action=text("purchases", "action_award"),
                        state=text("purchases", f"state_{project.state}"),
                        needed=text("purchases", "state_opened")), field="state")


def _update_totals(session: Session, project: PurchaseProject) -> None:
    for bid in session.execute(select(PurchaseBid).where(PurchaseBid.project_id == project.id)).scalars():
        scores = {s.criterion: s.score for s in bid_scores(session=session, bid_id=bid.id)}
        try:
            bid.total_score = weighted_total(project.scoring, scores)
        except KeyError:
            bid.total_score = None
    session.flush()


def award(*, session: Session, actor: str, project_id: int, bid_id: int, reasons: str,
          today: dt.date | None = None) -> PurchaseContract:
    """Award the project to an opened, fully scored bid within budget, with the reasons; the
    contract is signed for the bid's price. Choosing other than the highest total is recorded
    as such in the audit log."""
    now = _today(session, today)
    project = get_project_or_raise(session=session, project_id=project_id)
    if project.state != "opened":
        raise _not_opened(project)
    if not reasons.strip():
        raise Invalid(say("needs_reason", what="award"), field="reasons")
    bids = opened_bids(session=session, project_id=project_id)
    chosen = next((b for b in bids if b.id == bid_id), None)
    if chosen is None:
        raise NotFound(f"project #{project_id} has no bid #{bid_id}", field="bid_id")
    for bid in bids:
        if bid.total_score is None:
            scored = {s.criterion for s in bid_scores(session=session, bid_id=bid.id)}
            missing = [c["criterion"] for c in project.scoring if c["criterion"] not in scored]
            raise Invalid(say("bid_unscored", bid=bid.id, criteria=", ".join(missing)), field="scores")
    assert chosen.price is not None
    if chosen.price > project.budget:
        raise Invalid(say("bid_over_budget", bid=chosen.id, price=chosen.price, budget=project.budget),
                      field="bid_id")
    highest = max(bids, key=lambda b: b.total_score or Decimal(0))
    project.state = next_purchase_state(project.state, "award")
    project.awarded_bid_id, project.award_reasons, project.awarded_on = chosen.id, reasons, now
    contract = PurchaseContract(project_id=project.id, organization_id=chosen.organization_id,
                                amount=chosen.price, currency=project.currency, signed_on=now)
    session.add(contract)
    session.flush()
    audit(session, actor, "award_purchase", f"purchase/{project_id}", PURPOSE, bid=chosen.id,
          organization=chosen.organization_id, total_score=chosen.total_score, price=chosen.price,
          highest=chosen.total_score == highest.total_score, reasons=reasons, contract=contract.id)
    return contract


def cancel_project(*, session: Session, actor: str, project_id: int, reason: str) -> PurchaseProject:
    project = get_project_or_raise(session=session, project_id=project_id)
    if not reason.strip():
        raise Invalid(say("needs_reason", what="cancel"), field="reason")
    project.state = next_purchase_state(project.state, "cancel")
    session.flush()
    audit(session, actor, "cancel_purchase", f"purchase/{project_id}", PURPOSE, reason=reason)
    return project


def organization_name(*, session: Session, organization_id: int) -> str:
    organization = session.get(Organization, organization_id)
    return "" if organization is None else organization.name


def get_bid_or_raise(*, session: Session, bid_id: int) -> PurchaseBid:
    bid = session.get(PurchaseBid, bid_id)
    if bid is None:
        raise NotFound(words("purchases", "no_bid", id=bid_id), field="bid_id")
    return bid


def readable_bid(*, session: Session, bid_id: int, organization_id: int | None) -> PurchaseBid:
    """A bid as its reader may see it. An organization (`organization_id`) reads only its own
    bid (another's is not found, so that it learns nothing of it), and sees its content only
    as the workflow holds it: empty until the opening. Anyone else (the purchasing department)
    reads a bid only once the project's bids are opened: Forbidden before, naming the day."""
    bid = get_bid_or_raise(session=session, bid_id=bid_id)
    if organization_id is not None:
        if bid.organization_id != organization_id:
            raise NotFound(words("purchases", "no_bid", id=bid_id), field="bid_id")
        return bid
    project = get_project_or_raise(session=session, project_id=bid.project_id)
    if project.opened_on is None:
        raise Forbidden(say("bids_sealed", id=project.id, deadline=project.bid_deadline,
                            first=project.bid_deadline + dt.timedelta(days=1)), field="bid_deadline")
    return bid
