"""Shared pieces of the CLI: the console, pack lookup, reading facts files, JSON, exits.

Wherever a command takes a pack (`--pack`, or the argument of `show` and `test`), the value
is a pack id (hangzhou-2017), a jurisdiction (hangzhou: the pack in force on --as-of) or a
pack folder written as a path (./my-pack, ../packs/beijing-2024, /abs/path). `--policies
DIR` adds a folder of packs beside the shipped ones (docs/authoring.md).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from settle.i18n import Lang
from settle.packs import PackError, default_catalogue
from settle.packs.catalogue import (
    PolicyFolderError,
    UnknownPack,
    extra_policies,
    is_pack_path,
    load_pack_folder,
    use_policies,
)
from settle.packs.pack import Pack
from settle.packs.yaml_source import YamlDocument, YamlSyntaxError

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

LangOption = Annotated[str, typer.Option("--lang", "-l", help="Language: en or zh.")]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Evaluation date YYYY-MM-DD (default: the pack's own)."),
]


PackOption = Annotated[str, typer.Option(
    "--pack", "-p", metavar="PACK", help="Pack id, jurisdiction, or pack folder as a path (./my-pack).")]
PoliciesOption = Annotated[list[Path] | None, typer.Option(
    "--policies", metavar="DIR", help="A folder of packs (or one pack folder) to add beside the shipped "
                       "ones; repeatable (also SETTLE_EXTRA_POLICIES).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")]


def fail(message: str, code: int = 2) -> NoReturn:
    errors.print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    raise typer.Exit(code)


def lang_of(value: str) -> Lang:
    if value not in ("en", "zh"):
        fail(f"--lang must be en or zh, not {value!r}")
    return "zh" if value == "zh" else "en"


def date_of(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date written YYYY-MM-DD, not {value!r}")


def add_policies(folders: list[Path] | None, *, replace: bool = False) -> None:
    """Add the --policies folders (and check SETTLE_EXTRA_POLICIES'); exits naming a bad one."""
    try:
        use_policies(folders or [], replace=replace)
        extra_policies()
    except PolicyFolderError as exc:
        fail(str(exc))


def pack_of(name: str, on: dt.date | None = None) -> Pack:
    """The pack by id, the pack of a jurisdiction in force on `on`, or the pack folder `name`
    written as a path; exits on error."""
    try:
        if is_pack_path(name):
            return load_pack_folder(name)
        return default_catalogue().resolve(name, on)
    except (UnknownPack, PackError) as exc:
        fail(str(exc))


def all_packs() -> list[Pack]:
    """Every pack of the catalogue; exits naming the first invalid one."""
    try:
        return default_catalogue().all()
    except PackError as exc:
        fail(f"{exc}\n(`settle packs` lists every problem of every pack)")


def json_default(value: object) -> str:
    if isinstance(value, (Decimal, dt.date)):
        return str(value)
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_json(data: object) -> None:
    """`data` as indented JSON on stdout, never wrapped or styled (safe in a pipe)."""
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=json_default))


def read_facts(path: str) -> dict[str, Any]:
    """A facts document from a JSON or YAML file ('-' reads JSON from stdin)."""
    try:
        if path == "-":
            data = json.loads(sys.stdin.read(), parse_float=Decimal)
        elif path.endswith((".yaml", ".yml")):
            data = YamlDocument(Path(path)).data
        else:
            data = json.loads(Path(path).read_text(encoding="utf-8"), parse_float=Decimal)
    except FileNotFoundError:
        fail(f"facts file {path!r} does not exist")
    except json.JSONDecodeError as exc:
        fail(f"facts file {path!r} is not valid JSON: {exc.msg} at line {exc.lineno}")
    except YamlSyntaxError as exc:
        fail(f"facts file {path!r} line {exc.line}: {exc}")
    if not isinstance(data, dict):
        fail(f"facts file {path!r} must hold an object of field: value pairs")
    return data
