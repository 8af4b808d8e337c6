"""Score a Parquet file larger than memory: batch by batch, each batch written as it is scored.

The bulk engine holds a whole table in memory (about 0.5 GiB per million persons with every
item kept); a national dataset of hundreds of millions does not fit one machine. Here the
file is read `batch_rows` rows at a time (only the columns the pack reads), each
batch is scored by `score_table` exactly as a whole table would be, and its results are
appended to the output Parquet file, so memory holds one batch whatever the file's size.
A person's points do not depend on the other persons, so the scores are the same as the
whole table's (tests/rules/bulk/test_stream.py compares them row by row).

Bad input stops the run at the first batch that holds it: the problems name the rows
counted from the start of the file, and no output file is left behind (the batches written
so far go to `<out>.partial`, removed on failure).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from settle.packs.pack import Pack
from settle.rules.bulk.engine import score_table
from settle.rules.facts import InvalidFacts
from settle.tables import TableError

BATCH_ROWS = 2_000_000
"""Rows per batch: large enough that the fixed cost of a scoring pass (its plan, about 0.1 s)
is small beside the rows' (about 1 s per million on 2 cores), small enough that a batch with
every result column stays near 1 GiB."""


@dataclass(frozen=True)
class StreamedScores:
    persons: int
    eligible: int
    batches: int


def _from_row(problems: InvalidFacts, first: int, last: int) -> InvalidFacts:
    """The batch's problems with their rows counted from the start of the file."""
    moved = [dataclasses.replace(p, rows=tuple(first + r for r in p.rows)) for p in problems.problems]
    refused = InvalidFacts(problems.pack_id, moved)
    refused.add_note(f"scoring stopped at the batch of rows {first:,}-{last:,}; nothing was written")
    return refused


def score_parquet_stream(pack: Pack, source: Path, out: Path, *, as_of: dt.date | None = None,
                         options: list[str] | tuple[str, ...] = (), batch_rows: int = BATCH_ROWS,
                         progress: Callable[[int], None] | None = None) -> StreamedScores:
    """Score every row of the Parquet file `source` under `pack`, writing each item, subtotal,
    total, condition and eligibility flag (and the id and derived columns) to the Parquet file
    `out`, one batch of `batch_rows` rows in memory at a time; `progress` is told each batch's
    row count. Raises TableError for an unreadable file, InvalidFacts for bad rows."""
    if batch_rows < 1:
        raise ValueError(f"batch_rows = {batch_rows}: at least one row a batch")
    try:
        file = pq.ParquetFile(source)
    except (OSError, pa.ArrowInvalid) as exc:
        raise TableError(f"{str(source)!r} is not a readable Parquet file: {exc}") from None
    rows = file.metadata.num_rows
    wanted = [c for c in file.schema_arrow.names if c in pack.facts or c in ("person_id", "id")]
    # Polars reads the slices (only the row groups each needs): several times faster than
    # pyarrow's batches of the same file, whose dictionary columns it decodes row by row
    lazy = pl.scan_parquet(source).select(wanted)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    writer: pq.ParquetWriter | None = None
    eligible = batches = 0
    try:
        for first in range(0, max(rows, 1), batch_rows):  # an empty file: one empty batch
            frame = lazy.slice(first, batch_rows).collect()
            try:
                result = score_table(pack, frame, as_of=as_of, options=options)
            except InvalidFacts as exc:
                raise _from_row(exc, first, first + frame.height - 1) from None
            table = result.readable().to_arrow()
            if writer is None:
                writer = pq.ParquetWriter(partial, table.schema, compression="zstd")
            writer.write_table(table.cast(writer.schema))
            eligible += int(result.frame["eligible"].sum())
            batches += 1
            if progress is not None:
                progress(frame.height)
    except BaseException:
        if writer is not None:
            writer.close()
        partial.unlink(missing_ok=True)
        raise
    assert writer is not None
    writer.close()
    partial.replace(out)
    return StreamedScores(rows, eligible, batches)
