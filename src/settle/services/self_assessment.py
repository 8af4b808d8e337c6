"""The migrant's calculator: which questions come in which step, the day a score is computed
for, the pack's points line and rounds beside the score, and what the answers cannot decide yet.

A person answers one group of questions at a time: a step per item group of the points pack
(each item's questions together), then the conditions' own questions, then each service's.
A condition that reads a question the person has not answered is neither met nor failed: it
asks for that answer ("answer these to check"), so no service says "not eligible" — or
"still a minor child" — on a default the person never chose.

The self-assessment page and its tests use these; the scoring itself is the one-person engine
and `settle.services.assessment` (the same service as the CLI and the API).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from settle.language.conditions import All, AnyOf, AtLeast, ConditionBase, FactTest, Not, PointsTest
from settle.language.parameters import ParamRef
from settle.language.result import ConditionResult
from settle.language.text import Text
from settle.packs.checks import walk_conditions
from settle.packs.numbers import Numbers
from settle.packs.pack import Pack
from settle.packs.routing import base_facts, facts_read_by_item
from settle.packs.schema import Citation
from settle.rules.result import EligibilityResult, Result
from settle.services.assessment import ServiceAssessment, Verdict
from settle.words import text

CONDITIONS_STEP = "conditions"
SERVICES_STEP = "services"


@dataclass(frozen=True)
class QuestionGroup:
    """The questions of one points item, one eligibility block or one service."""

    id: str
    title: Text
    facts: tuple[str, ...]
    required: bool = False  # holds a fact the pack requires: shown open, never skipped


@dataclass(frozen=True)
class QuestionStep:
    """One step of the calculator: a title and its groups of questions."""

    id: str
    title: Text
    groups: tuple[QuestionGroup, ...]

    @property
    def facts(self) -> list[str]:
        return [fact for group in self.groups for fact in group.facts]


def _inputs(pack: Pack, names: list[str]) -> list[str]:
    """The input facts behind `names` (derived facts give the facts they are computed from)."""
    found: list[str] = []
    for name in names:
        for fact in base_facts(pack, name):
            if fact not in found:
                found.append(fact)
    return found


def _ordered(pack: Pack, facts: set[str]) -> tuple[str, ...]:
    return tuple(name for name in pack.facts if name in facts)


def condition_facts(pack: Pack, rule_id: str) -> list[str]:
    """The input facts an eligibility rule of `pack` reads."""
    for rule in pack.eligibility:
        if rule.id == rule_id:
            return _inputs(pack, [f for c in walk_conditions(rule.condition) for f in c.facts_read()])
    return []


def question_steps(pack: Pack, services: list[Pack]) -> list[QuestionStep]:
    """The steps of the calculator for `pack` and the city's `services`: one per item group
    (groups with no question left out), the conditions' questions, then the services'."""
    numbers = Numbers(pack, pack.meta.default_evaluation_date)
    readers = facts_read_by_item(pack)
    read_by: dict[str, list[str]] = {}
    for name, items in readers.items():
        for item_id in items:
            read_by.setdefault(item_id, []).append(name)
    placed: set[str] = set()
    steps: list[QuestionStep] = []
    for group in pack.meta.groups:
        groups = []
        for item in pack.items:
            if item.group != group.id:
                continue
            own = set(_inputs(pack, read_by.get(item.id, []))) - placed
            if not own:
                continue
            placed |= own
            facts = _ordered(pack, own)
            groups.append(QuestionGroup(id=item.id, title=numbers.words(item.title), facts=facts,
                                        required=any(pack.facts[f].required for f in facts)))
        if groups:
            steps.append(QuestionStep(id=group.id, title=group.title, groups=tuple(groups)))
    rest = set(pack.facts) - placed
    if rest:
        facts = _ordered(pack, rest)
        steps.append(QuestionStep(id=CONDITIONS_STEP, title=text("calculator", "step_conditions"),
                                  groups=(QuestionGroup(id=CONDITIONS_STEP, title=text(
                                      "calculator", "step_conditions"), facts=facts, required=True),)))
        placed |= rest
    service_groups = []
    for service in services:
        own = set(service.facts) - placed
        if not own:
            continue
        placed |= own
        service_groups.append(QuestionGroup(id=service.id, title=service.meta.title,
                                            facts=_ordered(service, own)))
    if service_groups:
        steps.append(QuestionStep(id=SERVICES_STEP, title=text("calculator", "step_services"),
                                  groups=tuple(service_groups)))
    return steps


DayReason = Literal["chosen", "today", "pack_date"]


@dataclass(frozen=True)
class AssessmentDay:
    """The day a score is computed for, and why that day: chosen by the person, today, or the
    pack's own evaluation date when the pack is not in force today."""

    day: dt.date
    reason: DayReason

    def words(self, pack: Pack, lang: Literal["en", "zh"]) -> str:
        meta = pack.meta
        return text("calculator", f"day_{self.reason}", day=self.day.isoformat(),
                    pack_day=meta.default_evaluation_date.isoformat(), period=validity(pack))(lang)


