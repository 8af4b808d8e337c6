"""Parameters: numbers, dates and lists a pack declares once, dates and cites, and rules use.

A parameter has values keyed by the day each takes effect, each with its own citation, the
way OpenFisca's parameter files do:

    age_limit:
      title: {en: Age limit, zh: 年龄上限}
      unit: year
      values:
        2017-01-01: {value: 45, cite: {source: s000, lines: 520}}
        2020-01-01: {value: 50, cite: {source: s009, article: 第五条}}

`value:` with `cite:` is short for one value in force from the pack's `effective_from`.
The evaluation date picks the value: the latest that took effect on or before it (before
the first, the first — a pack evaluated for a day before its parameters begin still runs).

A rule writes `{param: age_limit}` wherever it accepts a number, and titles and readings
say `{age_limit}`.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, model_validator

from settle.language.base import Id, Strict
from settle.language.citation import Citation
from settle.language.text import Text

ParamValue = Decimal | dt.date | bool | str | list[str]


class ParamRef(Strict):
    """`{param: NAME}`: the value of parameter NAME on the evaluation date."""

    param: Id


Number = ParamRef | Decimal
"""A number a rule reads: written in the rule, or a parameter's."""


class DatedValue(Strict):
    """One value of a parameter and the text it comes from."""

    value: ParamValue
    cite: Citation


class Parameter(Strict):
    """A number or date the pack declares once and cites: a quota, a window, a points line."""

    title: Text
    unit: str | None = None
    values: Annotated[dict[dt.date, DatedValue], Field(min_length=1)]

    @model_validator(mode="after")
    def _one_type(self) -> Parameter:
        kinds = {_kind(v.value) for v in self.values.values()}
        if len(kinds) > 1:
            raise ValueError(f"the values of a parameter are of one type, not {sorted(kinds)}")
        return self

    def dated(self, day: dt.date) -> tuple[dt.date, DatedValue]:
        """The value in force on `day` and the day it took effect."""
        days = sorted(self.values)
        since = days[0]
        for start in days:
            if start <= day:
                since = start
        return since, self.values[since]

    def value_on(self, day: dt.date) -> ParamValue:
        return self.dated(day)[1].value

    @property
    def value(self) -> ParamValue:
        """The latest value (for listings; rules use `value_on` the evaluation date)."""
        return self.values[max(self.values)].value

    @property
    def cite(self) -> Citation:
        return self.values[max(self.values)].cite


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, Decimal, float)):
        return "number"
    if isinstance(value, dt.date):
        return "date"
    return "list" if isinstance(value, list) else "text"


def dated_parameters(raw: Any, effective_from: Any) -> Any:
    """Raw `parameters:` with each `value:` + `cite:` shorthand written as `values:`."""
    if not isinstance(raw, dict):
        return raw
    out = {}
    for name, spec in raw.items():
        if isinstance(spec, dict) and "value" in spec and "values" not in spec:
            spec = {k: v for k, v in spec.items() if k not in ("value", "cite")} | {
                "values": {effective_from: {"value": spec["value"], "cite": spec.get("cite")}}}
        out[name] = spec
    return out


PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each `{name}` of a known parameter replaced by its value; other braces stay."""
    return PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)


def shown(value: ParamValue) -> str:
    """A parameter's value as a reader sees it: 45, 2017-11-08, a, b."""
    if isinstance(value, list):
        return ", ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return str(value)
