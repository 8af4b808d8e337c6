"""The result of scoring one person: points per item, subtotals, eligibility, and why."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from settle.language.benefit import BenefitResult
from settle.language.citation import Citation
from settle.language.result import Arg, ConditionResult, ParamUse, Step, Why
from settle.language.text import Text

__all__ = ["Arg", "ConditionResult", "EligibilityResult", "ItemResult", "ParamUse", "Result",
           "Step", "Why"]

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
    parameters: list[ParamUse] = []
    step: Step


class EligibilityResult(BaseModel):
    id: str
    title: Text
    met: bool
    cite: Citation
    rule_file: str
    option: str | None = None
    parameters: list[ParamUse] = []
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
    benefit: BenefitResult | None = None

    def item(self, item_id: str) -> ItemResult:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)
