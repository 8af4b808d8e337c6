"""The path on the self-assessment page: when time alone gets there, the cost-versus-date
frontier as a small table, and its chart (static SVG through Altair and vl-convert, as the
round charts are drawn; cached by the figures it shows). The words are the catalogue's
(src/settle/words/path.yaml), the figures `settle.services.path`'s report, as the CLI and the
API give them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import altair as alt
import vl_convert as vlc
from markupsafe import Markup

from settle import words
from settle.i18n import Lang
from settle.packs import Pack
from settle.rules.pathway import Target
from settle.services.path import PathReport, ServicePath
from settle.web.words import t

WIDTH = 460


def w(key: str, lang: Lang, **values: Any) -> str:
    return words.word("path", key, lang, **values)


@dataclass(frozen=True)
class FrontierRow:
    reached_on: dt.date
    cost: str
    plan: str
    total: str


@dataclass(frozen=True)
class AimField:
    """The page's question 'points to reach': what was typed, and why it cannot be read."""

    label: str
    button: str
    value: str
    error: str | None


MOST_POINTS = Decimal(100_000)


def path_target(raw: str | None, lang: Lang) -> tuple[Target, AimField]:
    """The target of the page's path: eligibility, and the points typed (when they read as a
    number of points), with the field as the page shows it."""
    value = (raw or "").strip()
    points: Decimal | None = None
    error = None
    if value:
        try:
            points = Decimal(value.replace(",", ""))
        except ArithmeticError:
            points = None
        if points is None or not points.is_finite() or not 0 <= points <= MOST_POINTS:
            points, error = None, w("aim_bad", lang, value=value)
    field = AimField(label=w("aim_label", lang), button=w("aim_button", lang), value=value, error=error)
    return Target(points=points), field


@dataclass(frozen=True)
class PathView:
    """What the page shows of a path, every word in the page's language; `aim` asks for the
    points to reach."""

    aim: AimField | None
    heading: str
    lines: list[str]
    title: str
    intro: str
    headers: tuple[str, str, str, str]
    rows: list[FrontierRow]
    chart: Markup | None
    chart_title: str


def path_view(pack: Pack, path: ServicePath | None, lang: Lang, target: Target | None = None,
              aim: AimField | None = None) -> PathView | None:
    """The page's view of `path`; None when there is none (the person is there already) and
    no points were asked for, else the question alone or with 'already there'."""
    if path is None:
        if aim is None:
            return None
        there = [w("already_there", lang)] if aim.value and aim.error is None else []
        return PathView(aim=aim, heading=t("path", lang), lines=there, title="", intro="",
                        headers=("", "", "", ""), rows=[], chart=None, chart_title="")
    report = path.report(pack, target or Target(), lang)
    lines = [w("time_alone_from", lang, day=path.earliest[0], total=path.earliest[1].total)
             if path.earliest else path.limit.never_text(lang)]
    bound = report.bound_words(lang)
    if path.has_actions and not report.frontier:
        lines.append(bound or w("no_plan", lang))
    elif bound:
        lines.append(bound)
    rows = [FrontierRow(p.reached_on, str(p.cost), p.words(lang), str(p.total))
            for p in report.frontier] if path.has_actions else []
    headers = (w("col_reached", lang), w("col_cost", lang, unit=report.cost_unit(lang)), w("col_plan", lang),
               w("col_total", lang))
    return PathView(aim=aim, heading=t("path", lang), lines=lines, title=w("frontier_title", lang),
                    intro=w("frontier_intro", lang), headers=headers, rows=rows,
                    chart=frontier_chart(report, lang) if len(rows) > 1 else None,
                    chart_title=w("chart_title", lang))


def frontier_chart(report: PathReport, lang: Lang) -> Markup:
    """Cost against the day the target is reached: a step down from the fastest plan to the
    cheapest, one point per plan."""
    points = tuple((p.reached_on.isoformat(), float(p.cost)) for p in report.frontier)
    return Markup(_chart(points, report.cost_unit(lang), lang))  # vl-convert's own SVG


@lru_cache(maxsize=64)
def _chart(points: tuple[tuple[str, float], ...], unit: str, lang: Lang) -> str:
    data = [{"day": day, "cost": cost} for day, cost in sorted(points)]
    base = alt.Chart(alt.InlineData(values=data)).encode(
        x=alt.X("day:T", title=w("chart_date", lang), axis=alt.Axis(format="%Y-%m")),
        y=alt.Y("cost:Q", title=w("chart_cost", lang, unit=unit)))
    line = base.mark_line(interpolate="step-after", color="#0b5cad")
    dots = base.mark_point(filled=True, size=50, color="#0b5cad")
    chart = alt.layer(line, dots).properties(width=WIDTH, height=180, title=w("chart_title", lang))
    return str(vlc.vegalite_to_svg(chart.to_json(), format_locale=None))
