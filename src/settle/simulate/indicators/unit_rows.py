"""The persons behind one figure of an indicator for one period, one row each: who (`unit`),
their sex, birth date and district, the day that counts (the event's, or the period's last
day for a stock), and the value they add (1 person, or the amount paid to them).

Registry figures are read through SQLAlchemy (persons, their periods, applications' events,
service cases with their benefits and deliveries); synthetic-population figures from its
Parquet file with Polars. A person with several events in a period is one row: the amounts
are summed, and the district is that of their last event, so that every table adds up to its
margins (secondary suppression relies on it).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import polars as pl
from sqlalchemy import ColumnElement, and_, false, or_, select
from sqlalchemy.orm import Session

from settle.registry.models import (
    Application,
    ApplicationEvent,
    Person,
    ServiceBenefit,
    ServiceCase,
    ServiceDelivery,
)
from settle.registry.models import (
    Period as RegistryPeriod,
)
from settle.simulate.indicators.definitions import (
    AgeRange,
    Figure,
    PopulationRound,
    PopulationRows,
    RegistryPersons,
    ServiceCases,
    Settlement,
)
from settle.simulate.indicators.periods import Period

SCHEMA = {"unit": pl.String, "sex": pl.String, "birth_date": pl.Date, "district": pl.String,
          "day": pl.Date, "value": pl.Float64}
CURRENCIES = (None, "CNY")


class FigureError(ValueError):
    """The data cannot give the figure as defined (e.g. a payment in another currency)."""


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA, orient="row") if rows else pl.DataFrame(schema=SCHEMA)


def months_old(born: dt.date, day: dt.date) -> int:
    """Whole months of age on `day`."""
    months = (day.year - born.year) * 12 + day.month - born.month
    return months - 1 if day.day < born.day else months


def _of_age(age: AgeRange | None, born: dt.date, day: dt.date) -> bool:
    if age is None:
        return True
    low, high = age.months()
    months = months_old(born, day)
    return months >= low and (high is None or months < high)


def _one_per_person(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per unit: its values summed, its district and day those of its last event."""
    if frame.is_empty():
        return frame
    return (frame.sort("day").group_by("unit", maintain_order=True)
            .agg(pl.col("sex").last(), pl.col("birth_date").last(), pl.col("district").last(),
                 pl.col("day").last(), pl.col("value").sum()).select(list(SCHEMA)))


def _person_row(person: Person, day: dt.date, district: str | None, value: float = 1.0) -> dict[str, object]:
    return {"unit": f"person:{person.id}", "sex": person.sex, "birth_date": person.birth_date,
            "district": district, "day": day, "value": value}


def _registry_persons(session: Session, figure: RegistryPersons, period: Period) -> pl.DataFrame:
    query = select(Person)
    if figure.periods:
        held = select(RegistryPeriod.person_id).where(
            RegistryPeriod.kind.in_(figure.periods), RegistryPeriod.start <= period.end,
            or_(RegistryPeriod.end.is_(None), RegistryPeriod.end >= period.end))
        query = query.where(Person.id.in_(held))
    rows = [_person_row(p, period.end, p.district) for p in session.scalars(query.order_by(Person.id))
            if p.birth_date <= period.end and _of_age(figure.age, p.birth_date, period.end)]
    return _frame(rows)


def _settlement(session: Session, figure: Settlement, period: Period) -> pl.DataFrame:
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=dt.UTC)
    after = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    query = (select(Person, ApplicationEvent.at)
             .join(Application, Application.person_id == Person.id)
             .join(ApplicationEvent, ApplicationEvent.application_id == Application.id)
             .where(ApplicationEvent.to_state == figure.reached, ApplicationEvent.at >= start,
                    ApplicationEvent.at < after))
    rows = [_person_row(p, at.date(), p.district) for p, at in session.execute(query)]
    return _one_per_person(_frame(rows))


def _services(figure: ServiceCases) -> ColumnElement[bool]:
    """The SQL condition: a case of one of the figure's packs, and its benefit of the item named."""
    parts = [and_(ServiceCase.pack_id == ref.pack, *([ServiceBenefit.item == ref.item] if ref.item else []))
             for ref in figure.services]
    return or_(*parts) if parts else false()


