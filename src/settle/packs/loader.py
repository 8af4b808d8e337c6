"""Load a pack folder: parse each YAML file, validate it, cross-check references.

Every problem found is collected, with the file, the line and the rule id, before a
single PackError is raised.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from settle.packs.checks import cross_check
from settle.packs.errors import PackError, PackProblem
from settle.packs.named_nodes import Named, NamedNodeProblem
from settle.packs.pack import Pack
from settle.packs.schema import (
    CasesFile,
    EligibilityRule,
    FactsFile,
    Item,
    Option,
    PackMeta,
    ParametersFile,
    RulesFile,
)
from settle.packs.yaml_source import YamlSyntaxError, read_yaml

M = TypeVar("M", bound=BaseModel)


def _read(path: Path, model: type[M], root: Path, problems: list[PackProblem],
          context: dict[str, object] | None = None) -> M | None:
    name = str(path.relative_to(root.parent))
    try:
        doc = read_yaml(path)
    except FileNotFoundError:
        problems.append(PackProblem(name, None, None, "file is missing"))
        return None
    except YamlSyntaxError as exc:
        problems.append(PackProblem(name, exc.line, None, str(exc)))
        return None
    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as exc:
        for err in exc.errors():
            loc = [part for part in err["loc"] if isinstance(part, (str, int))]
            if err["type"].startswith("union_tag"):
                loc.append("kind")  # point at the unknown or missing `kind:` line
            problems.append(
                PackProblem(name, doc.line_of(loc), _rule_id(doc.data, loc), _describe(err))
            )
        return None


def _rule_id(data: object, loc: list[str | int]) -> str | None:
    """The id of the nearest enclosing rule on the path: an `id`, a case `name`, or the
    key of a named entry (a fact, a parameter, a replaced item)."""
    found: str | None = None
    node = data
    named = {"facts", "derived", "parameters", "departments", "replaces"}
    previous: str | int | None = None
    for key in loc:
        if isinstance(node, dict):
            for field in ("id", "name"):
                if isinstance(node.get(field), str):
                    found = node[field]
            if previous in named and isinstance(key, str):
                found = key
            if key not in node:
                break
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and key < len(node):
            node = node[key]
        else:
            break
        previous = key
    if isinstance(node, dict) and isinstance(node.get("id"), str):
        found = node["id"]
    return found


def _describe(err: object) -> str:
    assert isinstance(err, dict)
    loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
    msg = str(err["msg"]).removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


def _in_group_order(meta: PackMeta, items: list[Item]) -> tuple[Item, ...]:
    """Items ordered as the pack's groups are declared, file order within a group."""
    rank = {g.id: i for i, g in enumerate(meta.groups)}
    return tuple(sorted(items, key=lambda item: rank.get(item.group, len(rank))))


def _with_named_nodes(rules: list[tuple[str, RulesFile]], where: dict[str, tuple[str, int | None]],
                      problems: list[PackProblem],
                      ) -> tuple[list[Item], list[EligibilityRule], list[Option]]:
    """Items, eligibility and options with each `use` replaced by the named node or
    condition (settle.packs.named_nodes)."""
    named = Named()
    for file_name, rules_file in rules:
        for name in [*rules_file.nodes, *rules_file.conditions]:
            if name in named.nodes or name in named.conditions:
                problems.append(PackProblem(file_name, None, name, f"{name!r} is declared twice"))
        named.nodes.update(rules_file.nodes)
        named.conditions.update(rules_file.conditions)

    def resolved(rule_id: str, model: M) -> M:
        try:
            return named.resolve(model)  # type: ignore[no-any-return]
        except NamedNodeProblem as exc:
            file, line = where.get(rule_id, ("", None))
            problems.append(PackProblem(file, line, rule_id, str(exc)))
            return model

    items = [resolved(item.id, item) for _, r in rules for item in r.items]
    eligibility = [resolved(rule.id, rule) for _, r in rules for rule in r.eligibility]
    options = [resolved(option.id, option) for _, r in rules for option in r.options]
    return items, eligibility, options


def load_pack(root: Path) -> Pack:
    """Load and validate the pack in folder `root`; raise PackError listing every problem."""
    root = root.resolve()
    problems: list[PackProblem] = []
    meta = _read(root / "pack.yaml", PackMeta, root, problems)
    facts = _read(root / "facts.yaml", FactsFile, root, problems)
    if meta is not None and (root / "parameters.yaml").exists():
        extra = _read(root / "parameters.yaml", ParametersFile, root, problems,
                      context={"effective_from": meta.effective_from})
        if extra is not None:
            for name in sorted(set(extra.parameters) & set(meta.parameters)):
                problems.append(PackProblem(f"{root.name}/parameters.yaml", None, name,
                                            f"parameter {name!r} is declared in pack.yaml too"))
            meta = meta.model_copy(update={"parameters": {**meta.parameters, **extra.parameters}})
    rules: list[tuple[str, RulesFile]] = []
    for path in sorted((root / "rules").glob("*.yaml")):
        parsed = _read(path, RulesFile, root, problems)
        if parsed is not None:
            rules.append((str(path.relative_to(root.parent)), parsed))
    cases: list[CasesFile] = []
    for path in sorted((root / "tests").glob("*.yaml")):
        parsed_cases = _read(path, CasesFile, root, problems)
        if parsed_cases is not None:
            cases.append(parsed_cases)
    if not rules:
        problems.append(PackProblem(f"{root.name}/rules", None, None, "no rules/*.yaml files"))
    if meta is None or facts is None or problems:
        raise PackError(root.name, problems)
    if meta.id != root.name:
        problems.append(
            PackProblem(f"{root.name}/pack.yaml", 1, None,
                        f"id {meta.id!r} differs from the folder name {root.name!r}")
        )
    where: dict[str, tuple[str, int | None]] = {}
    for file_name, rules_file in rules:
        doc = read_yaml(root.parent / file_name)
        for i, item in enumerate(rules_file.items):
            where[item.id] = (file_name, doc.line_of(["items", i]))
        for i, rule in enumerate(rules_file.eligibility):
            where[rule.id] = (file_name, doc.line_of(["eligibility", i]))
        for i, option in enumerate(rules_file.options):
            where[option.id] = (file_name, doc.line_of(["options", i]))
        for i, action in enumerate(rules_file.actions):
            where[action.id] = (file_name, doc.line_of(["actions", i]))
    items, eligibility, options = _with_named_nodes(rules, where, problems)
    pack = Pack(
        root=root,
        meta=meta,
        facts=facts.facts,
        derived=facts.derived,
        items=_in_group_order(meta, items),
        eligibility=tuple(eligibility),
        options={o.id: o for o in options},
        cases=tuple(case for c in cases for case in c.cases),
        distribution_cases=tuple(case for c in cases for case in c.distributions),
        actions=tuple(a for _, r in rules for a in r.actions),
        where=where,
    )
    problems.extend(cross_check(pack))
    if problems:
        raise PackError(root.name, problems)
    return pack
