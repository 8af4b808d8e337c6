"""Shared fixtures: the shipped packs."""

from __future__ import annotations

import pytest

from settle.packs import Pack, default_catalogue

pytest_plugins = ["tests.postgres"]


def all_pack_ids() -> list[str]:
    return default_catalogue().ids()


@pytest.fixture(scope="session")
def hangzhou() -> Pack:
    return default_catalogue().load("hangzhou-2017")
