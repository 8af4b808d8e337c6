"""`settle db backup PATH` and `settle db restore PATH`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from settle.cli.common import console, fail
from settle.cli.registry import UrlOption
from settle.errors import SettleError

PathArgument = Annotated[Path, typer.Argument(
    help="The backup file: a SQLite database, or a pg_dump archive in custom format.")]


def backup(path: PathArgument, url: UrlOption = None, force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing backup file.")] = False) -> None:
    """Back up the registry to PATH while it keeps running.

    SQLite: the online backup API; PostgreSQL: pg_dump in custom format. The uploaded
    documents of the data directory go beside it, in PATH.documents.tar."""
    from settle.registry.backups import backup as write_backup
    from settle.registry.backups import documents_archive

    try:
        written = write_backup(path, url, force=force)
    except SettleError as exc:
        fail(exc.message)
    console.print(f"backed up to {written} ({written.stat().st_size:,} bytes)")
    documents = documents_archive(written)
    if documents.is_file():
        console.print(f"uploaded documents archived beside it in {documents}")


def restore(path: PathArgument, url: UrlOption = None, force: Annotated[bool, typer.Option(
        "--force", help="Replace the content of a database that is not empty.")] = False) -> None:
    """Restore the registry from PATH into an empty database (any with --force).

    The documents archived beside PATH go into the target's data directory. Then checks the
    audit chain and counts persons, applications, audit entries and documents."""
    from settle.registry.backups import restore as read_backup

    try:
        report = read_backup(path, url, force=force)
    except SettleError as exc:
        fail(exc.message)
    console.print(f"restored {path} into {report.url}: {report.persons:,} persons, "
                  f"{report.applications:,} applications, {report.audit_entries:,} audit entries, "
                  f"{report.documents:,} documents ({report.document_files:,} files restored)")
    if not report.chain.intact:
        fail(f"the restored audit chain is broken at entry {report.chain.broken_at}: "
             f"{report.chain.reason}", code=1)
    console.print(f"audit chain intact: {report.chain.entries:,} entries; run `settle audit "
                  "verify` to check it against the checkpoints")
