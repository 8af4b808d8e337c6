"""What one person can get in a city: every service pack of the city evaluated on the
person's facts, each eligible or not with its conditions and their sources, the amount, what
the facts miss, and, where asked, the path to what is not yet open (the earliest date time
alone gets there, the cheapest actions). Nothing is stored and nobody signs in.

The CLI (`settle eligibility`), the API (`POST /services/{city}`) and the self-assessment
page all call `assess_services`; the API answers `ServiceReport`s (`ServiceAssessment.report`),
the CLI and the pages write the same assessment their own way. The path itself is
`settle.services.path`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict

from settle.i18n import Lang
from settle.packs import Pack, default_catalogue
from settle.rules.engine import evaluate
from settle.rules.explain import benefit_text, cite_text, sentence
from settle.rules.facts import FactProblem, InvalidFacts
from settle.rules.pathway import Target
from settle.rules.result import Result
from settle.services.path import PathLimits as PathLimits
from settle.services.path import ServicePath as ServicePath
from settle.services.path import path_to as path_to

if TYPE_CHECKING:
    from settle.services.self_assessment import Conditions


class ConditionReport(BaseModel):
    """One condition of a service, in one language: met or not, why, and its source."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    id: str
    title: str
    met: bool
    why: str
    source: str


class QuestionReport(BaseModel):
    """A question a service waits for: the fact and its title in one language."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    fact: str
    title: str


Verdict = Literal["eligible", "not_eligible", "to_answer", "incomplete"]


class ServiceReport(BaseModel):
    """One service assessed, in one language: eligible or not, the amount (for services that
    pay or grant one), each condition; a service the facts cannot assess lists what they miss,
    and one whose conditions wait for unanswered questions cannot be assessed yet: `verdict`
    is to_answer, `eligible` None and `to_answer` the questions (as the calculator says)."""

    model_config = ConfigDict(frozen=True, from_attributes=True)

    pack: str
    title: str
    assessed: bool
    verdict: Verdict
    eligible: bool | None = None
    amount: Decimal | None = None
    amount_unit: str | None = None
    benefit: str | None = None
    conditions: list[ConditionReport] = []
    missing: list[str] = []
    to_answer: list[QuestionReport] = []


@dataclass(frozen=True)
class ServiceAssessment:
    """One service pack evaluated on the facts it declares: the result, or the problems that
    keep the facts from being assessed; the path when asked for and not yet eligible."""

    pack: Pack
    facts: dict[str, Any]
    result: Result | None
    problems: tuple[FactProblem, ...] = ()
    path: ServicePath | None = None

    @property
    def assessed(self) -> bool:
        return self.result is not None

    @property
    def eligible(self) -> bool | None:
        return None if self.result is None else self.result.eligible

    @property
    def verdict(self) -> Verdict:
        """eligible, not_eligible, to_answer (a condition waits for a question the person did
        not answer: it cannot be assessed yet) or incomplete (a fact given is wrong)."""
        return self.read_conditions().verdict

    @property
    def to_answer(self) -> list[str]:
        """The questions (facts) the undecided conditions wait for, in the pack's order."""
        return self.read_conditions().to_answer

    def read_conditions(self) -> Conditions:
        """The conditions read against the facts given, as the calculator reads them: those
        that block, those that wait for an unanswered question, those met."""
        # imported here because settle.services.self_assessment builds on this module
        from settle.services.self_assessment import service_conditions

        return service_conditions(self, set(self.facts))

    @property
    def amount(self) -> Decimal | None:
        """The amount the service grants (its total), for a pack that declares an amount unit."""
        if self.result is None or not self.pack.meta.amount_unit:
            return None
        return self.result.total

    def benefit_words(self, lang: Lang) -> str | None:
        """What a paying service gives, in words: '1,000.00 USD a year (6,630.00 RMB at the
        source's rate ...)'; None for a verdict (eligible says it) or facts that cannot assess it."""
        if self.result is None or self.result.benefit is None or self.result.benefit.money is None:
            return None
        return benefit_text(self.result.benefit, lang)

    @property
    def missing_facts(self) -> list[FactProblem]:
        """Problems with facts the person did not give."""
        return [p for p in self.problems if p.field not in self.facts]

    @property
    def wrong_facts(self) -> list[FactProblem]:
        """Problems with facts the person gave."""
        return [p for p in self.problems if p.field in self.facts]

    def report(self, lang: Lang) -> ServiceReport:
        """The assessment in `lang`, as the API answers it."""
        meta = self.pack.meta
        read = self.read_conditions()
        facts = self.pack.facts
        questions = [QuestionReport(fact=f, title=facts[f].title(lang) if f in facts else f)
                     for f in read.to_answer]
        if self.result is None:
            return ServiceReport(pack=self.pack.id, title=meta.title(lang), assessed=False,
                                 verdict=read.verdict, to_answer=questions,
                                 missing=[f"{p.field}: {p.message}" for p in self.problems])
        documents = self.result.documents
        conditions = [ConditionReport(id=e.id, title=e.title(lang), met=e.met,
                                      why=sentence(e.detail.why, lang),
                                      source=cite_text(e.cite, documents, lang))
                      for e in self.result.eligibility]
        waiting = read.verdict == "to_answer"
        return ServiceReport(pack=self.pack.id, title=meta.title(lang), assessed=not waiting,
                             verdict=read.verdict, eligible=None if waiting else self.result.eligible,
                             to_answer=questions, amount=None if waiting else self.amount,
                             amount_unit=meta.amount_unit, benefit=self.benefit_words(lang),
                             conditions=conditions)


