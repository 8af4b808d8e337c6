"""Describe rules in words, for people who do not read Python or YAML (`settle show`).

Each kind says itself (settle.language.kinds, `head`); this module gives the kinds the
pack's words for facts, units, values and parameters (settle.language.context.Words).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from settle.language.conditions import Condition
from settle.language.nodes import Node, describe
from settle.language.parameters import ParamRef, shown
from settle.language.text import Lang, unit_text
from settle.packs.numbers import Numbers
from settle.packs.pack import Pack
from settle.rules.scope import derived_unit


@dataclass
class PackWords:
    """The words of one pack in one language, for the rules in force on the pack's date."""

    pack: Pack
    lang: Lang

    def __post_init__(self) -> None:
        self.numbers = Numbers(self.pack, self.pack.meta.default_evaluation_date)

    def t(self, en: str, zh: str) -> str:
        return zh if self.lang == "zh" else en

    def fact(self, name: str) -> str:
        if name == "total":
            return self.t("total points", "总积分")
        group = next((g for g in self.pack.meta.groups if g.id == name), None)
        if group is not None:
            return group.title(self.lang)
        spec = self.pack.facts.get(name) or self.pack.derived.get(name)
        return spec.title(self.lang) if spec is not None else name

    def unit(self, name: str) -> str:
        spec = self.pack.facts.get(name)
        if spec is not None:
            return unit_text(spec.unit)(self.lang)
        derived = self.pack.derived.get(name)
        return unit_text(derived_unit(derived))(self.lang) if derived is not None else ""

    def number(self, value: Any) -> str:
        """A number as the rule in force uses it (a parameter's value on the pack's date;
        `settle show` lists the parameters, their dates and sources apart)."""
        if isinstance(value, ParamRef):
            return shown(self.numbers.lookup(value.param).value)
        return shown(value)

    def value(self, fact: str | None, value: Any) -> str:
        if isinstance(value, ParamRef):
            return self.value(fact, self.numbers.lookup(value.param).value)
        spec = self.pack.facts.get(fact or "")
        if spec is not None and spec.values:
            if isinstance(value, list):
                return ", ".join(spec.values[v](self.lang) if v in spec.values else v for v in value)
            if isinstance(value, str) and value in spec.values:
                return spec.values[value](self.lang)
        if isinstance(value, bool):
            return self.t("yes" if value else "no", "是" if value else "否")
        return shown(value)


def describe_condition(pack: Pack, cond: Condition, lang: Lang) -> str:
    """One line of words for a condition tree."""
    return cond.describe(PackWords(pack, lang))


def describe_node(pack: Pack, node: Node, lang: Lang, depth: int = 0) -> list[str]:
    """Lines of words describing a rule node and its parts."""
    return describe(node, PackWords(pack, lang), depth)
