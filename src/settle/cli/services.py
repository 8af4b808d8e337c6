"""`settle eligibility`, `settle path` and `settle compare`: what a person can get, what it
would take, and how each city would score them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

import typer
from rich.table import Table

from settle import words
from settle.cli.common import (
    AsOfOption,
    JsonOption,
    LangOption,
    PackOption,
    PoliciesOption,
    add_policies,
    all_packs,
    console,
    date_of,
    fail,
    lang_of,
    pack_of,
    print_json,
    read_facts,
)
from settle.i18n import Lang, unit_text
from settle.packs import Pack, default_catalogue
from settle.packs.routing import base_facts, facts_read_by_item
from settle.rules.engine import evaluate
from settle.rules.explain import cite_text, condition_lines, word
from settle.rules.facts import InvalidFacts
from settle.rules.pathway import Target
from settle.rules.result import Result
from settle.services.assessment import PathLimits, ServicePath, assess_services, path_to, service_packs
from settle.vocabulary import pack_mapping, to_pack_facts


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


PathAnswer = ServicePath  # the path to a target, as settle.services.assessment finds it


def find_path(pack: Pack, facts: dict[str, Any], target: Target, on: dt.date,
              horizon_months: int = 240) -> PathAnswer:
    return path_to(pack, facts, target, on, PathLimits(horizon_months=horizon_months))


def path_json(pack: Pack, answer: PathAnswer, lang: Lang) -> dict[str, Any]:
    """What --json says of a path."""
    plan = answer.plan
    return {
        "time_alone": None if answer.earliest is None else {
            "from": answer.earliest[0], "total": answer.earliest[1].total,
            "eligible": answer.earliest[1].eligible},
        "time_alone_until": answer.limit.until, "time_alone_limit_is_pack_end": answer.limit.pack_ends,
        "cheapest_actions": None if plan is None else {
            "actions": [{"id": a.id, "title": a.title(lang), "times": n, "cost": a.cost * n,
                         "months": a.months_for(n)} for a, n in plan.counts],
            "cost": plan.cost, "cost_unit": pack.meta.action_cost_unit, "done_by": plan.on,
            "total": plan.result.total, "eligible": plan.result.eligible},
        "actions_declared": answer.has_actions,
    }


def print_path(pack: Pack, facts: dict[str, Any], target: Target, on: dt.date, lang: Lang,
               answer: PathAnswer | None = None) -> None:
    """The earliest date time alone reaches the target, and the cheapest actions."""
    answer = answer or find_path(pack, facts, target, on)
    if answer.earliest is None:
        console.print("  " + answer.limit.never_text(lang))
    else:
        day, result = answer.earliest
        console.print("  " + words.word("cli", "time_alone_from", lang, day=day, total=result.total))
    if not answer.has_actions:
        return
    plan = answer.plan
    if plan is None:
        console.print(f"  {words.word('cli', 'no_plan', lang)}")
        return
    if not plan.counts:
        return
    unit = pack.meta.action_cost_unit or ""
    console.print("  " + words.word("cli", "cheapest", lang))
    for action, times in plan.counts:
        console.print(f"    - {action.title(lang)} × {times}: {action.cost * times} {unit}, "
                      f"{words.word('cli', 'months', lang, months=action.months)}  "
                      f"[dim]({action.cite.note or ''})[/]")
    verdict = word("eligible" if plan.result.eligible else "not_eligible", lang)
    console.print("    " + words.word("cli", "plan_total", lang, cost=plan.cost, unit=unit, on=plan.on,
                                 total=plan.result.total, verdict=verdict))


def service_json(pack: Pack, lang: Lang, result: Result | None, missing: list[str],
                 path: PathAnswer | None) -> dict[str, Any]:
    """What `settle eligibility --json` says of one service: the full result, as `settle score
    --json` gives it, and the path when asked for and not eligible."""
    amount = result.total if result is not None and pack.meta.amount_unit else None
    return {"pack": pack.id, "title": pack.meta.title(lang), "assessed": result is not None,
            "eligible": None if result is None else result.eligible, "amount": amount,
            "amount_unit": pack.meta.amount_unit, "missing": missing,
            "result": None if result is None else result.model_dump(mode="json"),
            "path": None if path is None else path_json(pack, path, lang)}


def register(app: typer.Typer) -> None:
    @app.command("eligibility")
    def eligibility(
        facts: Annotated[str, typer.Argument(help="Facts file (JSON or YAML) for one person.")],
        city: Annotated[str, typer.Option("--city", help="Jurisdiction, e.g. guangzhou.")],
        as_of: AsOfOption = None,
        lang: LangOption = "en",
        path: Annotated[bool, typer.Option(help="Also show the path to each service not yet open.")] = True,
        as_json: JsonOption = False,
        policies: PoliciesOption = None,
    ) -> None:
        """Evaluate every service of a city for one person: conditions, citations, amounts."""
        add_policies(policies)
        language = lang_of(lang)
        data = read_facts(facts)
        day = date_of(as_of)
        all_packs()  # exits naming the first invalid pack
        services = service_packs(city, day)
        if not services:
            fail(f"no service packs for {city!r}")
        assessment = assess_services(city=city, packs=services, facts=data, as_of=day,
                                     path=PathLimits() if path else None)
        if assessment.unused_facts:
            fail(f"facts not used by any {city} service: {', '.join(assessment.unused_facts)}")
        answers = []
        for service in assessment.services:
            pack, own, result = service.pack, service.facts, service.result
            if result is None:
                needs = service.report(language).missing
                answers.append(service_json(pack, language, None, needs, None))
                if not as_json:
                    console.print(f"\n[bold]{pack.meta.title(language)}[/] ({pack.id}): "
                                  f"[yellow]{'无法评估' if language == 'zh' else 'cannot assess'}[/] — "
                                  f"{'; '.join(needs)}")
                continue
            found = service.path
            answers.append(service_json(pack, language, result, [], found))
            if not as_json:
                print_service(result, pack, language)
                if found is not None:
                    print_path(pack, own, Target(), result.as_of, language, found)
        if as_json:
            print_json({"city": city, "as_of": day, "services": answers})

    @app.command("path")
    def path(
        facts: Annotated[str, typer.Argument(help="Facts file (JSON or YAML).")],
        pack: PackOption,
        points: Annotated[str | None, typer.Option(help="Points to reach (e.g. a round's cut-off).")] = None,
        as_of: AsOfOption = None,
        lang: LangOption = "en",
        as_json: JsonOption = False,
        policies: PoliciesOption = None,
    ) -> None:
        """The earliest date and the cheapest actions that make a person eligible (and reach
        `--points`)."""
        add_policies(policies)
        day = date_of(as_of)
        chosen = pack_of(pack, day)
        data = read_facts(facts)
        language = lang_of(lang)
        try:
            target = Target(eligible=True, points=None if points is None else Decimal(points))
            result = evaluate(chosen, data, as_of=day)
        except InvalidFacts as exc:
            fail(str(exc))
        except ArithmeticError:
            fail(f"--points must be a number, not {points!r}")
        reached = target.reached(result)
        found = None if reached else find_path(chosen, data, target, result.as_of)
        if as_json:
            print_json({"pack": chosen.id, "as_of": result.as_of, "total": result.total,
                        "eligible": result.eligible, "target": target.describe(),
                        "reached": reached,
                        "path": None if found is None else path_json(chosen, found, language)})
            return
        console.print(f"[bold]{chosen.meta.title(language)}[/]: now {result.total}, "
                      f"{word('eligible' if result.eligible else 'not_eligible', language)}; "
                      f"target: {target.describe()}")
        if reached:
            console.print("  already there")
            return
        print_path(chosen, data, target, result.as_of, language, found)

    @app.command("compare")
    def compare(
        facts: Annotated[str, typer.Argument(help="Facts in the shared vocabulary (vocabulary/facts.yaml).")],
        as_of: AsOfOption = None,
        lang: LangOption = "en",
        as_json: JsonOption = False,
        policies: PoliciesOption = None,
    ) -> None:
        """Score one person under every city's current points pack, side by side."""
        add_policies(policies)
        language = lang_of(lang)
        day = date_of(as_of)
        data = read_facts(facts)
        catalogue = default_catalogue()
        cities = sorted({p.meta.jurisdiction for p in all_packs() if p.meta.kind == "points"})
        rows: list[dict[str, Any]] = []
        table = Table(title="Cross-city comparison")
        for name in ("city", "pack", "total", "eligible", "largest items", "facts not used"):
            table.add_column(name, no_wrap=name in ("city", "pack"))
        by_fact: dict[str, list[str]] = {name: [] for name in data}
        for city in cities:
            try:
                pack = catalogue.resolve(city, day)
            except LookupError:
                continue
            if not (pack.root / "vocabulary.yaml").is_file():
                if not as_json:
                    console.print(f"[dim]{pack.id} left out: it has no vocabulary.yaml "
                                  "(docs/authoring.md)[/]", soft_wrap=True)
                continue
            try:
                mapped, unused = to_pack_facts(pack, data)
                result = evaluate(pack, mapped, as_of=day)
            except (InvalidFacts, ValueError) as exc:
                fail(f"{pack.id}: {exc}")
            top = [i for i in sorted(result.items, key=lambda i: -i.points)[:3] if i.points]
            readers = facts_read_by_item(pack)
            mapping = pack_mapping(pack)
            points = {i.id: i for i in result.items}
            counts: dict[str, list[dict[str, Any]] | str] = {}
            for name in data:
                targets = mapping[name].to if name in mapping else []
                # an item may read the fact itself or a fact derived from it (age from birth_date)
                read = [*targets, *(d for d in pack.derived
                                    if set(targets) & set(base_facts(pack, d)))]
                items = dict.fromkeys(i for t in read for i in readers.get(t, []))
                shown = ", ".join(f"{points[i].title(language)} {points[i].points}" for i in items)
                fallback = "eligibility or ranking only" if targets else "not used"
                by_fact[name].append(f"{city}: {shown or fallback}")
                counts[name] = [{"item": i, "title": points[i].title(language),
                                 "points": points[i].points} for i in items] or fallback
            eligible = (word("eligible" if result.eligible else "not_eligible", language)
                        if result.eligibility else "-")
            table.add_row(city, pack.id, str(result.total), eligible,
                          "; ".join(f"{i.title(language)} {i.points}" for i in top),
                          ", ".join(unused) or "-")
            rows.append({"city": city, "pack": pack.id, "as_of": result.as_of, "total": result.total,
                         "eligible": result.eligible if result.eligibility else None,
                         "largest_items": [{"item": i.id, "title": i.title(language), "points": i.points}
                                           for i in top],
                         "facts_not_used": unused, "where_facts_count": counts})
        if as_json:
            print_json(rows)
            return
        console.print(table)
        console.print("[bold]Where each fact counts[/] (the items that read it, with their points):")
        for name, places in by_fact.items():
            console.print(f"  {name}: " + " | ".join(places))
