"""The shared vocabulary of facts and each pack's mapping of it (settle.vocabulary)."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from settle.packs import Pack, default_catalogue, load_pack
from settle.rules.engine import evaluate
from settle.vocabulary import VocabularyError, pack_mapping, shared_facts, to_pack_facts

HANGZHOU = "hangzhou-2017"
GUANGZHOU = "guangzhou-2025"


def _pack(pack_id: str) -> Pack:
    return default_catalogue().load(pack_id)


def _with_vocabulary(tmp_path: Path, text: str) -> Pack:
    """hangzhou-2017 copied with `text` as its vocabulary.yaml."""
    folder = tmp_path / HANGZHOU
    shutil.copytree(default_catalogue().root / HANGZHOU, folder)
    (folder / "vocabulary.yaml").write_text(text, encoding="utf-8")
    return load_pack(folder)


def test_a_shared_fact_goes_to_the_pack_fact_it_names_unchanged() -> None:
    facts, unused = to_pack_facts(_pack(HANGZHOU), {"birth_date": "1988-04-02"})
    assert facts == {"birth_date": "1988-04-02"} and unused == []


def test_a_shared_fact_can_go_to_another_name() -> None:
    facts, _ = to_pack_facts(_pack(HANGZHOU), {"social_insurance_years": 7})
    assert facts == {"social_insurance_consecutive_years": 7}


def test_one_shared_fact_can_fill_several_pack_facts() -> None:
    facts, _ = to_pack_facts(_pack(GUANGZHOU), {"social_insurance_years": 5})
    assert facts == {name: 5 for name in ("pension_insurance_years", "unemployment_insurance_years",
                                          "injury_insurance_years", "maternity_insurance_years")}


def test_a_shared_category_becomes_the_packs_own_category() -> None:
    assert to_pack_facts(_pack(HANGZHOU), {"education": "below_high_school"})[0] == {"education": "none"}
    assert to_pack_facts(_pack(GUANGZHOU), {"education": "master"})[0] == {
        "education": "bachelor_or_above"}


def test_a_category_the_mapping_does_not_know_is_refused_naming_it_and_the_known_ones() -> None:
    with pytest.raises(VocabularyError, match=r"education: no category for 'phd' \(mapped: "
                                              r"below_high_school, high_school"):
        to_pack_facts(_pack(HANGZHOU), {"education": "phd"})


def test_a_category_written_as_a_number_is_refused() -> None:
    with pytest.raises(VocabularyError, match="education: no category for 3"):
        to_pack_facts(_pack(HANGZHOU), {"education": 3})


def test_a_start_date_becomes_one_open_period_from_its_month() -> None:
    facts, _ = to_pack_facts(_pack(GUANGZHOU), {"medical_insurance_since": "2012-03-01"})
    assert facts == {"medical_insurance_periods": [{"from": "2012-03", "to": None}]}


def test_a_per_year_record_is_summed_and_multiplied_by_the_factor() -> None:
    facts, _ = to_pack_facts(_pack(HANGZHOU), {"blood_donations_by_year": {"2016": 1, "2017": 2},
                                               "volunteer_hours_by_year": {"2016": 60, "2017": 30}})
    assert Decimal(facts["blood_donation_cc"]) == 600
    assert Decimal(facts["volunteer_hours"]) == 90


def test_a_per_year_record_written_as_one_number_is_refused_naming_the_fact() -> None:
    with pytest.raises(VocabularyError, match=r"blood_donations_by_year: 3 is not a per-year record"):
        to_pack_facts(_pack(HANGZHOU), {"blood_donations_by_year": 3})


def test_whole_years_since_a_date_are_counted_on_the_evaluation_date(tmp_path: Path) -> None:
    pack = _with_vocabulary(tmp_path, "maps:\n  residence_permit_since:\n"
                                      "    {to: social_insurance_consecutive_years, as: years_since}\n")
    person = {"residence_permit_since": "2013-05-10"}
    assert to_pack_facts(pack, person, on=dt.date(2018, 5, 9))[0] == {
        "social_insurance_consecutive_years": 4}
    assert to_pack_facts(pack, person, on=dt.date(2018, 5, 10))[0] == {
        "social_insurance_consecutive_years": 5}
    assert pack.meta.default_evaluation_date == dt.date(2017, 12, 31)
    assert to_pack_facts(pack, person)[0] == {"social_insurance_consecutive_years": 4}


def test_shared_facts_a_pack_does_not_map_are_returned_as_unused() -> None:
    facts, unused = to_pack_facts(_pack(HANGZHOU), {"stable_employment": True, "birth_date": "1990-01-01"})
    assert facts == {"birth_date": "1990-01-01"} and unused == ["stable_employment"]


def test_a_yes_or_no_can_become_the_packs_own_category() -> None:
    assert to_pack_facts(_pack(HANGZHOU), {"owns_home": True})[0] == {"housing": "owns_house"}
    assert to_pack_facts(_pack(HANGZHOU), {"owns_home": False})[0] == {"housing": "none"}


@pytest.mark.parametrize(("grade", "points"), [
    ("nvq_grade_2", 40), ("nvq_grade_1", 40), ("nvq_grade_3", 40), ("intermediate_title", 60),
    ("nvq_grade_4", 20), ("primary_title", 0), ("assistant_title", 0), ("nvq_grade_5", 0)])
def test_guangzhou_2017_scores_a_grade_and_a_title_as_table_1_does(grade: str, points: int) -> None:
    pack = _pack("guangzhou-2017")
    facts, _ = to_pack_facts(pack, {"skill_level": grade})
    assert evaluate(pack, facts).item("skill_level").points == points


def test_hangzhou_2017_scores_a_grade_and_the_title_of_its_line_alike() -> None:
    pack = _pack(HANGZHOU)
    for grade, title in (("nvq_grade_2", "intermediate_title"), ("nvq_grade_4", "primary_title")):
        scores = [evaluate(pack, {"birth_date": "1990-01-01",
                                  **to_pack_facts(pack, {"skill_level": level})[0]}).total
                  for level in (grade, title)]
        assert scores[0] == scores[1]


def test_a_fact_outside_the_shared_vocabulary_is_refused_naming_it() -> None:
    with pytest.raises(VocabularyError, match=r"not in the shared vocabulary .*: wage_tax_5y_usd"):
        to_pack_facts(_pack(HANGZHOU), {"wage_tax_5y_usd": 100, "birth_date": "1990-01-01"})


def test_a_pack_without_a_vocabulary_file_maps_nothing() -> None:
    pack = _pack("guangzhou-child-serious-illness-2015")
    assert pack_mapping(pack) == {}
    assert to_pack_facts(pack, {"birth_date": "1990-01-01"}) == ({}, ["birth_date"])


def test_every_shipped_mapping_goes_to_facts_and_categories_its_pack_declares() -> None:
    shared = shared_facts()
    mapped = 0
    for pack in default_catalogue().all():
        for name, mapping in pack_mapping(pack).items():
            mapped += 1
            assert set(mapping.to) <= set(pack.facts), f"{pack.id} {name}"
            if mapping.values:
                categories = shared[name].get("values") or (
                    ["true", "false"] if shared[name]["type"] == "boolean" else [])
                assert set(mapping.values) == set(categories), f"{pack.id} {name}"
    assert mapped >= 20


@pytest.mark.parametrize(("text", "message"), [
    ("maps:\n  education: {to: schooling}\n",
     r"hangzhou-2017/vocabulary.yaml:2 maps.education: to 'schooling' is not a fact of hangzhou-2017"),
    ("maps:\n  birth_date: {to: birth_date, as: age}\n",
     r"vocabulary.yaml:2 maps.birth_date: as 'age' is not a conversion; allowed: same, open_period"),
    ("maps:\n  owns_home: {as: same}\n",
     r"vocabulary.yaml:2 maps.owns_home: needs `to:`"),
    ("maps:\n  education: {to: education, values: {master: masters}}\n",
     r"maps.education: value 'masters' is not a category of hangzhou-2017's education \(allowed: none,"),
    ("maps:\n  birth_date: {to: birth_date}\n  salary: {to: wage_tax_5y_usd}\n",
     r"vocabulary.yaml:3 maps.salary: 'salary' is not a fact of the shared vocabulary"),
    ("maps:\n  blood_donations_by_year: {to: blood_donation_cc, as: sum, factor: lots}\n",
     r"maps.blood_donations_by_year: factor 'lots' is not a number"),
])
def test_a_wrong_mapping_entry_is_refused_naming_file_line_entry_and_value(
        tmp_path: Path, text: str, message: str) -> None:
    pack = _with_vocabulary(tmp_path, text)
    with pytest.raises(VocabularyError, match=message):
        pack_mapping(pack)
