"""`grant`: a service that is granted or not — a verdict, not a number of points."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import polars as pl

from settle.language.conditions import Condition
from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import ZERO, NodeBase
from settle.language.result import Step, Why

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy


class Grant(NodeBase):
    """Granted when `when` holds (always, without `when`). The engines count a grant as 1 so
    that a pack's total says how many services are open; the pack's `benefit: verdict` tells
    every page to say "granted" or "not granted" instead."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {
        "granted": ("granted", "可享受"),
        "not_granted": ("not granted:", "不可享受："),
    }

    kind: Literal["grant"]
    when: Condition | None = None

    def score(self, scope: Scope) -> Step:
        if self.when is None:
            return Step(kind=self.kind, points=Decimal(1), why=[Why(key="granted")])
        check = self.when.evaluate(scope)
        if check.met:
            return Step(kind=self.kind, points=Decimal(1), why=[Why(key="granted"), check.why])
        return Step(kind=self.kind, points=ZERO, why=[Why(key="not_granted"), check.why])

    def expr(self, target: Target) -> pl.Expr:
        one = 10 ** target.precision
        if self.when is None:
            return pl.lit(one, dtype=pl.Int64)
        return pl.when(self.when.compile(target, {})).then(one).otherwise(0)

    def head(self, words: Words) -> str:
        if self.when is None:
            return words.t("granted", "可享受")
        return words.t("granted if ", "满足以下条件即可享受：") + self.when.describe(words)

    def conditions(self) -> list[Condition]:
        return [*super().conditions(), *([] if self.when is None else [self.when])]

    @classmethod
    def strategy(cls, facts: dict[str, str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]] | None:
        from hypothesis import strategies as st

        flags = sorted(name for name, kind in facts.items() if kind == "boolean")
        counts = sorted(name for name, kind in facts.items() if kind == "integer")
        if not flags or not counts:
            return st.just({"kind": "grant"})
        return st.builds(lambda f, c, n: {"kind": "grant", "when": {"any": [
            {"fact": f, "op": "==", "value": True}, {"fact": c, "op": ">=", "value": n}]}},
            st.sampled_from(flags), st.sampled_from(counts), st.integers(0, 100))
