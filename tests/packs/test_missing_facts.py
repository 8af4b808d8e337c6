"""A fact left out must not meet a condition in the applicant's favour: a condition that holds
at a fact's empty value (0, no, none, the first category, no date) needs that fact `required`,
unless the empty value is the reviewed ordinary answer listed in REVIEWED, with its reason."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from settle.language.conditions import All, AnyOf, AtLeast, Condition, FactTest, Not
from settle.packs import Pack, default_catalogue
from settle.packs.checks import walk_nodes
from settle.packs.routing import base_facts
from settle.packs.schema import CasesFile
from settle.packs.yaml_source import YamlDocument
from settle.rules.facts import check_facts, derive
from settle.rules.scope import Scope
from tests.conftest import all_pack_ids

REVIEWED: dict[tuple[str, str], str] = {
    ("guangzhou-2017", "criminal_record"):
        "a record the public security organs check (第三条); none declared is none on record",
    ("guangzhou-2017", "family_planning_compliant"):
        "compliance is the absence of a violation, which the health office checks (第三条)",
    ("guangzhou-2025", "criminal_penalty_5y"):
        "a record the public security organs check (第五条); none declared is none on record",
    ("changshu-public-rental-housing-2011", "graduation_date"):
        "asked of graduates only, so it cannot be required of everyone; a graduate who leaves it "
        "out is read as a recent graduate (its description says so)",
    ("guangzhou-settlement-family-2016", "false_materials_found"):
        "a finding the reviewing departments record (第十四条); none recorded is none found",
    ("guangzhou-public-rental-housing-2016", "application_type"):
        "the first category, applying as an individual, is the ordinary route; the page's list "
        "always sends one",
    ("hangzhou-residence-permit-rights-2017", "years_lived_in_hangzhou"):
        "employment and start-up support opens from the first day (0 years, a GAP stand-in)",
    ("hangzhou-tuition-subsidy-2017", "model_worker_level"):
        "no model worker title is the ordinary case; a title replaces the fixed subsidy",
    ("guangzhou-welfare-lottery-care-fund-2017", "special_circumstances"):
        "ordinary circumstances give the lower cap; special ones are for the association to find",
}


def _leaves(condition: Condition, negated: bool = False) -> Iterator[tuple[FactTest, bool]]:
    if isinstance(condition, FactTest):
        yield condition, negated
    elif isinstance(condition, All):
        for part in condition.all:
            yield from _leaves(part, negated)
    elif isinstance(condition, AnyOf):
        for part in condition.any:
            yield from _leaves(part, negated)
    elif isinstance(condition, AtLeast):
        for part in condition.of:
            yield from _leaves(part, negated)
    elif isinstance(condition, Not):
        yield from _leaves(condition.not_, not negated)


def _conditions(pack: Pack) -> Iterator[tuple[str, Condition]]:
    for rule in pack.eligibility:
        yield f"eligibility {rule.id}", rule.condition
    for item in pack.items:
        for node in walk_nodes(item.rule):
            for condition in node.conditions():
                yield f"item {item.id}", condition


def _passed_when_left_out(pack: Pack) -> set[str]:
    """The input facts whose empty value meets a test of a condition."""
    required = {n: s for n, s in pack.facts.items() if s.required}
    # the required facts at any valid value: the first case that gives them all
    base: dict[str, object] = {}
    if required:
        for path in sorted((pack.root / "tests").glob("*.yaml")):
            cases = CasesFile.model_validate(YamlDocument(path).data).cases
            given = next((c.facts for c in cases if c.error is None and set(required) <= set(c.facts)), None)
            if given is not None:
                base = {n: given[n] for n in required}
                break
    values, _ = check_facts(pack, base)
    on = pack.meta.default_evaluation_date
    scope = Scope(pack=pack, as_of=on, values={**values, **derive(pack, values, on)}, options=())
    found = set()
    for _, condition in _conditions(pack):
        for leaf, negated in _leaves(condition):
            inputs = [f for f in base_facts(pack, leaf.fact) if f in pack.facts]
            if any(pack.facts[f].required for f in inputs):
                continue
            if leaf.evaluate(scope).met != negated:
                found.update(inputs)
    return found


@pytest.mark.parametrize("pack_id", all_pack_ids())
def test_a_fact_left_out_does_not_meet_a_condition_in_the_applicants_favour(pack_id: str) -> None:
    pack = default_catalogue().load(pack_id)
    unreviewed = sorted(f for f in _passed_when_left_out(pack) if (pack_id, f) not in REVIEWED)
    assert unreviewed == [], f"{pack_id}: make these facts required, or review them in REVIEWED"


def test_every_reviewed_default_is_still_one_a_condition_reads() -> None:
    for pack_id, fact in REVIEWED:
        assert fact in _passed_when_left_out(default_catalogue().load(pack_id)), (pack_id, fact)
