"""Generate a synthetic population from a calibration file, streaming to Parquet.

Persons are generated in fixed-size chunks, each from its own random stream
(numpy SeedSequence(seed).spawn), so memory stays bounded and the same seed and size give
the same file whatever the machine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from settle.packs.catalogue import PackCatalogue
from settle.rules.bulk.columns import PERIOD
from settle.rules.dates import month_index
from settle.simulate.calibration import (
    AgeBands,
    Amount,
    BirthDate,
    ByYear,
    Calibration,
    Children,
    Choice,
    Copy,
    DateMonthsAgo,
    Distribution,
    IntegerList,
    IntegerRange,
    OpenPeriod,
    Poisson,
    Scaled,
    YesNo,
)
from settle.simulate.marginals import META_CITY, META_SEED, META_SIZE

CHUNK = 250_000

Columns = dict[str, Any]


class CalibrationError(ValueError):
    """The calibration does not cover the packs' facts, or refers to a missing column."""


@dataclass(frozen=True)
class Cat:
    """A generated categorical column: integer codes into `keys`."""

    codes: np.ndarray
    keys: list[str]

    def masks(self) -> Iterator[tuple[str, np.ndarray]]:
        for code, key in enumerate(self.keys):
            mask = self.codes == code
            if mask.any():
                yield key, mask

    def series(self, name: str) -> pl.Series:
        return pl.Series(name, self.keys).gather(self.codes).cast(pl.Enum(self.keys))


def _weights(values: dict[str, float]) -> tuple[list[str], np.ndarray]:
    keys = list(values)
    p = np.array([values[k] for k in keys], dtype=float)
    return keys, p / p.sum()


def _given(cols: Columns, name: str) -> Any:
    if name not in cols:
        raise CalibrationError(f"a distribution is given {name!r}, which is not generated before it")
    return cols[name]


def _categories(cols: Columns, name: str) -> Cat:
    given = _given(cols, name)
    if isinstance(given, np.ndarray) and given.dtype == bool:
        return Cat(given.astype(np.int64), ["false", "true"])
    if not isinstance(given, Cat):
        raise CalibrationError(f"{name!r} is not a category column and cannot condition a distribution")
    return given


def _pick(rng: np.random.Generator, n: int, p: np.ndarray) -> np.ndarray:
    """n draws of indices 0..len(p)-1 with probabilities p (inverse CDF, vectorised)."""
    return np.minimum(np.searchsorted(np.cumsum(p), rng.random(n), side="right"), len(p) - 1)


def _choice(d: Choice, rng: np.random.Generator, n: int, cols: Columns) -> Cat | np.ndarray:
    keys: list[str] = []
    if d.values is not None:
        keys, p = _weights(d.values)
        codes = _pick(rng, n, p)
    else:
        assert d.table is not None and d.given is not None
        for table_weights in d.table.values():
            keys.extend(k for k in table_weights if k not in keys)
        codes = np.zeros(n, dtype=np.int64)
        fallback = d.table.get("*")
        for value, mask in _categories(cols, d.given).masks():
            weights = d.table.get(value, fallback)
            if weights is None:
                raise CalibrationError(f"choice given {d.given}: no weights for {value!r} and no '*'")
            local, p = _weights(weights)
            index = np.array([keys.index(k) for k in local])
            codes[mask] = index[_pick(rng, int(mask.sum()), p)]
    if d.output == "integer":
        numbers: np.ndarray = np.array([int(k) for k in keys], dtype=np.int64)[codes]
        return numbers
    if d.output == "boolean":
        flags: np.ndarray = np.array([k == "true" for k in keys])[codes]
        return flags
    return Cat(codes, keys)


def _by_category(d_given: str | None, table: dict[str, float] | None, default: float,
                 cols: Columns, n: int) -> np.ndarray:
    """A per-row parameter looked up by the `given` category column."""
    values = np.full(n, default, dtype=float)
    if table is None or d_given is None:
        return values
    fallback = table.get("*", default)
    for value, mask in _categories(cols, d_given).masks():
        values[mask] = table.get(value, fallback)
    return values


def _yes_no(d: YesNo, rng: np.random.Generator, n: int, cols: Columns) -> np.ndarray:
    p = _by_category(d.given, d.table, d.p or 0.0, cols, n)
    return rng.random(n) < p


