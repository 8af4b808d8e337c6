"""The officer's round charts as static SVG (Vega-Lite through Altair and vl-convert, as the
simulation report draws them): the distribution of the applicants' points, admitted or not,
with the lowest admitted total marked; and admitted against quota on each quota line.

The charts are drawn on the server from a few figures and cached by those figures, so a page
reloaded without a change in the round does not draw them again."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

import altair as alt
import vl_convert as vlc

from settle.i18n import Lang
from settle.web.words import t

WIDTH = 520


def _svg(chart: Any) -> str:
    return str(vlc.vegalite_to_svg(chart.to_json(), format_locale=None))


def points_chart(totals: list[tuple[Decimal, bool]], lowest_admitted: Decimal | None, lang: Lang) -> str:
    """Applicants by points (bins), admitted stacked on the rest; a rule at the lowest admitted
    total (the cut-off itself when the pack ranks by total points)."""
    rows = tuple((float(total), admitted) for total, admitted in totals)
    return _points_chart(rows, None if lowest_admitted is None else float(lowest_admitted), lang)


@lru_cache(maxsize=32)
def _points_chart(rows: tuple[tuple[float, bool], ...], lowest: float | None, lang: Lang) -> str:
    admitted, rest = t("chart_admitted", lang), t("chart_not_admitted", lang)
    data = [{"points": points, "who": admitted if yes else rest} for points, yes in rows]
    bars = alt.Chart(alt.InlineData(values=data)).mark_bar().encode(
        x=alt.X("points:Q", bin=alt.Bin(maxbins=30), title=t("chart_points", lang)),
        y=alt.Y("count():Q", title=t("chart_applicants", lang)),
        color=alt.Color("who:N", title="", sort=[admitted, rest],
                        scale=alt.Scale(domain=[admitted, rest], range=["#137333", "#9aa3b2"])))
    layers: list[Any] = [bars]
    if lowest is not None:
        mark = [{"points": lowest, "label": t("chart_lowest_admitted", lang)}]
        rule = alt.Chart(alt.InlineData(values=mark)).mark_rule(color="#b3261e", strokeDash=[4, 3])
        layers.append(rule.encode(x="points:Q"))
        layers.append(rule.mark_text(align="left", dx=4, dy=-4, color="#b3261e").encode(
            x="points:Q", y=alt.value(-6), text="label:N"))
    return _svg(alt.layer(*layers).properties(width=WIDTH, height=200, title=t("chart_points_title", lang)))


def quota_chart(lines: list[tuple[str, int, int | None]], lang: Lang) -> str:
    """Per quota line (title, admitted, quota): a bar of the admitted and a tick at the quota."""
    return _quota_chart(tuple(lines), lang)


@lru_cache(maxsize=32)
def _quota_chart(lines: tuple[tuple[str, int, int | None], ...], lang: Lang) -> str:
    admitted, quota = t("chart_admitted", lang), t("quota", lang)
    data = [{"line": title, "what": admitted, "n": n} for title, n, _ in lines]
    data += [{"line": title, "what": quota, "n": q} for title, _, q in lines if q is not None]
    base = alt.Chart(alt.InlineData(values=data)).encode(
        y=alt.Y("line:N", title="", sort=None), x=alt.X("n:Q", title=t("chart_applicants", lang)),
        color=alt.Color("what:N", title="", sort=[admitted, quota],
                        scale=alt.Scale(domain=[admitted, quota], range=["#137333", "#0b5cad"])))
    bars = base.mark_bar(height=14).transform_filter(alt.datum.what == admitted)
    ticks = base.mark_tick(thickness=3, size=26).transform_filter(alt.datum.what == quota)
    return _svg(alt.layer(bars, ticks).properties(width=WIDTH - 120, height=alt.Step(34),
                                                  title=t("chart_quota_title", lang)))
