"""`settle indicators`: the pilots' monitoring indicators for a period, by district and by
group, small cells hidden, as the dashboard shows them (settle.services.indicators); from the
registry, or from a synthetic population file with `--population`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from settle.cli.common import JsonOption, LangOption, console, fail, lang_of, print_json
from settle.cli.registry import UrlOption, registry_engine
from settle.database import session_factory, transaction
from settle.errors import SettleError
from settle.i18n import Lang
from settle.services.indicators import IndicatorView, monitoring, period_of, view_json
from settle.simulate.indicators.labels import (
    by_words,
    cell_words,
    column_words,
    number,
    row_words,
    source_words,
    unit_words,
    w,
)
from settle.simulate.indicators.periods import PeriodError, parse_period, period_holding
from settle.simulate.indicators.suppression import METHOD

WIDTH = 80


def print_view(view: IndicatorView, lang: Lang) -> None:
    table, indicator = view.table, view.indicator
    console.rule(f"[bold]{indicator.title(lang)}[/]", characters="─")
    files = {s.id: s.file for s in indicator.sources}
    cites = "; ".join(f"{files[c.source]} {w('lines', lang, lines=c.lines) if c.lines else c.article}"
                      for c in indicator.cite)
    source = "" if table.not_available else w("computed_from", lang, source=source_words(table.source, lang))
    console.print(f"[dim]{table.period.label} · {unit_words(indicator, lang)} · {source} {w('cited', lang)}: "
                  f"{cites}[/]")
    if table.not_available is not None:
        console.print(w("not_available_why", lang, reason=table.not_available(lang)))
        return
    grid = Table(show_lines=False, pad_edge=False, box=None, header_style="bold")
    grid.add_column(w("district", lang), overflow="fold", max_width=18)
    for column in table.columns:
        grid.add_column(column_words(column, lang), justify="right", overflow="fold")
    for i, row in enumerate(table.rows):
        cells = [cell_words(table, i, j, lang) for j in range(len(table.columns))]
        grid.add_row(row_words(row, lang), *cells, style="bold" if i == len(table.rows) - 1 else None)
    console.print(grid)
    for group, reason in table.unavailable.items():
        console.print(f"[dim]{column_words(group, lang)}: {w('not_available', lang)} — {reason(lang)}[/]")
    if len(view.series) > 1:
        hidden = w("suppressed_mark", lang, threshold=table.threshold)
        points = "  ".join(f"{p.period.label} {hidden if p.hidden else number(p.value)}" for p in view.series)
        console.print(f"[dim]{w('series', lang)}:[/] {points}", overflow="fold")


DEMO_INDICATORS = ["migrants_registered", "urban_hukou_obtained", "public_rental_housing_persons"]


def print_population_indicators(population: Path, day: dt.date, lang: Lang) -> None:
    """Three indicators of a synthetic population and its round (`settle demo`), by sex."""
    console.rule(f"[bold]{w('demo_indicators', lang)}[/]")
    views = monitoring(session=None, period=period_holding(day, "year"), by="sex", ids=DEMO_INDICATORS,
                       population=population, series=False)
    for view in views:
        print_view(view, lang)


def register(app: typer.Typer) -> None:
    @app.command("indicators")
    def indicators_command(
        period: Annotated[str | None, typer.Option(
            help="A year (2017), a quarter (2017-Q3) or a month (2017-03); default: the registry's "
                 "year.")] = None,
        by: Annotated[str | None, typer.Option(
            help="Columns: sex, age_band or population_group (rows are always districts).")] = None,
        indicator: Annotated[list[str] | None, typer.Option(
            "--indicator", "-i", help="An indicator id (repeat for more; default: all).")] = None,
        population: Annotated[Path | None, typer.Option(
            help="Compute from a synthetic population (Parquet) instead of the registry.")] = None,
        small_cell: Annotated[int | None, typer.Option(
            min=1, help="Hide cells below this many persons (default SETTLE_SMALL_CELL, else 10).")] = None,
        url: UrlOption = None,
        lang: LangOption = "en",
        as_json: JsonOption = False,
    ) -> None:
        """The pilots' monitoring indicators by district and group, small cells hidden."""
        language = lang_of(lang)
        views = _compute(period, by, indicator, population, small_cell, url)
        if as_json:
            print_json({"method": METHOD, "indicators": [view_json(v) for v in views]})
            return
        if views and views[0].table.by:
            console.print(f"{w('breakdown', language)}: {by_words(views[0].table.by, language)}")
        for view in views:
            print_view(view, language)


def _compute(period: str | None, by: str | None, ids: list[str] | None, population: Path | None,
             small_cell: int | None, url: str | None) -> list[IndicatorView]:
    try:
        if population is not None:
            if not population.is_file():
                fail(f"--population {population}: no such file")
            chosen = parse_period(period) if period else period_of(None, session=None)
            return monitoring(session=None, period=chosen, by=by, ids=ids, threshold=small_cell,
                              population=population)
        engine = registry_engine(url)
        try:
            with transaction(session_factory(engine)) as session:
                return monitoring(session=session, period=period_of(period, session=session), by=by, ids=ids,
                                  threshold=small_cell)
        finally:
            engine.dispose()
    except PeriodError as exc:
        fail(str(exc))
    except SettleError as exc:
        fail(exc.message)
