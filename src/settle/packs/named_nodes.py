"""Named nodes and conditions: a rules file's `nodes:` and `conditions:` declare a rule part
once; `{kind: use, node: NAME}` and `{use: NAME}` use it (instead of YAML anchors and merge
keys, where editing one anchor silently changed an option). The loader puts each named part
in place of its uses, so the engines see plain rules, and reports an unknown name or a part
that uses itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from settle.language.base import Strict
from settle.language.conditions import ConditionBase, UseCondition
from settle.language.kinds.base import NodeBase
from settle.language.kinds.use import Use


class NamedNodeProblem(ValueError):
    """A `use` names nothing declared, or named parts use each other in a circle."""


@dataclass
class Named:
    nodes: dict[str, NodeBase] = field(default_factory=dict)
    conditions: dict[str, ConditionBase] = field(default_factory=dict)

    def resolve(self, model: Any, seen: tuple[str, ...] = ()) -> Any:
        """`model` with every named node and condition inside it put in place."""
        if isinstance(model, Use):
            return model.resolved(self.resolve(self._take(self.nodes, model.node, "node", seen),
                                               (*seen, model.node)))
        if isinstance(model, UseCondition):
            named = self._take(self.conditions, model.use, "condition", seen)
            own = {k: getattr(model, k) for k in ("id", "label", "cite") if getattr(model, k)}
            return self.resolve(named, (*seen, model.use)).model_copy(update=own)
        if isinstance(model, list):
            return [self.resolve(v, seen) for v in model]
        if isinstance(model, dict):
            return {k: self.resolve(v, seen) for k, v in model.items()}
        if not isinstance(model, Strict):
            return model
        update = {}
        for name in type(model).model_fields:
            value = getattr(model, name)
            new = self.resolve(value, seen)
            if new is not value:
                update[name] = new
        return model.model_copy(update=update) if update else model

    @staticmethod
    def _take(table: dict[str, Any], name: str, what: str, seen: tuple[str, ...]) -> Any:
        if name in seen:
            raise NamedNodeProblem(f"named {what} {name!r} uses itself ({' -> '.join([*seen, name])})")
        if name not in table:
            known = ", ".join(sorted(table)) or "none declared"
            raise NamedNodeProblem(f"uses unknown named {what} {name!r} ({what}s: {known})")
        return table[name]
