"""The verifier's queue: a department's evidence items, searched by the applicant's name or
identity number, filtered by state, fact and application, sorted, grouped by applicant and
paged; beside each declared value, what the record already holds; many confirmed at once, each
through the same decision, audit entry and re-ranking as a single confirmation.

A verifier sees only its department's items and the applicant's masked name (surname and
stars). A search term is taken literally (LIKE wildcards escaped) and never written to the
audit log: the entry says that a search was made and how many rows it returned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.echo import shown
from settle.errors import Invalid, SettleError
from settle.messages import say
from settle.packs import Pack, default_catalogue
from settle.registry.facts import registry_value
from settle.registry.models import Application, EvidenceItem, Person, Round
from settle.workflow import round_service
from settle.workflow.applications import masked_name

TASK_STATES = ("pending", "confirmed", "corrected", "rejected")
"""The states a verifier filters on: still to decide, or decided one way."""

TASK_ORDERS = ("application", "fact", "oldest", "newest")
"""How the queue is sorted: by application then fact, by fact then application, or by when the
item was made (oldest or newest first)."""

BATCH_LIMIT = 200
"""The most items one batch confirmation takes (four pages of the queue)."""


@dataclass(frozen=True)
class TaskFilter:
    """Which of a department's items the queue shows, and in what order."""

    department: str | None
    state: str = "pending"
    fact: str | None = None
    application_id: int | None = None
    search: str | None = None
    order: str = "application"
    grouped: bool = False

    def __post_init__(self) -> None:
        if self.state not in TASK_STATES:
            raise Invalid(say("not_one_of", field="state", value=shown(self.state),
                              allowed=", ".join(TASK_STATES)), field="state")
        if self.order not in TASK_ORDERS:
            raise Invalid(say("not_one_of", field="order", value=shown(self.order),
                              allowed=", ".join(TASK_ORDERS)), field="order")


RecordSource = Literal["registry", "verified", "none"]


@dataclass(frozen=True)
class TaskRow:
    """One item of the queue with what the record holds beside the declared value: the
    registry's value for a fact the registry holds (re-verification after an objection), the
    value verified before for a declared fact under re-verification, else nothing."""

    item: EvidenceItem
    applicant: str
    pack: Pack
    on_record: Any
    record: RecordSource


@dataclass(frozen=True)
class TaskPage:
    """One page of the queue, the counts the filters offer, and where the page stands."""

    rows: list[TaskRow]
    total: int
    page: int
    pages: int
    by_fact: dict[str, int]
    by_state: dict[str, int]
    pack: Pack | None
    """The pack of the department's rounds, to name the facts the filters offer."""


def _waiting() -> Any:
    """An item still to decide: its application under verification, or an upheld objection's."""
    return and_(EvidenceItem.status == "pending",
                or_(Application.state == "verification", EvidenceItem.objection_id.is_not(None)))


def _base(department: str | None) -> Select[Any]:
    return (select(EvidenceItem)
            .join(Application, Application.id == EvidenceItem.application_id)
            .join(Person, Person.id == Application.person_id)
            .where(EvidenceItem.department == department))


def _matching(query: Select[Any], chosen: TaskFilter) -> Select[Any]:
    """`query` narrowed to the filter's application and search (not its state or fact)."""
    if chosen.application_id:
        query = query.where(EvidenceItem.application_id == chosen.application_id)
    term = (chosen.search or "").strip()
    if term:
        query = query.where(or_(Person.name.contains(term, autoescape=True),
                                Person.identity_number.startswith(term.upper(), autoescape=True)))
    return query


def _in_state(query: Select[Any], state: str) -> Select[Any]:
    return query.where(_waiting() if state == "pending" else EvidenceItem.status == state)


def _ordered(query: Select[Any], chosen: TaskFilter) -> Select[Any]:
    orders: dict[str, list[Any]] = {
        "application": [EvidenceItem.application_id, EvidenceItem.fact],
        "fact": [EvidenceItem.fact, EvidenceItem.application_id],
        "oldest": [EvidenceItem.created_at, EvidenceItem.id],
        "newest": [EvidenceItem.created_at.desc(), EvidenceItem.id.desc()],
    }
    keys = orders[chosen.order]
    if chosen.grouped and chosen.order != "application":
        keys = [EvidenceItem.application_id, *keys]
    return query.order_by(*keys, EvidenceItem.id)


def count_by_state(*, session: Session, chosen: TaskFilter) -> dict[str, int]:
    """How many items of the department match the search and application, in each state."""
    base = _matching(_base(chosen.department), chosen)
    waiting = base.where(_waiting()).with_only_columns(func.count())
    decided = (base.where(EvidenceItem.status != "pending")
               .with_only_columns(EvidenceItem.status, func.count()).group_by(EvidenceItem.status))
    counts = dict.fromkeys(TASK_STATES, 0)
    counts["pending"] = int(session.execute(waiting).scalar_one())
    counts.update({status: int(n) for status, n in session.execute(decided).all() if status in counts})
    return counts


