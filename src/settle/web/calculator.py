"""The migrant's calculator page: its steps of questions with their fields, the answers checked
step by step, and the result in words a person reads (citations by the document's title and
article, the quoted line on demand; conditions that block first, what they need; services
that wait for an answer apart from those that are not open).

The scoring is the one-person engine; the services are `settle.services.assessment`; the
steps, the day, the line and the reading of conditions are `settle.services.self_assessment`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from settle import words
from settle.i18n import Lang, unit_text
from settle.language.facts import BadFact, check_fact
from settle.language.facts.words import fact_words
from settle.language.text import Text
from settle.packs import default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.packs.pack import Pack
from settle.packs.schema import Citation
from settle.packs.sources import quote
from settle.rules.engine import evaluate
from settle.rules.explain import sentence, step_lines
from settle.rules.facts import InvalidFacts
from settle.rules.result import ConditionResult, EligibilityResult, Result
from settle.services.assessment import CityAssessment, ServiceAssessment
from settle.services.self_assessment import (
    SERVICES_STEP,
    Conditions,
    QuestionStep,
    Standing,
    read_conditions,
    service_conditions,
    standing,
)
from settle.web.forms import FieldView, facts_of, field_views

QUOTE_CHARS = 600


def c(key: str, lang: Lang, **values: Any) -> str:
    """A word of the calculator (src/settle/words/calculator.yaml)."""
    return words.word("calculator", key, lang, **values)


# ---------------------------------------------------------------- the questions


@dataclass
class GroupView:
    id: str
    title: str
    fields: list[FieldView]
    open: bool
    required: bool


@dataclass
class StepView:
    index: int
    id: str
    title: str
    groups: list[GroupView]

    @property
    def fields(self) -> list[FieldView]:
        return [f for g in self.groups for f in g.fields]


def anchor(f: FieldView) -> str:
    """The id of a field's first control (where an error summary's link and focus go)."""
    if f.widget == "years":
        return f"{f.name}.{f.years[0]}" if f.years else f.name
    if f.widget == "months":
        return f"{f.name}.from"
    return f.name


def step_views(steps: list[QuestionStep], packs: list[Pack], lang: Lang, values: dict[str, Any],
               errors: dict[str, str], on: dt.date) -> list[StepView]:
    """The steps with a field for each question; a group opens when it is required, answered
    or wrong (the others wait closed: a person skips what does not apply)."""
    fields = {f.name: f for f in field_views(packs, lang, values, errors, on)}
    for f in fields.values():
        owner = next(p for p in packs if f.name in p.facts)
        f.hint = plain_words(f.hint, owner, lang)
    views = []
    for index, step in enumerate(steps):
        groups = []
        for group in step.groups:
            shown = [fields[name] for name in group.facts if name in fields]
            opened = group.required or any(f.name in values or f.error for f in shown)
            if step.id == SERVICES_STEP:
                opened = any(f.name in values or f.error for f in shown)
            groups.append(GroupView(id=group.id, title=group.title(lang), fields=shown, open=opened,
                                    required=group.required))
        views.append(StepView(index=index, id=step.id, title=step.title(lang), groups=groups))
    return views


def step_of(steps: list[QuestionStep], fact: str) -> int:
    for index, step in enumerate(steps):
        if fact in step.facts:
            return index
    return 0


# ---------------------------------------------------------------- checking answers


def _label(packs: list[Pack], name: str, lang: Lang) -> str:
    for pack in packs:
        if name in pack.facts:
            return pack.facts[name].title(lang)
    return c("the_day", lang) if name == "as_of" else name


def problem_words(packs: list[Pack], name: str, value: Any, why: Text | str, lang: Lang) -> str:
    """'volunteer hours: “-5” — below the minimum 0': the field, the value, the rule."""
    reason = why(lang) if isinstance(why, Text) else why
    label = _label(packs, name, lang)
    shown = "" if value is None else value if isinstance(value, str) else str(value)
    if not shown or shown in reason:  # the reason quotes the value already
        return c("problem_no_value", lang, field=label, why=reason)
    return c("problem", lang, field=label, value=shown[:60], why=reason)


def check_answers(packs: list[Pack], facts: dict[str, Any], only: set[str] | None,
                  lang: Lang) -> dict[str, str]:
    """The problems of the answers given (each fact's own checks, and required answers left
    empty), for the facts of `only` (None: every fact of the points pack, `packs[0]`)."""
    errors: dict[str, str] = {}
    specs: dict[str, Any] = {}
    for pack in packs:
        for name, spec in pack.facts.items():
            specs.setdefault(name, spec)
    for name, spec in specs.items():
        if only is not None and name not in only:
            continue
        if name not in facts:
            if spec.required and name in packs[0].facts:
                errors[name] = problem_words(packs, name, None, fact_words("fact_required"), lang)
            continue
        try:
            check_fact(name, spec, facts[name])
        except BadFact as bad:
            errors[name] = problem_words(packs, name, facts[name], bad.words, lang)
    return errors


def running_result(pack: Pack, facts: dict[str, Any], day: dt.date) -> Result | None:
    """The score so far, or None while the answers cannot be scored (a required one missing)."""
    try:
        return evaluate(pack, facts_of(pack, facts), as_of=day)
    except InvalidFacts:
        return None


# ---------------------------------------------------------------- the packs' own words


NAMED = re.compile(r"`([a-z][a-z0-9_]*)`|\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")
PACK_ID = re.compile(r"\b[a-z]+(?:-[a-z0-9]+)*-\d{4}\b")


def plain_words(words_of_pack: str, pack: Pack, lang: Lang) -> str:
    """A reading or gap of a pack as a person reads it: an option, a fact, a parameter or
    another pack named by its id (`table_4_staged_services`, annual_quota_assumed,
    hangzhou-residence-permit-rights-2017) is named by its title instead."""
    def named(found: re.Match[str]) -> str:
        name = found.group(1) or found.group(2)
        if name in pack.options:
            return c("named", lang, title=pack.options[name].title(lang))
        if name in pack.facts:
            return c("named", lang, title=pack.facts[name].title(lang))
        if name in pack.meta.parameters:
            return c("named", lang, title=pack.meta.parameters[name].title(lang))
        return found.group(0)

    def pack_named(found: re.Match[str]) -> str:
        try:
            other = default_catalogue().load(found.group(0))
        except UnknownPack:
            return found.group(0)
        return c("named_pack", lang, title=other.meta.title(lang))

    return PACK_ID.sub(pack_named, NAMED.sub(named, words_of_pack))


def gap_words(pack: Pack, lang: Lang) -> list[str]:
    """What the pack's sources leave open and how the pack reads it, in `lang`."""
    return [plain_words(gap(lang), pack, lang) for gap in pack.meta.gaps]


