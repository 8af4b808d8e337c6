"""Conditions: tests on facts or points that eligibility rules, preconditions, thresholds
and quota lines are made of. One form per class, told apart by the key it has:

    all: [...]          every condition holds
    any: [...]          at least one holds
    not: {...}          the condition does not hold
    at_least: k, of:    at least k of the list hold
    fact, op, value     a fact compared with a value (or `{param: NAME}`)
    points, op, value   `total` or a group's subtotal compared with a value
    use: NAME           the condition declared as NAME under a rules file's `conditions:`

Each form evaluates exactly for one person (with the reason), compiles to a Polars boolean
expression, and says itself in words.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

import polars as pl
from pydantic import Discriminator, Field, Tag

from settle.language.base import Id, Strict
from settle.language.citation import Citation
from settle.language.context import Checks, Scope, Target, Words
from settle.language.parameters import ParamRef
from settle.language.result import ConditionResult, Why
from settle.language.text import Text

CompareOp = Literal["==", "!=", "<", "<=", ">", ">=", "in", "not_in"]

COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge,
    "in": lambda a, b: a in b, "not_in": lambda a, b: a not in b,
}
COMPARE_EXPR: dict[str, Callable[[pl.Expr, Any], pl.Expr]] = {
    **{op: COMPARE[op] for op in ("==", "!=", "<", "<=", ">", ">=")},
    "in": lambda a, b: a.is_in(b), "not_in": lambda a, b: ~a.is_in(b),
}
OPS = {
    "==": ("is", "为"), "!=": ("is not", "不为"), "<": ("<", "<"), "<=": ("≤", "≤"),
    ">": (">", ">"), ">=": ("≥", "≥"), "in": ("is one of", "属于"), "not_in": ("is none of", "不属于"),
}
WORDS: dict[str, tuple[str, str]] = {
    "cond_all": ("all of {n} conditions ({met} met)", "须全部满足 {n} 项条件（满足 {met} 项）"),
    "cond_any": ("any of {n} conditions ({met} met)", "满足 {n} 项中任一项（满足 {met} 项）"),
    "cond_at_least": ("at least {k} of {n} conditions ({met} met)",
                      "{n} 项中至少满足 {k} 项（满足 {met} 项）"),
    "cond_not": ("must not hold:", "不得满足："),
    "cmp_==": ("{subject} is {actual}; required: {wanted}", "{subject}为{actual}；要求：{wanted}"),
    "cmp_!=": ("{subject} is {actual}; must not be {wanted}",
               "{subject}为{actual}；不得为{wanted}"),
    "cmp_<": ("{subject} is {actual}; must be below {wanted}",
              "{subject}为{actual}；须低于 {wanted}"),
    "cmp_<=": ("{subject} is {actual}; must be at most {wanted}",
               "{subject}为{actual}；须不超过 {wanted}"),
    "cmp_>": ("{subject} is {actual}; must be above {wanted}",
              "{subject}为{actual}；须高于 {wanted}"),
    "cmp_>=": ("{subject} is {actual}; must be at least {wanted}",
               "{subject}为{actual}；须至少 {wanted}"),
    "cmp_in": ("{subject} is {actual}; must be one of: {wanted}",
               "{subject}为{actual}；须为以下之一：{wanted}"),
    "cmp_not_in": ("{subject} is {actual}; must not be any of: {wanted}",
                   "{subject}为{actual}；不得为：{wanted}"),
}


class ConditionBase(Strict):
    """What every form may carry: an id, a label, a citation."""

    form: ClassVar[str]
    id: Id | None = None
    label: Text | None = None
    cite: Citation | None = None

    def children(self) -> list[ConditionBase]:
        return []

    def facts_read(self) -> list[str]:
        return []

    def evaluate(self, scope: Scope) -> ConditionResult:
        raise NotImplementedError

    def compile(self, target: Target, points: dict[str, pl.Expr]) -> pl.Expr:
        raise NotImplementedError

    def describe(self, words: Words) -> str:
        raise NotImplementedError

    def check(self, pack: Checks) -> list[str]:
        """Problems a loaded pack can see in this form alone (children are checked apart)."""
        return []

    def _result(self, met: bool, why: Why, parts: list[ConditionResult] | None = None,
                ) -> ConditionResult:
        return ConditionResult(id=self.id, label=self.label, cite=self.cite, met=met, why=why,
                               parts=parts or [])


class All(ConditionBase):
    form = "all"
    all: list[Condition]

    def children(self) -> list[ConditionBase]:
        return list(self.all)

    def evaluate(self, scope: Scope) -> ConditionResult:
        parts = [c.evaluate(scope) for c in self.all]
        met = sum(p.met for p in parts)
        return self._result(met == len(parts), Why(key="cond_all", args={
            "met": str(met), "n": str(len(parts))}), parts)

    def compile(self, target: Target, points: dict[str, pl.Expr]) -> pl.Expr:
        return pl.all_horizontal([c.compile(target, points) for c in self.all])

    def describe(self, words: Words) -> str:
        return "(" + words.t(" and ", " 且 ").join(c.describe(words) for c in self.all) + ")"


class AnyOf(ConditionBase):
    form = "any"
    any: list[Condition]

    def children(self) -> list[ConditionBase]:
        return list(self.any)

    def evaluate(self, scope: Scope) -> ConditionResult:
        parts = [c.evaluate(scope) for c in self.any]
        met = sum(p.met for p in parts)
        return self._result(met > 0, Why(key="cond_any", args={
            "met": str(met), "n": str(len(parts))}), parts)

    def compile(self, target: Target, points: dict[str, pl.Expr]) -> pl.Expr:
        return pl.any_horizontal([c.compile(target, points) for c in self.any])

    def describe(self, words: Words) -> str:
        return "(" + words.t(" or ", " 或 ").join(c.describe(words) for c in self.any) + ")"


class Not(ConditionBase):
    form = "not"
    not_: Condition = Field(alias="not")

    def children(self) -> list[ConditionBase]:
        return [self.not_]

    def evaluate(self, scope: Scope) -> ConditionResult:
        inner = self.not_.evaluate(scope)
        return self._result(not inner.met, Why(key="cond_not"), [inner])

    def compile(self, target: Target, points: dict[str, pl.Expr]) -> pl.Expr:
        return ~self.not_.compile(target, points)

    def describe(self, words: Words) -> str:
        return words.t("not ", "非") + self.not_.describe(words)


class AtLeast(ConditionBase):
    form = "at_least"
    at_least: Annotated[int, Field(ge=1)]
    of: list[Condition]

    def children(self) -> list[ConditionBase]:
        return list(self.of)

    def evaluate(self, scope: Scope) -> ConditionResult:
        parts = [c.evaluate(scope) for c in self.of]
        met = sum(p.met for p in parts)
        return self._result(met >= self.at_least, Why(key="cond_at_least", args={
            "met": str(met), "n": str(len(parts)), "k": str(self.at_least)}), parts)

    def compile(self, target: Target, points: dict[str, pl.Expr]) -> pl.Expr:
        count = pl.sum_horizontal([c.compile(target, points).cast(pl.Int32) for c in self.of])
        return count >= self.at_least

    def describe(self, words: Words) -> str:
        inner = "; ".join(c.describe(words) for c in self.of)
        return words.t(f"at least {self.at_least} of: {inner}", f"至少满足 {self.at_least} 项：{inner}")


def _comparable(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return value


class Comparison(ConditionBase):
    op: CompareOp
    value: ParamRef | Decimal | bool | str | list[str] | dt.date

    def _verdict(self, actual: Any, wanted: Any) -> bool:
        return bool(COMPARE[self.op](_comparable(actual), _comparable(wanted)))

    def _op_word(self, words: Words) -> str:
        return OPS[self.op][1 if words.lang == "zh" else 0]

    def check(self, pack: Checks) -> list[str]:
        if isinstance(self.value, ParamRef) and pack.parameter(self.value.param) is None:
            return [f"condition uses unknown parameter {self.value.param!r}"]
        return []


class FactTest(Comparison):
    form = "fact"
    fact: Id

    def facts_read(self) -> list[str]:
        return [self.fact]

    def evaluate(self, scope: Scope) -> ConditionResult:
        wanted = scope.value(self.value)
        actual = scope.fact(self.fact)
        shown_wanted: str | Text
        if isinstance(wanted, list):
            shown = [scope.shown(self.fact, w) for w in wanted]
            shown_wanted = Text(en=", ".join(s.en if isinstance(s, Text) else s for s in shown),
                                zh="、".join(s.zh if isinstance(s, Text) else s for s in shown))
        else:
            shown_wanted = scope.shown(self.fact, wanted)
        return self._result(self._verdict(actual, wanted), Why(key=f"cmp_{self.op}", args={
            "subject": scope.title(self.fact), "actual": scope.shown(self.fact, actual),
            "wanted": shown_wanted}))

    def compile(self, target: Target, points: dict[str, pl.Expr]) -> pl.Expr:
        wanted: Any = target.value(self.value)
        if target.fact_type(self.fact) == "category":
            codes = target.codes(self.fact)
            wanted = [codes.index(v) for v in wanted] if isinstance(wanted, list) else codes.index(wanted)
        elif isinstance(wanted, Decimal) or (isinstance(wanted, int) and not isinstance(wanted, bool)):
            wanted = target.amount(self.fact, Decimal(wanted), "condition")
        return COMPARE_EXPR[self.op](pl.col(self.fact), wanted)

    def describe(self, words: Words) -> str:
        return f"{words.fact(self.fact)} {self._op_word(words)} {words.value(self.fact, self.value)}"

    def check(self, pack: Checks) -> list[str]:
        problems = super().check(pack)
        kind = pack.fact_type(self.fact)
        if kind is None:
            return [*problems, f"condition reads unknown fact {self.fact!r}"]
        if kind == "category" and self.op in ("in", "not_in", "==", "!="):
            allowed = pack.category_values(self.fact)
            value: Any = self.value
            if isinstance(value, ParamRef):
                value = pack.parameter(value.param)
            for v in value if isinstance(value, list) else [value]:
                if v is not None and v not in allowed:
                    problems.append(f"condition on {self.fact!r} names unknown value {v!r} "
                                    f"(allowed: {sorted(allowed)})")
        return problems


class PointsTest(Comparison):
    form = "points"
    points: Id

    def evaluate(self, scope: Scope) -> ConditionResult:
        wanted = scope.value(self.value)
        actual = scope.points[self.points]
        return self._result(self._verdict(actual, wanted), Why(key=f"cmp_{self.op}", args={
            "subject": scope.points_title(self.points), "actual": str(actual),
            "wanted": str(wanted)}))

    def compile(self, target: Target, points: dict[str, pl.Expr]) -> pl.Expr:
        wanted = target.value(self.value)
        return COMPARE_EXPR[self.op](points[self.points], target.points(Decimal(str(wanted)),
                                                                          "condition"))

    def describe(self, words: Words) -> str:
        return f"{words.fact(self.points)} {self._op_word(words)} {words.value(None, self.value)}"

    def check(self, pack: Checks) -> list[str]:
        problems = super().check(pack)
        if self.points != "total" and self.points not in pack.group_ids():
            problems.append(f"condition compares points of unknown group {self.points!r}")
        return problems


class UseCondition(ConditionBase):
    """`use: NAME`: the condition named NAME under a rules file's `conditions:` (instead of a
    YAML anchor). The loader puts the named condition in its place; engines never see it."""

    form = "use"
    use: Id

    def evaluate(self, scope: Scope) -> ConditionResult:
        raise RuntimeError(f"unresolved named condition {self.use!r}")

    def compile(self, target: Target, points: dict[str, pl.Expr]) -> pl.Expr:
        raise RuntimeError(f"unresolved named condition {self.use!r}")

    def describe(self, words: Words) -> str:
        return words.t(f"the condition named {self.use}", f"条件 {self.use}")


FORMS: tuple[type[ConditionBase], ...] = (All, AnyOf, Not, AtLeast, FactTest, PointsTest,
                                          UseCondition)
FORM_KEYS = [form.form for form in FORMS]


def _form_of(value: Any) -> str | None:
    if isinstance(value, dict):
        found = [key for key in FORM_KEYS if key in value]
        return found[0] if len(found) == 1 else None
    return getattr(value, "form", None)


if TYPE_CHECKING:
    Condition = ConditionBase
else:
    Condition = Annotated[
        Annotated[All, Tag("all")] | Annotated[AnyOf, Tag("any")] | Annotated[Not, Tag("not")]
        | Annotated[AtLeast, Tag("at_least")] | Annotated[FactTest, Tag("fact")]
        | Annotated[PointsTest, Tag("points")] | Annotated[UseCondition, Tag("use")],
        Discriminator(_form_of, custom_error_type="condition_form", custom_error_message=(
            "a condition has exactly one of: all, any, not, at_least (with of), "
            "fact (with op, value), points (with op, value), use (a named condition)")),
    ]

for _form in FORMS:
    _form.model_rebuild()


def walk(cond: ConditionBase) -> Iterator[ConditionBase]:
    """The condition and every condition inside it."""
    yield cond
    for child in cond.children():
        yield from walk(child)


def parse_condition(data: Any) -> ConditionBase:
    """A condition from YAML data (raises pydantic's ValidationError)."""
    from pydantic import TypeAdapter

    return TypeAdapter(Condition).validate_python(data)
