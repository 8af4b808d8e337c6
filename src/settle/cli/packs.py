"""Commands about packs themselves: list, show every rule, facts schema, run pack tests."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from settle.cli.common import (
    JsonOption,
    LangOption,
    PackOption,
    PoliciesOption,
    add_policies,
    console,
    fail,
    lang_of,
    pack_of,
    print_json,
)
from settle.cli.pack_list import list_packs
from settle.cli.pack_test import test_packs
from settle.i18n import Lang, unit_text
from settle.packs.numbers import Numbers
from settle.packs.pack import Pack
from settle.packs.schema import Citation
from settle.packs.sources import source_path
from settle.rules.describe import describe_condition, describe_node
from settle.rules.explain import cite_text
from settle.rules.json_schema import facts_schema
from settle.words import word


def _documents(pack: Pack) -> dict[str, str]:
    return {s.id: s.file for s in pack.meta.sources}


def print_pack(pack: Pack, lang: Lang, quote: bool) -> None:
    meta = pack.meta
    docs = _documents(pack)
    numbers = Numbers(pack, meta.default_evaluation_date)  # fills a title's {parameter}
    def w(key: str, **values: Any) -> str:
        return word("cli", key, lang, **values)

    console.print(f"[bold]{meta.title(lang)}[/] ({pack.id})")
    console.print(w("in_force", start=meta.effective_from, end=meta.effective_to or w("open_ended"))
                  + cite_text(meta.effective_cite, docs, lang))
    for group in meta.groups:
        items = [i for i in pack.items if i.group == group.id]
        if not items:
            continue
        console.rule(group.title(lang))
        for item in items:
            depts = w("list_separator").join(meta.departments[d](lang) for d in item.departments)
            console.print(f"[bold]{item.no}. {numbers.words(item.title)(lang)}[/]  [dim]({item.id})[/]")
            for line in describe_node(pack, item.rule, lang):
                console.print(f"    {line}")
            if depts:
                console.print(f"    [dim]{w('verified_by')}: {depts}[/]")
            console.print(f"    [cyan]{w('source')}: "
                          f"{cite_text(item.cite, docs, lang, with_quote=quote)}[/]")
            if item.reading is not None:
                console.print(f"    [yellow]{w('reading')}: {numbers.words(item.reading)(lang)}[/]")
    if pack.eligibility:
        console.rule(w("conditions"))
        for rule in pack.eligibility:
            console.print(f"[bold]{rule.title(lang)}[/]  [dim]({rule.id})[/]")
            console.print(f"    {describe_condition(pack, rule.condition, lang)}")
            console.print(f"    [cyan]{w('source')}: "
                          f"{cite_text(rule.cite, docs, lang, with_quote=quote)}[/]")
    if meta.parameters:
        console.rule(w("parameters"))
        for name, param in meta.parameters.items():
            unit = f" {unit_text(param.unit)(lang)}" if param.unit else ""
            console.print(f"[bold]{param.title(lang)}[/] ({name}) = {param.value}{unit}   "
                          f"[cyan]{cite_text(param.cite, docs, lang)}[/]")
    if meta.ranking is not None:
        console.rule(w("ranking"))
        for n, key in enumerate(meta.ranking.keys, 1):
            console.print(f"{n}. {key.title(lang)} ({key.by}, {key.order})   "
                          f"[cyan]{cite_text(key.cite, docs, lang)}[/]")
        console.print(w("ties", ties=meta.ranking.ties))
    if pack.options:
        console.rule(w("options"))
        for option in pack.options.values():
            console.print(f"[bold]{option.id}[/]: {option.title(lang)} — {option.reading(lang)}  "
                          f"[cyan]{cite_text(option.cite, docs, lang)}[/]")
    if meta.gaps:
        console.rule(w("gaps"))
        for gap in meta.gaps:
            console.print(f"- {gap(lang)}")


def _text(text: object | None, lang: Lang) -> str | None:
    return None if text is None else text(lang)  # type: ignore[operator]


def pack_json(pack: Pack, lang: Lang) -> dict[str, Any]:
    """What `settle show --json` says: every rule in words with its source, as data."""
    meta = pack.meta
    docs = _documents(pack)

    def cite(c: Citation) -> str:
        return cite_text(c, docs, lang)

    return {
        "id": pack.id, "kind": meta.kind, "jurisdiction": meta.jurisdiction,
        "title": meta.title(lang), "version": meta.version,
        "effective_from": str(meta.effective_from),
        "effective_to": None if meta.effective_to is None else str(meta.effective_to),
        "source": cite(meta.effective_cite), "folder": str(pack.root),
        "sources": [{"id": s.id, "file": s.file, "title": s.title(lang),
                     "on_this_machine": source_path(s.file) is not None} for s in meta.sources],
        "items": [{"id": i.id, "no": i.no, "group": i.group, "title": i.title(lang),
                   "rule": describe_node(pack, i.rule, lang),
                   "departments": [meta.departments[d](lang) for d in i.departments],
                   "source": cite(i.cite), "reading": _text(i.reading, lang)} for i in pack.items],
        "eligibility": [{"id": r.id, "title": r.title(lang),
                         "condition": describe_condition(pack, r.condition, lang),
                         "source": cite(r.cite)} for r in pack.eligibility],
        "parameters": [{"id": name, "title": p.title(lang), "value": p.value, "unit": p.unit,
                        "values": {str(day): v.value for day, v in p.values.items()},
                        "source": cite(p.cite)} for name, p in meta.parameters.items()],
        "ranking": None if meta.ranking is None else {
            "keys": [{"by": k.by, "order": k.order, "title": k.title(lang), "source": cite(k.cite)}
                     for k in meta.ranking.keys], "ties": meta.ranking.ties},
        "rounds": [{"id": r.id, "title": r.title(lang), "lines": [line.id for line in r.lines],
                    "source": cite(r.cite)} for r in meta.rounds],
        "options": [{"id": o.id, "title": o.title(lang), "reading": o.reading(lang),
                     "source": cite(o.cite)} for o in pack.options.values()],
        "actions": [{"id": a.id, "title": a.title(lang), "cost": a.cost, "months": a.months}
                    for a in pack.actions],
        "gaps": [gap(lang) for gap in meta.gaps],
    }


def one_pack(argument: str | None, option: str | None, command: str) -> str:
    """The pack given as the argument or as --pack (the same value if both)."""
    if argument and option and argument != option:
        fail(f"`settle {command}` got two packs, {argument!r} and --pack {option!r}: give one")
    chosen = argument or option
    if chosen is None:
        fail(f"`settle {command}` needs a pack: an id, a jurisdiction or a folder (./my-pack)")
    return chosen


PackArgument = Annotated[str | None, typer.Argument(
    metavar="PACK", help="Pack id, jurisdiction, or pack folder as a path (./my-pack).",
    show_default=False)]
OptionalPack = Annotated[str | None, typer.Option(
    "--pack", "-p", metavar="PACK", help="The same as the argument.", show_default=False)]


def register(app: typer.Typer) -> None:
    app.command("packs")(list_packs)
    app.command("test")(test_packs)

    @app.command("show")
    def show(
        pack: PackArgument = None,
        pack_option: OptionalPack = None,
        lang: LangOption = "en",
        quote: Annotated[bool, typer.Option(help="Quote the cited source lines.")] = False,
        as_json: JsonOption = False,
        policies: PoliciesOption = None,
    ) -> None:
        """Print every rule of a pack in words, with its citation."""
        add_policies(policies)
        chosen = pack_of(one_pack(pack, pack_option, "show"))
        if as_json:
            print_json(pack_json(chosen, lang_of(lang)))
        else:
            print_pack(chosen, lang_of(lang), quote)

    @app.command("schema")
    def schema(
        pack: PackOption,
        lang: LangOption = "en",
        policies: PoliciesOption = None,
    ) -> None:
        """Print the JSON Schema of the facts a pack asks for."""
        add_policies(policies)
        print_json(facts_schema(pack_of(pack), lang_of(lang)))
