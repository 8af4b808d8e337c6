"""A sweep of one parameter over a grid, against one full rescore per point.

    python bench/sweep.py --size 1000000 --points 100 --full-points 5

Generates (or reuses) a calibrated Hangzhou population, then sweeps the points per further
year of social insurance over 0, 1, ..., points - 1 (whole points, the pack's precision)
with the pack's quota. The reference is what a sweep without reuse does at each point:
score the whole table under the changed pack and run the round (score_table + run_round).
It is timed at `full-points` of the same grid (first, last and evenly between) and its
per-point time compared with the sweep's; every timed point's admitted persons, cut-offs and
ties are checked equal between the two first (the sweep finds the cut-off without sorting
everyone, settle.workflow.cutoff).
"""

from __future__ import annotations

import argparse
import platform
import time
from decimal import Decimal
from pathlib import Path

import polars as pl

from settle.packs import default_catalogue
from settle.paths import calibration_dir
from settle.simulate.calibration import load_calibration
from settle.simulate.population import write_population
from settle.simulate.sweep import Sweeper, grid, with_value
from settle.workflow.quota_round import run_round

PARAMETER = "social_insurance_points_per_unit"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--points", type=int, default=100)
    parser.add_argument("--full-points", type=int, default=5)
    args = parser.parse_args()
    path = Path("bench/data") / f"hangzhou-{args.size}.parquet"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_population(load_calibration(calibration_dir() / "hangzhou.yaml"), args.size, 1, path)
    pack = default_catalogue().load("hangzhou-2017")
    population = pl.read_parquet(path)
    values = grid(Decimal(0), Decimal(args.points - 1), args.points)  # whole points: the pack's precision
    started = time.perf_counter()
    sweeper = Sweeper(pack, population, PARAMETER, by="sex")
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    points = [sweeper.at(v) for v in values]
    swept = time.perf_counter() - started
    step = max(1, (len(values) - 1) // max(1, args.full_points - 1))
    chosen = sorted({*range(0, len(values), step), len(values) - 1})[: args.full_points]
    started = time.perf_counter()
    for n in chosen:
        full = run_round(with_value(pack, PARAMETER, values[n]), population)
        admitted = full.ranked.filter(pl.col("admitted"))["person_id"].sort()
        assert points[n].outcome.admitted_ids.sort().equals(admitted), f"point {values[n]} differs"
        assert points[n].outcome.lines == full.lines, f"point {values[n]}: other cut-offs"
    full_each = (time.perf_counter() - started) / len(chosen)
    sweep_each = swept / len(values)
    print(f"{platform.machine()}, {platform.python_version()}; {args.size:,} persons, "
          f"{len(values)} points of {PARAMETER}")
    print(f"prepare and score once: {prepared:.2f} s")
    print(f"sweep, {len(values)} points: {swept:.2f} s ({sweep_each:.3f} s a point)")
    print(f"full rescore, {len(chosen)} of the points: {full_each:.3f} s a point "
          f"(same admitted, cut-offs and ties)")
    print(f"ratio: a full rescore per point takes {full_each / sweep_each:.1f}x the sweep's time; "
          f"the whole sweep with rescores would take {full_each * len(values):.0f} s, "
          f"against {prepared + swept:.0f} s")


if __name__ == "__main__":
    main()
