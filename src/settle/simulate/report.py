"""The report of a simulation: charts as static SVG (Vega-Lite through Altair and
vl-convert), an HTML page and a Markdown file that say which pack, reforms, population, date
and assumptions produced every figure, and exports (CSV, Parquet, Excel) of the breakdowns.
Only suppressed figures reach a chart or a table: the report reads the summary, never the
persons."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import altair as alt
import polars as pl
import vl_convert as vlc
from jinja2 import Environment, FileSystemLoader, select_autoescape

from settle.language.text import Lang
from settle.simulate.demand_report import demand_table, demand_tables
from settle.simulate.labels import column_title, value_words
from settle.simulate.scenarios import Run, Tallies

TEMPLATES = Path(__file__).with_name("templates")
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Simulation report", "模拟测算报告"),
    "provenance": ("Where every figure comes from", "数据来源"),
    "pack": ("Pack", "政策数据包"),
    "reforms": ("Reforms, in the order stacked", "改革方案（按叠加顺序）"),
    "population": ("Population", "人口数据"),
    "persons": ("persons", "人"),
    "as_of": ("Evaluation date", "评估日期"),
    "quota": ("Quota", "指标数"),
    "small_cell": ("Counts of fewer persons are hidden", "少于此人数的计数不予显示"),
    "scenarios": ("Scenarios", "方案"),
    "scenario": ("scenario", "方案"),
    "eligible": ("eligible", "符合条件"),
    "admitted": ("admitted", "入围"),
    "cutoff": ("cut-off", "分数线"),
    "tied": ("tied at the cut-off", "分数线上并列"),
    "steps": ("Who gets in and who drops out", "新入围与落选"),
    "step": ("step", "步骤"),
    "entrants": ("entrants", "新入围"),
    "leavers": ("leavers", "落选"),
    "gainers": ("gainers", "得分增加"),
    "losers": ("losers", "得分减少"),
    "distribution": ("Points of everyone, baseline and reforms", "全体人员积分分布（基准与改革）"),
    "share": ("Share admitted by", "入围比例，按"),
    "moves": ("Entrants and leavers by", "新入围与落选人数，按"),
    "hidden": ("hidden", "不予显示"),
    "points": ("points", "积分"),
    "count": ("persons", "人数"),
    "value": ("group", "组别"),
    "exports": ("Downloads", "下载"),
    "demand": ("Service demand", "公共服务需求"),
    "demand_intro": ("What the admitted (settled) and, separately, the eligible need, with their "
                     "accompanying children, each year of the forecast; figures of each year on",
                     "入围（落户）人员及符合条件人员（分别测算）连同随迁子女在预测期内每年的需求；每年数据的时点为"),
    "demand_model": ("Demand model", "需求测算模型"),
    "school_chart": ("School places needed by the admitted's children, by district,",
                     "入围人员随迁子女所需学位（按区），"),
    "district": ("district", "区"),
    "places": ("places", "学位"),
    "level": ("level", "学段"),
    "year": ("year", "年份"),
    "group": ("who", "对象"),
    "whole_city": ("Whole city", "全市"),
    "cases": ("cases", "人次"),
    "flats": ("flats", "套"),
    "budget": ("budget a year", "年度预算"),
    "not_computable": ("no amount in the pack or the model", "数据包与模型均无金额"),
    "rate": ("rate a year", "年发生率"),
    "sources_of_figures": ("Where the demand figures come from", "需求测算数据来源"),
    "skipped": ("Not forecast: the population lacks", "未测算：人口数据缺少"),
    "demand_csv": ("every district and year", "各区各年"),
    "births_missing": ("Children born after the evaluation date are not forecast; they would "
                       "need places from",
                       "评估日期之后出生的儿童未纳入测算；其入学需求始于"),
    "cost": ("Cost", "成本"),
    "payer": ("paid by", "承担方"),
    "category": ("category", "类别"),
    "per_person": ("a person", "每人"),
    "change": ("change from the baseline", "较基准变化"),
    "assumption": ("Assumption", "假设"),
    "timing_once": ("counted once, in the year of admission", "一次性计入入户当年"),
    "timing_yearly": ("counted every year from admission", "自入户当年起每年计入"),
    "cost_by_year": ("Cost in each year of the horizon", "预测期内各年成本"),
    "demand_not_computed": ("Service demand was not computed", "未测算公共服务需求"),
}


def _w(key: str, lang: Lang) -> str:
    en, zh = WORDS[key]
    return zh if lang == "zh" else en


def _data(values: list[dict[str, Any]]) -> Any:
    """Inline chart data (the figures are few: a summary's, never the persons')."""
    return alt.InlineData(values=values)


def _svg(chart: Any) -> str:
    return str(vlc.vegalite_to_svg(chart.to_json(), format_locale=None))


def distribution_chart(run: Run, tallies: Tallies, report: dict[str, Any], lang: Lang) -> str:
    """Persons by points (whole points), one line per scenario, bins of few persons dropped."""
    names = run.names()
    data = (tallies.distribution.filter(pl.col("persons") >= run.threshold)
            .select("points", "persons", "scenario").sort("points", "scenario").to_dicts())
    base = alt.Chart(_data(data)).mark_line(interpolate="step-after").encode(
        x=alt.X("points:Q", title=_w("points", lang)),
        y=alt.Y("persons:Q", title=_w("count", lang)),
        color=alt.Color("scenario:N", title=_w("scenario", lang), sort=names))
    layers: list[Any] = [base]
    cutoffs = [{"cutoff": float(line["cutoff"]["total"]), "scenario": s["name"]}
               for s in report["scenarios"] for line in s["lines"]
               if line["cutoff"] and "total" in line["cutoff"]]
    if cutoffs:
        layers.append(alt.Chart(_data(cutoffs)).mark_rule(strokeDash=[4, 3]).encode(
            x="cutoff:Q", color="scenario:N"))
    chart = alt.layer(*layers).properties(width=560, height=240, title=_w("distribution", lang))
    return _svg(chart)


def share_chart(report: dict[str, Any], column: str, lang: Lang) -> str:
    """Share admitted per group of `column`, one bar per scenario (hidden cells left out)."""
    names = [s["name"] for s in report["scenarios"]]
    labels = report.get("labels", {})
    rows = []
    for row in report["breakdowns"][column]:
        for s in report["scenarios"]:
            share = row[s["name"]]["share_admitted"]
            if share is not None:
                rows.append({"value": value_words(labels, column, row["value"], lang), "scenario": s["name"],
                             "share": share})
    title = column_title(labels, column, lang)
    chart = alt.Chart(_data(rows)).mark_bar().encode(
        x=alt.X("value:N", title=title, sort=None),
        xOffset=alt.XOffset("scenario:N", sort=names),
        y=alt.Y("share:Q", title=_w("admitted", lang), axis=alt.Axis(format="%")),
        color=alt.Color("scenario:N", title=_w("scenario", lang), sort=names),
    ).properties(width=560, height=220, title=f"{_w('share', lang)} {title}")
    return _svg(chart)


def moves_chart(report: dict[str, Any], column: str, lang: Lang) -> str:
    """Entrants (up) and leavers (down) per group, baseline to the last scenario."""
    labels = report.get("labels", {})
    title = column_title(labels, column, lang)
    rows = []
    for row in report["breakdowns"][column]:
        for key, sign in (("entrants", 1), ("leavers", -1)):
            if row[key] is not None:
                rows.append({"value": value_words(labels, column, row["value"], lang), "kind": _w(key, lang),
                             "persons": sign * row[key]})
    chart = alt.Chart(_data(rows)).mark_bar().encode(
        x=alt.X("value:N", title=title, sort=None),
        y=alt.Y("persons:Q", title=_w("count", lang)),
        color=alt.Color("kind:N", title=""),
    ).properties(width=560, height=200, title=f"{_w('moves', lang)} {title}")
    return _svg(chart)


def cost_chart(report: dict[str, Any], lang: Lang) -> str:
    """The cost of each scenario, stacked by payer."""
    money = report["costs"]
    titles = {p["id"]: p["title"][lang] for p in money["payers"]}
    rows = [{"scenario": row["scenario"], "payer": titles[payer], "cost": float(amount)}
            for row in money["scenarios"] if row["total"] is not None
            for payer, amount in row["by_payer"].items()]
    names = [row["scenario"] for row in money["scenarios"]]
    chart = alt.Chart(_data(rows)).mark_bar().encode(
        x=alt.X("scenario:N", title=_w("scenario", lang), sort=names),
        y=alt.Y("cost:Q", title=f"{_w('cost', lang)} ({money['currency']})"),
        color=alt.Color("payer:N", title=_w("payer", lang)),
    ).properties(width=420, height=240, title=f"{_w('cost', lang)}: {money['title'][lang]}")
    return _svg(chart)


def demand_chart(report: dict[str, Any], lang: Lang) -> str | None:
    """School places needed by the admitted's children in the first year forecast, by district:
    one bar per scenario, one panel per level (hidden cells left out); None when all are hidden."""
    section = report["demand"]
    year = section["years"][0]
    levels = {lv["id"]: lv["title"][lang] for lv in section["schools"]["levels"]}
    rows = [{"district": str(row["district"]), "level": levels[row["level"]], "scenario": name,
             "places": value} for row in section["schools"]["rows"]
            if row["group"] == "admitted" and row["year"] == year and row["district"] is not None
            for name, value in row["values"].items() if value is not None]
    if not rows:
        return None
    names = section["scenarios"]
    chart = alt.Chart(_data(rows)).mark_bar().encode(
        x=alt.X("district:N", title=_w("district", lang), sort=section["districts"]),
        xOffset=alt.XOffset("scenario:N", sort=names),
        y=alt.Y("places:Q", title=_w("places", lang)),
        color=alt.Color("scenario:N", title=_w("scenario", lang), sort=names),
        column=alt.Column("level:N", title=None, sort=list(levels.values())),
    ).properties(width=280, height=220, title=f"{_w('school_chart', lang)} {year}")
    return _svg(chart)


def breakdown_table(report: dict[str, Any], lang: Lang = "en") -> pl.DataFrame:
    """Every breakdown as one long table (already suppressed): column, group (the key and its
    words in `lang`), scenario, figures."""
    labels = report.get("labels", {})
    rows = []
    for column, groups in report["breakdowns"].items():
        for row in groups:
            for s in report["scenarios"]:
                cell = row[s["name"]]
                rows.append({"column": column, "column_title": column_title(labels, column, lang),
                             "group": None if row["value"] is None else str(row["value"]),
                             "group_words": value_words(labels, column, row["value"], lang),
                             "scenario": s["name"], "persons": row["persons"],
                             "eligible": cell["eligible"], "admitted": cell["admitted"],
                             "share_admitted": cell["share_admitted"],
                             "mean_points": None if cell["mean_points"] is None
                             else float(cell["mean_points"]),
                             "entrants": row["entrants"], "leavers": row["leavers"]})
    return pl.DataFrame(rows, infer_schema_length=None)


def write_report(run: Run, tallies: Tallies, report: dict[str, Any], out: Path, lang: Lang = "en") -> Path:
    """Write report.html, report.md, breakdowns.{csv,parquet,xlsx} and (with a demand
    section) demand.csv to `out`; returns the HTML file."""
    out.mkdir(parents=True, exist_ok=True)
    charts = {"distribution": distribution_chart(run, tallies, report, lang)}
    if report.get("costs"):
        charts["costs"] = cost_chart(report, lang)
    for column in report["breakdowns"]:
        charts[f"share.{column}"] = share_chart(report, column, lang)
        charts[f"moves.{column}"] = moves_chart(report, column, lang)
    demand = demand_tables(report, lambda key: _w(key, lang), lang) if report.get("demand") else None
    if demand is not None:
        chart = demand_chart(report, lang)
        if chart is not None:
            charts["demand"] = chart
        demand_table(report).write_csv(out / "demand.csv")
    for name, svg in charts.items():
        (out / f"chart-{name}.svg").write_text(svg, encoding="utf-8")
    table = breakdown_table(report, lang)
    table.write_csv(out / "breakdowns.csv")
    table.write_parquet(out / "breakdowns.parquet")
    table.write_excel(out / "breakdowns.xlsx", worksheet="breakdowns")
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))
    context = {"r": report, "charts": charts, "w": lambda key: _w(key, lang), "lang": lang, "demand": demand,
               "made": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
               "n": lambda v: _w("hidden", lang) if v is None else (f"{v:,}" if isinstance(v, int) else v),
               "provenance_json": json.dumps(report["provenance"], default=str, ensure_ascii=False)}
    html = env.get_template("report.html").render(**context)
    (out / "report.html").write_text(html, encoding="utf-8")
    (out / "report.md").write_text(env.get_template("report.md").render(**context), encoding="utf-8")
    return out / "report.html"
