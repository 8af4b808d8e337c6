"""The Ed25519 key pair that signs the audit checkpoints.

The private key is a PEM file readable by its owner only (0600); it is created on first use.
Its public keys sit beside it in `<name>.pub.pem` (`audit-key.pem` -> `audit-key.pub.pem`): a
keyring of one or more PEM public keys, the current one last. Rotating the key appends the
new public key and keeps the old ones, so lines signed before the rotation still verify. Each
key is known by its id, the first 16 hex digits of the SHA-256 of its raw 32 bytes; every
checkpoint line names the id of the key that signed it.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from settle.errors import Invalid

PUBLIC_PEM = re.compile(rb"-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----\s*", re.DOTALL)


class AuditKeyError(Invalid):
    """A key file that is missing, unreadable, too widely readable or not an Ed25519 key."""

    code = "audit_key"


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def public_key_path(private_key: Path) -> Path:
    """Where the public keys of a private key file live: `x.pem` -> `x.pub.pem`."""
    name = private_key.name
    stem = name[: -len(".pem")] if name.endswith(".pem") else name
    return private_key.with_name(f"{stem}.pub.pem")


def _public_pem(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.PEM,
                                   serialization.PublicFormat.SubjectPublicKeyInfo)


def _private_pem(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())


def _write_private(path: Path, key: Ed25519PrivateKey) -> Path:
    """A new file beside `path`, mode 0600 from its creation, holding the key; returns its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(_private_pem(key))
        out.flush()
        os.fsync(out.fileno())
    return partial


def _add_to_keyring(private_key: Path, public_key: Ed25519PublicKey) -> None:
    ring = public_key_path(private_key)
    known = load_public_keys([ring]) if ring.exists() else {}
    if key_id(public_key) in known:
        return
    ring.parent.mkdir(parents=True, exist_ok=True)  # a key in a folder not made yet
    with ring.open("ab") as out:
        out.write(_public_pem(public_key))


def load_private_key(path: Path) -> Ed25519PrivateKey:
    """The private key at `path`; refused when others may read it."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        data = path.read_bytes()
    except FileNotFoundError:
        raise AuditKeyError(f"the audit key {path} does not exist; set SETTLE_AUDIT_KEY to the "
                            "key file, or leave it unset to create one beside the database",
                            field="key") from None
    except OSError as exc:
        raise AuditKeyError(f"the audit key {path} cannot be read ({exc.strerror}); run as the "
                            "user that owns it", field="key") from None
    if mode & 0o077:
        raise AuditKeyError(f"the audit key {path} may be read by others (mode {mode:04o}); "
                            f"make it private with `chmod 600 {path}`", field="key")
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise AuditKeyError(f"the audit key {path} is not an unencrypted PEM private key ({exc}); "
                            "point SETTLE_AUDIT_KEY at the Ed25519 key file", field="key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyError(f"the audit key {path} is a {type(key).__name__}, not an Ed25519 key; "
                            "point SETTLE_AUDIT_KEY at the Ed25519 key file", field="key")
    return key


def load_or_create_private_key(path: Path) -> Ed25519PrivateKey:
    """The private key at `path`, created (0600, public key added to the keyring) when absent.
    Two processes creating it at once end with the same key: the second one's is discarded."""
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        _add_to_keyring(path, key.public_key())
        partial = _write_private(path, key)
        try:
            os.link(partial, path)  # fails if another process created it meanwhile
        except FileExistsError:
            pass
        finally:
            partial.unlink()
    key = load_private_key(path)
    _add_to_keyring(path, key.public_key())
    return key


def rotate_key(path: Path) -> tuple[str | None, str]:
    """Replace the private key at `path` by a new one; the new public key is appended to the
    keyring and the old ones stay there. Returns the old key's id (None if there was none) and
    the new one's."""
    old = key_id(load_private_key(path).public_key()) if path.exists() else None
    key = Ed25519PrivateKey.generate()
    _add_to_keyring(path, key.public_key())
    os.replace(_write_private(path, key), path)
    return old, key_id(key.public_key())


def load_public_keys(paths: Iterable[Path]) -> dict[str, Ed25519PublicKey]:
    """Every public key in the files, by id; a file may hold several PEM blocks."""
    keys: dict[str, Ed25519PublicKey] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise AuditKeyError(f"the public key file {path} does not exist; pass the audit "
                                "key's public key with --public-key", field="public_key") from None
        blocks = PUBLIC_PEM.findall(data)
        if not blocks:
            raise AuditKeyError(f"the public key file {path} holds no PEM public key; pass the "
                                "audit key's `.pub.pem` file", field="public_key")
        for block in blocks:
            try:
                key = serialization.load_pem_public_key(block)
            except (ValueError, UnsupportedAlgorithm) as exc:
                raise AuditKeyError(f"the public key file {path} holds a key that cannot be read "
                                    f"({exc})", field="public_key") from None
            if not isinstance(key, Ed25519PublicKey):
                raise AuditKeyError(f"the public key file {path} holds a {type(key).__name__}, "
                                    "not an Ed25519 key", field="public_key")
            keys[key_id(key)] = key
    return keys
