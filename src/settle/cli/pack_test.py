"""`settle test`: run the packs' own YAML cases, of every pack or of the ones named.

An invalid pack counts as failed, with each of its problems; the command goes on with the
next pack and exits 1 at the end. A pack whose cited documents are not on this machine is
noted: its citations could not be checked against the lines they name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

import typer
from rich.markup import escape

from settle.cli.common import JsonOption, PoliciesOption, add_policies, console, fail, print_json
from settle.packs import Pack, PackError, default_catalogue
from settle.packs.catalogue import UnknownPack, is_pack_path, load_pack_folder
from settle.packs.errors import PackProblem
from settle.packs.sources import source_path
from settle.rules.casebook import CaseOutcome, run_cases
from settle.workflow.distribution import DistributionCaseOutcome, run_distribution_cases


def _load(name: str) -> Pack:
    if is_pack_path(name):
        return load_pack_folder(name)
    return default_catalogue().resolve(name)


def _report(name: str, pack: Pack | None, outcomes: Sequence[CaseOutcome | DistributionCaseOutcome],
            problems: list[PackProblem]) -> dict[str, Any]:
    missing = [] if pack is None else [s.file for s in pack.meta.sources if source_path(s.file) is None]
    return {
        "pack": pack.id if pack else name, "folder": str(pack.root) if pack else None,
        "valid": pack is not None, "problems": [str(p) for p in problems],
        "cases": len(outcomes), "passed": sum(o.passed for o in outcomes),
        "failed": [{"case": o.case.name, "failures": list(o.failures)}
                   for o in outcomes if not o.passed],
        "sources_not_found": missing,
    }


def _print(report: dict[str, Any]) -> None:
    if not report["valid"]:
        console.print(f"[bold]{report['pack']}[/]: [red]invalid[/], "
                      f"{len(report['problems'])} problem(s)", soft_wrap=True)
        for problem in report["problems"]:
            console.print(f"  {escape(problem)}", soft_wrap=True)
        return
    console.print(f"[bold]{report['pack']}[/]: {report['passed']}/{report['cases']} cases pass",
                  soft_wrap=True)
    for failed in report["failed"]:
        console.print(f"  [red]FAIL[/] {escape(failed['case'])}", soft_wrap=True)
        for failure in failed["failures"]:
            console.print(f"       {escape(failure)}", soft_wrap=True)
    if report["sources_not_found"]:
        console.print(f"  [yellow]not on this machine, citations unchecked:[/] "
                      f"{', '.join(report['sources_not_found'])}", soft_wrap=True)


def test_packs(
    pack: Annotated[str | None, typer.Argument(
        metavar="PACK", help="Pack id or folder (./my-pack); default: every pack.",
        show_default=False)] = None,
    packs: Annotated[list[str] | None, typer.Option(
        "--pack", "-p", metavar="PACK", help="Pack id or folder (./my-pack); repeatable.",
        show_default=False)] = None,
    as_json: JsonOption = False,
    policies: PoliciesOption = None,
) -> None:
    """Run the packs' own YAML test cases (every pack, or the ones given)."""
    add_policies(policies)
    names = [*([pack] if pack else []), *(packs or [])] or default_catalogue().ids()
    reports = []
    for name in names:
        try:
            loaded = _load(name)
        except PackError as exc:
            reports.append(_report(name, None, [], exc.problems))
            continue
        except UnknownPack as exc:
            fail(str(exc))
        reports.append(_report(name, loaded, [*run_cases(loaded), *run_distribution_cases(loaded)], []))
    if as_json:
        print_json(reports)
    else:
        for report in reports:
            _print(report)
    total = sum(r["cases"] for r in reports)
    failed = sum(r["cases"] - r["passed"] for r in reports)
    invalid = [r["pack"] for r in reports if not r["valid"]]
    if failed or invalid:
        parts = [f"{failed} of {total} pack case(s) failed"] if failed else []
        parts += [f"invalid: {', '.join(invalid)}"] if invalid else []
        fail("; ".join(parts), code=1)
    if not as_json:
        console.print(f"[green]all {total} pack cases pass[/]")
