"""`settle db backup` and `settle db restore`: a restored registry holds every application and
an intact audit chain; a target that is not empty is refused unless forced."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from settle.audit.chain import record
from settle.cli.app import app
from settle.database import make_engine, session_factory, transaction
from settle.demo.city import seed_demo_city
from settle.registry import document_store
from settle.registry.backups import BackupError, backup, check_registry, documents_archive, restore
from settle.registry.data_directory import data_directory
from settle.registry.migrate import upgrade
from settle.registry.models import Account, Application, Document
from settle.workflow import documents
from tests.api.conftest import fresh_postgres
from tests.document_files import pdf

runner = CliRunner()
WIDE = {"COLUMNS": "300"}


pytestmark = pytest.mark.usefixtures("no_registry_settings")


@pytest.fixture(scope="module")
def demo_city(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'settle.db'}"
    upgrade(url)
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        seed_demo_city(session=session, persons=40, applications=10)
    engine.dispose()
    return url


def _applications(url: str) -> list[tuple[int, int, str]]:
    engine = make_engine(url)
    try:
        with transaction(session_factory(engine)) as session:
            rows = session.execute(select(Application.id, Application.person_id, Application.state)
                                   .order_by(Application.id))
            return [(id_, person, state) for id_, person, state in rows]
    finally:
        engine.dispose()


def test_a_restored_backup_holds_every_application_and_an_intact_chain(demo_city: str,
                                                                      tmp_path: Path) -> None:
    original = check_registry(demo_city)
    archive = backup(tmp_path / "backup.db", demo_city)
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's only
    target = f"sqlite:///{tmp_path / 'restored' / 'settle.db'}"
    report = restore(archive, target)
    assert report.chain.intact and report.chain.entries == original.audit_entries > 0
    assert (report.persons, report.applications) == (40, 10)
    assert _applications(target) == _applications(demo_city)


def test_restore_refuses_a_registry_that_is_not_empty_unless_forced(demo_city: str, tmp_path: Path) -> None:
    archive = backup(tmp_path / "backup.db", demo_city)
    target = f"sqlite:///{tmp_path / 'other.db'}"
    upgrade(target)
    engine = make_engine(target)
    with transaction(session_factory(engine)) as session:
        record(session, "admin", "test", "registry", "an unrelated registry")
    engine.dispose()
    with pytest.raises(BackupError, match=r"other.db is not empty \(\d+ tables\).*--force"):
        restore(archive, target)
    assert check_registry(target).audit_entries == 1
    assert restore(archive, target, force=True).applications == 10
    with pytest.raises(BackupError, match=r"backup\.db exists already.*--force"):
        backup(archive, demo_city)


def test_db_backup_and_restore_report_what_they_did(demo_city: str, tmp_path: Path) -> None:
    archive = tmp_path / "backup.db"
    result = runner.invoke(app, ["db", "backup", str(archive), "--url", demo_city], env=WIDE)
    assert result.exit_code == 0, result.output
    assert f"backed up to {archive}" in result.output
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    result = runner.invoke(app, ["db", "restore", str(archive), "--url", target], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "40 persons, 10 applications" in result.output
    assert "audit chain intact" in result.output
    result = runner.invoke(app, ["db", "restore", str(archive), "--url", target], env=WIDE)
    assert result.exit_code == 2 and "pass --force" in result.output
    result = runner.invoke(app, ["db", "restore", str(tmp_path / "none.db"), "--url", target], env=WIDE)
    assert result.exit_code == 2 and "none.db does not exist" in result.output


def test_an_uploaded_document_survives_backup_and_restore_with_the_same_hash(
        demo_city: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SETTLE_DATA_DIR", raising=False)
    engine = make_engine(demo_city)
    with transaction(session_factory(engine)) as session:
        clerk = session.execute(select(Account).where(Account.username == "clerk")).scalar_one()
        application = session.execute(select(Application).order_by(Application.id)).scalars().first()
        assert application is not None
        fact = sorted(application.declared)[0]
        owner = documents.owner_of_application(session=session, application_id=application.id, fact=fact)
        uploaded, _ = documents.upload(session=session, account=clerk, owner=owner, filename="证书.pdf",
                                       content=pdf("backed up"))
        sha256, document_id = uploaded.sha256, uploaded.id
    engine.dispose()
    archive = backup(tmp_path / "with-documents.db", demo_city)
    assert documents_archive(archive).stat().st_mode & 0o077 == 0
    target = f"sqlite:///{tmp_path / 'restored' / 'settle.db'}"
    report = restore(archive, target)
    assert report.documents >= 1 and report.document_files >= 1
    restored = data_directory(target)
    assert restored != data_directory(demo_city)
    assert document_store.load(restored, sha256) == pdf("backed up")
    engine = make_engine(target)
    with transaction(session_factory(engine)) as session:
        again = session.get(Document, document_id)
        assert again is not None and again.sha256 == sha256
        assert document_store.content_hash(document_store.load(restored, again.sha256)) == sha256
    engine.dispose()


def test_a_damaged_documents_archive_is_refused_naming_the_member(demo_city: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import tarfile

    monkeypatch.delenv("SETTLE_DATA_DIR", raising=False)
    archive = backup(tmp_path / "backup.db", demo_city)
    evil = tmp_path / "evil.txt"
    evil.write_text("not a document")
    with tarfile.open(documents_archive(archive), "w") as tar:
        tar.add(evil, arcname="../evil.txt")
    with pytest.raises(BackupError, match=r"the member '\.\./evil\.txt' is not a stored document"):
        restore(archive, f"sqlite:///{tmp_path / 'elsewhere.db'}")
    assert not (tmp_path / "elsewhere.db.files").exists()  # nothing of the archive was written


@pytest.fixture
def postgres_registry(postgres_url: str) -> Iterator[str]:
    url = fresh_postgres(postgres_url)
    upgrade(url)
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        for n in range(3):
            record(session, "officer", "test", f"round/{n}", "testing backups", n=n)
    engine.dispose()
    yield url
    fresh_postgres(postgres_url)


@pytest.mark.postgres
def test_a_postgres_registry_is_restored_from_its_pg_dump_archive(postgres_registry: str,
                                                                 tmp_path: Path) -> None:
    archive = backup(tmp_path / "registry.dump", postgres_registry)
    assert archive.read_bytes()[:5] == b"PGDMP"
    with pytest.raises(BackupError, match="is not empty"):
        restore(archive, postgres_registry)
    report = restore(archive, fresh_postgres(postgres_registry))
    assert report.chain.intact and report.audit_entries == 3
    assert restore(archive, postgres_registry, force=True).chain.entries == 3
