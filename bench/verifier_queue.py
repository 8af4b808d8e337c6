"""How long the largest department's verification queue takes to load on a fresh demo city
(the `settle serve` default: 2,000 migrants, 150 applications), through the real app.

    python bench/verifier_queue.py [--repeats 20]

Prints the department, its number of pending tasks and the median and p95 of the page's
response time (the page: query, audit entry, rendering), and the JSON API's for comparison.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from settle.database import transaction
from settle.demo.city import seed_demo_city
from settle.registry.migrate import upgrade
from settle.registry.models import EvidenceItem
from settle.web.app import create_app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"
    upgrade(url)
    app = create_app(url)
    with transaction(app.state.sessions) as session:
        seed_demo_city(session=session)
        department, tasks = session.execute(
            select(EvidenceItem.department, func.count()).group_by(EvidenceItem.department)
            .order_by(func.count().desc())).first()  # type: ignore[misc]
    client = TestClient(app)
    client.post("/login", data={"username": f"verifier-{department}", "password": "demo"})
    token = client.post("/auth/token", json={"username": f"verifier-{department}", "password": "demo"}).json()
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    calls = (("page /staff/tasks", lambda: client.get("/staff/tasks?lang=zh")),
             ("API  /verification/tasks", lambda: client.get("/verification/tasks", headers=bearer)))
    for label, call in calls:
        call()
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            response = call()
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times.sort()
        print(f"{label}: {department}, {tasks} tasks, {len(response.content) / 1024:.0f} KiB; "
              f"median {statistics.median(times):.0f} ms, p95 {times[int(len(times) * 0.95) - 1]:.0f} ms")
    browser_load(app, f"verifier-{department}", args.repeats)


def browser_load(app: object, username: str, repeats: int) -> None:
    """The page as the verifier gets it: Chromium on a live server, from navigation to the
    load event, and the number of tab stops."""
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    config = uvicorn.Config(app, host="127.0.0.1", port=8765, log_level="warning")  # type: ignore[arg-type]
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = "http://127.0.0.1:8765"
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=flags)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(f"{base}/login")
        page.fill("#username", username)
        page.fill("#password", "demo")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            page.goto(f"{base}/staff/tasks?lang=zh", wait_until="load")
            times.append((time.perf_counter() - started) * 1000)
        stops = page.evaluate("document.querySelectorAll('a, button, input, select, textarea').length")
        height = page.evaluate("document.documentElement.scrollHeight")
        browser.close()
    server.should_exit = True
    times.sort()
    print(f"browser /staff/tasks (Chromium, to load): median {statistics.median(times):.0f} ms, "
          f"p95 {times[int(len(times) * 0.95) - 1]:.0f} ms; {stops} focusable controls, {height} px tall")


if __name__ == "__main__":
    main()
