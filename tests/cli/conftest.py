"""Each CLI test starts with the shipped packs only: no folder added by --policies or
SETTLE_EXTRA_POLICIES is left over from another test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from settle.packs.catalogue import use_policies


@pytest.fixture(autouse=True)
def _shipped_packs_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("SETTLE_EXTRA_POLICIES", "SETTLE_POLICIES", "SETTLE_SOURCES"):
        monkeypatch.delenv(variable, raising=False)
    use_policies([], replace=True)
    yield
    use_policies([], replace=True)