def _service_cases(session: Session, figure: ServiceCases, period: Period) -> pl.DataFrame:
    rows: list[dict[str, object]] = []
    if figure.event == "delivered":
        query = (select(Person, ServiceCase, ServiceDelivery)
                 .join(ServiceCase, ServiceCase.person_id == Person.id)
                 .join(ServiceDelivery, ServiceDelivery.case_id == ServiceCase.id)
                 .join(ServiceBenefit, ServiceBenefit.id == ServiceDelivery.benefit_id)
                 .where(_services(figure), ServiceDelivery.delivered_on >= period.start,
                        ServiceDelivery.delivered_on <= period.end))
        for person, case, delivery in session.execute(query):
            if not _of_age(figure.age, person.birth_date, delivery.delivered_on):
                continue
            value = 1.0
            if figure.measure == "amount":
                if delivery.currency not in CURRENCIES:
                    raise FigureError(f"service delivery {delivery.id} (case {case.id}): currency "
                                      f"{delivery.currency!r}; the indicator sums payments in CNY only")
                value = float(delivery.amount or Decimal(0))
            rows.append(_person_row(person, delivery.delivered_on, case.district or person.district, value))
        return _one_per_person(_frame(rows))
    if figure.event == "holding":
        delivered = select(ServiceDelivery.benefit_id).where(ServiceDelivery.delivered_on <= period.end)
        closed_after = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
        query_h = (select(Person, ServiceCase, ServiceBenefit)
                   .join(ServiceCase, ServiceCase.person_id == Person.id)
                   .join(ServiceBenefit, ServiceBenefit.case_id == ServiceCase.id)
                   .where(_services(figure), ServiceBenefit.id.in_(delivered),
                          or_(ServiceBenefit.period_from.is_(None),
                              ServiceBenefit.period_from <= period.end),
                          or_(ServiceBenefit.period_until.is_(None),
                              ServiceBenefit.period_until >= period.end),
                          or_(ServiceCase.closed_at.is_(None), ServiceCase.closed_at >= closed_after)))
        for person, case, _benefit in session.execute(query_h):
            if _of_age(figure.age, person.birth_date, period.end):
                rows.append(_person_row(person, period.end, case.district or person.district))
        return _one_per_person(_frame(rows))
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=dt.UTC)
    after = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    column = ServiceCase.submitted_at if figure.event == "lodged" else ServiceCase.decided_at
    query_c = (select(Person, ServiceCase).join(ServiceCase, ServiceCase.person_id == Person.id)
               .where(column >= start, column < after))
    if figure.event == "granted" or any(ref.item for ref in figure.services):
        query_c = query_c.join(ServiceBenefit, ServiceBenefit.case_id == ServiceCase.id)
    query_c = query_c.where(_services(figure))
    for person, case in session.execute(query_c):
        when = case.submitted_at if figure.event == "lodged" else case.decided_at
        assert when is not None
        if _of_age(figure.age, person.birth_date, when.date()):
            rows.append(_person_row(person, when.date(), case.district or person.district))
    return _one_per_person(_frame(rows))


def registry_rows(session: Session, figure: Figure, period: Period) -> pl.DataFrame:
    """The persons behind a registry or service-case figure in `period`."""
    if isinstance(figure, RegistryPersons):
        return _registry_persons(session, figure, period)
    if isinstance(figure, Settlement):
        return _settlement(session, figure, period)
    if isinstance(figure, ServiceCases):
        return _service_cases(session, figure, period)
    raise FigureError(f"a figure of kind {figure.kind!r} is not read from the registry")


def round_file_of(population: Path) -> Path:
    """The ranked list `settle demo` and `settle round` write beside a population file."""
    return population.with_name(f"{population.stem}-round.parquet")


def population_rows(population: Path, figure: Figure, day: dt.date) -> pl.DataFrame:
    """The persons of a synthetic population behind a figure, their ages on `day`."""
    frame = pl.read_parquet(population, columns=None)
    if isinstance(figure, PopulationRound):
        ranked = round_file_of(population)
        if not ranked.is_file():
            raise FigureError(f"{ranked}: no ranked list beside the population; run its round first")
        admitted = pl.read_parquet(ranked, columns=["person_id", "admitted"]).filter(pl.col("admitted"))
        frame = frame.join(admitted.select("person_id"), on="person_id", how="semi")
    elif isinstance(figure, PopulationRows):
        for column, values in figure.where.items():
            if column not in frame.columns:
                raise FigureError(f"where: {column!r} is not a column of {population.name} "
                                  f"({', '.join(frame.columns[:12])}, …)")
            frame = frame.filter(pl.col(column).cast(pl.String).is_in(values))
        if figure.age is not None:
            low, high = figure.age.months()
            born = pl.col("birth_date")
            months = (day.year - born.dt.year()) * 12 + day.month - born.dt.month()
            months = months - (born.dt.day() > day.day).cast(pl.Int32)
            frame = frame.filter(months >= low, *([months < high] if high is not None else []))
    else:
        raise FigureError(f"a figure of kind {figure.kind!r} is not read from a synthetic population")
    return frame.select(pl.col("person_id").alias("unit"), pl.col("sex").cast(pl.String),
                        pl.col("birth_date"), pl.col("district").cast(pl.String),
                        pl.lit(day).alias("day"), pl.lit(1.0).alias("value"))
