"""Where the bulk engine's time goes on one population file.

    python bench/profile_bulk.py bench/data/hangzhou-10000000.parquet

The engine checks the input from each numeric column's least and greatest values (a float
column by one pass of arithmetic that also gives its units); a column that may break a
check is checked row by row inside the one fused query (convert, derive, score); the last
step materialises every result column. Each phase is timed separately here, best of three.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import polars as pl

from settle.packs import default_catalogue
from settle.rules.bulk.columns import canonical_plan
from settle.rules.bulk.derive import derive_plan
from settle.rules.bulk.engine import score_stages, score_table


def best(work: Callable[[], object], repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    pack = default_catalogue().load("hangzhou-2017")
    on = pack.meta.default_evaluation_date
    frame = pl.read_parquet(sys.argv[1])

    def fused(columns: list[str]) -> pl.DataFrame:
        plan, derived = derive_plan(pack, canonical_plan(pack, frame), on)
        lazy = plan.lazy()
        for expr in derived:
            lazy = lazy.with_columns(expr)
        names = [*lazy.collect_schema().names()]
        for stage in score_stages(pack, on, names):
            lazy = lazy.with_columns(stage)
        return lazy.select(columns).collect(engine="streaming")

    checks = best(lambda: canonical_plan(pack, frame))
    totals = best(lambda: fused(["total", "eligible"]))
    whole = best(lambda: score_table(pack, frame))
    print(f"{frame.height:,} persons")
    print(f"{checks:6.2f} s  check the input (column statistics; float units computed once)")
    print(f"{totals - checks:6.2f} s  convert, derive and score, keeping only total and eligibility")
    print(f"{whole - totals:6.2f} s  materialise every item, subtotal and condition column")
    print(f"{whole:6.2f} s  score_table in all")


if __name__ == "__main__":
    main()
