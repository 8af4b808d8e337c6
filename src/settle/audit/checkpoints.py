"""Signed checkpoints of the audit chain's head, kept outside the database.

The hash chain shows any edit, deletion or insertion inside the log, but not the loss of its
tail: a log cut after entry 90 is a valid chain of 90 entries. A checkpoint is the last
entry's number, hash and time, signed with Ed25519 and appended as one JSON line to a file
outside the database:

    {"seq": 91, "hash": "…", "at": "2017-11-01T09:30:00.000000Z",
     "signed_at": "2017-11-01T09:30:01.250000Z", "key": "<key id>", "sig": "<base64>"}

The signature covers every field but `sig` (`payload`). `verify_checkpoints` checks each line's
signature with the public keys, and that the entry it signed is still in the log with the same
hash: a truncated tail, a rewritten log or an altered line are each named.

Files (`checkpoint_files`): the checkpoint file is SETTLE_CHECKPOINTS, else
`<db>.checkpoints.jsonl` beside a SQLite database; the private key is SETTLE_AUDIT_KEY, else
`<db>.audit-key.pem`, created on first use (see `settle.audit.keys`). A PostgreSQL registry has
no file beside it: both variables must be set.

`checkpoint_after_commit(session)` writes a checkpoint once the session's transaction has
committed (nothing if it rolls back): the round service calls it on every state transition.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import fcntl
import json
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from sqlalchemy import URL, event, func, select
from sqlalchemy.orm import Session, SessionTransaction

from settle.audit.keys import key_id, load_or_create_private_key, load_public_keys, public_key_path
from settle.audit.log import AuditEntry
from settle.database import shown_url, sqlite_file
from settle.errors import Invalid

CHECKPOINTS_VARIABLE = "SETTLE_CHECKPOINTS"
KEY_VARIABLE = "SETTLE_AUDIT_KEY"
CONTEXT = b"settle audit checkpoint v1\n"
LOG = logging.getLogger("settle.audit")
_HOOK = "settle.audit.checkpoint_hook"


class CheckpointError(Invalid):
    """The checkpoint file or key cannot be located or read."""

    code = "checkpoint"


@dataclass(frozen=True)
class CheckpointFiles:
    """Where a registry's checkpoints and signing key live."""

    checkpoints: Path
    private_key: Path

    @property
    def public_key(self) -> Path:
        return public_key_path(self.private_key)


def _beside_database(url: str | URL | None, suffix: str, variable: str, what: str) -> Path:
    database = sqlite_file(url)
    if database is None:
        raise CheckpointError(
            f"the database {shown_url(url)} is not a SQLite file, so there is no default place "
            f"for its {what}; set {variable} to a path outside the database", field=variable)
    return database.with_name(database.name + suffix)


def checkpoints_path(url: str | URL | None = None, explicit: Path | None = None) -> Path:
    """The checkpoint file: `explicit`, else SETTLE_CHECKPOINTS, else `<db>.checkpoints.jsonl`."""
    if explicit is not None:
        return explicit
    if os.environ.get(CHECKPOINTS_VARIABLE):
        return Path(os.environ[CHECKPOINTS_VARIABLE])
    return _beside_database(url, ".checkpoints.jsonl", CHECKPOINTS_VARIABLE, "audit checkpoints")


def private_key_path(url: str | URL | None = None, explicit: Path | None = None) -> Path:
    """The signing key: `explicit`, else SETTLE_AUDIT_KEY, else `<db>.audit-key.pem`."""
    if explicit is not None:
        return explicit
    if os.environ.get(KEY_VARIABLE):
        return Path(os.environ[KEY_VARIABLE])
    return _beside_database(url, ".audit-key.pem", KEY_VARIABLE, "audit signing key")


def checkpoint_files(url: str | URL | None = None, *, checkpoints: Path | None = None,
                     private_key: Path | None = None) -> CheckpointFiles:
    return CheckpointFiles(checkpoints_path(url, checkpoints), private_key_path(url, private_key))


