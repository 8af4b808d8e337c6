"""The result of scoring one person: points per item, subtotals, eligibility, and why."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from settle.i18n import Text
from settle.packs.schema import Citation

Arg = str | Text


class Why(BaseModel):
    """One sentence of explanation: a template key and its arguments (see explain.py)."""

    model_config = ConfigDict(frozen=True)

    key: str
    args: dict[str, Arg] = {}


class Step(BaseModel):
    """How one rule node produced its points."""

    kind: str
    label: Text | None = None
    points: Decimal
    inputs: dict[str, Any] = {}
    why: list[Why] = []
    cite: Citation | None = None
    parts: list[Step] = []
    chosen: int | None = None


class ItemResult(BaseModel):
    id: str
    no: str
    group: str
    title: Text
    points: Decimal
    departments: list[Text] = []
    cite: Citation
    rule_file: str
    reading: Text | None = None
    option: str | None = None
    step: Step


class ConditionResult(BaseModel):
    id: str | None = None
    label: Text | None = None
    met: bool
    why: Why
    cite: Citation | None = None
    parts: list[ConditionResult] = []


class EligibilityResult(BaseModel):
    id: str
    title: Text
    met: bool
    cite: Citation
    rule_file: str
    detail: ConditionResult


class Result(BaseModel):
    """Everything the one-person engine says about one person under one pack."""

    pack: str
    pack_title: Text
    documents: dict[str, str]
    groups: dict[str, Text] = {}
    as_of: dt.date
    options: list[str] = []
    facts: dict[str, Any]
    derived: dict[str, int]
    defaulted: list[str] = []
    items: list[ItemResult]
    subtotals: dict[str, Decimal]
    total: Decimal
    eligible: bool
    eligibility: list[EligibilityResult]

    def item(self, item_id: str) -> ItemResult:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)