def validity(pack: Pack) -> Text:
    """'2025-06-30 – 2026-12-31', or '2017-10-01 onwards'."""
    meta = pack.meta
    if meta.effective_to is None:
        return text("calculator", "period_open", since=meta.effective_from.isoformat())
    return text("calculator", "period", since=meta.effective_from.isoformat(),
                until=meta.effective_to.isoformat())


class DayOutsidePack(ValueError):
    """A chosen day on which the pack is not in force (names the day and the pack's period)."""

    def __init__(self, pack: Pack, raw: str, words: Text) -> None:
        super().__init__(words.en)
        self.pack = pack
        self.raw = raw
        self.words = words


def assessment_day(pack: Pack, chosen: str | None, today: dt.date) -> AssessmentDay:
    """The day to compute for: `chosen` (an ISO date) when given, else today when the pack is
    in force today, else the pack's evaluation date. Raises DayOutsidePack for a chosen day
    that is not a date or on which the pack is not in force. A chosen day that is the default
    day (the form sends the day it showed) keeps the default's reason."""
    default = AssessmentDay(today, "today") if pack.applies_on(today) else \
        AssessmentDay(pack.meta.default_evaluation_date, "pack_date")
    if chosen and chosen.strip() != default.day.isoformat():
        try:
            day = dt.date.fromisoformat(chosen.strip())
        except ValueError:
            raise DayOutsidePack(pack, chosen, text("calculator", "day_not_a_date")) from None
        if not pack.applies_on(day):
            raise DayOutsidePack(pack, chosen, text("calculator", "day_outside", period=validity(pack)))
        return AssessmentDay(day, "chosen")
    return default


@dataclass(frozen=True)
class Quota:
    """One quota line of a round the pack holds: its title, its places, its source."""

    round_title: Text
    title: Text
    places: int | None
    cite: Citation


@dataclass(frozen=True)
class Standing:
    """Where a total stands: the pack's points line (None: the sources give none) with its
    source, the gap to it, and the rounds' quotas the pack holds. The sources publish no
    round's cut-off score; the page says so beside the quotas."""

    total: Decimal
    line: Decimal | None
    line_title: Text | None
    line_cite: Citation | None
    quotas: list[Quota]

    @property
    def gap(self) -> Decimal | None:
        """Points still missing to the line (0 when reached); None without a line."""
        return None if self.line is None else max(Decimal(0), self.line - self.total)

    @property
    def reached(self) -> bool | None:
        return None if self.line is None else self.total >= self.line


def standing(pack: Pack, result: Result) -> Standing:
    """The line a total must reach under `pack` (the eligibility rule that compares the total
    points) and the quota lines of the pack's rounds, on the result's day."""
    numbers = Numbers(pack, result.as_of)
    line = title = cite = None
    for rule in pack.eligibility:
        for cond in walk_conditions(rule.condition):
            if isinstance(cond, PointsTest) and cond.points == "total" and cond.op in (">=", ">"):
                if isinstance(cond.value, ParamRef):
                    use = numbers.lookup(cond.value.param)
                    line, title, cite = Decimal(str(use.value)), use.title, use.cite
                else:
                    line, title, cite = Decimal(str(cond.value)), rule.title, rule.cite
    quotas = []
    for round_ in pack.meta.rounds:
        for quota_line in round_.lines:
            places = quota_line.quota
            if isinstance(places, ParamRef):
                places = int(numbers.lookup(places.param).value)
            quotas.append(Quota(round_title=round_.title, title=quota_line.title, places=places,
                                cite=quota_line.cite))
    return Standing(total=result.total, line=line, line_title=title, line_cite=cite, quotas=quotas)


