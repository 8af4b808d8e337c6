"""Facts as a person reads them: the fact's title and its value in the page's language, never
a raw key (`high_school`), a Python literal (`True`, `None`) or a JSON structure."""

from __future__ import annotations

from typing import Any

from settle import words
from settle.i18n import Lang
from settle.packs import Pack
from settle.web.words import t


def fact_title(pack: Pack, fact: str, lang: Lang) -> str:
    spec = pack.facts.get(fact)
    if spec is not None:
        return spec.title(lang)
    derived = pack.derived.get(fact)
    return derived.title(lang) if derived is not None else fact


def _month(value: Any) -> str:
    return "…" if value is None else str(value)


def fact_value(pack: Pack, fact: str, value: Any, lang: Lang) -> str:
    """One value of `fact` written for a reader."""
    spec = pack.facts.get(fact)
    if value is None:
        return "–"
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if spec is not None and spec.type == "category" and spec.values and str(value) in spec.values:
        return spec.values[str(value)](lang)
    if isinstance(value, list) and all(isinstance(p, dict) and "from" in p for p in value):
        since = words.word("cli", "onwards", lang)
        return "; ".join(f"{p['from']} – {_month(p.get('to'))}" if p.get("to") else f"{p['from']} {since}"
                         for p in value) or t("none", lang)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items()) or t("none", lang)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or t("none", lang)
    unit = spec.unit if spec is not None else None
    if unit:
        from settle.i18n import unit_text

        return f"{value} {unit_text(unit)(lang)}"
    return str(value)
