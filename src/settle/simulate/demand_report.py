"""The demand section of a simulation's summary as the report shows it: the whole city's
tables (school places, each service's cases and budget, baseline, reforms and change) and the
long table of every district and year written beside the report as demand.csv. Only the
summary's figures are read, already suppressed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from settle.language.text import Lang

Words = Callable[[str], str]


def demand_tables(report: dict[str, Any], w: Words, lang: Lang) -> dict[str, Any]:
    """The whole city's demand, shaped for the report's tables, in words `w`."""
    section = report["demand"]
    names = section["scenarios"]
    groups = {g["id"]: g["title"][lang] for g in section["groups"]}
    levels = {lv["id"]: lv["title"][lang] for lv in section["schools"]["levels"]}

    def count(value: Any) -> str:
        return w("hidden") if value is None else f"{value:,}"

    def money(value: Any, shown: bool) -> str:
        if not shown:
            return w("hidden")
        return w("not_computable") if value is None else f"{float(value):,.2f}"

    schools = [{"group": groups[row["group"]], "level": levels[row["level"]], "year": row["year"],
                "values": [count(row["values"][s]) for s in names],
                "changes": [count(row["change"][s]) for s in names[1:]]}
               for row in section["schools"]["rows"] if row["district"] is None]
    services = []
    for service in section["services"]:
        rows = []
        for row in (r for r in service["rows"] if r["district"] is None):
            values = [row["values"][s] or {} for s in names]
            changes = [row["change"][s] or {} for s in names[1:]]
            rows.append({"group": groups[row["group"]], "year": row["year"],
                         "cases": [count(v.get("cases")) for v in values],
                         "budget": [money(v.get("budget"), bool(v)) for v in values],
                         "changes": [count(c.get("cases")) for c in changes],
                         "budget_changes": [money(c.get("budget"), bool(c)) for c in changes]})
        services.append({"title": service["title"][lang], "pack": service["pack"],
                         "unit": w("flats" if service["kind"] == "flats" else "cases"),
                         "currency": service["currency"], "rate": service["rate"],
                         "rate_source": service["rate_source"], "amount_source": service["amount_source"],
                         "rows": rows})
    return {"names": names, "schools": schools, "services": services,
            "levels": [(levels[lv["id"]], lv) for lv in section["schools"]["levels"]]}


def demand_table(report: dict[str, Any]) -> pl.DataFrame:
    """Every demand figure as one long table: measure, group, level or service, year, district
    (empty for the whole city), scenario, figure, budget and change from the baseline."""
    section = report["demand"]
    names = section["scenarios"]
    rows: list[dict[str, Any]] = []
    for row in section["schools"]["rows"]:
        for name in names:
            rows.append({"measure": "school_places", "group": row["group"], "item": row["level"],
                         "year": row["year"], "district": row["district"], "scenario": name,
                         "value": row["values"][name], "budget": None, "change": row["change"].get(name)})
    for service in section["services"]:
        for row in service["rows"]:
            for name in names:
                value, change = row["values"][name] or {}, row["change"].get(name) or {}
                budget = value.get("budget")
                rows.append({"measure": service["kind"], "group": row["group"], "item": service["id"],
                             "year": row["year"], "district": row["district"], "scenario": name,
                             "value": value.get("cases"), "budget": None if budget is None else float(budget),
                             "change": change.get("cases")})
    return pl.DataFrame(rows, schema={"measure": pl.String, "group": pl.String, "item": pl.String,
                                      "year": pl.Int64, "district": pl.String, "scenario": pl.String,
                                      "value": pl.Int64, "budget": pl.Float64, "change": pl.Int64})


def scenario_keys(names: list[str]) -> list[str]:
    """Short column names for a terminal's table: the baseline, then R1, R2, ... for the
    reforms in their stacking order (the legend says which is which)."""
    return [names[0], *(f"R{i}" for i in range(1, len(names)))]


def headline(section: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """The terminal's table, narrow enough for 80 columns: per measure and group, the whole
    city's figure in the last year forecast for each scenario (baseline, R1, R2, ... as
    `scenario_keys` names them) and each reform's change against the baseline (ΔR1, ...)."""
    names = section["scenarios"]
    keys = scenario_keys(names)
    last = section["years"][-1]
    series: dict[tuple[str, str], list[Any]] = {}

    def add(measure: str, row: dict[str, Any], figure: Callable[[Any], Any]) -> None:
        if row["year"] == last:
            series[(measure, row["group"])] = [*(figure(row["values"][s]) for s in names),
                                               *(figure(row["change"][s]) for s in names[1:])]

    for row in section["schools"]["rows"]:
        if row["district"] is None:
            add(row["level"], row, lambda value: value)
    for service in section["services"]:
        for row in service["rows"]:
            if row["district"] is None:
                add(service["id"], row, lambda value: (value or {}).get("cases"))

    def shown(value: Any) -> str:
        return "<hidden>" if value is None else f"{value:,}"

    header = ["measure", "who", *keys, *(f"Δ{k}" for k in keys[1:])]
    return header, [[measure, group, *map(shown, cells)] for (measure, group), cells in series.items()]
