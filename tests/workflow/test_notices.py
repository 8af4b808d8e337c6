"""Notices: a state change puts a notice in the applicant's inbox and, once committed, a line
in the development outbox beside the database; a rolled-back change tells no one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

import settle.workflow.round_service as rounds
from settle.database import transaction
from settle.errors import Invalid, NotFound
from settle.language.text import Text
from settle.registry.data_directory import data_directory_of
from settle.registry.models import NoticeContact
from settle.workflow import applications as apps
from settle.workflow import notices
from settle.workflow.notice_senders import OUTBOX, OutboxSender, SmtpSender, configured_sender
from tests.workflow.db_scenario import CLERK, DECLARED, WINDOW, register


def _application(db: sessionmaker[Session]) -> tuple[int, int]:
    with transaction(db) as session:
        round_id = rounds.open_round(session=session, actor="officer", pack_id="guangzhou-2017", name="2017",
                                     window_opens=WINDOW[0], window_closes=WINDOW[1], quota=2).id
        person = register(session, 1, WINDOW[0].replace(year=2012), WINDOW[0].replace(year=2013))
        application = apps.create_application(session=session, actor=CLERK, person_id=person.id,
                                              round_id=round_id, declared=DECLARED)
        return person.id, application.id


def _outbox(db: sessionmaker[Session]) -> list[dict[str, object]]:
    with db() as session:
        path = data_directory_of(session) / OUTBOX
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_submitted_application_puts_a_notice_in_the_inbox_and_a_line_in_the_outbox(
        db: sessionmaker[Session]) -> None:
    person_id, application_id = _application(db)
    with transaction(db) as session:
        session.add(NoticeContact(person_id=person_id, email="applicant@example.org", lang="zh"))
        apps.submit(session=session, actor=CLERK, application_id=application_id, today=WINDOW[1])
    with db() as session:
        [notice] = notices.inbox(session=session, person_id=person_id)
        assert (notice.subject, notice.state) == (f"application/{application_id}", "submitted")
        assert "已提交" in notice.words_zh and "was submitted" in notice.words_en
        assert notices.unread_count(session=session, person_id=person_id) == 1
    [line] = _outbox(db)
    assert line["notice_id"] == notice.id and line["subject"] == f"application/{application_id}"
    assert line["email"] == "applicant@example.org" and line["text"] == notice.words_zh


def test_a_rolled_back_change_leaves_no_notice_and_sends_nothing(db: sessionmaker[Session]) -> None:
    person_id, application_id = _application(db)
    with pytest.raises(RuntimeError), transaction(db) as session:
        apps.submit(session=session, actor=CLERK, application_id=application_id, today=WINDOW[1])
        raise RuntimeError("the request fails after the transition")
    with db() as session:
        assert notices.inbox(session=session, person_id=person_id) == []
    assert _outbox(db) == []


def test_each_state_the_applicant_should_know_of_is_a_notice_in_their_words(
        db: sessionmaker[Session]) -> None:
    person_id, application_id = _application(db)
    with transaction(db) as session:
        apps.submit(session=session, actor=CLERK, application_id=application_id, today=WINDOW[1])
        apps.accept(session=session, actor=CLERK, application_id=application_id)
        apps.close_application(session=session, actor="officer", application_id=application_id,
                               action="exclude", reason="false materials")
    with db() as session:
        states = [n.state for n in notices.inbox(session=session, person_id=person_id)]
        excluded = notices.inbox(session=session, person_id=person_id)[0]
    assert states == ["excluded", "verification", "submitted"]
    assert "false materials" in excluded.words_en and "false materials" in excluded.words_zh
    assert [line["state"] for line in _outbox(db)] == ["submitted", "verification", "excluded"]


def test_a_notice_is_marked_read_by_its_owner_only(db: sessionmaker[Session]) -> None:
    person_id, _ = _application(db)
    with transaction(db) as session:
        other = register(session, 2, WINDOW[0].replace(year=2012), WINDOW[0].replace(year=2013))
        notice = notices.notify(session=session, person_id=person_id, subject="case/7", state="granted",
                                words=Text(en="Your case #7 is granted.", zh="您的事项 #7 已批准。"))
    with transaction(db) as session, pytest.raises(NotFound, match=f"no notice #{notice.id}"):
        notices.mark_read(session=session, person_id=other.id, notice_id=notice.id)
    with transaction(db) as session:
        read = notices.mark_read(session=session, person_id=person_id, notice_id=notice.id)
        assert read.read_at is not None
        assert notices.unread_count(session=session, person_id=person_id) == 0
        assert notices.inbox(session=session, person_id=person_id, unread_only=True) == []


def test_the_sender_is_chosen_by_its_variable_and_a_bad_one_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SETTLE_NOTICE_SENDER", raising=False)
    assert isinstance(configured_sender(tmp_path), OutboxSender)
    monkeypatch.setenv("SETTLE_NOTICE_SENDER", "smtp")
    with pytest.raises(Invalid, match="SETTLE_SMTP_HOST"):
        configured_sender(tmp_path)
    monkeypatch.setenv("SETTLE_SMTP_HOST", "mail.example.org")
    monkeypatch.setenv("SETTLE_SMTP_FROM", "notices@example.org")
    assert isinstance(configured_sender(tmp_path), SmtpSender)
    monkeypatch.setenv("SETTLE_NOTICE_SENDER", "carrier-pigeon")
    with pytest.raises(Invalid, match="'carrier-pigeon': the sender must be one of outbox, smtp, none"):
        configured_sender(tmp_path)
