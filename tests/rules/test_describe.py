"""`settle show` puts rules into words a reader checks against the source, in both languages."""

from __future__ import annotations

from settle.packs import Pack, default_catalogue
from settle.rules.describe import describe_condition, describe_node


def test_bands_are_described_with_their_edges_and_points(hangzhou: Pack) -> None:
    age = next(i for i in hangzhou.items if i.id == "age")
    assert describe_node(hangzhou, age.rule, "en") == [
        "by age in completed years: 18–35 → 30; 36–45 → 20; 46–50 → 10; otherwise 0"]
    assert describe_node(hangzhou, age.rule, "zh")[0].startswith("按")


def test_a_highest_only_rule_lists_its_alternatives_indented(hangzhou: Pack) -> None:
    rule = next(i for i in hangzhou.items if i.id == "education_or_skill").rule
    lines = describe_node(hangzhou, rule, "en")
    assert lines[0] == "only the highest of:"
    assert lines[1].startswith("  education: by ")
    assert "doctoral degree → 75" in lines[1]


def test_a_condition_reads_as_a_sentence_with_category_labels() -> None:
    pack = default_catalogue().load("hangzhou-temporary-relief-2017")
    rule = next(r for r in pack.eligibility if r.id == "sudden_urgent_or_temporary_difficulty")
    assert describe_condition(pack, rule.condition, "en") == (
        "difficulty in daily life is one of a sudden difficulty, an urgent difficulty, "
        "a temporary difficulty")
    assert "属于" in describe_condition(pack, rule.condition, "zh")


def test_a_parameter_is_described_by_its_value_in_force() -> None:
    pack = default_catalogue().load("hangzhou-child-illness-injury-aid-2017")
    rule = next(r for r in pack.eligibility if r.id == "still_a_child")
    assert describe_condition(pack, rule.condition, "en").endswith("< 18")


def test_a_grant_says_when_it_is_granted() -> None:
    pack = default_catalogue().load("hangzhou-legal-aid-2017")
    aid = next(i for i in pack.items if i.id == "legal_aid")
    line = describe_node(pack, aid.rule, "en")[0]
    assert line.startswith("granted if (") and "rights" in line
    assert describe_node(pack, aid.rule, "zh")[0].startswith("满足以下条件即可享受：")
