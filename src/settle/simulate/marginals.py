"""Compare a generated population with what the seeds publish."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from settle.i18n import Text
from settle.packs.schema import Citation
from settle.simulate.calibration import Calibration, Choice

META_CITY = b"settle.city"
META_SEED = b"settle.seed"
META_SIZE = b"settle.size"


@dataclass(frozen=True)
class MarginalRow:
    """One published figure beside the generated one."""

    title: Text
    value: str
    published: float
    generated: float
    cite: Citation

    @property
    def gap(self) -> float:
        return self.generated - self.published


def population_city(path: Path) -> str:
    """The city a population file was generated for (from its Parquet metadata)."""
    metadata = pq.read_schema(path).metadata or {}
    if META_CITY not in metadata:
        raise ValueError(f"{path} was not written by `settle population` (no {META_CITY.decode()} "
                         "in its metadata)")
    city: str = metadata[META_CITY].decode()
    return city


def marginals(cal: Calibration, path: Path) -> tuple[int, list[MarginalRow]]:
    """The number of persons and each published share beside the generated share."""
    scan = pl.scan_parquet(path)
    size = scan.select(pl.len()).collect().item()
    rows: list[MarginalRow] = []
    for column in cal.columns:
        if not column.published or not isinstance(column.dist, Choice) or column.dist.values is None:
            continue
        assert column.cite is not None
        counts = dict(scan.group_by(pl.col(column.name).cast(pl.String)).len().collect().iter_rows())
        total = sum(column.dist.values.values())
        for value, weight in column.dist.values.items():
            rows.append(MarginalRow(column.title, value, weight / total,
                                    counts.get(value, 0) / size if size else 0.0, column.cite))
    for check in cal.checks:
        count = scan.filter(pl.col(check.column).cast(pl.String).is_in(check.values)).select(
            pl.len()).collect().item()
        rows.append(MarginalRow(check.title, "+".join(check.values) if len(check.values) < 4
                                else f"{len(check.values)} values", check.share,
                                count / size if size else 0.0, check.cite))
    return size, rows
