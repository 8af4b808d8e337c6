"""Problems with the facts given for a person, or for the rows of a table.

    BadFact          one value breaks one rule of its fact (raised by a fact type's check)
    FactProblem      a field, the value given, the rule it breaks and why; in a table, the rows
    InvalidFacts     every problem of one facts document or table, reported together

Every problem names the field, the value and the rule, in English and Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from settle.language.echo import cut, shown
from settle.language.text import Lang, Text

ROWS_SHOWN = 5  # rows listed in a problem of a table; the rest are counted


class BadFact(ValueError):
    """A value breaks a rule of its fact: `words` say why, `rule` names the declaration
    (`facts.yaml <fact>.<key>`). A derived fact that cannot be derived names the `field` and
    the `value` at fault."""

    def __init__(self, words: Text, rule: str, field: str | None = None, value: Any = None) -> None:
        super().__init__(words.en)
        self.words = words
        self.rule = rule
        self.field = field
        self.value = value


@dataclass(frozen=True)
class FactProblem:
    """One problem: the field, the value given, the rule it breaks and why. A problem found in
    a table lists the first rows (counted from 0) that break the rule and counts them all."""

    field: str
    value: Any
    rule: str
    message: str
    words: Text | None = None
    rows: tuple[int, ...] = ()
    count: int = 0

    def text(self, lang: Lang = "en") -> str:
        """Why, in `lang`."""
        return self.words(lang) if self.words is not None else self.message

    def line(self, lang: Lang = "en") -> str:
        """One line naming the field, the value, the rows and the rule; what the person sent (the
        field's name, the value, a value quoted in the message) is cut short (settle.language.echo)."""
        given = f"{cut(self.field)} = {shown(self.value)}{_rows(self.rows, self.count, lang)}"
        why = cut(self.text(lang), 1000)
        if lang == "zh":
            return f"{given}：{why}（规则：{self.rule}）"
        return f"{given}: {why} (rule: {self.rule})"

    def __str__(self) -> str:
        return self.line("en")


def _rows(rows: tuple[int, ...], count: int, lang: Lang) -> str:
    if not rows:
        return ""
    more = count - len(rows)
    if lang == "zh":
        return f"（第 {'、'.join(str(r) for r in rows)} 行{f'，另有 {more} 行' if more > 0 else ''}）"
    return f" (rows {', '.join(str(r) for r in rows)}{f' and {more} more' if more > 0 else ''})"


def problem_of(field: str, value: Any, bad: BadFact, rows: tuple[int, ...] = (),
               count: int = 0) -> FactProblem:
    """The problem of a value that raised `bad`."""
    return FactProblem(field, value, bad.rule, bad.words.en, bad.words, rows, count)


class InvalidFacts(ValueError):
    """The facts given for a person (or the rows of a table) do not fit the pack; `problems`
    lists each one."""

    def __init__(self, pack_id: str, problems: list[FactProblem]) -> None:
        self.pack_id = pack_id
        self.problems = problems
        super().__init__(self.text("en"))

    def text(self, lang: Lang = "en") -> str:
        """Every problem, one line each, in `lang`."""
        body = "\n".join(f"  - {p.line(lang)}" for p in self.problems)
        head = (f"所填事项不符合 {self.pack_id} 的规定：" if lang == "zh"
                else f"invalid facts for pack {self.pack_id}:")
        return f"{head}\n{body}"
