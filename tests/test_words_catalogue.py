"""One catalogue of words (src/settle/words/*.yaml): every entry in both languages with the
same placeholders, every key the pages use exists, and no front end writes its own Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from settle import words

SRC = Path(words.__file__).parents[1]
CHINESE_IN_A_CONDITIONAL = re.compile(
    r"""["'][^"'\n]*[\u4e00-\u9fff][^"'\n]*["']\s*\)?\s*if\s+(zh|lang\s*==)""")


@pytest.mark.parametrize("name", words.sections())
def test_every_entry_has_both_languages_with_the_same_placeholders(name: str) -> None:
    for key, (en, zh) in words.section(name).items():
        assert en.strip() and zh.strip(), f"{name}.{key}"
        assert set(re.findall(r"{(\w+)}", en)) == set(re.findall(r"{(\w+)}", zh)), f"{name}.{key}"


def test_every_word_a_page_asks_for_is_in_the_catalogue() -> None:
    """A key written whole must exist; a key a template builds (`t('cost_timing_' ~ v)`) must
    begin at least one word (test_words.py renders the pages and catches a missing one)."""
    asked: set[str] = set()
    prefixes: set[str] = set()
    for path in (SRC / "web").rglob("*"):
        if path.suffix in (".html", ".py"):
            text = path.read_text(encoding="utf-8")
            for key, built in re.findall(r"""\bt\(\s*["'](\w+)["']\s*(~?)""", text):
                (prefixes if built else asked).add(key)
    known = set(words.section("pages"))
    missing = sorted(asked - known) + sorted(p for p in prefixes if not any(k.startswith(p) for k in known))
    assert missing == []


def test_no_front_end_writes_chinese_of_its_own() -> None:
    found = []
    for path in SRC.rglob("*.py"):
        if path.is_relative_to(SRC / "language") or path.is_relative_to(SRC / "words"):
            continue  # the rule language keeps each kind's words in its module
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if CHINESE_IN_A_CONDITIONAL.search(line):
                found.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert found == []


def test_an_unknown_word_names_the_closest_one() -> None:
    with pytest.raises(words.UnknownWord, match="did you mean 'eligible'"):
        words.word("pages", "eligble", "en")


def test_a_sentence_is_filled_in_each_language() -> None:
    text = words.text("path", "time_alone_from", day="2019-01-01", total=120)
    assert text.en == "time alone: from 2019-01-01 (total then 120)"
    assert text.zh == "仅靠时间推移：2019-01-01 起可达到（总分 120）"
