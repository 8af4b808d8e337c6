"""What a rule sees while it is evaluated, compiled or put into words.

The engines (settle.rules) implement these for a pack; the rule kinds and conditions only
talk to these protocols, so the language imports nothing else of Settle.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Protocol

import polars as pl

from settle.language.parameters import Number, ParamValue
from settle.language.text import Lang, Text


class Scope(Protocol):
    """One person on one day, for the exact (Decimal) evaluation."""

    as_of: dt.date
    points: dict[str, Decimal]

    @property
    def precision(self) -> int: ...
    def fact(self, name: str) -> Any: ...
    def title(self, name: str) -> Text: ...
    def shown(self, name: str, value: Any) -> str | Text: ...
    def per(self, name: str, amount: Decimal) -> Text: ...
    def points_title(self, name: str) -> Text: ...
    def number(self, value: Number) -> Decimal:
        """A number written in the rule, or the value of its parameter (recorded as used)."""
    def value(self, value: Any) -> Any:
        """Any value of a condition, a parameter's resolved (and recorded)."""


class Target(Protocol):
    """A table of persons on one day, for the bulk (Polars, integer) compilation."""

    as_of: dt.date

    @property
    def precision(self) -> int: ...
    def value(self, value: Any) -> Any:
        """A parameter's value on the evaluation date, or the value itself."""
    def points(self, value: Number, where: str) -> int:
        """Points as an integer count of 10^-precision; NotCompilable if finer."""
    def amount(self, fact: str, value: Number, where: str) -> int:
        """An amount of `fact` as an integer count of 10^-scale of the fact."""
    def scale(self, fact: str) -> int: ...
    def codes(self, fact: str) -> list[str]:
        """A category fact's values, in the order of their integer codes."""
    def fact_type(self, fact: str) -> str | None: ...
    def year_columns(self, fact: str) -> dict[int, str]: ...


class Words(Protocol):
    """Words for `settle show`: a rule described, in one language."""

    lang: Lang

    def t(self, en: str, zh: str) -> str: ...
    def fact(self, name: str) -> str: ...
    def unit(self, name: str) -> str: ...
    def value(self, fact: str | None, value: Any) -> str: ...
    def number(self, value: Number) -> str:
        """A number, or a parameter's value and its name."""


class Checks(Protocol):
    """What a rule needs to know of its pack to check itself when the pack loads."""

    def fact_type(self, name: str) -> str | None: ...
    def category_values(self, name: str) -> list[str]: ...
    def parameter(self, name: str) -> ParamValue | None:
        """A parameter's latest value, None when the pack has no such parameter."""
    def group_ids(self) -> list[str]: ...


class NotCompilable(ValueError):
    """A rule uses a number the integer form cannot hold exactly (named in the message)."""


def no_points() -> pl.Expr:
    return pl.lit(0, dtype=pl.Int64)
