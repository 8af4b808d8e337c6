"""Backing up and restoring a registry: `settle db backup PATH` and `settle db restore PATH`.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot
while the server keeps running; the backup is one self-contained file (rollback journal, no
WAL beside it), mode 0600 since it holds personal data. PostgreSQL: `pg_dump --format=custom`
and `pg_restore`, found as scripts/postgres-test-server.sh finds them (the newest
/usr/lib/postgresql/<version>/bin, else the PATH); a password in the URL is passed in
PGPASSWORD, never on the command line.

Uploaded documents live outside the database, in the registry's data directory
(settle.registry.document_store): a backup archives them beside the database copy, in
`PATH.documents.tar` (mode 0600), and a restore puts them into the target's data directory.
Each archived file is checked against the SHA-256 it is named by, on the way in and out; a
member that is not `documents/<2 hex>/<sha256>` is refused, never written.

A restore refuses a target that already holds tables unless `force` is given, and then checks
the audit chain and counts persons, applications, audit entries and documents.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, inspect, make_url, select

from settle.audit.chain import ChainReport, verify_chain
from settle.database import (
    database_url,
    make_engine,
    open_existing,
    session_factory,
    shown_url,
    sqlite_file,
    transaction,
)
from settle.errors import Invalid
from settle.registry import document_store
from settle.registry.data_directory import NoDataDirectory, data_directory
from settle.registry.models import Application, AuditEntry, Document, Person

PG_BIN_ROOT = Path("/usr/lib/postgresql")


class BackupError(Invalid):
    """A backup or restore that cannot be done as asked."""

    code = "backup"


@dataclass(frozen=True)
class RestoreReport:
    url: str
    persons: int
    applications: int
    audit_entries: int
    chain: ChainReport
    documents: int = 0
    document_files: int = 0


def _version_key(path: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", path.parent.parent.name))


def postgres_tool(name: str) -> str:
    """The newest /usr/lib/postgresql/<version>/bin/<name>, else <name> on the PATH."""
    found = sorted(PG_BIN_ROOT.glob(f"*/bin/{name}"), key=_version_key)
    if found:
        return str(found[-1])
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise BackupError(f"{name} was found neither in {PG_BIN_ROOT}/<version>/bin nor on the PATH; "
                      "install PostgreSQL's client programs (Debian: apt-get install "
                      "postgresql-client)", field="url")


def _libpq(url: str) -> tuple[str, dict[str, str]]:
    """A libpq connection URI without the password, and the environment that carries it."""
    parsed = make_url(url)
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    plain = parsed.set(drivername="postgresql", password=None)
    return plain.render_as_string(hide_password=False), env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{what} failed (exit code {done.returncode}): "
                          f"{(done.stderr or done.stdout).strip()}", field="url")


def _private_partial(path: Path) -> Path:
    """An empty file beside `path`, readable by its owner only, to be renamed onto it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return partial


def backup(path: Path, url: str | None = None, *, force: bool = False) -> Path:
    """Copy the registry at `url` to `path` (SQLite file or pg_dump custom archive)."""
    target = database_url(url)
    if path.exists() and not force:
        raise BackupError(f"the backup file {path} exists already; choose another path or pass "
                          "--force to replace it", field="path")
    open_existing(target).dispose()  # a clear error for a missing file or a non-registry
    partial = _private_partial(path)
    try:
        source_file = sqlite_file(target)
        if source_file is not None:
            source = sqlite3.connect(source_file)
            copy = sqlite3.connect(partial)
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")
            finally:
                copy.close()
                source.close()
        else:
            uri, env = _libpq(target)
            _run([postgres_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}",
                  f"--dbname={uri}"], env, "pg_dump")
        folder = _data_folder(target)
        if folder is not None:
            _backup_documents(path, folder)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _data_folder(url: str) -> Path | None:
    """The registry's data directory; None for a PostgreSQL registry without SETTLE_DATA_DIR
    (it cannot have stored an upload)."""
    try:
        return data_directory(url)
    except NoDataDirectory:
        return None


def documents_archive(path: Path) -> Path:
    """The archive of the uploaded documents beside the backup file `path`."""
    return path.with_name(path.name + ".documents.tar")


def _stored_files(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / document_store.FOLDER).glob("??/*")
                  if p.is_file() and not p.name.startswith("."))


