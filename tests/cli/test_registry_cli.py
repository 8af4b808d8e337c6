"""Every command that opens the registry opens the same one by default, and a missing or
foreign database is a clear error, never a new empty file or a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from settle.cli.app import app

runner = CliRunner()
WIDE = {"COLUMNS": "300"}


@pytest.fixture(autouse=True)
def _in_an_empty_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("SETTLE_DATABASE_URL", "SETTLE_CHECKPOINTS", "SETTLE_AUDIT_KEY"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("command", [["audit", "verify"], ["audit", "checkpoint"],
                                     ["db", "backup", "backup.db"]])
def test_a_missing_database_is_named_with_the_commands_that_create_it(
        command: list[str], tmp_path: Path) -> None:
    result = runner.invoke(app, command, env=WIDE)
    assert result.exit_code == 2, result.output
    assert f"the SQLite database {tmp_path / 'settle-demo.db'} does not exist" in result.output
    assert "`settle serve`" in result.output and "`settle db upgrade`" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []  # no empty file left behind


def test_a_database_without_the_audit_table_is_not_taken_for_a_registry(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
    connection.close()
    result = runner.invoke(app, ["audit", "verify", "--url", f"sqlite:///{other}"], env=WIDE)
    assert result.exit_code == 2, result.output
    assert f"the database sqlite:///{other} has no audit_log table" in result.output
    assert f"`settle db upgrade --url sqlite:///{other}`" in result.output


def test_audit_verify_reads_the_database_settle_serve_wrote(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    served: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda application, **_: served.append(application))
    monkeypatch.setattr("logging.basicConfig", lambda **_: None)

    def tiny_city(*, session: Any, persons: int) -> None:
        from settle.audit.chain import record

        record(session, "officer", "open_round", "round/1", "settlement workflow")

    monkeypatch.setattr("settle.demo.city.seed_demo_city", tiny_city)
    result = runner.invoke(app, ["serve"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert served and (tmp_path / "settle-demo.db").is_file()
    result = runner.invoke(app, ["audit", "verify"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 1 entries" in result.output
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".db") == ["settle-demo.db"]


def test_db_upgrade_and_audit_verify_share_the_environment_url(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SETTLE_DATABASE_URL", f"sqlite:///{tmp_path / 'registry.db'}")
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(app, ["audit", "verify"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "audit chain intact: 0 entries" in result.output
    assert "no checkpoint file at" in result.output
    assert not (tmp_path / "settle-demo.db").exists()
