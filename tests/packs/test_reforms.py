"""Reforms as data: a reform names its base pack and what it changes; it is checked like a
pack, said in words, and reforms stack."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from settle.packs import PackError, default_catalogue
from settle.packs.reforms import LoadedReform, apply_reform, load_reform, reform_paths, stack
from settle.paths import reforms_dir
from settle.rules.engine import evaluate
from settle.rules.reform_words import reform_lines

INSURED = {"birth_date": "1980-01-01", "social_insurance_consecutive_years": 10}


def _reform(name: str) -> LoadedReform:
    return load_reform(reforms_dir() / f"{name}.yaml")


@pytest.mark.parametrize("path", reform_paths(reforms_dir()), ids=lambda p: p.stem)
def test_every_shipped_reform_applies_to_its_base_pack(path: Path) -> None:
    loaded = load_reform(path)
    base = default_catalogue().load(loaded.reform.base)
    reformed = apply_reform(base, loaded)
    assert reformed.id == f"{base.id}+{loaded.id}"
    assert reform_lines(loaded, base, reformed, "en") and reform_lines(loaded, base, reformed, "zh")


def test_stacked_reforms_apply_in_turn_and_each_changes_the_score() -> None:
    base = default_catalogue().load("hangzhou-2017")
    weight, every_year = stack(base, [_reform("hangzhou-insurance-weight"),
                                      _reform("hangzhou-insurance-every-year")])
    points = [evaluate(p, INSURED).item("social_insurance").points for p in (base, weight, every_year)]
    assert points == [Decimal(15), Decimal(20), Decimal(40)]


def test_a_reform_value_is_dated_and_cited_by_the_reform() -> None:
    base = default_catalogue().load("hangzhou-2017")
    reformed = apply_reform(base, _reform("hangzhou-insurance-weight"))
    param = reformed.meta.parameters["social_insurance_points_per_unit"]
    since, dated = param.dated(dt.date(2017, 12, 31))
    assert since == dt.date(2017, 10, 1) and dated.value == Decimal(4)
    assert dated.cite.note and "hypothesis" in dated.cite.note
    used = evaluate(reformed, INSURED).item("social_insurance").parameters
    assert any(u.name == "social_insurance_points_per_unit" and u.value == 4 for u in used)


def test_a_reform_of_an_unknown_parameter_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "typo.yaml"
    path.write_text(
        "id: typo\nbase: hangzhou-2017\ntitle: {en: T, zh: T}\nrationale: {en: R, zh: R}\n"
        "cite: {source: seed_000, lines: 556-570}\nparameters:\n  social_insurance_pints: 4\n",
        encoding="utf-8")
    with pytest.raises(PackError) as caught:
        apply_reform(default_catalogue().load("hangzhou-2017"), load_reform(path))
    problem = caught.value.problems[0]
    assert (problem.file, problem.line, problem.rule) == (f"{tmp_path.name}/typo.yaml", 7,
                                                         "social_insurance_pints")
    assert "has no parameter 'social_insurance_pints'" in problem.message


def test_a_reform_that_changes_nothing_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("id: empty\nbase: hangzhou-2017\ntitle: {en: T, zh: T}\n"
                    "rationale: {en: R, zh: R}\ncite: {source: seed_000, lines: 1}\n", encoding="utf-8")
    with pytest.raises(PackError, match="changes at least one"):
        load_reform(path)


def test_a_reform_of_the_ranking_replaces_the_first_key() -> None:
    base = default_catalogue().load("guangzhou-2025")
    reformed = apply_reform(base, _reform("guangzhou-2025-bonus-in-ranking"))
    assert base.meta.ranking is not None and reformed.meta.ranking is not None
    assert (base.meta.ranking.keys[0].by, reformed.meta.ranking.keys[0].by) == ("basic", "total")
