"""Named nodes: a rules file's `nodes:` declares a node once; `{kind: use, node: NAME}`
uses it. The loader puts each named node in place of its uses, so the engines see plain
rules, and reports an unknown name or a node that uses itself."""

from __future__ import annotations

from typing import Any

from settle.language.kinds.base import NodeBase
from settle.language.kinds.use import Use


class NamedNodeProblem(ValueError):
    """A `use` names no declared node, or named nodes use each other in a circle."""


def resolve(node: NodeBase, named: dict[str, NodeBase], seen: tuple[str, ...] = ()) -> NodeBase:
    """`node` with every `use` inside it replaced by the node it names."""
    if isinstance(node, Use):
        if node.node in seen:
            raise NamedNodeProblem(f"named node {node.node!r} uses itself "
                                   f"({' -> '.join([*seen, node.node])})")
        if node.node not in named:
            known = ", ".join(sorted(named)) or "none declared"
            raise NamedNodeProblem(f"uses unknown named node {node.node!r} (nodes: {known})")
        return node.resolved(resolve(named[node.node], named, (*seen, node.node)))
    update: dict[str, Any] = {}
    for field in type(node).model_fields:
        value = getattr(node, field)
        if isinstance(value, NodeBase):
            update[field] = resolve(value, named, seen)
        elif isinstance(value, list) and value and all(isinstance(v, NodeBase) for v in value):
            update[field] = [resolve(v, named, seen) for v in value]
    return node.model_copy(update=update) if update else node


def uses(node: NodeBase) -> bool:
    """True when a `use` is anywhere inside `node`."""
    if isinstance(node, Use):
        return True
    return any(uses(child) for child in node.children())
