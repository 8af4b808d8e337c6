"""What a service gives: an amount of money for a period, or a verdict (granted or not).

A service pack used to pay its amounts as "points" (`points: 1` for yes/no, relief as 0.0095
points per unit). The engine still adds the items up exactly, but a service says what the sum
is: for `amount`, money in `currency` per `period`; for `verdict`, each item is a service
that is granted or not, and no number is shown. The seeds state amounts in US dollars
converted from yuan at a stated rate (001_78bf0cd0d149ffea.txt lines 904, 945: 1:6.63 on
2017-11-01); `exchange` records that rate, so the figure the seed states is kept and the
yuan it implies is shown beside it.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from settle.language.base import Strict
from settle.language.citation import Citation
from settle.language.text import Text

PERIODS: dict[str, Text] = {
    "once": Text(en="once", zh="一次性"),
    "month": Text(en="a month", zh="每月"),
    "year": Text(en="a year", zh="每年"),
}


class Exchange(Strict):
    """1 unit of the amount's currency = `rate` units of `to`, as the source states it."""

    rate: Annotated[Decimal, Field(gt=0)]
    to: str
    on: dt.date
    cite: Citation


class Benefit(Strict):
    kind: Literal["amount", "verdict"]
    currency: str | None = None
    period: Literal["once", "month", "year"] | None = None
    exchange: Exchange | None = None

    @model_validator(mode="after")
    def _money_has_a_currency(self) -> Benefit:
        if self.kind == "amount" and self.currency is None:
            raise ValueError("an amount benefit needs `currency`")
        if self.kind == "verdict" and (self.currency or self.period or self.exchange):
            raise ValueError("a verdict has no currency, period or exchange rate")
        return self


class Money(BaseModel):
    """An amount in the source's currency, and what it comes to at the source's rate."""

    amount: Decimal
    currency: str
    period: str | None = None
    converted: Decimal | None = None
    converted_currency: str | None = None
    rate: Decimal | None = None
    rate_on: dt.date | None = None


class BenefitResult(BaseModel):
    """What the person gets: granted or not; the money (amount services); the items granted."""

    kind: str
    granted: bool
    money: Money | None = None
    granted_items: list[str] = []


def money(amount: Decimal, benefit: Benefit) -> Money:
    assert benefit.currency is not None
    cents = amount.quantize(Decimal("0.01"))
    if cents == amount:
        amount = cents
    exchange = benefit.exchange
    converted = None
    if exchange is not None:
        converted = (amount * exchange.rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return Money(amount=amount, currency=benefit.currency, period=benefit.period,
                 converted=converted, converted_currency=exchange.to if exchange else None,
                 rate=exchange.rate if exchange else None, rate_on=exchange.on if exchange else None)


def benefit_of(benefit: Benefit, eligible: bool, total: Decimal,
               grants: list[tuple[str, Decimal]]) -> BenefitResult:
    """The benefit a result comes to: `grants` are the (item id, points) of the pack's grant
    items in pack order. A verdict is granted to the eligible when any grant item is, or when
    the pack has none (its other items, e.g. priority points, order the applicants)."""
    granted_items = [item_id for item_id, points in grants if points > 0] if eligible else []
    if benefit.kind == "verdict":
        granted = eligible and (not grants or bool(granted_items))
        return BenefitResult(kind="verdict", granted=granted, granted_items=granted_items)
    amount = total if eligible else Decimal(0)
    return BenefitResult(kind="amount", granted=eligible and amount > 0, money=money(amount, benefit),
                         granted_items=granted_items)
