"""The bulk engine on Spark: the same pack applied to every partition of a Spark DataFrame.

The pack is loaded and checked once, on the driver, and shipped to the executors with the
function that scores a partition; each executor scores its Arrow batches with the bulk engine
itself (`score_table`, via `mapInArrow`), so a person gets exactly the points, eligibility and
refusals the local engine gives. Results are written as a Parquet dataset (a folder of part
files, optionally partitioned by columns). pyspark is imported here only, when a Spark engine
is asked for (`pip install 'settle[spark]'`, Java 17); see docs/spark.md.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl
import pyarrow as pa

from settle.packs.pack import Pack
from settle.rules.bulk.columns import reads_column
from settle.rules.bulk.engine import score_table
from settle.rules.bulk.reading import read_people
from settle.tables import TableError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

LOCAL_MASTER = "local[*]"
BATCH_ROWS = 500_000
"""Rows per Arrow batch handed to the bulk engine: each batch costs a fixed ~0.1 s (the plan,
the checks), so Spark's default of 10,000 would spend more time on that than on scoring."""


class SparkEngineError(RuntimeError):
    """The Spark engine cannot run as asked (pyspark or Java missing, a bad master URL, an
    output folder that is not ours); says what to do."""


def spark_session(master: str | None = None, app_name: str = "settle") -> SparkSession:
    """A Spark session on `master` (a URL such as spark://host:7077, yarn, k8s://..., or
    local[N]; default local[*]). On a local master the executors run this Python."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkEngineError("the Spark engine needs pyspark: pip install 'settle[spark]' "
                               "(and Java 17: bash scripts/install-java.sh)") from None
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise SparkEngineError("the Spark engine needs Java 17 (java not found): "
                               "bash scripts/install-java.sh")
    url = master or LOCAL_MASTER
    builder = (SparkSession.builder.master(url).appName(app_name)
               .config("spark.sql.execution.arrow.maxRecordsPerBatch", str(BATCH_ROWS))
               .config("spark.sql.session.timeZone", "UTC")
               .config("spark.ui.showConsoleProgress", "false"))
    if url.startswith("local"):  # the executors are this machine's: they run this Python
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        cores = re.fullmatch(r"local\[(\d+)\]", url)
        threads = int(cores.group(1)) if cores else os.cpu_count() or 2
        # a shuffle in as many parts as threads, twice over (Spark's 200 suit a cluster)
        builder = (builder.config("spark.ui.enabled", "false")
                   .config("spark.sql.shuffle.partitions", str(2 * threads)))
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # py4j and Spark raise their own kinds for a bad master
        raise SparkEngineError(f"cannot start Spark on master {url!r}: {exc}") from None
    session.sparkContext.setLogLevel("ERROR")
    return session


def read_persons(spark: SparkSession, source: str, pack: Pack,
                 extra: tuple[str, ...] = ("person_id", "id")) -> DataFrame:
    """The persons of `source` as a Spark DataFrame: a Parquet file or folder (any URL Spark
    reads: hdfs://, s3a://, ...) is read by Spark for the columns the pack's facts use; any
    other table is read here as `settle bulk` reads it, then handed to Spark."""
    if source.endswith(".parquet") or source.endswith("/") or "://" in source or Path(source).is_dir():
        if "://" not in source and not Path(source).exists():
            raise TableError(f"table file {source!r} does not exist")
        frame = spark.read.parquet(source)
        wanted = [c for c in frame.columns if reads_column(pack, c, extra)]
        return frame.select(*[frame[f"`{c}`"].alias(spark_name(c)) for c in wanted])
    people = read_people(source, pack, lambda c: reads_column(pack, c, extra))
    return spark.createDataFrame(_arrow_of(people))


SAFE_DOT = "\u00b7"
"""Stands for the dot of a result column (item.<id>, subtotal.<group>) inside Spark, which
reads a dot as a field of a struct; `settle_names` puts the dots back."""


def spark_name(name: str) -> str:
    return name.replace(".", SAFE_DOT)


def settle_names(frame: DataFrame) -> DataFrame:
    """`frame` with the result columns named as the local engine names them."""
    return frame.toDF(*[c.replace(SAFE_DOT, ".") for c in frame.columns])


def _polars_of(table: pa.Table) -> pl.DataFrame:
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame.rename({c: c.replace(SAFE_DOT, ".") for c in frame.columns})


def _arrow_of(frame: pl.DataFrame) -> pa.Table:
    return frame.rename({c: spark_name(c) for c in frame.columns}).to_arrow(
        compat_level=pl.CompatLevel.oldest())


def current_partition() -> int:
    """The number of the partition an executor's function is working on (0 on the driver)."""
    from pyspark import TaskContext

    context = TaskContext.get()
    return context.partitionId() if context is not None else 0


def map_frames(frame: DataFrame, function: Callable[[pl.DataFrame], pl.DataFrame],
               sample: pl.DataFrame, whole_partitions: bool = False) -> DataFrame:
    """`frame` mapped through `function` (Polars in, Polars out) on the executors, Arrow batch
    by batch, or a whole partition at a time with `whole_partitions`. `sample` is `function`'s
    answer for a frame of the input's columns: it gives the output its schema."""
    from pyspark.sql.pandas.types import from_arrow_schema, to_arrow_schema

    schema = from_arrow_schema(_arrow_of(sample).schema)
    arrow_schema = to_arrow_schema(schema)

    def batches(parts: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        if whole_partitions:
            every = list(parts)
            tables: Iterator[pa.Table] = iter([pa.Table.from_batches(every)] if every else [])
        else:
            tables = (pa.Table.from_batches([batch]) for batch in parts)
        for table in tables:
            if table.num_rows:
                yield from _arrow_of(function(_polars_of(table))).cast(arrow_schema).to_batches()

    return frame.mapInArrow(batches, schema)


def first_rows(frame: DataFrame, n: int = 1000) -> pl.DataFrame:
    """The first rows of `frame` in Polars (the driver's sample of the input's types)."""
    from pyspark.sql.pandas.types import to_arrow_schema

    table = frame.limit(n).toArrow()
    return _polars_of(table if table.num_rows else to_arrow_schema(frame.schema).empty_table())


def collect(frame: DataFrame) -> pl.DataFrame:
    """`frame` brought to the driver as a Polars frame, result columns named as locally."""
    from pyspark.sql.pandas.types import to_arrow_schema

    table = frame.toArrow()
    return _polars_of(table if table.num_rows else to_arrow_schema(frame.schema).empty_table())


def score_dataframe(pack: Pack, frame: DataFrame, as_of: dt.date | None = None,
                    options: list[str] | tuple[str, ...] = (), keep: list[str] | None = None,
                    results: Collection[str] | None = None, readable: bool = True) -> DataFrame:
    """Every person of `frame` scored under `pack`: the columns `score_table` gives (points
    as exact decimals when `readable`, else as scaled integers), computed on the executors."""
    on = as_of or pack.meta.default_evaluation_date

    def score(people: pl.DataFrame) -> pl.DataFrame:
        result = score_table(pack, people, as_of=on, options=options, keep=keep, results=results)
        return result.readable() if readable else result.frame

    return map_frames(frame, score, score(first_rows(frame)))


def check_output(out: str) -> None:
    """Refuse an output that is a file, or a folder holding anything but an earlier Parquet
    dataset (Spark replaces the folder it writes)."""
    if out.endswith(".csv"):
        raise TableError(f"--out {out!r}: the Spark engine writes a Parquet dataset (a folder), not .csv")
    path = Path(out)
    if "://" in out or not path.exists():
        return
    if path.is_file():
        raise TableError(f"--out {out!r} is a file; the Spark engine writes a Parquet dataset: give a folder")
    if any(path.iterdir()) and not (path / "_SUCCESS").exists():
        raise TableError(f"--out {out!r} is a folder that holds other files than a Parquet dataset "
                         f"Spark wrote; give a new or empty folder")


def write_dataset(frame: DataFrame, out: str, partition_by: tuple[str, ...] = ()) -> None:
    """Write `frame` as a Parquet dataset under `out`, partitioned by `partition_by`."""
    check_output(out)
    writer = settle_names(frame).write.mode("overwrite").option("compression", "zstd")
    if partition_by:
        writer = writer.partitionBy(*partition_by)
    writer.parquet(out)


def executor_error(exc: BaseException) -> str | None:
    """The message of a Settle error raised on an executor (Spark reports it wrapped in a
    Python traceback), or None for an error of another kind."""
    text = str(exc)
    found = re.findall(r"settle\.[\w.]+\.(?:InvalidFacts|TableError|RoundError): (.+)", text)
    return found[-1] if found else None


def dataset_counts(spark: SparkSession, out: str, flag: str) -> tuple[int, int]:
    """How many rows the dataset at `out` holds, and how many have `flag` true (read back
    from the written Parquet: one column, not the scoring again)."""
    from pyspark.sql import functions as F

    row: Any = (spark.read.parquet(out)
                # a partition column comes back as the text of its folder's name
                .agg(F.count(F.lit(1)), F.sum((F.col(flag).cast("string") == "true").cast("long"))).first())
    return int(row[0]), int(row[1] or 0)
