"""`settle audit verify`, `settle audit checkpoint` and `settle audit rotate-key`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.markup import escape

from settle.cli.common import JsonOption, console, errors, fail, print_json
from settle.cli.registry import UrlOption, registry_engine
from settle.database import session_factory, transaction
from settle.errors import SettleError

if TYPE_CHECKING:
    from settle.audit.chain import ChainReport
    from settle.audit.checkpoints import Checkpoint, CheckpointFiles, CheckpointReport

T = TypeVar("T")

CheckpointsOption = Annotated[Path | None, typer.Option(
    "--checkpoints", help="Checkpoint file (default: SETTLE_CHECKPOINTS, else "
                          "<db>.checkpoints.jsonl beside a SQLite database).")]
KeyOption = Annotated[Path | None, typer.Option(
    "--key", help="Ed25519 private key (default: SETTLE_AUDIT_KEY, else <db>.audit-key.pem, "
                  "created on first use).")]
PublicKeyOption = Annotated[list[Path] | None, typer.Option(
    "--public-key", help="Public key file(s) to check the checkpoints with; repeat for keys "
                         "retired by a rotation (default: the keyring beside the private key).")]
SHOWN_FAILURES = 10


def verify(url: UrlOption = None, checkpoints: CheckpointsOption = None,
           public_key: PublicKeyOption = None, as_json: JsonOption = False) -> None:
    """Check the audit chain, and its signed checkpoints when their file exists.

    Names the first broken entry and every failed checkpoint, and exits 1 if there is one."""
    from settle.audit.chain import verify_chain
    from settle.audit.checkpoints import (
        CheckpointError,
        checkpoints_path,
        private_key_path,
        verify_checkpoints,
    )
    from settle.audit.keys import public_key_path

    engine = registry_engine(url)
    note: str | None = None
    checked: CheckpointReport | None = None
    try:
        with transaction(session_factory(engine)) as session:
            report: ChainReport = verify_chain(session)
            try:
                path = checkpoints_path(engine.url, checkpoints)
            except CheckpointError as exc:
                note = f"no checkpoints checked: {exc.message}"
                path = None
            if path is not None and not path.exists():
                if checkpoints is not None:
                    fail(f"--checkpoints: the file {path} does not exist; write one with "
                         "`settle audit checkpoint`")
                note = (f"no checkpoint file at {path}: the tail of the log is not checked "
                        "(write one with `settle audit checkpoint`)")
            elif path is not None:
                rings = public_key or [public_key_path(private_key_path(engine.url))]
                checked = verify_checkpoints(session, path, public_keys=rings)
    except SettleError as exc:
        fail(exc.message)
    finally:
        engine.dispose()
    broken = not report.intact or (checked is not None and not checked.intact)
    if as_json:
        print_json({
            "chain": {"intact": report.intact, "entries": report.entries,
                      "broken_at": report.broken_at, "reason": report.reason},
            "checkpoints": None if checked is None else {
                "file": checked.path, "intact": checked.intact, "checked": checked.checked,
                "lines": checked.lines, "latest_entry": checked.latest.seq if checked.latest else None,
                "failures": checked.failures},
            "note": note})
    else:
        _print_verified(report, checked, note)
    if broken:
        raise typer.Exit(1)


def _print_verified(report: ChainReport, checked: CheckpointReport | None, note: str | None) -> None:
    if report.intact:
        console.print(f"audit chain intact: {report.entries:,} entries")
    else:
        errors.print(f"[bold red]error:[/] audit chain broken at entry {report.broken_at}: "
                     f"{escape(report.reason or '')}", soft_wrap=True)
    if note is not None:
        console.print(escape(note))
    if checked is None:
        return
    if checked.intact:
        head = f"; the latest signs entry {checked.latest.seq}" if checked.latest else ""
        console.print(f"checkpoints intact: {checked.checked:,} checked in {checked.path}{head}")
        return
    for failure in checked.failures[:SHOWN_FAILURES]:
        errors.print(f"[bold red]error:[/] {escape(failure)}", soft_wrap=True)
    more = len(checked.failures) - SHOWN_FAILURES
    if more > 0:
        errors.print(f"... and {more:,} more failed checkpoints", soft_wrap=True)
    errors.print(f"checkpoints: {checked.checked:,} of {checked.lines:,} in {checked.path} "
                 f"hold; {len(checked.failures):,} failed", soft_wrap=True)


def _sign_head(url: str | None, checkpoints: Path | None, key: Path | None,
               prepare: Callable[[CheckpointFiles], T]) -> tuple[CheckpointFiles, T, Checkpoint | None]:
    """Find the checkpoint files, run `prepare` on them, then sign the chain's head."""
    from settle.audit.checkpoints import checkpoint_files, write_checkpoint

    engine = registry_engine(url)
    try:
        files = checkpoint_files(engine.url, checkpoints=checkpoints, private_key=key)
        prepared = prepare(files)
        with transaction(session_factory(engine)) as session:
            written = write_checkpoint(session, files)
    except SettleError as exc:
        fail(exc.message)
    finally:
        engine.dispose()
    return files, prepared, written


def checkpoint(url: UrlOption = None, checkpoints: CheckpointsOption = None,
               key: KeyOption = None) -> None:
    """Sign the audit chain's head and append it to the checkpoint file.

    Run it daily (cron), besides the checkpoints written at each round transition."""
    files, _, written = _sign_head(url, checkpoints, key, lambda _files: None)
    if written is None:
        console.print("the audit log is empty: nothing to checkpoint")
        return
    console.print(f"checkpoint of entry {written.seq} (hash {written.hash[:16]}) signed by key "
                  f"{written.key}, appended to {files.checkpoints}")


def rotate_key(url: UrlOption = None, checkpoints: CheckpointsOption = None,
               key: KeyOption = None) -> None:
    """Replace the signing key by a new one and sign a checkpoint with it.

    The old public key stays in the keyring beside the key, so older lines still verify."""
    from settle.audit.keys import rotate_key as rotate

    files, (old, new), written = _sign_head(url, checkpoints, key, lambda f: rotate(f.private_key))
    console.print(f"audit key {old or '(none)'} replaced by {new} in {files.private_key}; the "
                  f"public keys of both are in {files.public_key}")
    if written is not None:
        console.print(f"checkpoint of entry {written.seq} signed by the new key, appended to "
                      f"{files.checkpoints}")
