"""The Ed25519 key pair that signs the audit checkpoints: created private, rotated with the old
public keys kept, and every unusable key file refused with what to do."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from settle.audit.keys import (
    AuditKeyError,
    key_id,
    load_or_create_private_key,
    load_private_key,
    load_public_keys,
    public_key_path,
    rotate_key,
)


def test_the_public_keys_sit_beside_the_private_key_with_pub_before_pem(tmp_path: Path) -> None:
    assert public_key_path(tmp_path / "audit-key.pem") == tmp_path / "audit-key.pub.pem"
    assert public_key_path(tmp_path / "signing") == tmp_path / "signing.pub.pem"


def test_a_missing_key_is_created_readable_by_its_owner_only_with_its_public_key(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "audit-key.pem"
    key = load_or_create_private_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(load_public_keys([public_key_path(path)])) == [key_id(key.public_key())]
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".partial")]


def test_loading_the_key_again_gives_the_same_key_and_keeps_one_public_key(tmp_path: Path) -> None:
    path = tmp_path / "audit-key.pem"
    first = load_or_create_private_key(path)
    again = load_or_create_private_key(path)
    assert key_id(first.public_key()) == key_id(again.public_key())
    assert len(load_public_keys([public_key_path(path)])) == 1


def test_a_key_id_is_sixteen_hex_digits_of_the_public_key(tmp_path: Path) -> None:
    key = load_or_create_private_key(tmp_path / "audit-key.pem")
    ident = key_id(key.public_key())
    assert len(ident) == 16 and int(ident, 16) >= 0


def test_rotating_replaces_the_private_key_and_keeps_every_public_key(tmp_path: Path) -> None:
    path = tmp_path / "audit-key.pem"
    first = key_id(load_or_create_private_key(path).public_key())
    old, new = rotate_key(path)
    assert old == first and new != first
    assert key_id(load_private_key(path).public_key()) == new
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert set(load_public_keys([public_key_path(path)])) == {first, new}


def test_rotating_where_there_is_no_key_yet_creates_one(tmp_path: Path) -> None:
    old, new = rotate_key(tmp_path / "audit-key.pem")
    assert old is None
    assert list(load_public_keys([tmp_path / "audit-key.pub.pem"])) == [new]


def test_a_missing_key_file_is_refused_naming_the_variable(tmp_path: Path) -> None:
    with pytest.raises(AuditKeyError, match="does not exist; set SETTLE_AUDIT_KEY"):
        load_private_key(tmp_path / "nowhere.pem")


def test_a_key_others_may_read_is_refused_with_the_chmod_that_fixes_it(tmp_path: Path) -> None:
    path = tmp_path / "audit-key.pem"
    load_or_create_private_key(path)
    path.chmod(0o644)
    with pytest.raises(AuditKeyError, match=r"mode 0644.*chmod 600"):
        load_private_key(path)


def test_a_file_that_is_not_a_pem_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "audit-key.pem"
    path.write_text("not a key\n", encoding="utf-8")
    path.chmod(0o600)
    with pytest.raises(AuditKeyError, match="not an unencrypted PEM private key"):
        load_private_key(path)


def test_a_key_of_another_algorithm_is_refused_naming_it(tmp_path: Path) -> None:
    other = ec.generate_private_key(ec.SECP256R1())
    path = tmp_path / "audit-key.pem"
    path.write_bytes(other.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()))
    path.chmod(0o600)
    with pytest.raises(AuditKeyError, match="not an Ed25519 key"):
        load_private_key(path)
    public = tmp_path / "other.pub.pem"
    public.write_bytes(other.public_key().public_bytes(serialization.Encoding.PEM,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo))
    with pytest.raises(AuditKeyError, match="not an Ed25519 key"):
        load_public_keys([public])


def test_a_public_key_file_without_a_pem_block_or_missing_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pub.pem"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(AuditKeyError, match="holds no PEM public key"):
        load_public_keys([empty])
    with pytest.raises(AuditKeyError, match="--public-key"):
        load_public_keys([tmp_path / "missing.pub.pem"])


def test_a_keyring_of_several_files_knows_every_key(tmp_path: Path) -> None:
    one = load_or_create_private_key(tmp_path / "one.pem")
    two = load_or_create_private_key(tmp_path / "two.pem")
    keys = load_public_keys([tmp_path / "one.pub.pem", tmp_path / "two.pub.pem"])
    assert set(keys) == {key_id(one.public_key()), key_id(two.public_key())}
