"""The fact types, one module each; each module names its `FactKind` `FACT_TYPE`.

Adding a fact type is adding a module here (and its test): the registry below finds it, and
every caller (the checks of facts, JSON Schema, bulk columns, forms, test strategies)
dispatches through `FACT_TYPES`.
"""

from __future__ import annotations

import importlib
import pkgutil

from settle.language.facts.kind import FactKind


def _discover() -> dict[str, FactKind]:
    found: dict[str, FactKind] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        kind = getattr(importlib.import_module(f"{__name__}.{module.name}"), "FACT_TYPE", None)
        if not isinstance(kind, FactKind):
            raise TypeError(f"{__name__}.{module.name} defines no FACT_TYPE (a FactKind)")
        if kind.name != module.name:
            raise TypeError(f"{__name__}.{module.name} defines fact type {kind.name!r}: name "
                            "the module after its type")
        found[kind.name] = kind
    return found


FACT_TYPES: dict[str, FactKind] = _discover()


def fact_type(name: str) -> FactKind:
    """The fact type called `name`; raises KeyError naming the known ones."""
    try:
        return FACT_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown fact type {name!r}; known: {', '.join(sorted(FACT_TYPES))}") from None
