"""Conditions: tests on facts or points that eligibility rules, preconditions and quota
lines are made of."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from settle.language.base import Id, Strict
from settle.language.citation import Citation
from settle.language.parameters import ParamRef
from settle.language.text import Text

CompareOp = Literal["==", "!=", "<", "<=", ">", ">=", "in", "not_in"]


class Condition(Strict):
    """A test on facts or points. Exactly one form:

    all / any (lists), not (one), at_least + of (a count), fact + op + value,
    points + op + value (points is `total` or a group id).
    """

    id: Id | None = None
    label: Text | None = None
    cite: Citation | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    at_least: Annotated[int, Field(ge=1)] | None = None
    of: list[Condition] | None = None
    fact: Id | None = None
    points: Id | None = None
    op: CompareOp | None = None
    value: ParamRef | Decimal | bool | str | list[str] | dt.date | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        forms = [
            self.all is not None,
            self.any is not None,
            self.not_ is not None,
            self.at_least is not None,
            self.fact is not None,
            self.points is not None,
        ]
        if sum(forms) != 1:
            raise ValueError(
                "a condition has exactly one of: all, any, not, at_least (with of), "
                "fact (with op, value), points (with op, value)"
            )
        if (self.at_least is None) != (self.of is None):
            raise ValueError("`at_least` and `of` go together")
        if (self.fact is not None or self.points is not None) and (
            self.op is None or self.value is None
        ):
            raise ValueError("a comparison needs `op` and `value`")
        return self

    def children(self) -> list[Condition]:
        if self.all is not None:
            return self.all
        if self.any is not None:
            return self.any
        if self.not_ is not None:
            return [self.not_]
        return self.of or []
