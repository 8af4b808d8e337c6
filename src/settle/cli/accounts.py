"""`settle accounts`: the administrator's account management from the command line — list,
create, change the role or department, disable and enable, reset a password, unlock after
failed sign-ins, sign out everywhere. Every change is written to the audit chain with the
operating-system user as the actor (`cli:<user>`), as the API writes the administrator's name.

Passwords are never options (they would stay in the shell's history and the process list):
they are asked for twice at a prompt, or read from standard input with --password-stdin.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.markup import escape
from rich.table import Table

from settle.cli.common import JsonOption, console, fail, print_json
from settle.cli.registry import UrlOption, registry_engine
from settle.database import session_factory, transaction
from settle.errors import SettleError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from settle.registry.models import Account

accounts_app = typer.Typer(help="Accounts of the registry: list, create, change, disable, reset, unlock.",
                           no_args_is_help=True)

T = TypeVar("T")
Username = Annotated[str, typer.Argument(help="The account's username.")]
PasswordStdin = Annotated[bool, typer.Option(
    "--password-stdin", help="Read the password from standard input (one line) instead of a prompt.")]


def actor() -> str:
    """Who the audit chain names for a change made here."""
    return f"cli:{getpass.getuser()}"


def _in_registry(url: str | None, work: Callable[[Session], T]) -> T:
    """Run `work` in one transaction on the existing registry; a refusal exits 2 with its
    message and changes nothing."""
    engine = registry_engine(url)
    try:
        with transaction(session_factory(engine)) as session:
            return work(session)
    except SettleError as exc:
        fail(exc.message)
    finally:
        engine.dispose()


def _named(session: Session, username: str) -> Account:
    from sqlalchemy import select

    from settle.errors import NotFound
    from settle.registry.models import Account

    found = session.execute(select(Account).where(Account.username == username)).scalar()
    if found is None:
        raise NotFound(f"no account named {username!r}; `settle accounts list` shows them",
                       field="username")
    return found


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("new password", hide_input=True)
    if typer.prompt("the same again", hide_input=True) != first:
        fail("the two passwords differ; nothing was changed")
    return str(first)


def _row(account: Account) -> dict[str, object]:
    from settle.registry.authentication import is_locked

    return {"id": account.id, "username": account.username, "role": account.role,
            "department": account.department, "person_id": account.person_id,
            "disabled": account.disabled, "locked": is_locked(account)}


def _print(rows: list[dict[str, object]], as_json: bool) -> None:
    if as_json:
        print_json(rows)
        return
    table = Table()
    for name in ("id", "username", "role", "department", "person", "state"):
        table.add_column(name, overflow="fold")  # a name cut short could not be typed back
    for row in rows:
        state = "disabled" if row["disabled"] else "locked" if row["locked"] else "active"
        table.add_row(str(row["id"]), escape(str(row["username"])), str(row["role"]),
                      escape(str(row["department"] or "")), str(row["person_id"] or ""), state)
    console.print(table)


@accounts_app.command("list")
def list_(url: UrlOption = None, as_json: JsonOption = False) -> None:
    """Every account, oldest first, with its role, department and state."""
    from settle.registry.accounts import list_accounts

    _print(_in_registry(url, lambda s: [_row(a) for a in list_accounts(session=s)]), as_json)


@accounts_app.command("create")
def create(username: Username,
           role: Annotated[str, typer.Option(help="administrator, window_clerk, department_verifier, "
                                                  "bureau_officer, analyst, applicant or "
                                                  "organization.")],
           department: Annotated[str | None, typer.Option(
               help="The department of a department verifier.")] = None,
           person: Annotated[int | None, typer.Option(
               help="The registered person an applicant account belongs to.")] = None,
           organization: Annotated[int | None, typer.Option(
               help="The registered organization an organization account belongs to.")] = None,
           password_stdin: PasswordStdin = False, url: UrlOption = None, as_json: JsonOption = False) -> None:
    """Create an account (the password asked for twice, at least 10 characters)."""
    from settle.registry.accounts import open_account

    password = _password(password_stdin)
    row = _in_registry(url, lambda s: _row(open_account(
        session=s, actor=actor(), username=username, password=password, role=role,
        department=department, person_id=person, organization_id=organization)))
    _print([row], as_json)


@accounts_app.command("change")
def change(username: Username,
           role: Annotated[str | None, typer.Option(help="The new role.")] = None,
           department: Annotated[str | None, typer.Option(
               help="The new department ('' to clear it).")] = None,
           disable: Annotated[bool | None, typer.Option(
               "--disable/--enable", help="Disable (signs out everywhere) or enable the account.")] = None,
           url: UrlOption = None, as_json: JsonOption = False) -> None:
    """Change the role or department, or disable / enable the account."""
    from settle.registry.accounts import change_account

    if role is None and department is None and disable is None:
        fail("nothing to change: give --role, --department, --disable or --enable")
    row = _in_registry(url, lambda s: _row(change_account(
        session=s, actor=actor(), account_id=_named(s, username).id, role=role,
        department=department, disabled=disable)))
    _print([row], as_json)


@accounts_app.command("reset-password")
def reset_password(username: Username, password_stdin: PasswordStdin = False, url: UrlOption = None) -> None:
    """Set a new password to hand over in person; signs the account out everywhere."""
    from settle.registry.accounts import reset_password as reset

    password = _password(password_stdin)
    _in_registry(url, lambda s: reset(session=s, actor=actor(), account_id=_named(s, username).id,
                                      password=password))
    console.print(f"new password set for {escape(username)}; every session of it is signed out")


@accounts_app.command("unlock")
def unlock(username: Username, url: UrlOption = None) -> None:
    """Lift the lock that failed sign-ins put on the account."""
    from settle.registry.accounts import unlock as lift

    _in_registry(url, lambda s: lift(session=s, actor=actor(), account_id=_named(s, username).id))
    console.print(f"{escape(username)} may sign in again")


@accounts_app.command("sign-out-everywhere")
def sign_out_everywhere(username: Username, url: UrlOption = None) -> None:
    """Revoke every token of the account."""
    from settle.registry.accounts import sign_out_everywhere as revoke

    revoked = _in_registry(url, lambda s: revoke(session=s, actor=actor(), account_id=_named(s, username).id))
    console.print(f"{escape(username)}: {revoked} session(s) signed out")


def register(app: typer.Typer) -> None:
    app.add_typer(accounts_app, name="accounts")
