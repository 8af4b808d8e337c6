"""The words of the pages in English and Chinese (rule texts come from the packs)."""

from __future__ import annotations

from settle.i18n import Lang
from settle.words import section, word

WORDS: dict[str, tuple[str, str]] = section("pages")
"""The pages' words: src/settle/words/pages.yaml."""


def t(key: str, lang: Lang) -> str:
    return word("pages", key, lang)
