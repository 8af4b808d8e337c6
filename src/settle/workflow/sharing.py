"""Reads of registration data by user departments under sharing agreements.

A department reads a person's record for a purpose: the agreement between the public security
bureau (the data holder) and the department that covers the purpose and is valid on the day
decides which fields it receives (seed 003 line 213; 002 lines 196-198). Every read is one
row of `disclosures` and one entry of the audit chain: the fields disclosed, or the read
refused and which agreement is missing. A refusal is returned, not raised, so that the
caller's transaction keeps the record of it; `Refusal.error()` makes it an error to raise.

Services take the session as a keyword argument and never commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from settle.audit.chain import record as audit
from settle.errors import Forbidden, Invalid
from settle.i18n import Text
from settle.messages import say
from settle.packs import PackError, default_catalogue
from settle.paths import agreements_dir
from settle.registry.models import Account, Disclosure, Person
from settle.registry.models.base import utcnow
from settle.registry.persons import get_person
from settle.registry.shared_fields import SHARED_FIELDS, read_fields
from settle.words import text as words_text
from settle.workflow.agreements import Agreement, current_agreements


def agreements() -> list[Agreement]:
    """The agreements in force on this installation (the `agreements/` folder)."""
    return [loaded.agreement for loaded in current_agreements(agreements_dir())]


def field_words(fields: list[str]) -> Text:
    """The fields' names joined, in both languages."""
    names = [words_text("sharing", f"field_{f}") for f in fields]
    sep = words_text("sharing", "list_separator")
    return Text(en=sep.en.join(n.en for n in names), zh=sep.zh.join(n.zh for n in names))


def _joined(parts: list[Text]) -> Text:
    sep = words_text("sharing", "list_separator")
    return Text(en=sep.en.join(p.en for p in parts), zh=sep.zh.join(p.zh for p in parts))


def department_title(department: str, known: list[Agreement]) -> Text:
    """A department's name as the agreements write it, else as a policy pack does (a department
    without an agreement), else its id."""
    for agreement in known:
        for side in (agreement.user, agreement.holder):
            if side.id == department:
                return side.title
    try:
        packs = default_catalogue().all()
    except PackError:
        packs = []
    for pack in packs:
        title = pack.meta.departments.get(department)
        if title is not None:
            return title
    return Text(en=department, zh=department)


def purpose_title(purpose: str, known: list[Agreement]) -> Text:
    for agreement in known:
        found = agreement.purpose(purpose)
        if found is not None:
            return found.title
    return Text(en=purpose, zh=purpose)


@dataclass(frozen=True)
class Refusal:
    """A read refused: why (a REFUSAL_REASONS code), in words, the agreement concerned (none
    when there is none at all) and the part of the request at fault."""

    reason: str
    words: Text
    agreement: str | None
    field: str

    def error(self) -> Forbidden:
        return Forbidden(self.words, field=self.field)


@dataclass(frozen=True)
class Grant:
    """The agreement a read falls under and the fields it receives."""

    agreement: Agreement
    fields: list[str]


def check_fields(fields: list[str] | None) -> None:
    for name in fields or []:
        if name not in SHARED_FIELDS:
            raise Invalid(say("sharing_unknown_field", field=name, known=", ".join(SHARED_FIELDS)),
                          field="fields")


def decide(known: list[Agreement], department: str, purpose: str, fields: list[str] | None,
           today: dt.date) -> Grant | Refusal:
    """Which agreement lets `department` read `fields` (None: every field granted) for
    `purpose` on `today`, or why none does."""
    mine = [a for a in known if a.user.id == department]
    who = department_title(department, known)
    if not mine:
        holder = known[0].holder.title if known else words_text("sharing", "holder_public_security")
        return Refusal("no_agreement", say("sharing_no_agreement", department=who, holder=holder), None,
                       "department")
    for_purpose = [a for a in mine if a.purpose(purpose) is not None]
    if not for_purpose:
        purposes = _joined([p.title for a in mine for p in a.purposes])
        return Refusal("purpose_not_agreed", say("sharing_purpose_not_agreed", department=who,
                                                 agreements=", ".join(a.id for a in mine),
                                                 purpose=purpose, purposes=purposes),
                       None, "purpose")
    title = purpose_title(purpose, for_purpose)
    valid = sorted((a for a in for_purpose if a.valid_on(today)), key=lambda a: a.valid_from, reverse=True)
    if not valid:
        ended = [a for a in for_purpose if a.valid_until is not None and a.valid_until < today]
        if ended:
            last = max(ended, key=lambda a: a.valid_until or a.valid_from)
            return Refusal("expired", say("sharing_expired", agreement=last.id, purpose=title,
                                          until=last.valid_until, today=today), last.id, "valid_until")
        first = min(for_purpose, key=lambda a: a.valid_from)
        return Refusal("not_yet_valid", say("sharing_not_yet_valid", agreement=first.id, purpose=title,
                                            since=first.valid_from, today=today), first.id, "valid_from")
    if fields is None:
        return Grant(valid[0], list(valid[0].fields))
    for agreement in valid:
        if all(f in agreement.fields for f in fields):
            return Grant(agreement, list(fields))
    best = valid[0]
    missing = [f for f in fields if f not in best.fields]
    return Refusal("field_not_granted", say("sharing_field_not_granted", agreement=best.id, purpose=title,
                                            fields=field_words(missing), granted=field_words(best.fields)),
                   best.id, "fields")


