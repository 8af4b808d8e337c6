"""Shared pieces of the CLI: the console, pack lookup, reading facts files, exits."""

from __future__ import annotations

import datetime as dt
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from settle.i18n import Lang
from settle.packs import PackError, default_catalogue
from settle.packs.catalogue import UnknownPack
from settle.packs.pack import Pack
from settle.packs.yaml_source import YamlDocument, YamlSyntaxError

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)

LangOption = Annotated[str, typer.Option("--lang", "-l", help="Language: en or zh.")]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Evaluation date YYYY-MM-DD (default: the pack's own)."),
]


def fail(message: str, code: int = 2) -> NoReturn:
    errors.print(f"[bold red]error:[/] {message}", soft_wrap=True)
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


def pack_of(name: str, on: dt.date | None = None) -> Pack:
    """The pack by id, or the pack of a jurisdiction in force on `on`; exits on error."""
    try:
        return default_catalogue().resolve(name, on)
    except UnknownPack as exc:
        fail(str(exc))
    except PackError as exc:
        fail(str(exc))


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
