"""`settle sweep` and `settle target`: one parameter over a grid, or the value that meets a
target, on a population, reusing every score the parameter does not change."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from settle.cli.common import (
    AsOfOption,
    JsonOption,
    PackOption,
    PoliciesOption,
    add_policies,
    console,
    date_of,
    fail,
    pack_of,
    print_json,
)
from settle.rules.bulk.reading import read_people
from settle.rules.facts import InvalidFacts
from settle.simulate.sweep import Sweeper, SweepError, grid, measure_of, point_row, search
from settle.tables import TableError
from settle.workflow.disclosure_control import threshold_from_env
from settle.workflow.quota_round import RoundError

ParamOption = Annotated[str, typer.Option("--param", help="The parameter to vary (settle show lists them).")]
PopulationOption = Annotated[str, typer.Option(help="Persons: .parquet, .csv, .json or .ndjson.")]
QuotaOption = Annotated[int | None, typer.Option(min=0, help="Quota of the general line.")]
ByOption = Annotated[str | None, typer.Option(help="Count the admitted by this column.")]


def _number(text: str, option: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        fail(f"{option} must be a number, not {text!r}")


def _sweeper(pack: str, population: str, param: str, quota: int | None, as_of: str | None,
             by: str | None) -> Sweeper:
    day = date_of(as_of)
    chosen = pack_of(pack, day)
    try:
        return Sweeper(chosen, read_people(population, chosen), param, quota=quota, as_of=day, by=by)
    except (TableError, InvalidFacts, RoundError, SweepError) as exc:
        fail(str(exc))


def register(app: typer.Typer) -> None:
    @app.command("sweep")
    def sweep(pack: PackOption, param: ParamOption, population: PopulationOption,
              low: Annotated[str, typer.Option("--from", help="The first value.")],
              high: Annotated[str, typer.Option("--to", help="The last value.")],
              steps: Annotated[int, typer.Option(min=2, help="Values in the grid, ends included.")] = 11,
              quota: QuotaOption = None, by: ByOption = None, as_of: AsOfOption = None,
              as_json: JsonOption = False, policies: PoliciesOption = None) -> None:
        """Vary one parameter over a grid: cut-off, admitted and each group's share at every value."""
        add_policies(policies)
        sweeper = _sweeper(pack, population, param, quota, as_of, by)
        rows = []
        try:
            values = grid(_number(low, "--from"), _number(high, "--to"), steps)
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task(f"sweeping {param}", total=len(values))
                for value in values:
                    rows.append(point_row(sweeper.at(value), threshold_from_env()))
                    progress.advance(task)
        except (SweepError, RoundError) as exc:
            fail(str(exc))
        if as_json:
            print_json({"pack": sweeper.pack.id, "parameter": param, "as_of": sweeper.on,
                        "quota": quota, "points": rows})
            return
        table = Table(title=f"{sweeper.pack.id}: {param}")
        for name in ("value", "eligible", "admitted", "cut-off", *(["shares"] if by else [])):
            table.add_column(name)
        for row in rows:
            cut = ", ".join(f"{k}={v}" for k, v in (row["cutoff"] or {}).items()) or "-"
            admitted = row["admitted"]
            shares = ", ".join(f"{g} {v['admitted'] / admitted:.1%}" if v["admitted"] is not None
                               else f"{g} <hidden>" for g, v in row["groups"].items() if admitted)
            table.add_row(str(row["value"]), f"{row['eligible']:,}", f"{admitted:,}", cut,
                          *([shares] if by else []))
        console.print(table)

    @app.command("target")
    def target(pack: PackOption, param: ParamOption, population: PopulationOption,
               measure: Annotated[str, typer.Option(help=(
                   "admitted, eligible, cutoff, mean_points or share:GROUP (with --by)."))],
               goal: Annotated[str, typer.Option(help="The value the measure must reach.")],
               low: Annotated[str, typer.Option("--from", help="Lowest value to search.")],
               high: Annotated[str, typer.Option("--to", help="Highest value to search.")],
               resolution: Annotated[str, typer.Option(help="Stop when the range is this narrow.")] = "1",
               quota: QuotaOption = None, by: ByOption = None, as_of: AsOfOption = None,
               as_json: JsonOption = False, policies: PoliciesOption = None) -> None:
        """Find the parameter value at which a measure first reaches a goal, by search."""
        add_policies(policies)
        sweeper = _sweeper(pack, population, param, quota, as_of, by)
        try:
            value, reached, tries = search(lambda v: measure_of(sweeper.at(v), measure),
                                           _number(goal, "--goal"), _number(low, "--from"),
                                           _number(high, "--to"), _number(resolution, "--resolution"))
        except (SweepError, RoundError) as exc:
            fail(str(exc))
        answer = {"pack": sweeper.pack.id, "parameter": param, "measure": measure, "goal": goal,
                  "value": value, "reached": reached, "evaluations": tries}
        if as_json:
            print_json(answer)
            return
        console.print(f"{param} = [bold]{value}[/] gives {measure} = {reached} "
                      f"(goal {goal}; {tries} evaluations)")
