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
from settle.rules.frontier import DEFAULT_HORIZON_MONTHS
from settle.rules.pathway import Target
from settle.rules.result import Result
from settle.services.assessment import ServiceReport, assess_services, service_packs
from settle.services.path import PathLimits, PathReport, ServicePath, path_to, person_path
from settle.vocabulary import pack_mapping, to_pack_facts


def print_service(result: Result, pack: Pack, lang: Lang, questions: list[str] | None = None,
                  waiting: set[str] | None = None) -> None:
    """The service's verdict, its conditions and their sources; with `questions` (the facts its
    conditions wait for) it cannot be assessed yet and says which questions to answer, marking
    the `waiting` conditions with a question mark."""
    zh = lang == "zh"
    status = word("eligible" if result.eligible else "not_eligible", lang)
    colour = "green" if result.eligible else "red"
    if questions:
        status = words.word("cli", "cannot_assess_answer", lang, questions=words.word(
            "cli", "list_separator", lang).join(pack.facts[f].title(lang) if f in pack.facts else f
                                               for f in questions))
        colour = "yellow"
    amount = ""
    if pack.meta.amount_unit and result.eligible and not questions:
        amount = f" — {result.total} {unit_text(pack.meta.amount_unit)(lang)}"
    console.print(f"\n[bold]{result.pack_title(lang)}[/] ({pack.id}): [{colour}]{status}[/]{amount}")
    if pack.meta.service is not None:
        console.print(f"  [dim]{pack.meta.service(lang)}[/]")
    for rule in result.eligibility:
        mark = "[yellow]?[/]" if rule.id in (waiting or set()) else "[green]✓[/]" if rule.met else "[red]✗[/]"
        console.print(f"  {mark} {rule.title(lang)}  [cyan]{cite_text(rule.cite, result.documents, lang)}[/]")
        for line in condition_lines(rule.detail, lang, depth=3)[1:] if rule.detail.parts else []:
            console.print(line)
        if not rule.detail.parts:
            console.print(condition_lines(rule.detail, lang, depth=3)[0])
    if zh and not result.eligibility:
        console.print("  （无申请条件）")


PathAnswer = ServicePath  # the path to a target, as settle.services.path finds it
MOST_YEARS = 50


def find_path(pack: Pack, facts: dict[str, Any], target: Target, on: dt.date,
              horizon_months: int = DEFAULT_HORIZON_MONTHS) -> PathAnswer:
    return path_to(pack, facts, target, on, PathLimits(horizon_months=horizon_months))


def path_json(pack: Pack, answer: PathAnswer, lang: Lang, target: Target | None = None) -> dict[str, Any]:
    """What --json says of a path: the API's PathReport."""
    return answer.report(pack, target or Target(), lang).model_dump(mode="json")


def frontier_table(report: PathReport, lang: Lang) -> Table:
    """The frontier as a small table: one row per plan, cheapest (latest) first."""
    unit = report.cost_unit(lang)
    table = Table(title=words.word("path", "frontier_title", lang), title_justify="left")
    table.add_column(words.word("path", "col_reached", lang), no_wrap=True)
    table.add_column(words.word("path", "col_cost", lang, unit=unit), justify="right", no_wrap=True)
    table.add_column(words.word("path", "col_plan", lang), ratio=1, overflow="fold")
    table.add_column(words.word("path", "col_total", lang), justify="right", no_wrap=True)
    for plan in report.frontier:
        table.add_row(str(plan.reached_on), str(plan.cost), plan.words(lang), str(plan.total))
    return table


def print_path(pack: Pack, facts: dict[str, Any], target: Target, on: dt.date, lang: Lang,
               answer: PathAnswer | None = None) -> None:
    """The earliest date time alone reaches the target, and the frontier of plans."""
    answer = answer or find_path(pack, facts, target, on)
    report = answer.report(pack, target, lang)
    if answer.earliest is None:
        console.print("  " + answer.limit.never_text(lang))
    else:
        day, result = answer.earliest
        console.print("  " + words.word("path", "time_alone_from", lang, day=day, total=result.total))
    bound = report.bound_words(lang)
    if not answer.has_actions:
        if bound:
            console.print("  " + bound)
        return
    if not report.frontier:
        console.print("  " + (bound or words.word("path", "no_plan", lang)))
        return
    console.print(frontier_table(report, lang))
    if bound:
        console.print("  " + bound)
    used = {a.id: a for plan in answer.frontier.points for a, _n in plan.counts}
    if used:
        unit = unit_text(pack.meta.action_cost_unit)(lang)
        console.print("  [dim]" + words.word("path", "costs_assumed", lang) + "[/]")
        for action in used.values():
            console.print("  [dim]  - " + words.word("path", "action_note", lang, title=action.title(lang),
                                                     cost=action.cost, unit=unit, note=action.cite.note or "")
                          + "[/]")


