"""facts.yaml: the facts a pack asks for, and the facts derived from them."""

from __future__ import annotations

from settle.language.base import Id, Strict
from settle.language.facts.derived import DerivedSpec
from settle.language.facts.spec import FactSpec


class FactsFile(Strict):
    facts: dict[Id, FactSpec]
    derived: dict[Id, DerivedSpec] = {}
