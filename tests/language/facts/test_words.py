"""The words of fact problems: every situation in English and Chinese, with the same values."""

from __future__ import annotations

import string

from settle.language.facts.words import FACT_WORDS, fact_words
from settle.language.text import unit_text
from settle.messages import MESSAGES, say


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_situation_has_the_same_placeholders_in_both_languages() -> None:
    for key, (en, zh) in FACT_WORDS.items():
        assert _fields(en) == _fields(zh), key


def test_a_unit_is_put_in_each_language() -> None:
    words = fact_words("fact_not_whole_of", value="5.9", unit=unit_text("year"))
    assert (words.en, words.zh) == ("5.9 is not a whole number of years", "5.9 不是整数（单位：年）")


def test_the_workflow_catalogue_holds_the_fact_words_too() -> None:
    assert set(FACT_WORDS) <= set(MESSAGES)
    assert say("fact_required").zh == "必须填写"