def service_json(pack: Pack, lang: Lang, result: Result | None, missing: list[str],
                 path: PathAnswer | None, report: ServiceReport | None = None) -> dict[str, Any]:
    """What `settle eligibility --json` says of one service: the API's verdict, assessed,
    eligible and questions to answer (`report`), the full result, as `settle score --json`
    gives it, and the path when asked for and not eligible."""
    amount = result.total if result is not None and pack.meta.amount_unit else None
    assessed = result is not None if report is None else report.assessed
    eligible = (None if result is None else result.eligible) if report is None else report.eligible
    return {"pack": pack.id, "title": pack.meta.title(lang), "assessed": assessed,
            "verdict": None if report is None else report.verdict,
            "eligible": eligible, "amount": amount if eligible is not None else None,
            "to_answer": [] if report is None else [q.model_dump() for q in report.to_answer],
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
            report = service.report(language)
            if result is None:
                needs = report.missing
                answers.append(service_json(pack, language, None, needs, None, report))
                if not as_json:
                    console.print(f"\n[bold]{pack.meta.title(language)}[/] ({pack.id}): "
                                  f"[yellow]{'无法评估' if language == 'zh' else 'cannot assess'}[/] — "
                                  f"{'; '.join(needs)}")
                continue
            found = service.path
            answers.append(service_json(pack, language, result, [], found, report))
            if not as_json:
                read = service.read_conditions()
                print_service(result, pack, language, read.to_answer if read.verdict == "to_answer" else None,
                              {rule.id for rule in read.waiting})
                if found is not None:
                    print_path(pack, own, Target(), result.as_of, language, found)
        if as_json:
            print_json({"city": city, "as_of": day, "services": answers})

    @app.command("path")
    def path(
        facts: Annotated[str, typer.Argument(help="Facts file (JSON or YAML).")],
        pack: PackOption,
        points: Annotated[str | None, typer.Option(help="Points to reach (e.g. a round's cut-off).")] = None,
        horizon: Annotated[str, typer.Option(
            metavar="YEARS", help="How many years ahead to look (never past the pack's last day).")] = "10",
        as_of: AsOfOption = None,
        lang: LangOption = "en",
        as_json: JsonOption = False,
        policies: PoliciesOption = None,
    ) -> None:
        """The earliest date time alone makes a person eligible (and reach `--points`), and the
        cheapest plan of actions and waiting for each date: the cost-versus-date frontier."""
        add_policies(policies)
        language = lang_of(lang)
        if not horizon.isdigit() or not 1 <= int(horizon) <= MOST_YEARS:
            fail(words.word("path", "horizon_bad", language, value=repr(horizon), most=MOST_YEARS))
        day = date_of(as_of)
        chosen = pack_of(pack, day)
        data = read_facts(facts)
        try:
            target = Target(eligible=True, points=None if points is None else Decimal(points))
            answer = person_path(chosen, data, target, as_of=day,
                                 limits=PathLimits(horizon_months=12 * int(horizon)))
        except InvalidFacts as exc:
            fail(str(exc))
        except ArithmeticError:
            fail(f"--points must be a number, not {points!r}")
        if as_json:
            print_json(answer.report(language).model_dump(mode="json"))
            return
        result = answer.result
        verdict = word("eligible" if result.eligible else "not_eligible", language)
        console.print("[bold]" + words.word("path", "now_and_target", language,
                                            title=chosen.meta.title(language), total=result.total,
                                            verdict=verdict, target=target.describe(language)) + "[/]")
        if answer.path is None:
            console.print("  " + words.word("path", "already_there", language))
            return
        print_path(chosen, data, target, result.as_of, language, answer.path)

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
