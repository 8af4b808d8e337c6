"""Shared fixtures: the shipped packs."""

from __future__ import annotations

import pytest

from settle.packs import Pack, default_catalogue

pytest_plugins = ["tests.postgres", "tests.spark_session"]


def all_pack_ids() -> list[str]:
    return default_catalogue().ids()


def points_pack_ids() -> list[str]:
    catalogue = default_catalogue()
    return [p for p in catalogue.ids() if catalogue.load(p).meta.kind == "points"]


@pytest.fixture(scope="session")
def hangzhou() -> Pack:
    return default_catalogue().load("hangzhou-2017")


@pytest.fixture
def no_registry_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """No database, checkpoint file or audit key from the environment: defaults only."""
    for variable in ("SETTLE_DATABASE_URL", "SETTLE_CHECKPOINTS", "SETTLE_AUDIT_KEY"):
        monkeypatch.delenv(variable, raising=False)
