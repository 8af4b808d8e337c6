"""Which department verifies each fact of a pack, and which facts each department may see.

A fact goes to the department its facts.yaml entry names; else to the first department of
the first item that reads it; else to the pack's intake department (the window that takes
applications). The same table decides what personal data a department may read.
"""

from __future__ import annotations

from settle.packs.checks import walk_conditions, walk_nodes
from settle.packs.pack import Pack


def facts_read_by_item(pack: Pack) -> dict[str, list[str]]:
    """For each fact, the items whose rules read it, in pack order."""
    readers: dict[str, list[str]] = {}
    for item in pack.items:
        for node in walk_nodes(item.rule):
            facts = node.facts_read()
            for condition in node.conditions():
                facts += [f for c in walk_conditions(condition) for f in c.facts_read()]
            for fact in facts:
                if fact is not None:
                    readers.setdefault(fact, [])
                    if item.id not in readers[fact]:
                        readers[fact].append(item.id)
    return readers


def base_facts(pack: Pack, name: str) -> list[str]:
    """The input facts a fact stands on (itself, or what a derived fact is computed from)."""
    if name in pack.facts:
        return [name]
    spec = pack.derived.get(name)
    return base_facts(pack, spec.of) if spec is not None else []


def department_for(pack: Pack, fact: str) -> str | None:
    """The department that verifies `fact` (an input fact) for `pack`."""
    spec = pack.facts[fact]
    if spec.department is not None:
        return spec.department
    items = {item.id: item for item in pack.items}
    readers = facts_read_by_item(pack)
    for name in [fact, *(d for d, s in pack.derived.items() if fact in base_facts(pack, d))]:
        for item_id in readers.get(name, []):
            if items[item_id].departments:
                return items[item_id].departments[0]
    return pack.meta.intake_department


def routing_table(pack: Pack) -> dict[str, str | None]:
    """Every input fact with the department that verifies it."""
    return {fact: department_for(pack, fact) for fact in pack.facts}


def facts_of_department(pack: Pack, department: str) -> list[str]:
    """The input facts a department verifies, and so may read."""
    return [fact for fact, owner in routing_table(pack).items() if owner == department]
