"""Commands about packs themselves: list, show every rule, facts schema, run pack tests."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from settle.cli.common import LangOption, console, fail, lang_of, pack_of
from settle.i18n import Lang, unit_text
from settle.packs import PackError, default_catalogue
from settle.packs.pack import Pack
from settle.rules.casebook import run_cases
from settle.rules.describe import describe_condition, describe_node
from settle.rules.explain import cite_text
from settle.rules.json_schema import facts_schema


def list_packs() -> None:
    """List the policy packs with their jurisdiction and effective dates."""
    table = Table(title="Policy packs")
    for column in ("pack", "jurisdiction", "effective", "items", "conditions", "cases", "title"):
        table.add_column(column)
    catalogue = default_catalogue()
    for pack_id in catalogue.ids():
        try:
            pack = catalogue.load(pack_id)
        except PackError as exc:
            table.add_row(pack_id, "", "", "", "", "", f"[red]invalid: {len(exc.problems)} problem(s)")
            continue
        meta = pack.meta
        table.add_row(pack.id, meta.jurisdiction, f"{meta.effective_from} – {meta.effective_to or ''}",
                      str(len(pack.items)), str(len(pack.eligibility)), str(len(pack.cases)),
                      meta.title.en)
    console.print(table)


def _documents(pack: Pack) -> dict[str, str]:
    return {s.id: s.file for s in pack.meta.sources}


def print_pack(pack: Pack, lang: Lang, quote: bool) -> None:
    meta = pack.meta
    docs = _documents(pack)
    zh = lang == "zh"
    console.print(f"[bold]{meta.title(lang)}[/] ({pack.id})")
    console.print(("生效：" if zh else "In force: ") + f"{meta.effective_from} – "
                  f"{meta.effective_to or ('至今' if zh else 'open')}   "
                  + cite_text(meta.effective_cite, docs, lang))
    for group in meta.groups:
        items = [i for i in pack.items if i.group == group.id]
        if not items:
            continue
        console.rule(group.title(lang))
        for item in items:
            depts = "、".join(meta.departments[d](lang) for d in item.departments) if zh else \
                ", ".join(meta.departments[d](lang) for d in item.departments)
            console.print(f"[bold]{item.no}. {item.title(lang)}[/]  [dim]({item.id})[/]")
            for line in describe_node(pack, item.rule, lang):
                console.print(f"    {line}")
            if depts:
                console.print(f"    [dim]{'核查部门' if zh else 'Verified by'}: {depts}[/]")
            console.print(f"    [cyan]{'来源' if zh else 'Source'}: "
                          f"{cite_text(item.cite, docs, lang, with_quote=quote)}[/]")
            if item.reading is not None:
                console.print(f"    [yellow]{'解读' if zh else 'Reading'}: {item.reading(lang)}[/]")
    if pack.eligibility:
        console.rule("申请条件" if zh else "Eligibility")
        for rule in pack.eligibility:
            console.print(f"[bold]{rule.title(lang)}[/]  [dim]({rule.id})[/]")
            console.print(f"    {describe_condition(pack, rule.condition, lang)}")
            console.print(f"    [cyan]{'来源' if zh else 'Source'}: "
                          f"{cite_text(rule.cite, docs, lang, with_quote=quote)}[/]")
    if meta.parameters:
        console.rule("参数" if zh else "Parameters")
        for name, param in meta.parameters.items():
            unit = f" {unit_text(param.unit)(lang)}" if param.unit else ""
            console.print(f"[bold]{param.title(lang)}[/] ({name}) = {param.value}{unit}   "
                          f"[cyan]{cite_text(param.cite, docs, lang)}[/]")
    if meta.ranking is not None:
        console.rule("排名" if zh else "Ranking")
        for n, key in enumerate(meta.ranking.keys, 1):
            console.print(f"{n}. {key.title(lang)} ({key.by}, {key.order})   "
                          f"[cyan]{cite_text(key.cite, docs, lang)}[/]")
        console.print(("并列处理：" if zh else "Ties: ") + meta.ranking.ties)
    if pack.options:
        console.rule("可选解读" if zh else "Alternative readings (options)")
        for option in pack.options.values():
            console.print(f"[bold]{option.id}[/]: {option.title(lang)} — {option.reading(lang)}  "
                          f"[cyan]{cite_text(option.cite, docs, lang)}[/]")
    if meta.gaps:
        console.rule("资料缺口" if zh else "Gaps in the sources")
        for gap in meta.gaps:
            console.print(f"- {gap(lang)}")


def register(app: typer.Typer) -> None:
    app.command("packs")(list_packs)

    @app.command("show")
    def show(
        pack: Annotated[str, typer.Argument(help="Pack id, e.g. hangzhou-2017.")],
        lang: LangOption = "en",
        quote: Annotated[bool, typer.Option(help="Quote the cited source lines.")] = False,
    ) -> None:
        """Print every rule of a pack in words, with its citation."""
        print_pack(pack_of(pack), lang_of(lang), quote)

    @app.command("schema")
    def schema(
        pack: Annotated[str, typer.Option("--pack", "-p", help="Pack id.")],
        lang: LangOption = "en",
    ) -> None:
        """Print the JSON Schema of the facts a pack asks for."""
        console.print_json(json.dumps(facts_schema(pack_of(pack), lang_of(lang)), ensure_ascii=False))

    @app.command("test")
    def test(
        pack: Annotated[str | None, typer.Argument(help="Pack id (default: every pack).")] = None,
    ) -> None:
        """Run the packs' own YAML test cases."""
        catalogue = default_catalogue()
        ids = [pack] if pack else catalogue.ids()
        failed = 0
        total = 0
        for pack_id in ids:
            outcomes = run_cases(pack_of(pack_id))
            passed = sum(o.passed for o in outcomes)
            total += len(outcomes)
            failed += len(outcomes) - passed
            console.print(f"[bold]{pack_id}[/]: {passed}/{len(outcomes)} cases pass")
            for outcome in outcomes:
                if not outcome.passed:
                    console.print(f"  [red]FAIL[/] {outcome.case.name}")
                    for failure in outcome.failures:
                        console.print(f"       {failure}")
        if failed:
            fail(f"{failed} of {total} pack case(s) failed", code=1)
        console.print(f"[green]all {total} pack cases pass[/]")
