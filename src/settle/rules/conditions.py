"""Evaluate eligibility conditions for one person, recording why each is met or not."""

from __future__ import annotations

import operator
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from settle.i18n import Text
from settle.packs.schema import Condition
from settle.rules.result import ConditionResult, Why
from settle.rules.scope import Scope

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda a, b: a in b,
    "not_in": lambda a, b: a not in b,
}


def _comparable(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return value


def _points_title(scope: Scope, name: str) -> Text:
    if name == "total":
        return Text(en="total points", zh="总积分")
    group = next(g for g in scope.pack.meta.groups if g.id == name)
    return Text(en=f"{group.title.en} subtotal", zh=f"{group.title.zh}小计")


def evaluate_condition(cond: Condition, scope: Scope) -> ConditionResult:
    base = {"id": cond.id, "label": cond.label, "cite": cond.cite}
    if cond.all is not None or cond.any is not None:
        children = cond.all if cond.all is not None else cond.any
        assert children is not None
        parts = [evaluate_condition(c, scope) for c in children]
        met_count = sum(p.met for p in parts)
        mode = "all" if cond.all is not None else "any"
        met = met_count == len(parts) if mode == "all" else met_count > 0
        why = Why(key=f"cond_{mode}", args={"met": str(met_count), "n": str(len(parts))})
        return ConditionResult(**base, met=met, why=why, parts=parts)
    if cond.not_ is not None:
        inner = evaluate_condition(cond.not_, scope)
        return ConditionResult(**base, met=not inner.met, why=Why(key="cond_not"), parts=[inner])
    if cond.at_least is not None:
        parts = [evaluate_condition(c, scope) for c in cond.of or []]
        met_count = sum(p.met for p in parts)
        why = Why(key="cond_at_least",
                  args={"met": str(met_count), "n": str(len(parts)), "k": str(cond.at_least)})
        return ConditionResult(**base, met=met_count >= cond.at_least, why=why, parts=parts)
    wanted = scope.resolve(cond.value)
    assert cond.op is not None
    if cond.points is not None:
        actual: Any = scope.points[cond.points]
        subject: Text = _points_title(scope, cond.points)
        shown_actual: str | Text = str(actual)
        shown_wanted: str | Text = str(wanted)
    else:
        assert cond.fact is not None
        actual = scope.fact(cond.fact)
        subject = scope.title(cond.fact)
        shown_actual = scope.shown(cond.fact, actual)
        if isinstance(wanted, list):
            shown = [scope.shown(cond.fact, w) for w in wanted]
            shown_wanted = Text(
                en=", ".join(s.en if isinstance(s, Text) else s for s in shown),
                zh="、".join(s.zh if isinstance(s, Text) else s for s in shown),
            )
        else:
            shown_wanted = scope.shown(cond.fact, wanted)
    met = bool(COMPARE[cond.op](_comparable(actual), _comparable(wanted)))
    why = Why(key=f"cmp_{cond.op}",
              args={"subject": subject, "actual": shown_actual, "wanted": shown_wanted})
    return ConditionResult(**base, met=met, why=why)
