"""A fresh migrated SQLite registry per test, copied from one migrated once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from settle.database import make_engine, session_factory
from settle.registry.migrate import upgrade


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("migrated") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def url(migrated: Path, tmp_path: Path) -> str:
    path = tmp_path / "settle.db"
    path.write_bytes(migrated.read_bytes())
    return f"sqlite:///{path}"


@pytest.fixture
def db(url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(url)
    yield session_factory(engine)
    engine.dispose()
