"""Render explanations in English or Chinese.

The engine records each step as a template key and arguments (result.Why); this module
holds the sentences. No city or rule appears here: only the shapes of the rule language.
"""

from __future__ import annotations

from settle.i18n import Lang, Text
from settle.packs.schema import Citation
from settle.packs.sources import quote
from settle.rules.result import ConditionResult, Step, Why

TEMPLATES: dict[str, tuple[str, str]] = {
    "fixed": ("fixed {points} points", "固定 {points} 分"),
    "flag_yes": ("{fact}: yes, {points} points", "{fact}：是，得 {points} 分"),
    "flag_no": ("{fact}: no, 0 points", "{fact}：否，得 0 分"),
    "band": ("{fact} = {value}, in band {band}: {points} points",
             "{fact} = {value}，属于 {band} 档：{points} 分"),
    "band_none": ("{fact} = {value} is in no band: {points} points",
                  "{fact} = {value}，不在任何档次：{points} 分"),
    "category": ("{fact} = {value}: {points} points", "{fact} = {value}：{points} 分"),
    "category_none": ("{fact} = {value} earns no points here",
                      "{fact} = {value}：本项不计分"),
    "per_unit": ("{fact} = {value}: {units} × {ppu} points per {unit} = {points} points",
                 "{fact} = {value}：每 {unit} 计 {ppu} 分，{units} × {ppu} = {points} 分"),
    "per_unit_above": ("{fact} = {value}: {units} × {ppu} points per {unit} above {above} "
                       "= {points} points",
                       "{fact} = {value}：超过 {above} 的部分每满 {unit} 计 {ppu} 分，"
                       "{units} × {ppu} = {points} 分"),
    "per_unit_first": ("{fact} = {value}: {units} time(s); the first {first}, each further "
                       "{ppu} = {points} points",
                       "{fact} = {value}：共 {units} 次，首次 {first} 分，其后每次 {ppu} 分"
                       " = {points} 分"),
    "start": ("starting from {start} points: {start} + {raw} = {points} points",
              "以 {start} 分为基数：{start} + {raw} = {points} 分"),
    "per_year": ("{fact}, years {first}–{last}: {ppu} points per {unit}",
                 "{fact}，{first}—{last} 年：每 {unit} 计 {ppu} 分"),
    "per_year_line": ("  {year}: {amount} → {points} points", "  {year} 年：{amount} → {points} 分"),
    "per_year_line_capped": ("  {year}: {amount} → {raw}, capped at {cap} a year → {points}",
                             "  {year} 年：{amount} → {raw}，每年最多 {cap} 分 → {points}"),
    "per_year_outside": ("  years outside the window, not counted: {years}",
                         "  不在计分年限内、不计分的年份：{years}"),
    "per_entry": ("{fact}: {count} × {each} = {points} points",
                  "{fact}：{count} × {each} = {points} 分"),
    "per_entry_shared": ("{fact}: {count} entries, {each} shared per entry: {shares} "
                         "= {points} points",
                         "{fact}：共 {count} 项，每项 {each} 分按人数分摊：{shares} = {points} 分"),
    "best_of": ("only the highest of {n} alternatives counts: alternative {chosen}, "
                "{points} points",
                "只取最高分、不累计：取第 {chosen} 项（共 {n} 项），{points} 分"),
    "sum_of": ("sum of {n} parts: {points} points", "{n} 项累计：{points} 分"),
    "requires_failed": ("precondition not met, 0 points:", "前提条件不满足，得 0 分："),
    "cap_max": ("capped at {cap} (before the cap: {raw})", "封顶 {cap} 分（封顶前 {raw} 分）"),
    "cap_min": ("floor of {floor} applies (before: {raw})", "最低 {floor} 分（调整前 {raw} 分）"),
    "cond_all": ("all of {n} conditions ({met} met)", "须全部满足 {n} 项条件（满足 {met} 项）"),
    "cond_any": ("any of {n} conditions ({met} met)", "满足 {n} 项中任一项（满足 {met} 项）"),
    "cond_at_least": ("at least {k} of {n} conditions ({met} met)",
                      "{n} 项中至少满足 {k} 项（满足 {met} 项）"),
    "cond_not": ("must not hold:", "不得满足："),
    "cmp_==": ("{subject} is {actual}; required: {wanted}", "{subject}为{actual}；要求：{wanted}"),
    "cmp_!=": ("{subject} is {actual}; must not be {wanted}",
               "{subject}为{actual}；不得为{wanted}"),
    "cmp_<": ("{subject} is {actual}; must be below {wanted}",
              "{subject}为{actual}；须低于 {wanted}"),
    "cmp_<=": ("{subject} is {actual}; must be at most {wanted}",
               "{subject}为{actual}；须不超过 {wanted}"),
    "cmp_>": ("{subject} is {actual}; must be above {wanted}",
              "{subject}为{actual}；须高于 {wanted}"),
    "cmp_>=": ("{subject} is {actual}; must be at least {wanted}",
               "{subject}为{actual}；须至少 {wanted}"),
    "cmp_in": ("{subject} is {actual}; must be one of: {wanted}",
               "{subject}为{actual}；须为以下之一：{wanted}"),
    "cmp_not_in": ("{subject} is {actual}; must not be any of: {wanted}",
                   "{subject}为{actual}；不得为：{wanted}"),
}

