"""Pytest plugin: a real PostgreSQL database for the tests marked ``postgres``.

``postgres_url`` is the SQLAlchemy URL of the test database: ``SETTLE_TEST_POSTGRES_URL`` when it
is set, otherwise the local server of ``scripts/postgres-test-server.sh``, started once per
session (``make test`` has already started it; starting it again does nothing). When no server
can be had the fixture fails, never skips: the database tests must run in CI.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

URL_VARIABLE = "SETTLE_TEST_POSTGRES_URL"
ROOT = Path(__file__).resolve().parent.parent
SERVER_SCRIPT = ROOT / "scripts" / "postgres-test-server.sh"
# Starting may install Debian's postgresql package first.
START_TIMEOUT_SECONDS = 900


def _run_server_script(command: str, timeout: float) -> str:
    """Run one subcommand of the server script and return its standard output."""
    try:
        done = subprocess.run(
            ["bash", str(SERVER_SCRIPT), command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.fail(f"could not run {SERVER_SCRIPT.name} {command}: {error}", pytrace=False)
    if done.returncode != 0:
        pytest.fail(
            f"{SERVER_SCRIPT.name} {command} failed with exit code {done.returncode}; "
            "the PostgreSQL test server is not available.\n"
            f"--- its output ---\n{done.stdout}{done.stderr}",
            pytrace=False,
        )
    return done.stdout.strip()


def _check_connection(url: str) -> None:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            answer = connection.execute(text("SELECT 1")).scalar_one()
    except Exception as error:
        pytest.fail(f"cannot query the PostgreSQL test database at {url}: {error}", pytrace=False)
    finally:
        engine.dispose()
    if answer != 1:
        pytest.fail(f"the PostgreSQL test database at {url} answered {answer!r} to SELECT 1", pytrace=False)


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The SQLAlchemy URL of a PostgreSQL database the tests may use, checked to answer."""
    url = os.environ.get(URL_VARIABLE, "").strip()
    if not url:
        _run_server_script("start", START_TIMEOUT_SECONDS)
        url = _run_server_script("url", 60)
    _check_connection(url)
    return url


@pytest.fixture(scope="session")
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    """An engine on the test database, shared by the session and disposed of at its end."""
    engine = create_engine(postgres_url)
    yield engine
    engine.dispose()
