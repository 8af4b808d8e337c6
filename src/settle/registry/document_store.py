"""Uploaded documents' bytes, stored once under their SHA-256 in the registry's data
directory (settle.registry.data_directory), never in the database:

    <data directory>/documents/<first two hex digits>/<sha256>

A file is written to a temporary name in the same folder, flushed and renamed into place,
so a reader never sees half a file; content already stored is not written again. Files are
mode 0600 (they hold personal data), their folders 0700. Reading checks the hash again, so
a file changed on disk is refused rather than served.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from settle.errors import Invalid, NotFound

FOLDER = "documents"


class DamagedDocument(Invalid):
    """A stored document whose bytes no longer match the hash it is stored under."""

    code = "damaged_document"


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def blob_path(data_directory: Path, sha256: str) -> Path:
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise Invalid(f"sha256 = {sha256[:70]!r}: 64 lowercase hex digits are needed", field="sha256")
    return data_directory / FOLDER / sha256[:2] / sha256


def store(data_directory: Path, content: bytes) -> tuple[str, bool]:
    """Store `content` under its SHA-256; returns the hash and whether it was new."""
    sha256 = content_hash(content)
    path = blob_path(data_directory, sha256)
    if path.is_file():
        return sha256, False
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return sha256, True


def load(data_directory: Path, sha256: str) -> bytes:
    """The stored bytes of `sha256`; NotFound when missing, DamagedDocument when changed."""
    path = blob_path(data_directory, sha256)
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"the document {sha256} is not in {data_directory / FOLDER}: restore the data "
                       "directory from its backup", field="sha256") from None
    if content_hash(content) != sha256:
        raise DamagedDocument(f"the stored document {path} no longer matches its SHA-256 {sha256}: "
                              "restore it from the data directory's backup", field="sha256")
    return content
