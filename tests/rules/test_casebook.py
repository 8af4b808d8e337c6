"""Every YAML case of every pack runs as a pytest test too."""

from __future__ import annotations

import pytest

from settle.packs import default_catalogue
from settle.rules.casebook import run_case


def _cases() -> list[tuple[str, int, str]]:
    catalogue = default_catalogue()
    found = []
    for pack_id in catalogue.ids():
        for index, case in enumerate(catalogue.load(pack_id).cases):
            found.append((pack_id, index, case.name))
    return found


@pytest.mark.parametrize(("pack_id", "index", "name"), _cases(), ids=lambda v: str(v))
def test_pack_case(pack_id: str, index: int, name: str) -> None:
    pack = default_catalogue().load(pack_id)
    outcome = run_case(pack, pack.cases[index])
    assert outcome.passed, f"{pack_id}: {name}: {outcome.failures}"
