"""The pilots' monitoring indicators as data (indicators/<id>.yaml): what each counts, in which
unit and period, broken down by which groups, from which line of the seeds, and where each
figure is computed from — the registry, the service cases or a synthetic population — or why
no source holds it.

An indicator is a numerator and, for a proportion, a denominator. Each lists the sources it
can be computed from, in order (`computed_from`); a report uses the first one the data at hand
holds (a registry database, or a synthetic population file). A figure no source holds says so
(`not_available`, with the reason), so that nothing is ever invented.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from settle.language.base import Id, Strict
from settle.language.citation import Citation, Source
from settle.language.text import Text
from settle.packs.errors import PackError, PackProblem
from settle.packs.loader import _read
from settle.paths import indicators_dir
from settle.registry.kinds import PeriodKind
from settle.workflow.states import STATES

PeriodLength = Literal["month", "quarter", "year"]
Dimension = Literal["sex", "age_band", "population_group", "district"]
DIMENSIONS: tuple[Dimension, ...] = ("sex", "age_band", "population_group", "district")
IndicatorUnit = Literal["persons", "yuan", "percent", "square_metres"]
PackId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]


class AgeRange(Strict):
    """An age on the day that counts (the period's end, or the event's day): from ≤ age < under,
    in whole years or whole months."""

    from_years: Annotated[int, Field(ge=0)] | None = None
    under_years: Annotated[int, Field(ge=1)] | None = None
    from_months: Annotated[int, Field(ge=0)] | None = None
    under_months: Annotated[int, Field(ge=1)] | None = None

    def months(self) -> tuple[int, int | None]:
        """The range in whole months: (from, under or None for no upper bound)."""
        low = self.from_months if self.from_months is not None else 12 * (self.from_years or 0)
        high = self.under_months if self.under_months is not None else (
            None if self.under_years is None else 12 * self.under_years)
        return low, high

    @model_validator(mode="after")
    def _one_unit_each(self) -> AgeRange:
        if self.from_years is not None and self.from_months is not None:
            raise ValueError("give `from_years` or `from_months`, not both")
        if self.under_years is not None and self.under_months is not None:
            raise ValueError("give `under_years` or `under_months`, not both")
        low, high = self.months()
        if high is not None and high <= low:
            raise ValueError(f"the age range is empty: from {low} months, under {high} months")
        return self


class RegistryPersons(Strict):
    """Registered persons on the period's last day: those with a period of one of `periods` open
    that day (every registered person when empty), of an age in `age`."""

    kind: Literal["registry_persons"]
    periods: list[PeriodKind] = Field(default_factory=list)
    age: AgeRange | None = None


class Settlement(Strict):
    """Persons whose application of a points-based round reached the state `reached` in the period."""

    kind: Literal["settlement"]
    reached: str

    @model_validator(mode="after")
    def _known_state(self) -> Settlement:
        if self.reached not in STATES:
            raise ValueError(f"reached = {self.reached!r}: an application's state is one of "
                             f"{', '.join(STATES)}")
        return self


class ServiceRef(Strict):
    """A service pack, or one benefit item of it."""

    pack: PackId
    item: Id | None = None


CaseEvent = Literal["lodged", "granted", "delivered", "holding"]


class ServiceCases(Strict):
    """Persons (or the amount paid to them) with a case of one of `services` at `event` in the
    period: lodged, granted, delivered (a payment or delivery recorded), or holding a delivered
    grant whose period covers the period's last day."""

    kind: Literal["service_cases"]
    services: Annotated[list[ServiceRef], Field(min_length=1)]
    event: CaseEvent
    measure: Literal["persons", "amount"] = "persons"
    age: AgeRange | None = None

    @model_validator(mode="after")
    def _amount_is_paid(self) -> ServiceCases:
        if self.measure == "amount" and self.event != "delivered":
            raise ValueError(f"measure amount sums payments: event must be `delivered`, not {self.event!r}")
        return self


class PopulationRows(Strict):
    """The persons of a synthetic population whose columns hold one of the values in `where`."""

    kind: Literal["population"]
    where: dict[str, list[str]] = Field(default_factory=dict)
    age: AgeRange | None = None


class PopulationRound(Strict):
    """The persons a simulated round admitted (the round's ranked list beside the population)."""

    kind: Literal["population_round"]


class NotAvailable(Strict):
    """No source holds the figure: why."""

    kind: Literal["not_available"]
    reason: Text


Figure = Annotated[
    RegistryPersons | Settlement | ServiceCases | PopulationRows | PopulationRound | NotAvailable,
    Field(discriminator="kind")]
REGISTRY_KINDS = ("registry_persons", "settlement", "service_cases")
POPULATION_KINDS = ("population", "population_round")