def _session_url(session: Session) -> URL:
    return session.get_bind().engine.url


def _stamp(moment: dt.datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    signed_at: str
    key: str
    sig: str = ""

    def payload(self) -> bytes:
        """What is signed: the fields but `sig`, as sorted compact JSON, after a context line."""
        body = {"seq": self.seq, "hash": self.hash, "at": self.at, "signed_at": self.signed_at,
                "key": self.key}
        return CONTEXT + json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")

    def line(self) -> str:
        return json.dumps({"seq": self.seq, "hash": self.hash, "at": self.at,
                           "signed_at": self.signed_at, "key": self.key, "sig": self.sig},
                          separators=(",", ":")) + "\n"


def write_checkpoint(session: Session, files: CheckpointFiles | None = None, *,
                     now: dt.datetime | None = None) -> Checkpoint | None:
    """Sign the chain's last entry and append the checkpoint to the file; None (and nothing
    written) while the log is empty. The key is created on first use."""
    files = files or checkpoint_files(_session_url(session))
    last = session.execute(select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(1)).scalar()
    if last is None:
        return None
    key = load_or_create_private_key(files.private_key)
    unsigned = Checkpoint(seq=last.seq, hash=last.hash, at=_stamp(last.at),
                          signed_at=_stamp(now or dt.datetime.now(dt.UTC)),
                          key=key_id(key.public_key()))
    signed = replace(unsigned, sig=base64.b64encode(key.sign(unsigned.payload())).decode("ascii"))
    files.checkpoints.parent.mkdir(parents=True, exist_ok=True)
    with files.checkpoints.open("a", encoding="utf-8") as out:
        fcntl.flock(out.fileno(), fcntl.LOCK_EX)  # one whole line per writer
        out.write(signed.line())
        out.flush()
        os.fsync(out.fileno())
    return signed


@dataclass(frozen=True)
class CheckpointReport:
    path: Path
    lines: int
    checked: int
    chain_ends_at: int
    latest: Checkpoint | None
    failures: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.failures


def _parse(text: str) -> Checkpoint:
    data: Any = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    kinds = {"seq": int, "hash": str, "at": str, "signed_at": str, "key": str, "sig": str}
    missing = sorted(set(kinds) - set(data))
    if missing:
        raise ValueError(f"no {', '.join(missing)}")
    for name, kind in kinds.items():
        if not isinstance(data[name], kind) or isinstance(data[name], bool):
            raise ValueError(f"{name} is {data[name]!r}")
    return Checkpoint(**{name: data[name] for name in kinds})


def verify_checkpoints(session: Session, files: CheckpointFiles | Path | None = None, *,
                       public_keys: Sequence[Path] | None = None) -> CheckpointReport:
    """Check every line of the checkpoint file: its signature (with the public keys: by default
    the keyring beside the private key), and that the entry it signed still exists with the
    same hash. Every failure is named; the report counts the lines checked."""
    if isinstance(files, Path):
        path = files
        rings = list(public_keys or [])
        if not rings:
            rings = [public_key_path(private_key_path(_session_url(session)))]
    else:
        located = files or checkpoint_files(_session_url(session))
        path, rings = located.checkpoints, list(public_keys or [located.public_key])
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CheckpointError(f"the checkpoint file {path} does not exist; write one with "
                              f"`settle audit checkpoint` or set {CHECKPOINTS_VARIABLE}",
                              field="checkpoints") from None
    keys = load_public_keys(rings)
    end = session.execute(select(func.max(AuditEntry.seq))).scalar() or 0
    failures: list[str] = []
    signed: list[tuple[int, Checkpoint]] = []
    lines = [line for line in text.splitlines() if line.strip()]
    for number, line in enumerate(lines, start=1):
        try:
            checkpoint = _parse(line)
        except ValueError as exc:
            failures.append(f"checkpoint {number} is not a checkpoint line ({exc}): the file "
                            "was edited")
            continue
        public = keys.get(checkpoint.key)
        if public is None:
            failures.append(f"checkpoint {number} was signed by key {checkpoint.key}, which is not "
                            f"among the public keys of {', '.join(map(str, rings))}; pass that "
                            "key's public key with --public-key")
            continue
        try:
            public.verify(base64.b64decode(checkpoint.sig, validate=True), checkpoint.payload())
        except (InvalidSignature, binascii.Error):
            failures.append(f"checkpoint {number} has a bad signature for key {checkpoint.key}: "
                            "the line was altered after it was signed")
            continue
        signed.append((number, checkpoint))
    hashes: dict[int, str] = {}
    seqs = sorted({c.seq for _, c in signed if c.seq <= end})
    for start in range(0, len(seqs), 500):
        chunk = seqs[start:start + 500]
        rows = session.execute(select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.seq.in_(chunk)))
        hashes.update((seq, hash_) for seq, hash_ in rows)
    checked = 0
    for number, checkpoint in signed:
        if checkpoint.seq > end:
            failures.append(
                f"the chain ends at entry {end} but checkpoint {number} signed entry "
                f"{checkpoint.seq} on {checkpoint.signed_at}: entries {end + 1}-{checkpoint.seq} "
                "were deleted from the log")
        elif hashes.get(checkpoint.seq) != checkpoint.hash:
            now = hashes.get(checkpoint.seq)
            failures.append(
                f"checkpoint {number} signed entry {checkpoint.seq} with hash "
                f"{checkpoint.hash[:16]}, but the log's entry {checkpoint.seq} has hash "
                f"{(now or 'none')[:16]}: the log up to entry {checkpoint.seq} was rewritten")
        else:
            checked += 1
    latest = max((c for _, c in signed), key=lambda c: c.seq, default=None)
    return CheckpointReport(path=path, lines=len(lines), checked=checked, chain_ends_at=end,
                            latest=latest, failures=failures)


