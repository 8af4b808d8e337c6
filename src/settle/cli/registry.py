"""Opening the registry from the command line: the `--url` option every command shares, and
an engine on a registry that must exist already (a clear error, never a new empty file)."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import Engine

from settle.cli.common import fail
from settle.database import DEFAULT_URL, URL_VARIABLE, open_existing
from settle.errors import SettleError

UrlOption = Annotated[str | None, typer.Option(
    "--url", help=f"SQLAlchemy URL (default: {URL_VARIABLE}, else the demo database {DEFAULT_URL}, "
                  "the one `settle serve` fills).")]


def registry_engine(url: str | None) -> Engine:
    """An engine on the existing registry at `url`; exits 2 naming what is missing."""
    try:
        return open_existing(url)
    except SettleError as exc:
        fail(exc.message)
