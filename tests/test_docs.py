"""The README and docs name only commands and options that exist."""

from __future__ import annotations

import re
from pathlib import Path

import typer

from settle.cli.app import app

ROOT = Path(__file__).parents[1]


def _commands() -> dict[str, set[str]]:
    """Every command path ('round', 'population check') with its option names."""
    group = typer.main.get_command(app)
    found: dict[str, set[str]] = {}

    def visit(command: object, path: str) -> None:
        params = getattr(command, "params", [])
        found[path.strip()] = {opt for p in params for opt in getattr(p, "opts", []) if opt.startswith("-")}
        for name, sub in (getattr(command, "commands", None) or {}).items():
            visit(sub, f"{path} {name}")

    visit(group, "")
    return found


def _documented_calls() -> list[str]:
    calls = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*`?settle (.+?)(`|\s+#|$)", line)
            if match:
                calls.append(match[1])
    return calls


def test_every_documented_command_and_option_exists() -> None:
    commands = _commands()
    calls = _documented_calls()
    assert len(calls) >= 10
    for call in calls:
        words = call.split()
        path = words[0]
        if len(words) > 1 and f"{path} {words[1]}" in commands:
            path = f"{path} {words[1]}"
        assert path in commands, f"documented command `settle {call}` does not exist"
        for option in re.findall(r"(?<!\S)(--?[a-z][a-z-]*)", call):
            assert option in commands[path], f"`settle {path}` has no option {option}"


def test_every_command_is_documented() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in _commands():
        if path and " " not in path:
            assert f"settle {path}" in text, f"`settle {path}` is not in the README"
