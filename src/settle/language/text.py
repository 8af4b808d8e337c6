"""Bilingual text: every user-facing string in a pack carries English and Chinese."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


class Text(BaseModel):
    """A string in English and Chinese."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str
    zh: str

    def __call__(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


UNITS: dict[str, Text] = {
    "year": Text(en="years", zh="年"),
    "month": Text(en="months", zh="个月"),
    "hour": Text(en="hours", zh="小时"),
    "cc": Text(en="cc", zh="毫升"),
    "USD": Text(en="USD", zh="美元"),
    "RMB": Text(en="RMB", zh="元"),
    "day": Text(en="days", zh="天"),
    "working_day": Text(en="working days", zh="个工作日"),
    "point": Text(en="points", zh="分"),
    "person": Text(en="persons", zh="人"),
}


SINGULAR_EN = {"year": "year", "month": "month", "hour": "hour", "day": "day",
               "working_day": "working day", "point": "point", "person": "person"}


NO_UNIT = Text(en="", zh="")


def per_unit_text(unit: str | None, amount: object) -> Text:
    """'50 hours' / '50 小时', or just 'year' / '年' for one unit ('2 points per year')."""
    return _per_unit_text(unit, str(amount))


@lru_cache(maxsize=1024)
def _per_unit_text(unit: str | None, amount: str) -> Text:
    # cached by the amount as written (Decimal("1") == Decimal("1.0") but reads differently):
    # a pack's rules ask for the same few units for every person they explain
    name = unit_text(unit)
    if amount == "1" and unit is not None:
        return Text(en=SINGULAR_EN.get(unit, name.en), zh=f"1 {name.zh}")
    return Text(en=f"{amount} {name.en}".strip(), zh=f"{amount} {name.zh}".strip())


def unit_text(unit: str | None) -> Text:
    """A unit's name in both languages; unknown units are shown as written."""
    if unit is None:
        return NO_UNIT
    known = UNITS.get(unit)
    return known if known is not None else Text(en=unit, zh=unit)
