"""A Parquet file scored batch by batch gives every person the scores of the whole table, and
bad rows are named from the start of the file with nothing left behind."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from settle.cli.app import app
from settle.packs import default_catalogue
from settle.paths import calibration_dir
from settle.rules.bulk.engine import score_table
from settle.rules.bulk.stream import score_parquet_stream
from settle.rules.facts import InvalidFacts
from settle.simulate.calibration import load_calibration
from settle.simulate.population import write_population

PERSONS = 3_000


@pytest.fixture(scope="module")
def people(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stream") / "people.parquet"
    write_population(load_calibration(calibration_dir() / "hangzhou.yaml"), PERSONS, 7, path)
    return path


def test_a_file_streamed_in_batches_scores_every_person_as_the_whole_table(people: Path,
                                                                           tmp_path: Path) -> None:
    pack = default_catalogue().load("hangzhou-2017")
    out = tmp_path / "scores.parquet"
    done = score_parquet_stream(pack, people, out, batch_rows=700)  # four full batches and a part
    whole = score_table(pack, pl.read_parquet(people)).readable()
    assert (done.persons, done.batches) == (PERSONS, 5)
    assert done.eligible == int(whole["eligible"].sum())
    streamed = pl.read_parquet(out)
    assert streamed.columns == whole.columns
    assert_frame_equal(streamed, whole)


def test_a_bad_row_in_a_later_batch_is_named_from_the_start_of_the_file(people: Path,
                                                                        tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    frame = pl.read_parquet(people)
    frame.with_columns(pl.when(pl.int_range(pl.len()) == 2_345).then(-4)
                       .otherwise(pl.col("volunteer_hours")).alias("volunteer_hours")).write_parquet(broken)
    out = tmp_path / "scores.parquet"
    with pytest.raises(InvalidFacts) as refused:
        score_parquet_stream(default_catalogue().load("hangzhou-2017"), broken, out, batch_rows=1_000)
    [problem] = refused.value.problems
    assert problem.field == "volunteer_hours" and problem.value == -4 and problem.rows == (2_345,)
    assert "rows 2,000-2,999" in refused.value.__notes__[0]
    assert not out.exists() and not out.with_name(out.name + ".partial").exists()


def test_settle_bulk_streams_with_batch_rows_and_refuses_what_it_cannot_stream(people: Path,
                                                                               tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "scores.parquet"
    ran = runner.invoke(app, ["bulk", "--pack", "hangzhou-2017", str(people), "--out", str(out),
                              "--batch-rows", "1000"])
    assert ran.exit_code == 0, ran.output
    assert "scored 3,000 persons" in ran.output and "3 batches" in ran.output
    assert pl.read_parquet(out).height == PERSONS
    csv = runner.invoke(app, ["bulk", "--pack", "hangzhou-2017", str(people), "--out",
                              str(tmp_path / "scores.csv"), "--batch-rows", "1000"])
    assert csv.exit_code == 2 and "--batch-rows streams a .parquet file to a .parquet file" in csv.output


def test_an_empty_file_gives_an_empty_result_with_every_column(people: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.parquet"
    pl.read_parquet(people).head(0).write_parquet(empty)
    out = tmp_path / "scores.parquet"
    pack = default_catalogue().load("hangzhou-2017")
    done = score_parquet_stream(pack, empty, out)
    assert (done.persons, done.eligible) == (0, 0)
    whole = score_table(pack, pl.read_parquet(people).head(5)).readable()
    assert pl.read_parquet(out).columns == whole.columns