class Part(Strict):
    """A numerator or a denominator: its title and where it is computed from, in order."""

    title: Text
    computed_from: Annotated[list[Figure], Field(min_length=1)]
    assumption: str | None = None

    def figure_for(self, held: set[str]) -> Figure:
        """The first source the data holds (`registry` and/or `population`), else the first
        `not_available` entry, else a NotAvailable naming what is missing."""
        for figure in self.computed_from:
            if (figure.kind in REGISTRY_KINDS and "registry" in held) or (
                    figure.kind in POPULATION_KINDS and "population" in held):
                return figure
        for figure in self.computed_from:
            if isinstance(figure, NotAvailable):
                return figure
        kinds = ", ".join(f.kind for f in self.computed_from)
        return NotAvailable(kind="not_available",
                            reason=Text(en=f"computed from {kinds}, which the data given does not hold",
                                        zh=f"需由{kinds}计算，所给数据不含"))


class Indicator(Strict):
    id: Id
    title: Text
    sources: Annotated[list[Source], Field(min_length=1)]
    cite: Annotated[list[Citation], Field(min_length=1)]
    unit: IndicatorUnit
    period: PeriodLength
    disaggregations: list[Dimension]
    numerator: Part
    denominator: Part | None = None
    assumptions: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        known = {s.id for s in self.sources}
        for citation in self.cite:
            if citation.source not in known:
                raise ValueError(f"cite: source {citation.source!r} is not among `sources` "
                                 f"({', '.join(sorted(known))})")
        if (self.unit == "percent") != (self.denominator is not None):
            raise ValueError("a `percent` indicator needs a `denominator`, and only a percent has one")
        amounts = [f for f in self.numerator.computed_from
                   if isinstance(f, ServiceCases) and f.measure == "amount"]
        if amounts and self.unit != "yuan":
            raise ValueError(f"a numerator summing payments is in yuan, not {self.unit!r}")
        if len(set(self.disaggregations)) != len(self.disaggregations):
            raise ValueError("a dimension is listed twice in `disaggregations`")
        return self


class PopulationGroup(Strict):
    id: Id
    title: Text
    not_held: str | None = None  # why no source holds the group


class AgeBands(Strict):
    edges: Annotated[list[Annotated[int, Field(ge=0)]], Field(min_length=2)]
    assumption: str | None = None

    @model_validator(mode="after")
    def _increasing(self) -> AgeBands:
        if self.edges[0] != 0 or any(b <= a for a, b in zip(self.edges, self.edges[1:], strict=False)):
            raise ValueError(f"edges {self.edges}: start at 0 and increase")
        return self

    def labels(self) -> list[str]:
        """'0-2', '3-5', …, '60+' (whole years)."""
        pairs = zip(self.edges, self.edges[1:], strict=False)
        return [f"{a}-{b - 1}" for a, b in pairs] + [f"{self.edges[-1]}+"]


class Dimensions(Strict):
    age_bands: AgeBands
    population_groups: Annotated[list[PopulationGroup], Field(min_length=1)]

    def held_groups(self) -> list[str]:
        return [g.id for g in self.population_groups if g.not_held is None]


def _problems_or(path: Path, found: object, problems: list[PackProblem]) -> None:
    if found is None:
        raise PackError(path.stem, problems, kind="indicator file")


def load_indicator(path: Path) -> Indicator:
    """One indicator file, checked: a problem names the file, the line and the field."""
    problems: list[PackProblem] = []
    found = _read(path, Indicator, path.parent, problems)
    _problems_or(path, found, problems)
    assert found is not None
    if found.id != path.stem:
        problem = PackProblem(f"{path.parent.name}/{path.name}", 1, found.id,
                              f"id {found.id!r} differs from the file's name {path.stem!r}")
        raise PackError(path.stem, [problem], kind="indicator file")
    return found


def load_dimensions(folder: Path) -> Dimensions:
    path = folder / "dimensions.yaml"
    problems: list[PackProblem] = []
    found = _read(path, Dimensions, folder, problems)
    _problems_or(path, found, problems)
    assert found is not None
    return found


@cache
def _catalogue(folder: str) -> tuple[tuple[Indicator, ...], Dimensions]:
    root = Path(folder)
    paths = sorted(p for p in root.glob("*.yaml") if p.name != "dimensions.yaml")
    return tuple(load_indicator(p) for p in paths), load_dimensions(root)


def indicators(folder: Path | None = None) -> tuple[Indicator, ...]:
    """Every indicator of the folder (default: indicators/), in the order of their file names."""
    return _catalogue(str(folder or indicators_dir()))[0]


def dimensions(folder: Path | None = None) -> Dimensions:
    return _catalogue(str(folder or indicators_dir()))[1]


def find_indicator(indicator_id: str, folder: Path | None = None) -> Indicator | None:
    return next((i for i in indicators(folder) if i.id == indicator_id), None)


def get_indicator(indicator_id: str, folder: Path | None = None) -> Indicator:
    """The indicator, or a KeyError naming the known ones."""
    found = find_indicator(indicator_id, folder)
    if found is None:
        known = ", ".join(i.id for i in indicators(folder))
        raise KeyError(f"indicator {indicator_id!r}: the indicators are {known}")
    return found

