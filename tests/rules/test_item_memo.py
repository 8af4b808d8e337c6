"""The item-by-item judgement the path search uses gives the one-person engine's total and
eligibility, for every pack."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from settle.packs import Pack, default_catalogue
from settle.rules.engine import evaluate
from settle.rules.facts import InvalidFacts, check_facts
from settle.rules.item_memo import ItemMemo, frozen
from tests.strategies import facts_for

PACKS = sorted(p.id for p in default_catalogue().all())


@pytest.mark.parametrize("pack_id", PACKS)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), shift=st.integers(-48, 48))
def test_the_item_memo_scores_like_the_engine(pack_id: str, data: st.DataObject, shift: int) -> None:
    pack: Pack = default_catalogue().load(pack_id)
    base = pack.meta.default_evaluation_date
    day = dt.date(base.year + (base.month - 1 + shift) // 12, (base.month - 1 + shift) % 12 + 1, 1)
    memo = ItemMemo(pack)
    # the same memo scores several persons: what one remembered must not leak into another's
    for _ in range(3):
        facts: dict[str, Any] = data.draw(facts_for(pack, day))
        try:
            result = evaluate(pack, facts, as_of=day)
        except InvalidFacts:
            continue  # a derived fact that cannot be derived on this day (a date after it)
        values = check_facts(pack, facts)[0]
        seen = {**values, **memo.derived(values, day)}
        hashable = {name: frozen(value) for name, value in seen.items()}
        assert memo.score(seen, hashable, day) == (result.total, result.eligible)
