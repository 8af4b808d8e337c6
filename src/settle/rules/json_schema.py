"""The JSON Schema of the facts a pack asks for, generated from facts.yaml."""

from __future__ import annotations

from typing import Any

from settle.i18n import Lang
from settle.language.facts import FACT_TYPES
from settle.packs.pack import Pack
from settle.packs.schema import FactSpec


def fact_schema(spec: FactSpec, lang: Lang = "en") -> dict[str, Any]:
    """The JSON Schema of one fact: its title, description and unit, then its type's schema."""
    base: dict[str, Any] = {"title": spec.title(lang)}
    if spec.description is not None:
        base["description"] = spec.description(lang)
    if spec.unit:
        base["x-unit"] = spec.unit
    return {**base, **FACT_TYPES[spec.type].json_schema(spec, lang)}


def facts_schema(pack: Pack, lang: Lang = "en") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a facts document for `pack`."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"settle:facts:{pack.id}",
        "title": pack.meta.title(lang),
        "type": "object",
        "additionalProperties": False,
        "required": [name for name, spec in pack.facts.items() if spec.required],
        "properties": {name: fact_schema(spec, lang) for name, spec in pack.facts.items()},
    }