# ---------------------------------------------------------------- citations


@dataclass
class CiteView:
    """A citation as a person reads it: the document's title, where in it, the quoted lines,
    and the pack's note, in the language it is written in (`note_lang`)."""

    title: str
    where: str
    quote: str | None
    note: str | None = None
    note_lang: Lang = "en"


def cite_view(cite: Citation, pack: Pack, lang: Lang) -> CiteView:
    source = next((s for s in pack.meta.sources if s.id == cite.source), None)
    title = source.title(lang) if source is not None else cite.source
    parts = []
    if cite.article:
        parts.append(cite.article)
    span = cite.line_range()
    if span is not None:
        first, last = span
        parts.append(c("lines_one", lang, line=first) if first == last
                     else c("lines_many", lang, first=first, last=last))
    quoted = None
    if span is not None and source is not None:
        found = quote(source.file, *span)
        if found:
            quoted = found if len(found) <= QUOTE_CHARS else found[:QUOTE_CHARS] + "…"
    # the packs' notes are written in English only: a Chinese page shows them marked as English,
    # with the options, facts, parameters and packs they name given by their Chinese titles
    note = plain_words(cite.note, pack, lang) if cite.note else None
    return CiteView(title=title, where=c("list_sep", lang).join(parts), quote=quoted, note=note)


# ---------------------------------------------------------------- the result


@dataclass
class ConditionView:
    title: str
    reasons: list[str]
    cite: CiteView


@dataclass
class VerdictView:
    verdict: str
    blocking: list[ConditionView] = field(default_factory=list)
    waiting: list[ConditionView] = field(default_factory=list)
    met: list[ConditionView] = field(default_factory=list)
    to_answer: list[tuple[str, str]] = field(default_factory=list)  # (question, field anchor)


def failed_reasons(detail: ConditionResult, lang: Lang) -> list[str]:
    """The sentences of the innermost parts that failed: what would lift the condition."""
    if detail.met:
        return []
    unmet = [p for p in detail.parts if not p.met]
    if not unmet:
        return [sentence(detail.why, lang)]
    return [line for part in unmet for line in failed_reasons(part, lang)]


