"""`settle round`: run the annual quota round on a table of applicants."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
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
from settle.cli.engine import (
    Engine,
    EngineOption,
    PartitionsOption,
    SparkMasterOption,
    check_engine,
    spark_failures,
)
from settle.packs.pack import Pack
from settle.rules.bulk.columns import reads_column
from settle.rules.bulk.reading import read_people
from settle.rules.facts import InvalidFacts
from settle.tables import TableError, write_table
from settle.workflow.quota_round import RoundError, RoundOutcome, run_round


def print_outcome(outcome: RoundOutcome) -> None:
    console.print(f"[bold]Round {outcome.round_id}[/] of {outcome.pack} on {outcome.as_of}: "
                  f"{outcome.applicants:,} applicants, {outcome.eligible:,} eligible, "
                  f"{outcome.admitted:,} admitted")
    table = Table(title="Quota lines")
    for name in ("line", "quota", "ranked", "admitted", "tied at cut-off", "beyond quota"):
        table.add_column(name)
    for line in outcome.lines:
        table.add_row(line.id, "none" if line.quota is None else f"{line.quota:,}",
                      f"{line.applicants:,}", f"{line.admitted:,}", str(line.tied_at_cutoff),
                      str(line.beyond_quota))
    console.print(table)
    for line in outcome.lines:
        cutoff = ", ".join(f"{k} = {v}" for k, v in (line.cutoff or {}).items()) or "nobody admitted"
        console.print(f"cut-off of {line.id}: {cutoff}")


def outcome_json(outcome: RoundOutcome) -> dict[str, Any]:
    """What `settle round --json` says: the counts and each quota line with its cut-off."""
    return {"round": outcome.round_id, "pack": outcome.pack, "as_of": outcome.as_of,
            "keys": outcome.keys, "applicants": outcome.applicants, "eligible": outcome.eligible,
            "admitted": outcome.admitted,
            "lines": [{"id": line.id, "title": {"en": line.title.en, "zh": line.title.zh},
                       "quota": line.quota, "applicants": line.applicants, "admitted": line.admitted,
                       "tied_at_cutoff": line.tied_at_cutoff, "beyond_quota": line.beyond_quota,
                       "cutoff": line.cutoff} for line in outcome.lines]}


def register(app: typer.Typer) -> None:
    @app.command("round")
    def round_(
        pack: PackOption,
        applicants: Annotated[str, typer.Option(
            help="Applicants: .parquet, .csv, .json, .ndjson or sqlite:FILE:TABLE.")],
        quota: Annotated[int | None, typer.Option(min=0, help="Quota of the general line.")] = None,
        as_of: AsOfOption = None,
        round_id: Annotated[str | None, typer.Option("--round", help="A round the pack declares.")] = None,
        out: Annotated[Path | None, typer.Option(
            help="Write the ranked list (.parquet or .csv; with --engine spark, a folder).")] = None,
        as_json: JsonOption = False,
        policies: PoliciesOption = None,
        engine: EngineOption = Engine.local,
        spark_master: SparkMasterOption = None,
        partitions: PartitionsOption = None,
    ) -> None:
        """Select eligible applicants, rank them by the pack's rule and admit them to the quota."""
        check_engine(engine, spark_master)
        add_policies(policies)
        day = date_of(as_of)
        chosen = pack_of(pack, day)
        keys = tuple(k.by for k in chosen.meta.ranking.keys) if chosen.meta.ranking else ()
        if engine is Engine.spark:
            outcome, listed = _round_on_spark(chosen, applicants, quota, day, round_id, out, spark_master,
                                              partitions, ("person_id", *keys))
        else:
            try:
                table = read_people(applicants, chosen,
                                    lambda c: reads_column(chosen, c, ("person_id", *keys)))
                outcome = run_round(chosen, table, quota=quota, as_of=day, round_id=round_id)
            except (TableError, RoundError, InvalidFacts) as exc:
                fail(str(exc))
            if out is not None:
                write_table(outcome.ranked, out)
            listed = outcome.ranked.height
        if as_json:
            print_json({**outcome_json(outcome), "written_to": out})
            return
        print_outcome(outcome)
        if out is not None:
            console.print(f"ranked list of {listed:,} written to {out}")


def _round_on_spark(chosen: Pack, applicants: str, quota: int | None, day: dt.date | None,
                    round_id: str | None, out: Path | None, master: str | None,
                    partitions: int | None, extra: tuple[str, ...]) -> tuple[RoundOutcome, int]:
    """The round on Spark; the ranked list written as Parquet partitioned by line."""
    from settle.rules.bulk.spark import (
        check_output,
        dataset_counts,
        read_persons,
        spark_session,
        write_dataset,
    )
    from settle.workflow.spark_round import run_round_spark

    with spark_failures(TableError, RoundError, InvalidFacts):
        if out is not None:
            check_output(str(out))
        spark = spark_session(master)
        table = read_persons(spark, applicants, chosen, extra)
        run = run_round_spark(chosen, table, quota=quota, as_of=day, round_id=round_id,
                              partitions=partitions)
        listed = 0
        if out is not None:
            write_dataset(run.listing, str(out), ("line",))
            listed = dataset_counts(spark, str(out), "admitted")[0]
    return run.outcome, listed
