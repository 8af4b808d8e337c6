"""The hash-chained audit log: each entry links to the one before, and any edit, deletion or
insertion is named at the first entry where it shows."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from settle.audit.chain import GENESIS, entries_about, entry_hash, record, verify_chain
from settle.audit.log import AuditEntry
from settle.database import transaction

pytestmark = pytest.mark.usefixtures("no_registry_settings")

AT = dt.datetime(2017, 11, 1, 9, 30, tzinfo=dt.UTC)


def _entries(db: sessionmaker[Session], count: int, subject: str = "round/1") -> None:
    with transaction(db) as session:
        for n in range(count):
            record(session, "officer", "test", subject, "testing the chain", n=n)


def _all(db: sessionmaker[Session]) -> list[AuditEntry]:
    with transaction(db) as session:
        return list(session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars())


def test_an_empty_log_is_an_intact_chain_of_no_entries(db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        report = verify_chain(session)
    assert (report.entries, report.intact, report.broken_at, report.reason) == (0, True, None, None)


def test_the_first_entry_links_to_the_genesis_hash_and_each_next_to_the_one_before(
        db: sessionmaker[Session]) -> None:
    _entries(db, 3)
    entries = _all(db)
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[0].prev_hash == GENESIS
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    with transaction(db) as session:
        assert verify_chain(session).intact


def test_the_hash_covers_every_field_so_changing_any_one_changes_it() -> None:
    fields = ("prev", 1, AT, "officer", "rank_round", "round/1", "settlement workflow", {"admitted": 3})
    base = entry_hash(*fields)
    assert base == entry_hash(*fields)
    changed = [("other", 1, AT), ("prev", 2, AT), ("prev", 1, AT + dt.timedelta(microseconds=1))]
    for prev, seq, at in changed:
        assert entry_hash(prev, seq, at, *fields[3:]) != base
    for index, value in ((3, "clerk"), (4, "disclose"), (5, "round/2"), (6, "public notice"),
                         (7, {"admitted": 4})):
        edited = list(fields)
        edited[index] = value
        assert entry_hash(*edited) != base  # type: ignore[arg-type]


def test_the_same_moment_in_another_time_zone_gives_the_same_hash() -> None:
    china = dt.timezone(dt.timedelta(hours=8))
    detail: dict[str, object] = {"n": 1}
    assert (entry_hash(GENESIS, 1, AT, "a", "b", "c", "d", detail)
            == entry_hash(GENESIS, 1, AT.astimezone(china), "a", "b", "c", "d", detail))


def test_the_detail_is_stored_as_plain_json_so_it_hashes_the_same_when_read_back(
        db: sessionmaker[Session]) -> None:
    with transaction(db) as session:
        entry = record(session, "clerk", "register_person", "person/1", "registration",
                       on=dt.date(2017, 11, 1), ids=(1, 2))
        assert entry.detail == {"on": "2017-11-01", "ids": [1, 2]}
    with transaction(db) as session:
        assert verify_chain(session).intact


def test_an_edited_entry_is_named_with_its_content_not_matching_its_hash(db: sessionmaker[Session]) -> None:
    _entries(db, 4)
    with transaction(db) as session:
        session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(actor="someone else"))
    with transaction(db) as session:
        report = verify_chain(session)
    assert (report.intact, report.broken_at) == (False, 3)
    assert report.reason == "its content does not match its hash (edited)"


def test_a_deleted_entry_in_the_middle_is_named_as_missing(db: sessionmaker[Session]) -> None:
    _entries(db, 4)
    with transaction(db) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq == 2))
    with transaction(db) as session:
        report = verify_chain(session)
    assert (report.broken_at, report.reason) == (3, "entry 2 is missing (next is 3)")


def test_an_entry_inserted_with_a_fresh_hash_does_not_link_to_the_one_before(
        db: sessionmaker[Session]) -> None:
    _entries(db, 2)
    with transaction(db) as session:
        fake_prev = "f" * 64
        session.add(AuditEntry(seq=3, at=AT, actor="intruder", action="test", subject="round/1",
                               purpose="testing the chain", detail={}, prev_hash=fake_prev,
                               hash=entry_hash(fake_prev, 3, AT, "intruder", "test", "round/1",
                                               "testing the chain", {})))
    with transaction(db) as session:
        report = verify_chain(session)
    assert (report.entries, report.broken_at, report.reason) == (3, 3, "does not link to the entry before it")


def test_the_entries_about_one_subject_come_in_the_order_they_were_made(db: sessionmaker[Session]) -> None:
    _entries(db, 2, subject="application/7")
    _entries(db, 1, subject="application/8")
    _entries(db, 1, subject="application/7")
    with transaction(db) as session:
        about = entries_about(session, "application/7")
        assert [e.seq for e in about] == [1, 2, 4]
        assert entries_about(session, "application/9") == []
