"""The JSON Schema of the facts a pack asks for, generated from facts.yaml."""

from __future__ import annotations

from typing import Any

from settle.i18n import Lang
from settle.packs.pack import Pack
from settle.packs.schema import FactSpec


def _number_bounds(spec: FactSpec, schema: dict[str, Any]) -> dict[str, Any]:
    if spec.min is not None:
        schema["minimum"] = int(spec.min) if spec.min == spec.min.to_integral() else float(spec.min)
    if spec.max is not None:
        schema["maximum"] = int(spec.max) if spec.max == spec.max.to_integral() else float(spec.max)
    return schema


def fact_schema(spec: FactSpec, lang: Lang = "en") -> dict[str, Any]:
    """The JSON Schema of one fact."""
    title = spec.title(lang)
    base: dict[str, Any] = {"title": title}
    if spec.description is not None:
        base["description"] = spec.description(lang)
    if spec.unit:
        base["x-unit"] = spec.unit
    kind = spec.type
    if kind == "integer":
        return _number_bounds(spec, {**base, "type": "integer"})
    if kind == "decimal":
        number = _number_bounds(spec, {"type": "number"})
        if spec.scale:
            number["multipleOf"] = float(f"1e-{spec.scale}")
        text = {"type": "string", "pattern": rf"^-?\d+(\.\d{{1,{spec.scale}}})?$"}
        return {**base, "anyOf": [number, text]}
    if kind == "boolean":
        return {**base, "type": "boolean"}
    if kind == "category":
        values = spec.values or {}
        return {**base, "type": "string", "enum": list(values),
                "x-labels": {k: v(lang) for k, v in values.items()}}
    if kind == "date":
        return {**base, "type": "string", "format": "date"}
    if kind == "by_year":
        return {**base, "type": "object", "propertyNames": {"pattern": r"^(19|20|21)\d\d$"},
                "additionalProperties": _number_bounds(spec, {"type": ["number", "string"]})}
    if kind == "periods":
        month = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}
        return {**base, "type": "array", "items": {
            "type": "object", "required": ["from"], "additionalProperties": False,
            "properties": {"from": month, "to": {"anyOf": [month, {"type": "null"}]}}}}
    if kind == "integer_list":
        return {**base, "type": "array", "items": _number_bounds(spec, {"type": "integer"})}
    raise AssertionError(kind)


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
