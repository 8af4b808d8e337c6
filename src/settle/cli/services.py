"""`settle eligibility`, `settle path` and `settle compare`: what a person can get, what it
would take, and how each city would score them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import typer
from rich.table import Table

from settle.cli.common import AsOfOption, LangOption, console, date_of, fail, lang_of, pack_of, read_facts
from settle.i18n import Lang, unit_text
from settle.packs import Pack, default_catalogue
from settle.packs.routing import facts_read_by_item
from settle.rules.engine import evaluate
from settle.rules.explain import cite_text, condition_lines, word
from settle.rules.facts import InvalidFacts
from settle.rules.pathway import Target, cheapest_actions, earliest_date
from settle.rules.result import Result
from settle.vocabulary import pack_mapping, to_pack_facts


def facts_for_pack(pack: Pack, facts: dict[str, Any]) -> dict[str, Any]:
    """The facts a pack declares, from a document that may hold other services' facts too."""
    return {name: value for name, value in facts.items() if name in pack.facts}


def print_service(result: Result, pack: Pack, lang: Lang) -> None:
    zh = lang == "zh"
    status = word("eligible" if result.eligible else "not_eligible", lang)
    colour = "green" if result.eligible else "red"
    amount = ""
    if pack.meta.amount_unit and result.eligible:
        amount = f" — {result.total} {unit_text(pack.meta.amount_unit)(lang)}"
    console.print(f"\n[bold]{result.pack_title(lang)}[/] ({pack.id}): [{colour}]{status}[/]{amount}")
    if pack.meta.service is not None:
        console.print(f"  [dim]{pack.meta.service(lang)}[/]")
    for rule in result.eligibility:
        mark = "[green]✓[/]" if rule.met else "[red]✗[/]"
        console.print(f"  {mark} {rule.title(lang)}  [cyan]{cite_text(rule.cite, result.documents, lang)}[/]")
        for line in condition_lines(rule.detail, lang, depth=3)[1:] if rule.detail.parts else []:
            console.print(line)
        if not rule.detail.parts:
            console.print(condition_lines(rule.detail, lang, depth=3)[0])
    if zh and not result.eligibility:
        console.print("  （无申请条件）")


def print_path(pack: Pack, facts: dict[str, Any], target: Target, on: dt.date, lang: Lang) -> None:
    """The earliest date time alone reaches the target, and the cheapest actions."""
    zh = lang == "zh"
    when = earliest_date(pack, facts, target, on)
    if when is None:
        console.print("  " + ("仅靠时间推移，20年内无法达到目标" if zh else
                              "time alone does not get there within 20 years"))
    else:
        day, result = when
        console.print("  " + (f"仅靠时间推移：{day} 起可达到（总分 {result.total}）" if zh else
                              f"time alone: from {day} (total then {result.total})"))
    if not pack.actions:
        return
    plan = cheapest_actions(pack, facts, target, on)
    if plan is None:
        none = "行动目录中没有能达到目标的组合" if zh else "no combination of the pack's actions gets there"
        console.print(f"  {none}")
        return
    if not plan.counts:
        return
    unit = pack.meta.action_cost_unit or ""
    console.print("  " + ("最省的行动组合：" if zh else "cheapest actions:"))
    for action, times in plan.counts:
        console.print(f"    - {action.title(lang)} × {times}: {action.cost * times} {unit}, "
                      f"{action.months} {'个月' if zh else 'months'}  [dim]({action.cite.note or ''})[/]")
    console.print("    " + (f"合计 {plan.cost} {unit}；{plan.on} 完成后总分 {plan.result.total}，"
                            f"{word('eligible' if plan.result.eligible else 'not_eligible', lang)}" if zh else
                            f"in all {plan.cost} {unit}; done by {plan.on}, total {plan.result.total}, "
                            f"{word('eligible' if plan.result.eligible else 'not_eligible', lang)}"))


