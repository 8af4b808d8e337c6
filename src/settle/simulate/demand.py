"""Service demand: from the admitted (settled, their children need places) and, separately,
from the eligible, with their accompanying children, per district and per year over a
horizon: compulsory-education places by level, public rental flats, relief cases and their
budget; baseline and each reform, and the change. The Zhengzhou pilot's idea: plan schools
and facilities with the population (002_d984395f04a192ae.txt line 196; 003_3e1a3041a7941729.txt
lines 143 and 214).

The model (demand/<city>.yaml, settle.simulate.demand_model) holds every figure. Year Y's
figures are on the model's `year_date` of Y: a child's age is counted then, and each service
pack is evaluated then, with the facts that grow yearly grown by the whole years since the
evaluation date. Nobody arrives, leaves or is born after the evaluation date: within six
years no child born later reaches school age. Every count is small-cell suppressed: a cell
that rests on fewer persons than the threshold, or counts fewer, is hidden, and a second
cell of the same breakdown with it (settle.workflow.disclosure_control).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import polars as pl

from settle.packs import default_catalogue
from settle.packs.catalogue import PackCatalogue
from settle.packs.pack import Pack
from settle.paths import demand_dir
from settle.rules.bulk.engine import score_table
from settle.rules.facts import InvalidFacts
from settle.simulate.demand_model import (
    DemandModel,
    FactSource,
    Service,
    Where,
    cite_source,
    figure_source,
    load_demand,
)
from settle.simulate.scenarios import Simulation
from settle.workflow.disclosure_control import breakdown

GROUPS = ("admitted", "eligible")
GROUP_TITLES = {"admitted": {"en": "admitted (settled)", "zh": "入围（落户）"},
                "eligible": {"en": "eligible", "zh": "符合条件"}}
CENT = Decimal("0.01")


class DemandError(ValueError):
    """The demand model does not fit the population or a pack (names the service, the fact
    and the column)."""


@dataclass(frozen=True)
class Cell:
    """One figure before suppression: `value` rests on `persons` distinct persons."""

    value: int
    persons: int
    budget: Decimal | None = None


EMPTY = Cell(0, 0)
Tallies = dict[str, dict[tuple[Any, ...], Cell]]


def demand_model_for(city: str, folder: Path | None = None) -> DemandModel | None:
    """The city's demand model (`<city>.yaml` in `folder`, default demand/), or None."""
    path = (folder or demand_dir()) / f"{city}.yaml"
    return load_demand(path) if path.is_file() else None


def forecast_years(as_of: dt.date, model: DemandModel, horizon: int | None = None) -> list[int]:
    """The years forecast: the first whose date falls on or after the evaluation date, and
    the next ones up to the horizon."""
    years = horizon if horizon is not None else int(model.horizon_years.value)
    if years < 1:
        raise DemandError(f"horizon = {years}: expected at least 1 year")
    first = as_of.year if model.year_date.of(as_of.year) >= as_of else as_of.year + 1
    return list(range(first, first + years))


def _whole_years(start: dt.date, on: dt.date) -> int:
    return max(0, on.year - start.year - ((on.month, on.day) < (start.month, start.day)))


