"""The schema of a policy pack: what each YAML file may hold.

A pack is a folder:

    pack.yaml          metadata, sources, departments, groups, parameters, ranking
    facts.yaml         the facts the pack asks for, and facts derived from them
    rules/*.yaml       points items, eligibility conditions, alternative readings (options)
    tests/*.yaml       cases named as sentences: facts in, expected result out

The rule language itself is documented in docs/rule-language.md.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from settle.i18n import Text


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]

# ---------------------------------------------------------------- provenance


class Source(Strict):
    """A document a rule can cite: a seed report or a public legal text."""

    id: Id
    kind: Literal["seed", "legal"]
    file: str
    title: Text


class Citation(Strict):
    """Where a rule comes from: a source id and a line range, an article, or both."""

    source: Id
    lines: Annotated[str | None, Field(pattern=r"^\d+(-\d+)?$")] = None
    article: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _has_locator(self) -> Citation:
        if self.lines is None and self.article is None:
            raise ValueError("a citation needs `lines` (seed line range) or `article`")
        return self

    def line_range(self) -> tuple[int, int] | None:
        if self.lines is None:
            return None
        first, _, last = self.lines.partition("-")
        return int(first), int(last or first)


# ---------------------------------------------------------------- facts

class RegistrySource(Strict):
    """Where the registry holds a fact, so that it is derived, never declared by hand.

    person: a field of the person (`field`); periods: the periods of `kind` (and `subtype`) as
    months; current_start: the first day of the unbroken run of `kind` periods in force at
    the evaluation date; consecutive_years / accumulated_years: whole years of those periods;
    records_by_year / records_count / records_sum: records of `kind` (and `category`), the
    last `within_years` calendar years only when given.
    """

    source: Literal["person", "periods", "current_start", "consecutive_years", "accumulated_years",
                    "records_by_year", "records_count", "records_sum"]
    field: str | None = None
    kind: str | None = None
    subtype: str | None = None
    category: str | None = None
    within_years: Annotated[int, Field(ge=1)] | None = None


FactType = Literal[
    "integer", "decimal", "boolean", "category", "date", "by_year", "periods", "integer_list"
]


class FactSpec(Strict):
    """One input fact: its type, unit, allowed values or range, and description."""

    type: FactType
    title: Text
    description: Text | None = None
    unit: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    scale: Annotated[int, Field(ge=0, le=6)] = 0
    values: dict[str, Text] | None = None
    default: Any = None
    required: bool = False
    department: Id | None = None
    registry: RegistrySource | None = None
    grows: Literal["yearly"] | None = None

    @model_validator(mode="after")
    def _category_has_values(self) -> FactSpec:
        if self.type == "category" and not self.values:
            raise ValueError("a category fact needs `values`")
        if self.type != "category" and self.values is not None:
            raise ValueError(f"`values` only applies to category facts, not {self.type}")
        if self.type != "decimal" and self.type != "by_year" and self.scale:
            raise ValueError("`scale` (decimal places) only applies to decimal and by_year facts")
        return self


class DerivedTimeSince(Strict):
    """Whole years, months or days from a date fact to the evaluation date (an age, the
    length of a permit held without a break). With rounding `ceil`, any part of a further
    unit counts as a whole one ("every year or part of a year")."""

    op: Literal["time_since"]
    title: Text
    of: Id
    unit: Literal["year", "month", "day"] = "year"
    rounding: Literal["floor", "ceil"] = "floor"
    cite: Citation | None = None


class DerivedPeriodMonths(Strict):
    """Months covered by a list of periods, accumulated or consecutive up to a reference month."""

    op: Literal["period_months"]
    title: Text
    of: Id
    mode: Literal["accumulated", "consecutive"]
    until: Literal["evaluation_month", "previous_month"] = "evaluation_month"
    cite: Citation | None = None


class DerivedWholeYears(Strict):
    """Whole years in a number of months (months // 12)."""

    op: Literal["whole_years"]
    title: Text
    of: Id
    cite: Citation | None = None


DerivedSpec = Annotated[
    DerivedTimeSince | DerivedPeriodMonths | DerivedWholeYears, Field(discriminator="op")
]


class FactsFile(Strict):
    facts: dict[Id, FactSpec]
    derived: dict[Id, DerivedSpec] = {}


# ---------------------------------------------------------------- conditions

CompareOp = Literal["==", "!=", "<", "<=", ">", ">=", "in", "not_in"]


class ParamRef(Strict):
    param: Id


class Condition(Strict):
    """A test on facts or points. Exactly one form:

    all / any (lists), not (one), at_least + of (a count), fact + op + value,
    points + op + value (points is `total` or a group id).
    """

    id: Id | None = None
    label: Text | None = None
    cite: Citation | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")
    at_least: Annotated[int, Field(ge=1)] | None = None
    of: list[Condition] | None = None
    fact: Id | None = None
    points: Id | None = None
    op: CompareOp | None = None
    value: ParamRef | Decimal | bool | str | list[str] | dt.date | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        forms = [
            self.all is not None,
            self.any is not None,
            self.not_ is not None,
            self.at_least is not None,
            self.fact is not None,
            self.points is not None,
        ]
        if sum(forms) != 1:
            raise ValueError(
                "a condition has exactly one of: all, any, not, at_least (with of), "
                "fact (with op, value), points (with op, value)"
            )
        if (self.at_least is None) != (self.of is None):
            raise ValueError("`at_least` and `of` go together")
        if (self.fact is not None or self.points is not None) and (
            self.op is None or self.value is None
        ):
            raise ValueError("a comparison needs `op` and `value`")
        return self

    def children(self) -> list[Condition]:
        if self.all is not None:
            return self.all
        if self.any is not None:
            return self.any
        if self.not_ is not None:
            return [self.not_]
        return self.of or []


# ---------------------------------------------------------------- rule nodes


class NodeBase(Strict):
    """Fields every rule node may carry: a label, a citation, caps, a precondition."""

    id: Id | None = None
    label: Text | None = None
    cite: Citation | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    requires: Condition | None = None


class Fixed(NodeBase):
    """A fixed number of points."""

    kind: Literal["fixed"]
    points: Decimal


class Flag(NodeBase):
    """Points when a yes/no fact is yes."""

    kind: Literal["flag"]
    fact: Id
    points: Decimal


class Band(Strict):
    """One band: min and max are inclusive, below is an exclusive upper bound."""

    min: Decimal | None = None
    max: Decimal | None = None
    below: Decimal | None = None
    points: Decimal
    label: Text | None = None

    @model_validator(mode="after")
    def _one_upper(self) -> Band:
        if self.max is not None and self.below is not None:
            raise ValueError("a band has `max` (inclusive) or `below` (exclusive), not both")
        if self.min is None and self.max is None and self.below is None:
            raise ValueError("a band needs at least one bound")
        return self

    def contains(self, value: Decimal) -> bool:
        if self.min is not None and value < self.min:
            return False
        if self.max is not None and value > self.max:
            return False
        return not (self.below is not None and value >= self.below)


class Bands(NodeBase):
    """Band lookup: the first band that contains the value gives the points."""

    kind: Literal["bands"]
    fact: Id
    bands: Annotated[list[Band], Field(min_length=1)]
    otherwise: Decimal = Decimal(0)


class Category(NodeBase):
    """Category lookup: each listed value gives its points; others give `otherwise`."""

    kind: Literal["category"]
    fact: Id
    points: dict[str, Decimal]
    otherwise: Decimal = Decimal(0)


class PerUnit(NodeBase):
    """Points per whole unit of the amount above a threshold.

    units = floor((value - above) / unit) when value > above, else 0;
    points = start + units * points_per_unit, or, with first_unit_points,
    start + first_unit_points + (units - 1) * points_per_unit once units >= 1.
    """

    kind: Literal["per_unit"]
    fact: Id
    unit: Annotated[Decimal, Field(gt=0)] = Decimal(1)
    points_per_unit: Decimal
    first_unit_points: Decimal | None = None
    above: Decimal = Decimal(0)
    start: Decimal = Decimal(0)


class PerYear(NodeBase):
    """Per-unit points counted year by year inside a window, each year capped.

    The window is the `window_years` calendar years ending with the evaluation year.
    """

    kind: Literal["per_year"]
    fact: Id
    window_years: Annotated[int, Field(ge=1)]
    unit: Annotated[Decimal, Field(gt=0)] = Decimal(1)
    points_per_unit: Decimal
    max_per_year: Decimal | None = None


class PerEntry(NodeBase):
    """Points for each entry of a list; with divide_by_entry, the points are shared by the
    entry's value (e.g. a patent's points divided by its number of inventors)."""

    kind: Literal["per_entry"]
    fact: Id
    points: Decimal
    divide_by_entry: bool = False


class BestOf(NodeBase):
    """Only the highest of several alternatives counts."""

    kind: Literal["best_of"]
    of: Annotated[list[Node], Field(min_length=2)]


class SumOf(NodeBase):
    """Several parts that add up."""

    kind: Literal["sum_of"]
    of: Annotated[list[Node], Field(min_length=2)]


Node = Annotated[
    Fixed | Flag | Bands | Category | PerUnit | PerYear | PerEntry | BestOf | SumOf,
    Field(discriminator="kind"),
]

BestOf.model_rebuild()
SumOf.model_rebuild()


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
    (`replaces_conditions`)."""

    id: Id
    title: Text
    reading: Text
    cite: Citation
    replaces: dict[Id, Node] = {}
    replaces_conditions: dict[Id, Condition] = {}

    @model_validator(mode="after")
    def _replaces_something(self) -> Option:
        if not self.replaces and not self.replaces_conditions:
            raise ValueError("an option replaces at least one item or eligibility condition")
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
    items: list[Item] = []
    eligibility: list[EligibilityRule] = []
    options: list[Option] = []
    actions: list[Action] = []


# ---------------------------------------------------------------- pack metadata


class Group(Strict):
    id: Id
    title: Text


class Parameter(Strict):
    """A number or date the pack declares once and cites: a quota, a window, a points line."""

    title: Text
    value: Decimal | dt.date | str | bool
    unit: str | None = None
    cite: Citation


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


class PackMeta(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    kind: Literal["points", "service"] = "points"
    service: Text | None = None
    amount_unit: str | None = None
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
    gaps: list[Text] = []
    effective_cite: Citation

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
    cases: list[Case]
