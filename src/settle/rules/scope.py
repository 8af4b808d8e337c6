"""What a rule can see while it is evaluated for one person (settle.language.context.Scope)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from settle.language.text import Text, per_unit_text, unit_text
from settle.packs.numbers import Numbers
from settle.packs.pack import Pack
from settle.packs.schema import DerivedSpec


@dataclass
class Scope:
    pack: Pack
    as_of: dt.date
    values: dict[str, Any]
    points: dict[str, Decimal] = field(default_factory=dict)
    options: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.numbers = Numbers(self.pack, self.as_of, tuple(self.options))

    @property
    def precision(self) -> int:
        return self.pack.meta.points_precision

    def fact(self, name: str) -> Any:
        return self.values[name]

    def title(self, name: str) -> Text:
        spec = self.pack.facts.get(name) or self.pack.derived[name]
        return spec.title

    def points_title(self, name: str) -> Text:
        if name == "total":
            return Text(en="total points", zh="总积分")
        group = next(g for g in self.pack.meta.groups if g.id == name)
        return Text(en=f"{group.title.en} subtotal", zh=f"{group.title.zh}小计")

    def unit_name(self, name: str) -> str | None:
        spec = self.pack.facts.get(name)
        return spec.unit if spec is not None else derived_unit(self.pack.derived[name])

    def unit(self, name: str) -> Text:
        return unit_text(self.unit_name(name))

    def per(self, name: str, amount: Decimal) -> Text:
        """The unit a rule counts in: 'year' for 1, '50 hours' otherwise."""
        return per_unit_text(self.unit_name(name), amount)

    def quantity(self, name: str, amount: Decimal) -> Text:
        """`amount` in the fact's unit, e.g. '50 hours' / '50 小时'."""
        unit = self.unit(name)
        return Text(en=f"{amount} {unit.en}".strip(), zh=f"{amount} {unit.zh}".strip())

    def shown(self, name: str, value: Any) -> str | Text:
        """A fact value as a reader sees it: a category's label, a number with its unit."""
        spec = self.pack.facts.get(name)
        if spec is not None and spec.type == "category" and spec.values:
            return spec.values.get(str(value), Text(en=str(value), zh=str(value)))
        if isinstance(value, bool):
            return Text(en="yes", zh="是") if value else Text(en="no", zh="否")
        if isinstance(value, (int, Decimal)):
            return self.quantity(name, Decimal(value))
        return str(value)

    def number(self, value: Any) -> Decimal:
        return self.numbers.number(value)

    def value(self, value: Any) -> Any:
        return self.numbers.value(value)


def derived_unit(spec: DerivedSpec) -> str:
    """The unit of a derived fact: the time unit it counts."""
    return spec.count_unit()
