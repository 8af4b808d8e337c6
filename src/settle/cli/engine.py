"""`--engine local|spark` and `--spark-master`: where `settle bulk` and `settle round` run.

The local engine scores in this process with Polars; the Spark engine runs the same bulk
engine on the executors of a Spark master (docs/spark.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def spark_failures(*refusals: type[Exception]) -> Iterator[None]:
    """Exit 2 with the message of a refusal (`refusals`, and the Spark engine's own), or of an
    error an executor raised (Spark wraps it); anything else propagates."""
    from settle.rules.bulk.spark import SparkEngineError, executor_error

    refused: tuple[type[Exception], ...] = (*refusals, SparkEngineError)
    try:
        yield
    except refused as exc:
        fail(str(exc))
    except Exception as exc:  # an error on an executor arrives wrapped by Spark
        message = executor_error(exc)
        if message is None:
            raise
        fail(message)
