"""`--engine local|spark` and `--spark-master`: where `settle bulk` and `settle round` run.

The local engine scores in this process with Polars; the Spark engine runs the same bulk
engine on the executors of a Spark master (docs/spark.md)."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from settle.cli.common import fail


class Engine(StrEnum):
    local = "local"
    spark = "spark"


EngineOption = Annotated[Engine, typer.Option(
    "--engine", help="local: this process (Polars); spark: a Spark master (--spark-master).")]
SparkMasterOption = Annotated[str | None, typer.Option(
    "--spark-master", help="Spark master URL: local[N], spark://HOST:7077, yarn, k8s://... "
                           "(default local[*]; with --engine spark).")]
PartitionsOption = Annotated[int | None, typer.Option(
    "--partitions", min=1, help="Spark partitions of the global ranking (default: the cluster's cores).")]


def check_engine(engine: Engine, master: str | None) -> None:
    """Refuse --spark-master without --engine spark (it would be silently ignored)."""
    if master is not None and engine is not Engine.spark:
        fail(f"--spark-master {master!r} needs --engine spark (the local engine runs in this process)")
