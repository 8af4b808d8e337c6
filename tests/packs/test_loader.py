"""Loading packs: the shipped ones are valid; broken ones are reported precisely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from settle.packs import PackError, default_catalogue, load_pack
from tests.conftest import all_pack_ids


@pytest.mark.parametrize("pack_id", all_pack_ids())
def test_every_shipped_pack_loads(pack_id: str) -> None:
    pack = default_catalogue().load(pack_id)
    assert pack.items or pack.eligibility, "a pack has points items or eligibility conditions"
    assert pack.cases, "a pack carries its own test cases"


@pytest.mark.parametrize("pack_id", all_pack_ids())
def test_every_item_and_eligibility_rule_cites_a_declared_source(pack_id: str) -> None:
    pack = default_catalogue().load(pack_id)
    declared = {s.id for s in pack.meta.sources}
    for item in pack.items:
        assert item.cite.source in declared
        assert item.cite.lines or item.cite.article
    for rule in pack.eligibility:
        assert rule.cite.source in declared


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    source = default_catalogue().root / "hangzhou-2017"
    target = tmp_path / "hangzhou-2017"
    shutil.copytree(source, target)
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_wrong_value_is_reported_with_file_line_and_rule(broken_copy: Path) -> None:
    _replace(broken_copy / "rules" / "basic.yaml", "kind: bands", "kind: bandz")
    with pytest.raises(PackError) as caught:
        load_pack(broken_copy)
    problem = caught.value.problems[0]
    assert problem.file == "hangzhou-2017/rules/basic.yaml"
    lines = (broken_copy / "rules" / "basic.yaml").read_text(encoding="utf-8").splitlines()
    assert problem.line is not None
    assert lines[problem.line - 1].strip() == "kind: bandz"
    assert problem.rule == "age"
    assert "bandz" in problem.message or "kind" in problem.message


def test_every_problem_is_reported_not_only_the_first(broken_copy: Path) -> None:
    _replace(broken_copy / "rules" / "basic.yaml", "group: basic", "group: basics")
    _replace(broken_copy / "rules" / "guiding.yaml", "fact: origin", "fact: origins")
    _replace(broken_copy / "rules" / "basic.yaml", "lines: 494-504", "lines: 494-99999")
    with pytest.raises(PackError) as caught:
        load_pack(broken_copy)
    messages = [str(p) for p in caught.value.problems]
    assert any("unknown group 'basics'" in m and "[age]" in m for m in messages)
    assert any("unknown fact 'origins'" in m and "[origin]" in m for m in messages)
    assert any("past the end of 000_c9c9ba5e5a2572f7.txt" in m for m in messages)


def test_a_category_rule_naming_an_undeclared_value_is_refused(broken_copy: Path) -> None:
    _replace(broken_copy / "rules" / "guiding.yaml", "xiaoshan: {param", "xiaosan: {param")
    with pytest.raises(PackError, match="category 'xiaosan' is not a value of fact 'destination'"):
        load_pack(broken_copy)


def test_a_rule_reading_a_fact_of_the_wrong_type_is_refused(broken_copy: Path) -> None:
    _replace(broken_copy / "rules" / "guiding.yaml", "fact: destination", "fact: volunteer_hours")
    with pytest.raises(PackError, match="a category rule needs a category fact"):
        load_pack(broken_copy)


def test_a_citation_without_lines_or_article_is_refused(broken_copy: Path) -> None:
    _replace(broken_copy / "rules" / "basic.yaml", "cite: {source: seed_000, lines: 494-504}",
             "cite: {source: seed_000}")
    with pytest.raises(PackError, match="a citation needs"):
        load_pack(broken_copy)


def test_yaml_syntax_errors_name_the_line(broken_copy: Path) -> None:
    _replace(broken_copy / "facts.yaml", "  education:\n", "  education: [\n")
    with pytest.raises(PackError) as caught:
        load_pack(broken_copy)
    assert caught.value.problems[0].file == "hangzhou-2017/facts.yaml"
    assert caught.value.problems[0].line is not None


def test_an_option_replacing_an_unknown_item_is_refused(broken_copy: Path) -> None:
    _replace(broken_copy / "rules" / "additional.yaml", "      rewards:\n        kind: sum_of",
             "      rewardz:\n        kind: sum_of")
    with pytest.raises(PackError, match="option replaces unknown item 'rewardz'"):
        load_pack(broken_copy)
