"""`settle agreements` (list, show, check): the sharing agreements under which the public
security bureau gives user departments registration data (agreements/, docs/sharing.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer

from settle.cli.common import JsonOption, LangOption, console, date_of, fail, lang_of, print_json
from settle.language.text import Lang
from settle.packs import PackError
from settle.packs.sources import source_lines
from settle.paths import agreements_dir
from settle.words import word
from settle.workflow.agreements import Agreement, LoadedAgreement, load_agreement, load_agreements

agreements_app = typer.Typer(help="Sharing agreements: which department receives which registration "
                                  "data, for which purpose, until when.", no_args_is_help=True)
OnOption = Annotated[str | None, typer.Option("--on", help="Whether in force on this day YYYY-MM-DD "
                                                           "(default: today).")]


def _all() -> list[LoadedAgreement]:
    try:
        return load_agreements(agreements_dir())
    except PackError as exc:
        fail(str(exc), code=1)


def _find(name: str) -> LoadedAgreement:
    path = Path(name)
    if path.suffix in (".yaml", ".yml") or path.exists():
        try:
            return load_agreement(path)
        except FileNotFoundError:
            fail(f"agreement file {name!r} does not exist")
        except PackError as exc:
            fail(str(exc), code=1)
    found = {a.id: a for a in _all()}
    if name not in found:
        known = ", ".join(sorted(found)) or "none"
        fail(f"no agreement {name!r} in {agreements_dir()} (agreements: {known})")
    return found[name]


def _sharing(key: str, lang: Lang) -> str:
    return word("sharing", key, lang)


def _summary(agreement: Agreement, lang: Lang, day: dt.date) -> dict[str, Any]:
    return {"id": agreement.id, "holder": agreement.holder.id, "user": agreement.user.id,
            "title": agreement.title(lang), "purposes": [p.id for p in agreement.purposes],
            "fields": list(agreement.fields), "changes": list(agreement.changes),
            "valid_from": agreement.valid_from, "valid_until": agreement.valid_until,
            "in_force": agreement.valid_on(day)}


@agreements_app.command("list")
def list_(on: OnOption = None, lang: LangOption = "en", as_json: JsonOption = False) -> None:
    """The agreements: user department, validity, and whether each is in force."""
    language = lang_of(lang)
    day = date_of(on, "--on") or dt.date.today()
    rows = [_summary(a.agreement, language, day) for a in _all()]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        until = row["valid_until"] or _sharing("until_revoked", language)
        state = _sharing("in_force" if row["in_force"] else "not_in_force", language)
        console.print(f"[bold]{row['id']}[/]  {row['user']}  {row['valid_from']} – {until}  ({state})",
                      soft_wrap=True)
        console.print(f"  {row['title']}", soft_wrap=True)


@agreements_app.command("show")
def show(agreement: Annotated[str, typer.Argument(help="An agreement id (in agreements/) or file.")],
         lang: LangOption = "en", quote: Annotated[bool, typer.Option(
             "--quote", help="Quote the cited lines of the seeds.")] = False,
         as_json: JsonOption = False) -> None:
    """Everything an agreement grants, in words, with its legal basis and assumptions."""
    language = lang_of(lang)
    loaded = _find(agreement)
    a = loaded.agreement
    if as_json:
        print_json(a.model_dump(mode="json"))
        return
    sep = _sharing("list_separator", language)
    console.print(f"[bold]{a.title(language)}[/]  ({loaded.file})", soft_wrap=True)
    console.print(f"  {a.holder.title(language)} → {a.user.title(language)}", soft_wrap=True)
    until = a.valid_until or _sharing("until_revoked", language)
    console.print(f"  {_sharing('col_valid', language)}: {a.valid_from} – {until}", soft_wrap=True)
    console.print(f"  {_sharing('col_purposes', language)}: "
                  + sep.join(f"{p.title(language)} ({p.id})" for p in a.purposes), soft_wrap=True)
    console.print(f"  {_sharing('col_fields', language)}: "
                  + sep.join(_sharing(f"field_{f}", language) for f in a.fields), soft_wrap=True)
    if a.changes:
        console.print(f"  {_sharing('col_changes', language)}: "
                      + sep.join(_sharing(f"change_{c}", language) for c in a.changes), soft_wrap=True)
    files = {s.id: s.file for s in a.sources}
    for cite in a.legal_basis:
        where = f"{files.get(cite.source, cite.source)} " + (
            word("sharing", "cite_lines", language, lines=cite.lines) if cite.lines
            else word("sharing", "cite_article", language, article=cite.article))
        console.print(f"  § {where}" + (f": {cite.note}" if cite.note else ""), soft_wrap=True)
        span = cite.line_range()
        lines = source_lines(files.get(cite.source, ""))
        if quote and span is not None and lines is not None:
            for text in lines[span[0] - 1:span[1]]:
                console.print(f"    > {text.strip()[:300]}", soft_wrap=True)
    for assumption in a.assumptions:
        about = word("sharing", "assumption", language, about=assumption.about)
        console.print(f"  [italic]{about}[/]: {assumption.reason}", soft_wrap=True)


@agreements_app.command("check")
def check(paths: Annotated[list[Path] | None, typer.Argument(
        help="Agreement files or folders (default: agreements/).")] = None) -> None:
    """Validate agreement files: every problem with its file, line and agreement."""
    problems: list[str] = []
    ids: list[str] = []
    for path in paths or [agreements_dir()]:
        if not path.exists():
            fail(f"{path} does not exist")
        try:
            loaded = load_agreements(path) if path.is_dir() else [load_agreement(path)]
            ids += [a.id for a in loaded]
        except PackError as exc:
            problems += [str(p) for p in exc.problems]
    if problems:
        for problem in problems:
            console.print(problem, soft_wrap=True, markup=False)
        raise typer.Exit(1)
    console.print(f"ok: {len(ids)} agreement(s): {', '.join(ids)}", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.add_typer(agreements_app, name="agreements")
