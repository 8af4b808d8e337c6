"""One measurement in a fresh process, so that its peak memory is its own.

    python bench/measure.py ENGINE POPULATION.parquet REPEATS [OUT]

ENGINE is settle, numba, numpy, duckdb, openfisca (score every person), round (read, score,
rank and write the 10 M list), stream (score a Parquet file batch by batch from disk to OUT,
one batch in memory: `settle bulk --batch-rows`) or spark (the Spark engine in local mode on
this machine's cores, its totals checked person by person against the local engine's).
Prints one JSON line: best and median seconds of the repeats, the
process's peak resident memory, and a checksum of the totals so that runs can be compared.
"""

from __future__ import annotations

import hashlib
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).parent))


def checksum(totals: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(totals, dtype=np.int64).tobytes()).hexdigest()[:16]


def timed(work: Callable[[], np.ndarray], repeats: int) -> tuple[list[float], np.ndarray]:
    seconds = []
    totals = np.zeros(0, dtype=np.int64)
    for _ in range(repeats):
        started = time.perf_counter()
        totals = work()
        seconds.append(time.perf_counter() - started)
    return seconds, totals


def main() -> None:
    engine, population, repeats = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    from settle.packs import default_catalogue

    pack = default_catalogue().load("hangzhou-2017")
    if engine == "round":
        from settle.tables import write_table
        from settle.workflow.quota_round import run_round

        out = Path(sys.argv[4])

        from settle.rules.bulk.columns import reads_column
        from settle.tables import read_table

        def full_round() -> np.ndarray:
            frame = read_table(str(population), lambda c: reads_column(pack, c))
            outcome = run_round(pack, frame, quota=6000)
            write_table(outcome.ranked, out)
            return outcome.ranked.sort("person_id")["total"].to_numpy()

        seconds, totals = timed(full_round, repeats)
    elif engine == "stream":
        from settle.rules.bulk.stream import score_parquet_stream

        out = Path(sys.argv[4])
        seconds = []
        for _ in range(repeats):
            started = time.perf_counter()
            score_parquet_stream(pack, population, out)
            seconds.append(time.perf_counter() - started)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # before reading back
        totals = pl.scan_parquet(out).select(pl.col("total").cast(pl.Int64)).collect()["total"].to_numpy()
        print(json.dumps({"engine": engine, "persons": int(totals.size), "best": min(seconds),
                          "median": statistics.median(seconds), "peak_bytes": peak,
                          "checksum": checksum(totals)}))
        return
    elif engine == "spark":
        from settle.rules.bulk.engine import score_table
        from settle.rules.bulk.spark import collect, read_persons, score_dataframe, spark_session

        spark = spark_session("local[*]", app_name="settle-bench")

        def on_spark() -> np.ndarray:
            people = read_persons(spark, str(population), pack)
            scored = score_dataframe(pack, people).select("person_id", "total")
            return collect(scored).sort("person_id")["total"].cast(pl.Int64).to_numpy()

        seconds, totals = timed(on_spark, repeats)
        local = score_table(pack, pl.read_parquet(population)).frame.sort("person_id")["total"].to_numpy()
        if not np.array_equal(totals, local):
            raise SystemExit("the Spark engine's totals differ from the local engine's")
        spark.stop()
    else:
        frame = pl.read_parquet(population)
        if engine == "settle":
            from settle.rules.bulk.engine import score_table

            def work() -> np.ndarray:
                return score_table(pack, frame).frame["total"].to_numpy()
        elif engine == "numpy":
            from hangzhou_numpy import hangzhou_total

            def work() -> np.ndarray:
                return hangzhou_total(frame)
        elif engine == "numba":
            from hangzhou_numba import numba_total

            def work() -> np.ndarray:
                return numba_total(frame)
        elif engine == "duckdb":
            from hangzhou_duckdb import duckdb_total

            def work() -> np.ndarray:
                return duckdb_total(frame)
        elif engine == "openfisca":
            from hangzhou_openfisca import build_system, inputs, openfisca_total

            system = build_system()

            def work() -> np.ndarray:
                return openfisca_total(system, inputs(frame))
        else:
            raise SystemExit(f"unknown engine {engine!r}")
        seconds, totals = timed(work, repeats)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"engine": engine, "persons": int(totals.size), "best": min(seconds),
                      "median": statistics.median(seconds), "peak_bytes": peak,
                      "checksum": checksum(totals)}))


if __name__ == "__main__":
    main()
