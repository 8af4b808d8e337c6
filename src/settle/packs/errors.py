"""Errors raised while loading a policy pack: every problem names file, line and rule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PackProblem:
    """One thing wrong in a pack file."""

    file: str
    line: int | None
    rule: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{where}{rule}: {self.message}"


class PackError(Exception):
    """A pack failed validation; `problems` lists every problem found, not only the first."""

    def __init__(self, pack: str, problems: list[PackProblem], kind: str = "policy pack") -> None:
        self.pack = pack
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{kind} {pack!r} has {len(problems)} problem(s):\n{lines}")
