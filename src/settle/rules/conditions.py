"""Evaluate eligibility conditions for one person, recording why each is met or not.

Each form's evaluation lives in settle.language.conditions."""

from __future__ import annotations

from settle.language.conditions import Condition
from settle.language.result import ConditionResult
from settle.rules.scope import Scope


def evaluate_condition(cond: Condition, scope: Scope) -> ConditionResult:
    return cond.evaluate(scope)