def _condition(rule: EligibilityResult, pack: Pack, lang: Lang) -> ConditionView:
    reasons = failed_reasons(rule.detail, lang) if not rule.met else [sentence(rule.detail.why, lang)]
    return ConditionView(title=rule.title(lang), reasons=reasons, cite=cite_view(rule.cite, pack, lang))


def verdict_view(pack: Pack, read: Conditions, lang: Lang, fields: dict[str, str]) -> VerdictView:
    def question(name: str) -> tuple[str, str]:
        spec = pack.facts.get(name)
        return (spec.title(lang) if spec is not None else name, fields.get(name, name))

    return VerdictView(verdict=read.verdict,
                       blocking=[_condition(r, pack, lang) for r in read.blocking],
                       waiting=[_condition(r, pack, lang) for r in read.waiting],
                       met=[_condition(r, pack, lang) for r in read.met],
                       to_answer=[question(f) for f in read.to_answer])


@dataclass
class ItemView:
    no: str
    title: str
    points: Decimal
    lines: list[str]
    reading: str | None
    cite: CiteView


@dataclass
class GroupScore:
    title: str
    points: Decimal
    share: float  # of the widest bar, 0-100
    items: list[ItemView]


def group_scores(pack: Pack, result: Result, lang: Lang) -> list[GroupScore]:
    """Each item group's subtotal (bars drawn to the largest one) and its items."""
    widest = max([abs(v) for v in result.subtotals.values()] + [Decimal(1)])
    scores = []
    for group_id, subtotal in result.subtotals.items():
        title = result.groups[group_id](lang) if group_id in result.groups else group_id
        items = [ItemView(no=i.no, title=i.title(lang), points=i.points,
                          lines=step_lines(i.step, lang, brief=True),
                          reading=plain_words(i.reading(lang), pack, lang) if i.reading is not None else None,
                          cite=cite_view(i.cite, pack, lang))
                 for i in result.items if i.group == group_id]
        scores.append(GroupScore(title=title, points=subtotal,
                                 share=float(abs(subtotal) / widest * 100), items=items))
    return scores


@dataclass
class StandingView:
    total: Decimal
    line: Decimal | None
    line_title: str | None
    line_cite: CiteView | None
    gap: Decimal | None
    reached: bool | None
    total_share: float
    line_share: float
    quotas: list[tuple[str, str, int | None, CiteView]]


def standing_view(pack: Pack, result: Result, lang: Lang) -> StandingView:
    found: Standing = standing(pack, result)
    scale = max([found.total, found.line or Decimal(0), Decimal(1)])
    return StandingView(
        total=found.total, line=found.line,
        line_title=found.line_title(lang) if found.line_title is not None else None,
        line_cite=cite_view(found.line_cite, pack, lang) if found.line_cite is not None else None,
        gap=found.gap, reached=found.reached,
        total_share=float(max(found.total, Decimal(0)) / scale * 100),
        line_share=float((found.line or Decimal(0)) / scale * 100),
        quotas=[(q.round_title(lang), q.title(lang), q.places, cite_view(q.cite, pack, lang))
                for q in found.quotas])


@dataclass
class ServiceView:
    title: str
    verdict: VerdictView
    benefit: str
    path: list[str]


def service_views(city: CityAssessment, given: set[str], lang: Lang, fields: dict[str, str],
                  path_lines: Any) -> list[ServiceView]:
    """Each service: eligible (with what it gives), not eligible (what blocks it first), or
    waiting for answers (the questions to answer to check it)."""
    views = []
    for service in city.services:
        read = service_conditions(service, given)
        view = verdict_view(service.pack, read, lang, fields)
        views.append(ServiceView(title=service.pack.meta.title(lang), verdict=view,
                                 benefit=_benefit(service, lang) if read.verdict == "eligible" else "",
                                 path=path_lines(service.pack, service.path, lang)
                                 if read.verdict == "not_eligible" else []))
    order = {"eligible": 0, "not_eligible": 1, "to_answer": 2, "incomplete": 3}
    return sorted(views, key=lambda v: order[v.verdict.verdict])


def _benefit(service: ServiceAssessment, lang: Lang) -> str:
    found = service.benefit_words(lang)
    if found:
        return found
    if service.amount is not None:
        return f"{service.amount} {unit_text(service.pack.meta.amount_unit)(lang)}"
    return ""


def points_verdict(pack: Pack, result: Result, given: set[str], lang: Lang,
                   fields: dict[str, str]) -> VerdictView:
    return verdict_view(pack, read_conditions(pack, result, given), lang, fields)
