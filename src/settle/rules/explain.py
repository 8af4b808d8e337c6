"""Render explanations in English or Chinese.

The engine records each step as a template key and arguments (result.Why); this module
holds the sentences. No city or rule appears here: only the shapes of the rule language.
"""

from __future__ import annotations

from settle import words
from settle.i18n import Lang, Text, unit_text
from settle.language.benefit import PERIODS, BenefitResult
from settle.language.conditions import WORDS as CONDITION_WORDS
from settle.language.nodes import explanation_words
from settle.language.parameters import shown
from settle.packs.schema import Citation
from settle.packs.sources import quote
from settle.rules.result import ConditionResult, ItemResult, ParamUse, Step, Why
from settle.words import section

TEMPLATES: dict[str, tuple[str, str]] = {**explanation_words(), **CONDITION_WORDS}
"""Every sentence: each kind's (settle.language.kinds), the caps' and the conditions'."""

WORDS: dict[str, tuple[str, str]] = section("explanations")
"""src/settle/words/explanations.yaml"""


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


def benefit_text(benefit: BenefitResult, lang: Lang) -> str:
    """'1,000.00 USD a year (6,630.00 RMB at the source's rate 1:6.63 of 2017-11-01)', or
    'granted' / 'not granted'."""
    if benefit.money is None:
        return words.word("cli", "granted" if benefit.granted else "not_granted", lang)
    m = benefit.money
    period = PERIODS[m.period](lang) if m.period else ""
    text = words.word("explanations", "money", lang, amount=f"{m.amount:,}",
                      currency=unit_text(m.currency)(lang), period=period).strip()
    if m.converted is not None and m.rate is not None and m.rate_on is not None:
        text += words.word("explanations", "money_converted", lang, converted=f"{m.converted:,}",
                           other=unit_text(m.converted_currency)(lang), rate=m.rate,
                           on=m.rate_on.isoformat())
    return text


def item_value(item: ItemResult, lang: Lang) -> str:
    """An item's result as a reader sees it: its points, or granted / not granted."""
    if item.step.kind == "grant":
        granted = item.points > 0
        return words.word("cli", "granted" if granted else "not_granted", lang)
    return str(item.points)


def parameter_lines(uses: list[ParamUse], documents: dict[str, str], lang: Lang,
                    cited: Citation | None = None) -> list[str]:
    """One line per parameter a rule read: its name and title, its value, the day it took
    effect and where it comes from (left out when it is `cited`, the rule's own citation)."""
    lines = []
    for use in uses:
        since = words.word("explanations", "since", lang, day=use.since.isoformat())
        if use.option is not None:
            since = f"{word('set_by', lang)} {use.option}"
        source = "" if use.cite == cited else f" — {cite_text(use.cite, documents, lang)}"
        lines.append(f"{word('parameter', lang)} {use.name} ({use.title(lang)}) = {shown(use.value)}, "
                     f"{since}{source}")
    return lines


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
