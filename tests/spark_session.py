"""The Spark session of the Spark tests (a pytest plugin, tests/conftest.py): local[2], one per
test module and stopped after it. pyspark is imported only when a test asks for the session;
each Spark test module skips itself without pyspark (`pytest.importorskip`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from settle.rules.bulk.spark import spark_session

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    session = spark_session("local[2]", app_name="settle-tests")
    yield session
    session.stop()