def _integer_range(d: IntegerRange, rng: np.random.Generator, n: int, cols: Columns) -> np.ndarray:
    if d.ranges is not None and d.given is not None:
        low = np.zeros(n, dtype=np.int64)
        high = np.zeros(n, dtype=np.int64)
        fallback = d.ranges.get("*")
        for value, mask in _categories(cols, d.given).masks():
            span = d.ranges.get(value, fallback)
            if span is None:
                raise CalibrationError(f"integer_range given {d.given}: no range for {value!r}")
            low[mask], high[mask] = span
        out = low + (rng.random(n) * (high - low + 1)).astype(np.int64)
    else:
        out = rng.integers(d.low or 0, (d.high or 0) + 1, size=n)
    if d.at_most is not None:
        out = np.minimum(out, np.asarray(_given(cols, d.at_most), dtype=np.int64))
    return out.astype(np.int64)


def _amount(d: Amount, rng: np.random.Generator, n: int, cols: Columns) -> np.ndarray:
    p_zero = _by_category(d.given, d.p_zero_table, d.p_zero, cols, n)
    value = np.minimum(d.median * np.exp(d.sigma * rng.standard_normal(n)), d.max)
    value = np.round(value, d.decimals)
    value[rng.random(n) < p_zero] = 0
    result: np.ndarray = value if d.decimals else value.astype(np.int64)
    return result


def _age_bands(d: AgeBands, rng: np.random.Generator, n: int) -> np.ndarray:
    keys, p = _weights(d.bands)
    spans = np.array([[int(x) for x in k.split("-")] for k in keys])
    band = rng.choice(len(keys), size=n, p=p)
    low, high = spans[band, 0], spans[band, 1]
    ages: np.ndarray = (low + (rng.random(n) * (high - low + 1)).astype(np.int64)).astype(np.int64)
    return ages


def _birth_dates(ages: np.ndarray, on: dt.date, rng: np.random.Generator) -> pl.Series:
    """Dates such that the completed age on `on` is `ages`: between the day after the
    (age+1)-th birthday-before and the age-th birthday-before."""
    latest = np.array([_years_before(on, int(a)) for a in range(0, 121)], dtype="datetime64[D]")
    earliest = np.array([_years_before(on, int(a) + 1) for a in range(0, 121)], dtype="datetime64[D]") + 1
    span = (latest[ages] - earliest[ages]).astype(np.int64) + 1
    days = earliest[ages] + (rng.random(ages.size) * span).astype(np.int64)
    return pl.Series(days).cast(pl.Date)


def _years_before(on: dt.date, years: int) -> dt.date:
    try:
        return on.replace(year=on.year - years)
    except ValueError:  # 29 February
        return on.replace(year=on.year - years, day=28)


def _months_before(on: dt.date, months: np.ndarray, rng: np.random.Generator) -> pl.Series:
    """Dates exactly `months` whole months before `on` (day 1..min(day, 28) of that month)."""
    index = month_index(on) - months
    years, month0 = np.divmod(index, 12)
    day = 1 + (rng.random(months.size) * min(on.day, 28)).astype(np.int64)
    frame = pl.DataFrame({"y": years, "m": month0 + 1, "d": day})
    return frame.select(pl.date("y", "m", "d")).to_series()


def _per_year_amount(d: ByYear, rng: np.random.Generator, n: int, cols: Columns) -> np.ndarray:
    if isinstance(d.each, Amount):
        return _amount(d.each, rng, n, cols)
    return np.minimum(rng.poisson(d.each.mean, n), d.each.max).astype(np.int64)


def _children(d: Children, rng: np.random.Generator, n: int, cols: Columns, on: dt.date) -> pl.Series:
    """Each person's accompanying children as a list of birth dates (see Children)."""
    counts = np.asarray(_choice(d.count, rng, n, cols), dtype=np.int64)
    parent = np.asarray(_given(cols, d.parent_age), dtype=np.int64)
    youngest_at_birth, oldest_at_birth = d.parent_age_at_birth
    low = np.maximum(0, parent - oldest_at_birth)
    high = np.minimum(d.max_age, parent - youngest_at_birth)
    counts[high < low] = 0
    owner = np.repeat(np.arange(n), counts)
    ages = low[owner] + (rng.random(owner.size) * (high[owner] - low[owner] + 1)).astype(np.int64)
    stays = rng.random(owner.size) < np.array(d.accompanying_by_age())[ages]
    owner, ages = owner[stays], ages[stays]
    dates = _birth_dates(ages, on, rng).to_arrow()
    offsets = pa.array(np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=n))]).astype(np.int32))
    listed = pl.from_arrow(pa.ListArray.from_arrays(offsets, dates))
    assert isinstance(listed, pl.Series)
    return listed