def age_on(column: str, on: dt.date) -> pl.Expr:
    """Completed years on `on` of the date column `column` (month and day compared as 32-bit
    integers: `dt.month()` is 8-bit and would overflow)."""
    born = pl.col(column)
    later = (born.dt.month().cast(pl.Int32) * 100 + born.dt.day().cast(pl.Int32)) > on.month * 100 + on.day
    return on.year - born.dt.year().cast(pl.Int32) - later.cast(pl.Int32)


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Enum and categorical columns as text, so facts and filters compare values, not codes."""
    return frame.with_columns(pl.col(name).cast(pl.String) for name, dtype in frame.schema.items()
                              if isinstance(dtype, (pl.Enum, pl.Categorical)))


def _wanted(model: DemandModel, service: Service) -> list[str]:
    """Columns of the population the service reads."""
    wanted = [w.column for w in service.where]
    wanted += [s.column for s in service.facts.values() if s.column is not None]
    if service.unit == "child" or any(s.child for s in service.facts.values()):
        wanted.append(model.household.children)
    if any(s.family is not None for s in service.facts.values()):
        wanted += [model.household.children, model.household.spouse]
    return wanted


def _needs(model: DemandModel, service: Service, population: pl.DataFrame) -> list[str]:
    """Columns the service reads that the population lacks."""
    return sorted({c for c in _wanted(model, service) if c not in population.columns})


def columns_read(model: DemandModel) -> set[str]:
    """Every column of the population the model may read (district, household, services)."""
    return {model.district, model.household.children,
            *(c for service in model.services for c in _wanted(model, service))}


def _selected(where: list[Where]) -> pl.Expr:
    condition = pl.lit(True)
    for rule in where:
        condition = condition & pl.col(rule.column).is_in(_values(rule.in_))
    return condition


def _values(values: list[Any]) -> list[Any]:
    return [str(v) if not isinstance(v, (bool, int)) else v for v in values]


def _fact(name: str, source: FactSource, pack: Pack, model: DemandModel, years: int) -> pl.Expr:
    """The expression giving fact `name` for each unit assessed, `years` after the evaluation date."""
    spec = pack.facts[name]
    if source.value is not None:
        expr = pl.lit(str(source.value) if spec.type in ("decimal", "category") else source.value)
    elif source.family is not None:
        family = (pl.col(model.household.spouse).fill_null(False)
                  | (pl.col(model.household.children).list.len().fill_null(0) > 0))
        expr = pl.when(family).then(pl.lit(source.family[0])).otherwise(pl.lit(source.family[1]))
    elif source.child is not None:
        expr = pl.col("_child_birth_date")
    else:
        assert source.column is not None
        expr = pl.col(source.column)
        if source.in_ is not None:
            expr = expr.is_in(_values(source.in_))
        elif spec.grows == "yearly" and years:
            expr = expr + years
            if spec.max is not None:
                expr = pl.min_horizontal(expr, pl.lit(int(spec.max)))
    return expr.alias(name)


def _units(model: DemandModel, service: Service, population: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    """The persons (or their accompanying children born by `on`, one row each) a service
    assesses."""
    frame = population.filter(_selected(service.where)) if service.where else population
    if service.unit == "child":
        frame = frame.with_columns(pl.col(model.household.children).alias("_child_birth_date")).explode(
            "_child_birth_date").filter(pl.col("_child_birth_date") <= on)
    return frame


def assess(model: DemandModel, service: Service, pack: Pack | None, population: pl.DataFrame,
           as_of: dt.date, year: int) -> pl.DataFrame:
    """person_id, district and for each unit whether it is eligible and its amount in year `year`."""
    on = model.year_date.of(year)
    units = _units(model, service, population, on).with_row_index("_unit")
    keys = units.select("_unit", "person_id", pl.col(model.district).alias("district"))
    if pack is None:
        return keys.drop("_unit").with_columns(pl.lit(True).alias("eligible"),
                                               pl.lit(None, dtype=pl.Decimal(38, 2)).alias("amount"))
    years = _whole_years(as_of, on)
    facts = units.select(pl.col("_unit").cast(pl.String).alias("person_id"),
                         *(_fact(name, source, pack, model, years) for name, source in service.facts.items()))
    try:
        scored = score_table(pack, facts, as_of=on).readable()
    except InvalidFacts as exc:
        raise DemandError(f"demand/{model.id}.yaml service {service.id}: the facts given to "
                          f"{pack.id} do not fit it: {exc}") from None
    priced = pack.meta.benefit is not None and pack.meta.benefit.kind == "amount"
    amount = pl.col("total") if priced else pl.lit(None)
    results = scored.select(pl.col("person_id").cast(pl.UInt32).alias("_unit"), "eligible",
                            amount.cast(pl.Decimal(38, 2)).alias("amount"))
    return keys.join(results, on="_unit", how="left").drop("_unit")


def check_model(model: DemandModel, catalogue: PackCatalogue) -> list[str]:
    """Every problem of the model against its packs: a fact a pack reads that the model does
    not give, or a fact it gives that the pack does not read."""
    problems = []
    for service in model.services:
        if service.pack is None:
            continue
        pack = catalogue.load(service.pack)
        for fact in pack.facts:
            if fact not in service.facts:
                problems.append(f"service {service.id}: {service.pack} reads {fact!r}, which the "
                                "model does not give")
        for fact in service.facts:
            if fact not in pack.facts:
                problems.append(f"service {service.id}: {service.pack} has no fact {fact!r}")
    return problems


def _groups(sim: Simulation) -> pl.DataFrame:
    """person_id and one yes/no column per scenario and group (`baseline.admitted`, ...)."""
    names = [f"{s}.{g}" for s in sim.names() for g in GROUPS]
    return sim.persons.select("person_id", *(pl.col(n).fill_null(False) for n in names))


def _tally(frame: pl.DataFrame, flags: pl.DataFrame, keys: list[str], budget: bool) -> Tallies:
    """For each scenario.group column of `flags`: the units counted per `keys` (with the
    distinct persons they rest on, and the sum of `amount`)."""
    joined = frame.join(flags, on="person_id", how="inner")
    out: Tallies = {}
    for column in flags.columns[1:]:
        aggregations = [pl.len().alias("n"), pl.col("person_id").n_unique().alias("persons")]
        if budget:
            aggregations.append(pl.col("amount").sum().alias("amount"))
        grouped = joined.filter(pl.col(column)).group_by(keys).agg(aggregations)
        out[column] = {tuple(row[k] for k in keys): Cell(row["n"], row["persons"], row.get("amount"))
                       for row in grouped.iter_rows(named=True)}
    return out


def _shown(cells: dict[Any, Cell], k: int, measure: Callable[[Cell], int]) -> dict[Any, bool]:
    """Which cells of one breakdown may be shown: none whose figure (`measure`) is below `k`
    or rests on fewer than `k` persons, and a second one hidden with a single hidden one
    (disclosure_control.breakdown on the persons each cell rests on)."""
    basis = {}
    for key, cell in cells.items():
        figure = measure(cell)
        basis[key] = 0 if figure == 0 else cell.persons if figure >= k else min(cell.persons, k - 1)
    return {key: value is not None for key, value in breakdown(basis, k).items()}


def _figures(tallies: Tallies, scenarios: list[str], group: str, keys: list[tuple[Any, ...]],
             districts: list[str], k: int, measure: Callable[[Cell], int],
             convert: Callable[[Cell], Any]) -> list[dict[str, Any]]:
    """Rows per key and district, then the whole city (district None): each scenario's figure
    (`convert`, hidden by `measure`) and its change from the baseline."""
    rows = []
    for key in keys:
        shown: dict[str, dict[str | None, Any]] = {}
        for scenario in scenarios:
            cells = {d: tallies[f"{scenario}.{group}"].get((*key, d), EMPTY) for d in districts}
            visible = _shown(cells, k, measure)
            city = _sum(cells.values())
            figures: dict[str | None, Any] = {d: convert(c) if visible[d] else None for d, c in cells.items()}
            figures[None] = convert(city) if _shown({None: city}, k, measure)[None] else None
            shown[scenario] = figures
        for district in [*districts, None]:
            values = {s: shown[s][district] for s in scenarios}
            rows.append({"key": key, "district": district, "values": values,
                         "change": _changes(values, scenarios)})
    return rows


def _sum(cells: Iterable[Cell]) -> Cell:
    cells = list(cells)
    budgets = [c.budget for c in cells if c.budget is not None]
    return Cell(sum(c.value for c in cells), sum(c.persons for c in cells),
                sum(budgets, Decimal(0)) if budgets else None)


def _changes(values: dict[str, Any], scenarios: list[str]) -> dict[str, Any]:
    """Each reform's figure less the baseline's (None where either is hidden)."""
    base = values[scenarios[0]]
    out: dict[str, Any] = {}
    for s in scenarios[1:]:
        v = values[s]
        if base is None or v is None:
            out[s] = None
        elif isinstance(v, dict):
            out[s] = {name: None if v[name] is None or base[name] is None else v[name] - base[name]
                      for name in v}
        else:
            out[s] = v - base
    return out


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _districts(population: pl.DataFrame, model: DemandModel) -> list[str]:
    if model.district not in population.columns:
        raise DemandError(f"demand/{model.id}.yaml: the population has no district column "
                          f"{model.district!r}")
    return sorted(v for v in population[model.district].cast(pl.String).unique().to_list() if v is not None)


def school_places(sim: Simulation, population: pl.DataFrame, model: DemandModel,
                  years: list[int], districts: list[str]) -> list[dict[str, Any]]:
    """Places needed per group, level, year and district: the accompanying children whose age
    on the year's date lies in the level's ages, times the enrolment share."""
    children = population.select("person_id", pl.col(model.district).alias("district"),
                                 pl.col(model.household.children).alias("born")).explode("born").drop_nulls("born")
    frames = []
    for year in years:
        age = age_on("born", model.year_date.of(year))
        level: Any = pl.lit(None, dtype=pl.String)
        for lv in reversed(model.schools.levels):
            level = pl.when(age.is_between(*lv.ages)).then(pl.lit(lv.id)).otherwise(level)
        frames.append(children.select("person_id", "district", pl.lit(year).alias("year"),
                                      level.alias("level")).drop_nulls("level"))
    tallies = _tally(pl.concat(frames), _groups(sim), ["level", "year", "district"], budget=False)
    share = model.schools.enrolment.value

    def places(cell: Cell) -> int:
        return _whole(cell.value * share)

    rows = []
    keys = [(lv.id, year) for lv in model.schools.levels for year in years]
    for group in GROUPS:
        for row in _figures(tallies, sim.names(), group, keys, districts, sim.threshold, places, places):
            level, year = row.pop("key")
            rows.append({"group": group, "level": level, "year": year, **row})
    return rows


def service_demand(sim: Simulation, population: pl.DataFrame, model: DemandModel, service: Service,
                   pack: Pack | None, years: list[int], districts: list[str]) -> dict[str, Any]:
    """Cases (flats taken, persons relieved) per group, year and district, and their budget a
    year: the units the pack finds eligible times the rate, to the whole case; the budget is
    the cases times the mean amount the pack gives the eligible (a month's amount twelve
    times), or times the model's amount per case, or none when neither gives an amount."""
    frames = [assess(model, service, pack, population, sim.as_of, year).filter(pl.col("eligible"))
              .with_columns(pl.lit(year).alias("year")) for year in years]
    benefit = pack.meta.benefit if pack is not None else None
    priced = benefit is not None and benefit.kind == "amount"
    tallies = _tally(pl.concat(frames), _groups(sim), ["year", "district"], budget=priced)
    rate = service.rate.value
    per_case = service.amount_per_case
    yearly = Decimal(12) if benefit is not None and benefit.period == "month" else Decimal(1)

    def cases(cell: Cell) -> int:
        return _whole(cell.value * rate)

    def figures(cell: Cell) -> dict[str, Any]:
        count = cases(cell)
        budget = None
        if priced and cell.budget is not None:
            mean = cell.budget / cell.value if cell.value else Decimal(0)
            budget = (count * mean * yearly).quantize(CENT, rounding=ROUND_HALF_UP)
        elif per_case is not None:
            budget = (count * per_case.value).quantize(CENT, rounding=ROUND_HALF_UP)
        return {"cases": count, "budget": budget}

    rows = []
    for group in GROUPS:
        for row in _figures(tallies, sim.names(), group, [(y,) for y in years], districts,
                            sim.threshold, cases, figures):
            (year,) = row.pop("key")
            rows.append({"group": group, "year": year, **row})
    currency = (benefit.currency if priced and benefit is not None
                else per_case.currency if per_case is not None else None)
    return {"id": service.id, "kind": service.kind, "title": service.title.model_dump(),
            "pack": service.pack, "unit": service.unit, "currency": currency,
            "period": benefit.period if priced and benefit is not None else None,
            "amount": "pack" if priced else "per_case" if per_case is not None else None,
            "rate": rate, "rate_source": figure_source(service.rate, model.sources),
            "amount_per_case": per_case.value if per_case is not None else None,
            "amount_source": figure_source(per_case, model.sources) if per_case is not None else None,
            "rows": rows}


