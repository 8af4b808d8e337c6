"""`settle db upgrade` and `settle serve`; the `db` and `audit` groups, with `settle db
backup|restore` (settle.cli.backups) and `settle audit verify|checkpoint|rotate-key`
(settle.cli.audit).

Every command opens the same registry by default: --url, else SETTLE_DATABASE_URL, else the
demo database sqlite:///settle-demo.db (`settle.database.database_url`).
"""

from __future__ import annotations

import logging
import os
from typing import Annotated

import typer

from settle.cli import audit, backups
from settle.cli.common import console, date_of
from settle.cli.registry import UrlOption
from settle.database import database_url, make_engine, session_factory, transaction
from settle.registry.migrate import current_revision, head_revision, upgrade

db_app = typer.Typer(help="The registry database (SQLite by default, PostgreSQL supported).",
                     no_args_is_help=True)
audit_app = typer.Typer(help="The hash-chained audit log and its signed checkpoints.",
                        no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(url: UrlOption = None) -> None:
    """Create or migrate the database to the latest schema."""
    before = current_revision(url)
    after = upgrade(url)
    console.print(f"{database_url(url)}: {before or 'empty'} -> {after} (head {head_revision()})")


def serve(
    url: UrlOption = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    today: Annotated[str | None, typer.Option(
        help="Run as if on this date (YYYY-MM-DD); by default a demo city runs at its stored date "
             "(2017-11-01 when new) and a real registry at today's.")] = None,
    persons: Annotated[int, typer.Option(min=10, help="Migrants in a new demo city.")] = 2000,
    workers: Annotated[int, typer.Option(
        min=1, max=64, help="Worker processes (one per core serves the most requests); they share "
                            "the database, the simulation jobs and the signed-in sessions.")] = 1,
) -> None:
    """Serve the API; an empty database is migrated and loaded with a demo city first."""
    import uvicorn
    from sqlalchemy import select

    from settle.api.access_log import AccessLog
    from settle.demo.city import DEMO_PASSWORD, seed_demo_city
    from settle.registry.clock import demo_today
    from settle.registry.models import Account
    from settle.web.app import SERVE_TODAY, SERVE_URL, create_app

    target = database_url(url)
    upgrade(target)
    engine = make_engine(target)
    factory = session_factory(engine)
    with transaction(factory) as session:
        empty = session.execute(select(Account.id).limit(1)).first() is None
    day = date_of(today)
    if empty:
        console.print(f"loading a demo city of {persons:,} migrants into {database_url(target)} ...")
        with transaction(factory) as session:
            seed_demo_city(session=session, persons=persons)
        console.print(f"accounts: admin, clerk, officer, analyst, verifier-<department>; "
                      f"password {DEMO_PASSWORD!r}")
    with transaction(factory) as session:
        stored = demo_today(session)
    if day is not None:
        console.print(f"running as on {day} (--today)")
    elif stored is not None:
        console.print(f"demo city: running as on {stored}, its stored date; staff move it "
                      "forward on the round page")
    engine.dispose()
    console.print(f"API docs: http://{host}:{port}/docs")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if workers == 1:
        uvicorn.run(AccessLog(create_app(target, today=day)), host=host, port=port, log_level="info",
                    access_log=False)
        return
    os.environ[SERVE_URL] = target
    if day is not None:
        os.environ[SERVE_TODAY] = day.isoformat()
    console.print(f"{workers} worker processes")
    # a worker answers the supervisor's health check only once it has imported Settle; on a
    # busy machine that takes longer than uvicorn's 5 seconds, which would restart it forever
    uvicorn.run("settle.web.app:served_app", factory=True, workers=workers, host=host, port=port,
                log_level="info", access_log=False, timeout_worker_healthcheck=120)


def register(app: typer.Typer) -> None:
    db_app.command("backup")(backups.backup)
    db_app.command("restore")(backups.restore)
    audit_app.command("verify")(audit.verify)
    audit_app.command("checkpoint")(audit.checkpoint)
    audit_app.command("rotate-key")(audit.rotate_key)
    app.add_typer(db_app, name="db")
    app.add_typer(audit_app, name="audit")
    app.command("serve")(serve)

