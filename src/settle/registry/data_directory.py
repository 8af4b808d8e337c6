"""The registry's data directory: files that belong to the registry but not in its database
(uploaded documents, the development outbox of notices).

SETTLE_DATA_DIR, else `<db>.files/` beside a SQLite database, as the audit checkpoints and
signing key sit beside it (settle.audit.checkpoints). A PostgreSQL registry has no file to
sit beside, so it needs SETTLE_DATA_DIR, and the refusal names the variable.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import URL
from sqlalchemy.orm import Session

from settle.database import shown_url, sqlite_file
from settle.errors import Invalid

DATA_DIR_VARIABLE = "SETTLE_DATA_DIR"
SUFFIX = ".files"


class NoDataDirectory(Invalid):
    """A registry without a place for its files (not SQLite, SETTLE_DATA_DIR unset)."""

    code = "no_data_directory"


def data_directory(url: str | URL | None = None) -> Path:
    """SETTLE_DATA_DIR, else `<db>.files` beside the SQLite database of `url`."""
    if os.environ.get(DATA_DIR_VARIABLE):
        return Path(os.environ[DATA_DIR_VARIABLE]).expanduser()
    database = sqlite_file(url)
    if database is None:
        raise NoDataDirectory(
            f"the database {shown_url(url)} is not a SQLite file, so there is no default place for "
            f"its uploaded documents and outbox; set {DATA_DIR_VARIABLE} to a folder outside the "
            "database", field=DATA_DIR_VARIABLE)
    return database.with_name(database.name + SUFFIX)


def data_directory_of(session: Session) -> Path:
    """The data directory of the registry `session` is bound to."""
    return data_directory(session.get_bind().engine.url)
