"""Facts: the inputs a pack asks for, where the registry holds them, and facts derived from
them.

    spec.py         FactSpec, RegistrySource: one fact's declaration in facts.yaml
    kind.py         FactKind: everything done with a value of one type
    types/          one module per fact type; FACT_TYPES finds them
    derived/        one module per derived fact op; DerivedSpec names them
    values.py       check_fact, default_value: one raw value through its fact type
    problems.py     BadFact, FactProblem, InvalidFacts
    words.py        the words of those problems, in English and Chinese
    numbers.py      numbers shared by the numeric types; columns.py: a fact's column of a table
"""

from __future__ import annotations

from settle.language.facts.derived import (
    DerivedBase,
    DerivedPeriodMonths,
    DerivedPeriodOverlap,
    DerivedSpec,
    DerivedTimeSince,
    DerivedWholeYears,
)
from settle.language.facts.file import FactsFile
from settle.language.facts.kind import FactKind, FormField
from settle.language.facts.problems import BadFact, FactProblem, InvalidFacts
from settle.language.facts.spec import FactSpec, FactType, RegistrySource
from settle.language.facts.types import FACT_TYPES, fact_type
from settle.language.facts.values import check_fact, default_value

__all__ = [
    "FACT_TYPES", "BadFact", "DerivedBase", "DerivedPeriodMonths", "DerivedPeriodOverlap",
    "DerivedSpec", "DerivedTimeSince", "DerivedWholeYears", "FactKind", "FactProblem", "FactSpec",
    "FactType", "FactsFile", "FormField", "InvalidFacts", "RegistrySource", "check_fact",
    "default_value", "fact_type",
]
