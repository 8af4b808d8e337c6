"""Compare a generated population with what the seeds publish."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq

from settle.i18n import Text
from settle.packs.schema import Citation
from settle.simulate.calibration import Calibration, ChildrenCheck, Choice

META_CITY = b"settle.city"
META_SEED = b"settle.seed"
META_SIZE = b"settle.size"
CHILDREN_COLUMN = "children_birth_dates"


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


def _ages(column: str, on: dt.date) -> pl.Expr:
    """Completed years on `on` of the date column `column`."""
    born = pl.col(column)
    later_in_year = (born.dt.month().cast(pl.Int32) * 100 + born.dt.day().cast(pl.Int32)) > (
        on.month * 100 + on.day)
    return (on.year - born.dt.year().cast(pl.Int32) - later_in_year.cast(pl.Int32)).alias("age")


def children_checks(cal: Calibration, scan: pl.LazyFrame, size: int) -> list[MarginalRow]:
    """Each published figure about the children beside the generated one."""
    if cal.households is None or not cal.households.checks:
        return []
    column = CHILDREN_COLUMN
    children = scan.select("person_id", *{c for k in cal.households.checks for c in k.among},
                           pl.col(column).alias("born")).explode("born").drop_nulls("born").with_columns(
        _ages("born", cal.reference_date)).collect()
    rows = []
    for check in cal.households.checks:
        rows.append(MarginalRow(check.title, _ages_label(check), check.value,
                                _generated(check, children, size), check.cite))
    return rows


def _ages_label(check: ChildrenCheck) -> str:
    def span(ages: tuple[int, int]) -> str:
        return str(ages[0]) if ages[0] == ages[1] else f"{ages[0]}-{ages[1]}"

    label = f"aged {span(check.ages)}"
    if check.of_ages is not None:
        label += f" of {span(check.of_ages)}"
    return label + "".join(f", {k} {'+'.join(v)}" for k, v in check.among.items())


def _generated(check: ChildrenCheck, children: pl.DataFrame, size: int) -> float:
    among = children
    for name, values in check.among.items():
        among = among.filter(pl.col(name).cast(pl.String).is_in(values))
    counted = among.filter(pl.col("age").is_between(*check.ages)).height
    if check.of_ages is None:
        return counted / size if size else 0.0
    of = among.filter(pl.col("age").is_between(*check.of_ages)).height
    return counted / of if of else 0.0


def marginals(cal: Calibration, path: Path) -> tuple[int, list[MarginalRow]]:
    """The number of persons and each published share beside the generated share, then
    each published figure about the children beside the generated one."""
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
    return size, rows + children_checks(cal, scan, size)
