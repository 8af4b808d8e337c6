"""`settle reform` (list, show, check) and `settle simulate`: reforms as data, run over a
population against the baseline."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.table import Table

from settle.cli.common import (
    AsOfOption,
    JsonOption,
    LangOption,
    PoliciesOption,
    add_policies,
    console,
    date_of,
    fail,
    lang_of,
    pack_of,
    print_json,
)
from settle.cli.engine import (
    Engine,
    EngineOption,
    PartitionsOption,
    SparkMasterOption,
    check_engine,
    spark_failures,
)
from settle.language.text import Lang
from settle.packs import PackError
from settle.packs.pack import Pack
from settle.packs.reforms import LoadedReform, find_reform, load_reform, reform_paths, stack
from settle.paths import reforms_dir
from settle.rules.bulk.reading import read_people
from settle.rules.facts import InvalidFacts
from settle.rules.reform_words import reform_lines
from settle.simulate.demand_report import headline, scenario_keys
from settle.simulate.study import run_study
from settle.tables import TableError
from settle.workflow.disclosure_control import threshold_from_env
from settle.workflow.quota_round import RoundError

reform_app = typer.Typer(help="Reforms as data: what a reform changes in its base pack.",
                         no_args_is_help=True)
ReformArgument = Annotated[str, typer.Argument(help="A reform id (in reforms/) or a reform file.")]


def _load(name: str) -> LoadedReform:
    try:
        return load_reform(find_reform(name, reforms_dir()))
    except FileNotFoundError as exc:
        fail(str(exc))
    except PackError as exc:
        fail(str(exc), code=1)


def _stacked(names: list[str], day: Any = None) -> tuple[Pack, list[LoadedReform], list[Pack]]:
    reforms = [_load(name) for name in names]
    bases = {r.reform.base for r in reforms}
    if len(bases) != 1:
        fail(f"stacked reforms must share one base pack, not {', '.join(sorted(bases))}")
    base = pack_of(bases.pop(), day)
    try:
        return base, reforms, stack(base, reforms)
    except PackError as exc:
        fail(str(exc), code=1)


@reform_app.command("list")
def list_(as_json: JsonOption = False, lang: LangOption = "en") -> None:
    """The reforms in the reforms folder."""
    language = lang_of(lang)
    rows: list[dict[str, str | None]] = []
    for path in reform_paths(reforms_dir()):
        try:
            reform = load_reform(path).reform
            rows.append({"id": reform.id, "base": reform.base, "title": reform.title(language)})
        except PackError as exc:
            rows.append({"id": path.stem, "base": None, "title": f"invalid: {exc}"})
    if as_json:
        print_json(rows)
        return
    for row in rows:
        console.print(f"{row['id']}  [dim]({row['base']})[/]  {row['title']}", soft_wrap=True)


@reform_app.command("show")
def show(reforms: Annotated[list[str], typer.Argument(help="Reforms, stacked in order.")],
         lang: LangOption = "en", policies: PoliciesOption = None) -> None:
    """Say in words what each reform changes, step by step."""
    add_policies(policies)
    language = lang_of(lang)
    base, loaded, steps = _stacked(reforms)
    before = base
    for reform, after in zip(loaded, steps, strict=True):
        for n, line in enumerate(reform_lines(reform, before, after, language)):
            console.print(f"[bold]{line}[/]" if n == 0 else f"  {line}", soft_wrap=True)
        before = after


@reform_app.command("check")
def check(reforms: Annotated[list[str], typer.Argument(help="Reforms, stacked in order.")],
          policies: PoliciesOption = None) -> None:
    """Validate reforms against their base pack: every problem with its file and line."""
    add_policies(policies)
    _, loaded, _ = _stacked(reforms)
    console.print(f"ok: {', '.join(r.id for r in loaded)}")


def register(app: typer.Typer) -> None:
    app.add_typer(reform_app, name="reform")

    @app.command("simulate")
    def simulate_(
        reform: Annotated[list[str], typer.Option("--reform", "-r", help="A reform; repeat to stack.")],
        population: Annotated[str, typer.Option(help="Persons: .parquet, .csv, .json or .ndjson.")],
        quota: Annotated[int | None, typer.Option(min=0, help="Quota of the general line.")] = None,
        as_of: AsOfOption = None,
        round_id: Annotated[str | None, typer.Option("--round", help="A round the pack declares.")] = None,
        by: Annotated[list[str] | None, typer.Option(help="Break down by this column (repeatable).")] = None,
        out: Annotated[Path | None, typer.Option(help="Folder for persons.parquet and summary.json.")] = None,
        cost_model: Annotated[str | None, typer.Option("--costs", help=(
            "A cost model file or id in costs/ (default: the pack's city, else national)."))] = None,
        small_cell: Annotated[int | None, typer.Option(
            min=1, help="Hide counts of fewer persons (default SETTLE_SMALL_CELL or 10).")] = None,
        horizon: Annotated[int | None, typer.Option(min=1, max=30, help=(
            "Years of service demand to forecast (default: the city's demand model)."))] = None,
        cost_timing: Annotated[str | None, typer.Option(help=(
            "once or yearly: an alternative reading of when the cost per person falls, if the "
            "cost model allows it."))] = None,
        lang: LangOption = "en",
        as_json: JsonOption = False,
        policies: PoliciesOption = None,
        engine: EngineOption = Engine.local,
        spark_master: SparkMasterOption = None,
        partitions: PartitionsOption = None,
        persons_out: Annotated[str | None, typer.Option(help=(
            "With --engine spark: where to write the person-level dataset (a folder or a URL "
            "Spark writes; default OUT/persons)."))] = None,
        demand_rows: Annotated[int | None, typer.Option(min=0, help=(
            "With --engine spark: bring at most this many admitted or eligible persons to the "
            "driver for the service demand (default 2,000,000); beyond it demand is not computed."))] = None,
    ) -> None:
        """Run the baseline and each stacked reform over a population: entrants, leavers, cut-offs.

        With --out, also writes report.html and report.md with charts, and the breakdowns as
        CSV, Parquet and Excel. With --engine spark, runs on a Spark master over a Parquet file
        or dataset (docs/spark.md)."""
        check_engine(engine, spark_master)
        if engine is not Engine.spark:
            given = [name for name, value in (("--partitions", partitions), ("--persons-out", persons_out),
                                              ("--demand-rows", demand_rows)) if value is not None]
            if given:
                fail(f"{given[0]} needs --engine spark (the local engine runs in this process)")
        if persons_out is not None and out is None:
            fail(f"--persons-out {persons_out!r} needs --out (the folder of the summary and the report)")
        add_policies(policies)
        day = date_of(as_of)
        base, loaded, steps = _stacked(reform, day)
        common: dict[str, Any] = dict(population_name=population, quota=quota, as_of=day, round_id=round_id,
                                      by=by, out=out, cost_model=cost_model, small_cell=small_cell,
                                      horizon=horizon, lang=lang_of(lang), cost_timing=cost_timing)
        if engine is Engine.spark:
            report, html = _simulate_on_spark(base, loaded, steps, population, spark_master, partitions,
                                              persons_out, demand_rows, **common)
            persons = (persons_out or out / "persons") if out is not None else None
        else:
            try:
                table = read_people(population, base)
            except (TableError, InvalidFacts) as exc:
                fail(str(exc))
            report, html = run_simulation(base, loaded, steps, table, **common)
            persons = out / "persons.parquet" if out is not None else None
        if as_json:
            print_json(report)
            return
        print_summary(report)
        if out is not None:
            console.print(f"persons: {persons}\nsummary: {out / 'summary.json'}\nreport: {html}")


def run_simulation(base: Pack, loaded: list[LoadedReform], steps: list[Pack], table: pl.DataFrame, *,
                   population_name: str, quota: int | None = None, as_of: dt.date | None = None,
                   round_id: str | None = None, by: list[str] | None = None, out: Path | None = None,
                   cost_model: str | None = None, small_cell: int | None = None,
                   horizon: int | None = None, lang: Lang = "en",
                   cost_timing: str | None = None) -> tuple[dict[str, Any], Path | None]:
    """The study (settle.simulate.study) with a status line, failing with a clear message."""
    with study_failures():
        threshold = small_cell or threshold_from_env()
        with console.status("simulating") as status:
            return run_study(base, loaded, steps, table, population_name=population_name,
                             threshold=threshold, quota=quota, as_of=as_of, round_id=round_id, by=by,
                             out=out, cost_model=cost_model, horizon=horizon, lang=lang,
                             progress=lambda n: status.update(f"scoring {n}"), cost_timing=cost_timing)


@contextmanager
def study_failures() -> Iterator[None]:
    """Exit 1 for a pack or reform that does not load, 2 (with its message) for a study that
    cannot run as asked."""
    try:
        yield
    except PackError as exc:
        fail(str(exc), code=1)
    except (RoundError, InvalidFacts, ValueError) as exc:
        fail(str(exc))


def _simulate_on_spark(base: Pack, loaded: list[LoadedReform], steps: list[Pack], population: str,
                       master: str | None, partitions: int | None, persons_out: str | None,
                       demand_rows: int | None, *, small_cell: int | None, **study: Any,
                       ) -> tuple[dict[str, Any], Path | None]:
    """The study on Spark (settle.simulate.spark_study) over a Parquet file or dataset."""
    from settle.rules.bulk.spark import spark_session
    from settle.simulate.spark_study import DEMAND_ROWS, run_study_spark

    with spark_failures(TableError, RoundError, InvalidFacts), study_failures():
        threshold = small_cell or threshold_from_env()
        spark = spark_session(master)
        with console.status("simulating on Spark") as status:
            return run_study_spark(spark, base, loaded, steps, population, threshold=threshold,
                                   persons_out=persons_out, partitions=partitions,
                                   demand_rows=DEMAND_ROWS if demand_rows is None else demand_rows,
                                   progress=lambda n: status.update(f"on Spark: {n}"), **study)


def _n(value: Any) -> str:
    if value is None:
        return "<hidden>"
    return f"{value:,}" if isinstance(value, (int, Decimal)) else str(value)


def print_summary(report: dict[str, Any]) -> None:
    console.print(f"[bold]{report['provenance']['pack']}[/] on {report['provenance']['as_of']}: "
                  f"{report['persons']:,} persons")
    table = Table(title="Scenarios")
    for name in ("scenario", "eligible", "admitted", "cut-off", "tied"):
        table.add_column(name)
    for s in report["scenarios"]:
        cutoffs = "; ".join(", ".join(f"{k}={v}" for k, v in (line["cutoff"] or {}).items())
                            for line in s["lines"]) or "-"
        tied = ", ".join(str(line["tied_at_cutoff"]) for line in s["lines"])
        table.add_row(s["name"], _n(s["eligible"]), _n(s["admitted"]), cutoffs, tied)
    console.print(table)
    steps = Table(title="Who gets in and who drops out")
    for name in ("step", "entrants", "leavers", "gainers", "losers"):
        steps.add_column(name)
    for step in report["steps"]:
        steps.add_row(f"{step['from']} → {step['to']}", _n(step["entrants"]), _n(step["leavers"]),
                      _n(step["gainers"]), _n(step["losers"]))
    console.print(steps)
    missing = report.get("demand_not_computed")
    if missing:
        console.print(f"[bold]service demand not computed[/]: {missing['reason']['en']}", soft_wrap=True)
    if report.get("demand"):
        demand = report["demand"]
        header, rows = headline(demand)
        table = Table(title=f"Service demand in {demand['years'][-1]}, whole city "
                            f"(demand/{demand['model']}.yaml)")
        for name in header:
            table.add_column(name)
        for row in rows:
            table.add_row(*row)
        console.print(table)
        for key, name in list(zip(scenario_keys(demand["scenarios"]), demand["scenarios"], strict=True))[1:]:
            console.print(f"  {key} = {name}; Δ{key} its change against the baseline")
    money = report.get("costs")
    if money:
        table = Table(title=f"Cost ({money['model']}, {money['currency']}, {money['per_person']:,} a person)")
        for name in ("scenario", "total", "change"):
            table.add_column(name)
        for row in money["scenarios"]:
            table.add_row(row["scenario"], _n(row["total"]), _n(row.get("change")))
        console.print(table)
