"""The dashboard's charts as static SVG (Altair → Vega-Lite → vl-convert, as the round charts):
an indicator period by period, its city figure by group, and its figure by district. Hidden
cells are not drawn (a chart never shows what the table hides); each chart is cached by the
figures it draws."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import altair as alt
import vl_convert as vlc

WIDTH = 300  # fits a phone's width; the page lets it grow on a desk
COLOUR = "#0b5cad"


def _svg(chart: Any) -> str:
    return str(vlc.vegalite_to_svg(chart.to_json(), format_locale=None))


@lru_cache(maxsize=64)
def series_chart(points: tuple[tuple[str, float], ...], title: str, axis: str) -> str:
    """A bar per period (the hidden ones left out, their period still on the axis)."""
    data = [{"period": label, "value": value} for label, value in points]
    bars = alt.Chart(alt.InlineData(values=data)).mark_bar(color=COLOUR).encode(
        x=alt.X("period:O", title="", sort=None, axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("value:Q", title=axis))
    return _svg(bars.properties(width=WIDTH, height=170, title=title))


@lru_cache(maxsize=64)
def groups_chart(bars: tuple[tuple[str, float], ...], title: str, axis: str) -> str:
    """A horizontal bar per group (or per district)."""
    data = [{"group": label, "value": value} for label, value in bars]
    chart = alt.Chart(alt.InlineData(values=data)).mark_bar(color=COLOUR, height=14).encode(
        y=alt.Y("group:N", title="", sort=None), x=alt.X("value:Q", title=axis))
    return _svg(chart.properties(width=WIDTH - 90, height=alt.Step(22), title=title))
