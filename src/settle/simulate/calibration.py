"""The calibration file of a synthetic population: what the seeds publish, and every
assumption for what they do not, each column with its citation or its stated assumption.

Calibration files live in `calibration/<city>.yaml`; no number of a population is in code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from settle.i18n import Text
from settle.packs.errors import PackError, PackProblem
from settle.packs.schema import Citation, Source
from settle.packs.yaml_source import YamlDocument, YamlSyntaxError


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Weights = dict[str, Annotated[float, Field(ge=0)]]


class Choice(Strict):
    """One of several values with weights; with `given`, the weights depend on another column
    (`table` maps its values to weights, `*` for any other value)."""

    kind: Literal["choice"]
    values: Weights | None = None
    given: str | None = None
    table: dict[str, Weights] | None = None
    output: Literal["string", "integer", "boolean"] = "string"
    labels: dict[str, Text] = {}  # the words for each value, shown in reports and charts

    @model_validator(mode="after")
    def _one_form(self) -> Choice:
        if (self.values is None) == (self.table is None) or (self.table is not None) != bool(self.given):
            raise ValueError("a choice has `values`, or `given` with `table`")
        return self


class YesNo(Strict):
    """Yes with probability `p` (or `table` of p by the `given` column's values)."""

    kind: Literal["yes_no"]
    p: Annotated[float, Field(ge=0, le=1)] | None = None
    given: str | None = None
    table: dict[str, Annotated[float, Field(ge=0, le=1)]] | None = None


class IntegerRange(Strict):
    """A whole number uniform in [low, high], or in `ranges` by the `given` column's value;
    `at_most` caps it by another numeric column."""

    kind: Literal["integer_range"]
    low: int | None = None
    high: int | None = None
    given: str | None = None
    ranges: dict[str, tuple[int, int]] | None = None
    at_most: str | None = None


class Poisson(Strict):
    """A count with the given mean, capped at `max`."""

    kind: Literal["poisson"]
    mean: Annotated[float, Field(ge=0)]
    max: int = 50


class Amount(Strict):
    """Zero with probability `p_zero` (or by `given` column via `p_zero_table`), else
    log-normal with the given median and sigma, rounded to `decimals`, capped at `max`."""

    kind: Literal["amount"]
    p_zero: Annotated[float, Field(ge=0, le=1)] = 0.0
    given: str | None = None
    p_zero_table: dict[str, float] | None = None
    median: Annotated[float, Field(gt=0)]
    sigma: Annotated[float, Field(ge=0)]
    decimals: int = 0
    max: float


class AgeBands(Strict):
    """Ages in whole years: a band by weight, then uniform within it ('25-34': 0.35)."""

    kind: Literal["age_bands"]
    bands: Weights


class BirthDate(Strict):
    """A birth date uniform over the days that give the `age` column's age on the reference date."""

    kind: Literal["birth_date"]
    age: str


class DateMonthsAgo(Strict):
    """A date that lies `months` (a column) whole months before the reference date."""

    kind: Literal["date_months_ago"]
    months: str


class OpenPeriod(Strict):
    """One period of months still running, begun `months` (a column) before the reference month."""

    kind: Literal["open_period"]
    months: str


class ByYear(Strict):
    """An amount per calendar year for the `years` years ending with the reference year."""

    kind: Literal["by_year"]
    years: Annotated[int, Field(ge=1, le=20)]
    each: Amount | Poisson


class IntegerList(Strict):
    """A list of whole numbers: its length a Poisson count, each entry uniform in [low, high]."""

    kind: Literal["integer_list"]
    mean_length: Annotated[float, Field(ge=0)]
    low: int
    high: int


class Scaled(Strict):
    """Another whole-number column times `factor`, divided (whole) by `divisor`, plus an
    optional random range: e.g. whole years from months."""

    kind: Literal["scaled"]
    of: str
    factor: int = 1
    divisor: Annotated[int, Field(ge=1)] = 1
    plus: IntegerRange | None = None


class Copy(Strict):
    """The same values as another column (two packs naming one fact differently)."""

    kind: Literal["copy"]
    of: str


class Children(Strict):
    """The accompanying children of each person, as a list of birth dates. `count` children
    (a choice of whole numbers, which may be `given` another column) each have an age uniform
    between the parent's age less the oldest and less the youngest `parent_age_at_birth`, at
    most `max_age`; a parent too young for a child, or whose children would all be older, has
    none. Each child then lives with the parent with the probability `accompanying` gives its
    age band ('12-14': 0.6; 1 for an age in no band). Each birth date is uniform over the days
    that give that age on the reference date."""

    kind: Literal["children"]
    parent_age: str
    count: Choice
    parent_age_at_birth: tuple[int, int]
    max_age: Annotated[int, Field(ge=0, le=30)] = 17
    accompanying: dict[str, Annotated[float, Field(ge=0, le=1)]] = {}

    @model_validator(mode="after")
    def _whole_counts(self) -> Children:
        if self.count.output != "integer":
            raise ValueError("children: `count` is a choice of whole numbers (output: integer)")
        low, high = self.parent_age_at_birth
        if not 0 <= low <= high:
            raise ValueError("children: parent_age_at_birth is [youngest, oldest], youngest first")
        for band in self.accompanying:
            first, _, last = band.partition("-")
            if not (first.isdigit() and last.isdigit() and int(first) <= int(last)):
                raise ValueError(f"children: accompanying band {band!r} is not 'low-high' in years")
        return self

    def accompanying_by_age(self) -> list[float]:
        """The probability that a child of each age 0..max_age lives with the parent."""
        shares = [1.0] * (self.max_age + 1)
        for band, share in self.accompanying.items():
            first, _, last = band.partition("-")
            for age in range(int(first), min(int(last), self.max_age) + 1):
                shares[age] = share
        return shares


Distribution = Annotated[
    Choice | YesNo | IntegerRange | Poisson | Amount | AgeBands | BirthDate | DateMonthsAgo
    | OpenPeriod | ByYear | IntegerList | Scaled | Copy | Children,
    Field(discriminator="kind"),
]


class Column(Strict):
    """One generated column: a published marginal (with its citation) or an assumption
    (with the reason stated)."""

    name: str
    title: Text
    dist: Distribution
    published: bool = False
    cite: Citation | None = None
    assumption: str | None = None

    @model_validator(mode="after")
    def _provenance(self) -> Column:
        if self.published and self.cite is None:
            raise ValueError(f"column {self.name}: a published marginal needs `cite`")
        if not self.published and not self.assumption:
            raise ValueError(f"column {self.name}: an assumed distribution needs `assumption`")
        return self


class Total(Strict):
    value: int
    title: Text
    cite: Citation


class PublishedShare(Strict):
    """A published share of the population that spans several generated values."""

    title: Text
    column: str
    values: list[str]
    share: Annotated[float, Field(ge=0, le=1)]
    cite: Citation


class ChildrenCheck(Strict):
    """A published figure about migrants' children beside the generated one: the children
    whose age (completed years on the reference date) lies in `ages`, per person of the
    population; or, with `of_ages`, as a share of the children whose age lies in `of_ages`.
    With `among`, only the children of persons whose column holds one of the values count
    (still per person of the whole population: {district: [panyu]})."""

    title: Text
    ages: tuple[int, int]
    of_ages: tuple[int, int] | None = None
    among: dict[str, list[str]] = {}
    value: Annotated[float, Field(ge=0)]
    cite: Citation


class Households(Strict):
    """Who lives with each person: columns generated after the person's own, from the same
    random stream (so a seed gives the same persons with or without them), each cited or
    assumed like any column; and the published figures they are checked against."""

    title: Text
    columns: list[Column]
    checks: list[ChildrenCheck] = []
    notes: list[str] = []


class Calibration(Strict):
    city: str
    title: Text
    packs: list[str]
    reference_date: dt.date
    id_prefix: str
    sources: list[Source]
    total: Total
    columns: list[Column]
    checks: list[PublishedShare] = []
    defaults: dict[str, str] = {}
    notes: list[str] = []
    households: Households | None = None

    def all_columns(self) -> list[Column]:
        """The person's columns, then the household's, in the order they are generated."""
        return [*self.columns, *(self.households.columns if self.households else [])]

    def column(self, name: str) -> Column:
        for column in self.all_columns():
            if column.name == name:
                return column
        raise KeyError(name)


def load_calibration(path: Path) -> Calibration:
    """Read and validate a calibration file; errors name the file, the line and the column."""
    try:
        doc = YamlDocument(path)
    except YamlSyntaxError as exc:
        raise PackError(path.name, [PackProblem(path.name, exc.line, None, str(exc))],
                        kind="calibration") from None
    try:
        return Calibration.model_validate(doc.data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = [p for p in err["loc"] if isinstance(p, (str, int))]
            name = None
            if len(loc) > 1 and loc[0] == "columns" and isinstance(loc[1], int):
                name = doc.data["columns"][loc[1]].get("name")
            elif len(loc) > 2 and loc[:2] == ["households", "columns"] and isinstance(loc[2], int):
                name = doc.data["households"]["columns"][loc[2]].get("name")
            problems.append(PackProblem(path.name, doc.line_of(loc), name,
                                        f"{'.'.join(map(str, loc))}: {err['msg']}"))
        raise PackError(path.name, problems, kind="calibration") from None
