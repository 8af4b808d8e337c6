"""One catalogue of the words users read, in English and Chinese: one YAML file per part of
the product in this folder (pages, messages, states, actions, explanations, cli), read once.

    word("pages", "eligible", "zh")            -> "符合条件"
    text("messages", "window_closed", round=…) -> Text(en=…, zh=…)

A translator edits the YAML without reading Python; tests/test_words_catalogue.py checks
every entry has both languages with the same placeholders. The rule language keeps the
sentences of each rule kind and fact type in their own modules (settle.language), which
import nothing else of Settle.
"""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from settle.language.text import Lang, Text

FOLDER = Path(__file__).parent


class UnknownWord(KeyError):
    """A key no file of the catalogue holds (names the closest one)."""


@cache
def section(name: str) -> dict[str, tuple[str, str]]:
    """The entries of `<name>.yaml` as (English, Chinese) pairs, in the file's order."""
    data = YAML(typ="safe").load((FOLDER / f"{name}.yaml").read_text(encoding="utf-8")) or {}
    return {str(key): (str(entry["en"]), str(entry["zh"])) for key, entry in data.items()}


def sections() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.yaml"))


def pair(name: str, key: str) -> tuple[str, str]:
    table = section(name)
    if key not in table:
        close = difflib.get_close_matches(key, table, n=1)
        hint = f" — did you mean {close[0]!r}?" if close else ""
        raise UnknownWord(f"no word {key!r} in {name}.yaml{hint}")
    return table[key]


def word(name: str, key: str, lang: Lang, **values: Any) -> str:
    """The word or sentence `key` of section `name` in `lang`, its placeholders filled."""
    en, zh = pair(name, key)
    chosen = zh if lang == "zh" else en
    if not values:
        return chosen
    return chosen.format(**{k: (v(lang) if isinstance(v, Text) else v) for k, v in values.items()})


def text(name: str, key: str, **values: Any) -> Text:
    """The entry in both languages, placeholders filled (a Text value in its own language)."""
    en, zh = pair(name, key)
    as_en = {k: v.en if isinstance(v, Text) else str(v) for k, v in values.items()}
    as_zh = {k: v.zh if isinstance(v, Text) else str(v) for k, v in values.items()}
    return Text(en=en.format(**as_en), zh=zh.format(**as_zh))