WORDS: dict[str, tuple[str, str]] = {
    "met": ("met", "满足"),
    "not_met": ("NOT met", "不满足"),
    "lines": ("lines", "行"),
    "reading": ("Reading", "解读"),
    "option": ("alternative reading in force", "采用的替代解读"),
    "eligible": ("eligible", "符合条件"),
    "not_eligible": ("not eligible", "不符合条件"),
    "total": ("total", "总分"),
}


def word(key: str, lang: Lang) -> str:
    en, zh = WORDS[key]
    return zh if lang == "zh" else en


def sentence(why: Why, lang: Lang) -> str:
    """One explanation sentence in `lang`."""
    en, zh = TEMPLATES[why.key]
    args = {k: (v(lang) if isinstance(v, Text) else v) for k, v in why.args.items()}
    return (zh if lang == "zh" else en).format(**args)


def cite_text(cite: Citation, documents: dict[str, str], lang: Lang,
              with_quote: bool = False) -> str:
    """'000_c9c9ba5e5a2572f7.txt, lines 494-504' (plus the article and the note);
    `documents` maps source ids to file names."""
    source_file = documents.get(cite.source, cite.source)
    parts = [source_file]
    if cite.lines:
        parts.append(f"{word('lines', lang)} {cite.lines}")
    if cite.article:
        parts.append(cite.article)
    text = ", ".join(parts)
    if cite.note:
        text += f" ({cite.note})"
    span = cite.line_range()
    if with_quote and span is not None:
        quoted = quote(source_file, *span)
        if quoted:
            text += f'\n    "{quoted[:400]}"'
    return text


def step_lines(step: Step, lang: Lang, depth: int = 0, brief: bool = False) -> list[str]:
    """The explanation of a rule step and its parts, one indented line per sentence.

    With `brief`, parts that gave no points are left out (the chosen one stays)."""
    pad = "  " * depth
    lines = []
    if step.label is not None and depth > 0:
        lines.append(f"{pad}{step.label(lang)}: {step.points}")
        pad += "  "
    lines.extend(f"{pad}{sentence(w, lang)}" for w in step.why)
    for i, part in enumerate(step.parts):
        if brief and not part.points and step.chosen != i:
            continue
        marker = "*" if step.chosen == i else "-"
        sub = step_lines(part, lang, depth + 1, brief)
        if sub:
            indent = len(sub[0]) - len(sub[0].lstrip())
            sub[0] = f"{sub[0][:indent]}{marker} {sub[0][indent:]}"
        lines.extend(sub)
    return lines


def condition_lines(result: ConditionResult, lang: Lang, depth: int = 0) -> list[str]:
    pad = "  " * depth
    status = word("met" if result.met else "not_met", lang)
    label = f"{result.label(lang)}: " if result.label is not None else ""
    lines = [f"{pad}[{status}] {label}{sentence(result.why, lang)}"]
    for part in result.parts:
        lines.extend(condition_lines(part, lang, depth + 1))
    return lines
