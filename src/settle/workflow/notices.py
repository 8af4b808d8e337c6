"""Notices to applicants: when their application or service case changes state, a notice in
their in-app inbox and, after the change is committed, one through the configured sender
(settle.workflow.notice_senders: the development outbox file, e-mail).

    notify(session=, person_id=, subject="case/7", state="granted", words=Text(en=…, zh=…))

A notice is written in the caller's transaction and is sent only once that transaction
commits (a change rolled back tells no one). Services never commit; neither does this. A
notice is not an audit entry of its own: it follows from the transition the caller audits
(assumption: the chain records decisions and disclosures, and a notice discloses nothing the
person does not own), and reading one changes only its read flag.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from settle.errors import NotFound, SettleError
from settle.language.text import Lang, Text
from settle.messages import say
from settle.registry.data_directory import data_directory_of
from settle.registry.models import Application, Notice, NoticeContact, Round
from settle.words import section, text
from settle.workflow.notice_senders import NoticeSender, OutgoingNotice, configured_sender

LOG = logging.getLogger("settle.notices")
_PENDING = "settle.notices.pending"
# application states the applicant is told of: every state but `ranked`, which stays inside
# the bureau until the results are disclosed (2016 rules' disclosure before public notice)
APPLICATION_NOTICES = {key.removeprefix("application_") for key in section("notices")
                       if key.startswith("application_")}


def notify(*, session: Session, person_id: int, subject: str, state: str, words: Text) -> Notice:
    """Put a notice in the person's inbox about `subject` (such as `application/12` or
    `case/7`) now in `state`; it is sent through the configured sender once the caller's
    transaction commits."""
    notice = Notice(person_id=person_id, subject=subject, state=state, words_en=words.en, words_zh=words.zh)
    session.add(notice)
    session.flush()
    contact = session.get(NoticeContact, person_id)  # read now: no SQL once the transaction is over
    _pending(session).append(Pending(notice.id, person_id, subject, state, words,
                                     contact.email if contact else None, contact.mobile if contact else None,
                                     "en" if contact is not None and contact.lang == "en" else "zh"))
    return notice


def notify_application(*, session: Session, application: Application, reason: str | None = None) -> None:
    """Tell the applicant their application moved to its current state, when it is one they
    should know of (APPLICATION_NOTICES)."""
    if application.state not in APPLICATION_NOTICES:
        return
    round_ = session.get(Round, application.round_id)
    words = text("notices", f"application_{application.state}", id=application.id,
                 round=round_.name if round_ else application.round_id, reason=reason or "")
    notify(session=session, person_id=application.person_id, subject=f"application/{application.id}",
           state=application.state, words=words)


def inbox(*, session: Session, person_id: int, unread_only: bool = False, limit: int = 50,
          offset: int = 0) -> list[Notice]:
    """The person's notices, newest first."""
    query = select(Notice).where(Notice.person_id == person_id)
    if unread_only:
        query = query.where(Notice.read_at.is_(None))
    query = query.order_by(Notice.id.desc()).offset(offset).limit(limit)
    return list(session.execute(query).scalars())


def unread_count(*, session: Session, person_id: int) -> int:
    return session.execute(select(func.count()).select_from(Notice).where(
        Notice.person_id == person_id, Notice.read_at.is_(None))).scalar_one()


def mark_read(*, session: Session, person_id: int, notice_id: int) -> Notice:
    """Mark one of the person's notices read (again: changes nothing). Another person's
    notice is as if it did not exist."""
    notice = session.get(Notice, notice_id)
    if notice is None or notice.person_id != person_id:
        raise NotFound(say("no_notice", id=notice_id), field="notice_id")
    if notice.read_at is None:
        notice.read_at = dt.datetime.now(dt.UTC)
        session.flush()
    return notice


@dataclass(frozen=True)
class Pending:
    """A notice written in a transaction not yet committed (what the sender needs of it)."""

    notice_id: int
    person_id: int
    subject: str
    state: str
    words: Text
    email: str | None
    mobile: str | None
    lang: Lang


def _pending(session: Session) -> list[Pending]:
    pending: list[Pending] | None = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        event.listen(session, "after_commit", _deliver)
        event.listen(session, "after_rollback", _forget)
    return pending


def _forget(session: Session) -> None:
    session.info.get(_PENDING, []).clear()


def _deliver(session: Session) -> None:
    pending: list[Pending] = session.info.get(_PENDING, [])
    if not pending:
        return
    notices, pending[:] = list(pending), []
    try:
        sender = configured_sender(data_directory_of(session))
    except SettleError as exc:
        LOG.warning("%d notice(s) kept in the inbox only: %s", len(notices), exc.message)
        return
    for notice in notices:
        send(sender, notice)


def send(sender: NoticeSender, notice: Pending) -> None:
    """Send one notice; a failure is logged and the notice stays in the inbox."""
    message = OutgoingNotice(
        notice_id=notice.notice_id, person_id=notice.person_id, subject=notice.subject, state=notice.state,
        lang=notice.lang, text=notice.words(notice.lang), en=notice.words.en, zh=notice.words.zh,
        email=notice.email, mobile=notice.mobile)
    try:
        sender.send(message)
    except Exception as exc:  # a sender's failure must not undo a committed change
        LOG.warning("notice %d to person %d not sent: %s", notice.notice_id, notice.person_id, exc)