def demand(sim: Simulation, population: pl.DataFrame, model: DemandModel, catalogue: PackCatalogue,
           horizon: int | None = None, districts: list[str] | None = None) -> dict[str, Any]:
    """The demand section of a simulation's summary (see the module's docstring). `sim` and
    `population` may hold only the persons admitted or eligible in some scenario, with
    `districts` those of the whole population."""
    problems = check_model(model, catalogue)
    if problems:
        raise DemandError(f"demand/{model.id}.yaml: " + "; ".join(problems))
    years = forecast_years(sim.as_of, model, horizon)
    flags = _groups(sim)
    anyone = flags.filter(pl.any_horizontal(pl.exclude("person_id")))["person_id"]
    if districts is None:
        districts = _districts(population, model)
    population = _plain(population.filter(pl.col("person_id").is_in(anyone.implode())))
    skipped = []
    schools: dict[str, Any] = {
        "title": model.schools.title.model_dump(), "enrolment": model.schools.enrolment.value,
        "enrolment_source": figure_source(model.schools.enrolment, model.sources),
        "levels": [{"id": lv.id, "title": lv.title.model_dump(), "ages": list(lv.ages),
                    **figure_source(lv, model.sources)} for lv in model.schools.levels], "rows": []}
    if model.household.children in population.columns:
        schools["rows"] = school_places(sim, population, model, years, districts)
    else:
        skipped.append({"what": "schools", "missing": [model.household.children]})
    services = []
    for service in model.services:
        missing = _needs(model, service, population)
        if missing:
            skipped.append({"what": service.id, "missing": missing})
            continue
        pack = catalogue.load(service.pack) if service.pack else None
        services.append(service_demand(sim, population, model, service, pack, years, districts))
    youngest = min(lv.ages[0] for lv in model.schools.levels)
    unborn = [y for y in years if _whole_years(sim.as_of, model.year_date.of(y)) >= youngest]
    return {"model": model.id, "title": model.title.model_dump(), "years": years,
            "births_missing_from": unborn[0] if unborn else None,
            "year_date": f"{model.year_date.month:02d}-{model.year_date.day:02d}",
            "year_date_source": figure_source(model.year_date, model.sources),
            "horizon_source": figure_source(model.horizon_years, model.sources),
            "planning": cite_source(model.planning, model.sources),
            "groups": [{"id": g, "title": GROUP_TITLES[g]} for g in GROUPS],
            "scenarios": sim.names(), "districts": districts, "schools": schools,
            "services": services, "skipped": skipped}


def demand_for(sim: Simulation, population: pl.DataFrame, base: Pack,
               horizon: int | None = None, districts: list[str] | None = None) -> dict[str, Any] | None:
    """The demand section for a simulation of `base`'s city, or None when the city has no
    demand model (`districts`: as for `demand`)."""
    model = demand_model_for(base.meta.jurisdiction)
    if model is None:
        return None
    return demand(sim, population, model, default_catalogue(), horizon, districts)
