"""The schema of a policy pack: what each YAML file may hold.

A pack is a folder:

    pack.yaml          metadata, sources, departments, groups, parameters, ranking
    parameters.yaml    (optional) the dated, cited numbers the rules use
    facts.yaml         the facts the pack asks for, and facts derived from them
    rules/*.yaml       points items, eligibility conditions, alternative readings (options)
    tests/*.yaml       cases named as sentences: facts in, expected result out

The rule language itself is documented in docs/rule-language.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Field, ValidationInfo, model_validator

from settle.language.base import Id, Strict
from settle.language.benefit import Benefit
from settle.language.citation import Citation, Source
from settle.language.conditions import CompareOp, Condition
from settle.language.facts import (
    DerivedPeriodMonths,
    DerivedPeriodOverlap,
    DerivedSpec,
    DerivedTimeSince,
    DerivedWholeYears,
    FactsFile,
    FactSpec,
    FactType,
    RegistrySource,
)
from settle.language.nodes import (
    KINDS,
    Band,
    Bands,
    BestOf,
    Category,
    Fixed,
    Flag,
    Node,
    NodeBase,
    PerEntry,
    PerUnit,
    PerYear,
    SumOf,
)
from settle.language.parameters import Parameter, ParamRef, ParamValue, dated_parameters
from settle.language.text import Text
from settle.packs.distribution import Distribution, DistributionCase

__all__ = [
    "KINDS", "Band", "Bands", "BestOf", "Category", "Citation", "CompareOp", "Condition",
    "DerivedPeriodMonths", "DerivedPeriodOverlap", "DerivedSpec", "DerivedTimeSince",
    "DerivedWholeYears", "FactSpec",
    "FactType", "FactsFile", "Fixed", "Flag", "Id", "Node", "NodeBase", "ParamRef", "Parameter",
    "PerEntry", "PerUnit", "PerYear", "RegistrySource", "Source", "Strict", "SumOf",
]

# ---------------------------------------------------------------- provenance


# ---------------------------------------------------------------- facts

# ---------------------------------------------------------------- conditions

# ---------------------------------------------------------------- rule nodes


# ---------------------------------------------------------------- items, eligibility, options


class Item(Strict):
    """One points item of the pack's table."""

    id: Id
    no: str
    group: Id
    title: Text
    departments: list[Id] = []
    cite: Citation
    reading: Text | None = None
    rule: Node


class EligibilityRule(Strict):
    """One condition an applicant must meet."""

    id: Id
    title: Text
    cite: Citation
    condition: Condition


class Option(Strict):
    """An alternative reading of an ambiguous source, switched off by default: it replaces
    the rules of items (`replaces`) and/or the conditions of eligibility rules
    (`replaces_conditions`), and/or sets parameters to other values (`sets`)."""

    id: Id
    title: Text
    reading: Text
    cite: Citation
    replaces: dict[Id, Node] = {}
    replaces_conditions: dict[Id, Condition] = {}
    sets: dict[Id, ParamValue] = {}

    @model_validator(mode="after")
    def _replaces_something(self) -> Option:
        if not self.replaces and not self.replaces_conditions and not self.sets:
            raise ValueError("an option replaces at least one item or eligibility condition, "
                             "or sets a parameter")
        return self


class ActionEffect(Strict):
    """What an action changes: `set` facts to values, `add` to numeric facts, `add_this_year`
    to the evaluation year of per-year facts."""

    set: dict[Id, Any] = {}
    add: dict[Id, Decimal] = {}
    add_this_year: dict[Id, Decimal] = {}


class Action(Strict):
    """Something a person can do to gain points or meet a condition, with what it costs and
    how long it takes: `months` until the first is done, and `every_months` between two
    repeats (default: `months`, one after the other; a blood donation is done at once and
    can be repeated every six months). Costs and durations are assumptions in `cite.note`."""

    id: Id
    title: Text
    cost: Annotated[Decimal, Field(ge=0)]
    months: Annotated[int, Field(ge=0)] = 0
    every_months: Annotated[int, Field(ge=0)] | None = None
    max_times: Annotated[int, Field(ge=1, le=20)] = 1

    def months_for(self, times: int) -> int:
        """Months until the `times`-th is done."""
        if times <= 0:
            return 0
        every = self.months if self.every_months is None else self.every_months
        return self.months + every * (times - 1)
    effect: ActionEffect
    cite: Citation


class RulesFile(Strict):
    """One rules file: items, eligibility, options, actions, and named nodes and conditions
    that rules use with `{kind: use, node: NAME}` and `{use: NAME}` (instead of YAML anchors)."""

    nodes: dict[Id, Node] = {}
    conditions: dict[Id, Condition] = {}
    items: list[Item] = []
    eligibility: list[EligibilityRule] = []
    options: list[Option] = []
    actions: list[Action] = []


# ---------------------------------------------------------------- pack metadata


class Group(Strict):
    id: Id
    title: Text


