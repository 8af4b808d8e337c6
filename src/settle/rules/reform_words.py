"""A reform said in words (`settle reform show`): what it changes in its base pack, value by
value, in English or Chinese, with its source."""

from __future__ import annotations

from settle.language.parameters import shown
from settle.language.text import Lang, unit_text
from settle.packs.pack import Pack
from settle.packs.reforms import LoadedReform
from settle.rules.describe import describe_condition, describe_node
from settle.rules.explain import cite_text


def reform_lines(loaded: LoadedReform, base: Pack, reformed: Pack, lang: Lang) -> list[str]:
    """Lines describing what `loaded` changes between `base` and `reformed`."""
    reform = loaded.reform
    zh = lang == "zh"

    def t(en: str, zh_text: str) -> str:
        return zh_text if zh else en

    documents = {s.id: s.file for s in reformed.meta.sources}
    lines = [f"{reform.title(lang)} ({reform.id}, {t('on', '基于')} {base.id})",
             reform.rationale(lang),
             f"{t('Source', '依据')}: {cite_text(reform.cite, documents, lang)}"]
    day = reform.effective_from or base.meta.effective_from
    for name in reform.parameters:
        before, after = base.meta.parameters[name], reformed.meta.parameters[name]
        unit = f" {unit_text(after.unit)(lang)}" if after.unit else ""
        lines.append(t(f"Parameter {after.title(lang)} ({name}): {shown(before.value_on(day))}{unit} → "
                       f"{shown(after.value_on(day))}{unit}, from {day.isoformat()}",
                       f"参数 {after.title(lang)}（{name}）：{shown(before.value_on(day))}{unit} → "
                       f"{shown(after.value_on(day))}{unit}，自 {day.isoformat()} 起"))
    titles = {i.id: i.title(lang) for i in base.items}
    for name in reform.items.remove:
        lines.append(t(f"Item removed: {titles.get(name, name)} ({name})",
                       f"删除计分项：{titles.get(name, name)}（{name}）"))
    for name, node in reform.items.replace.items():
        title = titles.get(name, name)
        lines.append(t(f"Item {title} ({name}) now:", f"计分项 {title}（{name}）改为："))
        lines += [f"  {line}" for line in describe_node(reformed, node, lang)]
    for item in reform.items.add:
        title = item.title(lang)
        lines.append(t(f"Item added: {title} ({item.id}):", f"新增计分项：{title}（{item.id}）："))
        lines += [f"  {line}" for line in describe_node(reformed, item.rule, lang)]
    rule_titles = {r.id: r.title(lang) for r in base.eligibility}
    for name in reform.eligibility.remove:
        lines.append(t(f"Eligibility rule removed: {rule_titles.get(name, name)}",
                       f"删除资格条件：{rule_titles.get(name, name)}"))
    for name, condition in reform.eligibility.replace.items():
        lines.append(t(f"Eligibility rule {rule_titles.get(name, name)} now: ",
                       f"资格条件 {rule_titles.get(name, name)} 改为：")
                     + describe_condition(reformed, condition, lang))
    for rule in reform.eligibility.add:
        lines.append(t(f"Eligibility rule added: {rule.title(lang)}: ", f"新增资格条件：{rule.title(lang)}：")
                     + describe_condition(reformed, rule.condition, lang))
    if reform.ranking is not None:
        keys = " > ".join(f"{k.title(lang)} ({k.order})" for k in reform.ranking.keys)
        old = "" if base.meta.ranking is None else " > ".join(
            f"{k.title(lang)} ({k.order})" for k in base.meta.ranking.keys)
        lines.append(t(f"Ranking: {old} → {keys}; ties {reform.ranking.ties}",
                       f"排名：{old} → {keys}；并列 {reform.ranking.ties}"))
    for round_id, quotas in reform.quotas.items():
        spec = next(r for r in base.meta.rounds if r.id == round_id)
        for line in spec.lines:
            if line.id in quotas:
                lines.append(t(f"Quota of round {round_id}, line {line.id}: {line.quota} → {quotas[line.id]}",
                               f"轮次 {round_id} 名额线 {line.id} 指标：{line.quota} → {quotas[line.id]}"))
    return lines