def department_of(account: Account) -> str:
    """The department an account reads for (a department's staff only)."""
    if account.role != "department_verifier" or not account.department:
        raise Forbidden(say("sharing_not_a_department", username=account.username), field="role")
    return account.department


def log_disclosure(session: Session, *, actor: str, department: str, person_id: int | None, purpose: str,
                   fields: list[str], channel: str, grant: Grant | None = None,
                   refusal: Refusal | None = None, at: dt.datetime | None = None) -> Disclosure:
    """One row of `disclosures` and its audit-chain entry: what was disclosed, or refused."""
    at = at or utcnow()
    subject = f"person/{person_id}" if person_id is not None else "persons"
    if refusal is not None:
        entry = audit(session, actor, "refuse_disclosure", subject, purpose, department=department,
                      reason=refusal.reason, agreement=refusal.agreement, fields=fields, channel=channel,
                      read_at=at)
        row = Disclosure(at=at, actor=actor, department=department, person_id=person_id,
                         agreement=refusal.agreement, purpose=purpose, fields=fields, outcome="refused",
                         reason=refusal.reason, channel=channel, audit_seq=entry.seq)
    else:
        agreement = None if grant is None else grant.agreement.id
        entry = audit(session, actor, "disclose", subject, purpose, department=department,
                      agreement=agreement, fields=fields, channel=channel, read_at=at)
        row = Disclosure(at=at, actor=actor, department=department, person_id=person_id,
                         agreement=agreement, purpose=purpose, fields=fields, outcome="disclosed",
                         reason=None, channel=channel, audit_seq=entry.seq)
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class SharedRecord:
    """What a department received: the person's granted fields, under which agreement."""

    person_id: int
    agreement: Agreement
    purpose: str
    fields: dict[str, Any]
    disclosure: Disclosure


def read_person(*, session: Session, account: Account, person_id: int, purpose: str,
                fields: list[str] | None, today: dt.date, channel: str,
                known: list[Agreement] | None = None,
                at: dt.datetime | None = None) -> SharedRecord | Refusal:
    """A department reads a person's registration data for `purpose`: only the fields its
    agreement grants (those asked for, or all it grants). A refusal is logged and returned."""
    department = department_of(account)
    check_fields(fields)
    known = agreements() if known is None else known
    decision = decide(known, department, purpose, fields, today)
    asked = list(fields) if fields is not None else []
    if isinstance(decision, Refusal):
        exists = session.get(Person, person_id) is not None
        log_disclosure(session, actor=account.username, department=department,
                       person_id=person_id if exists else None, purpose=purpose, fields=asked,
                       channel=channel, refusal=decision, at=at)
        return decision
    person = get_person(session=session, person_id=person_id)
    values = read_fields(session, person, decision.fields)
    row = log_disclosure(session, actor=account.username, department=department, person_id=person.id,
                         purpose=purpose, fields=decision.fields, channel=channel, grant=decision, at=at)
    return SharedRecord(person.id, decision.agreement, purpose, values, row)


@dataclass(frozen=True)
class DisclosureView:
    """One read of a person's data as the person sees it: who, which data, when and why."""

    at: dt.datetime
    actor: str
    department: Text
    fields: list[str]
    field_names: Text
    purpose: Text
    agreement: str | None
    channel: str


def disclosures_of_person(*, session: Session, person_id: int, limit: int = 200,
                          known: list[Agreement] | None = None) -> list[DisclosureView]:
    """The reads of a person's data that disclosed something, newest first."""
    known = agreements() if known is None else known
    query = (select(Disclosure).where(Disclosure.person_id == person_id, Disclosure.outcome == "disclosed")
             .order_by(Disclosure.at.desc(), Disclosure.id.desc()).limit(limit))
    return [DisclosureView(at=row.at, actor=row.actor, department=department_title(row.department, known),
                           fields=list(row.fields), field_names=field_words(list(row.fields)),
                           purpose=purpose_title(row.purpose, known), agreement=row.agreement,
                           channel=row.channel)
            for row in session.execute(query).scalars()]


def disclosures(*, session: Session, department: str | None = None, person_id: int | None = None,
                outcome: str | None = None, limit: int = 100, offset: int = 0) -> list[Disclosure]:
    """The disclosure log for the bureau: newest first, filtered."""
    query = select(Disclosure)
    if department:
        query = query.where(Disclosure.department == department)
    if person_id is not None:
        query = query.where(Disclosure.person_id == person_id)
    if outcome:
        query = query.where(Disclosure.outcome == outcome)
    query = query.order_by(Disclosure.at.desc(), Disclosure.id.desc()).limit(limit).offset(offset)
    return list(session.execute(query).scalars())
