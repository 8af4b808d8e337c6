"""Rule nodes: how an item turns facts into points. `Node` is the union of every kind in
settle.language.kinds, told apart by `kind:`; adding a module there adds a kind (the older
kinds are also importable from here by name)."""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Annotated, Literal, Union, get_args, get_origin

from pydantic import Field

from settle.language import kinds as _kinds
from settle.language.kinds.bands import Band, Bands, band_label
from settle.language.kinds.base import (
    NodeBase,
    compile_node,
    describe,
    evaluate,
    param_refs,
    walk,
)
from settle.language.kinds.best_of import BestOf
from settle.language.kinds.category import Category
from settle.language.kinds.fixed import Fixed
from settle.language.kinds.flag import Flag
from settle.language.kinds.per_entry import PerEntry
from settle.language.kinds.per_unit import PerUnit
from settle.language.kinds.per_year import PerYear
from settle.language.kinds.sum_of import SumOf


def _discover() -> dict[str, type[NodeBase]]:
    """Each kind module's NodeBase subclass, by its `kind:` literal."""
    found: dict[str, type[NodeBase]] = {}
    for info in sorted(pkgutil.iter_modules(_kinds.__path__), key=lambda i: i.name):
        if info.name == "base":
            continue
        module = importlib.import_module(f"{_kinds.__name__}.{info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, NodeBase) and value is not NodeBase
                    and value.__module__ == module.__name__):
                annotation = value.model_fields["kind"].annotation
                if get_origin(annotation) is Literal:
                    found[get_args(annotation)[0]] = value
    return found


KINDS = _discover()

if TYPE_CHECKING:
    Node = NodeBase
else:
    Node = Annotated[Union[tuple(KINDS.values())], Field(discriminator="kind")]  # noqa: UP007

for _kind in KINDS.values():
    _kind.model_rebuild(_types_namespace={"Node": Node})


def explanation_words() -> dict[str, tuple[str, str]]:
    """Every sentence an explanation of a node can hold (the kinds' and the caps')."""
    from settle.language.kinds.base import WORDS

    words: dict[str, tuple[str, str]] = dict(WORDS)
    for kind in KINDS.values():
        words.update(kind.WORDS)
    return words



__all__ = [
    "KINDS", "Band", "Bands", "BestOf", "Category", "Fixed", "Flag", "Node", "NodeBase", "PerEntry",
    "PerUnit", "PerYear", "SumOf", "band_label",
    "compile_node", "describe", "evaluate", "explanation_words", "param_refs", "walk",
]
