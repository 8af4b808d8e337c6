"""Describe rules in words, for people who do not read Python or YAML (`settle show`)."""

from __future__ import annotations

from settle.i18n import Lang, Text, unit_text
from settle.packs.pack import Pack
from settle.packs.schema import (
    Bands,
    BestOf,
    Category,
    Condition,
    Fixed,
    Flag,
    Node,
    ParamRef,
    PerEntry,
    PerUnit,
    PerYear,
    SumOf,
)
from settle.rules.points import band_label
from settle.rules.scope import derived_unit

OPS = {
    "==": ("is", "为"), "!=": ("is not", "不为"), "<": ("<", "<"), "<=": ("≤", "≤"),
    ">": (">", ">"), ">=": ("≥", "≥"), "in": ("is one of", "属于"), "not_in": ("is none of", "不属于"),
}


def _t(lang: Lang, en: str, zh: str) -> str:
    return zh if lang == "zh" else en


def _fact(pack: Pack, name: str, lang: Lang) -> str:
    spec = pack.facts.get(name) or pack.derived.get(name)
    return spec.title(lang) if spec is not None else name


def _unit(pack: Pack, name: str, lang: Lang) -> str:
    spec = pack.facts.get(name)
    if spec is not None:
        return unit_text(spec.unit)(lang)
    return unit_text(derived_unit(pack.derived[name]))(lang)


def _value(pack: Pack, fact: str | None, value: object, lang: Lang) -> str:
    if isinstance(value, ParamRef):
        param = pack.meta.parameters[value.param]
        return f"{param.value} ({param.title(lang)})"
    spec = pack.facts.get(fact or "")
    if spec is not None and spec.values:
        if isinstance(value, list):
            return ", ".join(spec.values[v](lang) if v in spec.values else v for v in value)
        if isinstance(value, str) and value in spec.values:
            return spec.values[value](lang)
    if isinstance(value, bool):
        return _t(lang, "yes" if value else "no", "是" if value else "否")
    return str(value)


def describe_condition(pack: Pack, cond: Condition, lang: Lang) -> str:
    """One line of words for a condition tree."""
    if cond.all is not None:
        inner = _t(lang, " and ", " 且 ").join(describe_condition(pack, c, lang) for c in cond.all)
        return f"({inner})"
    if cond.any is not None:
        inner = _t(lang, " or ", " 或 ").join(describe_condition(pack, c, lang) for c in cond.any)
        return f"({inner})"
    if cond.not_ is not None:
        return _t(lang, "not ", "非") + describe_condition(pack, cond.not_, lang)
    if cond.at_least is not None:
        inner = "; ".join(describe_condition(pack, c, lang) for c in cond.of or [])
        return _t(lang, f"at least {cond.at_least} of: {inner}", f"至少满足 {cond.at_least} 项：{inner}")
    op = OPS[cond.op or "=="][1 if lang == "zh" else 0]
    if cond.points is not None:
        group = next((g.title(lang) for g in pack.meta.groups if g.id == cond.points), None)
        subject = group or _t(lang, "total points", "总积分")
        return f"{subject} {op} {_value(pack, None, cond.value, lang)}"
    return f"{_fact(pack, cond.fact or '', lang)} {op} {_value(pack, cond.fact, cond.value, lang)}"


def _caps(node: Node, lang: Lang) -> str:
    parts = []
    if node.max is not None:
        parts.append(_t(lang, f"at most {node.max}", f"最高 {node.max} 分"))
    if node.min is not None:
        parts.append(_t(lang, f"at least {node.min}", f"最低 {node.min} 分"))
    return f" ({', '.join(parts)})" if parts else ""


def describe_node(pack: Pack, node: Node, lang: Lang, depth: int = 0) -> list[str]:
    """Lines of words describing a rule node and its parts."""
    pad = "  " * depth
    label = f"{node.label(lang)}: " if node.label is not None and depth else ""
    lines: list[str] = []
    if node.requires is not None:
        lines.append(pad + _t(lang, "only if ", "前提：") + describe_condition(pack, node.requires, lang))
    caps = _caps(node, lang)
    if isinstance(node, Fixed):
        head = _t(lang, f"{node.points} points", f"{node.points} 分")
    elif isinstance(node, Flag):
        head = _t(lang, f"{node.points} points if {_fact(pack, node.fact, lang)}",
                  f"{_fact(pack, node.fact, lang)}：{node.points} 分")
    elif isinstance(node, Bands):
        bands = "; ".join(
            f"{b.label(lang) if isinstance(b.label, Text) else band_label(b)} → {b.points}"
            for b in node.bands)
        head = _t(lang, f"by {_fact(pack, node.fact, lang)}: {bands}; otherwise {node.otherwise}",
                  f"按{_fact(pack, node.fact, lang)}：{bands}；其他 {node.otherwise}")
    elif isinstance(node, Category):
        cats = "; ".join(f"{_value(pack, node.fact, k, lang)} → {v}" for k, v in node.points.items())
        head = _t(lang, f"by {_fact(pack, node.fact, lang)}: {cats}; otherwise {node.otherwise}",
                  f"按{_fact(pack, node.fact, lang)}：{cats}；其他 {node.otherwise}")
    elif isinstance(node, PerUnit):
        unit = f"{node.unit} {_unit(pack, node.fact, lang)}".strip()
        fact = _fact(pack, node.fact, lang)
        if node.first_unit_points is not None:
            head = _t(lang, f"{fact}: first {node.first_unit_points}, each further "
                            f"{node.points_per_unit}",
                      f"{fact}：首次 {node.first_unit_points} 分，其后每次 {node.points_per_unit} 分")
        else:
            above = _t(lang, f" above {node.above}", f"超过 {node.above} 的部分") if node.above else ""
            head = _t(lang, f"{node.points_per_unit} per whole {unit} of {fact}{above}",
                      f"{fact}{above}每满 {unit} 计 {node.points_per_unit} 分")
        if node.start:
            head += _t(lang, f", starting from {node.start}", f"，基数 {node.start} 分")
    elif isinstance(node, PerYear):
        unit = f"{node.unit} {_unit(pack, node.fact, lang)}".strip()
        cap = "" if node.max_per_year is None else _t(lang, f", at most {node.max_per_year} a year",
                                                       f"，每年最多 {node.max_per_year} 分")
        head = _t(lang, f"{node.points_per_unit} per whole {unit} of {_fact(pack, node.fact, lang)}"
                        f" in each of the last {node.window_years} years{cap}",
                  f"近 {node.window_years} 年内{_fact(pack, node.fact, lang)}每满 {unit} "
                  f"计 {node.points_per_unit} 分{cap}")
    elif isinstance(node, PerEntry):
        shared = _t(lang, ", divided by the entry's number", "，按人数分摊") if node.divide_by_entry else ""
        head = _t(lang, f"{node.points} per entry of {_fact(pack, node.fact, lang)}{shared}",
                  f"{_fact(pack, node.fact, lang)}每项 {node.points} 分{shared}")
    elif isinstance(node, BestOf):
        head = _t(lang, "only the highest of:", "只取最高一项：")
    elif isinstance(node, SumOf):
        head = _t(lang, "the sum of:", "以下各项累计：")
    else:  # pragma: no cover
        raise AssertionError(type(node))
    lines.append(f"{pad}{label}{head}{caps}")
    if isinstance(node, (BestOf, SumOf)):
        for child in node.of:
            lines.extend(describe_node(pack, child, lang, depth + 1))
    return lines
