"""`settle db upgrade` builds the schema from empty on SQLite and PostgreSQL alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect

from settle.registry.migrate import current_revision, head_revision, upgrade
from settle.registry.models import Base
from tests.api.conftest import fresh_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    return fresh_postgres(request.getfixturevalue("postgres_url"))


def test_upgrade_from_empty_reaches_head_with_every_table(empty_database: str) -> None:
    assert current_revision(empty_database) is None
    assert upgrade(empty_database) == head_revision()
    engine = create_engine(empty_database)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables


def test_upgrading_twice_changes_nothing(empty_database: str) -> None:
    upgrade(empty_database)
    assert upgrade(empty_database) == head_revision()
