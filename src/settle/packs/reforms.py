"""Reforms as data: a small YAML file naming a base pack and what it changes.

    id: hangzhou-insurance-weight
    base: hangzhou-2017
    title: {en: ..., zh: ...}
    rationale: {en: ..., zh: ...}
    cite: {source: seed_000, lines: 556-570}      # a source of the base pack, or `sources:`
    effective_from: 2018-01-01                    # when its values take effect (optional)
    parameters: {social_insurance_points_per_unit: 3}
    items: {add: [...], remove: [id], replace: {id: node}}
    eligibility: {add: [...], remove: [id], replace: {id: condition}}
    ranking: {...}                                # the whole ranking rule, replaced
    quotas: {round_id: {line_id: 6000}}

A parameter's new value is added as a dated value from `effective_from` (or, without it,
replaces the parameter's values from the pack's start), cited by the reform. Reforms stack:
each applies to the pack the one before it made. `apply_reform` gives a pack the engines use
like any other, checked by the same cross-checks; every problem names the reform file, the
line and the rule, like a pack's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from settle.language.base import Id, Strict
from settle.language.citation import Citation, Source
from settle.language.conditions import Condition
from settle.language.nodes import Node
from settle.language.parameters import DatedValue, ParamValue
from settle.language.text import Text
from settle.packs.checks import cross_check
from settle.packs.errors import PackError, PackProblem
from settle.packs.loader import _read
from settle.packs.pack import Pack
from settle.packs.schema import EligibilityRule, Item, Ranking
from settle.packs.yaml_source import YamlDocument


class ItemChanges(Strict):
    add: list[Item] = []
    remove: list[Id] = []
    replace: dict[Id, Node] = {}


class EligibilityChanges(Strict):
    add: list[EligibilityRule] = []
    remove: list[Id] = []
    replace: dict[Id, Condition] = {}


class Reform(Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$")]
    base: str
    title: Text
    rationale: Text
    cite: Citation
    sources: list[Source] = []
    effective_from: dt.date | None = None
    parameters: dict[Id, ParamValue | dict[dt.date, ParamValue]] = {}
    items: ItemChanges = ItemChanges()
    eligibility: EligibilityChanges = EligibilityChanges()
    ranking: Ranking | None = None
    quotas: dict[str, dict[Id, Annotated[int, Field(ge=0)]]] = {}

    @model_validator(mode="after")
    def _changes_something(self) -> Reform:
        if not (self.parameters or self.items.add or self.items.remove or self.items.replace
                or self.eligibility.add or self.eligibility.remove or self.eligibility.replace
                or self.ranking or self.quotas):
            raise ValueError("a reform changes at least one parameter, item, eligibility rule, "
                             "the ranking or a quota")
        return self


@dataclass(frozen=True)
class LoadedReform:
    reform: Reform
    file: str
    where: dict[str, int | None] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.reform.id


def load_reform(path: Path) -> LoadedReform:
    """Read and validate a reform file; PackError lists every problem with its line."""
    problems: list[PackProblem] = []
    reform = _read(path, Reform, path.parent, problems)
    if reform is None:
        raise PackError(path.stem, problems)
    doc = YamlDocument(path)
    where: dict[str, int | None] = {"reform": 1}
    for name in reform.parameters:
        where[name] = doc.line_of(["parameters", name])
    for i, item in enumerate(reform.items.add):
        where[item.id] = doc.line_of(["items", "add", i])
    for name in reform.items.replace:
        where[name] = doc.line_of(["items", "replace", name])
    for i, rule in enumerate(reform.eligibility.add):
        where[rule.id] = doc.line_of(["eligibility", "add", i])
    for name in reform.eligibility.replace:
        where[name] = doc.line_of(["eligibility", "replace", name])
    return LoadedReform(reform, f"{path.parent.name}/{path.name}", where)


def apply_reform(pack: Pack, loaded: LoadedReform) -> Pack:
    """`pack` as the reform changes it, cross-checked; PackError names the reform's lines."""
    reform = loaded.reform
    problems: list[PackProblem] = []

    def report(rule_id: str, message: str) -> None:
        problems.append(PackProblem(loaded.file, loaded.where.get(rule_id), rule_id, message))

    meta = pack.meta
    parameters = dict(meta.parameters)
    for name, change in reform.parameters.items():
        param = parameters.get(name)
        if param is None:
            known = ", ".join(sorted(parameters)) or "none"
            report(name, f"pack {pack.id} has no parameter {name!r} (parameters: {known})")
            continue
        dated = change if isinstance(change, dict) else {
            reform.effective_from or meta.effective_from: change}
        values = {} if not isinstance(change, dict) and reform.effective_from is None else dict(param.values)
        for day, value in dated.items():
            values[day] = DatedValue(value=value, cite=reform.cite)
        try:
            parameters[name] = type(param).model_validate({**param.model_dump(), "values": values})
        except ValueError as exc:
            report(name, f"parameter {name!r}: {exc}")
    items = list(pack.items)
    ids = {i.id for i in items}
    for name in reform.items.remove:
        if name not in ids:
            report("reform", f"removes unknown item {name!r}")
    items = [i for i in items if i.id not in reform.items.remove]
    for name in reform.items.replace:
        if name not in ids:
            report(name, f"replaces unknown item {name!r}")
    items = [i.model_copy(update={"rule": reform.items.replace[i.id]}) if i.id in reform.items.replace
             else i for i in items]
    items += reform.items.add
    rules = list(pack.eligibility)
    rule_ids = {r.id for r in rules}
    for name in [*reform.eligibility.remove, *reform.eligibility.replace]:
        if name not in rule_ids:
            report(name, f"changes unknown eligibility rule {name!r}")
    rules = [r.model_copy(update={"condition": reform.eligibility.replace[r.id]})
             if r.id in reform.eligibility.replace else r
             for r in rules if r.id not in reform.eligibility.remove]
    rules += reform.eligibility.add
    rounds = list(meta.rounds)
    for round_id, quotas in reform.quotas.items():
        spec = next((r for r in rounds if r.id == round_id), None)
        if spec is None:
            report("reform", f"sets quotas of unknown round {round_id!r} "
                             f"(rounds: {', '.join(r.id for r in rounds) or 'none'})")
            continue
        unknown = sorted(set(quotas) - {line.id for line in spec.lines})
        if unknown:
            report("reform", f"round {round_id!r} has no line {unknown[0]!r}")
        lines = [line.model_copy(update={"quota": quotas[line.id]}) if line.id in quotas else line
                 for line in spec.lines]
        rounds[rounds.index(spec)] = spec.model_copy(update={"lines": lines})
    sources = list(meta.sources) + [s for s in reform.sources if s.id not in {x.id for x in meta.sources}]
    new_meta = meta.model_copy(update={
        "id": f"{meta.id}+{reform.id}", "parameters": parameters, "sources": sources,
        "ranking": reform.ranking if reform.ranking is not None else meta.ranking, "rounds": rounds})
    order = {g.id: n for n, g in enumerate(meta.groups)}
    where = {**pack.where, **{k: (loaded.file, v) for k, v in loaded.where.items()}}
    reformed = replace(pack, meta=new_meta, items=tuple(sorted(items, key=lambda i: order.get(i.group, 99))),
                       eligibility=tuple(rules), where=where, cases=())
    if not problems:
        already = {str(p) for p in cross_check(pack)}
        problems += [p for p in cross_check(reformed) if str(p) not in already]
    if problems:
        raise PackError(reform.id, problems)
    return reformed