def register(app: typer.Typer) -> None:
    @app.command("eligibility")
    def eligibility(
        facts: Annotated[str, typer.Argument(help="Facts file (JSON or YAML) for one person.")],
        city: Annotated[str, typer.Option("--city", help="Jurisdiction, e.g. guangzhou.")],
        as_of: AsOfOption = None,
        lang: LangOption = "en",
        path: Annotated[bool, typer.Option(help="Also show the path to each service not yet open.")] = True,
    ) -> None:
        """Evaluate every service of a city for one person: conditions, citations, amounts."""
        language = lang_of(lang)
        data = read_facts(facts)
        catalogue = default_catalogue()
        day = date_of(as_of)
        services = catalogue.services(city, day or dt.date.today()) if day else [
            p for p in catalogue.all() if p.meta.jurisdiction == city and p.meta.kind == "service"]
        if not services:
            fail(f"no service packs for {city!r}")
        known = {name for p in services for name in p.facts}
        unknown = sorted(set(data) - known)
        if unknown:
            fail(f"facts not used by any {city} service: {', '.join(unknown)}")
        for pack in services:
            try:
                result = evaluate(pack, facts_for_pack(pack, data), as_of=day)
            except InvalidFacts as exc:
                needs = "; ".join(f"{p.field}: {p.message}" for p in exc.problems)
                console.print(f"\n[bold]{pack.meta.title(language)}[/] ({pack.id}): "
                              f"[yellow]{'无法评估' if language == 'zh' else 'cannot assess'}[/] — {needs}")
                continue
            print_service(result, pack, language)
            if path and not result.eligible:
                print_path(pack, facts_for_pack(pack, data), Target(), result.as_of, language)

    @app.command("path")
    def path(
        facts: Annotated[str, typer.Argument(help="Facts file (JSON or YAML).")],
        pack: Annotated[str, typer.Option("--pack", "-p", help="Pack id or jurisdiction.")],
        points: Annotated[str | None, typer.Option(help="Points to reach (e.g. a round's cut-off).")] = None,
        as_of: AsOfOption = None,
        lang: LangOption = "en",
    ) -> None:
        """The earliest date and the cheapest actions that make a person eligible (and reach
        `--points`)."""
        day = date_of(as_of)
        chosen = pack_of(pack, day)
        data = read_facts(facts)
        try:
            target = Target(eligible=True, points=None if points is None else Decimal(points))
            result = evaluate(chosen, data, as_of=day)
        except InvalidFacts as exc:
            fail(str(exc))
        except ArithmeticError:
            fail(f"--points must be a number, not {points!r}")
        console.print(f"[bold]{chosen.meta.title(lang_of(lang))}[/]: now {result.total}, "
                      f"{word('eligible' if result.eligible else 'not_eligible', lang_of(lang))}; "
                      f"target: {target.describe()}")
        if target.reached(result):
            console.print("  already there")
            return
        print_path(chosen, data, target, result.as_of, lang_of(lang))

    @app.command("compare")
    def compare(
        facts: Annotated[str, typer.Argument(help="Facts in the shared vocabulary (vocabulary/facts.yaml).")],
        as_of: AsOfOption = None,
        lang: LangOption = "en",
    ) -> None:
        """Score one person under every city's current points pack, side by side."""
        language = lang_of(lang)
        day = date_of(as_of)
        data = read_facts(facts)
        catalogue = default_catalogue()
        cities = sorted({p.meta.jurisdiction for p in catalogue.all() if p.meta.kind == "points"})
        table = Table(title="Cross-city comparison")
        for name in ("city", "pack", "total", "eligible", "largest items", "facts not used"):
            table.add_column(name)
        by_fact: dict[str, list[str]] = {name: [] for name in data}
        for city in cities:
            try:
                pack = catalogue.resolve(city, day)
            except LookupError:
                continue
            try:
                mapped, unused = to_pack_facts(pack, data)
                result = evaluate(pack, mapped, as_of=day)
            except (InvalidFacts, ValueError) as exc:
                fail(f"{pack.id}: {exc}")
            top = sorted(result.items, key=lambda i: -i.points)[:3]
            readers = facts_read_by_item(pack)
            mapping = pack_mapping(pack)
            points = {i.id: i for i in result.items}
            for name in data:
                targets = mapping[name].to if name in mapping else []
                items = dict.fromkeys(i for t in targets for i in readers.get(t, []))
                shown = ", ".join(f"{points[i].title(language)} {points[i].points}" for i in items)
                fallback = "eligibility or ranking only" if targets else "not used"
                by_fact[name].append(f"{city}: {shown or fallback}")
            table.add_row(city, pack.id, str(result.total),
                          word("eligible" if result.eligible else "not_eligible", language)
                          if result.eligibility else "-",
                          "; ".join(f"{i.title(language)} {i.points}" for i in top if i.points),
                          ", ".join(unused) or "-")
        console.print(table)
        console.print("[bold]Where each fact counts[/] (the items that read it, with their points):")
        for name, places in by_fact.items():
            console.print(f"  {name}: " + " | ".join(places))
