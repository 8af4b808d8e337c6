"""Settle's benchmarks: bulk scoring of 1 M and 10 M Hangzhou applicants beside a hand-written
NumPy reference, the same score as one DuckDB SQL query, and OpenFisca-core on the same data,
a full 10 M round from Parquet, a 100 M file scored as a stream from disk (`settle bulk
--batch-rows`: one batch in memory) and the Spark engine in local mode beside the local one.

    python bench/run.py [--sizes 1000000,10000000] [--repeats 3] [--stream-size 100000000]
                        [--spark-size 1000000] [--record]

`--stream-size 0` or `--spark-size 0` leaves that case out (the 100 M file takes about
1.2 GB of disk and minutes to generate; it is written to bench/data/, never committed).

Each measurement runs in its own process (peak memory is per measurement) and is the best
of `repeats` runs; loading the Parquet file is outside the scoring times and inside the
round time. Every engine's totals are compared (checksums) before any ratio is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).parent
DATA = HERE / "data"
console = Console(highlight=False)


def population(size: int) -> Path:
    path = DATA / f"hangzhou-{size}.parquet"
    if not path.is_file():
        subprocess.run([sys.executable, "-m", "settle.cli.app", "population", "--city", "hangzhou",
                        "--size", str(size), "--seed", "2017", "--out", str(path)], check=True)
    return path


def measure(engine: str, path: Path, repeats: int, *extra: str) -> dict[str, float | int | str]:
    done = subprocess.run([sys.executable, str(HERE / "measure.py"), engine, str(path), str(repeats), *extra],
                          check=True, capture_output=True, text=True)
    result: dict[str, float | int | str] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), "
            f"{memory:.0f} GiB, Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--stream-size", type=int, default=100_000_000)
    parser.add_argument("--spark-size", type=int, default=1_000_000)
    parser.add_argument("--record", action="store_true", help="write bench/RESULTS.md")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rows: list[list[str]] = []
    notes: list[str] = []
    for size in sizes:
        path = population(size)
        engines = ("numba", "settle", "numpy", "duckdb", "openfisca")
        results = {engine: measure(engine, path, args.repeats) for engine in engines}
        sums = {r["checksum"] for r in results.values()}
        if len(sums) != 1:
            raise SystemExit(f"engines disagree at {size:,}: {results}")
        settle_best = float(results["settle"]["best"])
        for engine, result in results.items():
            best = float(result["best"])
            if engine == "numba":
                ratio = "reference (fused loop)"
            elif engine == "settle":
                ratio = f"{best / float(results['numba']['best']):.2f}x the fused loop's time"
            else:
                ratio = f"{best / settle_best:.2f}x Settle's time"
            rows.append([f"score {size:,}", engine, f"{best:.2f}", f"{float(result['median']):.2f}",
                         f"{size / best / 1e6:.2f} M/s", f"{int(result['peak_bytes']) / 2**30:.2f}", ratio])
        notes.append(f"{size:,}: all {len(engines)} engines give identical totals (checksum {sums.pop()})")
    biggest = max(sizes)
    out = DATA / f"hangzhou-{biggest}-round.parquet"
    result = measure("round", population(biggest), 1, str(out))
    best = float(result["best"])
    rows.append([f"round {biggest:,}", "settle", f"{best:.2f}", f"{float(result['median']):.2f}",
                 f"{biggest / best / 1e6:.2f} M/s", f"{int(result['peak_bytes']) / 2**30:.2f}",
                 "target < 30 s, < 8 GiB"])
    if args.spark_size:
        result = measure("spark", population(args.spark_size), 1)
        best = float(result["best"])
        rows.append([f"score {args.spark_size:,}", "settle on Spark (local[*])", f"{best:.2f}",
                     f"{float(result['median']):.2f}", f"{args.spark_size / best / 1e6:.2f} M/s",
                     f"{int(result['peak_bytes']) / 2**30:.2f} (driver)",
                     "same totals as the local engine, person by person"])
    if args.stream_size:
        out = DATA / f"hangzhou-{args.stream_size}-scores.parquet"
        result = measure("stream", population(args.stream_size), 1, str(out))
        best = float(result["best"])
        rows.append([f"score {args.stream_size:,} streamed", "settle --batch-rows", f"{best:.2f}",
                     f"{float(result['median']):.2f}", f"{args.stream_size / best / 1e6:.2f} M/s",
                     f"{int(result['peak_bytes']) / 2**30:.2f}", "from disk to disk, one batch in memory"])
        out.unlink(missing_ok=True)
    header = ["case", "engine", "best s", "median s", "persons/s", "peak GiB", "ratio"]
    table = Table(title=f"Settle benchmarks — {dt.date.today()} — {machine()}")
    for name in header:
        table.add_column(name)
    for row in rows:
        table.add_row(*row)
    console.print(table)
    for note in notes:
        console.print(note)
    if args.record:
        lines = [f"| {' | '.join(header)} |", f"|{'---|' * len(header)}"]
        lines += [f"| {' | '.join(row)} |" for row in rows]
        record = HERE / "RESULTS.md"
        body = record.read_text(encoding="utf-8") if record.is_file() else "# Benchmark results\n"
        entry = (f"\n## {dt.date.today()} — {machine()}\n\n`python bench/run.py --sizes {args.sizes} "
                 f"--repeats {args.repeats} --stream-size {args.stream_size} "
                 f"--spark-size {args.spark_size}`\n\n" + "\n".join(lines) + "\n\n"
                 + "\n".join(f"- {n}" for n in notes) + "\n")
        record.write_text(body + entry, encoding="utf-8")
        console.print(f"recorded in {record}")


if __name__ == "__main__":
    main()
