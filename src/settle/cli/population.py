"""`settle population`: generate a calibrated synthetic population, and check it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from settle.cli.common import JsonOption, console, date_of, fail, print_json
from settle.packs import PackError, default_catalogue
from settle.paths import calibration_dir
from settle.simulate.calibration import Calibration, load_calibration
from settle.simulate.marginals import marginals, population_city
from settle.simulate.population import CalibrationError, check_coverage, write_population

population_app = typer.Typer(help="Synthetic populations calibrated to the seeds.",
                             invoke_without_command=True, no_args_is_help=False)


def calibration_for(city: str) -> Calibration:
    path = calibration_dir() / f"{city}.yaml"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in calibration_dir().glob("*.yaml")))
        fail(f"no calibration for city {city!r} (cities: {known})")
    try:
        return load_calibration(path)
    except PackError as exc:
        fail(str(exc))


def generate(city: str, size: int, seed: int, out: Path, reference: dt.date | None = None) -> int:
    """Generate with a progress bar; returns the number of persons written."""
    cal = calibration_for(city)
    if reference is not None:
        cal = cal.model_copy(update={"reference_date": reference})
    try:
        check_coverage(cal, default_catalogue())
    except CalibrationError as exc:
        fail(str(exc))
    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task(f"{city} population", total=size)
        written = write_population(cal, size, seed, out,
                                   progress=lambda n: progress.advance(task, n))
    return written


@population_app.callback()
def population(
    ctx: typer.Context,
    city: Annotated[str | None, typer.Option(help="City whose calibration to use.")] = None,
    size: Annotated[int, typer.Option(min=1, help="Number of persons.")] = 100_000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed and size, same file.")] = 1,
    out: Annotated[Path | None, typer.Option(help="Parquet file to write.")] = None,
    reference_date: Annotated[str | None, typer.Option(
        help="Date the population describes (default: the calibration's).")] = None,
) -> None:
    """Generate a reproducible population of migrants with every fact the city's packs need."""
    if ctx.invoked_subcommand is not None:
        return
    if city is None or out is None:
        fail("give --city and --out (e.g. --city hangzhou --size 100000 --out pop.parquet)")
    written = generate(city, size, seed, out, date_of(reference_date, "--reference-date"))
    console.print(f"wrote {written:,} persons to {out}")


@population_app.command("check")
def check(file: Annotated[Path, typer.Argument(help="A population Parquet file.")],
          as_json: JsonOption = False) -> None:
    """Print each published marginal beside the generated one."""
    if not file.is_file():
        fail(f"population file {str(file)!r} does not exist")
    try:
        city = population_city(file)
    except ValueError as exc:
        fail(str(exc))
    cal = calibration_for(city)
    size, rows = marginals(cal, file)
    docs = {s.id: s.file for s in cal.sources}
    if as_json:
        print_json({
            "city": city, "file": file, "generated": size, "published_total": cal.total.value,
            "total_source": f"{docs[cal.total.cite.source]} lines {cal.total.cite.lines}",
            "marginals": [{"measure": row.title.en, "value": row.value, "published": row.published,
                           "generated": row.generated, "gap_points": row.gap * 100,
                           "source": f"{docs[row.cite.source]} {row.cite.lines or ''}".strip()}
                          for row in rows]})
        return
    console.print(f"[bold]{cal.title.en}[/]: {size:,} generated persons; published total "
                  f"{cal.total.value:,} ({docs[cal.total.cite.source]} lines {cal.total.cite.lines}); "
                  f"one generated person stands for {cal.total.value / size:,.1f}")
    table = Table(title="Published marginals beside the generated population")
    for name in ("measure", "value", "published", "generated", "gap (points)", "source"):
        numeric = name in ("published", "generated", "gap (points)")
        table.add_column(name, justify="right" if numeric else "left")
    for row in rows:
        table.add_row(row.title.en, row.value, f"{row.published:.2%}", f"{row.generated:.2%}",
                      f"{row.gap * 100:+.2f}", f"{docs[row.cite.source]} {row.cite.lines or ''}")
    console.print(table)