def count_by_fact(*, session: Session, chosen: TaskFilter) -> dict[str, int]:
    """How many items in the chosen state match the search and application, by fact (before
    the fact filter)."""
    query = (_in_state(_matching(_base(chosen.department), chosen), chosen.state)
             .with_only_columns(EvidenceItem.fact, func.count())
             .group_by(EvidenceItem.fact).order_by(EvidenceItem.fact))
    return {fact: int(n) for fact, n in session.execute(query).all()}


def queue_page(*, session: Session, actor: str, chosen: TaskFilter, page: int = 1,
               per_page: int = 50) -> TaskPage:
    """One page of the department's queue, audited as a read of personal data (the number of
    rows and of registry values read, whether a search was made; never the search term)."""
    by_state = count_by_state(session=session, chosen=chosen)
    by_fact = count_by_fact(session=session, chosen=chosen)
    total = by_fact.get(chosen.fact, 0) if chosen.fact else sum(by_fact.values())
    pages = max(1, -(-total // per_page))
    page = max(1, min(page, pages))
    query = _in_state(_matching(_base(chosen.department), chosen), chosen.state)
    if chosen.fact:
        query = query.where(EvidenceItem.fact == chosen.fact)
    query = (_ordered(query, chosen).add_columns(Person, Round.pack_id, Round.window_closes)
             .join(Round, Round.id == Application.round_id)
             .limit(per_page).offset((page - 1) * per_page))
    rows = []
    registry_reads = 0
    for item, person, pack_id, closes in session.execute(query).all():
        pack = default_catalogue().load(pack_id)
        on_record, source = _on_record(session, item, person, pack, closes)
        registry_reads += source == "registry"
        rows.append(TaskRow(item=item, applicant=masked_name(person.name), pack=pack,
                            on_record=on_record, record=source))
    audit(session, actor, "read_tasks", f"department/{chosen.department}", "verification (pages)",
          count=len(rows), page=page, state=chosen.state, searched=bool((chosen.search or "").strip()),
          registry_reads=registry_reads)
    pack_id = rows[0].pack.id if rows else session.execute(
        _base(chosen.department).with_only_columns(Round.pack_id)
        .join(Round, Round.id == Application.round_id).order_by(Round.id.desc()).limit(1)).scalar()
    return TaskPage(rows=rows, total=total, page=page, pages=pages, by_fact=by_fact, by_state=by_state,
                    pack=None if pack_id is None else default_catalogue().load(pack_id))


def _on_record(session: Session, item: EvidenceItem, person: Person, pack: Pack,
               on: dt.date) -> tuple[Any, RecordSource]:
    spec = pack.facts.get(item.fact)
    if spec is not None and spec.registry is not None:
        return registry_value(session, person, spec.registry, on), "registry"
    if item.objection_id is not None and item.verified_value is not None:
        return item.verified_value, "verified"
    return None, "none"


@dataclass(frozen=True)
class BatchOutcome:
    """What a batch confirmation did: the items confirmed, and each refused with its error."""

    confirmed: list[EvidenceItem]
    refused: list[tuple[int, SettleError]]


def parse_batch(chosen: list[str]) -> list[tuple[int, int]]:
    """`item:version` pairs from the ticked boxes of the queue."""
    if not chosen:
        raise Invalid(say("batch_empty"), field="items")
    if len(chosen) > BATCH_LIMIT:
        raise Invalid(say("batch_too_large", count=len(chosen), limit=BATCH_LIMIT), field="items")
    pairs = []
    for text in chosen:
        item, _, version = text.partition(":")
        if not (item.isdigit() and version.isdigit()):
            raise Invalid(say("batch_bad_item", value=shown(text)), field="items")
        pairs.append((int(item), int(version)))
    return pairs


def confirm_tasks(*, session: Session, actor: str, department: str | None, items: list[tuple[int, int]],
                  today: dt.date) -> BatchOutcome:
    """Confirm each (item, version) as its declared value through the single decision
    (`round_service.decide_evidence`: the department's check, the version, the audit entry per
    item, the re-ranking after an objection). An item that is refused (another department's,
    stale, its document expired) is left as it was and reported; the others are confirmed."""
    confirmed: list[EvidenceItem] = []
    refused: list[tuple[int, SettleError]] = []
    for item_id, version in items:
        try:
            with session.begin_nested():
                item, _report = round_service.decide_evidence(
                    session=session, actor=actor, department=department, item_id=item_id,
                    decision="confirm", expected_version=version, today=today)
        except SettleError as exc:
            refused.append((item_id, exc))
            continue
        confirmed.append(item)
    return BatchOutcome(confirmed=confirmed, refused=refused)
