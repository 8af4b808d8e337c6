"""Synthetic populations: reproducible, calibrated, complete for the city's packs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest

from settle.packs import default_catalogue
from settle.paths import calibration_dir
from settle.rules.bulk.columns import row_to_facts
from settle.rules.bulk.engine import score_table
from settle.rules.engine import evaluate
from settle.simulate.calibration import load_calibration
from settle.simulate.marginals import marginals, population_city
from settle.simulate.population import CHUNK, check_coverage, generate_chunk, write_population

CITIES = sorted(p.stem for p in calibration_dir().glob("*.yaml"))


@pytest.mark.parametrize("city", CITIES)
def test_every_fact_of_the_city_packs_is_generated_or_defaulted(city: str) -> None:
    check_coverage(load_calibration(calibration_dir() / f"{city}.yaml"), default_catalogue())


@pytest.mark.parametrize("city", CITIES)
def test_every_assumed_column_states_its_assumption(city: str) -> None:
    cal = load_calibration(calibration_dir() / f"{city}.yaml")
    for column in cal.columns:
        assert column.published or (column.assumption and len(column.assumption) > 5), column.name


def test_the_same_seed_and_size_give_the_same_file(tmp_path: Path) -> None:
    cal = load_calibration(calibration_dir() / "hangzhou.yaml")
    first, second, other = tmp_path / "a.parquet", tmp_path / "b.parquet", tmp_path / "c.parquet"
    write_population(cal, 1000, 5, first)
    write_population(cal, 1000, 5, second)
    write_population(cal, 1000, 6, other)
    assert pl.read_parquet(first).equals(pl.read_parquet(second))
    assert not pl.read_parquet(first).equals(pl.read_parquet(other))
    assert population_city(first) == "hangzhou"


def test_published_marginals_are_reproduced_within_half_a_point(tmp_path: Path) -> None:
    cal = load_calibration(calibration_dir() / "hangzhou.yaml")
    path = tmp_path / "pop.parquet"
    write_population(cal, 60_000, 11, path)
    size, rows = marginals(cal, path)
    assert size == 60_000
    assert len(rows) >= 20
    for row in rows:
        assert abs(row.gap) < 0.005, (row.title.en, row.value, row.published, row.generated)


def test_a_large_population_streams_in_chunks(tmp_path: Path) -> None:
    cal = load_calibration(calibration_dir() / "hangzhou.yaml")
    seen: list[int] = []
    path = tmp_path / "pop.parquet"
    written = write_population(cal, CHUNK + 10, 3, path, progress=seen.append)
    assert written == CHUNK + 10
    assert seen == [CHUNK, 10]
    ids = pl.read_parquet(path, columns=["person_id"])["person_id"]
    assert ids.n_unique() == CHUNK + 10


def test_insurance_never_exceeds_the_years_registered() -> None:
    cal = load_calibration(calibration_dir() / "hangzhou.yaml")
    chunk = generate_chunk(cal, np.random.default_rng(1), 0, 20_000)
    assert (chunk["social_insurance_consecutive_years"] <= chunk["years_registered"]).all()


@pytest.mark.parametrize("city", CITIES)
def test_generated_people_score_the_same_in_bulk_and_one_by_one(city: str) -> None:
    cal = load_calibration(calibration_dir() / f"{city}.yaml")
    for pack_id in cal.packs:
        pack = default_catalogue().load(pack_id)
        on = pack.meta.default_evaluation_date
        chunk = generate_chunk(cal.model_copy(update={"reference_date": on}),
                               np.random.default_rng(2), 0, 300)
        bulk = score_table(pack, chunk).readable().to_dicts()
        for row, scored in zip(chunk.to_dicts(), bulk, strict=True):
            one = evaluate(pack, row_to_facts(pack, row))
            assert one.total == scored["total"], (pack_id, row["person_id"])
            assert one.eligible == scored["eligible"], (pack_id, row["person_id"])
