"""Every module of settle.language.facts.types is a fact type, found by its name."""

from __future__ import annotations

import pkgutil

import pytest

import settle.language.facts.types as types
from settle.language.facts import FACT_TYPES, fact_type
from tests.language.facts.tables import spec


def test_every_module_is_registered_under_its_own_name() -> None:
    modules = {m.name for m in pkgutil.iter_modules(types.__path__)}
    assert set(FACT_TYPES) == modules
    assert {"integer", "decimal", "boolean", "category", "date", "by_year", "periods",
            "integer_list"} <= modules


def test_an_unknown_type_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown fact type 'money'; known: boolean, by_year"):
        spec("money")
    with pytest.raises(KeyError, match="unknown fact type 'money'"):
        fact_type("money")


def test_only_decimal_and_by_year_facts_take_a_scale() -> None:
    with pytest.raises(ValueError, match="only applies to by_year and decimal facts"):
        spec("integer", scale=2)
