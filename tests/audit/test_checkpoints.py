"""Signed checkpoints of the audit chain's head: truncation, rewriting and tampering are named."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from settle.audit.chain import GENESIS, entry_hash, record, verify_chain
from settle.audit.checkpoints import (
    CheckpointError,
    CheckpointFiles,
    checkpoint_after_commit,
    checkpoint_files,
    verify_checkpoints,
    write_checkpoint,
)
from settle.audit.keys import load_public_keys, rotate_key
from settle.cli.app import app
from settle.database import transaction
from settle.registry.models import AuditEntry

runner = CliRunner()
WIDE = {"COLUMNS": "300"}


pytestmark = pytest.mark.usefixtures("no_registry_settings")


@pytest.fixture
def files(url: str) -> CheckpointFiles:
    return checkpoint_files(url)


def _entries(db: sessionmaker[Session], count: int) -> None:
    with transaction(db) as session:
        for n in range(count):
            record(session, "officer", "test", f"round/{n}", "testing checkpoints", n=n)


def _checkpoint(db: sessionmaker[Session], files: CheckpointFiles) -> None:
    with transaction(db) as session:
        write_checkpoint(session, files)


def _lines(files: CheckpointFiles) -> list[str]:
    return files.checkpoints.read_text(encoding="utf-8").splitlines()


def test_checkpoints_of_an_intact_chain_all_verify(db: sessionmaker[Session], files: CheckpointFiles) -> None:
    _entries(db, 3)
    _checkpoint(db, files)
    _entries(db, 2)
    _checkpoint(db, files)
    with transaction(db) as session:
        report = verify_checkpoints(session, files)
    assert report.intact, report.failures
    assert (report.lines, report.checked, report.chain_ends_at) == (2, 2, 5)
    assert report.latest is not None and report.latest.seq == 5


def test_files_default_to_beside_the_database_with_a_private_key(url: str, files: CheckpointFiles,
                                                                 db: sessionmaker[Session]) -> None:
    database = Path(url.removeprefix("sqlite:///"))
    assert files.checkpoints == database.with_name("settle.db.checkpoints.jsonl")
    assert files.private_key == database.with_name("settle.db.audit-key.pem")
    assert files.public_key == database.with_name("settle.db.audit-key.pub.pem")
    _entries(db, 1)
    _checkpoint(db, files)
    assert stat.S_IMODE(files.private_key.stat().st_mode) == 0o600
    assert len(load_public_keys([files.public_key])) == 1
    line = json.loads(_lines(files)[0])
    assert set(line) == {"seq", "hash", "at", "signed_at", "key", "sig"} and line["seq"] == 1


def test_truncating_the_tail_after_a_checkpoint_names_the_deleted_entries(
        db: sessionmaker[Session], files: CheckpointFiles) -> None:
    _entries(db, 6)
    _checkpoint(db, files)
    with transaction(db) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq > 4))
    with transaction(db) as session:
        assert verify_chain(session).intact  # the chain alone cannot tell
        report = verify_checkpoints(session, files)
    assert not report.intact
    assert report.failures == [report.failures[0]]
    assert report.failures[0].startswith("the chain ends at entry 4 but checkpoint 1 signed entry 6")
    assert "entries 5-6 were deleted" in report.failures[0]


def test_a_log_rewritten_with_fresh_hashes_no_longer_matches_its_checkpoint(
        db: sessionmaker[Session], files: CheckpointFiles) -> None:
    _entries(db, 3)
    _checkpoint(db, files)
    with transaction(db) as session:  # edit entry 2 and recompute every hash from there
        prev = GENESIS
        for entry in session.execute(select(AuditEntry).order_by(AuditEntry.seq)).scalars():
            actor = "someone else" if entry.seq == 2 else entry.actor
            new = entry_hash(prev, entry.seq, entry.at, actor, entry.action, entry.subject,
                             entry.purpose, entry.detail)
            session.execute(update(AuditEntry).where(AuditEntry.seq == entry.seq)
                            .values(actor=actor, prev_hash=prev, hash=new))
            prev = new
    with transaction(db) as session:
        assert verify_chain(session).intact
        report = verify_checkpoints(session, files)
    assert len(report.failures) == 1
    assert "checkpoint 1 signed entry 3 with hash" in report.failures[0]
    assert "was rewritten" in report.failures[0]


def test_a_tampered_checkpoint_line_fails_its_signature(db: sessionmaker[Session],
                                                       files: CheckpointFiles) -> None:
    _entries(db, 4)
    _checkpoint(db, files)
    _entries(db, 1)
    _checkpoint(db, files)
    lines = _lines(files)
    forged = json.loads(lines[1]) | {"seq": 3}  # point the checkpoint at an earlier entry
    files.checkpoints.write_text(f"{lines[0]}\n{json.dumps(forged)}\n", encoding="utf-8")
    with transaction(db) as session:
        report = verify_checkpoints(session, files)
    assert report.checked == 1
    assert report.failures == [f"checkpoint 2 has a bad signature for key {forged['key']}: "
                               "the line was altered after it was signed"]


def test_lines_signed_before_a_key_rotation_verify_with_the_kept_public_key(
        db: sessionmaker[Session], files: CheckpointFiles, tmp_path: Path) -> None:
    _entries(db, 2)
    _checkpoint(db, files)
    old_public = tmp_path / "old.pub.pem"
    old_public.write_bytes(files.public_key.read_bytes())
    old, new = rotate_key(files.private_key)
    _checkpoint(db, files)
    assert [json.loads(line)["key"] for line in _lines(files)] == [old, new]
    with transaction(db) as session:
        assert verify_checkpoints(session, files).checked == 2  # the keyring holds both
        only_old = verify_checkpoints(session, files, public_keys=[old_public])
    assert only_old.checked == 1
    assert only_old.failures[0].startswith(f"checkpoint 2 was signed by key {new}, which is not among")


def test_a_checkpoint_is_written_only_when_the_transaction_commits(
        db: sessionmaker[Session], files: CheckpointFiles) -> None:
    with pytest.raises(RuntimeError), transaction(db) as session:
        record(session, "officer", "rank_round", "round/1", "testing checkpoints")
        checkpoint_after_commit(session, files)
        raise RuntimeError("the transition failed")
    assert not files.checkpoints.exists()
    with db() as session, session.begin():
        record(session, "officer", "rank_round", "round/1", "testing checkpoints")
        checkpoint_after_commit(session, files)
        with session.begin_nested():
            record(session, "officer", "disclose", "round/1", "testing checkpoints")
            checkpoint_after_commit(session, files)
        assert not files.checkpoints.exists()  # a savepoint is not the commit
    assert [json.loads(line)["seq"] for line in _lines(files)] == [2]
    with db() as session, session.begin():  # the same session object later: no stale hook
        pass
    assert len(_lines(files)) == 1


def test_the_checkpoint_files_are_found_from_the_session_alone(db: sessionmaker[Session],
                                                              files: CheckpointFiles) -> None:
    with transaction(db) as session:
        record(session, "officer", "finalize", "round/1", "testing checkpoints")
        checkpoint_after_commit(session)
    with transaction(db) as session:
        assert verify_checkpoints(session).checked == 1
    assert files.checkpoints.exists()


def test_audit_verify_says_how_many_checkpoints_it_checked(db: sessionmaker[Session], url: str,
                                                          files: CheckpointFiles) -> None:
    _entries(db, 3)
    for _ in range(2):
        result = runner.invoke(app, ["audit", "checkpoint", "--url", url], env=WIDE)
        assert result.exit_code == 0, result.output
        assert "checkpoint of entry 3" in result.output
    result = runner.invoke(app, ["audit", "verify", "--url", url], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 3 entries" in result.output
    assert f"checkpoints intact: 2 checked in {files.checkpoints}" in result.output


def test_audit_verify_fails_naming_the_entries_cut_from_the_tail(db: sessionmaker[Session], url: str) -> None:
    _entries(db, 5)
    assert runner.invoke(app, ["audit", "checkpoint", "--url", url]).exit_code == 0
    with transaction(db) as session:
        session.execute(delete(AuditEntry).where(AuditEntry.seq > 2))
    result = runner.invoke(app, ["audit", "verify", "--url", url], env=WIDE)
    assert result.exit_code == 1
    assert "audit chain intact: 2 entries" in result.output
    assert "the chain ends at entry 2 but checkpoint 1 signed entry 5" in result.output
    assert "entries 3-5 were deleted" in result.output


def test_an_empty_log_gets_no_checkpoint(db: sessionmaker[Session], files: CheckpointFiles) -> None:
    with transaction(db) as session:
        assert write_checkpoint(session, files) is None
    assert not files.checkpoints.exists()


def test_the_environment_names_the_files_and_postgresql_needs_it(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    postgres = "postgresql+psycopg://settle@localhost/settle"
    with pytest.raises(CheckpointError, match="SETTLE_CHECKPOINTS"):
        checkpoint_files(postgres)
    monkeypatch.setenv("SETTLE_CHECKPOINTS", str(tmp_path / "c.jsonl"))
    with pytest.raises(CheckpointError, match="SETTLE_AUDIT_KEY"):
        checkpoint_files(postgres)
    monkeypatch.setenv("SETTLE_AUDIT_KEY", str(tmp_path / "k.pem"))
    assert checkpoint_files(postgres) == CheckpointFiles(tmp_path / "c.jsonl", tmp_path / "k.pem")
    explicit = checkpoint_files(postgres, checkpoints=tmp_path / "x.jsonl")
    assert explicit.checkpoints == tmp_path / "x.jsonl"  # an explicit path wins over the variable


def test_a_missing_checkpoint_file_is_refused_saying_how_to_write_one(db: sessionmaker[Session],
                                                                      files: CheckpointFiles) -> None:
    with transaction(db) as session, pytest.raises(CheckpointError, match="settle audit checkpoint"):
        verify_checkpoints(session, files)


def test_a_line_that_is_not_a_checkpoint_is_named_as_an_edit(db: sessionmaker[Session],
                                                             files: CheckpointFiles) -> None:
    _entries(db, 2)
    _checkpoint(db, files)
    with files.checkpoints.open("a", encoding="utf-8") as out:
        out.write('{"seq": 2}\n')
    with transaction(db) as session:
        report = verify_checkpoints(session, files)
    assert report.checked == 1
    assert report.failures == ["checkpoint 2 is not a checkpoint line (no at, hash, key, sig, signed_at): "
                               "the file was edited"]
