"""Read and write tables of persons: Parquet, CSV, JSON lines, or a SQLite table."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import polars as pl


class TableError(ValueError):
    """A table cannot be read or written; the message names the file and the reason."""


def read_table(spec: str, wanted: Callable[[str], bool] | None = None) -> pl.DataFrame:
    """A table from `people.parquet`, `people.csv`, `people.ndjson` or `sqlite:FILE.db:TABLE`.

    CSV is read as text so that amounts keep every digit; the engine converts them exactly.
    With `wanted`, a Parquet file is read only for the columns it accepts (less memory)."""
    if spec.startswith("sqlite:"):
        _, _, rest = spec.partition(":")
        path, _, table = rest.rpartition(":")
        if not path or not table.isidentifier():
            raise TableError(f"{spec!r}: write a database table as sqlite:FILE.db:TABLE")
        if not Path(path).is_file():
            raise TableError(f"database {path!r} does not exist")
        with sqlite3.connect(path) as connection:
            try:
                return pl.read_database(f'SELECT * FROM "{table}"', connection)
            except Exception as exc:
                raise TableError(f"{spec!r}: {exc}") from exc
    file = Path(spec)
    if not file.is_file():
        raise TableError(f"table file {spec!r} does not exist")
    try:
        if file.suffix == ".parquet":
            if wanted is None:
                return pl.read_parquet(file)
            columns = [c for c in pl.read_parquet_schema(file) if wanted(c)]
            return pl.read_parquet(file, columns=columns)
        if file.suffix == ".csv":
            return pl.read_csv(file, infer_schema=False)
        if file.suffix in (".ndjson", ".jsonl"):
            return pl.read_ndjson(file)
    except pl.exceptions.PolarsError as exc:
        raise TableError(f"{spec!r} cannot be read: {exc}") from exc
    raise TableError(f"{spec!r}: unknown table format (use .parquet, .csv, .ndjson or sqlite:FILE:TABLE)")


def write_table(frame: pl.DataFrame, path: Path) -> None:
    """Write `frame` to `.parquet` or `.csv`, via a temporary file so a crash leaves no half file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")
    if path.suffix == ".parquet":
        frame.write_parquet(tmp, compression="zstd", statistics=False)
    elif path.suffix == ".csv":
        frame.write_csv(tmp)
    else:
        raise TableError(f"{path}: write .parquet or .csv")
    tmp.replace(path)
