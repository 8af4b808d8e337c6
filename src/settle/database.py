"""Engines, sessions and the declarative base every table is built on. SQLite (one file, no
server) is the default; PostgreSQL is supported.

The URL comes from the caller, else SETTLE_DATABASE_URL, else the demo database
`sqlite:///settle-demo.db` that `settle serve` fills: every command and the API open the same
registry by default. `open_existing` opens a registry that must already be there (to verify,
check or back it up): it never creates a SQLite file and names what is missing.
Services never commit: the request or command that opens the session owns the transaction.

This is the lowest layer of storage: the audit chain (settle.audit) and the registry's tables
(settle.registry.models) are both declared on `Base`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, MetaData, create_engine, event, inspect, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from settle.errors import Invalid, NotFound

DEFAULT_URL = "sqlite:///settle-demo.db"
URL_VARIABLE = "SETTLE_DATABASE_URL"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The declarative base with stable constraint names (so migrations are portable)."""

    metadata = MetaData(naming_convention=NAMING)


class MissingDatabase(NotFound):
    """A SQLite registry file that is not there (and is not created just to be read)."""

    code = "missing_database"


class NotARegistry(Invalid):
    """A database that answers but holds no registry (no audit table)."""

    code = "not_a_registry"


def database_url(url: str | None = None) -> str:
    """The caller's URL, else SETTLE_DATABASE_URL, else the demo database."""
    return url or os.environ.get(URL_VARIABLE) or DEFAULT_URL


def shown_url(url: str | URL | None = None) -> str:
    """The URL as it may be printed: any password masked."""
    return make_url(url if isinstance(url, URL) else database_url(url)).render_as_string(
        hide_password=True)


def sqlite_file(url: str | URL | None = None) -> Path | None:
    """The file of a SQLite URL (absolute), or None for PostgreSQL and in-memory SQLite."""
    parsed = make_url(url if isinstance(url, URL) else database_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    database = parsed.database
    if database.startswith("file:"):  # a URI filename: file:path?mode=...
        database = database[len("file:"):].split("?", 1)[0]
    return Path(database).expanduser().absolute()


def open_existing(url: str | None = None, table: str = "audit_log") -> Engine:
    """An engine on a registry that exists already: a missing SQLite file raises
    MissingDatabase (no empty file is left behind), a database without `table` NotARegistry."""
    target = database_url(url)
    path = sqlite_file(target)
    if path is not None and not path.is_file():
        raise MissingDatabase(
            f"the SQLite database {path} does not exist ({shown_url(target)}); start the "
            "demo city with `settle serve`, create an empty registry with `settle db upgrade`, "
            f"or name another database with --url or {URL_VARIABLE}", field="url")
    engine = make_engine(target)
    try:
        present = inspect(engine).has_table(table)
    except Exception:
        engine.dispose()
        raise
    if not present:
        engine.dispose()
        raise NotARegistry(
            f"the database {shown_url(target)} has no {table} table, so it is not a "
            f"migrated registry; migrate it with `settle db upgrade --url {shown_url(target)}` "
            "or name the registry's database with --url", field="url")
    return engine


READ_ONLY = "settle_read_only"


def make_engine(url: str | None = None) -> Engine:
    """An engine; SQLite gets foreign keys and writer transactions that begin immediately
    (so two writers queue instead of reading the same audit tail); sessions of
    `read_factory` begin deferred, so reads in WAL mode run beside a writer and each other."""
    target = database_url(url)
    if target.startswith("sqlite"):
        engine = create_engine(target, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below take over
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(connection: Any) -> None:
            read_only = connection.get_execution_options().get(READ_ONLY, False)
            connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

        return engine
    return create_engine(target, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def read_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reads that write nothing (a SQLite write in one fails rather than queue)."""
    return sessionmaker(engine.execution_options(**{READ_ONLY: True}), expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session whose work is committed at the end, or rolled back on any error."""
    with factory() as session, session.begin():
        yield session
