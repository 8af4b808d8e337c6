"""`settle bulk`: score a whole table of persons with the bulk engine."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

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
from settle.rules.bulk.columns import other_columns
from settle.rules.bulk.engine import score_table
from settle.rules.bulk.reading import read_people
from settle.rules.facts import InvalidFacts
from settle.tables import TableError, write_table


def register(app: typer.Typer) -> None:
    @app.command("bulk")
    def bulk(
        pack: PackOption,
        table: Annotated[str, typer.Argument(
            help="Persons: .parquet, .csv, .json, .ndjson or sqlite:FILE:TABLE.")],
        out: Annotated[Path, typer.Option(help="Where to write the scores (.parquet or .csv).")],
        as_of: AsOfOption = None,
        option: Annotated[list[str] | None, typer.Option("--option", "-o")] = None,
        policies: PoliciesOption = None,
    ) -> None:
        """Score every person of a table: each item, subtotal, total and eligibility flag."""
        add_policies(policies)
        day = date_of(as_of)
        chosen = pack_of(pack, day)
        started = time.perf_counter()
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
