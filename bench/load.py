"""Loopback load test of `settle serve`: an open-loop generator at a fixed rate.

    python bench/load.py [--rate 500] [--seconds 20] [--workers 2] [--scenario score]

Starts `settle serve --workers N` on a fresh demo database in a temporary folder, waits until
it answers, warms it up, then sends requests at a fixed rate for the given time: request i is
due at start + i / rate whatever happened to the others, and its latency is measured from that
due time, so a slow server cannot hide its queue (no coordinated omission). At most
`--connections` requests are in flight (keep-alive HTTP/1.1 connections); a request that
finds none free waits, and the wait counts in its latency. Prints the achieved rate, errors
and the latency percentiles of every scenario; `--record` appends them to bench/RESULTS.md.

Scenarios:
  score    POST /packs/hangzhou-2017/score — one person scored and explained (API, JSON):
           examples/hangzhou-2017__software_engineer.json
  services POST /services/guangzhou — every Guangzhou service for one person (API, JSON)
  page     POST /assess/hangzhou-2017 — the self-assessment page for the same person, form
           in, HTML out (points, explanation, every Hangzhou service, the paths)
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from run import machine  # noqa: E402

EXAMPLE = HERE.parent / "examples" / "hangzhou-2017__software_engineer.json"
PERSON = json.loads(EXAMPLE.read_text(encoding="utf-8"))
SERVICES_PERSON = {"birth_date": "1985-03-01", "hukou_location": "other_province", "annual_income": 30000,
                   "lived_in_guangzhou_years": 3, "holds_guangzhou_residence_permit": True}
PAGE_FORM = {**{k: str(v) for k, v in PERSON.items()}, "lang": "zh"}


@dataclass(frozen=True)
class Scenario:
    name: str
    method: str
    path: str
    body: bytes
    content_type: str


SCENARIOS = {
    "score": Scenario("score", "POST", "/packs/hangzhou-2017/score?lang=zh",
                      json.dumps(PERSON).encode(), "application/json"),
    "services": Scenario("services", "POST", "/services/guangzhou?lang=zh",
                         json.dumps(SERVICES_PERSON).encode(), "application/json"),
    "page": Scenario("page", "POST", "/assess/hangzhou-2017?lang=zh",
                     urlencode(PAGE_FORM).encode(), "application/x-www-form-urlencoded"),
}


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: int = 0


def request_bytes(scenario: Scenario, port: int) -> bytes:
    head = (f"{scenario.method} {scenario.path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: {scenario.content_type}\r\nContent-Length: {len(scenario.body)}\r\n"
            "Accept-Language: zh-CN\r\nConnection: keep-alive\r\n\r\n")
    return head.encode() + scenario.body


async def read_response(reader: asyncio.StreamReader) -> int:
    """Read one HTTP/1.1 response (Content-Length or chunked); its status code."""
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length = 0
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        if name.lower() == "content-length":
            length = int(value)
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


class Connections:
    """A pool of keep-alive connections; a broken one is replaced."""

    def __init__(self, port: int, size: int) -> None:
        self.port = port
        self.free: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter] | None] = asyncio.Queue()
        for _ in range(size):
            self.free.put_nowait(None)

    async def send(self, payload: bytes) -> int:
        connection = await self.free.get()
        try:
            if connection is None:
                connection = await asyncio.open_connection("127.0.0.1", self.port)
                sock = connection[1].get_extra_info("socket")
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            reader, writer = connection
            writer.write(payload)
            status = await read_response(reader)
        except (ConnectionError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            if connection is not None:
                connection[1].close()
            self.free.put_nowait(None)
            raise
        self.free.put_nowait(connection)
        return status


async def load(port: int, scenario: Scenario, rate: float, seconds: float, connections: int) -> Tally:
    pool = Connections(port, connections)
    payload = request_bytes(scenario, port)
    tally = Tally()
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.05
    total = int(rate * seconds)

    async def one(due: float) -> None:
        try:
            status = await pool.send(payload)
        except (ConnectionError, OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            tally.failures += 1
            return
        tally.latencies.append(loop.time() - due)
        tally.statuses[status] = tally.statuses.get(status, 0) + 1

    tasks = []
    for i in range(total):
        due = start + i / rate
        delay = due - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(due)))
    await asyncio.gather(*tasks)
    return tally


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(folder: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    settle = shutil.which("settle", path=str(Path(sys.executable).parent)) or "settle"
    log = open(folder / "serve.log", "wb")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen([settle, "serve", "--port", str(port), "--workers", str(workers),
                               "--persons", "200", "--url", f"sqlite:///{folder / 'load.db'}"],
                              cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                              env={**os.environ, "SETTLE_SIMULATIONS": str(folder / "simulations")})
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"settle serve ended: {(folder / 'serve.log').read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=2):
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("settle serve did not answer within 300 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=500.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS),
                        help="repeatable; default: score, services, page")
    parser.add_argument("--page-rate", type=float, default=None,
                        help="rate for the page scenario (default: --rate)")
    parser.add_argument("--record", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args()
    names = args.scenario or ["score", "services", "page"]
    folder = Path(tempfile.mkdtemp(prefix="settle-load-"))
    port = free_port()
    server = start_server(folder, port, args.workers)
    rows = []
    try:
        for name in names:
            scenario = SCENARIOS[name]
            rate = args.page_rate if name == "page" and args.page_rate else args.rate
            asyncio.run(load(port, scenario, min(rate, 100.0), 3.0, args.connections))  # warm every worker
            started = time.perf_counter()
            tally = asyncio.run(load(port, scenario, rate, args.seconds, args.connections))
            elapsed = time.perf_counter() - started
            done = len(tally.latencies)
            ok = sum(n for code, n in tally.statuses.items() if code == 200)
            ms = [x * 1000 for x in tally.latencies]
            row = {"scenario": name, "offered": rate, "achieved": done / elapsed, "requests": done,
                   "ok": ok, "failures": tally.failures + done - ok,
                   "p50": percentile(ms, 0.50), "p90": percentile(ms, 0.90),
                   "p99": percentile(ms, 0.99), "max": max(ms) if ms else float("nan")}
            rows.append(row)
            print(f"{name:9} offered {rate:6.0f}/s achieved {row['achieved']:6.1f}/s  "
                  f"ok {ok:,}  failed {row['failures']:,}  p50 {row['p50']:7.1f} ms  "
                  f"p90 {row['p90']:7.1f} ms  p99 {row['p99']:7.1f} ms  max {row['max']:7.1f} ms", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(folder, ignore_errors=True)
    if args.record:
        lines = ["| scenario | offered /s | achieved /s | ok | failed | p50 ms | p90 ms | p99 ms | max ms |",
                 "|---|---|---|---|---|---|---|---|---|"]
        lines += [f"| {r['scenario']} | {r['offered']:.0f} | {r['achieved']:.1f} | {r['ok']:,} | "
                  f"{r['failures']:,} | {r['p50']:.1f} | {r['p90']:.1f} | {r['p99']:.1f} | "
                  f"{r['max']:.1f} |" for r in rows]
        record = HERE / "RESULTS.md"
        entry = (f"\n## {dt.date.today()} — loopback load — {machine()}\n\n`python bench/load.py "
                 f"--rate {args.rate:g} --seconds {args.seconds:g} --workers {args.workers} "
                 f"--connections {args.connections}"
                 + "".join(f" --scenario {n}" for n in args.scenario or [])
                 + (f" --page-rate {args.page_rate:g}" if args.page_rate else "") + "`\n\n"
                 + "\n".join(lines) + "\n")
        record.write_text(record.read_text(encoding="utf-8") + entry, encoding="utf-8")
        print(f"recorded in {record}")


if __name__ == "__main__":
    main()