PARAMETER_REFORM = "analyst-parameters"


def parameter_reform(pack: Pack, values: dict[str, ParamValue], *, by: str) -> LoadedReform:
    """A reform made on the spot, not from a file: `values` for parameters of `pack` (as of
    the pack's start). Each change cites the rule the parameter belongs to, with a note that
    the value is `by`'s what-if, not a published measure; unknown parameters and values of
    the wrong type are named when the reform is applied."""
    changes = ", ".join(f"{name} = {value}" for name, value in values.items())
    first = next(iter(values), None)
    param = pack.meta.parameters.get(first) if first is not None else None
    cite = (param.dated(pack.meta.effective_from)[1].cite if param is not None
            else Citation(source=pack.meta.sources[0].id, lines="1"))
    reform = Reform(
        id=PARAMETER_REFORM, base=pack.id.split("+")[0],
        title=Text(en=f"Parameters changed: {changes}", zh=f"参数调整：{changes}"),
        rationale=Text(en=f"A what-if set by {by} for this study, not a published measure.",
                       zh=f"{by} 为本次测算设定的假设，并非已发布的政策。"),
        cite=cite.model_copy(update={"note": f"value changed by {by} for a study: {changes}"}),
        parameters=dict(values))
    return LoadedReform(reform, f"(set by {by})", {name: None for name in values})


def stack(pack: Pack, reforms: list[LoadedReform]) -> list[Pack]:
    """The pack after each reform in turn: [R1(pack), R2(R1(pack)), ...]."""
    steps = []
    for loaded in reforms:
        if loaded.reform.base not in (pack.id, pack.id.split("+")[0]):
            raise PackError(loaded.id, [PackProblem(loaded.file, loaded.where.get("reform"), "base",
                            f"the reform is for pack {loaded.reform.base!r}, not {pack.id.split('+')[0]!r}")])
        pack = apply_reform(pack, loaded)
        steps.append(pack)
    return steps


def reform_paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def find_reform(name: str, folder: Path) -> Path:
    """A reform by path, or by id in the reforms folder."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    candidate = folder / f"{name}.yaml"
    if candidate.exists():
        return candidate
    known = ", ".join(p.stem for p in reform_paths(folder)) or "none"
    raise FileNotFoundError(f"no reform {name!r}: give a file, or one of: {known}")



__all__ = ["LoadedReform", "Reform", "apply_reform", "find_reform", "load_reform", "reform_paths",
           "stack"]