def generate_chunk(cal: Calibration, rng: np.random.Generator, start: int, n: int) -> pl.DataFrame:
    """`n` persons, numbered from `start`: the person's columns, then the household's."""
    cols: Columns = {}
    ids = pl.int_range(start, start + n, eager=True).cast(pl.String).str.zfill(9)
    out: dict[str, Any] = {"person_id": cal.id_prefix + ids}
    on = cal.reference_date
    for column in cal.all_columns():
        d: Distribution = column.dist
        value: Any
        if isinstance(d, Choice):
            value = _choice(d, rng, n, cols)
        elif isinstance(d, YesNo):
            value = _yes_no(d, rng, n, cols)
        elif isinstance(d, IntegerRange):
            value = _integer_range(d, rng, n, cols)
        elif isinstance(d, Poisson):
            value = np.minimum(rng.poisson(d.mean, n), d.max).astype(np.int64)
        elif isinstance(d, Amount):
            value = _amount(d, rng, n, cols)
        elif isinstance(d, AgeBands):
            value = _age_bands(d, rng, n)
        elif isinstance(d, BirthDate):
            value = _birth_dates(np.asarray(_given(cols, d.age)), on, rng)
        elif isinstance(d, DateMonthsAgo):
            value = _months_before(on, np.asarray(_given(cols, d.months)), rng)
        elif isinstance(d, OpenPeriod):
            start_month = month_index(on) - np.asarray(_given(cols, d.months))
            value = pl.DataFrame({"from": start_month.astype(np.int32)}).select(
                pl.concat_list(pl.struct(pl.col("from"), pl.lit(None, dtype=pl.Int32).alias("to")))
            ).to_series().cast(pl.List(PERIOD))
        elif isinstance(d, ByYear):
            for year in range(on.year - d.years + 1, on.year + 1):
                out[f"{column.name}.{year}"] = _per_year_amount(d, rng, n, cols)
            continue
        elif isinstance(d, IntegerList):
            lengths = rng.poisson(d.mean_length, n)
            flat = rng.integers(d.low, d.high + 1, size=int(lengths.sum()))
            offsets = np.concatenate([[0], np.cumsum(lengths)])
            value = pl.Series([flat[offsets[i]:offsets[i + 1]].tolist() for i in range(n)],
                              dtype=pl.List(pl.Int64))
        elif isinstance(d, Children):
            value = _children(d, rng, n, cols, on).alias(column.name)
        elif isinstance(d, Copy):
            value = _given(cols, d.of)
        elif isinstance(d, Scaled):
            value = np.asarray(_given(cols, d.of), dtype=np.int64) * d.factor // d.divisor
            if d.plus is not None:
                value = value + _integer_range(d.plus, rng, n, cols)
        else:  # pragma: no cover
            raise AssertionError(type(d))
        cols[column.name] = value
        out[column.name] = value.series(column.name) if isinstance(value, Cat) else value
    return pl.DataFrame(out)


def check_coverage(cal: Calibration, catalogue: PackCatalogue) -> None:
    """Every fact of every pack of the city is generated or explicitly left at its default."""
    generated = {c.name for c in cal.all_columns()}
    missing = []
    for pack_id in cal.packs:
        for fact in catalogue.load(pack_id).facts:
            if fact not in generated and fact not in cal.defaults:
                missing.append(f"{pack_id}: {fact}")
    if missing:
        raise CalibrationError("the calibration neither generates nor defaults: " + ", ".join(missing))


def chunks(cal: Calibration, size: int, seed: int) -> Iterator[pl.DataFrame]:
    """The population in chunks of CHUNK persons, each from its own random stream."""
    count = (size + CHUNK - 1) // CHUNK
    streams = np.random.SeedSequence(seed).spawn(max(count, 1))
    for index in range(count):
        start = index * CHUNK
        n = min(CHUNK, size - start)
        yield generate_chunk(cal, np.random.default_rng(streams[index]), start, n)


def write_population(cal: Calibration, size: int, seed: int, out: Path,
                     progress: Callable[[int], None] | None = None) -> int:
    """Stream `size` persons to the Parquet file `out`; returns the number written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    writer: pq.ParquetWriter | None = None
    written = 0
    try:
        for chunk in chunks(cal, size, seed):
            table = chunk.to_arrow()
            if writer is None:
                schema = table.schema.with_metadata({
                    META_CITY: cal.city.encode(), META_SEED: str(seed).encode(),
                    META_SIZE: str(size).encode()})
                writer = pq.ParquetWriter(tmp, schema, compression="zstd")
            table = table.replace_schema_metadata(writer.schema.metadata)
            writer.write_table(table)
            written += chunk.height
            if progress is not None:
                progress(chunk.height)
    finally:
        if writer is not None:
            writer.close()
    tmp.replace(out)
    return written
