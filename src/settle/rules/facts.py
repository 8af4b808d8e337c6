"""Check a person's facts against the pack's fact declarations and derive the rest.

Every problem names the field, the value and the rule it breaks; all problems are
reported together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from settle.packs.pack import Pack
from settle.packs.schema import (
    DerivedPeriodMonths,
    DerivedTimeSince,
    DerivedWholeYears,
    FactSpec,
)
from settle.rules import dates

LARGEST = Decimal(10) ** 15  # beyond any real amount; keeps exact integer arithmetic in range
FactValue = Any  # int | Decimal | bool | str | date | dict[int, Decimal] | list[...]
Period = tuple[int, int | None]


@dataclass(frozen=True)
class FactProblem:
    field: str
    value: Any
    rule: str
    message: str

    def __str__(self) -> str:
        """One line naming the field, the value and the rule; what the person sent (the field's
        name, the value, a value quoted in the message) is cut short (settle.echo)."""
        from settle.echo import cut, shown

        return f"{cut(self.field)} = {shown(self.value)}: {cut(self.message, 1000)} (rule: {self.rule})"


class InvalidFacts(ValueError):
    """The facts given for a person do not fit the pack; `problems` lists each one."""

    def __init__(self, pack_id: str, problems: list[FactProblem]) -> None:
        self.pack_id = pack_id
        self.problems = problems
        body = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"invalid facts for pack {pack_id}:\n{body}")


class BadFact(ValueError):
    def __init__(self, message: str, rule: str) -> None:
        super().__init__(message)
        self.rule = rule


def _number(raw: Any, spec: FactSpec, name: str, integer: bool) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal, str, float)):
        raise BadFact(f"expected a number, got {type(raw).__name__}", f"facts.yaml {name}.type")
    try:
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    except InvalidOperation:
        raise BadFact("expected a number", f"facts.yaml {name}.type") from None
    if not value.is_finite():
        raise BadFact("expected a finite number", f"facts.yaml {name}.type")
    if abs(value) >= LARGEST:
        raise BadFact("too large: at most 15 digits before the decimal point", f"facts.yaml {name}.type")
    places = 0 if integer else spec.scale
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        what = "a whole number" if places == 0 else f"at most {places} decimal place(s)"
        raise BadFact(f"expected {what}", f"facts.yaml {name}.scale")
    if spec.min is not None and value < spec.min:
        raise BadFact(f"below the minimum {spec.min}", f"facts.yaml {name}.min")
    if spec.max is not None and value > spec.max:
        raise BadFact(f"above the maximum {spec.max}", f"facts.yaml {name}.max")
    return value


def _date(raw: Any, name: str) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            pass
    raise BadFact("expected a date written YYYY-MM-DD", f"facts.yaml {name}.type")


def _periods(raw: Any, name: str) -> list[Period]:
    rule = f"facts.yaml {name}.type"
    if not isinstance(raw, list):
        raise BadFact("expected a list of periods {from: YYYY-MM, to: YYYY-MM or null}", rule)
    out: list[Period] = []
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict) or "from" not in entry or set(entry) - {"from", "to"}:
            raise BadFact(f"period {i} must be {{from: YYYY-MM, to: YYYY-MM or null}}", rule)
        try:
            start = dates.parse_month(str(entry["from"]))
            end = None if entry.get("to") is None else dates.parse_month(str(entry["to"]))
        except ValueError as exc:
            raise BadFact(f"period {i}: {exc}", rule) from None
        if end is not None and end < start:
            raise BadFact(f"period {i} ends before it starts", rule)
        out.append((start, end))
    return out


def check_fact(name: str, spec: FactSpec, raw: Any) -> FactValue:
    """The typed value of one fact; raises BadFact naming the broken rule."""
    kind = spec.type
    if kind == "integer":
        return int(_number(raw, spec, name, integer=True))
    if kind == "decimal":
        return _number(raw, spec, name, integer=False)
    if kind == "boolean":
        if not isinstance(raw, bool):
            raise BadFact("expected true or false", f"facts.yaml {name}.type")
        return raw
    if kind == "category":
        allowed = spec.values or {}
        if not isinstance(raw, str) or raw not in allowed:
            raise BadFact(f"unknown category; allowed: {', '.join(allowed)}",
                       f"facts.yaml {name}.values")
        return raw
    if kind == "date":
        return _date(raw, name)
    if kind == "by_year":
        if not isinstance(raw, dict):
            raise BadFact("expected a mapping of year to amount, e.g. {2016: 60}",
                       f"facts.yaml {name}.type")
        by_year: dict[int, Decimal] = {}
        for year, amount in raw.items():
            if not str(year).isdigit() or not 1900 <= int(year) <= 2100:
                raise BadFact(f"{year!r} is not a year", f"facts.yaml {name}.type")
            by_year[int(year)] = _number(amount, spec, f"{name}", integer=False)
        return by_year
    if kind == "periods":
        return _periods(raw, name)
    if kind == "integer_list":
        if not isinstance(raw, list):
            raise BadFact("expected a list of whole numbers", f"facts.yaml {name}.type")
        return [int(_number(v, spec, name, integer=True)) for v in raw]
    raise AssertionError(kind)


def default_value(name: str, spec: FactSpec) -> FactValue:
    """The value a fact takes when the person gives none: the declared default, else
    zero, no, an empty list, the first category, or no date."""
    if spec.default is not None:
        return check_fact(name, spec, spec.default)
    if spec.type == "category":
        return next(iter(spec.values or {}))
    empty: dict[str, FactValue] = {
        "integer": 0, "decimal": Decimal(0), "boolean": False, "by_year": {}, "periods": [],
        "integer_list": [], "date": None,
    }
    return empty[spec.type]


def check_facts(pack: Pack, raw: dict[str, Any]) -> tuple[dict[str, FactValue], set[str]]:
    """Typed values for every declared fact, and the names the person gave."""
    problems: list[FactProblem] = []
    for name in raw:
        if name not in pack.facts:
            hint = "derived by the engine, not given" if name in pack.derived else "not declared"
            problems.append(FactProblem(name, raw[name], f"{pack.id}/facts.yaml",
                                        f"unknown field ({hint}); "
                                        f"known: {', '.join(sorted(pack.facts))}"))
    values: dict[str, FactValue] = {}
    for name, spec in pack.facts.items():
        if name not in raw:
            if spec.required:
                problems.append(FactProblem(name, None, f"facts.yaml {name}.required",
                                            "is required"))
                continue
            values[name] = default_value(name, spec)
            continue
        try:
            values[name] = check_fact(name, spec, raw[name])
        except BadFact as bad:
            problems.append(FactProblem(name, raw[name], bad.rule, str(bad)))
    if problems:
        raise InvalidFacts(pack.id, problems)
    return values, set(raw)


def derive(pack: Pack, values: dict[str, FactValue], on: dt.date) -> dict[str, int]:
    """Facts the engine computes at evaluation date `on`: ages, holding lengths, months."""
    derived: dict[str, int] = {}
    problems: list[FactProblem] = []

    def base(name: str) -> FactValue:
        return derived[name] if name in derived else values[name]

    for name, spec in pack.derived.items():
        if isinstance(spec, DerivedTimeSince):
            start = base(spec.of)
            if start is None:
                derived[name] = 0
            elif start > on:
                problems.append(FactProblem(spec.of, start.isoformat(), f"facts.yaml {name}",
                                            f"is after the evaluation date {on}"))
            else:
                derived[name] = dates.time_since(start, on, spec.unit, spec.rounding)
        elif isinstance(spec, DerivedPeriodMonths):
            last = dates.reference_month(on, spec.until)
            periods = base(spec.of)
            count = (dates.accumulated_months if spec.mode == "accumulated"
                     else dates.consecutive_months)
            derived[name] = count(periods, last)
        elif isinstance(spec, DerivedWholeYears):
            derived[name] = int(base(spec.of)) // 12
    if problems:
        raise InvalidFacts(pack.id, problems)
    return derived
