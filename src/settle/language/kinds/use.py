"""`use`: a named node, declared once under `nodes:` in a rules file and used by name.

Replaces YAML anchors and merge keys: an option that reuses a node says so by name, and
`settle show` shows the name. The loader puts the named node in place of each `use` (its
own label, citation, caps and precondition, when given, override the named node's), so the
engines never see a `use`.
"""

from __future__ import annotations

from typing import ClassVar, Literal

import polars as pl

from settle.language.base import Id
from settle.language.context import Scope, Target, Words
from settle.language.kinds.base import NodeBase
from settle.language.result import Step


class UnresolvedUse(RuntimeError):
    """A `use` reached an engine: the pack was not loaded by the loader."""


class Use(NodeBase):
    """The node named `node` under a rules file's `nodes:`."""

    WORDS: ClassVar[dict[str, tuple[str, str]]] = {}

    kind: Literal["use"]
    node: Id

    def score(self, scope: Scope) -> Step:
        raise UnresolvedUse(self.node)

    def expr(self, target: Target) -> pl.Expr:
        raise UnresolvedUse(self.node)

    def head(self, words: Words) -> str:
        return words.t(f"the rule named {self.node}", f"规则 {self.node}")

    def resolved(self, named: NodeBase) -> NodeBase:
        """The named node with this use's own fields laid over it."""
        own = {name: getattr(self, name) for name in ("label", "cite", "min", "max", "requires")
               if getattr(self, name) is not None}
        return named.model_copy(update=own)
