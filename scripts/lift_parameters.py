"""Lift every number written in a pack's rules into a dated, cited parameter.

    python scripts/lift_parameters.py policies/hangzhou-2017 [...]

Each number a rule writes (points, caps, band edges, thresholds, units, windows, category
points, a condition's number or date) becomes `{param: NAME}`, and NAME is written to the
pack's parameters.yaml with the pack's `effective_from` as the day it takes effect and the
citation of the nearest rule part that cites one (the node's, else the item's, option's or
eligibility rule's). An option that writes the same number at the same place as the item it
replaces uses the item's parameter, so the number appears once. Comments and layout of the
rules files are kept (ruamel round trip). Run it again and it finds nothing to lift.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

NODE_NUMBERS = {
    "points": ("points", "分值"), "max": ("cap", "上限"), "min": ("floor", "下限"),
    "above": ("threshold", "起算值"), "unit": ("unit", "计分单位"),
    "points_per_unit": ("points per unit", "每单位分值"),
    "first_unit_points": ("points for the first", "首次分值"), "start": ("starting points", "基础分"),
    "otherwise": ("points otherwise", "其他情形分值"), "window_years": ("years counted", "计分年数"),
    "max_per_year": ("cap per year", "每年上限"), "times": ("factor", "系数"),
    "per": ("units per points", "折算单位"), "by": ("divisor", "除数"),
}
POINT_KEYS = {"points", "max", "min", "first_unit_points", "start", "otherwise", "max_per_year",
              "points_per_unit"}
BAND_NUMBERS = {"min": ("lower bound", "下限"), "max": ("upper bound", "上限"),
                "below": ("upper bound (exclusive)", "上限（不含）"), "points": ("points", "分值")}
OPS = {">=": ("min", "at least", "不低于"), ">": ("above", "above", "高于"),
       "<=": ("max", "at most", "不超过"), "<": ("below", "below", "低于"),
       "==": ("value", "equal to", "等于"), "!=": ("not", "not", "不等于")}
NUMBER_TYPES = (int, float)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _slug(text: str, length: int = 80) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:length].strip("_")


def _is_number(value: Any) -> bool:
    return isinstance(value, NUMBER_TYPES) and not isinstance(value, bool)


def _ref(name: str) -> CommentedMap:
    ref = CommentedMap(param=name)
    ref.fa.set_flow_style()
    return ref


class Lifter:
    def __init__(self, root: Path) -> None:
        yaml = _yaml()
        self.root = root
        self.meta = yaml.load((root / "pack.yaml").read_text(encoding="utf-8"))
        facts = yaml.load((root / "facts.yaml").read_text(encoding="utf-8"))
        self.facts: dict[str, Any] = dict(facts.get("facts") or {})
        self.derived: dict[str, Any] = dict(facts.get("derived") or {})
        self.params: dict[str, dict[str, Any]] = {}
        self.taken = set(self.meta.get("parameters") or {})
        existing = root / "parameters.yaml"
        if existing.exists():
            for name, spec in (yaml.load(existing.read_text(encoding="utf-8")) or {}).get(
                    "parameters", {}).items():
                self.params[name] = spec
                self.taken.add(name)

    # ---------------------------------------------------------------- naming and writing

    def unit_of(self, fact: str | None) -> str | None:
        if fact in self.facts:
            return self.facts[fact].get("unit")
        spec = self.derived.get(fact or "")
        if spec is None:
            return None
        op = spec.get("op")
        return spec.get("unit", "year") if op == "time_since" else ("month" if op == "period_months"
                                                                      else "year")

    def fact_title(self, fact: str) -> tuple[str, str]:
        spec = self.facts.get(fact) or self.derived.get(fact) or {}
        title = spec.get("title") or {"en": fact, "zh": fact}
        return str(title["en"]), str(title["zh"])

    def category_label(self, fact: str, value: str) -> tuple[str, str]:
        values = (self.facts.get(fact) or {}).get("values") or {}
        label = values.get(value) or {"en": value, "zh": value}
        return str(label["en"]), str(label["zh"])

    def lift(self, holder: Any, key: Any, name: str, title: tuple[str, str], unit: str | None,
             cite: Any, option: str | None) -> None:
        value = holder[key]
        name = _slug(name) or "parameter"
        if option is not None and self._same(name, value):
            holder[key] = _ref(name)
            return
        if option is not None:
            for known, spec in self.params.items():
                if spec.get("title") == title and spec.get("value") == value:
                    holder[key] = _ref(known)
                    return
        if option is not None:
            name = _slug(f"{option}_{name}")
        final, n = name, 1
        while final in self.taken and not self._same(final, value):
            n += 1
            final = f"{name}_{n}"
        if final not in self.params:
            self.params[final] = {"title": title, "unit": unit, "value": value, "cite": cite}
            self.taken.add(final)
        holder[key] = _ref(final)

    def _same(self, name: str, value: Any) -> bool:
        spec = self.params.get(name)
        return spec is not None and "value" in spec and spec["value"] == value

    # ---------------------------------------------------------------- walking

    def node(self, node: Any, name: str, title: tuple[str, str], cite: Any,
             option: str | None = None, base: str | None = None) -> None:
        """Lift the numbers of `node`; `base` is the item's id, `name` the path to the node."""
        if not isinstance(node, CommentedMap) or "kind" not in node:
            return
        base = base or name
        cite = node.get("cite", cite)
        fact = node.get("fact")
        if "label" in node and isinstance(node["label"], dict):
            title = (f"{title[0]} — {node['label']['en']}", f"{title[1]}——{node['label']['zh']}")
        for key, (en, zh) in NODE_NUMBERS.items():
            if key not in node:
                continue
            if key == "points" and isinstance(node[key], CommentedMap) and node["kind"] == "category":
                for value in list(node[key]):
                    if _is_number(node[key][value]):
                        label = self.category_label(fact, value)
                        self.lift(node[key], value, f"{name}_{value}",
                                  (f"{title[0]}: points for {label[0]}", f"{title[1]}：{label[1]}分值"),
                                  "point", cite, option)
                continue
            if _is_number(node[key]):
                unit = "point" if key in POINT_KEYS else (
                    "year" if key == "window_years" else self.unit_of(fact))
                self.lift(node, key, f"{name}_{key}", (f"{title[0]}: {en}", f"{title[1]}：{zh}"),
                          unit, cite, option)
        for i, band in enumerate(node.get("bands") or [], start=1):
            for key, (en, zh) in BAND_NUMBERS.items():
                if key in band and _is_number(band[key]):
                    unit = "point" if key == "points" else self.unit_of(fact)
                    self.lift(band, key, f"{name}_band{i}_{key}",
                              (f"{title[0]}: band {i} {en}", f"{title[1]}：第{i}档{zh}"), unit, cite, option)
        children = node.get("of")
        if isinstance(children, CommentedMap):
            children = [children]
        for i, child in enumerate(children or [], start=1):
            if child.get("fact"):
                child_name = f"{base}_{child['id'] if child.get('id') else child['fact']}"
            else:
                label = child.get("id") or _slug((child.get("label") or {}).get("en", ""), 20)
                child_name = f"{name}_{label or f'part{i}'}"
            self.node(child, child_name, title, cite, option, base)
        if "requires" in node:
            self.condition(node["requires"], f"{name}_requires", title, cite, option)

    def condition(self, cond: Any, name: str, title: tuple[str, str], cite: Any,
                  option: str | None = None) -> None:
        if not isinstance(cond, CommentedMap):
            return
        cite = cond.get("cite", cite)
        for key in ("all", "any", "of"):
            for i, child in enumerate(cond.get(key) or [], start=1):
                label = child.get("id") if isinstance(child, CommentedMap) else None
                self.condition(child, f"{name}_{label or i}" if len(cond[key]) > 1 else name, title,
                               cite, option)
        if "not" in cond:
            self.condition(cond["not"], f"{name}_not", title, cite, option)
        value = cond.get("value")
        subject = cond.get("fact") or cond.get("points")
        if subject is None or "op" not in cond:
            return
        if _is_number(value) or type(value).__name__ == "date":
            suffix, en, zh = OPS.get(cond["op"], ("value", cond["op"], cond["op"]))
            if "fact" in cond:
                fact_en, fact_zh = self.fact_title(cond["fact"])
                unit = self.unit_of(cond["fact"])
            else:
                fact_en, fact_zh, unit = ("total points", "总积分", "point")
            where = f"{name}_{subject}_{suffix}" if subject not in name else f"{name}_{suffix}"
            self.lift(cond, "value", where,
                      (f"{title[0]}: {fact_en} {en}", f"{title[1]}：{fact_zh}{zh}"),
                      None if type(value).__name__ == "date" else unit, cite, option)

    def rules_file(self, path: Path) -> bool:
        yaml = _yaml()
        data = yaml.load(path.read_text(encoding="utf-8"))
        before = len(self.params)
        items = {i["id"]: i for i in data.get("items") or []}
        for item in data.get("items") or []:
            self.node(item["rule"], item["id"], (str(item["title"]["en"]), str(item["title"]["zh"])),
                      item["cite"])
        for name, node in (data.get("nodes") or {}).items():
            self.node(node, name, (name, name), node.get("cite"))
        for rule in data.get("eligibility") or []:
            self.condition(rule["condition"], rule["id"],
                           (str(rule["title"]["en"]), str(rule["title"]["zh"])), rule["cite"])
        for option in data.get("options") or []:
            for target, node in (option.get("replaces") or {}).items():
                item = items.get(target, {"title": {"en": target, "zh": target}})
                self.node(node, target, (str(item["title"]["en"]), str(item["title"]["zh"])),
                          option["cite"], option["id"])
            for target, cond in (option.get("replaces_conditions") or {}).items():
                self.condition(cond, target, (str(option["title"]["en"]), str(option["title"]["zh"])),
                               option["cite"], option["id"])
        if len(self.params) == before:
            return False
        with path.open("w", encoding="utf-8") as out:
            yaml.dump(data, out)
        return True

    def write_parameters(self) -> None:
        since = self.meta["effective_from"]
        lines = ["# Every number the rules use: dated (the day it takes effect) and cited.",
                 "# A rule writes {param: NAME}; a reform or an option changes the value here.",
                 "parameters:"]
        for name, spec in self.params.items():
            if "value" not in spec:
                continue
            title = spec["title"]
            lines.append(f"  {name}:")
            lines.append(f"    title: {{en: {_quoted(title[0])}, zh: {_quoted(title[1])}}}")
            if spec["unit"]:
                lines.append(f"    unit: {spec['unit']}")
            lines.append("    values:")
            lines.append(f"      {since}: {{value: {spec['value']}, cite: {_flow(spec['cite'])}}}")
        (self.root / "parameters.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _flow(cite: Any) -> str:
    parts = []
    for key in ("source", "lines", "article", "note"):
        if key in cite and cite[key] is not None:
            value = cite[key]
            parts.append(f"{key}: {_quoted(str(value)) if key != 'source' else value}")
    return "{" + ", ".join(parts) + "}"


def main(folders: list[str]) -> None:
    for folder in folders:
        root = Path(folder)
        lifter = Lifter(root)
        changed = [p.name for p in sorted((root / "rules").glob("*.yaml")) if lifter.rules_file(p)]
        if changed:
            lifter.write_parameters()
        print(f"{root.name}: {len(lifter.params)} parameters; rewrote {', '.join(changed) or 'nothing'}")


if __name__ == "__main__":
    main(sys.argv[1:])