@dataclass(frozen=True)
class CityAssessment:
    """Every service assessed, and the facts given that no service of the city reads."""

    city: str
    services: list[ServiceAssessment]
    unused_facts: list[str]

    def reports(self, lang: Lang) -> list[ServiceReport]:
        return [service.report(lang) for service in self.services]


def service_packs(city: str, on: dt.date | None) -> list[Pack]:
    """The service packs of `city` in force on `on`; every service pack of the city for None."""
    catalogue = default_catalogue()
    if on is not None:
        return catalogue.services(city, on)
    return [p for p in catalogue.all() if p.meta.jurisdiction == city and p.meta.kind == "service"]


def facts_for_pack(pack: Pack, facts: dict[str, Any]) -> dict[str, Any]:
    """The facts a pack declares, from a document that may hold other services' facts too."""
    return {name: value for name, value in facts.items() if name in pack.facts}


def assess_service(pack: Pack, facts: dict[str, Any], *, as_of: dt.date | None = None,
                   path: PathLimits | None = None) -> ServiceAssessment:
    """One pack on the facts it declares (from `facts`), at `as_of` (default: the pack's
    evaluation date); with `path`, the path to eligibility when not eligible."""
    own = facts_for_pack(pack, facts)
    try:
        result = evaluate(pack, own, as_of=as_of)
    except InvalidFacts as exc:
        return ServiceAssessment(pack=pack, facts=own, result=None, problems=tuple(exc.problems))
    found = None
    target = Target()
    if path is not None and not target.reached(result):
        found = path_to(pack, own, target, result.as_of, path)
    return ServiceAssessment(pack=pack, facts=own, result=result, path=found)


def assess_services(*, city: str, packs: list[Pack], facts: dict[str, Any], as_of: dt.date | None = None,
                    path: PathLimits | None = None) -> CityAssessment:
    """Every pack of `packs` (see `service_packs`) on the person's facts; with `path`, the path
    to each service not yet open."""
    known = {name for pack in packs for name in pack.facts}
    return CityAssessment(city=city,
                          services=[assess_service(pack, facts, as_of=as_of, path=path) for pack in packs],
                          unused_facts=sorted(set(facts) - known))
