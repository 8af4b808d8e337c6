"""The local PostgreSQL test server answers, and stores and returns rows."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

pytestmark = pytest.mark.postgres


def test_the_test_database_is_served_by_postgresql(postgres_engine: Engine) -> None:
    assert postgres_engine.dialect.name == "postgresql"
    with postgres_engine.connect() as connection:
        version = connection.execute(text("SELECT version()")).scalar_one()
    assert str(version).startswith("PostgreSQL ")


def test_a_row_written_to_a_temporary_table_reads_back_unchanged(postgres_engine: Engine) -> None:
    with postgres_engine.begin() as connection:
        connection.execute(
            text("CREATE TEMPORARY TABLE settle_probe (id integer PRIMARY KEY, name text NOT NULL)")
        )
        connection.execute(
            text("INSERT INTO settle_probe (id, name) VALUES (:id, :name)"),
            {"id": 1, "name": "杭州 Hangzhou"},
        )
        rows = connection.execute(text("SELECT id, name FROM settle_probe")).all()
        connection.execute(text("DROP TABLE settle_probe"))
        remaining = connection.execute(text("SELECT to_regclass('pg_temp.settle_probe')")).scalar_one()
    assert [tuple(row) for row in rows] == [(1, "杭州 Hangzhou")]
    assert remaining is None
