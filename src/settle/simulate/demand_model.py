"""A city's service demand model as data (demand/<city>.yaml): which ages need which school
places, which service packs the admitted and the eligible are assessed under, with which
facts, and how many of those a pack finds eligible become a case each year.

Every figure is a `Figure`: a value with its citation, or with the assumption it stands for,
stated; there are no numbers in this module or in demand.py. A fact a pack reads comes from
a column of the population (`column`, optionally `in` values, or grown by the years that pass
when the pack says it grows yearly), from the accompanying child (`child: birth_date`), from
the household (`family: [value if a spouse or a child lives with the person, value if not]`),
or is a stated value (`value`, an assumption).

    DemandModel
    ├── Schools: levels (ages), enrolment
    └── Service (one per pack or assumption): facts, where, rate, amount_per_case
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, model_validator

from settle.language.base import Id, Strict
from settle.language.citation import Citation, Source
from settle.language.text import Text
from settle.packs.errors import PackError, PackProblem
from settle.packs.loader import _read

Scalar = bool | int | Decimal | str


class Figure(Strict):
    """A number of the model: cited (`cite`), or an assumption with its reason, or both
    (a figure computed from cited ones with an assumed reading)."""

    value: Annotated[Decimal, Field(ge=0)]
    cite: Citation | None = None
    assumption: str | None = None

    @model_validator(mode="after")
    def _provenance(self) -> Figure:
        if self.cite is None and not self.assumption:
            raise ValueError("a figure needs `cite` or `assumption`")
        return self


class Money(Figure):
    currency: str


class YearDate(Strict):
    """The day of each forecast year on which ages are counted and services assessed."""

    month: Annotated[int, Field(ge=1, le=12)]
    day: Annotated[int, Field(ge=1, le=31)]
    cite: Citation | None = None
    assumption: str | None = None

    @model_validator(mode="after")
    def _a_day_of_every_year(self) -> YearDate:
        try:
            dt.date(2001, self.month, self.day)
        except ValueError:
            raise ValueError(f"year_date {self.month}-{self.day} is not a day of every year") from None
        if self.cite is None and not self.assumption:
            raise ValueError("year_date needs `cite` or `assumption`")
        return self

    def of(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)


class Level(Strict):
    """A level of compulsory education and the ages (completed years on the year's date)
    of the children it takes."""

    id: Id
    title: Text
    ages: tuple[int, int]
    cite: Citation | None = None
    assumption: str | None = None

    @model_validator(mode="after")
    def _provenance(self) -> Level:
        if self.cite is None and not self.assumption:
            raise ValueError(f"level {self.id}: its ages need `cite` or `assumption`")
        if self.ages[0] > self.ages[1]:
            raise ValueError(f"level {self.id}: ages are [youngest, oldest]")
        return self


class Schools(Strict):
    title: Text
    levels: list[Level]
    enrolment: Figure


class FactSource(Strict):
    """Where one fact of a pack comes from, for each person (or child) assessed."""

    column: str | None = None
    in_: Annotated[list[Scalar] | None, Field(alias="in")] = None
    value: Scalar | None = None
    child: Literal["birth_date"] | None = None
    family: tuple[Scalar, Scalar] | None = None
    assumption: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> FactSource:
        given = [name for name in ("column", "value", "child", "family")
                 if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("a fact comes from exactly one of `column`, `value`, `child`, `family`")
        if self.in_ is not None and self.column is None:
            raise ValueError("`in` tests the values of a `column`")
        if (self.value is not None or self.family is not None) and not self.assumption:
            raise ValueError("a stated value is an assumption: say why in `assumption`")
        return self


class Where(Strict):
    """Only persons whose `column` holds one of the values `in` are assessed."""

    column: str
    in_: Annotated[list[Scalar], Field(alias="in")]
    assumption: str


class Service(Strict):
    """A service whose cases the forecast counts: each year, `rate` of the units (persons or
    their accompanying children) that the pack finds eligible, or that `where` selects when
    there is no pack, become a case (a household that takes a flat, a person relieved)."""

    id: Id
    kind: Literal["flats", "relief"]
    title: Text
    pack: str | None = None
    unit: Literal["person", "child"] = "person"
    facts: dict[str, FactSource] = Field(default_factory=dict)
    where: list[Where] = Field(default_factory=list)
    rate: Figure
    amount_per_case: Money | None = None

    @model_validator(mode="after")
    def _assessed_somehow(self) -> Service:
        if self.pack is None and (self.facts or not self.where):
            raise ValueError(f"service {self.id}: without a `pack`, say who is counted with `where`")
        if self.rate.value > 1:
            raise ValueError(f"service {self.id}: the rate is a share of the eligible, at most 1")
        return self


class Household(Strict):
    """The population's household columns the model reads."""

    children: str
    spouse: str


class DemandModel(Strict):
    id: Id
    city: str
    title: Text
    sources: list[Source]
    planning: Citation
    district: str
    household: Household
    horizon_years: Figure
    year_date: YearDate
    schools: Schools
    services: list[Service] = Field(default_factory=list)

    def service(self, service_id: str) -> Service:
        for service in self.services:
            if service.id == service_id:
                return service
        raise KeyError(service_id)


def load_demand(path: Path) -> DemandModel:
    """Read and validate a demand model; problems name the file and line."""
    problems: list[PackProblem] = []
    model = _read(path, DemandModel, path.parent, problems)
    if model is None:
        raise PackError(path.stem, problems, kind="demand model")
    return model


def cite_source(cite: Citation, sources: list[Source]) -> dict[str, Any]:
    """A citation for a reader: `000_c9c9ba5e5a2572f7.txt lines 966-968`, and its note."""
    where = {s.id: s.file for s in sources}.get(cite.source, cite.source)
    if cite.lines:
        where += f" lines {cite.lines}"
    if cite.article:
        where += f" {cite.article}"
    return {"source": where, "note": cite.note}


def figure_source(figure: Figure | Level | YearDate, sources: list[Source]) -> dict[str, Any]:
    """Where a figure comes from: its citation (and note), its assumption."""
    cited = cite_source(figure.cite, sources) if figure.cite is not None else {"source": None, "note": None}
    return {**cited, "assumption": figure.assumption}
