"""The purchase reports' chart as static SVG (Altair → Vega-Lite → vl-convert, as the
dashboard's): the amount purchased each year, stacked by category; cached by its figures."""

from __future__ import annotations

from functools import lru_cache

import altair as alt

from settle.web.indicator_charts import WIDTH, _svg


@lru_cache(maxsize=32)
def amounts_chart(points: tuple[tuple[str, str, float], ...], title: str, axis: str) -> str:
    """A bar per year (and currency), stacked by category."""
    data = [{"year": year, "category": category, "amount": amount} for year, category, amount in points]
    bars = alt.Chart(alt.InlineData(values=data)).mark_bar().encode(
        x=alt.X("year:O", title="", sort=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("amount:Q", title=axis, stack="zero"),
        color=alt.Color("category:N", title="", legend=alt.Legend(orient="bottom", columns=1)))
    return _svg(bars.properties(width=WIDTH - 40, height=180, title=title))
