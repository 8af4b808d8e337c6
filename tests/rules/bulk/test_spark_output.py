"""What the Spark engine refuses before starting Spark, and how it reports an executor's error
(no Spark needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from settle.rules.bulk.spark import check_output, executor_error, spark_name
from settle.tables import TableError


def test_an_output_folder_holding_other_files_is_refused_and_an_earlier_dataset_replaced(
        tmp_path: Path) -> None:
    check_output(str(tmp_path / "new"))  # absent: Spark creates it
    check_output(str(tmp_path))  # empty
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(TableError, match="holds other files than a Parquet dataset Spark wrote"):
        check_output(str(tmp_path))
    with pytest.raises(TableError, match="is a file; the Spark engine writes a Parquet dataset"):
        check_output(str(tmp_path / "notes.txt"))
    dataset = tmp_path / "scores"
    dataset.mkdir()
    (dataset / "_SUCCESS").touch()
    (dataset / "part-00000.parquet").touch()
    check_output(str(dataset))
    with pytest.raises(TableError, match=r"not \.csv"):
        check_output(str(tmp_path / "scores.csv"))


def test_an_executors_settle_error_is_told_in_its_own_words() -> None:
    wrapped = RuntimeError(
        "An exception was thrown from the Python worker:\nTraceback (most recent call last):\n"
        '  File "engine.py", line 140, in score_table\n'
        "settle.rules.facts.InvalidFacts: invalid facts for pack hangzhou-2017: birth_date = "
        "'1990-13-01' (rows 1): expected a date written YYYY-MM-DD\n\tat org.apache.spark...")
    assert executor_error(wrapped) == (
        "invalid facts for pack hangzhou-2017: birth_date = '1990-13-01' (rows 1): expected a date "
        "written YYYY-MM-DD")
    assert executor_error(RuntimeError("java.lang.OutOfMemoryError: Java heap space")) is None


def test_result_columns_keep_their_names_through_spark() -> None:
    assert spark_name("subtotal.basic") == "subtotal\u00b7basic"
    assert spark_name("total") == "total"
    assert spark_name("volunteer_hours_by_year.2016").replace("\u00b7", ".") == "volunteer_hours_by_year.2016"
