"""A study: the baseline and stacked reforms run over a population, costed, and written out
(persons, summary, report) — the one pipeline under `settle simulate`, `settle demo` and the
analyst's page and API."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from settle.language.text import Lang
from settle.packs.pack import Pack
from settle.packs.reforms import LoadedReform
from settle.paths import costs_dir
from settle.simulate.costs import CostModel, costs, load_costs
from settle.simulate.demand import demand_for
from settle.simulate.labels import group_labels
from settle.simulate.report import write_report
from settle.simulate.scenarios import Run, Scenario, Tallies, simulate, summary_of, tally


class StudyError(ValueError):
    """A study cannot run as asked (names the input and why)."""


def cost_model_for(name: str | None, base: Pack) -> CostModel:
    """The cost model asked for (a file or an id in costs/), else the base pack's city's,
    else the national one."""
    folder = costs_dir()
    if name is None:
        city = folder / f"{base.meta.jurisdiction}.yaml"
        path = city if city.exists() else folder / "national.yaml"
    else:
        path = Path(name) if name.endswith((".yaml", ".yml")) else folder / f"{name}.yaml"
    if not path.exists():
        known = ", ".join(p.stem for p in sorted(folder.glob("*.yaml"))) or "none"
        raise StudyError(f"no cost model {name!r}: give a file, or one of: {known}")
    return load_costs(path)


def plain(value: object) -> str | float:
    """What JSON cannot hold, as JSON holds it: dates as ISO text, decimals as text."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def scenarios_of(base: Pack, loaded: list[LoadedReform], steps: list[Pack]) -> list[Scenario]:
    """The baseline, then the pack after each stacked reform."""
    return [Scenario("baseline", base), *(Scenario(r.id, p) for r, p in zip(loaded, steps, strict=True))]


def chosen_costs(name: str | None, base: Pack, cost_timing: str | None = None) -> CostModel:
    """The cost model of a study (`cost_model_for`), with the timing asked for; checked before
    anything runs."""
    model = cost_model_for(name, base)
    try:
        return model.model_copy(update={"timing": model.timing.chosen(cost_timing)})
    except ValueError as exc:
        raise StudyError(str(exc)) from None


def run_study(base: Pack, loaded: list[LoadedReform], steps: list[Pack], table: pl.DataFrame, *,
              population_name: str, threshold: int, quota: int | None = None,
              as_of: dt.date | None = None, round_id: str | None = None, by: list[str] | None = None,
              out: Path | None = None, cost_model: str | None = None, horizon: int | None = None,
              lang: Lang = "en", progress: Callable[[str], None] | None = None,
              cost_timing: str | None = None) -> tuple[dict[str, Any], Path | None]:
    """Simulate, cost, forecast the service demand (when the city has a demand model), and
    (with `out`) write persons.parquet, summary.json and the report; returns the summary and
    the report's path."""
    model = chosen_costs(cost_model, base, cost_timing)
    sim = simulate(scenarios_of(base, loaded, steps), table, quota=quota, as_of=as_of, round_id=round_id,
                   by=by, threshold=threshold, progress=progress)
    services = demand_for(sim, table, base, horizon)

    def persons(folder: Path) -> None:
        sim.persons.write_parquet(folder / "persons.parquet")

    return finish_study(base, loaded, sim, tally(sim), model, services, persons,
                        population_name=population_name, quota=quota, round_id=round_id, out=out,
                        horizon=horizon, lang=lang)


def finish_study(base: Pack, loaded: list[LoadedReform], run: Run, tallies: Tallies, model: CostModel,
                 services: dict[str, Any] | None, write_persons: Callable[[Path], None], *,
                 population_name: str, quota: int | None, round_id: str | None, out: Path | None,
                 horizon: int | None, lang: Lang,
                 demand_missing: dict[str, Any] | None = None) -> tuple[dict[str, Any], Path | None]:
    """What both engines do after the tallies: the summary, its labels, the costs (from the
    admitted counts), the demand section (`services`, or why it is missing) and, with `out`,
    the person-level results (`write_persons`), summary.json and the report."""
    provenance = {"pack": base.id, "pack_version": base.meta.version,
                  "reforms": [{"id": r.id, "title": r.reform.title.model_dump(), "file": r.file}
                              for r in loaded],
                  "population": population_name, "as_of": run.as_of, "quota": quota,
                  "round": round_id, "costs": {"id": model.id, "title": model.title.model_dump()}}
    report = summary_of(run, tallies, provenance)
    report["labels"] = group_labels(base, list(report["breakdowns"]))
    years = services["years"] if services is not None else \
        [run.as_of.year + i for i in range(horizon or 1)]
    report["costs"] = costs(model, report["scenarios"], [r.admitted for r in run.rounds], years)
    if services is not None:
        report["demand"] = services
    if demand_missing is not None:
        report["demand_not_computed"] = demand_missing
    html = None
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        write_persons(out)
        text = json.dumps(report, default=plain, ensure_ascii=False, indent=2)
        (out / "summary.json").write_text(text, encoding="utf-8")
        html = write_report(run, tallies, json.loads(text), out, lang)
    return report, html
