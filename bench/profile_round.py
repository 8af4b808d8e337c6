"""Where a full round's time goes: read, score and rank, write.

    python bench/profile_round.py bench/data/hangzhou-10000000.parquet
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from settle.packs import default_catalogue
from settle.rules.bulk.columns import reads_column
from settle.rules.bulk.engine import score_table
from settle.tables import read_table, write_table
from settle.workflow.quota_round import run_round


def main() -> None:
    pack = default_catalogue().load("hangzhou-2017")
    started = time.perf_counter()
    frame = read_table(sys.argv[1], lambda c: reads_column(pack, c))
    read = time.perf_counter() - started
    started = time.perf_counter()
    score_table(pack, frame)
    scored = time.perf_counter() - started
    started = time.perf_counter()
    outcome = run_round(pack, frame, quota=6000)
    ranked = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        write_table(outcome.ranked, Path(folder) / "ranked.parquet")
        written = time.perf_counter() - started
    print(f"{frame.height:,} applicants")
    print(f"{read:6.2f} s  read the Parquet columns the pack uses")
    print(f"{scored:6.2f} s  score (bulk engine alone)")
    print(f"{ranked - scored:6.2f} s  split into lines, sort by the ranking keys, rank and admit")
    print(f"{written:6.2f} s  write the ranked list")


if __name__ == "__main__":
    main()
