"""Run a pack's own YAML test cases through the one-person engine."""

from __future__ import annotations

from dataclasses import dataclass

from settle.packs.pack import Pack
from settle.packs.schema import Case
from settle.rules.engine import evaluate
from settle.rules.facts import InvalidFacts


@dataclass(frozen=True)
class CaseOutcome:
    pack: str
    case: Case
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures


def run_case(pack: Pack, case: Case) -> CaseOutcome:
    """Evaluate one case and list every expectation it misses."""
    failures: list[str] = []
    try:
        result = evaluate(pack, case.facts, as_of=case.as_of, options=case.options)
    except InvalidFacts as exc:
        if case.error is None:
            return CaseOutcome(pack.id, case, (f"unexpected error: {exc}",))
        fields = [p.field for p in exc.problems]
        if case.error.field not in fields:
            failures.append(f"error names {fields}, expected field {case.error.field!r}")
        text = str(exc)
        if case.error.contains and case.error.contains not in text:
            failures.append(f"error message lacks {case.error.contains!r}: {text}")
        return CaseOutcome(pack.id, case, tuple(failures))
    if case.error is not None:
        return CaseOutcome(pack.id, case,
                           (f"expected an error on {case.error.field!r}, got total {result.total}",))
    expect = case.expect
    assert expect is not None
    for name, wanted in expect.derived.items():
        if result.derived.get(name) != wanted:
            failures.append(f"derived {name}: expected {wanted}, got {result.derived.get(name)}")
    for item_id, points in expect.items.items():
        got = result.item(item_id).points
        if got != points:
            failures.append(f"item {item_id}: expected {points}, got {got}")
    for group, points in expect.subtotals.items():
        subtotal = result.subtotals.get(group)
        if subtotal != points:
            failures.append(f"subtotal {group}: expected {points}, got {subtotal}")
    if expect.total is not None and result.total != expect.total:
        failures.append(f"total: expected {expect.total}, got {result.total}")
    if expect.eligible is not None and result.eligible != expect.eligible:
        failures.append(f"eligible: expected {expect.eligible}, got {result.eligible}")
    granted = set(result.benefit.granted_items) if result.benefit is not None else set()
    for item_id, wanted in expect.granted.items():
        result.item(item_id)  # an unknown item is an error in the case
        if (item_id in granted) != wanted:
            failures.append(f"item {item_id}: expected {'granted' if wanted else 'not granted'}, "
                            f"got {'granted' if item_id in granted else 'not granted'}")
    if expect.amount is not None:
        money = result.benefit.money if result.benefit is not None else None
        if money is None or money.amount != expect.amount:
            failures.append(f"amount: expected {expect.amount}, got {money and money.amount}")
    met = {e.id: e.met for e in result.eligibility}
    for cond_id, wanted in expect.conditions.items():
        if cond_id not in met:
            failures.append(f"condition {cond_id}: no such eligibility rule")
        elif met[cond_id] != wanted:
            failures.append(f"condition {cond_id}: expected {wanted}, got {met[cond_id]}")
    return CaseOutcome(pack.id, case, tuple(failures))


def run_cases(pack: Pack) -> list[CaseOutcome]:
    return [run_case(pack, case) for case in pack.cases]
