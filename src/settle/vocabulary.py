"""The shared vocabulary of facts (vocabulary/facts.yaml) and its mapping to each pack's own
facts and categories (policies/<pack>/vocabulary.yaml), for cross-city comparison.

A mapping entry says where a shared fact goes: `to` one or more pack facts, `values` to
rename categories, and `as` to convert: `open_period` (a start date to one running period),
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


class Mapping(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    to: list[str]
    values: dict[str, str] = {}
    convert: Literal["same", "open_period", "sum", "years_since"] = "same"
    factor: Decimal = Decimal(1)


def vocabulary_dir() -> Path:
    return _locate("SETTLE_VOCABULARY", "vocabulary")


@lru_cache(maxsize=1)
def shared_facts() -> dict[str, Any]:
    data: dict[str, Any] = YamlDocument(vocabulary_dir() / "facts.yaml").data["facts"]
    return data


def pack_mapping(pack: Pack) -> dict[str, Mapping]:
    path = pack.root / "vocabulary.yaml"
    if not path.is_file():
        return {}
    raw = YamlDocument(path).data.get("maps", {})
    out = {}
    for name, entry in raw.items():
        to = entry["to"] if isinstance(entry["to"], list) else [entry["to"]]
        out[name] = Mapping(to=to, values=entry.get("values", {}), convert=entry.get("as", "same"),
                            factor=Decimal(str(entry.get("factor", 1))))
    return out


def _convert(mapping: Mapping, value: Any, on: dt.date) -> Any:
    if mapping.values and isinstance(value, str):
        if value not in mapping.values:
            raise ValueError(f"no category for {value!r} (mapped: {', '.join(mapping.values)})")
        return mapping.values[value]
    if mapping.convert == "open_period":
        start = dt.date.fromisoformat(str(value))
        return [{"from": f"{start:%Y-%m}", "to": None}]
    if mapping.convert == "sum":
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
        raise ValueError(f"not in the shared vocabulary (vocabulary/facts.yaml): {', '.join(unknown)}")
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
            raise ValueError(f"{name}: {exc}") from None
        for target in mapping[name].to:
            out[target] = converted
    return out, unused
