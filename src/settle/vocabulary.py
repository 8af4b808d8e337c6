"""The shared vocabulary of facts (vocabulary/facts.yaml) and its mapping to each pack's own
facts and categories (policies/<pack>/vocabulary.yaml), for cross-city comparison.

A mapping entry says where a shared fact goes: `to` one or more pack facts, `values` to
rename categories (or to turn a yes/no into categories: `{"true": ..., "false": ...}`), and `as`
to convert: `open_period` (a start date to one running period),
`sum` (a per-year record to its total, times `factor`), `years_since` (a start date to whole
years), `same` (the default).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from settle.packs.pack import Pack
from settle.packs.yaml_source import YamlDocument
from settle.paths import _locate
from settle.rules.dates import completed_years

Conversion = Literal["same", "open_period", "sum", "years_since"]
CONVERSIONS: tuple[Conversion, ...] = ("same", "open_period", "sum", "years_since")


class VocabularyError(ValueError):
    """A vocabulary.yaml entry that cannot be used, or a person's value a mapping cannot convert;
    the message names the file and line, the entry, the value and what is allowed."""


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    to: list[str]
    values: dict[str, str] = {}
    convert: Conversion = "same"
    factor: Decimal = Decimal(1)


def vocabulary_dir() -> Path:
    return _locate("SETTLE_VOCABULARY", "vocabulary")


@lru_cache(maxsize=1)
def shared_facts() -> dict[str, Any]:
    data: dict[str, Any] = YamlDocument(vocabulary_dir() / "facts.yaml").data["facts"]
    return data


def _mapping(pack: Pack, name: str, entry: Any, at: str) -> Mapping:
    """One checked entry of a pack's vocabulary.yaml."""
    if not isinstance(entry, dict) or "to" not in entry:
        raise VocabularyError(f"{at}: needs `to:`, the fact(s) of {pack.id} it goes to")
    to = entry["to"] if isinstance(entry["to"], list) else [entry["to"]]
    for target in to:
        if target not in pack.facts:
            raise VocabularyError(f"{at}: to {target!r} is not a fact of {pack.id} "
                                  f"(its facts.yaml declares: {', '.join(sorted(pack.facts))})")
    convert = entry.get("as", "same")
    if convert not in CONVERSIONS:
        raise VocabularyError(f"{at}: as {convert!r} is not a conversion; allowed: {', '.join(CONVERSIONS)}")
    values = entry.get("values", {})
    if not isinstance(values, dict):
        raise VocabularyError(f"{at}: values must map each shared category to one of {pack.id}'s")
    for target in to:
        allowed = pack.facts[target].values
        wrong = sorted({str(v) for v in values.values()} - set(allowed or {}))
        if allowed is not None and wrong:
            raise VocabularyError(f"{at}: value {wrong[0]!r} is not a category of {pack.id}'s "
                                  f"{target} (allowed: {', '.join(allowed)})")
    try:
        factor = Decimal(str(entry.get("factor", 1)))
    except ArithmeticError:
        raise VocabularyError(f"{at}: factor {entry.get('factor')!r} is not a number") from None
    return Mapping(to=to, values={_key(k): str(v) for k, v in values.items()}, convert=convert,
                   factor=factor)


def pack_mapping(pack: Pack) -> dict[str, Mapping]:
    """The pack's vocabulary.yaml (none: {}), each entry checked against the shared vocabulary
    and the pack's facts; raises VocabularyError."""
    path = pack.root / "vocabulary.yaml"
    if not path.is_file():
        return {}
    doc = YamlDocument(path)
    where = f"{pack.id}/vocabulary.yaml"
    raw = doc.data.get("maps", {}) if isinstance(doc.data, dict) else None
    if not isinstance(raw, dict):
        raise VocabularyError(f"{where}: `maps:` must map each shared fact to an entry")
    shared = shared_facts()
    out = {}
    for name, entry in raw.items():
        at = f"{where}:{doc.line_of(['maps', name])} maps.{name}"
        if name not in shared:
            raise VocabularyError(f"{at}: {name!r} is not a fact of the shared vocabulary "
                                  f"(vocabulary/facts.yaml: {', '.join(shared)})")
        out[name] = _mapping(pack, name, entry, at)
    return out


def _key(value: Any) -> Any:
    """A category, or a yes/no as `true`/`false` (a yes/no shared fact mapped to categories)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _convert(mapping: Mapping, value: Any, on: dt.date) -> Any:
    if mapping.values:
        if isinstance(value, bool):
            value = _key(value)
        if not isinstance(value, str) or value not in mapping.values:
            raise VocabularyError(f"no category for {value!r} (mapped: {', '.join(mapping.values)})")
        return mapping.values[value]
    if mapping.convert == "open_period":
        start = dt.date.fromisoformat(str(value))
        return [{"from": f"{start:%Y-%m}", "to": None}]
    if mapping.convert == "sum":
        if not isinstance(value, dict):
            raise VocabularyError(f"{value!r} is not a per-year record (write {{year: amount}})")
        return str(sum((Decimal(str(v)) for v in dict(value).values()), Decimal(0)) * mapping.factor)
    if mapping.convert == "years_since":
        return completed_years(dt.date.fromisoformat(str(value)), on)
    return value


def to_pack_facts(pack: Pack, facts: dict[str, Any],
                  on: dt.date | None = None) -> tuple[dict[str, Any], list[str]]:
    """The person's shared-vocabulary facts as `pack`'s facts, and the shared facts it does
    not use. Unknown shared facts are refused."""
    vocabulary = shared_facts()
    unknown = sorted(set(facts) - set(vocabulary))
    if unknown:
        raise VocabularyError(f"not in the shared vocabulary (vocabulary/facts.yaml): {', '.join(unknown)}")
    day = on or pack.meta.default_evaluation_date
    mapping = pack_mapping(pack)
    out: dict[str, Any] = {}
    unused = []
    for name, value in facts.items():
        if name not in mapping:
            unused.append(name)
            continue
        try:
            converted = _convert(mapping[name], value, day)
        except ValueError as exc:
            raise VocabularyError(f"{name}: {exc}") from None
        for target in mapping[name].to:
            out[target] = converted
    return out, unused
