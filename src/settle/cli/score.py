"""`settle score`: score and explain one person."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from settle import words
from settle.cli.common import (
    AsOfOption,
    LangOption,
    PackOption,
    PoliciesOption,
    add_policies,
    console,
    date_of,
    fail,
    lang_of,
    pack_of,
    read_facts,
)
from settle.i18n import Lang
from settle.rules.engine import evaluate
from settle.rules.explain import (
    benefit_text,
    cite_text,
    condition_lines,
    item_value,
    parameter_lines,
    step_lines,
    word,
)
from settle.rules.facts import InvalidFacts
from settle.rules.result import Result


def print_result(result: Result, lang: Lang, full: bool = False, compact: bool = False) -> None:
    """The result item by item (points, why, source), then subtotals, total, eligibility.

    `compact` shows only the items that gave points, one line each."""
    def w(key: str, **values: object) -> str:
        return words.word("cli", key, lang, **values)

    console.print(f"[bold]{result.pack_title(lang)}[/]  ({result.pack}, "
                  f"{w('evaluated_on')} {result.as_of})")
    group_titles = {g: result.groups[g](lang) if g in result.groups else g for g in result.subtotals}
    verdict = result.benefit if result.benefit is not None and result.benefit.kind == "verdict" else None
    if not compact:
        table = Table(show_edge=False, pad_edge=False)
        if verdict is not None:
            heads = tuple(w(k) for k in ("head_no", "head_service", "head_result", "head_source"))
        else:
            heads = tuple(w(k) for k in ("head_no", "head_item", "head_points", "head_source"))
        for name in heads:
            table.add_column(name, justify="right" if name == heads[2] else "left")
        for item in result.items:
            table.add_row(item.no, item.title(lang), item_value(item, lang),
                          cite_text(item.cite, result.documents, lang))
        if verdict is None:
            table.add_section()
            for group, subtotal in result.subtotals.items():
                table.add_row("", group_titles[group], str(subtotal), "")
            table.add_row("", f"[bold]{word('total', lang)}[/]", f"[bold]{result.total}[/]", "")
        console.print(table)
        console.rule(w("why_items"))
    for item in result.items:
        points = (item_value(item, lang) if item.step.kind == "grant"
                  else w("points", points=item.points))
        if compact:
            if item.points:
                why = step_lines(item.step, lang, brief=True)
                detail = why[-1].strip() if why else ""
                console.print(f"  {item.no}. {item.title(lang)}: [bold]{item.points}[/]  {detail}")
            continue
        console.print(f"\n[bold]{item.no}. {item.title(lang)}[/] — [bold green]{points}[/]  "
                      f"[cyan]{cite_text(item.cite, result.documents, lang)}[/]")
        for line in step_lines(item.step, lang, brief=not full):
            console.print(f"    {line}", soft_wrap=False)
        if item.option:
            console.print(f"    [yellow]{word('option', lang)}: {item.option}[/]")
        elif full and item.reading is not None:
            console.print(f"    [yellow]{word('reading', lang)}: {item.reading(lang)}[/]")
        if full:
            for line in parameter_lines(item.parameters, result.documents, lang, item.cite):
                console.print(f"    [dim]{line}[/]", soft_wrap=False)
    groups = "  ".join(f"{group_titles[k]}: {v}" for k, v in result.subtotals.items())
    if verdict is None:
        console.print(f"{'' if compact else chr(10)}{w('subtotals')}: {groups}")
    if result.benefit is None:
        console.print(f"[bold]{word('total', lang)}: {result.total}[/]")
    else:
        console.print(f"[bold]{w('benefit')}: {benefit_text(result.benefit, lang)}[/]")
    if result.eligibility:
        status = word("eligible" if result.eligible else "not_eligible", lang)
        colour = "green" if result.eligible else "red"
        console.print(f"[bold]{w('eligibility')}: [{colour}]{status}[/][/]")
        for rule in result.eligibility:
            mark = "[green]✓[/]" if rule.met else "[red]✗[/]"
            console.print(f" {mark} {rule.title(lang)}  [cyan]"
                          f"{cite_text(rule.cite, result.documents, lang)}[/]")
            if rule.option:
                console.print(f"    [yellow]{word('option', lang)}: {rule.option}[/]")
            if full:
                for line in parameter_lines(rule.parameters, result.documents, lang, rule.cite):
                    console.print(f"    [dim]{line}[/]", soft_wrap=False)
            for line in condition_lines(rule.detail, lang, depth=2):
                console.print(line)
    if result.defaulted and full:
        console.print(w("defaulted")
                      + ", ".join(result.defaulted))


def register(app: typer.Typer) -> None:
    @app.command("score")
    def score(
        facts: Annotated[str, typer.Argument(help="Facts file (JSON or YAML; - for stdin).")],
        pack: PackOption,
        as_of: AsOfOption = None,
        option: Annotated[list[str] | None, typer.Option(
            "--option", "-o", help="Switch on an alternative reading (repeatable).")] = None,
        lang: LangOption = "en",
        as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
        full: Annotated[bool, typer.Option("--full", help="Show zero-point parts too.")] = False,
        policies: PoliciesOption = None,
    ) -> None:
        """Score one person under a pack and explain every item with its source."""
        add_policies(policies)
        day = date_of(as_of)
        chosen = pack_of(pack, day)
        data = read_facts(facts)
        try:
            result = evaluate(chosen, data, as_of=day, options=option or [])
        except InvalidFacts as exc:
            fail(str(exc))
        except KeyError as exc:
            fail(str(exc.args[0]))
        if as_json:
            console.print_json(result.model_dump_json())
        else:
            language = lang_of(lang)
            print_result(result, language, full)
            if day is None:
                console.print(words.word("cli", "pack_day_used", language, day=result.as_of, pack=chosen.id))