def _backup_documents(path: Path, folder: Path) -> int:
    """Archive the data directory's documents beside `path`; returns how many files."""
    target = documents_archive(path)
    partial = _private_partial(target)
    try:
        files = _stored_files(folder)
        with tarfile.open(partial, "w") as archive:
            for file in files:
                content = file.read_bytes()
                if document_store.content_hash(content) != file.name:
                    raise BackupError(f"the stored document {file} does not match the SHA-256 it is "
                                      "named by; restore it from an older backup before backing up",
                                      field="path")
                archive.add(file, arcname=f"{document_store.FOLDER}/{file.parent.name}/{file.name}",
                            recursive=False)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return len(files)


def _restore_documents(path: Path, url: str) -> int:
    """Put the documents archived beside `path` into the data directory of the registry at
    `url` (none archived: nothing to do); returns how many files the archive held."""
    source = documents_archive(path)
    if not source.is_file():
        return 0
    folder = data_directory(url)  # a PostgreSQL target without SETTLE_DATA_DIR is refused, naming it
    count = 0
    with tarfile.open(source, "r") as archive:
        for member in archive.getmembers():
            parts = member.name.split("/")
            if (not member.isfile() or len(parts) != 3 or parts[0] != document_store.FOLDER
                    or parts[1] != parts[2][:2]):
                raise BackupError(f"{source}: the member {member.name!r} is not a stored document "
                                  f"({document_store.FOLDER}/<2 hex>/<sha256>); name an archive "
                                  "written by `settle db backup`", field="path")
            handle = archive.extractfile(member)
            content = handle.read() if handle is not None else b""
            if document_store.content_hash(content) != parts[2]:
                raise BackupError(f"{source}: the document {parts[2]} does not match its SHA-256; the "
                                  "archive is damaged", field="path")
            document_store.store(folder, content)
            count += 1
    return count


def _sqlite_tables(path: Path) -> list[str]:
    connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a SQLite database ({exc}); name a file written by "
                          "`settle db backup`", field="path") from None
    finally:
        connection.close()
    return [name for (name,) in rows]


def _restore_sqlite(path: Path, target: Path, force: bool) -> None:
    if "audit_log" not in _sqlite_tables(path):
        raise BackupError(f"{path} holds no audit_log table, so it is not a registry backup; "
                          "name a file written by `settle db backup`", field="path")
    if target.exists() and target.stat().st_size > 0:
        tables = _sqlite_tables(target)
        if tables and not force:
            raise BackupError(f"the target {target} is not empty ({len(tables)} tables); restore "
                              "into a new path, or pass --force to replace its content",
                              field="url")
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _restore_postgres(path: Path, url: str, force: bool) -> None:
    with path.open("rb") as archive:
        if archive.read(5) != b"PGDMP":
            raise BackupError(f"{path} is not a pg_dump archive in custom format; name a file "
                              "written by `settle db backup` from PostgreSQL", field="path")
    engine = make_engine(url)
    try:
        tables = inspect(engine).get_table_names()
    finally:
        engine.dispose()
    if tables and not force:
        raise BackupError(f"the target {shown_url(url)} is not empty ({len(tables)} tables); "
                          "restore into an empty database, or pass --force to replace them",
                          field="url")
    uri, env = _libpq(url)
    command = [postgres_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
               f"--dbname={uri}"]
    if tables:
        command += ["--clean", "--if-exists"]
    _run([*command, str(path)], env, "pg_restore")


def restore(path: Path, url: str | None = None, *, force: bool = False) -> RestoreReport:
    """Restore the backup at `path` into the database at `url`, then check it."""
    target = database_url(url)
    if not path.is_file():
        raise BackupError(f"the backup file {path} does not exist; name a file written by "
                          "`settle db backup`", field="path")
    target_file = sqlite_file(target)
    if target_file is not None:
        _restore_sqlite(path, target_file, force)
    elif make_url(target).get_backend_name() == "postgresql":
        _restore_postgres(path, target, force)
    else:
        raise BackupError(f"cannot restore into {shown_url(target)}: only a SQLite file or a "
                          "PostgreSQL database", field="url")
    files = _restore_documents(path, target)
    report = check_registry(target)
    return RestoreReport(url=report.url, persons=report.persons, applications=report.applications,
                         audit_entries=report.audit_entries, chain=report.chain,
                         documents=report.documents, document_files=files)


def check_registry(url: str | None = None) -> RestoreReport:
    """The audit chain and the counts of a registry."""
    engine = open_existing(url)
    try:
        with transaction(session_factory(engine)) as session:
            def count(model: type[Person] | type[Application] | type[AuditEntry] | type[Document]) -> int:
                return session.execute(select(func.count()).select_from(model)).scalar_one()

            return RestoreReport(url=shown_url(url), persons=count(Person),
                                 applications=count(Application), audit_entries=count(AuditEntry),
                                 chain=verify_chain(session), documents=count(Document))
    finally:
        engine.dispose()
