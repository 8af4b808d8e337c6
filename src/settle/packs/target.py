"""A pack's numbers as the bulk engine holds them: integers in units of 10^-scale.

An amount with `scale` decimals is held in units of 10^-scale, points in units of
10^-points_precision; a rule number finer than that cannot be held exactly and is refused
(NotCompilable) — by the loader, which compiles every rule once, before any table is scored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from settle.language.context import NotCompilable
from settle.language.rounding import scaled
from settle.packs.numbers import Numbers
from settle.packs.pack import Pack


@dataclass
class PackTarget:
    """What compiling a pack's rules for one day needs (settle.language.context.Target)."""

    pack: Pack
    as_of: dt.date
    columns: dict[str, dict[int, str]] = field(default_factory=dict)
    options: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.numbers = Numbers(self.pack, self.as_of, self.options)

    @property
    def precision(self) -> int:
        return self.pack.meta.points_precision

    def value(self, value: Any) -> Any:
        return self.numbers.value(value)

    def scale(self, fact: str) -> int:
        spec = self.pack.facts.get(fact)
        if spec is None or spec.type not in ("decimal", "by_year"):
            return 0
        return spec.scale

    def points(self, value: Any, where: str) -> int:
        number = self.numbers.number(value)
        try:
            return scaled(number, self.precision)
        except ValueError:
            raise NotCompilable(f"{where}: {number} points need more than the pack's "
                                f"{self.precision} decimal place(s)") from None

    def amount(self, fact: str, value: Any, where: str) -> int:
        number = self.numbers.number(value)
        try:
            return scaled(number, self.scale(fact))
        except ValueError:
            raise NotCompilable(f"{where}: {number} needs more decimal places than fact "
                                f"{fact!r} has") from None

    def codes(self, fact: str) -> list[str]:
        return list(self.pack.facts[fact].values or {})

    def fact_type(self, fact: str) -> str | None:
        if fact in self.pack.facts:
            return self.pack.facts[fact].type
        return "integer" if fact in self.pack.derived else None

    def year_columns(self, fact: str) -> dict[int, str]:
        return self.columns.get(fact, {})