@dataclass(frozen=True)
class Conditions:
    """The conditions of one result, read against the answers given: those that block (failed
    on answered questions), those that wait for answers, and those met."""

    verdict: Verdict
    blocking: list[EligibilityResult] = field(default_factory=list)
    waiting: list[EligibilityResult] = field(default_factory=list)
    met: list[EligibilityResult] = field(default_factory=list)
    to_answer: list[str] = field(default_factory=list)


def settled(pack: Pack, condition: ConditionBase, outcome: ConditionResult,
            given: set[str]) -> tuple[bool | None, list[str]]:
    """Whether `condition` holds whatever the questions not in `given` are answered, read part
    by part with its `outcome` (three-valued: an any-of with one part met on answers given is
    met; an all-of with one part failed on answers given fails), and, when it is not settled
    (None), the questions of its unsettled parts."""
    if isinstance(condition, FactTest):
        wanted = [f for f in base_facts(pack, condition.fact) if f not in given]
        return (None, wanted) if wanted else (outcome.met, [])
    if isinstance(condition, PointsTest):
        return outcome.met, []
    children = condition.children()
    if not isinstance(condition, (All, AnyOf, AtLeast, Not)) or len(children) != len(outcome.parts):
        return None, [f for c in walk_conditions(condition) for f in c.facts_read() if f not in given]
    parts = [settled(pack, c, o, given) for c, o in zip(children, outcome.parts, strict=True)]
    values = [value for value, _ in parts]
    if isinstance(condition, Not):
        known = None if values[0] is None else not values[0]
    else:
        need = (len(values) if isinstance(condition, All) else
                1 if isinstance(condition, AnyOf) else condition.at_least)
        met, open_ = values.count(True), values.count(None)
        known = True if met >= need else False if met + open_ < need else None
    if known is not None:
        return known, []
    return None, list(dict.fromkeys(f for value, wanted in parts if value is None for f in wanted))


def read_conditions(pack: Pack, result: Result, given: set[str]) -> Conditions:
    """Sort `result`'s conditions: one that the answers given do not settle waits for the
    questions it reads that are not in `given`, whether the default made it met or not (one
    settled already, such as an any-of with a part met, does not); a failed one blocks. The
    verdict: not eligible when one blocks, else to answer when one waits, else eligible."""
    blocking, waiting, met, to_answer = [], [], [], []
    rules = {r.id: r for r in pack.eligibility_with_options(result.options)}
    for rule in result.eligibility:
        unanswered = [f for f in condition_facts(pack, rule.id) if f not in given]
        known: bool | None = rule.met
        if unanswered and rule.id in rules:
            known, wanted = settled(pack, rules[rule.id].condition, rule.detail, given)
            unanswered = [f for f in unanswered if f in wanted]
        elif unanswered:
            known = None
        if known is None:
            waiting.append(rule)
            to_answer += [f for f in unanswered if f not in to_answer]
        elif known:
            met.append(rule)
        else:
            blocking.append(rule)
    verdict: Verdict = "not_eligible" if blocking else "to_answer" if waiting else "eligible"
    return Conditions(verdict=verdict, blocking=blocking, waiting=waiting, met=met,
                      to_answer=to_answer)


def service_conditions(service: ServiceAssessment, given: set[str]) -> Conditions:
    """A service's conditions against the answers given; a service whose facts cannot be read
    at all (a required answer missing) waits for those answers."""
    if service.result is None:
        fields = [p.field for p in (service.wrong_facts or service.missing_facts)]
        return Conditions(verdict="incomplete" if service.wrong_facts else "to_answer",
                          to_answer=list(dict.fromkeys(fields)))
    return read_conditions(service.pack, service.result, given)

