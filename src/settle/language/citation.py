"""Provenance: the documents a rule can cite, and a citation into one of them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from settle.language.base import Id, Strict
from settle.language.text import Text


class Source(Strict):
    """A document a rule can cite: a seed report or a public legal text."""

    id: Id
    kind: Literal["seed", "legal"]
    file: str
    title: Text


def _line_text(value: object) -> object:
    """`lines: 55` means the same as `lines: "55"`."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class Citation(Strict):
    """Where a rule comes from: a source id and a line range, an article, or both."""

    source: Id
    lines: Annotated[str | None, BeforeValidator(_line_text), Field(pattern=r"^\d+(-\d+)?$")] = None
    article: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _has_locator(self) -> Citation:
        if self.lines is None and self.article is None:
            raise ValueError("a citation needs `lines` (seed line range) or `article`")
        return self

    def line_range(self) -> tuple[int, int] | None:
        if self.lines is None:
            return None
        first, _, last = self.lines.partition("-")
        return int(first), int(last or first)
