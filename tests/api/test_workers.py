"""Serving with several worker processes: reads never wait for a writer's lock, a study
started by one worker is seen by every other, and `settle serve --workers 2` answers from
two processes."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from settle.registry.migrate import upgrade
from settle.services.simulations import SimulationJobs, SimulationRequest
from settle.web.app import create_app


def test_a_page_that_only_reads_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    """Another process holds SQLite's write lock (a round being ranked, say): the home page,
    the public notice's date and the self-assessment still answer at once."""
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    upgrade(url)
    app = create_app(url)
    client = TestClient(app)
    writer = app.state.engine.connect()
    writer.begin()  # BEGIN IMMEDIATE: the write lock
    writer.execute(text("UPDATE accounts SET disabled = disabled"))
    answers: list[int] = []
    reader = threading.Thread(target=lambda: answers.append(client.get("/?lang=zh").status_code))
    try:
        reader.start()
        reader.join(timeout=10)
        assert answers == [200], "the home page waited for the writer's lock"
    finally:
        writer.rollback()
        writer.close()
        reader.join()


def test_every_worker_sees_a_study_another_worker_runs(tmp_path: Path) -> None:
    first, second = SimulationJobs(tmp_path), SimulationJobs(tmp_path)
    def no_check(request: SimulationRequest, asked_by: str = "analyst") -> None:
        """No reform files are needed here."""

    def stay_waiting(job_id: str) -> None:
        """The job is never run."""

    first.check = no_check  # type: ignore[method-assign]
    first._run = stay_waiting  # type: ignore[method-assign]
    job = first.submit(SimulationRequest(reforms=["hangzhou-insurance-weight"]), "analyst")
    seen = second.status(job.id)
    assert (seen.id, seen.state, seen.asked_by) == (job.id, "waiting", "analyst")
    assert [j.id for j in second.listing()] == [job.id]
    first._update(job.id, state="running", step="population")
    assert second.status(job.id).step == "population"
    with pytest.raises(LookupError):
        second.status("../../etc")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_settle_serve_with_two_workers_answers_from_two_processes(tmp_path: Path) -> None:
    port = _free_port()
    settle = shutil.which("settle", path=str(Path(sys.executable).parent)) or "settle"
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [settle, "serve", "--workers", "2", "--port", str(port), "--persons", "10",
             "--today", "2017-11-01", "--url", f"sqlite:///{tmp_path / 'demo.db'}"],
            cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT,
            env={**os.environ, "SETTLE_SIMULATIONS": str(tmp_path / "simulations")})
    try:
        deadline = time.monotonic() + 240
        while True:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            started = set(re.findall(r"Started server process \[(\d+)\]", log.read_text()))
            if len(started) == 2:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/openapi.json", timeout=5) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
            time.sleep(0.5)
        body = b'{"birth_date": "1985-01-01", "education": "doctorate"}'
        for _ in range(20):
            request = urllib.request.Request(f"http://127.0.0.1:{port}/packs/hangzhou-2017/score", data=body,
                                             headers={"Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=30) as answer:
                assert answer.status == 200
        assert "2 worker processes" in log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=30)
