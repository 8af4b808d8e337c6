"""Forms built from a pack's facts.yaml, and submitted forms read back into facts.

The pack drives the form: a new city or fact needs no template code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from settle.i18n import Lang, unit_text
from settle.packs.pack import Pack
from settle.packs.schema import FactSpec


@dataclass
class FieldView:
    name: str
    label: str
    hint: str
    kind: str
    unit: str
    required: bool
    options: list[tuple[str, str]] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    value: Any = None
    error: str | None = None
    step: str = "1"


def field_views(packs: list[Pack], lang: Lang, values: dict[str, Any], errors: dict[str, str],
                on: dt.date) -> list[FieldView]:
    """One field per fact of the packs (a fact shared by two packs appears once)."""
    seen: set[str] = set()
    views = []
    for pack in packs:
        for name, spec in pack.facts.items():
            if name in seen:
                continue
            seen.add(name)
            views.append(_view(name, spec, lang, values.get(name), errors.get(name), on))
    return views


def _view(name: str, spec: FactSpec, lang: Lang, value: Any, error: str | None, on: dt.date) -> FieldView:
    hint = spec.description(lang) if spec.description is not None else ""
    view = FieldView(name=name, label=spec.title(lang), hint=hint, kind=spec.type,
                     unit=unit_text(spec.unit)(lang) if spec.unit else "", required=spec.required,
                     value=value, error=error)
    if spec.type == "category":
        view.options = [(key, text(lang)) for key, text in (spec.values or {}).items()]
    if spec.type == "by_year":
        view.years = list(range(on.year - 4, on.year + 1))
        view.value = value or {}
    if spec.type == "decimal" and spec.scale:
        view.step = "0." + "0" * (spec.scale - 1) + "1"
    if spec.type == "boolean" and value is None:
        view.value = bool(spec.default)
    return view


def read_form(packs: list[Pack], form: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """Facts from submitted form fields (empty fields are left out), and errors found while
    reading them (the engine checks the rest)."""
    facts: dict[str, Any] = {}
    errors: dict[str, str] = {}
    specs: dict[str, FactSpec] = {}
    for pack in packs:
        for name, spec in pack.facts.items():
            specs.setdefault(name, spec)
    for name, spec in specs.items():
        if spec.type == "boolean":
            facts[name] = form.get(name) == "on"
        elif spec.type == "by_year":
            years = {key.split(".", 1)[1]: value.strip() for key, value in form.items()
                     if key.startswith(f"{name}.") and value.strip()}
            if years:
                facts[name] = years
        elif spec.type == "periods":
            start = form.get(f"{name}.from", "").strip()
            if start:
                end = form.get(f"{name}.to", "").strip() or None
                facts[name] = [{"from": start, "to": end}]
        elif spec.type == "integer_list":
            text = form.get(name, "").strip()
            if text:
                try:
                    facts[name] = [int(part) for part in text.replace("，", ",").split(",") if part.strip()]
                except ValueError:
                    errors[name] = "write whole numbers separated by commas"
        else:
            value = form.get(name, "").strip()
            if value:
                facts[name] = value
    return facts, errors


def facts_of(pack: Pack, facts: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in facts.items() if name in pack.facts}
