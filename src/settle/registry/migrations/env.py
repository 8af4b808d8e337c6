"""Alembic environment: migrate the database at the URL the caller set (settle db upgrade)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from settle.database import make_engine
from settle.registry.models import Base

config = context.config


def run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as new_connection:
        run(new_connection)
    engine.dispose()
