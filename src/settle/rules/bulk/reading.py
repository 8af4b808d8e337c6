"""Read the persons a bulk command scores, from any file the commands take, one way.

    .json               a list of facts documents (an object holds one person)
    .ndjson / .jsonl    one facts document per line
    .csv                one row per person, read as text
    .parquet            typed columns
    sqlite:FILE:TABLE   typed columns

Facts documents are read exactly as `settle score` reads one (numbers as exact decimals) and
each value is checked as the one-person engine checks it (`rows_to_frame`); tables are
converted by each fact's type (`canonical_plan`), text cells through the same check. So a
person means the same in every format, and a bad value is refused in the same words,
naming the field, the value, the rows and the rule.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl

from settle.packs.pack import Pack
from settle.rules.bulk.columns import rows_to_frame
from settle.tables import TableError, read_table

DOCUMENTS = (".json", ".ndjson", ".jsonl")


def read_documents(path: Path) -> list[dict[str, Any]]:
    """The facts documents of a .json file (a list of objects, or one object) or of an
    NDJSON file (one object per line; blank lines skipped); raises TableError naming the
    line that is not a facts document."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise TableError(f"{str(path)!r} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
        documents = [data] if isinstance(data, dict) else data
        if not isinstance(documents, list):
            raise TableError(f"{str(path)!r} must hold a list of facts documents (objects)")
        where = "item"
    else:
        documents = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                documents.append(json.loads(line, parse_float=Decimal))
            except json.JSONDecodeError as exc:
                raise TableError(f"{str(path)!r} line {number} is not valid JSON: {exc.msg}") from None
        where = "document"
    for i, document in enumerate(documents):
        if not isinstance(document, dict):
            raise TableError(f"{str(path)!r} {where} {i} is not a facts document (an object of "
                             f"field: value pairs)")
    return documents


def read_people(source: str, pack: Pack, wanted: Callable[[str], bool] | None = None) -> pl.DataFrame:
    """The persons of `source` as a table the bulk engine scores under `pack` (see above).
    Raises TableError for a file that cannot be read, InvalidFacts for facts documents that
    do not fit the pack. With `wanted`, a Parquet file is read only for the columns it
    accepts."""
    path = Path(source)
    if not source.startswith("sqlite:") and path.suffix in DOCUMENTS:
        if not path.is_file():
            raise TableError(f"table file {source!r} does not exist")
        return rows_to_frame(pack, read_documents(path))
    return read_table(source, wanted)
