"""`settle bulk`: score a whole table of persons with the bulk engine."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Annotated

import pyarrow.parquet as pq
import typer
from rich.progress import Progress, TextColumn

from settle.cli.common import (
    AsOfOption,
    PackOption,
    PoliciesOption,
    add_policies,
    console,
    date_of,
    fail,
    pack_of,
)
from settle.cli.engine import Engine, EngineOption, SparkMasterOption, check_engine, spark_failures
from settle.packs.pack import Pack
from settle.rules.bulk.columns import other_columns
from settle.rules.bulk.engine import score_table
from settle.rules.bulk.reading import read_people
from settle.rules.bulk.stream import score_parquet_stream
from settle.rules.facts import InvalidFacts
from settle.tables import TableError, write_table


def register(app: typer.Typer) -> None:
    @app.command("bulk")
    def bulk(
        pack: PackOption,
        table: Annotated[str, typer.Argument(
            help="Persons: .parquet, .csv, .json, .ndjson or sqlite:FILE:TABLE.")],
        out: Annotated[Path, typer.Option(
            help="Where to write the scores (.parquet or .csv; with --engine spark, a folder).")],
        as_of: AsOfOption = None,
        option: Annotated[list[str] | None, typer.Option("--option", "-o")] = None,
        policies: PoliciesOption = None,
        engine: EngineOption = Engine.local,
        spark_master: SparkMasterOption = None,
        partition_by: Annotated[list[str] | None, typer.Option(
            "--partition-by", help="With --engine spark: partition the dataset by a result column.")] = None,
        batch_rows: Annotated[int | None, typer.Option(
            "--batch-rows", min=1, help="Stream a .parquet file larger than memory to a .parquet "
            "output, this many rows at a time (local engine).")] = None,
    ) -> None:
        """Score every person of a table: each item, subtotal, total and eligibility flag."""
        check_engine(engine, spark_master)
        add_policies(policies)
        day = date_of(as_of)
        chosen = pack_of(pack, day)
        started = time.perf_counter()
        if engine is Engine.spark:
            if batch_rows is not None:
                fail("--batch-rows streams on the local engine; Spark batches by itself (drop one)")
            _bulk_on_spark(chosen, table, out, day, option or [], spark_master, tuple(partition_by or ()))
            return
        if batch_rows is not None:
            _bulk_streamed(chosen, Path(table), out, day, option or [], batch_rows)
            return
        try:
            frame = read_people(table, chosen)
            result = score_table(chosen, frame, as_of=day, options=option or [])
        except (TableError, InvalidFacts) as exc:
            fail(str(exc))
        except KeyError as exc:
            fail(str(exc.args[0]))
        ignored = other_columns(chosen, frame)
        if ignored:
            console.print(f"[dim]not facts of {chosen.id}, left out: {', '.join(ignored)}[/]")
        write_table(result.readable(), out)
        seconds = time.perf_counter() - started
        eligible = int(result.frame["eligible"].sum())
        console.print(f"scored {result.frame.height:,} persons under {chosen.id} in {seconds:.1f} s "
                      f"({eligible:,} eligible); written to {out}")


def _bulk_streamed(chosen: Pack, table: Path, out: Path, day: dt.date | None, options: list[str],
                   batch_rows: int) -> None:
    if table.suffix != ".parquet" or out.suffix != ".parquet":
        fail(f"--batch-rows streams a .parquet file to a .parquet file, not {table.name} to {out.name}")
    if not table.is_file():
        fail(f"table file {str(table)!r} does not exist")
    started = time.perf_counter()
    rows = pq.ParquetFile(table).metadata.num_rows
    with Progress(*Progress.get_default_columns(), TextColumn("{task.completed:,} persons"),
                  console=console, transient=True) as bar:
        task = bar.add_task(f"scoring under {chosen.id}", total=rows)
        try:
            done = score_parquet_stream(chosen, table, out, as_of=day, options=options,
                                        batch_rows=batch_rows, progress=lambda n: bar.advance(task, n))
        except (TableError, InvalidFacts) as exc:
            fail("\n".join([str(exc), *getattr(exc, "__notes__", [])]))
    seconds = time.perf_counter() - started
    console.print(f"scored {done.persons:,} persons under {chosen.id} in {seconds:.1f} s, "
                  f"{done.batches} batches of up to {batch_rows:,} ({done.eligible:,} eligible); "
                  f"written to {out}")


def _bulk_on_spark(chosen: Pack, table: str, out: Path, day: dt.date | None, options: list[str],
                   master: str | None, partition_by: tuple[str, ...]) -> None:
    from settle.rules.bulk.spark import (
        SAFE_DOT,
        check_output,
        dataset_counts,
        read_persons,
        score_dataframe,
        spark_session,
        write_dataset,
    )

    started = time.perf_counter()
    with spark_failures(TableError, InvalidFacts):
        check_output(str(out))
        spark = spark_session(master)
        people = read_persons(spark, table, chosen)
        scored = score_dataframe(chosen, people, as_of=day, options=options)
        unknown = [c for c in partition_by if c.replace(".", SAFE_DOT) not in scored.columns]
        if unknown:
            fail(f"--partition-by {unknown[0]!r} is not a result column (e.g. eligible)")
        write_dataset(scored, str(out), partition_by)
        persons, eligible = dataset_counts(spark, str(out), "eligible")
    seconds = time.perf_counter() - started
    console.print(f"scored {persons:,} persons under {chosen.id} on Spark in {seconds:.1f} s "
                  f"({eligible:,} eligible); written to {out}")
