"""Check a person's facts against the pack's fact declarations and derive the rest.

Every problem names the field, the value and the rule it breaks; all problems are
reported together. Each fact type checks its own values (settle.language.facts.types); each
derived fact derives itself (settle.language.facts.derived).
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Any

from settle.language.echo import cut
from settle.language.facts import (
    BadFact,
    FactProblem,
    InvalidFacts,
    check_fact,
    default_value,
)
from settle.language.facts.numbers import LARGEST
from settle.language.facts.problems import problem_of
from settle.language.facts.words import fact_words
from settle.packs.pack import Pack

__all__ = ["LARGEST", "BadFact", "FactProblem", "FactValue", "InvalidFacts", "check_fact",
           "check_facts", "default_value", "derive", "unknown_fact"]

FactValue = Any  # int | Decimal | bool | str | date | dict[int, Decimal] | list[...]


def unknown_fact(pack: Pack, name: str, value: Any) -> FactProblem:
    """The problem of a field the pack does not declare: a derived fact, a misspelt one (the
    closest declared name is suggested), or one unknown."""
    rule = f"{pack.id}/facts.yaml"
    quoted = repr(cut(name))
    if name in pack.derived:
        words = fact_words("fact_derived_given", name=quoted)
    else:
        close = difflib.get_close_matches(name, list(pack.facts), n=1, cutoff=0.75)
        if close:
            words = fact_words("fact_unknown_did_you_mean", name=quoted, suggestion=repr(close[0]))
        else:
            words = fact_words("fact_unknown", name=quoted, known=", ".join(sorted(pack.facts)))
    return FactProblem(name, value, rule, words.en, words)


def check_facts(pack: Pack, raw: dict[str, Any]) -> tuple[dict[str, FactValue], set[str]]:
    """Typed values for every declared fact, and the names the person gave."""
    problems = [unknown_fact(pack, name, raw[name]) for name in raw if name not in pack.facts]
    values: dict[str, FactValue] = {}
    for name, spec in pack.facts.items():
        if name not in raw:
            if spec.required:
                words = fact_words("fact_required")
                problems.append(FactProblem(name, None, f"facts.yaml {name}.required", words.en, words))
                continue
            values[name] = default_value(name, spec)
            continue
        try:
            values[name] = check_fact(name, spec, raw[name])
        except BadFact as bad:
            problems.append(problem_of(name, raw[name], bad))
    if problems:
        raise InvalidFacts(pack.id, problems)
    return values, set(raw)


def derive(pack: Pack, values: dict[str, FactValue], on: dt.date) -> dict[str, int]:
    """Facts the engine computes at evaluation date `on`: ages, holding lengths, months."""
    derived: dict[str, int] = {}
    problems: list[FactProblem] = []

    def value_of(name: str) -> FactValue:
        return derived[name] if name in derived else values[name]

    for name, spec in pack.derived.items():
        try:
            derived[name] = spec.derive(name, value_of, on)
        except BadFact as bad:
            problems.append(problem_of(bad.field or name, bad.value, bad))
    if problems:
        raise InvalidFacts(pack.id, problems)
    return derived
