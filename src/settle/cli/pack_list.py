"""`settle packs`: every pack, its dates and sizes, and every problem of an invalid pack.

The text listing gives each pack a block: the id in full on its first line (the one thing a
user copies; never cut, in an 80-column terminal or a pipe), then its kind, sizes and title
on the lines below, wrapped to the width. An invalid pack lists each problem (file:line,
rule id, message) and the command exits 1. `--json` gives the same as a list of objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Text

from settle.cli.common import (
    JsonOption,
    LangOption,
    PoliciesOption,
    add_policies,
    console,
    fail,
    lang_of,
    print_json,
)
from settle.i18n import Lang
from settle.packs import PackError, default_catalogue
from settle.packs.errors import PackProblem
from settle.packs.pack import Pack


@dataclass(frozen=True)
class Listed:
    """One pack of the listing: loaded, or the problems that kept it from loading."""

    id: str
    folders: list[Path]
    shipped: bool
    pack: Pack | None
    problems: list[PackProblem]


def listed_packs() -> list[Listed]:
    catalogue = default_catalogue()
    found = catalogue.folders()
    out = []
    for pack_id in catalogue.ids():
        try:
            pack: Pack | None = catalogue.load(pack_id)
            problems: list[PackProblem] = []
        except PackError as exc:
            pack, problems = None, exc.problems
        out.append(Listed(pack_id, found[pack_id], catalogue.shipped(pack_id), pack, problems))
    return out


def _problem_json(problem: PackProblem) -> dict[str, Any]:
    return {"file": problem.file, "line": problem.line, "rule": problem.rule,
            "message": problem.message}


def pack_json(entry: Listed) -> dict[str, Any]:
    """What `settle packs --json` says of one pack."""
    out: dict[str, Any] = {"id": entry.id, "valid": entry.pack is not None,
                           "shipped": entry.shipped, "folder": str(entry.folders[0])}
    if entry.pack is None:
        out["problems"] = [_problem_json(p) for p in entry.problems]
        return out
    pack, meta = entry.pack, entry.pack.meta
    out.update({
        "kind": meta.kind, "jurisdiction": meta.jurisdiction, "version": meta.version,
        "title": {"en": meta.title.en, "zh": meta.title.zh},
        "effective_from": str(meta.effective_from),
        "effective_to": None if meta.effective_to is None else str(meta.effective_to),
        "items": len(pack.items), "conditions": len(pack.eligibility), "cases": len(pack.cases),
        "options": sorted(pack.options), "rounds": [r.id for r in meta.rounds],
        "actions": [a.id for a in pack.actions],
    })
    return out


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _indented(text: str, style: str = "") -> None:
    """`text` on lines indented by four, wrapped to the width, no trailing blanks."""
    lines = Text(text, style=style).wrap(console, max(20, console.width - 4))
    for line in lines:
        line.rstrip()
        console.print(Text("    ") + line, soft_wrap=True)


def _print_entry(entry: Listed, width: int, city_width: int, lang: Lang) -> None:
    head = Text(entry.id.ljust(width), style="bold")
    if entry.pack is None:
        head.append(f"  invalid: {_plural(len(entry.problems), 'problem')}", style="red")
        console.print(head, soft_wrap=True)
        for problem in entry.problems:
            _indented(str(problem))
    else:
        meta = entry.pack.meta
        head.append(f"  {meta.jurisdiction.ljust(city_width)}  "
                    f"{meta.effective_from} – {meta.effective_to or 'open'}")
        console.print(head, soft_wrap=True)
        sizes = (f"{meta.kind}: {_plural(len(entry.pack.items), 'item')}, "
                 f"{_plural(len(entry.pack.eligibility), 'condition')}, "
                 f"{_plural(len(entry.pack.cases), 'case')}")
        _indented(f"{sizes} — {meta.title(lang)}", style="dim")
    if not entry.shipped:
        console.print(Text(f"    from {entry.folders[0]}", style="cyan"), soft_wrap=True)


def list_packs(lang: LangOption = "en", as_json: JsonOption = False,
               policies: PoliciesOption = None) -> None:
    """List the policy packs with their jurisdiction and effective dates; an invalid pack's
    problems each with file:line and rule (exit 1)."""
    add_policies(policies)
    language = lang_of(lang)
    entries = listed_packs()
    invalid = [e.id for e in entries if e.pack is None]
    if as_json:
        print_json([pack_json(e) for e in entries])
    else:
        width = max((len(e.id) for e in entries), default=0)
        city_width = max((len(e.pack.meta.jurisdiction) for e in entries if e.pack), default=0)
        for entry in entries:
            _print_entry(entry, width, city_width, language)
    if invalid:
        verb = "is" if len(invalid) == 1 else "are"
        fail(f"{len(invalid)} of {_plural(len(entries), 'pack')} {verb} invalid: "
             f"{', '.join(invalid)}", code=1)