class _CheckpointHook:
    """Writes one checkpoint when the session's outermost transaction commits."""

    def __init__(self) -> None:
        self.files: CheckpointFiles | None = None
        self.committed = False

    def arm(self, files: CheckpointFiles) -> None:
        self.files = files

    def after_commit(self, _session: Session) -> None:
        self.committed = True

    def after_rollback(self, _session: Session) -> None:
        self.committed = False

    def after_transaction_end(self, session: Session, transaction: SessionTransaction) -> None:
        if transaction.parent is not None:
            return  # a savepoint or subtransaction: wait for the outermost
        files, committed = self.files, self.committed
        self.files, self.committed = None, False
        if files is None or not committed:
            return
        try:
            with Session(session.get_bind().engine) as fresh, fresh.begin():
                write_checkpoint(fresh, files)
        except Exception:
            # The transaction has committed already: a failure here must not report it failed.
            LOG.exception("the audit checkpoint could not be written to %s; the next one covers "
                          "this transition (run `settle audit checkpoint`)", files.checkpoints)


def checkpoint_after_commit(session: Session, files: CheckpointFiles | None = None) -> None:
    """Write a checkpoint of the audit chain once this session's transaction commits (nothing
    when it rolls back). Calling it again in the same transaction writes one checkpoint."""
    if files is None:
        try:
            files = checkpoint_files(_session_url(session))
        except CheckpointError as exc:
            LOG.warning("no audit checkpoint written: %s", exc.message)
            return
    hook = session.info.get(_HOOK)
    if not isinstance(hook, _CheckpointHook):
        hook = _CheckpointHook()
        session.info[_HOOK] = hook
        event.listen(session, "after_commit", hook.after_commit)
        event.listen(session, "after_rollback", hook.after_rollback)
        event.listen(session, "after_transaction_end", hook.after_transaction_end)
    hook.arm(files)
