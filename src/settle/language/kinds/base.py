"""What every rule kind shares, and the walk that applies preconditions and caps.

A rule kind is one module in this package holding one class: its fields (the schema), its
exact evaluation for one person (`score`), its Polars compilation (`expr`), its words
(`head` for `settle show`, `WORDS` for explanations), its pack checks and its hypothesis
strategy. The fields every node may carry — a label, a citation, caps `min`/`max` and a
precondition `requires` — are handled once, here.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

import polars as pl

from settle.language.base import Id, Strict
from settle.language.citation import Citation
from settle.language.conditions import Condition
from settle.language.context import Checks, Scope, Target, Words
from settle.language.parameters import Number, ParamRef
from settle.language.result import Step, Why
from settle.language.text import Text

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

ZERO = Decimal(0)
NUMERIC = frozenset({"integer", "decimal"})

WORDS: dict[str, tuple[str, str]] = {
    "requires_failed": ("precondition not met, 0 points:", "前提条件不满足，得 0 分："),
    "cap_max": ("capped at {cap} (before the cap: {raw})", "封顶 {cap} 分（封顶前 {raw} 分）"),
    "cap_min": ("floor of {floor} applies (before: {raw})", "最低 {floor} 分（调整前 {raw} 分）"),
}


class NodeBase(Strict):
    """Fields every rule node may carry: a label, a citation, caps, a precondition."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {}
    fact_types: ClassVar[frozenset[str]] = frozenset()

    kind: str
    id: Id | None = None
    label: Text | None = None
    cite: Citation | None = None
    min: Number | None = None
    max: Number | None = None
    requires: Condition | None = None

    def children(self) -> list[NodeBase]:
        """The nodes inside this one."""
        return []

    def conditions(self) -> list[Condition]:
        """The conditions this node tests itself: its precondition (and a kind's own)."""
        return [] if self.requires is None else [self.requires]

    def facts_read(self) -> list[str]:
        """The facts this node reads itself (not its children or its precondition)."""
        fact = getattr(self, "fact", None)
        return [fact] if isinstance(fact, str) else []

    def score(self, scope: Scope) -> Step:
        """The points for one person before caps, with the reason."""
        raise NotImplementedError

    def expr(self, target: Target) -> pl.Expr:
        """The points per row in units of 10^-precision, before caps."""
        raise NotImplementedError

    def head(self, words: Words) -> str:
        """One line saying what the node does (its parts are described after it)."""
        raise NotImplementedError

    def check(self, pack: Checks) -> list[str]:
        """Problems a loaded pack can see in this node alone; by default that the facts it
        reads exist and have a type it reads."""
        problems = []
        for fact in self.facts_read():
            kind = pack.fact_type(fact)
            if kind is None:
                problems.append(f"rule reads unknown fact {fact!r}")
            elif self.fact_types and kind not in self.fact_types:
                problems.append(f"a {self.kind} rule needs a {'/'.join(sorted(self.fact_types))} "
                                f"fact, but {fact!r} is {kind}")
        return problems

    @classmethod
    def strategy(cls, facts: dict[str, str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]] | None:
        """Random valid nodes of this kind (as YAML data) over `facts` (name -> type), or
        None when the kind reads a fact type none of them has; `nodes` draws any node."""
        from hypothesis import strategies as st

        names = facts_of(facts, cls.fact_types)
        if cls.fact_types and not names:
            return None
        return cls.examples(st.sampled_from(names) if names else st.nothing(), nodes)

    @classmethod
    def examples(cls, fact: SearchStrategy[str], nodes: SearchStrategy[dict[str, Any]],
                 ) -> SearchStrategy[dict[str, Any]] | None:
        """Random valid nodes of this kind: `fact` draws a fact it reads, `nodes` any node
        (for parts). Each kind module writes its own."""
        return None


def evaluate(node: NodeBase, scope: Scope) -> Step:
    """Points of `node` for the person in `scope`, with its precondition and caps applied."""
    if node.requires is not None:
        check = node.requires.evaluate(scope)
        if not check.met:
            return Step(kind=node.kind, label=node.label, points=ZERO, cite=node.cite,
                        why=[Why(key="requires_failed"), check.why])
    step = node.score(scope)
    raw = points = step.points
    if node.max is not None and points > (cap := scope.number(node.max)):
        points = cap
        step.why.append(Why(key="cap_max", args={"cap": str(cap), "raw": str(raw)}))
    if node.min is not None and points < (floor := scope.number(node.min)):
        points = floor
        step.why.append(Why(key="cap_min", args={"floor": str(floor), "raw": str(raw)}))
    # the step is this evaluation's own: set its fields rather than copy it
    step.points, step.label, step.cite = points, node.label, node.cite
    return step


def compile_node(node: NodeBase, target: Target) -> pl.Expr:
    """The points of `node` per row, in units of 10^-precision, caps and precondition applied."""
    expr = node.expr(target).cast(pl.Int64)
    if node.max is not None:
        expr = pl.min_horizontal(expr, pl.lit(target.points(node.max, "max")))
    if node.min is not None:
        expr = pl.max_horizontal(expr, pl.lit(target.points(node.min, "min")))
    if node.requires is not None:
        expr = pl.when(node.requires.compile(target, {})).then(expr).otherwise(0)
    return expr


def describe(node: NodeBase, words: Words, depth: int = 0) -> list[str]:
    """Lines of words describing a rule node and its parts."""
    pad = "  " * depth
    label = f"{node.label(words.lang)}: " if node.label is not None and depth else ""
    lines: list[str] = []
    if node.requires is not None:
        lines.append(pad + words.t("only if ", "前提：") + node.requires.describe(words))
    caps = []
    if node.max is not None:
        caps.append(words.t(f"at most {words.number(node.max)}", f"最高 {words.number(node.max)} 分"))
    if node.min is not None:
        caps.append(words.t(f"at least {words.number(node.min)}", f"最低 {words.number(node.min)} 分"))
    tail = f" ({', '.join(caps)})" if caps else ""
    lines.append(f"{pad}{label}{node.head(words)}{tail}")
    for child in node.children():
        lines.extend(describe(child, words, depth + 1))
    return lines


def walk(node: NodeBase) -> Iterator[NodeBase]:
    """The node and every node inside it."""
    yield node
    for child in node.children():
        yield from walk(child)


def param_refs(value: Any) -> Iterator[ParamRef]:
    """Every `{param: NAME}` inside a model, a list or a dict."""
    if isinstance(value, ParamRef):
        yield value
    elif isinstance(value, Strict):
        for name in type(value).model_fields:
            yield from param_refs(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for entry in value:
            yield from param_refs(entry)
    elif isinstance(value, dict):
        for entry in value.values():
            yield from param_refs(entry)


def points_values(max_value: int = 40) -> SearchStrategy[str]:
    """Points a random rule gives: up to one decimal, as YAML text."""
    from hypothesis import strategies as st

    return st.decimals(min_value=0, max_value=max_value, places=1).map(str)


def facts_of(facts: dict[str, str], types: frozenset[str]) -> list[str]:
    return sorted(name for name, kind in facts.items() if kind in types)