class RankKey(Strict):
    """One key of the ranking order: `total`, a group id, or a fact or derived fact."""

    by: str
    order: Literal["desc", "asc"] = "desc"
    title: Text
    cite: Citation


class Ranking(Strict):
    """How eligible applicants are ordered and who is admitted.

    mode `quota`: the best-ranked are admitted up to each line's quota; with ties `shared`,
    everyone sharing the last admitted rank is admitted too, even beyond the quota; with
    `strict`, the keys must order everyone (e.g. end in a submission timestamp).
    mode `threshold`: everyone eligible who meets `threshold` is admitted, with no quota.
    """

    mode: Literal["quota", "threshold"] = "quota"
    keys: Annotated[list[RankKey], Field(min_length=1)]
    ties: Literal["shared", "strict"]
    threshold: Condition | None = None
    cite: Citation

    @model_validator(mode="after")
    def _threshold_mode(self) -> Ranking:
        if (self.mode == "threshold") != (self.threshold is not None):
            raise ValueError("`threshold` goes with mode: threshold, and only with it")
        return self


class QuotaLine(Strict):
    """One quota line of a round: who belongs to it, how many places, how they are chosen.

    `select` picks the line's applicants (default: everyone no earlier line took);
    `admit: ranked` ranks them by the pack's ranking; `direct` admits them without points
    (ranked only if they exceed the quota). `quota` is a number or a parameter; none means
    the quota comes from the command line.
    """

    id: Id
    title: Text
    quota: ParamRef | Annotated[int, Field(ge=0)] | None = None
    select: Condition | None = None
    admit: Literal["ranked", "direct"] = "ranked"
    cite: Citation


class RoundSpec(Strict):
    """The quota lines of one year's round."""

    id: str
    title: Text
    lines: Annotated[list[QuotaLine], Field(min_length=1)]
    cite: Citation


class ParametersFile(Strict):
    """parameters.yaml: the parameters of the rules, beside pack.yaml's (quotas, dates)."""

    parameters: dict[Id, Parameter]

    @model_validator(mode="before")
    @classmethod
    def _dated(cls, data: Any, info: ValidationInfo) -> Any:
        since = (info.context or {}).get("effective_from")
        if isinstance(data, dict) and "parameters" in data:
            data = {**data, "parameters": dated_parameters(data["parameters"], since)}
        return data


class PackMeta(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    kind: Literal["points", "service"] = "points"
    service: Text | None = None
    amount_unit: str | None = None
    benefit: Benefit | None = None
    action_cost_unit: str | None = None
    jurisdiction: Id
    jurisdiction_name: Text
    title: Text
    version: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    default_evaluation_date: dt.date
    points_precision: Annotated[int, Field(ge=0, le=4)] = 0
    sources: list[Source]
    departments: dict[Id, Text] = {}
    intake_department: Id | None = None
    groups: list[Group]
    parameters: dict[Id, Parameter] = {}
    ranking: Ranking | None = None
    rounds: list[RoundSpec] = []
    distribution: Distribution | None = None
    gaps: list[Text] = []
    effective_cite: Citation

    @model_validator(mode="before")
    @classmethod
    def _dated_parameters(cls, data: Any) -> Any:
        if isinstance(data, dict) and "parameters" in data:
            data = {**data, "parameters": dated_parameters(data["parameters"],
                                                           data.get("effective_from"))}
        return data

    @model_validator(mode="after")
    def _service_benefit(self) -> PackMeta:
        """A service says what it gives; `amount_unit: USD` is short for an amount in USD."""
        if self.kind == "points":
            if self.benefit is not None:
                raise ValueError("`benefit` belongs to service packs")
            return self
        if self.benefit is None:
            benefit = (Benefit(kind="amount", currency=self.amount_unit) if self.amount_unit
                       else Benefit(kind="verdict"))
            object.__setattr__(self, "benefit", benefit)
        elif self.benefit.kind == "amount" and self.amount_unit is None:
            object.__setattr__(self, "amount_unit", self.benefit.currency)
        return self

    @model_validator(mode="after")
    def _dates_in_order(self) -> PackMeta:
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError("effective_to is before effective_from")
        return self


# ---------------------------------------------------------------- test cases


class ExpectedError(Strict):
    field: str
    contains: str | None = None


class Expected(Strict):
    derived: dict[Id, int] = {}
    granted: dict[Id, bool] = {}
    amount: Decimal | None = None
    items: dict[Id, Decimal] = {}
    subtotals: dict[Id, Decimal] = {}
    total: Decimal | None = None
    eligible: bool | None = None
    conditions: dict[Id, bool] = {}


class Case(Strict):
    name: str
    as_of: dt.date | None = None
    options: list[Id] = []
    facts: dict[str, Any]
    expect: Expected | None = None
    error: ExpectedError | None = None

    @model_validator(mode="after")
    def _expects_something(self) -> Case:
        if (self.expect is None) == (self.error is None):
            raise ValueError("a case has exactly one of `expect` or `error`")
        return self


class CasesFile(Strict):
    cases: list[Case] = []
    distributions: list[DistributionCase] = []
