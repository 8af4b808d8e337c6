"""Where the registry meets the packs: every `registry:` entry of a pack's facts.yaml must
name rows the registry holds (settle.registry.kinds). A period source names a period kind, a
record source a record kind, a person source a field of the person, a
social_worker source a field of the register of social workers; an unknown one is an
UnknownRegistrySource naming the pack, the fact and the kind, with the kinds there are.

The check runs when the API starts (every pack of the catalogue that loads) and whenever the
workflow takes a round's pack (`checked_pack`), so a pack that asks the registry for rows it
never holds is refused before any person's facts are read from it.
"""

from __future__ import annotations

from settle.errors import UnknownRegistrySource
from settle.packs import Pack, PackCatalogue, PackError
from settle.registry.kinds import (
    PERIOD_KINDS,
    PERSON_FIELDS,
    RECORD_KINDS,
    RELATION_KINDS,
    SOCIAL_WORKER_FIELDS,
    SOURCE_READS,
)


def registry_problems(pack: Pack) -> list[str]:
    """Each `registry:` entry of `pack` that names rows the registry does not hold, in words."""
    problems = []
    for fact, spec in pack.facts.items():
        source = spec.registry
        if source is None:
            continue
        where = f"pack {pack.id}, fact {fact} (facts.yaml registry: source {source.source})"
        reads = SOURCE_READS.get(source.source)
        if reads is None:
            problems.append(f"{where}: the registry has no source {source.source!r}; "
                            f"sources: {', '.join(SOURCE_READS)}")
        elif reads == "person":
            if source.field not in PERSON_FIELDS:
                problems.append(f"{where}: a person has no field {source.field!r}; "
                                f"fields: {', '.join(PERSON_FIELDS)}")
        elif reads == "social_worker":
            if source.field not in SOCIAL_WORKER_FIELDS:
                problems.append(f"{where}: the register of social workers has no field {source.field!r}; "
                                f"fields: {', '.join(SOCIAL_WORKER_FIELDS)}")
        else:
            kinds = {"periods": PERIOD_KINDS, "records": RECORD_KINDS, "relatives": RELATION_KINDS}[reads]
            if source.kind not in kinds:
                problems.append(f"{where}: the registry holds no {reads} of kind {source.kind!r}; "
                                f"{reads} kinds: {', '.join(kinds)}")
    return problems


def check_registry_sources(pack: Pack) -> None:
    """Raise UnknownRegistrySource listing every `registry:` entry the registry cannot answer."""
    problems = registry_problems(pack)
    if problems:
        raise UnknownRegistrySource(problems)


def checked_pack(pack: Pack) -> Pack:
    """`pack`, once its `registry:` entries are checked."""
    check_registry_sources(pack)
    return pack


def check_catalogue(catalogue: PackCatalogue) -> None:
    """Check every pack of the catalogue that loads (a pack that does not load is refused
    when used, and `settle packs` lists its problems)."""
    problems = []
    for pack_id in catalogue.ids():
        try:
            pack = catalogue.load(pack_id)
        except PackError:
            continue
        problems.extend(registry_problems(pack))
    if problems:
        raise UnknownRegistrySource(problems)
