"""Explanations: every sentence a step can hold exists in both languages, citations name the
file and lines, and conditions say met or not met."""

from __future__ import annotations

import re

import pytest

from settle.language.citation import Citation
from settle.packs import Pack
from settle.rules.engine import evaluate
from settle.rules.explain import TEMPLATES, cite_text, condition_lines, sentence, step_lines
from settle.rules.result import Why


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_sentence_has_the_same_placeholders_in_english_and_chinese(key: str) -> None:
    en, zh = TEMPLATES[key]
    assert set(re.findall(r"{(\w+)}", en)) == set(re.findall(r"{(\w+)}", zh)), key
    assert zh and en


def test_a_sentence_is_filled_in_the_language_asked() -> None:
    why = Why(key="cap_max", args={"cap": "10", "raw": "14"})
    assert sentence(why, "en") == "capped at 10 (before the cap: 14)"
    assert sentence(why, "zh") == "封顶 10 分（封顶前 14 分）"


def test_a_citation_names_the_file_the_lines_and_the_note() -> None:
    cite = Citation(source="seed_000", lines="494-504", note="a reading")
    documents = {"seed_000": "000_c9c9ba5e5a2572f7.txt"}
    assert cite_text(cite, documents, "en") == "000_c9c9ba5e5a2572f7.txt, lines 494-504 (a reading)"
    assert cite_text(cite, documents, "zh") == "000_c9c9ba5e5a2572f7.txt, 行 494-504 (a reading)"


def test_a_brief_explanation_leaves_out_the_alternatives_that_gave_nothing(hangzhou: Pack) -> None:
    result = evaluate(hangzhou, {"birth_date": "1980-01-01", "education": "master"})
    step = result.item("education_or_skill").step
    full = step_lines(step, "en")
    brief = step_lines(step, "en", brief=True)
    assert len(brief) < len(full)
    assert any(line.lstrip().startswith("* ") for line in brief)


def test_condition_lines_mark_each_part_met_or_not() -> None:
    from settle.packs import default_catalogue

    pack = default_catalogue().load("hangzhou-legal-aid-2017")
    result = evaluate(pack, {"migrant_in_hangzhou": True})
    rule = next(e for e in result.eligibility if not e.met)
    lines = condition_lines(rule.detail, "en")
    assert lines[0].startswith("[NOT met]")
    assert condition_lines(rule.detail, "zh")[0].startswith("[不满足]")
