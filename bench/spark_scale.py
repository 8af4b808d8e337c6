"""Per-person cost of the Spark engine, for docs/scale.md: scoring and the round, per file.

    python bench/spark_scale.py local[2] bench/data/hangzhou-1000000.parquet [more.parquet ...]
    python bench/spark_scale.py --no-round local[2] bench/data/hangzhou-10000000.parquet
    python bench/spark_scale.py --phases local[2] bench/data/hangzhou-1000000.parquet

With --phases, first where the scoring's time goes: the input columns read and written
back by the JVM alone, then also passed through Python unchanged (Arrow both ways).

For each population (made by `settle population --city hangzhou`), in one Spark session:
score every person and write the scores as Parquet (as `settle bulk --engine spark`), then
run the Hangzhou round with a quota of 0.8 % of the persons and write the ranked list (as
`settle round --engine spark`). Prints wall seconds, microseconds per person and the
session's start-up apart (a fixed cost, not a per-person one), with the load average, since
the machine may be shared; and the CPU seconds of the driver, the JVM and its Python workers
together (psutil), which a shared machine inflates less than the wall time.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import psutil

from settle.packs import default_catalogue
from settle.rules.bulk.spark import (
    first_rows,
    map_frames,
    read_persons,
    score_dataframe,
    spark_session,
    write_dataset,
)
from settle.workflow.spark_round import run_round_spark


def cpu_seconds() -> float:
    """CPU time of this process and all its descendants (the JVM, the Python workers)."""
    total = 0.0
    for process in [psutil.Process(), *psutil.Process().children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def main() -> None:
    arguments = sys.argv[1:]
    rounds = "--no-round" not in arguments
    phases = "--phases" in arguments
    master, *files = [a for a in arguments if a not in ("--no-round", "--phases")]
    pack = default_catalogue().load("hangzhou-2017")
    started = time.perf_counter()
    spark = spark_session(master, app_name="settle-bench")
    print(f"session on {master}: {time.perf_counter() - started:.1f} s; load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        for file in files:
            people = read_persons(spark, file, pack)
            persons = people.count()
            if phases:
                for name, frame in (("JVM copy", people),
                                    ("through Python", map_frames(people, lambda f: f, first_rows(people)))):
                    started, cpu = time.perf_counter(), cpu_seconds()
                    write_dataset(frame, str(Path(folder) / "copy"))
                    print(f"{file}: {name} {time.perf_counter() - started:.1f} s; "
                          f"CPU {(cpu_seconds() - cpu) / persons * 1e6:.1f} µs/person")
            started, cpu = time.perf_counter(), cpu_seconds()
            write_dataset(score_dataframe(pack, people), str(Path(folder) / "scores"))
            scored, scored_cpu = time.perf_counter() - started, cpu_seconds() - cpu
            line = (f"{file}: {persons:,} persons in {people.rdd.getNumPartitions()} partitions; "
                    f"score {scored:.1f} s ({scored / persons * 1e6:.1f} µs/person; "
                    f"CPU {scored_cpu / persons * 1e6:.1f} µs/person)")
            if rounds:
                started, cpu = time.perf_counter(), cpu_seconds()
                run = run_round_spark(pack, people, quota=max(1, persons * 8 // 1000))
                write_dataset(run.listing, str(Path(folder) / "ranked"), ("line",))
                ranked, ranked_cpu = time.perf_counter() - started, cpu_seconds() - cpu
                line += (f", round {ranked:.1f} s ({ranked / persons * 1e6:.1f} µs/person; "
                         f"CPU {ranked_cpu / persons * 1e6:.1f} µs/person), "
                         f"{run.outcome.admitted:,} admitted")
            print(f"{line}; load {os.getloadavg()[0]:.1f}")
    spark.stop()


if __name__ == "__main__":
    main()
