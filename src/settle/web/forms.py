"""Forms built from a pack's facts.yaml, and submitted forms read back into facts.

The pack drives the form: a new city or fact needs no template code. Each fact's type says
which widget asks for it and how a submitted form is read back (settle.language.facts.types).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from settle.i18n import Lang, unit_text
from settle.language.facts import FACT_TYPES, BadFact
from settle.packs.pack import Pack
from settle.packs.schema import FactSpec


@dataclass
class FieldView:
    """One field of a form: what the page needs to draw the fact's widget (`widget`, chosen
    by the fact's type) and to show its value and error."""

    name: str
    label: str
    hint: str
    kind: str
    unit: str
    required: bool
    widget: str = "number"
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
    kind = FACT_TYPES[spec.type]
    form = kind.form_field(spec, on)
    return FieldView(
        name=name, label=spec.title(lang),
        hint=spec.description(lang) if spec.description is not None else "",
        kind=spec.type, widget=form.widget,
        unit=unit_text(spec.unit)(lang) if spec.unit else "", required=spec.required,
        options=[(key, text(lang)) for key, text in form.options], years=list(form.years),
        value=kind.form_value(spec, value), error=error, step=form.step)


def read_form(packs: list[Pack], form: dict[str, str], lang: Lang = "en", yes_no: bool = False,
              ) -> tuple[dict[str, Any], dict[str, str]]:
    """Facts from submitted form fields (empty fields are left out), and errors found while
    reading them, in `lang` (the engine checks the rest). With `yes_no`, a yes-or-no question
    is asked with two choices and one left unanswered is left out too (not read as no)."""
    facts: dict[str, Any] = {}
    errors: dict[str, str] = {}
    specs: dict[str, FactSpec] = {}
    for pack in packs:
        for name, spec in pack.facts.items():
            specs.setdefault(name, spec)
    for name, spec in specs.items():
        if yes_no and spec.type == "boolean" and not form.get(name):
            continue
        try:
            value = FACT_TYPES[spec.type].read_form(name, form)
        except BadFact as bad:
            errors[name] = bad.words(lang)
            continue
        if value is not None:
            facts[name] = value
    return facts, errors


def facts_of(pack: Pack, facts: dict[str, Any]) -> dict[str, Any]:
    """The facts of `facts` that `pack` asks for."""
    return {name: value for name, value in facts.items() if name in pack.facts}
