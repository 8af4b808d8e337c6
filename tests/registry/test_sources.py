"""A pack's `registry:` entries against the rows the registry holds (settle.registry.sources)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import get_args

import pytest

from settle.errors import UnknownRegistrySource
from settle.language.facts import RegistrySource
from settle.packs import PackCatalogue, default_catalogue
from settle.registry.kinds import PERIOD_KINDS, RECORD_KINDS, SOURCE_READS, kind_constraint
from settle.registry.models import Base, Period, Record
from settle.registry.sources import check_catalogue, check_registry_sources, registry_problems


def test_every_shipped_pack_asks_the_registry_only_for_rows_it_holds() -> None:
    for pack in default_catalogue().all():
        assert registry_problems(pack) == [], pack.id


def test_every_source_the_language_allows_is_one_the_registry_can_answer() -> None:
    allowed = get_args(RegistrySource.model_fields["source"].annotation)
    assert set(allowed) == set(SOURCE_READS)


def test_the_tables_admit_exactly_the_kinds_written_once() -> None:
    for model, kinds in ((Period, PERIOD_KINDS), (Record, RECORD_KINDS)):
        table = Base.metadata.tables[model.__tablename__]
        constraints = {c.name: str(getattr(c, "sqltext", "")) for c in table.constraints}
        assert kind_constraint(kinds) in constraints.values()


def test_an_unknown_period_kind_is_refused_naming_the_pack_the_fact_and_the_kind() -> None:
    pack = default_catalogue().load("guangzhou-2025")
    spec = pack.facts["residence_permit_since"]
    assert spec.registry is not None
    source = spec.registry.model_copy(update={"kind": "residence_permits"})
    wrong = spec.model_copy(update={"registry": source})
    broken = dataclasses.replace(pack, facts={**pack.facts, "residence_permit_since": wrong})
    with pytest.raises(UnknownRegistrySource) as caught:
        check_registry_sources(broken)
    message = caught.value.message
    assert "pack guangzhou-2025, fact residence_permit_since" in message
    assert "no periods of kind 'residence_permits'" in message
    assert "residence_permit, social_insurance" in message  # the kinds there are


def test_a_record_source_naming_a_period_kind_is_refused() -> None:
    pack = default_catalogue().load("guangzhou-2017")
    name, spec = next((n, s) for n, s in pack.facts.items()
                      if s.registry is not None and s.registry.source == "records_by_year")
    assert spec.registry is not None
    wrong = spec.model_copy(update={"registry": spec.registry.model_copy(update={"kind": "employment"})})
    problems = registry_problems(dataclasses.replace(pack, facts={**pack.facts, name: wrong}))
    assert len(problems) == 1 and f"fact {name}" in problems[0]
    assert "no records of kind 'employment'" in problems[0]


def test_a_person_field_the_registry_does_not_keep_is_refused() -> None:
    pack = default_catalogue().load("guangzhou-2025")
    name, spec = next((n, s) for n, s in pack.facts.items()
                      if s.registry is not None and s.registry.source == "person")
    assert spec.registry is not None
    wrong = spec.model_copy(update={"registry": spec.registry.model_copy(update={"field": "birthday"})})
    problems = registry_problems(dataclasses.replace(pack, facts={**pack.facts, name: wrong}))
    assert problems and "a person has no field 'birthday'" in problems[0]


def test_a_catalogue_with_a_pack_asking_for_unknown_rows_is_refused_at_startup(tmp_path: Path) -> None:
    source = default_catalogue().root / "guangzhou-2025"
    shutil.copytree(source, tmp_path / "guangzhou-2025")
    facts = tmp_path / "guangzhou-2025" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    assert "registry: {source: current_start, kind: residence_permit}" in text
    facts.write_text(text.replace("registry: {source: current_start, kind: residence_permit}",
                                  "registry: {source: current_start, kind: work_permit}"), encoding="utf-8")
    with pytest.raises(UnknownRegistrySource, match=r"fact residence_permit_since.*'work_permit'"):
        check_catalogue(PackCatalogue(tmp_path))
