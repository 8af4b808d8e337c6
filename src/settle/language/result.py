"""What an evaluation records: each step as a sentence key with its arguments, and every
parameter a rule read (its value, the date it took effect and its citation)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from settle.language.citation import Citation
from settle.language.text import Text

Arg = str | Text


class Why(BaseModel):
    """One sentence of explanation: a template key and its arguments (see explain.py)."""

    model_config = ConfigDict(frozen=True)

    key: str
    args: dict[str, Arg] = Field(default_factory=dict)


class ParamUse(BaseModel):
    """A parameter a rule read: its value on the evaluation date and where it comes from."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: Text
    value: Any
    since: dt.date
    cite: Citation
    option: str | None = None


class Step(BaseModel):
    """How one rule node produced its points."""

    kind: str
    label: Text | None = None
    points: Decimal
    inputs: dict[str, Any] = Field(default_factory=dict)
    why: list[Why] = Field(default_factory=list)
    cite: Citation | None = None
    parts: list[Step] = Field(default_factory=list)
    chosen: int | None = None


class ConditionResult(BaseModel):
    id: str | None = None
    label: Text | None = None
    met: bool
    why: Why
    cite: Citation | None = None
    parts: list[ConditionResult] = Field(default_factory=list)
