"""Where the bulk engine's time goes on one population file: the stages of score_table.

    python bench/profile_bulk.py bench/data/hangzhou-10000000.parquet
"""

from __future__ import annotations

import sys
import time

import polars as pl

from settle.packs import default_catalogue
from settle.rules.bulk.columns import to_canonical
from settle.rules.bulk.derive import add_derived
from settle.rules.bulk.engine import score_stages


def main() -> None:
    pack = default_catalogue().load("hangzhou-2017")
    started = time.perf_counter()
    frame = pl.read_parquet(sys.argv[1])
    stages = {"read Parquet (not in the scoring time)": time.perf_counter() - started}
    on = pack.meta.default_evaluation_date
    started = time.perf_counter()
    canonical = to_canonical(pack, frame)
    stages["check and convert facts to canonical columns"] = time.perf_counter() - started
    started = time.perf_counter()
    facts = add_derived(pack, canonical, on)
    stages["derive ages"] = time.perf_counter() - started
    plan = facts.lazy()
    labels = ["items", "subtotals", "total", "eligibility", "eligible flag"]
    for label, stage in zip(labels, score_stages(pack, on, facts.columns), strict=True):
        started = time.perf_counter()
        plan = plan.with_columns(stage)
        facts = plan.collect()
        plan = facts.lazy()
        stages[f"compute {label}"] = time.perf_counter() - started
    scoring = sum(v for k, v in stages.items() if not k.startswith("read"))
    for label, seconds in stages.items():
        share = "" if label.startswith("read") else f" ({seconds / scoring:.0%})"
        print(f"{seconds:7.2f} s  {label}{share}")


if __name__ == "__main__":
    main()
