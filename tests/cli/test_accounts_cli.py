"""`settle accounts`: the administrator manages accounts from the command line; every change
is in the audit chain under the operating-system user, refusals exit 2 and change nothing."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from settle.audit.log import AuditEntry
from settle.cli.app import app
from settle.database import make_engine, session_factory, transaction
from settle.registry.accounts import password_matches
from settle.registry.migrate import upgrade
from settle.registry.models import Account

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


@pytest.fixture
def url(tmp_path: Path) -> str:
    target = f"sqlite:///{tmp_path / 'registry.db'}"
    upgrade(target)
    return target


def _run(url: str, *args: str, password: str | None = None) -> tuple[int, str]:
    extra = ["--password-stdin"] if password is not None else []
    result = runner.invoke(app, ["accounts", *args, *extra, "--url", url], env=WIDE,
                           input=None if password is None else password + "\n")
    return result.exit_code, result.output


def _account(url: str, username: str) -> Account:
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        account = session.execute(select(Account).where(Account.username == username)).scalar_one()
        session.expunge(account)
    engine.dispose()
    return account


def _audit(url: str) -> list[tuple[str, str, str]]:
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        rows = [(e.actor, e.action, e.subject) for e in session.execute(
            select(AuditEntry).order_by(AuditEntry.seq)).scalars()]
    engine.dispose()
    return rows


def test_an_administrator_manages_an_account_from_creation_to_unlock(url: str) -> None:
    assert _run(url, "create", "liu", "--role", "department_verifier", "--department",
                "public_security", password="a long secret")[0] == 0
    code, out = _run(url, "list", "--json")
    assert code == 0
    [row] = json.loads(out)
    assert row == {"id": 1, "username": "liu", "role": "department_verifier", "department": "public_security",
                   "person_id": None, "disabled": False, "locked": False}
    assert _run(url, "change", "liu", "--role", "bureau_officer", "--department", "")[0] == 0
    assert (_account(url, "liu").role, _account(url, "liu").department) == ("bureau_officer", None)
    assert _run(url, "change", "liu", "--disable")[0] == 0
    assert _account(url, "liu").disabled
    assert _run(url, "change", "liu", "--enable")[0] == 0
    assert _run(url, "reset-password", "liu", password="another long one")[0] == 0
    assert password_matches(_account(url, "liu").password_hash, "another long one")
    assert _run(url, "unlock", "liu")[0] == 0
    code, out = _run(url, "sign-out-everywhere", "liu")
    assert code == 0 and "0 session(s) signed out" in out
    me = f"cli:{getpass.getuser()}"
    assert [(actor, action) for actor, action, _ in _audit(url)] == [
        (me, "create_account"), (me, "change_account"), (me, "change_account"), (me, "change_account"),
        (me, "reset_password"), (me, "unlock_account"), (me, "sign_out_everywhere")]


@pytest.mark.parametrize(("args", "password", "message"), [
    (["create", "wang", "--role", "analyst"], "short", "password: at least 10 characters, got 5"),
    (["create", "wang", "--role", "king"], "a long secret", "role 'king' is not one of"),
    (["create", "wang", "--role", "applicant"], "a long secret", "an applicant account belongs to a "
                                                                 "registered person: give person_id"),
    (["change", "nobody", "--disable"], None, "no account named 'nobody'"),
    (["change", "nobody"], None, "nothing to change: give --role, --department, --disable or --enable"),
    (["unlock", "nobody"], None, "no account named 'nobody'"),
])
def test_a_refused_change_exits_2_naming_the_rule_and_writes_nothing(
        url: str, args: list[str], password: str | None, message: str) -> None:
    code, out = _run(url, *args, password=password)
    assert code == 2
    assert message in " ".join(out.split())
    assert _audit(url) == []


def test_a_username_is_taken_once(url: str) -> None:
    assert _run(url, "create", "zhao", "--role", "analyst", password="a long secret")[0] == 0
    code, out = _run(url, "create", "zhao", "--role", "analyst", password="a long secret")
    assert code == 2 and "username 'zhao' is taken" in out
